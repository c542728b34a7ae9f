"""The annual report: the years, the report's page with its figures, charts and texts, a
section's text and its versions, the PDF made in the background, the figures as a
spreadsheet, publishing, the recipients and sending; and the published report in public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Min
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from lindra.annual import report_charts, reports
from lindra.annual.models import AnnualReport, ReportRender
from lindra.annual.report_access import (
    get_public_report,
    get_recipient_to_change,
    get_render_for_user,
    get_report_network,
)
from lindra.annual.report_forms import RecipientForm, ReportTextForm, SendForm
from lindra.annual.report_sheet import figures_xlsx
from lindra.core.errors import DomainError
from lindra.core.views_helpers import render_form, run_form
from lindra.meetings import yearly
from lindra.registry.access import get_network_for_user


def _report_url(network, year: int) -> str:
    return reverse("annual:report", args=[network.pk, year])


@require_GET
def report_years(request, pk: int):
    network = get_network_for_user(request, pk)
    today = timezone.localdate()
    found = {r.year: r for r in network.annual_reports.all()}
    first = min(
        yearly.years_to_browse(network.meetings.all(), today).start,
        *found,
        *[started.year for started in network.memberships.aggregate(first=Min("starts_on")).values() if started],
    )
    years = [(year, found.get(year)) for year in range(today.year, first - 1, -1)]
    return render(
        request,
        "annual/report/years.html",
        {"network": network, "years": years, "runs": request.roles.runs_network(network.pk)},
    )


@require_GET
def report_page(request, pk: int, year: int):
    network = get_report_network(request, pk, year)
    report = reports.report_of(network, year)
    figures = reports.figures_of(network, year, report)
    context = reports.page_context(network, year, report, figures, report_charts.charts(figures))
    return render(
        request,
        "annual/report/page.html",
        {
            **context,
            "runs": request.roles.runs_network(network.pk),
            "pdf": reports.latest_pdf(report),
            "dispatches": report.dispatches.select_related("sent_by") if report else [],
            "may_publish": year < timezone.localdate().year,
        },
    )


def report_text(request, pk: int, year: int, section: str):
    """A narrative section: the secretariat writes a new version; its earlier ones are listed."""
    network = get_report_network(request, pk, year, change=True)
    if section not in reports.SECTIONS:
        raise Http404("no such section")
    report = reports.report_of(network, year)
    latest = reports.latest_texts(report).get(section)
    form = ReportTextForm(
        request.POST or None, initial={"body": latest.body if latest else "", "version": latest.number if latest else 0}
    )

    def save(data):
        return reports.save_text(
            network, year, section, body=data["body"], version=data["version"], by=request.user, request=request
        )

    if run_form(request, form, save):
        messages.success(request, _("Teksten er lagret som utkast."))
        return redirect(f"{_report_url(network, year)}#{section}")
    title, help_text = reports.SECTIONS[section]
    return render_form(
        request,
        "annual/report/text.html",
        form,
        network=network,
        year=year,
        title=title,
        intro=help_text,
        history=reports.history(report, section),
        published=report is not None and report.status == AnnualReport.Status.PUBLISHED,
    )


@require_GET
def report_xlsx(request, pk: int, year: int):
    network = get_report_network(request, pk, year)
    report = reports.report_of(network, year)
    return figures_xlsx(reports.figures_of(network, year, report))


@require_POST
def report_pdf_new(request, pk: int, year: int):
    network = get_report_network(request, pk, year, change=True)
    made = reports.request_render(network, year, by=request.user, request=request)
    return redirect("annual:report_render", made.pk)


@require_GET
def report_render(request, pk: int):
    """The PDF being made: the page asks again every two seconds until it is done."""
    made = get_render_for_user(request, pk)
    template = "annual/report/_render_status.html" if request.headers.get("HX-Request") else "annual/report/render.html"
    return render(request, template, {"made": made, "report": made.report, "network": made.report.network})


@require_GET
def report_render_pdf(request, pk: int):
    made = get_render_for_user(request, pk)
    pdf = ReportRender.objects.filter(pk=made.pk, finished_at__isnull=False).values_list("pdf", flat=True).first()
    if pdf is None:
        raise Http404("not made yet")
    return _pdf_response(bytes(pdf), reports.pdf_filename(made.report))


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
def report_publish(request, pk: int, year: int):
    network = get_report_network(request, pk, year, change=True)
    try:
        reports.publish(network, year, by=request.user, request=request)
    except DomainError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Rapporten er publisert. Tallene er låst slik de er nå, og PDF-en lages."))
    return redirect(_report_url(network, year))


def report_send(request, pk: int, year: int):
    network = get_report_network(request, pk, year, change=True)
    form = SendForm(request.POST if request.method == "POST" else None)

    def send(data):
        return reports.send_report(network, year, to_members=data["to_members"], by=request.user, request=request)

    sent = run_form(request, form, send)
    if sent:
        _dispatch, count = sent
        messages.success(
            request,
            ngettext(
                "Rapporten sendes nå til %(n)s mottaker.",
                "Rapporten sendes nå til %(n)s mottakere.",
                count,
            )
            % {"n": count},
        )
        return redirect(_report_url(network, year))
    report = reports.report_of(network, year)
    return render_form(
        request,
        "annual/report/send.html",
        form,
        network=network,
        year=year,
        pdf=reports.latest_pdf(report),
        recipients=network.report_recipients.all(),
        member_count=len(reports.addresses(network, to_members=True))
        - len(reports.addresses(network, to_members=False)),
    )


def report_recipients(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    form = RecipientForm(request.POST or None)

    def add(data):
        return reports.add_recipient(network, **data, by=request.user, request=request)

    added = run_form(request, form, add)
    if added:
        messages.success(request, _("%(name)s er lagt til på listen.") % {"name": added.name})
        return redirect("annual:report_recipients", network.pk)
    return render_form(
        request,
        "annual/report/recipients.html",
        form,
        network=network,
        recipients=network.report_recipients.all(),
        year=timezone.localdate().year - 1,
    )


@require_POST
def report_recipient_remove(request, pk: int):
    recipient = get_recipient_to_change(request, pk)
    reports.remove_recipient(recipient, by=request.user, request=request)
    messages.success(request, _("%(name)s er tatt av listen.") % {"name": recipient.name})
    return redirect("annual:report_recipients", recipient.network_id)


# --- Public --------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_report(request, slug: str, year: int):
    report = get_public_report(request, slug, year)
    figures = report.published_figures
    context = reports.page_context(report.network, year, report, figures, report_charts.charts(figures))
    pdf = reports.latest_pdf(report, since=report.published_at)
    return render(request, "annual/report/public.html", {**context, "slug": slug, "pdf": pdf})


@login_not_required
@require_GET
def public_report_pdf(request, slug: str, year: int):
    report = get_public_report(request, slug, year)
    made = reports.latest_pdf(report, since=report.published_at)
    if made is None:
        raise Http404("not made yet")
    pdf = ReportRender.objects.values_list("pdf", flat=True).get(pk=made.pk)
    return _pdf_response(bytes(pdf), reports.pdf_filename(report))
