"""The operations groups' reports to the steering group (seed 000: "Driftsgruppenes ledere
rapporterer til styringsgruppen").

The leader of an operations group (or, where a network has none, of its working group, which
runs it: Ahus, seed 003) writes a short report for a period: figures drawn from Lindra for the
period, and text. It is saved as a draft, then sent once through the outbox to the members of
the network's steering group by their current terms and to the secretariat; the figures are
frozen as they were when it was sent. The secretariat may write and send them too.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.accounts.roles import Roles
from lindra.annual import rules
from lindra.annual.models import Deviation, SteeringReport
from lindra.core.audit import record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.mail.services import queue_message
from lindra.meetings.models import Meeting, Registration
from lindra.meetings.representatives import NOT_THE_REPRESENTATIVE
from lindra.registry.models import Committee, LocalGroup, Membership, Network, Person, Term

Status = SteeringReport.Status
# The committees whose leaders report: the operations group, and the working group where it
# runs the network.
REPORTING_KINDS = (Committee.Kind.OPERATIONS, Committee.Kind.WORKING)
REPORT_FIELDS = ("period_start", "period_end", "text")

# The steering group's home page lists the reports sent to it in the last half-year.
RECEIVED_SHOWN_FOR = dt.timedelta(days=183)


class SteeringReportError(DomainError):
    """A change to a steering report that is refused; on a conflict it carries the version now."""

    def __init__(self, message: str = "", *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


# --- Who reads and writes ---------------------------------------------------------------------


@dataclass(frozen=True)
class SteeringRights:
    secretariat: bool  # runs the network
    steering: bool  # sits in the network's steering group now
    leads: frozenset[int]  # the reporting committees the user leads now

    @property
    def reads_any(self) -> bool:
        return self.secretariat or self.steering or bool(self.leads)

    @property
    def writes_any(self) -> bool:
        return self.secretariat or bool(self.leads)

    def reads(self, report: SteeringReport) -> bool:
        """The steering group reads what was sent; drafts are their writers' own."""
        return self.writer_of(report) or (self.steering and report.status == Status.SENT)

    def writer_of(self, report: SteeringReport) -> bool:
        return self.secretariat or report.committee_id in self.leads

    def writes(self, report: SteeringReport) -> bool:
        """Changes it now: its writer, while it is a draft."""
        return self.writer_of(report) and report.status == Status.DRAFT


def rights_for(roles: Roles, network: Network, today: dt.date) -> SteeringRights:
    """One query: the user's current committee terms in the network."""
    terms = (
        Term.objects.current(today)
        .filter(person_id=roles.person_id, network=network, committee__isnull=False)
        .values_list("kind", "committee_id", "committee__kind")
        if roles.person_id
        else []
    )
    steering, leads = False, set()
    for kind, committee_id, committee_kind in terms:
        steering = steering or committee_kind == Committee.Kind.STEERING
        if kind == Term.Kind.COMMITTEE_LEADER and committee_kind in REPORTING_KINDS:
            leads.add(committee_id)
    return SteeringRights(roles.runs_network(network.pk), steering, frozenset(leads))


def writing_committees(rights: SteeringRights, network: Network) -> list[Committee]:
    """The committees the user reports for: those they lead; for the secretariat, every open one."""
    committees = Committee.objects.filter(network=network, kind__in=REPORTING_KINDS, closed_on__isnull=True)
    if not rights.secretariat:
        committees = committees.filter(pk__in=rights.leads)
    return list(committees.order_by("name"))


def reports_for(rights: SteeringRights, network: Network):
    reports = SteeringReport.objects.filter(network=network).select_related("committee", "written_by")
    if rights.secretariat:
        return reports
    sees = Q(committee__in=rights.leads)
    if rights.steering:
        sees |= Q(status=Status.SENT)
    return reports.filter(sees)


def recipients(network: Network, today: dt.date) -> list[tuple[str, str]]:
    """Who gets a sent report: the steering group's members by their current terms, and the
    secretariat's address; (name, address), each address once."""
    people = Person.objects.filter(
        terms__in=Term.objects.current(today).filter(network=network, committee__kind=Committee.Kind.STEERING),
        email__isnull=False,
    ).exclude(email="")
    found: dict[str, tuple[str, str]] = {}
    for person in people.distinct().order_by("family_name", "given_name"):
        found.setdefault(person.email.casefold(), (person.full_name, person.email))
    found.setdefault(network.secretariat_email.casefold(), (_("Sekretariatet"), network.secretariat_email))
    return list(found.values())


# --- The figures of a period --------------------------------------------------------------------


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def figures_for(network: Network, start: dt.date, end: dt.date) -> dict:
    """The period's figures, counted by rules.period_figures from five queries."""
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    until = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    groups = (
        LocalGroup.objects.filter(network=network)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .order_by("name")
        .values_list("pk", "name")
    )
    meetings = Meeting.objects.filter(
        network=network, kind=Meeting.Kind.GROUP, starts_at__gte=since, starts_at__lt=until
    )
    marks = (
        Registration.objects.filter(meeting__in=meetings, kind=Registration.Kind.MEMBER)
        .filter(NOT_THE_REPRESENTATIVE)
        .exclude(attendance="")
        .values_list("meeting__local_group_id", "meeting__starts_at", "attendance")
    )
    memberships = (
        Membership.objects.filter(network=network)
        .filter(Q(starts_on__range=(start, end)) | Q(ends_on__range=(start, end)))
        .values_list("local_group_id", "starts_on", "ends_on")
    )
    deviations = (
        Deviation.objects.filter(network=network)
        .filter(Q(reported_at__gte=since, reported_at__lt=until) | Q(closed_at__gte=since, closed_at__lt=until))
        .values_list("reported_at", "closed_at")
    )
    return rules.period_figures(
        start,
        end,
        per_year=network.policy.meetings_per_group_per_year,
        groups=list(groups),
        meetings=[
            rules.MeetingFact(group, _day(starts), recorded is not None)
            for group, starts, recorded in meetings.values_list("local_group_id", "starts_at", "attendance_recorded_at")
        ],
        marks=[
            rules.MarkFact(group, _day(starts), mark == Registration.Attendance.PRESENT)
            for group, starts, mark in marks
        ],
        memberships=[rules.MembershipFact(*row) for row in memberships],
        deviations=[rules.DeviationFact(_day(reported), _day(closed)) for reported, closed in deviations],
    )


def figures_of(report: SteeringReport) -> dict:
    """The figures as sent, or for a draft as they are now."""
    if report.figures is not None:
        return report.figures
    return figures_for(report.network, report.period_start, report.period_end)


# --- Writing and sending ------------------------------------------------------------------------


def _changes(fields: dict) -> dict:
    """What the audit log keeps of a save: the period, and how long the text is (not the text)."""
    return {
        "period_start": fields["period_start"].isoformat(),
        "period_end": fields["period_end"].isoformat(),
        "text_length": len(fields.get("text", "")),
    }


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise SteeringReportError(_("Perioden må slutte etter at den begynner."), field="period_end")


def _conflict(report: SteeringReport) -> SteeringReportError:
    current = SteeringReport.objects.filter(pk=report.pk).values_list("status", "version").first()
    if current and current[0] == Status.SENT:
        return SteeringReportError(_("Rapporten er allerede sendt til styringsgruppen og kan ikke endres."))
    return SteeringReportError(
        _("Noen andre har lagret rapporten mens du skrev. Se over og lagre igjen."),
        current_version=current[1] if current else None,
    )


@transaction.atomic
def create_draft(network: Network, committee: Committee, fields: dict, *, by, request=None) -> SteeringReport:
    _check_period(fields["period_start"], fields["period_end"])
    report = SteeringReport.objects.create(network=network, committee=committee, written_by=by, **fields)
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=report,
        network=network,
        changes={"committee": committee.name, **_changes(fields)},
    )
    return report


def _save(report: SteeringReport, fields: dict, expected_version: int, extra: dict) -> SteeringReport:
    _check_period(fields["period_start"], fields["period_end"])
    rows = SteeringReport.objects.filter(pk=report.pk, status=Status.DRAFT, version=expected_version)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now(), **fields, **extra):
        raise _conflict(report)
    report.refresh_from_db()
    return report


@transaction.atomic
def save_draft(report: SteeringReport, fields: dict, *, expected_version: int, by, request=None) -> SteeringReport:
    """Keeps what the leader has written so far; nobody is told."""
    report = _save(report, fields, expected_version, {"written_by": by})
    record(AuditAction.CHANGED, request=request, actor=by, obj=report, network=report.network, changes=_changes(fields))
    return report


@transaction.atomic
def send(report: SteeringReport, fields: dict, *, expected_version: int, by, request=None) -> SteeringReport:
    """Saves the report with the period's figures frozen, and sends it once to the steering
    group and the secretariat."""
    if not fields.get("text", "").strip():
        raise SteeringReportError(_("Skriv rapporten før du sender den."), field="text")
    network = report.network
    figures = figures_for(network, fields["period_start"], fields["period_end"])
    report = _save(
        report,
        fields,
        expected_version,
        {"status": Status.SENT, "sent_at": timezone.now(), "figures": figures, "written_by": by},
    )
    to = recipients(network, timezone.localdate())
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=report,
        network=network,
        changes={**_changes(fields), "status": str(Status.SENT.label), "recipients": len(to)},
    )
    for name, address in to:
        queue_message(
            "steering_report",
            to=[address],
            context={
                "report": report,
                "name": name,
                "figures": display_figures(figures),
                "url": settings.SITE_URL + report.get_absolute_url(),
            },
            network=network,
            dedupe_key=f"steering-report:{report.pk}:{address.casefold()}",
        )
    return report


# --- Showing the figures -----------------------------------------------------------------------


def display_figures(figures: dict) -> dict:
    """The stored figures with what a page shows beside them: attendance in per cent."""
    groups = [
        {**row, "attendance": rules.attendance_percent(row["present"], row["marked"])} for row in figures["groups"]
    ]
    totals = figures["totals"]
    return {
        **figures,
        "start": dt.date.fromisoformat(figures["start"]),
        "end": dt.date.fromisoformat(figures["end"]),
        "groups": groups,
        "totals": {**totals, "attendance": rules.attendance_percent(totals["present"], totals["marked"])},
    }
