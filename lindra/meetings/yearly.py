"""The meeting cycle's year, read side (seeds 000, 001, 003): every local group of a network
against its policy, for the secretariat's overview, and one group's year with each member's
attendance against the obligation.

Each function runs a fixed number of queries, whatever the number of groups, meetings,
registrations or members: figures are counted by the database per group, or read in one
values() query and put together here with the rules of lindra.meetings.rules.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.utils import timezone

from lindra.core.expressions import HoursBetween
from lindra.meetings import rules
from lindra.meetings.models import DeadlineStep, FollowUp, Meeting, Registration
from lindra.meetings.representatives import NOT_THE_REPRESENTATIVE
from lindra.registry.models import Change, Leave, LocalGroup, Membership, Network
from lindra.registry.rules import norwegian
from lindra.registry.services import memberships_on

FIRST_YEAR = 2000

# What became of a deadline: done by its due date, late (done after it, or still not done
# once it has passed), or still to come.
ON_TIME = "on_time"
LATE = "late"
PENDING = "pending"

INVITATION = rules.Step.INVITATION_SENT
MINUTES = rules.Step.MINUTES_TO_SECRETARIAT
MINUTES_SENT_ON = rules.Step.MINUTES_SENT
COUNTED_STEPS = (INVITATION, MINUTES, MINUTES_SENT_ON)


def years_shown(today: dt.date) -> range:
    """The years a year page can show: from 2000 up to next year's plan."""
    return range(FIRST_YEAR, today.year + 2)


def years_to_browse(meetings, today: dt.date) -> range:
    """The years the previous/next links of a year page lead through: from the first year
    with any of these meetings (this year, when there are none) up to next year's plan."""
    first = meetings.aggregate(first=Min("starts_at"))["first"]
    first_year = min(timezone.localtime(first).year, today.year) if first else today.year
    return range(max(first_year, FIRST_YEAR), today.year + 2)


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of the year and of the next, Norwegian time."""
    return (
        timezone.make_aware(dt.datetime(year, 1, 1)),
        timezone.make_aware(dt.datetime(year + 1, 1, 1)),
    )


def step_status(due_on: dt.date, done_at: dt.datetime | None, today: dt.date, zone=None) -> str:
    """ON_TIME when done on or before the due date (by the Norwegian calendar), LATE when done
    after it or not done once it has passed, PENDING while it is still to come. The zone is the
    current one when not given (a long table looks it up once)."""
    if done_at is not None:
        return ON_TIME if timezone.localdate(done_at, zone) <= due_on else LATE
    return LATE if due_on < today else PENDING


@dataclass(frozen=True)
class Deadlines:
    """How many of a step were done on time and how many are late (the rest are to come)."""

    on_time: int = 0
    late: int = 0

    def __add__(self, other: "Deadlines") -> "Deadlines":
        return Deadlines(self.on_time + other.on_time, self.late + other.late)


@dataclass(frozen=True)
class Attendance:
    """Marks of the members at the group's held meetings."""

    present: int = 0
    marked: int = 0

    @property
    def rate(self) -> float | None:
        """The share of marks that say present. Every mark counts, including those of members
        on leave (the overview does not look up leaves); None when nothing is marked."""
        return self.present / self.marked if self.marked else None

    @property
    def percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    def __add__(self, other: "Attendance") -> "Attendance":
        return Attendance(self.present + other.present, self.marked + other.marked)


# --- The secretariat's overview: every group of a network --------------------------------------


@dataclass(frozen=True)
class GroupOfYear:
    """A local group as the overview shows it: a row per group, hundreds of them."""

    pk: int
    name: str
    closed_on: dt.date | None


@dataclass(frozen=True)
class GroupRow:
    group: GroupOfYear
    meetings: rules.YearOfMeetings
    invitations: Deadlines
    minutes: Deadlines
    attendance: Attendance
    open_follow_ups: int
    without_representative: int  # meetings that name no one from the operations group (001)


@dataclass(frozen=True)
class NetworkTotals:
    groups: int
    meeting_required: int  # groups that held the required number of meetings
    meeting_hours: int  # groups that held the minimum gathering hours (all, without a minimum)
    planned: int
    held: int
    required: int
    hours: float
    invitations: Deadlines
    minutes: Deadlines
    attendance: Attendance
    open_follow_ups: int
    without_representative: int


@dataclass(frozen=True)
class FagdagOfYear:
    """A fagdag of the year (000, 003: one a year for the network): held once its attendance
    is saved, with the members present as the sheet was last saved."""

    meeting: Meeting
    held: bool
    present: int | None
    guests: int | None

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.meeting.starts_at)


@dataclass(frozen=True)
class NetworkYear:
    network: Network
    year: int
    policy_required: int
    minimum_hours: int | None
    rows: list[GroupRow]
    totals: NetworkTotals
    fagdags: list[FagdagOfYear] = field(default_factory=list)

    @property
    def fagdags_held(self) -> list[FagdagOfYear]:
        return [f for f in self.fagdags if f.held]

    @property
    def fagdags_planned(self) -> list[FagdagOfYear]:
        return [f for f in self.fagdags if not f.held]


def fagdags_of_year(network: Network, year: int) -> list[FagdagOfYear]:
    start, end = year_bounds(year)
    fagdags = Meeting.objects.filter(network=network, kind=Meeting.Kind.FAGDAG, starts_at__gte=start, starts_at__lt=end)
    return [
        FagdagOfYear(
            meeting=meeting,
            held=meeting.attendance_recorded_at is not None,
            present=(meeting.attendance_counts or {}).get("present"),
            guests=(meeting.attendance_counts or {}).get("guests"),
        )
        for meeting in fagdags.order_by("starts_at")
    ]


def network_year(network: Network, year: int, today: dt.date, *, deadlines: bool = True) -> NetworkYear:
    """Every local group of the network that was open in the year (not closed before it), with
    its group meetings planned and held against the required number, gathering hours held
    against the minimum, invitations and minutes on time or late, the attendance rate (the
    share of marks that say present), the follow-ups of the year still open, and the meetings
    that name no representative of the operations group.

    Seven queries: the groups, the meetings, their deadline steps (two: _deadlines_by_group), two
    counts per group, and the year's fagdags; five without the deadlines (`deadlines=False`: no
    invitations or minutes counted, for figures that show none).
    """
    policy = network.policy
    start, end = year_bounds(year)
    groups = [
        GroupOfYear(*values)
        for values in LocalGroup.objects.filter(network=network)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start.date()))
        .order_by("name")
        .values_list("pk", "name", "closed_on")
    ]
    meetings = Meeting.objects.filter(network=network, kind=Meeting.Kind.GROUP, starts_at__gte=start, starts_at__lt=end)
    # Counted per group by the database: a row per group rather than one per meeting, and no
    # moment of a meeting read into Python (each costs more to convert than the rest of its row).
    held = Q(attendance_recorded_at__isnull=False)
    per_group = {
        row["local_group_id"]: row
        for row in meetings.values("local_group_id")
        .annotate(
            planned=Count("pk"),
            held=Count("pk", filter=held),
            held_hours=Sum(HoursBetween("starts_at", "ends_at"), filter=held),
            without_representative=Count("pk", filter=Q(operations_representative__isnull=True)),
        )
        .order_by()
    }

    counted = _deadlines_by_group(meetings, today) if deadlines else {}
    attendance = {
        row["meeting__local_group_id"]: Attendance(row["present"], row["marked"])
        for row in Registration.objects.filter(meeting__in=meetings, kind=Registration.Kind.MEMBER)
        .filter(NOT_THE_REPRESENTATIVE)
        .exclude(attendance="")
        .values("meeting__local_group_id")
        .annotate(present=Count("id", filter=Q(attendance=Registration.Attendance.PRESENT)), marked=Count("id"))
        .order_by()
    }
    follow_ups = dict(
        FollowUp.objects.filter(network=network, year=year, closed_at__isnull=True)
        .values("local_group_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("local_group_id", "n")
    )

    rows = [
        GroupRow(
            group=group,
            meetings=_year_of_meetings(per_group.get(group.pk), policy),
            invitations=counted.get((group.pk, INVITATION), Deadlines()),
            minutes=counted.get((group.pk, MINUTES), Deadlines()),
            attendance=attendance.get(group.pk, Attendance()),
            open_follow_ups=follow_ups.get(group.pk, 0),
            without_representative=per_group.get(group.pk, {}).get("without_representative", 0),
        )
        for group in groups
    ]
    return NetworkYear(
        network=network,
        year=year,
        policy_required=policy.meetings_per_group_per_year,
        minimum_hours=policy.min_gathering_hours_per_year,
        rows=rows,
        totals=_totals(rows),
        fagdags=fagdags_of_year(network, year),
    )


def _deadlines_by_group(meetings: QuerySet[Meeting], today: dt.date) -> dict[tuple[int, str], Deadlines]:
    """The invitations and minutes of the meetings on time and late, per group and step, by the
    rule of step_status: the Norwegian date a step was done against its due date. The database
    counts the steps whose status is certain without a time zone: those done before their due
    date began in UTC (on time in any zone, each less than a day from UTC) and those not done
    (late once the due date has passed). step_status decides the rest, done on or after it
    began in UTC, one by one (SQLite would convert each time zone in Python per comparison, at
    several times the cost). Two queries."""
    steps = DeadlineStep.objects.filter(meeting__in=meetings, step__in=[INVITATION, MINUTES])
    on_time: dict[tuple[int, str], int] = defaultdict(int)
    late: dict[tuple[int, str], int] = defaultdict(int)
    for group_id, step, surely_on_time, late_not_done in (
        steps.values("meeting__local_group_id", "step")
        .annotate(
            surely_on_time=Count("pk", filter=Q(done_at__lt=F("due_on"))),
            late_not_done=Count("pk", filter=Q(done_at__isnull=True, due_on__lt=today)),
        )
        .values_list("meeting__local_group_id", "step", "surely_on_time", "late_not_done")
        .order_by()
    ):
        on_time[group_id, step] += surely_on_time
        late[group_id, step] += late_not_done
    zone = timezone.get_current_timezone()
    for group_id, step, due_on, done_at in (
        steps.filter(done_at__gte=F("due_on"))
        .values_list("meeting__local_group_id", "step", "due_on", "done_at")
        .order_by()
    ):
        status = step_status(due_on, done_at, today, zone)
        on_time[group_id, step] += status == ON_TIME
        late[group_id, step] += status == LATE
    return {key: Deadlines(on_time[key], late[key]) for key in on_time.keys() | late.keys()}


def _year_of_meetings(counted: dict | None, policy) -> rules.YearOfMeetings:
    """A group's meetings of the year against the policy, from the counts of network_year."""
    if counted is None:
        return rules.counted_year_of_meetings(0, 0, 0.0, policy)
    return rules.counted_year_of_meetings(counted["planned"], counted["held"], counted["held_hours"] or 0.0, policy)


def _totals(rows: list[GroupRow]) -> NetworkTotals:
    return NetworkTotals(
        groups=len(rows),
        meeting_required=sum(1 for r in rows if r.meetings.meets_meetings),
        meeting_hours=sum(1 for r in rows if r.meetings.meets_hours),
        planned=sum(r.meetings.planned for r in rows),
        held=sum(r.meetings.held for r in rows),
        required=sum(r.meetings.required for r in rows),
        hours=round(sum(r.meetings.hours for r in rows), 2),
        invitations=sum((r.invitations for r in rows), Deadlines()),
        minutes=sum((r.minutes for r in rows), Deadlines()),
        attendance=sum((r.attendance for r in rows), Attendance()),
        open_follow_ups=sum(r.open_follow_ups for r in rows),
        without_representative=sum(r.without_representative for r in rows),
    )


# --- One group's year ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingOfYear:
    meeting: Meeting
    held: bool
    invitation: str | None  # ON_TIME, LATE, PENDING; None when the meeting has no such step
    minutes: str | None
    minutes_sent: str | None
    present: int
    notice: int
    absent: int

    @property
    def hours(self) -> float:
        return rules.PlannedMeeting(self.meeting.starts_at, self.meeting.ends_at).hours

    @property
    def deadline_statuses(self) -> tuple[str | None, str | None, str | None]:
        """In the order of the chain: invitation sent, minutes to the secretariat, minutes sent on."""
        return (self.invitation, self.minutes, self.minutes_sent)


@dataclass(frozen=True)
class MemberOfYear:
    """A member of a group's year, read as the few values the year shows of them."""

    membership_id: int
    person_id: int
    given_name: str
    family_name: str
    obligation: rules.MemberObligation
    leaves: list[rules.LeavePeriod]
    follow_up: FollowUp | None
    joined_on: dt.date | None  # when the membership started during the year
    ended_on: dt.date | None  # when it ended during the year

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True)
class GroupYear:
    group: LocalGroup
    year: int
    meetings: list[MeetingOfYear]
    summary: rules.YearOfMeetings
    members: list[MemberOfYear]
    invitations: Deadlines = field(default_factory=Deadlines)
    minutes: Deadlines = field(default_factory=Deadlines)
    attendance: Attendance = field(default_factory=Attendance)


def group_year(group: LocalGroup, year: int, today: dt.date) -> GroupYear:
    """The group's meetings of the year (held or not, invitation and minutes on time or late,
    who was present), the year against the policy, and each member's attendance against the
    obligation: their marks at the network's group meetings of the year, leave not counted
    (rules.member_obligation). The members are those placed in the group on some day of the
    year, as the registry's history says. Seven queries."""
    network = group.network
    policy = network.policy
    start, end = year_bounds(year)
    of_year = Meeting.objects.filter(
        local_group=group, kind=Meeting.Kind.GROUP, starts_at__gte=start, starts_at__lt=end
    )
    meetings = list(of_year.select_related("host", "host_workplace").order_by("starts_at", "pk"))
    # The members' marks counted per meeting and mark, apart: counted beside the meetings' own
    # columns, the database would group by every one of them.
    marks = dict.fromkeys(((m.pk, mark) for m in meetings for mark in rules.MARKS), 0)
    for meeting_id, attendance, n in (
        Registration.objects.filter(meeting__in=of_year.values("pk"), kind=Registration.Kind.MEMBER)
        .filter(NOT_THE_REPRESENTATIVE, attendance__in=rules.MARKS)
        .values("meeting_id", "attendance")
        .annotate(n=Count("pk"))
        .values_list("meeting_id", "attendance", "n")
        .order_by()
    ):
        marks[meeting_id, attendance] = n
    steps: dict[tuple[int, str], str] = {
        (meeting_id, step): step_status(due_on, done_at, today)
        for meeting_id, step, due_on, done_at in DeadlineStep.objects.filter(
            meeting__local_group=group,
            meeting__kind=Meeting.Kind.GROUP,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
            step__in=COUNTED_STEPS,
        ).values_list("meeting_id", "step", "due_on", "done_at")
    }
    rows = [
        MeetingOfYear(
            meeting=m,
            held=m.attendance_recorded_at is not None,
            invitation=steps.get((m.pk, INVITATION)),
            minutes=steps.get((m.pk, MINUTES)),
            minutes_sent=steps.get((m.pk, MINUTES_SENT_ON)),
            present=marks[m.pk, rules.PRESENT],
            notice=marks[m.pk, rules.ABSENT_WITH_NOTICE],
            absent=marks[m.pk, rules.ABSENT_WITHOUT_NOTICE],
        )
        for m in meetings
    ]
    summary = rules.year_of_meetings(
        [rules.PlannedMeeting(r.meeting.starts_at, r.meeting.ends_at) for r in rows],
        [rules.PlannedMeeting(r.meeting.starts_at, r.meeting.ends_at) for r in rows if r.held],
        policy,
    )
    members = _members_of_year(group, year, start.date(), (end - dt.timedelta(days=1)).date(), policy)
    return GroupYear(
        group=group,
        year=year,
        meetings=rows,
        summary=summary,
        members=members,
        invitations=_count(r.invitation for r in rows),
        minutes=_count(r.minutes for r in rows),
        attendance=Attendance(
            present=sum(r.present for r in rows), marked=sum(r.present + r.notice + r.absent for r in rows)
        ),
    )


def _count(statuses: Iterable[str | None]) -> Deadlines:
    statuses = list(statuses)
    return Deadlines(on_time=statuses.count(ON_TIME), late=statuses.count(LATE))


def members_during(group: LocalGroup, first: dt.date, last: dt.date) -> QuerySet[Membership]:
    """Memberships placed in the group on some day from first to last: in it on the first day,
    or joined or moved into it during the period (the registry's history of placements)."""
    ever_in_group = Change.objects.filter(local_group=group).values("membership_id")
    in_group_at_start = memberships_on(first).filter(pk__in=ever_in_group, group_on=group.pk).values("pk")
    placed_during = (
        Change.objects.placements()
        .filter(local_group=group, effective_on__gte=first, effective_on__lte=last)
        .values("membership_id")
    )
    return Membership.objects.filter(Q(pk__in=in_group_at_start) | Q(pk__in=placed_during))


def _members_of_year(group: LocalGroup, year: int, first: dt.date, last: dt.date, policy) -> list[MemberOfYear]:
    memberships = list(
        members_during(group, first, last).values_list(
            "pk", "person_id", "person__given_name", "person__family_name", "starts_on", "ends_on"
        )
    )
    person_ids = [person_id for _pk, person_id, *_rest in memberships]
    leaves_of: dict[int, list[rules.LeavePeriod]] = defaultdict(list)
    for membership_id, starts_on, ends_on in Leave.objects.filter(
        membership__in=[pk for pk, *_rest in memberships]
    ).values_list("membership_id", "starts_on", "ends_on"):
        leaves_of[membership_id].append(rules.LeavePeriod(starts_on, ends_on))
    start, end = year_bounds(year)
    marks: dict[int, list[rules.AttendanceMark]] = defaultdict(list)
    zone = timezone.get_current_timezone()
    for person_id, starts_at, attendance in (
        Registration.objects.filter(
            kind=Registration.Kind.MEMBER,
            person__in=person_ids,
            meeting__network_id=group.network_id,
            meeting__kind=Meeting.Kind.GROUP,
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .filter(NOT_THE_REPRESENTATIVE)
        .exclude(attendance="")
        .values_list("person_id", "meeting__starts_at", "attendance")
        .order_by()
    ):
        marks[person_id].append(rules.AttendanceMark(timezone.localdate(starts_at, zone), attendance))
    follow_ups = {
        f.person_id: f for f in FollowUp.objects.filter(network_id=group.network_id, year=year, person__in=person_ids)
    }
    rows = []
    for pk, person_id, given_name, family_name, starts_on, ends_on in memberships:
        leaves = leaves_of[pk]
        rows.append(
            MemberOfYear(
                membership_id=pk,
                person_id=person_id,
                given_name=given_name,
                family_name=family_name,
                obligation=rules.member_obligation(marks[person_id], leaves, year, policy),
                leaves=[leave for leave in leaves if _touches_year(leave, first, last)],
                follow_up=follow_ups.get(person_id),
                joined_on=starts_on if first <= starts_on <= last else None,
                ended_on=ends_on if ends_on and first <= ends_on <= last else None,
            )
        )
    return sorted(rows, key=lambda r: (norwegian(r.family_name), norwegian(r.given_name), r.person_id))


def _touches_year(leave: rules.LeavePeriod, first: dt.date, last: dt.date) -> bool:
    return leave.starts_on <= last and (leave.ends_on is None or leave.ends_on >= first)
