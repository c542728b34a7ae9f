"""Follow-up of absence: the group's list, the secretariat's own across its networks, and one
follow-up with the member's record, what was agreed, telling the nearest leader, and closing it."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lindra.core.access import refuse_to_show
from lindra.core.forms import VersionedForm
from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import follow_ups
from lindra.meetings.access import get_follow_up_for_user
from lindra.meetings.models import FollowUp
from lindra.meetings.services import MeetingError
from lindra.registry.access import get_group_for_user
from lindra.registry.models import Membership

ACTIONS = {"save", "inform", "close"}
PER_PAGE = 50


class AgreedForm(VersionedForm):
    agreed = forms.CharField(
        label=gettext_lazy("Hva ble avtalt?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=FollowUp._meta.get_field("agreed").help_text,
    )


@require_GET
def follow_ups_view(request, pk: int):
    """The group's follow-ups, open first: for the group leader and the secretariat."""
    group = get_group_for_user(request, pk, change=True, viewed=True)
    open_rows, closed_rows = follow_ups.follow_ups_of(group)
    return render(
        request,
        "meetings/follow_ups.html",
        {"group": group, "open_rows": open_rows, "closed_rows": closed_rows, "policy": group.network.policy},
    )


@require_GET
def secretariat_follow_ups(request):
    """The open follow-ups the secretariat holds in all its networks, oldest first: the whole
    of the list its home page begins."""
    if not request.roles.is_secretariat:
        refuse_to_show(request, "follow-ups of the secretariat")
    rows = follow_ups.open_for_secretariat(request.roles)
    return render(
        request,
        "meetings/secretariat_follow_ups.html",
        {"page": Paginator(rows, PER_PAGE).get_page(request.GET.get("side"))},
    )


@require_http_methods(["GET", "POST"])
def follow_up_view(request, pk: int):
    follow_up = get_follow_up_for_user(request, pk, viewed=request.method == "GET")
    form = AgreedForm(request.POST or None, initial={"agreed": follow_up.agreed, "version": follow_up.version})
    action = request.POST.get("action", "save")
    if request.method == "POST" and action not in ACTIONS:
        action = "save"
    if request.method == "POST" and action == "inform":
        # A button of its own: nothing typed in the text box is at stake.
        try:
            leader = follow_ups.inform_leader(follow_up, by=request.user, request=request)
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s har fått e-post om fraværet.") % {"name": leader.full_name})
        return redirect("meetings:follow_up", follow_up.pk)

    def act(data):
        service = follow_ups.close if action == "close" else follow_ups.save_agreed
        return service(
            follow_up, agreed=data["agreed"], expected_version=data["version"], by=request.user, request=request
        )

    if run_form(request, form, act):
        messages.success(
            request, _("Oppfølgingen er avsluttet.") if action == "close" else _("Det som ble avtalt, er lagret.")
        )
        return redirect("meetings:follow_up", follow_up.pk)
    record = follow_ups.attendance_record(follow_up.person, follow_up.network, follow_up.year)
    membership = (
        Membership.objects.filter(person=follow_up.person_id, network=follow_up.network_id)
        .order_by("-starts_on")
        .first()
    )
    return render_form(
        request,
        "meetings/follow_up.html",
        form,
        follow_up=follow_up,
        record=record,
        membership=membership,
        leader=follow_ups.nearest_leader_of(follow_up),
    )
