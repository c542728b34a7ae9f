"""Putting e-mail in the outbox. Call inside the transaction that causes the message."""

import hashlib
from collections.abc import Callable, Iterable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.mail.html import render_message
from lindra.mail.languages import Attachments, writing_to
from lindra.mail.models import OutboxAttachment, OutboxBlob, OutboxMessage


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
        OutboxAttachment(message=message, filename=name, blob_id=sha256, mimetype=mimetype)
        for name, sha256, mimetype in _stored(attachments)
    )
    _wake_worker_on_commit()
    return message


def _stored(attachments: Iterable[tuple[str, bytes, str]]) -> list[tuple[str, str, str]]:
    """The attachments with each content stored once, by its SHA-256: a content already stored
    for another message is not sent to the database again."""
    by_sha = {}
    found = []
    for name, content, mimetype in attachments:
        content = bytes(content)
        sha256 = hashlib.sha256(content).hexdigest()
        by_sha[sha256] = content
        found.append((name, sha256, mimetype))
    if by_sha:
        stored = set(OutboxBlob.objects.filter(pk__in=by_sha).values_list("pk", flat=True))
        missing = [OutboxBlob(sha256=sha, content=c, size=len(c)) for sha, c in by_sha.items() if sha not in stored]
        # ignore_conflicts: another transaction may store the same content at the same moment.
        OutboxBlob.objects.bulk_create(missing, ignore_conflicts=True)
    return found


def delete_attachments(attachments) -> None:
    """Deletes the attachments (a queryset), and the stored contents that no other message
    carries: erasing a person leaves nothing of theirs behind in the outbox."""
    shas = set(attachments.values_list("blob_id", flat=True))
    attachments.delete()
    _delete_unused(shas)


def replace_attachment_content(attachment: OutboxAttachment, content: bytes, *, filename: str) -> None:
    """Gives one message's attachment a new content and name; the other messages keep theirs."""
    [(_name, sha256, _mimetype)] = _stored([(filename, content, attachment.mimetype)])
    OutboxAttachment.objects.filter(pk=attachment.pk).update(blob_id=sha256, filename=filename)
    _delete_unused({attachment.blob_id} - {sha256})


def _delete_unused(shas: set[str]) -> None:
    OutboxBlob.objects.filter(pk__in=shas).exclude(pk__in=OutboxAttachment.objects.values("blob_id")).delete()


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
