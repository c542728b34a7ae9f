from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from lindra.mail.models import OutboxMessage


def _demo_only() -> None:
    # The demo mailbox shows every message to anyone: only where no real mail is sent.
    if not settings.DEMO_MAILBOX:
        raise Http404("demo mailbox is off")


@require_GET
@login_not_required
def mailbox(request):
    _demo_only()
    messages = OutboxMessage.objects.only("id", "created_at", "to", "subject", "status")[:100]
    return render(request, "mail/mailbox.html", {"outbox": messages})


@require_GET
@login_not_required
def message(request, pk: int):
    _demo_only()
    message = get_object_or_404(OutboxMessage, pk=pk)
    return render(
        request, "mail/message.html", {"message": message, "attachments": message.attachments.only("filename")}
    )
