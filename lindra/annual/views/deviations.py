"""Deviations: reporting one, its page with the handler's steps, the user's own list and the
network's list with the year's figures."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lindra.annual import deviations, rules
from lindra.annual.deviation_access import get_deviation_for_user
from lindra.annual.deviation_forms import DeviationForm, StepForm
from lindra.core.access import refuse_to_show
from lindra.core.views_helpers import render_form, run_form
from lindra.registry.access import get_network_for_user
from lindra.registry.models import Network

PER_PAGE = 50


@require_http_methods(["GET", "POST"])
def deviation_new(request):
    places = deviations.reporting_places(request.roles)
    if not places:
        refuse_to_show(request, "new deviation")
    form = DeviationForm(request.POST or None, places=places)

    def report(data):
        place = form.place()
        return deviations.report_deviation(
            network=place.network,
            local_group=place.group,
            title=data["title"],
            description=data["description"],
            happened_on=data["happened_on"],
            reporter=request.user.person,
            by=request.user,
            request=request,
        )

    if deviation := run_form(request, form, report):
        messages.success(request, _received_message(deviation))
        return redirect(deviation)
    return render_form(request, "annual/deviation/new.html", form, leader_days=rules.GROUP_LEADER_DAYS)


def _received_message(deviation) -> str:
    if deviation.status == deviation.Status.REPORTED:
        return _("Avviket er meldt til gruppelederen i %(group)s. Du får e-post når det er behandlet.") % {
            "group": deviation.local_group
        }
    return _("Avviket er meldt til %(who)s. Du får e-post når det er behandlet.") % {
        "who": deviation.committee or _("sekretariatet")
    }


@require_http_methods(["GET", "POST"])
def deviation(request, pk: int):
    access = get_deviation_for_user(request, pk, change=request.method == "POST")
    found = access.deviation
    form = StepForm(request.POST or None, actions=access.actions, initial={"version": found.version})

    def step(data):
        return deviations.take_step(
            found, data["action"], data["text"], by=request.user, expected_version=data["version"], request=request
        )

    if done := run_form(request, form, step):
        messages.success(request, _step_message(form.cleaned_data["action"], done))
        return redirect(done)
    context = {
        "access": access,
        "deviation": found,
        "steps": found.steps.select_related("by__person"),
        "escalates_to": deviations.handling_committee(found.network_id) if rules.ESCALATE in access.actions else None,
        "rules": rules,
        "today": timezone.localdate(),
    }
    return render_form(request, "annual/deviation/detail.html", form, **context)


def _step_message(action: str, deviation) -> str:
    if action == rules.ESCALATE:
        return _("Avviket er sendt til %(who)s.") % {"who": deviation.committee or _("sekretariatet")}
    if action == rules.CLOSE:
        return _("Avviket er lukket med tiltaket. Den som meldte det, får beskjed på e-post.")
    return _("Kommentaren er lagt til.")


@require_GET
def my_deviations(request):
    roles = request.roles
    context = {
        "to_handle": deviations.to_handle_by(roles),
        "mine": deviations.reported_by(roles.person_id),
        "of_my_groups": deviations.of_groups(roles.led_groups) if roles.is_group_leader else None,
        "may_report": roles.person_id is not None,
        "networks": Network.objects.filter(pk__in=roles.secretariat_networks | roles.committee_networks),
        "today": timezone.localdate(),
    }
    return render(request, "annual/deviation/mine.html", context)


@require_GET
def network_deviations(request, pk: int):
    network = get_network_for_user(request, pk)
    runs = request.roles.runs_network(network.pk)
    year = timezone.localdate().year
    page = Paginator(deviations.of_network(network, runs=runs), PER_PAGE).get_page(request.GET.get("side"))
    counts = deviations.deviation_counts(network, [year, year - 1])
    context = {
        "network": network,
        "runs": runs,
        "page": page,
        "year": year,
        "today": timezone.localdate(),
        "counts": [(y, counts[y]) for y in (year, year - 1)],
    }
    return render(request, "annual/deviation/network.html", context)
