from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindra.core.access import refuse_to_change
from lindra.core.views_helpers import render_form, run_form
from lindra.registry import services
from lindra.registry.access import get_change_request_for_user, get_membership_for_user, get_network_for_user
from lindra.registry.forms import ChangeRequestForm, HandleChangeRequestForm
from lindra.registry.models import ChangeRequest


def report_change(request, pk: int):
    """A member reports a change about themselves, a nearest leader about their staff."""
    membership = get_membership_for_user(request, pk)
    roles = request.roles
    if not (membership.person_id == roles.person_id or membership.person_id in roles.staff):
        refuse_to_change(request, f"membership {pk}", membership.network)
    form = ChangeRequestForm(request.POST or None)
    saved = run_form(
        request, form, lambda data: services.report_change(membership, by=request.user, request=request, **data)
    )
    if saved:
        messages.success(request, _("Takk! Sekretariatet har fått meldingen, og du får svar på e-post."))
        return redirect(membership.person)
    return render_form(
        request,
        "core/form_page.html",
        form,
        title=_("Meld en endring for %(name)s") % {"name": membership.person},
        intro=_("Meldingen går til sekretariatet i %(network)s, som fører endringen inn i registeret.")
        % {"network": membership.network},
        submit=_("Send meldingen"),
        cancel_url=membership.person.get_absolute_url(),
    )


@require_GET
def change_requests(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    requests = ChangeRequest.objects.filter(membership__network=network).select_related(
        "membership__person", "membership__local_group", "requested_by__person"
    )
    return render(
        request,
        "registry/change_requests.html",
        {
            "network": network,
            "open": requests.filter(status=ChangeRequest.Status.OPEN).order_by("requested_at"),
            "handled": requests.exclude(status=ChangeRequest.Status.OPEN).order_by("-handled_at")[:50],
        },
    )


def change_request(request, pk: int):
    change_request = get_change_request_for_user(request, pk, change=request.method == "POST")
    runs = request.roles.runs_network(change_request.membership.network_id)
    form = HandleChangeRequestForm(request.POST or None, change_request=change_request) if runs else None
    if form is not None:
        # A request handled meanwhile by someone else is refused by the service, with a message.
        handled = run_form(
            request,
            form,
            lambda data: services.handle_change_request(
                change_request,
                decision=data["decision"],
                response=data["response"],
                leave=(data["starts_on"], data["ends_on"]) if "starts_on" in data else None,
                by=request.user,
                request=request,
            ),
        )
        if handled:
            messages.success(request, _("Meldingen er behandlet, og den som meldte har fått e-post."))
            return redirect("registry:change_requests", change_request.membership.network_id)
    return render(
        request,
        "registry/change_request.html",
        {"change_request": change_request, "form": form, "runs": runs},
        status=400 if form is not None and form.errors else 200,
    )
