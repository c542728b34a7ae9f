"""Sending the outbox. Safe to run in several workers at once: a message is claimed by a
conditional update before it is sent, so only one worker sends it."""

import contextlib
import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import F
from django.utils import timezone

from lindra.mail import rules
from lindra.mail.models import OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status


def recover_stuck(now=None) -> int:
    """Gives messages claimed by a worker that died back to the queue."""
    now = now or timezone.now()
    timeout = dt.timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT_SECONDS)
    return OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=now - timeout).update(
        status=Status.QUEUED, claimed_by="", next_attempt_at=now
    )


def deliver_due(limit: int = 100) -> int:
    """Sends up to `limit` due messages; returns how many were sent.

    When the mail server cannot be reached the batch stops: the rest stay queued.
    """
    worker = uuid.uuid4().hex
    ids = list(OutboxMessage.objects.due().order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])
    sent = 0
    connection = mailers.default
    try:
        for message_id in ids:
            if not _claim(message_id, worker):
                continue  # another worker took it
            error = _send(OutboxMessage.objects.get(pk=message_id), worker, connection)
            if error is None:
                sent += 1
            elif rules.is_connection_failure(error):
                break
    finally:
        with contextlib.suppress(Exception):  # closing a dead connection may fail; nothing to do
            connection.close()
    return sent


def _claim(message_id: int, worker: str) -> bool:
    now = timezone.now()
    return bool(
        OutboxMessage.objects.filter(pk=message_id, status=Status.QUEUED, next_attempt_at__lte=now).update(
            status=Status.SENDING, claimed_at=now, claimed_by=worker, attempts=F("attempts") + 1
        )
    )


def _send(message: OutboxMessage, worker: str, connection) -> Exception | None:
    """Sends one claimed message and records the outcome; returns the error, if any."""
    mine = OutboxMessage.objects.filter(pk=message.pk, claimed_by=worker, status=Status.SENDING)
    try:
        connection.send_messages([build_email(message)])
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the message
        if rules.is_temporary(error) and message.attempts < rules.MAX_ATTEMPTS:
            mine.update(
                status=Status.QUEUED,
                next_attempt_at=timezone.now() + _retry_delay(message.attempts),
                last_error=repr(error)[:2000],
                claimed_by="",
            )
        else:
            mine.update(status=Status.FAILED, last_error=repr(error)[:2000])
        logger.warning("Outbox message %s not sent: %r", message.pk, error)
        return error
    mine.update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    return None


def _retry_delay(attempts: int) -> dt.timedelta:
    return rules.retry_delay(attempts, first=dt.timedelta(seconds=settings.OUTBOX_RETRY_SECONDS))


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        cc=message.cc,
        reply_to=message.reply_to,
        # The same Message-ID on every try lets a receiver drop a duplicate.
        headers={"Message-ID": f"<outbox-{message.pk}-{message.created_at:%Y%m%d%H%M%S}@lindra>"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments.all():
        email.attach(attachment.filename, bytes(attachment.content), attachment.mimetype)
    return email
