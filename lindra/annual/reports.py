"""The annual report's workflows: the secretariat's narrative texts (each save a new version),
the PDF made in the background with its progress, publishing with the figures frozen, the
list of recipients and sending the report through the outbox."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.accounts.roles import NOBODY
from lindra.annual import report_charts, report_figures, rules
from lindra.annual import wheel as wheels
from lindra.annual.models import AnnualReport, PublicPage, ReportDispatch, ReportRecipient, ReportRender, ReportText
from lindra.core.audit import record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.core.pdf import pdf_from_html
from lindra.mail.services import queue_message
from lindra.meetings.yearly import FIRST_YEAR
from lindra.registry.models import Membership, Network

# The narrative sections the secretariat writes, in the order of the report (the structure KLB
# Helse Sør-Øst recommends; the figures' sections come between them): their headings, and what
# the secretariat is asked to write.
SECTIONS = {
    "historikk": (
        gettext_lazy("Kort historikk, forankring og formål"),
        gettext_lazy("Når og hvorfor nettverket ble startet, hvem som eier det, og hva det skal oppnå."),
    ),
    "handlingsplan": (
        gettext_lazy("Vurdering mot handlingsplanen"),
        gettext_lazy("Hva av strategi- og handlingsplanen som ble nådd i året, og hva som ikke ble det, og hvorfor."),
    ),
    "rapportering": (
        gettext_lazy("Hovedfunn fra den årlige rapporteringen"),
        gettext_lazy("Det viktigste medlemmene svarte i den årlige elektroniske rapporteringen."),
    ),
    "neste_ar": (
        gettext_lazy("Fokus for neste år"),
        gettext_lazy("Hva nettverket skal prioritere neste år."),
    ),
    "samarbeid": (
        gettext_lazy("Samarbeid med andre"),
        gettext_lazy("Samarbeid med andre nettverk, kommuner, helseforetak, utdanning og kompetansesentre."),
    ),
}


class StaleText(DomainError):
    """Someone saved the section since the form was opened; `current_version` is theirs."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, field="body")
        self.current_version = current_version


def years_of_reports(today: dt.date) -> range:
    """The years a report can be made for: up to this year (the one still running is a draft)."""
    return range(FIRST_YEAR, today.year + 1)


def report_of(network: Network, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(network=network, year=year).first()


def _report_to_change(network: Network, year: int) -> AnnualReport:
    """The year's report, made on the first change, locked for this transaction."""
    AnnualReport.objects.get_or_create(network=network, year=year)
    return AnnualReport.objects.select_for_update().get(network=network, year=year)


def figures_of(network: Network, year: int, report: AnnualReport | None) -> dict:
    """The figures as published, or as Lindra computes them today."""
    if report is not None and report.published_figures is not None:
        return report.published_figures
    return report_figures.compute(network, year)


def latest_texts(report: AnnualReport | None) -> dict[str, ReportText]:
    """The newest version of each narrative section."""
    if report is None:
        return {}
    latest: dict[str, ReportText] = {}
    for text in report.texts.select_related("made_by").order_by("section", "-number"):
        latest.setdefault(text.section, text)
    return latest


def history(report: AnnualReport | None, section: str) -> list[ReportText]:
    if report is None:
        return []
    return list(report.texts.filter(section=section).select_related("made_by").order_by("-number"))


def save_text(network: Network, year: int, section: str, *, body: str, version: int, by, request=None) -> ReportText:
    """Saves a new version of a section. `version` is the number of the version the writer
    started from (0 for none); when someone saved since, nothing is saved."""
    if section not in SECTIONS:
        raise DomainError(_("Rapporten har ingen slik del."))
    with transaction.atomic():
        report = _report_to_change(network, year)
        if report.status == AnnualReport.Status.PUBLISHED:
            raise DomainError(_("Rapporten er publisert, og tekstene kan ikke endres lenger."))
        latest = report.texts.filter(section=section).order_by("-number").first()
        number = latest.number if latest else 0
        if latest is not None and rules.text_is_stale(version, number):
            raise StaleText(
                _(
                    "%(who)s lagret en ny versjon av teksten %(when)s, etter at du åpnet den. Den nye versjonen "
                    "står under. Det du skrev er beholdt her: se over og lagre på nytt."
                )
                % {
                    "who": latest.made_by or _("Noen andre"),
                    "when": date_format(timezone.localtime(latest.made_at), "SHORT_DATETIME_FORMAT"),
                },
                current_version=number,
            )
        if latest is not None and latest.body == body:
            return latest
        text = ReportText.objects.create(report=report, section=section, number=number + 1, body=body, made_by=by)
        AnnualReport.objects.filter(pk=report.pk).update(version=report.version + 1)
        record(
            AuditAction.CHANGED,
            request=request,
            actor=by,
            obj=report,
            network=network,
            changes={"section": section, "number": text.number},
        )
    return text


def publish(network: Network, year: int, *, by, request=None) -> AnnualReport:
    """Publishes the report: its figures are frozen as they are now, and its PDF is made."""
    today = timezone.localdate()
    if year >= today.year:
        raise DomainError(_("Årsrapporten kan publiseres når året er over."))
    with transaction.atomic():
        report = _report_to_change(network, year)
        if report.status == AnnualReport.Status.PUBLISHED:
            raise DomainError(_("Rapporten er allerede publisert."))
        missing = [str(SECTIONS[s][0]) for s in SECTIONS if not getattr(latest_texts(report).get(s), "body", "")]
        if missing:
            raise DomainError(
                _("Skriv alle delene før rapporten publiseres. Det mangler: %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
        report.status = AnnualReport.Status.PUBLISHED
        report.published_at = timezone.now()
        report.published_figures = report_figures.compute(network, year, today)
        report.version += 1
        report.save(update_fields=["status", "published_at", "published_figures", "version"])
        record(
            AuditAction.CHANGED, request=request, actor=by, obj=report, network=network, changes={"status": "published"}
        )
        _queue_render(report, by)
    return report


# --- The PDF, made in the background -------------------------------------------------------


def request_render(network: Network, year: int, *, by, request=None) -> ReportRender:
    with transaction.atomic():
        report = _report_to_change(network, year)
        render = _queue_render(report, by)
        record(AuditAction.CREATED, request=request, actor=by, obj=render, network=network)
    return render


def _queue_render(report: AnnualReport, by) -> ReportRender:
    from lindra.annual.report_tasks import render_annual_report

    render = ReportRender.objects.create(report=report, requested_by=by, step=_("Venter på tur"))
    transaction.on_commit(lambda: render_annual_report.enqueue(render.pk))
    return render


def _progress(render_id: int, progress: int, step: str) -> None:
    ReportRender.objects.filter(pk=render_id).update(progress=progress, step=step)


def make_pdf(render_id: int) -> int:
    """Makes the PDF of a render, showing each step's progress; returns its size in bytes."""
    render = ReportRender.objects.select_related("report__network").get(pk=render_id)
    report = render.report
    try:
        _progress(render_id, 10, _("Regner ut tallene"))
        figures = figures_of(report.network, report.year, report)
        _progress(render_id, 35, _("Tegner diagrammene"))
        charts = report_charts.charts(figures)
        _progress(render_id, 55, _("Setter opp sidene"))
        html = render_to_string(
            "annual/report/pdf.html", page_context(report.network, report.year, report, figures, charts)
        )
        _progress(render_id, 70, _("Lager PDF-en"))
        pdf = pdf_from_html(html)
    except Exception as error:
        ReportRender.objects.filter(pk=render_id).update(failed=repr(error)[:2000], step=_("Feilet"))
        raise
    ReportRender.objects.filter(pk=render_id).update(
        pdf=pdf, progress=100, step=_("Ferdig"), finished_at=timezone.now()
    )
    return len(pdf)


def latest_pdf(report: AnnualReport | None, *, since: dt.datetime | None = None) -> ReportRender | None:
    """The newest finished PDF of the report (made after `since`, when given)."""
    if report is None:
        return None
    renders = report.renders.filter(finished_at__isnull=False).defer("pdf")
    if since is not None:
        renders = renders.filter(requested_at__gte=since)
    return renders.order_by("-finished_at", "-pk").first()


def pdf_filename(report: AnnualReport) -> str:
    return f"arsrapport-{report.year}-{report.network_id}.pdf"


def page_context(network: Network, year: int, report: AnnualReport | None, figures: dict, charts) -> dict:
    """What the page and the PDF show: the figures, the texts, the charts."""
    texts = latest_texts(report)
    wheel = wheels.network_wheel(network, year, NOBODY, timezone.localdate())
    wheel_shown = wheels.context(wheel)
    return {
        "network": network,
        # The year in one picture, as anyone reads it: no links, the same on the page, in public
        # and in the PDF (each reader finds the items' pages through the network).
        "wheel": {"html": wheels.render(wheel, wheel_shown), "context": wheel_shown},
        "year": year,
        "report": report,
        "published": report is not None and report.status == AnnualReport.Status.PUBLISHED,
        "f": figures,
        "prev": figures["previous"],
        "key_rows": report_figures.key_rows(figures),
        "charts": {chart.key: chart for chart in charts},
        "sections": {
            key: {"title": title, "help": help, "text": texts.get(key)} for key, (title, help) in SECTIONS.items()
        },
    }


# --- Public -------------------------------------------------------------------------------


def public_report(slug: str, year: int) -> AnnualReport | None:
    """A published report on an open public page that shows reports; None otherwise."""
    page = PublicPage.objects.select_related("network").filter(slug=slug, published=True, show_reports=True).first()
    if page is None:
        return None
    return (
        AnnualReport.objects.select_related("network")
        .filter(network=page.network, year=year, status=AnnualReport.Status.PUBLISHED)
        .first()
    )


def published_reports(network: Network):
    """The network's published reports, newest first, for its public page
    (annual/report/_published_list.html), each with the page's address at hand."""
    return (
        AnnualReport.objects.filter(network=network, status=AnnualReport.Status.PUBLISHED)
        .select_related("network__public_page")
        .order_by("-year")
    )


# --- Recipients and sending ----------------------------------------------------------------


def add_recipient(network: Network, *, name: str, email: str, note: str = "", by, request=None) -> ReportRecipient:
    email = email.strip()
    if ReportRecipient.objects.filter(network=network, email__iexact=email).exists():
        raise DomainError(_("%(email)s står allerede på listen.") % {"email": email}, field="email")
    recipient = ReportRecipient.objects.create(network=network, name=name.strip(), email=email, note=note.strip())
    record(AuditAction.CREATED, request=request, actor=by, obj=recipient, network=network)
    return recipient


def remove_recipient(recipient: ReportRecipient, *, by, request=None) -> None:
    record(AuditAction.DELETED, request=request, actor=by, obj=recipient, network=recipient.network)
    recipient.delete()


def addresses(network: Network, *, to_members: bool) -> list[str]:
    """The list's addresses, and the current members' when chosen; each address once."""
    found = list(network.report_recipients.values_list("email", flat=True))
    if to_members:
        found += list(
            Membership.objects.current()
            .filter(network=network, person__email__isnull=False)
            .exclude(person__email="")
            .values_list("person__email", flat=True)
        )
    seen: dict[str, str] = {}
    for address in found:
        seen.setdefault(address.lower(), address)
    return sorted(seen.values(), key=str.casefold)


def send_report(network: Network, year: int, *, to_members: bool, by, request=None) -> tuple[ReportDispatch, int]:
    """Sends the newest PDF of the report to the list (and the members, when chosen): records
    the dispatch and leaves the messages to a background task. Returns the dispatch and how
    many addresses it goes to."""
    with transaction.atomic():
        report = _report_to_change(network, year)
        if latest_pdf(report) is None:
            raise DomainError(_("Lag PDF-en av rapporten først; det er den som sendes."))
        to = addresses(network, to_members=to_members)
        if not to:
            raise DomainError(_("Det er ingen å sende til. Legg til mottakere på listen først."))
        dispatch = ReportDispatch.objects.create(report=report, sent_by=by, to_members=to_members)
        record(
            AuditAction.CREATED,
            request=request,
            actor=by,
            obj=dispatch,
            network=network,
            changes={"addresses": len(to), "to_members": to_members},
        )
        from lindra.annual.report_tasks import send_annual_report

        transaction.on_commit(lambda: send_annual_report.enqueue(dispatch.pk))
    return dispatch, len(to)


def queue_dispatch(dispatch_id: int) -> int:
    """Puts one message with the PDF in the outbox for each address of a dispatch; run again
    (a worker restarted), it adds none twice. Returns the number of addresses."""
    dispatch = ReportDispatch.objects.select_related("report__network").get(pk=dispatch_id)
    report, network = dispatch.report, dispatch.report.network
    render = latest_pdf(report)
    pdf = bytes(ReportRender.objects.values_list("pdf", flat=True).get(pk=render.pk))
    url = None  # the report's own page is for those signed in; outside, only the public one
    page = PublicPage.objects.filter(network=network, published=True, show_reports=True).first()
    if page is not None and report.status == AnnualReport.Status.PUBLISHED:
        url = settings.SITE_URL.rstrip("/") + reverse("annual:public_report", args=[page.slug, report.year])
    to = addresses(network, to_members=dispatch.to_members)
    with transaction.atomic():
        for address in to:
            queue_message(
                "annual_report",
                to=[address],
                reply_to=[network.secretariat_email],
                context={"network": network, "year": report.year, "report": report, "url": url},
                network=network,
                dedupe_key=f"annual-report-{dispatch.pk}-{address.lower()}",
                attachments=[(pdf_filename(report), pdf, "application/pdf")],
            )
        ReportDispatch.objects.filter(pk=dispatch.pk).update(count=len(to))
    return len(to)
