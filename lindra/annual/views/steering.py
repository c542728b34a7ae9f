"""The operations groups' reports to the steering group: the network's list, a new report, and
a report (its leader saves the draft and sends it; the steering group and the secretariat read)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lindra.annual import rules, steering
from lindra.annual.steering_access import get_network_for_steering, get_steering_report_for_user
from lindra.annual.steering_forms import SteeringReportForm
from lindra.core.views_helpers import run_form

SEND, SAVE = "send", "lagre"


@require_GET
def steering_reports(request, pk: int):
    network, rights = get_network_for_steering(request, pk)
    return render(
        request,
        "annual/steering/list.html",
        {"network": network, "rights": rights, "reports": list(steering.reports_for(rights, network))},
    )


def _fields(data: dict) -> dict:
    return {name: data[name] for name in steering.REPORT_FIELDS}


def _saved_message(report) -> str:
    if report.status == report.Status.SENT:
        return _("Rapporten er sendt til styringsgruppen og sekretariatet.")
    return _("Utkastet er lagret.")


@require_http_methods(["GET", "POST"])
def steering_report_new(request, pk: int):
    network, rights = get_network_for_steering(request, pk, write=True)
    committees = steering.writing_committees(rights, network)
    start, end = rules.half_year_of(timezone.localdate())
    form = SteeringReportForm(
        request.POST or None,
        committees=committees,
        initial={"version": 0, "period_start": start, "period_end": end},
    )

    def act(data):
        # Sent at once, or nothing kept: a refused send leaves no draft behind.
        with transaction.atomic():
            committee = next(c for c in committees if c.pk == data["committee"])
            report = steering.create_draft(network, committee, _fields(data), by=request.user, request=request)
            if request.POST.get("handling") != SEND:
                return report
            return steering.send(
                report, _fields(data), expected_version=report.version, by=request.user, request=request
            )

    if report := run_form(request, form, act):
        messages.success(request, _saved_message(report))
        return redirect(report.get_absolute_url())
    context = {"network": network, "form": form, "recipients": steering.recipients(network, timezone.localdate())}
    return render(request, "annual/steering/new.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def steering_report(request, pk: int):
    report, rights = get_steering_report_for_user(request, pk, write=request.method == "POST")
    if request.method == "POST" and not rights.writes(report):
        messages.error(request, _("Rapporten er allerede sendt til styringsgruppen og kan ikke endres."))
        return redirect(report.get_absolute_url())
    form = None
    if rights.writes(report):
        initial = {name: getattr(report, name) for name in steering.REPORT_FIELDS} | {"version": report.version}
        form = SteeringReportForm(request.POST or None, initial=initial)
        service = steering.send if request.POST.get("handling") == SEND else steering.save_draft

        def act(data):
            return service(report, _fields(data), expected_version=data["version"], by=request.user, request=request)

        if saved := run_form(request, form, act):
            messages.success(request, _saved_message(saved))
            return redirect(saved.get_absolute_url())
    context = {
        "report": report,
        "network": report.network,
        "form": form,
        "figures": steering.display_figures(steering.figures_of(report)),
        "recipients": steering.recipients(report.network, timezone.localdate()) if form else [],
    }
    return render(request, "annual/steering/report.html", context, status=400 if form and form.errors else 200)
