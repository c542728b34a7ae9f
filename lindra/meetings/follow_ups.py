"""Follow-up of absence (seed 000: "Sjekke deltakelse og følge opp dersom noen har fravær over
to ganger"). A member absent more than the policy allows in a calendar year gets one follow-up
for that year, owned by the group leader, who records what was agreed and closes it. The
member's nearest leader may be told how many absences there were, never why: no reason for an
absence is stored anywhere (it may be health data).

Only group meetings count (Meeting.is_mandatory_group_meeting); days of leave do not count at
all; the year is the meeting's calendar year in Norway."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindra.core.audit import TEXT_SAVED, record
from lindra.core.models import AuditAction
from lindra.mail.services import queue_message
from lindra.meetings import rules
from lindra.meetings.models import FollowUp, Meeting, Registration
from lindra.meetings.representatives import NOT_THE_REPRESENTATIVE
from lindra.meetings.services import MeetingError
from lindra.meetings.yearly import year_bounds
from lindra.registry.models import Leave, LocalGroup, Membership, Network, Person, Term


def year_of(meeting: Meeting) -> int:
    """The calendar year a meeting counts in: its day in Norway (a meeting at 00:30 on
    1 January belongs to the new year, although it is still 31 December in UTC)."""
    return timezone.localdate(meeting.starts_at).year


# --- Counting ---------------------------------------------------------------------------------


def _marks(network_id: int, person_ids: Iterable[int], first: int, last: int) -> dict[int, list[rules.AttendanceMark]]:
    """The marked attendance of each person at the network's group meetings of the years; not
    at a meeting they attended as the operations group's representative."""
    start, _end = year_bounds(first)
    _start, end = year_bounds(last)
    rows = (
        Registration.objects.filter(
            kind=Registration.Kind.MEMBER,
            person__in=list(person_ids),
            meeting__network=network_id,
            meeting__kind=Meeting.Kind.GROUP,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .filter(NOT_THE_REPRESENTATIVE)
        .exclude(attendance="")
    )
    marks: dict[int, list[rules.AttendanceMark]] = defaultdict(list)
    for person_id, starts_at, attendance in rows.values_list("person_id", "meeting__starts_at", "attendance"):
        marks[person_id].append(rules.AttendanceMark(timezone.localdate(starts_at), attendance))
    return marks


def _leaves(network_id: int, person_ids: Iterable[int]) -> dict[int, list[rules.LeavePeriod]]:
    """Each person's periods of leave in any of their memberships of the network."""
    leaves: dict[int, list[rules.LeavePeriod]] = defaultdict(list)
    rows = Leave.objects.filter(membership__network=network_id, membership__person__in=list(person_ids))
    for person_id, starts_on, ends_on in rows.values_list("membership__person_id", "starts_on", "ends_on"):
        leaves[person_id].append(rules.LeavePeriod(starts_on, ends_on))
    return leaves


def absences_in_year(network_id: int, person_ids: Iterable[int], year: int) -> dict[int, int]:
    """Absences (with or without notice) at the network's group meetings in the year, leaving
    out days of leave, per person. Two queries, however many people."""
    person_ids = list(person_ids)
    marks = _marks(network_id, person_ids, year, year)
    leaves = _leaves(network_id, person_ids)
    return {pk: rules.absences_in_year(marks.get(pk, []), leaves.get(pk, []), year) for pk in person_ids}


def current_absences(follow_ups: Iterable[FollowUp]) -> dict[int, int]:
    """The absences of each follow-up's member in its year as they stand now (a correction or
    leave registered later may have changed them since it was opened)."""
    follow_ups = list(follow_ups)
    counts: dict[int, int] = {}
    by_network: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in follow_ups:
        by_network[follow_up.network_id].append(follow_up)
    for network_id, rows in by_network.items():
        people = {f.person_id for f in rows}
        marks = _marks(network_id, people, min(f.year for f in rows), max(f.year for f in rows))
        leaves = _leaves(network_id, people)
        for f in rows:
            counts[f.pk] = rules.absences_in_year(marks.get(f.person_id, []), leaves.get(f.person_id, []), f.year)
    return counts


# --- Opening ----------------------------------------------------------------------------------


def open_due_follow_ups(meeting: Meeting, *, by=None, request=None) -> list[FollowUp]:
    """After attendance at a group meeting is saved: opens a follow-up for every member of the
    meeting whose absences in the meeting's year now pass the policy's threshold, and tells
    the group leader. Never a second one for the same member and year, and never a follow-up
    for a committee meeting, a fagdag or a course. Returns the follow-ups opened now."""
    if not meeting.is_mandatory_group_meeting:
        return []
    year = year_of(meeting)
    people = set(
        Registration.objects.filter(meeting=meeting, kind=Registration.Kind.MEMBER)
        .filter(NOT_THE_REPRESENTATIVE)
        .exclude(attendance="")
        .values_list("person_id", flat=True)
    )
    network = meeting.network
    counts = absences_in_year(network.pk, people, year)
    due = {pk for pk, n in counts.items() if rules.needs_follow_up(n, network.policy)}
    due -= set(FollowUp.objects.filter(network=network, year=year, person__in=due).values_list("person_id", flat=True))
    if not due:
        return []
    groups = _groups_of(network, due, meeting)
    opened = []
    for person in Person.objects.filter(pk__in=due).order_by("family_name", "given_name"):
        follow_up = _open(network, person, groups[person.pk], year, counts[person.pk], by=by, request=request)
        if follow_up is not None:
            opened.append(follow_up)
    return opened


def _groups_of(network: Network, person_ids: set[int], meeting: Meeting) -> dict[int, LocalGroup]:
    """The member's group: where they are a member today, else where they were absent."""
    groups = {pk: meeting.local_group for pk in person_ids}
    today = timezone.localdate()
    for membership in (
        Membership.objects.current(today)
        .filter(network=network, person__in=person_ids)
        .select_related("local_group")
        .order_by("starts_on")
    ):
        groups[membership.person_id] = membership.local_group
    return groups


def _open(network, person, group, year, absences, *, by, request) -> FollowUp | None:
    try:
        with transaction.atomic():
            follow_up = FollowUp.objects.create(
                network=network, person=person, local_group=group, year=year, absences=absences
            )
    except IntegrityError:  # opened at the same moment by another save
        return None
    queue_message(
        "follow_up_opened",
        to=group_leader_emails(follow_up),
        context={
            "follow_up": follow_up,
            "person": person,
            "group": group,
            "network": network,
            "allowed": network.policy.absences_before_follow_up,
            "url": settings.SITE_URL + follow_up.get_absolute_url(),
        },
        network=network,
        dedupe_key=f"follow-up:{follow_up.pk}:opened",
    )
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=follow_up,
        network=network,
        changes={"person": person.pk, "year": year, "absences": absences},
    )
    return follow_up


def group_leader_emails(follow_up: FollowUp, on: dt.date | None = None) -> list[str]:
    """The group's leaders today; the secretariat when the group has none, or when the one
    absent is the group's only leader."""
    leaders = _leaders_besides(follow_up.local_group_id, follow_up.person_id, on or timezone.localdate())
    return sorted({e for e in leaders.values_list("person__email", flat=True) if e}) or [
        follow_up.network.secretariat_email
    ]


def _leaders_besides(group, person, on: dt.date):
    """The group's leaders on a day other than the person (ids, or OuterRefs in a subquery)."""
    return Term.objects.current(on).filter(local_group=group, kind=Term.Kind.GROUP_LEADER).exclude(person=person)


# --- The group leader's work ------------------------------------------------------------------


def _require_open(follow_up: FollowUp) -> None:
    if follow_up.closed_at is not None:
        raise MeetingError(
            _("Oppfølgingen ble avsluttet %(date)s og kan ikke endres.")
            % {"date": date_format(timezone.localtime(follow_up.closed_at), "DATE_FORMAT")}
        )


def _save_agreed(follow_up: FollowUp, agreed: str, expected_version: int | None, **fields) -> None:
    rows = FollowUp.objects.filter(pk=follow_up.pk, closed_at__isnull=True)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(agreed=agreed, version=F("version") + 1, **fields):
        current = FollowUp.objects.filter(pk=follow_up.pk).values_list("version", "closed_at").first()
        if current and current[1] is not None:
            follow_up.closed_at = current[1]
            _require_open(follow_up)
        raise MeetingError(
            _("Noen andre har lagret oppfølgingen mens du skrev. Se over teksten og lagre igjen."),
            field="agreed",
            current_version=current[0] if current else None,
        )
    follow_up.refresh_from_db()


@transaction.atomic
def save_agreed(follow_up: FollowUp, *, agreed: str, expected_version: int | None, by, request=None) -> FollowUp:
    """Saves what the group leader and the member agreed (optimistic lock on the version)."""
    _require_open(follow_up)
    _save_agreed(follow_up, agreed.strip(), expected_version)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=follow_up,
        network=follow_up.network,
        changes={"agreed": TEXT_SAVED},
    )
    return follow_up


@transaction.atomic
def close(follow_up: FollowUp, *, agreed: str, expected_version: int | None, by, request=None) -> FollowUp:
    """Closes the follow-up with what was agreed, which must be written first."""
    _require_open(follow_up)
    if not agreed.strip():
        raise MeetingError(_("Skriv hva dere ble enige om før du avslutter oppfølgingen."), field="agreed")
    closed_at = timezone.now()
    _save_agreed(follow_up, agreed.strip(), expected_version, closed_at=closed_at, closed_by=by)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=follow_up,
        network=follow_up.network,
        changes={"agreed": TEXT_SAVED, "closed_at": closed_at.isoformat()},
    )
    return follow_up


def nearest_leader_of(follow_up: FollowUp) -> Person | None:
    membership = (
        Membership.objects.current()
        .filter(network=follow_up.network_id, person=follow_up.person_id, nearest_leader__isnull=False)
        .select_related("nearest_leader")
        .order_by("-starts_on")
        .first()
    )
    return membership.nearest_leader if membership else None


@transaction.atomic
def inform_leader(follow_up: FollowUp, *, by, request=None) -> Person:
    """Tells the member's nearest leader, once, that the member has had N absences this year
    and that the group leader follows up. The number only, never a reason."""
    _require_open(follow_up)
    leader = nearest_leader_of(follow_up)
    if leader is None or not leader.email:
        raise MeetingError(
            _("%(name)s har ingen nærmeste leder med e-postadresse i registeret. Be sekretariatet legge det inn.")
            % {"name": follow_up.person.full_name}
        )
    if not FollowUp.objects.filter(pk=follow_up.pk, leader_informed_at__isnull=True).update(
        leader_informed_at=timezone.now(), version=F("version") + 1
    ):
        raise MeetingError(_("Nærmeste leder er allerede orientert."))
    follow_up.refresh_from_db()
    absences = current_absences([follow_up])[follow_up.pk]
    group_leader = getattr(by, "person", None)
    queue_message(
        "follow_up_leader",
        to=[leader.email],
        reply_to=[group_leader.email] if group_leader is not None and group_leader.email else [],
        context={
            "follow_up": follow_up,
            "person": follow_up.person,
            "leader": leader,
            "absences": absences,
            "group": follow_up.local_group,
            "network": follow_up.network,
            "group_leader": group_leader,
            "allowed": follow_up.network.policy.absences_before_follow_up,
        },
        network=follow_up.network,
        dedupe_key=f"follow-up:{follow_up.pk}:leader",
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=follow_up,
        network=follow_up.network,
        changes={"leader_informed_at": follow_up.leader_informed_at.isoformat(), "nearest_leader": leader.full_name},
    )
    return leader


# --- A member's record --------------------------------------------------------------------------


@dataclass
class RecordRow:
    meeting: Meeting
    attendance: str  # the mark, or "" when none was made
    on_leave: bool
    counts: bool  # a group meeting with a mark, not on a day of leave

    @property
    def label(self) -> str:
        if not self.attendance:
            return ""
        return Registration.Attendance(self.attendance).label


@dataclass
class AttendanceRecord:
    person: Person
    network: Network
    year: int
    group_meetings: list[RecordRow]
    other_meetings: list[RecordRow]  # committee meetings, fagdag, courses: never counted
    leaves: list[Leave]
    obligation: rules.MemberObligation
    follow_up: FollowUp | None = None

    @property
    def needs_follow_up(self) -> bool:
        return self.obligation.needs_follow_up


def attendance_record(person: Person, network: Network, year: int) -> AttendanceRecord:
    """One member's year in a network: every meeting they were on the list for, with the mark
    and whether it counts, the periods of leave, and the obligation (rules.member_obligation).
    Four queries, however long the year."""
    start, end = year_bounds(year)
    registrations = (
        Registration.objects.filter(
            kind=Registration.Kind.MEMBER,
            person=person,
            meeting__network=network,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .select_related("meeting__local_group", "meeting__committee")
        .order_by("meeting__starts_at")
    )
    leaves = list(
        Leave.objects.filter(membership__person=person, membership__network=network)
        .select_related("membership__local_group")
        .order_by("starts_on")
    )
    periods = [rules.LeavePeriod(leave.starts_on, leave.ends_on) for leave in leaves]
    group_rows, other_rows, marks = [], [], []
    for registration in registrations:
        meeting = registration.meeting
        day = timezone.localdate(meeting.starts_at)
        on_leave = any(p.covers(day) for p in periods)
        mandatory = meeting.is_mandatory_group_meeting
        counts = mandatory and bool(registration.attendance) and not on_leave
        row = RecordRow(meeting, registration.attendance, on_leave, counts)
        (group_rows if mandatory else other_rows).append(row)
        if mandatory and registration.attendance:
            marks.append(rules.AttendanceMark(day, registration.attendance))
    return AttendanceRecord(
        person=person,
        network=network,
        year=year,
        group_meetings=group_rows,
        other_meetings=other_rows,
        leaves=[
            leave
            for leave in leaves
            if leave.starts_on.year <= year and (not leave.ends_on or leave.ends_on.year >= year)
        ],
        obligation=rules.member_obligation(marks, periods, year, network.policy),
        follow_up=FollowUp.objects.filter(network=network, person=person, year=year).first(),
    )


def follow_ups_of(group: LocalGroup) -> tuple[list[FollowUp], list[FollowUp]]:
    """The group's open follow-ups and its closed ones, each with .current_absences."""
    rows = list(
        FollowUp.objects.filter(local_group=group)
        .select_related("person", "closed_by", "network")
        .order_by("-year", "person__family_name", "person__given_name")
    )
    counts = current_absences(rows)
    for row in rows:
        row.current_absences = counts[row.pk]
    return [r for r in rows if r.closed_at is None], [r for r in rows if r.closed_at is not None]


def open_for_secretariat(roles, on: dt.date | None = None) -> QuerySet[FollowUp]:
    """The open follow-ups the secretariat owns, oldest first: those of a group without a
    leader, or whose only leader is the member absent (see group_leader_emails)."""
    others = _leaders_besides(OuterRef("local_group"), OuterRef("person"), on or timezone.localdate())
    return (
        FollowUp.objects.filter(network__in=roles.secretariat_networks, closed_at__isnull=True)
        .exclude(Exists(others))
        .select_related("person", "local_group")
        .order_by("opened_at", "pk")
    )


def open_for_leader(roles) -> QuerySet[FollowUp]:
    """The open follow-ups of the groups a group leader leads, oldest first."""
    return (
        FollowUp.objects.filter(local_group__in=roles.led_groups, closed_at__isnull=True)
        .select_related("person", "local_group")
        .order_by("opened_at", "pk")
    )
