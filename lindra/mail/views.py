from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from lindra.core.access import refuse_to_show
from lindra.mail.models import OutboxMessage
from lindra.mail.services import retry_failed


def _demo_only() -> None:
    # The demo mailbox shows every message to anyone: only where no real mail is sent.
    if not settings.DEMO_MAILBOX:
        raise Http404("demo mailbox is off")


@require_GET
@login_not_required
def mailbox(request):
    _demo_only()
    outbox = OutboxMessage.objects.only("id", "created_at", "to", "subject", "status")[:100]
    return render(request, "mail/mailbox.html", {"outbox": outbox})


@require_GET
@login_not_required
def message(request, pk: int):
    _demo_only()
    message = get_object_or_404(OutboxMessage, pk=pk)
    return render(
        request, "mail/message.html", {"message": message, "attachments": message.attachments.only("filename")}
    )


# An e-mail carries its styles in style attributes, as mail programs want them; shown here
# (only in the demo) it may use them, and nothing else: no scripts, no forms, no links
# followed in place.
MAIL_AS_SHOWN = {
    "default-src": [CSP.NONE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "sandbox": True,
}


@require_GET
@login_not_required
@csp_override(MAIL_AS_SHOWN)
def message_html(request, pk: int):
    """The message's HTML part as the recipient's mail program shows it."""
    _demo_only()
    message = get_object_or_404(OutboxMessage.objects.only("body_html"), pk=pk)
    if not message.body_html:
        raise Http404("no HTML part")
    return HttpResponse(message.body_html)


def failed(request):
    """E-mail that could not be delivered, for the secretariat to act on."""
    roles = request.roles
    if not (roles.is_secretariat or roles.is_superuser):
        refuse_to_show(request, "failed mail")
    rows = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED)
    if not roles.is_superuser:
        rows = rows.filter(network_id__in=roles.secretariat_networks)
    if request.method == "POST":
        message = get_object_or_404(rows, pk=request.POST.get("message"))
        retry_failed(message, by=request.user, request=request)
        messages.success(request, _("E-posten er lagt i køen igjen."))
        return redirect("mail:failed")
    return render(
        request, "mail/failed.html", {"rows": rows.only("id", "created_at", "to", "subject", "last_error")[:200]}
    )
