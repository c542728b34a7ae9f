"""Putting e-mail in the outbox. Call inside the transaction that causes the message."""

from collections.abc import Callable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.mail.html import render_message
from lindra.mail.languages import Attachments, writing_to
from lindra.mail.models import OutboxAttachment, OutboxMessage


def queue_message(
    kind: str,
    *,
    to: Sequence[str],
    context: dict,
    cc: Sequence[str] = (),
    reply_to: Sequence[str] = (),
    network=None,
    dedupe_key: str | None = None,
    attachments: Attachments | Callable[[], Attachments] = (),
) -> OutboxMessage | None:
    """Queues the message rendered from mail/<kind>.txt and mail/<kind>_subject.txt, with the
    footer of its network (or Lindra's, without one) and an HTML part made from the text, in
    the language of its recipients (lindra.mail.languages). Attachments given as a function
    are made in that language too.

    Returns None when a message with the same dedupe_key was queued before.
    """
    with writing_to(to, network):
        rendered = render_message(kind, context, network=network)
        if callable(attachments):
            attachments = attachments()
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                dedupe_key=dedupe_key,
                to=list(to),
                cc=list(cc),
                reply_to=list(reply_to),
                subject=rendered.subject,
                body_text=rendered.text,
                body_html=rendered.html,
                network=network,
            )
    except IntegrityError:
        if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(message=message, filename=name, content=content, mimetype=mimetype)
        for name, content, mimetype in attachments
    )
    _wake_worker_on_commit()
    return message


def _wake_worker_on_commit() -> None:
    """Wakes the worker once the transaction commits: once, however many messages it queues
    (a news item to thousands queues thousands in one transaction)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(func is _wake_worker for _ids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_wake_worker)


def _wake_worker() -> None:
    from lindra.mail.tasks import deliver_outbox

    deliver_outbox.enqueue()


def retry_failed(message: OutboxMessage, *, by, request=None) -> None:
    """Puts a message that failed for good back in the queue, e.g. after an address is fixed."""
    updated = OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.FAILED).update(
        status=OutboxMessage.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    if updated:
        record(
            AuditAction.CHANGED,
            request=request,
            actor=by,
            obj=message,
            network=message.network,
            changes={"status": [OutboxMessage.Status.FAILED, OutboxMessage.Status.QUEUED]},
        )
        transaction.on_commit(_wake_worker)
