"""Putting e-mail in the outbox. Call inside the transaction that causes the message."""

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from lindra.core.audit import record
from lindra.core.models import AuditAction
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
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> OutboxMessage | None:
    """Queues the message rendered from mail/<kind>.txt (and _subject.txt, and .html if any).

    Returns None when a message with the same dedupe_key was queued before.
    """
    subject = " ".join(_render_text(f"mail/{kind}_subject.txt", context).split())
    body_text = _render_text(f"mail/{kind}.txt", context)
    try:
        body_html = render_to_string(f"mail/{kind}.html", context)
    except TemplateDoesNotExist:  # a plain-text message
        body_html = ""
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                kind=kind,
                dedupe_key=dedupe_key,
                to=list(to),
                cc=list(cc),
                reply_to=list(reply_to),
                subject=subject,
                body_text=body_text,
                body_html=body_html,
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
    transaction.on_commit(_wake_worker)
    return message


def _render_text(name: str, context: dict) -> str:
    # Plain text is not HTML: "Smerte & kvalme" and links with "&" must arrive as written.
    return get_template(name).template.render(Context(context, autoescape=False))


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
