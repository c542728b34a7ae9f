"""Sending the outbox. Safe to run in several workers at once: a batch of messages is claimed
by a conditional update before it is sent, so only one worker sends each; the batch goes out
over one connection to the mail server, each message marked sent as soon as it has left."""

import contextlib
import datetime as dt
import logging
import time
import uuid

from django.conf import settings
from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from lindra.mail import rules
from lindra.mail.mime import OutboxEmail
from lindra.mail.models import OutboxAttachment, OutboxBlob, OutboxMessage

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
    """Sends up to `limit` due messages over one connection; returns how many were sent.

    When the mail server cannot be reached the batch stops: the rest go back to the queue as
    they were.
    """
    worker = uuid.uuid4().hex
    batch = _claim_batch(limit, worker)
    contents = _attachment_contents(batch)
    mailer = mailers.default
    try:
        with _commits_not_waiting_for_disk():
            return _send_batch(batch, worker, mailer, contents)
    finally:
        with contextlib.suppress(Exception):  # closing a dead connection may fail; nothing to do
            mailer.close()


def _send_batch(batch: list[OutboxMessage], worker: str, mailer, contents: dict[str, bytes]) -> int:
    """Sends the claimed batch in order over the mailer's one connection; returns how many
    were sent."""
    mine = {message.pk for message in batch}
    renewed_at = time.monotonic()
    sent = 0
    for index, message in enumerate(batch):
        if time.monotonic() - renewed_at > settings.OUTBOX_CLAIM_TIMEOUT_SECONDS / 3:
            mine = _renew_claims(batch[index:], worker)
            renewed_at = time.monotonic()
        if message.pk not in mine:
            continue  # taken back while this worker was held up: another one sends it
        error = _send(message, worker, mailer, contents)
        if error is None:
            sent += 1
        elif rules.is_connection_failure(error):
            _give_back(batch[index + 1 :], worker)
            break
    return sent


@contextlib.contextmanager
def _commits_not_waiting_for_disk():
    """On PostgreSQL, the batch's marks are committed without waiting for the disk to confirm
    them (synchronous_commit off): each mark still reaches the database before the next message
    is sent, so a worker killed at any moment leaves at most one message to arrive twice, as
    before; only a crash of the database server itself in the fraction of a second before the
    disk has them could take marks back, and those messages then go out again with the same
    Message-ID. Without this, each message waited for a disk flush of its own."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:  # the commit is the caller's
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _claim_batch(limit: int, worker: str) -> list[OutboxMessage]:
    """Claims up to `limit` due messages for this worker by one conditional update. On
    PostgreSQL the rows are locked first, skipping those another worker is claiming, so that
    workers at once take different rows instead of waiting for each other; SQLite takes one
    writer at a time (its transactions begin IMMEDIATE), and the condition does the rest."""
    now = timezone.now()
    with transaction.atomic():
        due = OutboxMessage.objects.due(now).order_by("next_attempt_at", "id").select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        OutboxMessage.objects.filter(pk__in=ids, status=Status.QUEUED, next_attempt_at__lte=now).update(
            status=Status.SENDING, claimed_at=now, claimed_by=worker, attempts=F("attempts") + 1
        )
    attachments = Prefetch("attachments", OutboxAttachment.objects.only("message", "filename", "mimetype", "blob"))
    return list(
        OutboxMessage.objects.filter(pk__in=ids, claimed_by=worker, status=Status.SENDING)
        .order_by("next_attempt_at", "id")
        .prefetch_related(attachments)
    )


def _attachment_contents(batch: list[OutboxMessage]) -> dict[str, bytes]:
    """The content of every attachment in the batch, each read once however many carry it."""
    shas = {attachment.blob_id for message in batch for attachment in message.attachments.all()}
    if not shas:
        return {}
    return {sha: bytes(content) for sha, content in OutboxBlob.objects.filter(pk__in=shas).values_list("pk", "content")}


def _renew_claims(messages: list[OutboxMessage], worker: str) -> set[int]:
    """Renews this worker's claim on the rest of its batch, so that a batch that takes long is
    not taken back as a dead worker's; returns the ids still claimed by it (a worker held up
    longer than the claim timeout may have lost some, and must not send them)."""
    with transaction.atomic():
        claimed = OutboxMessage.objects.filter(
            pk__in=[m.pk for m in messages], claimed_by=worker, status=Status.SENDING
        ).select_for_update()
        ids = set(claimed.values_list("pk", flat=True))
        OutboxMessage.objects.filter(pk__in=ids).update(claimed_at=timezone.now())
    return ids


def _give_back(messages: list[OutboxMessage], worker: str) -> None:
    """Returns claimed messages that were not tried to the queue, their try not counted."""
    if messages:
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages], claimed_by=worker, status=Status.SENDING).update(
            status=Status.QUEUED, claimed_by="", attempts=F("attempts") - 1
        )


def _send(message: OutboxMessage, worker: str, mailer, contents: dict[str, bytes]) -> Exception | None:
    """Sends one claimed message and records the outcome; returns the error, if any. Marked
    sent the moment the server has taken it: a worker killed after that sends it no more, and
    one killed before leaves only this one message to arrive twice."""
    mine = OutboxMessage.objects.filter(pk=message.pk, claimed_by=worker, status=Status.SENDING)
    try:
        mailer.open()  # the batch's one connection, kept open by the backend until closed
        mailer.send_messages([build_email(message, contents)])
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


def build_email(message: OutboxMessage, contents: dict[str, bytes]) -> OutboxEmail:
    """The message as stored, its attachments' contents taken from `contents` (by SHA-256)."""
    email = OutboxEmail(
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
        email.attach(attachment.filename, contents[attachment.blob_id], attachment.mimetype)
    return email
