"""The member's year, read side: the facts of each membership's year gathered from the
registry, the meetings and the development models, judged by rules.member_year; the table
of a group or a network; and the nearest leader's page of their staff.

Each function runs a fixed number of queries, whatever the number of members, meetings or
rows: facts are read in one values() query per kind and put together here.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from lindra.accounts.roles import Roles
from lindra.development import rules
from lindra.development.models import ReportBack, WorkPlan, YearlyMeeting
from lindra.meetings import minutes as meeting_minutes
from lindra.meetings import rules as meeting_rules
from lindra.meetings.models import Meeting, Registration
from lindra.meetings.representatives import NOT_THE_REPRESENTATIVE
from lindra.meetings.yearly import members_during, year_bounds
from lindra.registry.models import ChangeRequest, Leave, LocalGroup, Membership, Network, Person
from lindra.registry.rules import is_current, norwegian

NO_PLAN = "none"  # the work plan counts of a member with no plan for the year


def years_of(membership: Membership, today: dt.date) -> range:
    """The years a member's year is shown for: from the year the membership began up to this
    year, or to the year it ended."""
    last = min(membership.ends_on.year, today.year) if membership.ends_on else today.year
    return range(membership.starts_on.year, last + 1)


def with_leaves(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    return memberships.select_related(
        "person", "network", "local_group", "workplace", "nearest_leader"
    ).prefetch_related(Prefetch("leaves", queryset=Leave.objects.order_by("starts_on")))


def years_of_memberships(memberships: QuerySet[Membership], year: int, today: dt.date) -> dict[int, rules.MemberYear]:
    """Each membership's year: the marks at the network's group meetings counted as on the
    group's year, the gatherings she was present at and reported back from, the fagdags, the
    work plan and the yearly meeting, her leaves and the network's policy. Eight queries, however
    many memberships: the memberships are read as values, and the other queries take them as a
    subquery rather than as a list of thousands of ids."""
    members = list(
        memberships.values_list(
            "pk", "person_id", "network_id", "starts_on", "ends_on", "intro_course_completed_on"
        ).order_by()
    )
    if not members:
        return {}
    start, end = year_bounds(year)
    ids = memberships.values("pk").order_by()
    networks = {network_id for _pk, _person, network_id, *_dates in members}
    in_year = Q(meeting__starts_at__gte=start, meeting__starts_at__lt=end)
    zone = timezone.get_current_timezone()  # looked up once, not for each of thousands of marks
    # The networks' fagdags of the year.
    fagdags: dict[int, tuple[rules.Fagdag, ...]] = defaultdict(tuple)
    for network_id, starts_at, recorded_at in (
        Meeting.objects.filter(network__in=networks, starts_at__gte=start, starts_at__lt=end, kind=Meeting.Kind.FAGDAG)
        .values_list("network_id", "starts_at", "attendance_recorded_at")
        .order_by("starts_at")
    ):
        fagdags[network_id] += (rules.Fagdag(timezone.localdate(starts_at, zone), recorded_at is not None),)
    # The members' marks at the networks' meetings of the year, each meeting's day worked out
    # once rather than for each of thousands of marks.
    days: dict[int, dt.date] = {}
    marks: dict[tuple[int, int], list[meeting_rules.AttendanceMark]] = defaultdict(list)
    present_at: dict[tuple[int, int], list[tuple[int, str, dt.date]]] = defaultdict(list)
    for person_id, network_id, meeting_id, kind, starts_at, attendance, counts in (
        Registration.objects.filter(
            in_year, kind=Registration.Kind.MEMBER, person__in=memberships.values("person_id").order_by()
        )
        .filter(meeting__network__in=networks)
        .exclude(attendance="")
        .annotate(counts=ExpressionWrapper(NOT_THE_REPRESENTATIVE, output_field=BooleanField()))
        .values_list(
            "person_id",
            "meeting__network_id",
            "meeting_id",
            "meeting__kind",
            "meeting__starts_at",
            "attendance",
            "counts",
        )
        .order_by()
    ):
        day = days.get(meeting_id)
        if day is None:
            day = days[meeting_id] = timezone.localdate(starts_at, zone)
        key = (person_id, network_id)
        # The same marks as the group's year: the network's group meetings, the operations
        # group's representative at a meeting not counted as a member there.
        if kind == Meeting.Kind.GROUP and counts:
            marks[key].append(meeting_rules.AttendanceMark(day, attendance))
        if attendance == meeting_rules.PRESENT and kind in rules.GATHERING_KINDS:
            present_at[key].append((meeting_id, kind, day))
    policies = {network.pk: network.policy for network in Network.objects.filter(pk__in=networks)}
    leaves: dict[int, list[meeting_rules.LeavePeriod]] = defaultdict(list)
    for membership_id, starts_on, ends_on in (
        Leave.objects.filter(membership__in=ids)
        .order_by("starts_on")
        .values_list("membership_id", "starts_on", "ends_on")
    ):
        leaves[membership_id].append(meeting_rules.LeavePeriod(starts_on, ends_on))
    reported: dict[int, set[int]] = defaultdict(set)
    for membership_id, meeting_id in (
        ReportBack.objects.filter(membership__in=ids).filter(in_year).values_list("membership_id", "meeting_id")
    ):
        reported[membership_id].add(meeting_id)
    plans = {
        p["membership_id"]: p
        for p in WorkPlan.objects.filter(membership__in=ids, year=year).values("membership_id", "status", "agreed_at")
    }
    yearly = {
        y["membership_id"]: y
        for y in YearlyMeeting.objects.filter(membership__in=ids, year=year).values(
            "membership_id", "starts_at", "evaluated_at"
        )
    }
    found = {}
    for pk, person_id, network_id, starts_on, ends_on, intro_course_completed_on in members:
        key = (person_id, network_id)
        their_leaves = tuple(leaves[pk])
        policy = policies[network_id]
        gatherings = [
            (meeting_id, kind, day) for meeting_id, kind, day in present_at[key] if is_current(starts_on, ends_on, day)
        ]
        fagdag_days = [day for _id, kind, day in gatherings if kind == Meeting.Kind.FAGDAG]
        plan = plans.get(pk)
        meeting = yearly.get(pk)
        facts = rules.YearFacts(
            year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            leaves=their_leaves,
            intro_course_completed_on=intro_course_completed_on,
            meetings=meeting_rules.member_obligation(marks[key], their_leaves, year, policy),
            fagdags=fagdags[network_id],  # one tuple for the network's members
            fagdag_attended_on=fagdag_days[0] if fagdag_days else None,
            gatherings_attended=len(gatherings),
            gatherings_reported=sum(1 for meeting_id, _kind, _day in gatherings if meeting_id in reported[pk]),
            work_plan_status=plan["status"] if plan else None,
            work_plan_agreed_on=_day(plan["agreed_at"], zone) if plan else None,
            yearly_meeting_on=_day(meeting["starts_at"], zone) if meeting else None,
            yearly_meeting_evaluated_on=_day(meeting["evaluated_at"], zone) if meeting else None,
            work_plan_due=policy.work_plan_due,
            evaluation_due=policy.evaluation_due,
        )
        found[pk] = rules.member_year(facts, today)
    return found


def _day(moment: dt.datetime | None, zone) -> dt.date | None:
    return timezone.localdate(moment, zone) if moment else None


def member_year(membership: Membership, year: int, today: dt.date) -> rules.MemberYear:
    return years_of_memberships(Membership.objects.filter(pk=membership.pk), year, today)[membership.pk]


# --- The table of a group or a network --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableMember:
    """A member as the table names her, read as values: a network's table has thousands."""

    pk: int
    local_group_id: int
    starts_on: dt.date
    ends_on: dt.date | None
    given_name: str
    family_name: str
    group_name: str
    workplace_name: str

    full_name = Person.full_name  # the name as the registry writes it


@dataclass(frozen=True)
class ToldTask:
    """A task whose state an app above this one knows: the annual reporting (seed 004)."""

    status: rules.TaskStatus
    said: rules.Said

    @property
    def text(self) -> str:
        return str(self.said)

    @property
    def color(self) -> str:
        return rules.STATUS_COLORS[self.status]


@dataclass(frozen=True, slots=True)
class TableRow:
    membership: TableMember
    the_year: rules.MemberYear
    told: dict[rules.Task, ToldTask]  # the tasks an app above tells (TELLERS) for this member

    @property
    def statuses(self) -> tuple[rules.TaskStatus, ...]:
        if not self.told:
            return self.the_year.statuses
        return tuple(
            self.told[task].status if task in self.told else s
            for task, s in zip(rules.Task, self.the_year.statuses, strict=True)
        )

    @property
    def cells(self) -> tuple[rules.TaskOfYear | ToldTask, ...]:
        """Each task as the rule says or as an app above tells it, in the order of rules.Task."""
        return tuple(self.told.get(t.task, t) for t in self.the_year.tasks)


@dataclass(frozen=True)
class ColumnCount:
    task: rules.Task
    done: int
    open: int  # not yet, or not due
    late: int  # not yet: due and not done
    coming: bool = False  # every cell says "Kommer": nobody tells this task yet

    @property
    def label(self) -> str:
        return str(rules.TASK_LABELS[self.task])

    @property
    def asked(self) -> int:
        return self.done + self.open


# The tasks whose state the apps above know, each a function of (memberships, year), the
# memberships a queryset, to a ToldTask per membership (None where there is nothing to tell). lindra.annual tells the
# annual reporting when it is loaded; a task nobody tells stays as the rule says ("Kommer").
TELLERS: dict = {}


@dataclass(frozen=True)
class YearTable:
    year: int
    rows: list[TableRow]
    columns: list[ColumnCount]


def _table(memberships: QuerySet[Membership], year: int, today: dt.date) -> YearTable:
    members = [
        TableMember(*values)
        for values in memberships.values_list(
            "pk",
            "local_group_id",
            "starts_on",
            "ends_on",
            "person__given_name",
            "person__family_name",
            "local_group__name",
            "workplace__name",
        ).order_by()
    ]
    years = years_of_memberships(memberships, year, today)
    told = {task: teller(memberships, year) for task, teller in TELLERS.items()}

    rows = sorted(
        (
            TableRow(m, years[m.pk], {task: known for task, told_of in told.items() if (known := told_of.get(m.pk))})
            for m in members
        ),
        key=lambda r: (norwegian(r.membership.family_name), norwegian(r.membership.given_name), r.membership.pk),
    )
    statuses = [r.statuses for r in rows]
    columns = []
    for n, task in enumerate(rules.Task):
        of_task = [row[n] for row in statuses]
        columns.append(
            ColumnCount(
                task=task,
                done=of_task.count(rules.TaskStatus.DONE),
                open=sum(1 for s in of_task if s in rules.OPEN_STATUSES),
                late=of_task.count(rules.TaskStatus.NOT_YET),
                coming=all(s == rules.TaskStatus.COMING for s in of_task),
            )
        )
    return YearTable(year=year, rows=rows, columns=columns)


def group_table(group: LocalGroup, year: int, today: dt.date) -> YearTable:
    """Every member placed in the group on some day of the year (the group's year's members)."""
    start, end = year_bounds(year)
    during = members_during(group, start.date(), (end - dt.timedelta(days=1)).date())
    # Read once: the history of placements behind it would be asked again in each query.
    return _table(Membership.objects.filter(pk__in=list(during.values_list("pk", flat=True))), year, today)


def network_table(network: Network, year: int, today: dt.date) -> YearTable:
    """Every membership of the network that lasted into the year."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    memberships = Membership.objects.filter(network=network, starts_on__lte=last).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=first)
    )
    return _table(memberships, year, today)


# --- The nearest leader's page ----------------------------------------------------------------


@dataclass(frozen=True)
class StaffMember:
    membership: Membership
    the_year: rules.MemberYear
    on_leave: Leave | None  # the leave of today, if any
    open_requests: list[ChangeRequest]

    @property
    def attendance(self) -> meeting_rules.MemberObligation:
        return self.the_year.facts.meetings

    @property
    def person(self):
        return self.membership.person

    @property
    def yearly_meeting(self) -> rules.TaskOfYear:
        return self.the_year.task(rules.Task.YEARLY_MEETING)


@dataclass(frozen=True)
class StaffGroup:
    network: Network
    group: LocalGroup
    members: list[StaffMember]


@dataclass(frozen=True)
class MinutesReceived:
    meeting: Meeting
    sent_at: dt.datetime | None
    url: str  # the minutes' page, where the leader may open it


@dataclass(frozen=True)
class StaffPage:
    year: int
    groups: list[StaffGroup]
    staff: list[StaffMember]
    plans_to_agree: list[StaffMember]
    meetings_to_hold: list[StaffMember]
    plan_counts: dict[str, int]  # work plans of the year by status ("none": no plan)
    meetings_booked: int
    meetings_evaluated: int
    minutes: list[MinutesReceived]

    @property
    def plans_not_sent(self) -> int:
        """Drafts, and members with no plan for the year yet."""
        return self.plan_counts.get("draft", 0) + self.plan_counts.get(NO_PLAN, 0)


MINUTES_LISTED = 20


def staff_page(roles: Roles, leader_email: str, today: dt.date) -> StaffPage:
    """The leader's staff today, grouped by network and group, each with this year's tasks and
    attendance; what the leader owes; the year's work plans and yearly meetings counted by
    state; and the minutes the leader received as nearest leader (lindra.meetings.minutes sends
    each nearest leader of a member one copy, keyed by their address). Thirteen queries."""
    staff_of = Membership.objects.current(today).filter(nearest_leader_id=roles.person_id)
    memberships = list(
        with_leaves(staff_of).order_by(
            "network__name", "local_group__name", "person__family_name", "person__given_name", "pk"
        )
    )
    years = years_of_memberships(staff_of, today.year, today)
    requests: dict[int, list[ChangeRequest]] = defaultdict(list)
    for change_request in ChangeRequest.objects.filter(
        membership__in=[m.pk for m in memberships], status=ChangeRequest.Status.OPEN
    ).order_by("requested_at"):
        requests[change_request.membership_id].append(change_request)
    staff = [
        StaffMember(
            membership=m,
            the_year=years[m.pk],
            on_leave=next(
                (leave for leave in m.leaves.all() if is_current(leave.starts_on, leave.ends_on, today)), None
            ),
            open_requests=requests[m.pk],
        )
        for m in memberships
    ]
    groups: list[StaffGroup] = []
    for member in staff:
        m = member.membership
        if not groups or groups[-1].group.pk != m.local_group_id:
            groups.append(StaffGroup(m.network, m.local_group, []))
        groups[-1].members.append(member)
    plan_counts: dict[str, int] = defaultdict(int)
    for member in staff:
        plan_counts[member.the_year.facts.work_plan_status or NO_PLAN] += 1
    return StaffPage(
        year=today.year,
        groups=groups,
        staff=staff,
        plans_to_agree=[s for s in staff if rules.Owed.AGREE_PLAN in s.the_year.leader_owes],
        meetings_to_hold=[s for s in staff if rules.Owed.HOLD_MEETING in s.the_year.leader_owes],
        plan_counts=dict(plan_counts),
        meetings_booked=sum(1 for s in staff if s.the_year.facts.yearly_meeting_on),
        meetings_evaluated=sum(1 for s in staff if s.the_year.facts.yearly_meeting_evaluated_on),
        minutes=minutes_received(roles, leader_email, today.year),
    )


def minutes_received(roles: Roles, leader_email: str, year: int) -> list[MinutesReceived]:
    """The minutes the leader got as nearest leader in the year, newest first: the outbox
    rows lindra.meetings.minutes queued for their address. Two queries."""
    if not leader_email:
        return []
    start, end = year_bounds(year)
    sent = meeting_minutes.sent_to_leader(leader_email, start, end, limit=MINUTES_LISTED)
    meetings = Meeting.objects.filter(pk__in=sent).select_related("local_group", "committee").in_bulk()
    return [
        MinutesReceived(
            meeting=meetings[pk],
            sent_at=at,
            url=reverse("meetings:minutes", args=[pk]) if meetings[pk].local_group_id in roles.staff_groups else "",
        )
        for pk, at in sent.items()
        if pk in meetings
    ]
