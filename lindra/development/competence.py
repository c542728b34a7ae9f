"""Reporting back and competence activities (seeds 003, 004).

After a gathering the member attended, the member records that they reported back to the
nearest leader and colleagues ("Gi referat fra nettverkssamlinger til leder og til kolleger").
The member records competence activities (hospitering, courses, conferences, further
education); the nearest leader confirms them, signed in or by the e-mailed link. Only
confirmed activities count in the network's figures.

A confirmation vouches for the facts as the leader saw them: when the member changes a
confirmed activity, it is no longer confirmed, and the leader gets a new e-mail asking to
confirm it again. Changes to an activity not yet confirmed send nothing: the link in the
first e-mail shows the activity as it stands when the leader opens it.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindra.core import signed_links
from lindra.core.audit import changed_fields, plain, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.development import rules
from lindra.development.models import CompetenceActivity, ReportBack
from lindra.mail.services import queue_message
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Membership, Person
from lindra.registry.rules import is_current


class CompetenceError(DomainError):
    """A report back or an activity the member or the leader cannot record as asked. On a
    conflict it carries the activity's version now, so that saving again is deliberate."""

    def __init__(self, message: str, *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _long_date(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


# --- Reporting back ------------------------------------------------------------------------


def _gatherings_query(membership: Membership):
    """The member's registrations at the gatherings of the membership's network."""
    return Registration.objects.filter(
        person_id=membership.person_id,
        meeting__network_id=membership.network_id,
        meeting__kind__in=rules.GATHERING_KINDS,
    ).select_related("meeting__local_group", "meeting__committee")


def _gathering(registration: Registration) -> rules.Gathering:
    meeting = registration.meeting
    return rules.Gathering(
        meeting_id=meeting.pk,
        kind=meeting.kind,
        day=_day(meeting.starts_at),
        ends_at=meeting.ends_at,
        present=registration.attendance == Registration.Attendance.PRESENT,
    )


def attended(membership: Membership, now: dt.datetime | None = None) -> list[tuple[Meeting, ReportBack | None]]:
    """Every gathering the member attended while a member, once over, with its report back
    (None when not given yet), the latest first. Two queries."""
    now = now or timezone.now()
    registrations = [
        r
        for r in _gatherings_query(membership).filter(meeting__ends_at__lte=now).order_by("-meeting__starts_at")
        if rules.may_report_back(_gathering(r), now)
        and is_current(membership.starts_on, membership.ends_on, _day(r.meeting.starts_at))
    ]
    reports = {r.meeting_id: r for r in ReportBack.objects.filter(membership=membership)}
    return [(r.meeting, reports.get(r.meeting_id)) for r in registrations]


def check_may_report_back(membership: Membership, meeting: Meeting, now: dt.datetime | None = None) -> None:
    """A member reports back from a gathering of their network they were marked present at,
    once it is over."""
    now = now or timezone.now()
    registration = _gatherings_query(membership).filter(meeting=meeting).first()
    if meeting.network_id != membership.network_id or meeting.kind not in rules.GATHERING_KINDS:
        raise CompetenceError(_("Referat registreres fra samlinger i nettverket: nettverksmøter, fagdager og kurs."))
    if meeting.ends_at > now:
        raise CompetenceError(
            _("Du kan registrere referatet når samlingen er over, %(when)s.")
            % {"when": date_format(timezone.localtime(meeting.ends_at), "WEEKDAY_DATETIME_FORMAT")}
        )
    if registration is None or not rules.may_report_back(_gathering(registration), now):
        raise CompetenceError(
            _(
                "Du er ikke registrert som til stede på denne samlingen. Var du der, be arrangøren eller "
                "gruppelederen rette oppmøtet."
            )
        )


REPORT_BACK_FIELDS = ("reported_on", "to_leader", "to_colleagues", "how")


def _report_back_errors(meeting: Meeting, values: dict, today: dt.date) -> None:
    problems = rules.report_back_problems(
        _day(meeting.starts_at), values["reported_on"], today, values["to_leader"], values["to_colleagues"]
    )
    messages = {
        rules.BEFORE_MEETING: _("Referatet kan ikke være gitt før samlingen, %(day)s.")
        % {"day": _long_date(_day(meeting.starts_at))},
        rules.IN_FUTURE: _("Datoen kan ikke være etter i dag. Registrer referatet når du har gitt det."),
        rules.TO_NOBODY: _("Kryss av for hvem du ga referat til: nærmeste leder, kolleger eller begge."),
    }
    if problems:
        field, reason = problems[0]
        raise CompetenceError(messages[reason], field=field)


@transaction.atomic
def record_report_back(membership: Membership, meeting: Meeting, *, by, request=None, **values) -> ReportBack:
    """Records, or corrects, that the member reported back from the gathering: when, to whom, how."""
    check_may_report_back(membership, meeting)
    _report_back_errors(meeting, values, timezone.localdate())
    values = {name: values[name] for name in REPORT_BACK_FIELDS}
    report = ReportBack.objects.select_for_update().filter(membership=membership, meeting=meeting).first()
    if report is None:
        report = ReportBack.objects.create(membership=membership, meeting=meeting, **values)
        record(
            AuditAction.CREATED,
            request=request,
            actor=by,
            obj=report,
            network=membership.network,
            changes={name: plain(value) for name, value in values.items() if value not in ("", None)},
        )
        return report
    before = {name: getattr(report, name) for name in REPORT_BACK_FIELDS}
    changes = changed_fields(ReportBack, before, values)
    if changes:
        for name, value in values.items():
            setattr(report, name, value)
        report.recorded_at = timezone.now()
        report.save(update_fields=[*REPORT_BACK_FIELDS, "recorded_at"])
        record(AuditAction.CHANGED, request=request, actor=by, obj=report, network=membership.network, changes=changes)
    return report


def awaiting_report_back(person_id: int, now: dt.datetime, today: dt.date) -> list[dict]:
    """For the member's home page: the gatherings of the last months they attended and have
    not reported back from, each with the membership to record it on. Three queries."""
    since = today - dt.timedelta(days=rules.REPORT_BACK_ASKED_DAYS + 1)
    registrations = list(
        Registration.objects.filter(
            person_id=person_id,
            attendance=Registration.Attendance.PRESENT,
            meeting__kind__in=rules.GATHERING_KINDS,
            meeting__ends_at__lte=now,
            meeting__starts_at__gte=timezone.make_aware(dt.datetime.combine(since, dt.time())),
        ).select_related("meeting__local_group", "meeting__committee")
    )
    memberships = list(Membership.objects.filter(person_id=person_id))
    reported = set(ReportBack.objects.filter(membership__person_id=person_id).values_list("meeting_id", flat=True))
    found = []
    by_meeting = {r.meeting_id: r for r in registrations}
    for gathering in rules.awaiting_report_back(map(_gathering, registrations), reported, now, today):
        meeting = by_meeting[gathering.meeting_id].meeting
        membership = next(
            (
                m
                for m in memberships
                if m.network_id == meeting.network_id and is_current(m.starts_on, m.ends_on, gathering.day)
            ),
            None,
        )
        if membership is not None:
            found.append({"meeting": meeting, "membership": membership})
    return found


# --- Competence activities -----------------------------------------------------------------

ACTIVITY_FIELDS = ("kind", "title", "place", "starts_on", "ends_on", "hours", "description")


def _activity_errors(values: dict, today: dt.date) -> None:
    problems = rules.activity_problems(values["starts_on"], values["ends_on"], values["hours"], today)
    if not problems:
        return
    field, reason = problems[0]
    most = rules.max_hours(values["starts_on"], values["ends_on"])
    messages = {
        rules.STARTS_IN_FUTURE: _("Aktiviteten kan registreres når den har startet. Datoen kan ikke være etter i dag."),
        rules.ENDS_BEFORE_START: _("Til-datoen kan ikke være før fra-datoen."),
        rules.HOURS_NOT_POSITIVE: _("Antall timer må være mer enn 0."),
        rules.HOURS_TOO_MANY: _("Så mange timer blir det ikke: skriv høyst %(most)s timer.") % {"most": most},
        rules.HOURS_TOO_MANY_A_DAY: _(
            "Det er flere timer enn perioden rommer: høyst %(per_day)s timer per dag, det vil si %(most)s timer "
            "fra %(start)s. Sjekk timene og datoene."
        )
        % {"per_day": rules.MAX_HOURS_PER_DAY, "most": most, "start": _long_date(values["starts_on"])},
    }
    raise CompetenceError(messages[reason], field=field)


def _facts(activity: CompetenceActivity) -> dict:
    return {name: getattr(activity, name) for name in ACTIVITY_FIELDS}


def _bump_version(activity: CompetenceActivity, expected_version: int | None) -> None:
    rows = CompetenceActivity.objects.filter(pk=activity.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        current = CompetenceActivity.objects.filter(pk=activity.pk).values_list("version", flat=True).first()
        raise CompetenceError(
            _("Aktiviteten er endret i mellomtiden. Se over opplysningene under og lagre på nytt."),
            current_version=current,
        )
    activity.version = CompetenceActivity.objects.values_list("version", flat=True).get(pk=activity.pk)


@transaction.atomic
def record_activity(membership: Membership, *, by, request=None, **values) -> CompetenceActivity:
    """The member records an activity; the nearest leader gets one e-mail asking to confirm it."""
    _activity_errors(values, timezone.localdate())
    values = {name: values[name] for name in ACTIVITY_FIELDS}
    activity = CompetenceActivity.objects.create(membership=membership, **values)
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=activity,
        network=membership.network,
        changes={name: ("saved" if name == "description" else plain(v)) for name, v in values.items() if v},
    )
    _ask_leader(activity, again=False)
    return activity


@transaction.atomic
def change_activity(
    activity: CompetenceActivity, *, expected_version: int | None, by, request=None, **values
) -> CompetenceActivity:
    """The member corrects an activity. A confirmed activity whose facts change is no longer
    confirmed, and the nearest leader is asked again."""
    _activity_errors(values, timezone.localdate())
    values = {name: values[name] for name in ACTIVITY_FIELDS}
    before = _facts(activity)
    if before == values:
        return activity
    _bump_version(activity, expected_version)
    changes = changed_fields(CompetenceActivity, before, values)
    unconfirm = rules.needs_new_confirmation(activity.confirmed_at is not None, before, values)
    for name, value in values.items():
        setattr(activity, name, value)
    if unconfirm:
        changes["confirmed_at"] = [plain(activity.confirmed_at), None]
        activity.confirmed_at, activity.confirmed_by = None, None
    activity.save(update_fields=[*ACTIVITY_FIELDS, "confirmed_at", "confirmed_by"])
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=activity,
        network=activity.membership.network,
        changes=changes,
    )
    if unconfirm:
        _ask_leader(activity, again=True)
    return activity


@transaction.atomic
def delete_activity(activity: CompetenceActivity, *, by, request=None) -> None:
    """The member removes an activity recorded by mistake; a confirmed one stays."""
    if activity.confirmed_at is not None:
        raise CompetenceError(
            _("Aktiviteten er bekreftet av lederen din og kan ikke slettes. Rett den heller, om noe er feil.")
        )
    record(
        AuditAction.DELETED,
        request=request,
        actor=by,
        obj=activity,
        network=activity.membership.network,
        changes={"title": activity.title, "starts_on": plain(activity.starts_on)},
    )
    activity.delete()


@transaction.atomic
def confirm_activity(
    activity: CompetenceActivity, *, leader: Person, expected_version: int | None, by=None, request=None
) -> bool:
    """The nearest leader confirms the activity as it stood on the page they saw. Returns
    False when it was confirmed before (pressing twice is harmless)."""
    membership = Membership.objects.select_related("network").get(pk=activity.membership_id)
    if membership.nearest_leader_id != leader.pk:
        raise CompetenceError(
            _("Bare nærmeste leder for %(name)s kan bekrefte aktiviteten.") % {"name": membership.person}
        )
    if activity.confirmed_at is not None:
        return False
    _bump_version(activity, expected_version)
    now = timezone.now()
    CompetenceActivity.objects.filter(pk=activity.pk).update(confirmed_at=now, confirmed_by=leader)
    activity.confirmed_at, activity.confirmed_by = now, leader
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=activity,
        network=membership.network,
        changes={"confirmed_at": [None, plain(now)], "confirmed_by": [None, leader.full_name]},
    )
    return True


# The signed link in the leader's e-mail: it names the activity and the leader it was sent
# to, so that it confirms nothing once someone else is the member's nearest leader.
SALT = "lindra.development.confirm-activity"


def token_for(activity: CompetenceActivity, leader: Person) -> str:
    return signed_links.sign({"a": activity.pk, "l": leader.pk}, salt=SALT)


def link_for(activity: CompetenceActivity, leader: Person) -> str:
    return settings.SITE_URL + reverse("development:activity_confirm_link", args=[token_for(activity, leader)])


def activity_for_token(token: str) -> tuple[CompetenceActivity, Person] | None:
    """The activity and the leader a link names, or None when it is forged, damaged or names
    nothing that exists (the activity deleted)."""
    data = signed_links.unsign(token, salt=SALT)
    if data is None:
        return None
    activity = (
        CompetenceActivity.objects.select_related(
            "membership__person", "membership__network", "membership__nearest_leader", "confirmed_by"
        )
        .filter(pk=data.get("a"))
        .first()
    )
    leader = Person.objects.filter(pk=data.get("l")).first()
    if activity is None or leader is None:
        return None
    return activity, leader


def _ask_leader(activity: CompetenceActivity, *, again: bool) -> None:
    membership = activity.membership
    leader = membership.nearest_leader
    if leader is None or not leader.email:
        return
    member = membership.person
    queue_message(
        "activity_to_confirm",
        to=[leader.email],
        reply_to=[member.email] if member.email else [],
        context={
            "leader": leader,
            "member": member,
            "activity": activity,
            "again": again,
            "link": link_for(activity, leader),
        },
        network=membership.network,
        dedupe_key=f"activity-to-confirm:{activity.pk}:{activity.version}",
    )


def leader_is_told(membership: Membership) -> bool:
    """Whether the member's nearest leader can be asked by e-mail to confirm."""
    return membership.nearest_leader is not None and bool(membership.nearest_leader.email)


def _staff(leader_id: int, today: dt.date):
    """The leader's staff today: the memberships whose pages the leader may open."""
    return Membership.objects.current(today).filter(nearest_leader_id=leader_id)


def to_confirm_for(leader_id: int, today: dt.date) -> list[CompetenceActivity]:
    """For the nearest leader's home page: their staff's activities waiting to be confirmed."""
    return list(
        CompetenceActivity.objects.filter(membership__in=_staff(leader_id, today), confirmed_at__isnull=True)
        .select_related("membership__person")
        .order_by("recorded_at")
    )


def reports_back_from_staff(leader_id: int, today: dt.date) -> list[ReportBack]:
    """For the nearest leader's home page: what their staff reported back lately."""
    since = today - dt.timedelta(days=rules.REPORT_BACK_ASKED_DAYS)
    return list(
        ReportBack.objects.filter(membership__in=_staff(leader_id, today), reported_on__gte=since)
        .select_related("membership__person", "meeting")
        .order_by("-reported_on", "-pk")[:10]
    )
