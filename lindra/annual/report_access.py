"""Who sees and changes the annual report (DESIGN.md §2): the network's secretariat writes,
makes, publishes and sends it; the committees read it (figures without names); others get
404. A published report is open to anyone on the network's public page."""

import datetime as dt

from django.utils import timezone

from lindra.annual import reports
from lindra.annual.models import AnnualReport, ReportRecipient, ReportRender
from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.registry.access import get_network_for_user
from lindra.registry.models import Network


def year_of_report(request, year: int, today: dt.date | None = None) -> int:
    if year not in reports.years_of_reports(today or timezone.localdate()):
        refuse_to_show(request, f"annual report year {year}")
    return year


def get_report_network(request, pk: int, year: int, *, change: bool = False) -> Network:
    network = get_network_for_user(request, pk, change=change)
    year_of_report(request, year)
    return network


def get_render_for_user(request, pk: int) -> ReportRender:
    render = ReportRender.objects.select_related("report__network").defer("pdf").filter(pk=pk).first()
    if render is None or not request.roles.sees_network(render.report.network_id):
        refuse_to_show(request, f"report render {pk}")
    return render


def get_recipient_to_change(request, pk: int) -> ReportRecipient:
    recipient = ReportRecipient.objects.select_related("network").filter(pk=pk).first()
    if recipient is None or not request.roles.sees_network(recipient.network_id):
        refuse_to_show(request, f"report recipient {pk}")
    if not request.roles.runs_network(recipient.network_id):
        refuse_to_change(request, f"report recipient {pk}", recipient.network)
    return recipient


def get_public_report(request, slug: str, year: int) -> AnnualReport:
    report = reports.public_report(slug, year)
    if report is None:
        refuse_to_show(request, f"public annual report {slug} {year}")
    return report
