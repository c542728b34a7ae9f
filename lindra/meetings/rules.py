"""Pure rules of the meeting cycle (seeds 000, 001, 003): the deadline chain, reminders and
escalations, fair host rotation, and the warnings on a year's plan. Plain values in and out."""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

import holidays

from lindra.registry.rules import Policy, Status, norwegian, status_on


class MeetingKind(StrEnum):
    """The kinds of meeting, as Meeting.Kind stores them."""

    GROUP = "group"  # a local group's meeting (001)
    COMMITTEE = "committee"  # an operations or working group's own meeting (003: 4 a year)
    FAGDAG = "fagdag"  # the network's yearly day, held by the operations group (000)
    COURSE = "course"  # an intro course for new members and their leaders (003)


class Step(StrEnum):
    PROGRAM = "program"  # the program is agreed (001: the host with the group leader, min 2 months)
    INVITATION_TO_SECRETARIAT = "invitation_to_secretariat"  # the draft goes in (000, 001: 14 days)
    INVITATION_SENT = "invitation_sent"  # secretariat sends it out (000: at the latest 14 days)
    REGISTRATION_DEADLINE = "registration_deadline"  # participants register (001: with the host)
    MINUTES_TO_SECRETARIAT = "minutes_to_secretariat"  # the minutes go in (001: within 14 days)
    MINUTES_SENT = "minutes_sent"  # secretariat sends them on, also to the nearest leaders (001)


class Owner(StrEnum):
    HOST = "host"
    GROUP_LEADER = "group_leader"
    COMMITTEE = "committee"  # the committee that holds the meeting, through its leader
    SECRETARIAT = "secretariat"


@dataclass(frozen=True)
class ChainStep:
    step: Step
    owner: Owner
    before_meeting: bool  # it must be done before the meeting: nothing is said about it once the meeting has begun


_GROUP_CHAIN = (
    ChainStep(Step.PROGRAM, Owner.HOST, True),
    ChainStep(Step.INVITATION_TO_SECRETARIAT, Owner.HOST, True),
    ChainStep(Step.INVITATION_SENT, Owner.SECRETARIAT, True),
    ChainStep(Step.REGISTRATION_DEADLINE, Owner.HOST, True),
    ChainStep(Step.MINUTES_TO_SECRETARIAT, Owner.GROUP_LEADER, False),
    ChainStep(Step.MINUTES_SENT, Owner.SECRETARIAT, False),
)
# A fagdag or a course has no host: the committee that holds it makes the program and drafts
# the invitation, the secretariat sends it, the committee takes the registrations and writes
# the minutes. A committee's own meeting has no program of its own to agree in advance: its
# agenda goes in with the invitation.
_EVENT_CHAIN = (
    ChainStep(Step.PROGRAM, Owner.COMMITTEE, True),
    ChainStep(Step.INVITATION_TO_SECRETARIAT, Owner.COMMITTEE, True),
    ChainStep(Step.INVITATION_SENT, Owner.SECRETARIAT, True),
    ChainStep(Step.REGISTRATION_DEADLINE, Owner.COMMITTEE, True),
    ChainStep(Step.MINUTES_TO_SECRETARIAT, Owner.COMMITTEE, False),
    ChainStep(Step.MINUTES_SENT, Owner.SECRETARIAT, False),
)
CHAINS: dict[MeetingKind, tuple[ChainStep, ...]] = {
    MeetingKind.GROUP: _GROUP_CHAIN,
    MeetingKind.COMMITTEE: _EVENT_CHAIN[1:],
    MeetingKind.FAGDAG: _EVENT_CHAIN,
    MeetingKind.COURSE: _EVENT_CHAIN,
}


def chain(kind: str) -> tuple[ChainStep, ...]:
    """The steps of a kind of meeting, in their order."""
    return CHAINS[MeetingKind(kind)]


def chain_step(kind: str, step: str) -> ChainStep | None:
    """The step of the kind's chain, or None when the kind has no such step."""
    return next((s for s in chain(kind) if s.step == step), None)


def step_owner(kind: str, step: str) -> Owner:
    found = chain_step(kind, step)
    if found is None:
        raise KeyError(f"{kind} meetings have no step {step}")
    return found.owner


def leader_of(kind: str) -> Owner:
    """Who answers for the meeting after its owners: the group's leader, or the committee's."""
    return Owner.GROUP_LEADER if kind == MeetingKind.GROUP else Owner.COMMITTEE


# When the owner is reminded before a step is due, and when a late step is escalated: first
# to the leader (of the group, or of the committee that holds the meeting), then to the
# secretariat. Days, counted from the due date.
REMINDER_DAYS_BEFORE = (7, 1)
LEADER_ESCALATION_DAYS = 1
SECRETARIAT_ESCALATION_DAYS = 7
# The secretariat's own time to review and send on the minutes it has received.
MINUTES_REVIEW_DAYS = 7
# A registration deadline, unless the host sets another.
REGISTRATION_DAYS_BEFORE = 7


def escalations(kind: str, step: str) -> tuple[tuple[Owner, int], ...]:
    """To whom a late step is escalated, and how many days after its due date: never to
    its own owner, who has had the reminders."""
    owner = step_owner(kind, step)
    targets = ((leader_of(kind), LEADER_ESCALATION_DAYS), (Owner.SECRETARIAT, SECRETARIAT_ESCALATION_DAYS))
    return tuple((to, days) for to, days in targets if to != owner)


def deadline_chain(
    starts_on: dt.date,
    ends_on: dt.date,
    policy: Policy,
    registration_deadline: dt.date | None = None,
    *,
    kind: str = MeetingKind.GROUP,
) -> dict[Step, dt.date]:
    """The due date of every step of a meeting's chain, from the network's policy."""
    due = {
        Step.PROGRAM: starts_on - dt.timedelta(days=policy.program_days_before),
        Step.INVITATION_TO_SECRETARIAT: invitation_due_on(starts_on, policy),
        Step.INVITATION_SENT: invitation_due_on(starts_on, policy),
        Step.REGISTRATION_DEADLINE: registration_deadline or starts_on - dt.timedelta(days=REGISTRATION_DAYS_BEFORE),
        Step.MINUTES_TO_SECRETARIAT: ends_on + dt.timedelta(days=policy.minutes_days_after),
        Step.MINUTES_SENT: minutes_sent_due_on(ends_on, policy),
    }
    return {s.step: due[s.step] for s in chain(kind)}


def minutes_sent_due_on(ends_on: dt.date, policy: Policy) -> dt.date:
    """The day the secretariat must have sent on the minutes, every kind of meeting: the days
    the minutes may take to reach it, and its own days to review them."""
    return ends_on + dt.timedelta(days=policy.minutes_days_after + MINUTES_REVIEW_DAYS)


class NoticeKind(StrEnum):
    REMINDER = "reminder"
    ESCALATION = "escalation"


def invitation_due_on(starts_on: dt.date, policy: Policy) -> dt.date:
    """The day the invitation must be with the group at the latest (000, 001: 14 days before)."""
    return starts_on - dt.timedelta(days=policy.invitation_days_before)


def days_left(due_on: dt.date, today: dt.date) -> int:
    """Days until a due date: 0 on the day itself, negative once it has passed."""
    return (due_on - today).days


@dataclass(frozen=True)
class Notice:
    """A reminder or escalation of one step: to whom, on which day, and its key."""

    step: Step
    kind: NoticeKind
    to: Owner
    on: dt.date
    key: str  # unique per meeting: the same notice is never sent twice


def step_notices(kind: str, step: str, due: dt.date) -> list[Notice]:
    """Every notice of one step, in the order of their days: the owner's reminders before the
    due date, the escalations after it."""
    step = Step(step)
    owner = step_owner(kind, step)
    notices = [
        Notice(step, NoticeKind.REMINDER, owner, due - dt.timedelta(days=days), f"{step}:reminder:{days}")
        for days in REMINDER_DAYS_BEFORE
    ]
    notices += [
        Notice(step, NoticeKind.ESCALATION, to, due + dt.timedelta(days=days), f"{step}:escalation:{to}")
        for to, days in escalations(kind, step)
    ]
    return sorted(notices, key=lambda n: n.on)


@dataclass(frozen=True)
class DueNotices:
    send: tuple[Notice, ...]  # what to send now
    next_on: dt.date | None  # the next day there may be something to send; None when nothing is left


def _stale(notice: Notice, day: dt.date, due: dt.date, before_meeting: bool, meeting_started: bool) -> bool:
    """A reminder after its due date, or anything about a step before the meeting once the
    meeting has begun, is stale: it would tell people something they can no longer act on."""
    return (notice.kind == NoticeKind.REMINDER and day > due) or (before_meeting and meeting_started)


def next_notice_on(
    kind: str, step: str, due: dt.date, *, after: dt.date | None, meeting_starts_on: dt.date
) -> dt.date | None:
    """The first day after `after` (from the first notice when None) on which one of the
    step's notices falls due and could still be sent."""
    before_meeting = chain_step(kind, step).before_meeting
    for notice in step_notices(kind, step, due):
        if after is not None and notice.on <= after:
            continue
        # A step before the meeting says nothing after the meeting's day.
        if before_meeting and notice.on > meeting_starts_on:
            return None
        return notice.on
    return None


def notices_due(
    kind: str,
    step: str,
    due: dt.date,
    *,
    since: dt.date | None,
    today: dt.date,
    meeting_starts_on: dt.date,
    meeting_started: bool,
) -> DueNotices:
    """The notices of an open step to send today, having sent those before `since` already
    (None: none sent): every escalation whose day has come, however long ago; only the newest
    reminder, and none that is stale. And the next day to look again."""
    before_meeting = chain_step(kind, step).before_meeting
    ready = [
        n
        for n in step_notices(kind, step, due)
        if (since is None or n.on >= since)
        and n.on <= today
        and not _stale(n, today, due, before_meeting, meeting_started)
    ]
    reminders = [n for n in ready if n.kind == NoticeKind.REMINDER]
    send = tuple(n for n in ready if n.kind != NoticeKind.REMINDER or n == reminders[-1])
    return DueNotices(send, next_notice_on(kind, step, due, after=today, meeting_starts_on=meeting_starts_on))


# --- Host rotation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HostCandidate:
    """A member who could host, with the dates that decide whether they can on a given day."""

    membership_id: int
    workplace_id: int
    name: str
    starts_on: dt.date = dt.date.min
    ends_on: dt.date | None = None
    leaves: tuple[tuple[dt.date, dt.date | None], ...] = ()
    person_id: int | None = None

    def status_on(self, day: dt.date) -> str:
        return status_on(self.starts_on, self.ends_on, list(self.leaves), day)

    def available_on(self, day: dt.date) -> bool:
        return self.status_on(day) == Status.ACTIVE


class Hosted(NamedTuple):
    """A meeting hosted: by which workplace, on which day, by which person (none when the
    workplace hosted alone)."""

    workplace_id: int
    on: dt.date
    person_id: int | None = None


@dataclass
class _Turns:
    """Who has had their turn in a sequence of hostings, oldest first: each workplace's last
    position in it and how many times it hosted, and each person's last position."""

    last: dict[int, int] = field(default_factory=dict)
    count: dict[int, int] = field(default_factory=dict)
    person_last: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, sequence: Iterable[tuple[int, int | None]]) -> "_Turns":
        turns = cls()
        for position, (workplace_id, person_id) in enumerate(sequence):
            turns.last[workplace_id] = position
            turns.count[workplace_id] = turns.count.get(workplace_id, 0) + 1
            if person_id is not None:
                turns.person_last[person_id] = position
        return turns

    def ranked(self, candidates: Iterable[HostCandidate]) -> list[HostCandidate]:
        """A workplace that never hosted first, then the one that hosted longest ago, then the
        one that hosted fewer times; within a workplace, the member who hosted longest ago."""
        return sorted(
            candidates,
            key=lambda c: (
                self.last.get(c.workplace_id, -1),
                self.count.get(c.workplace_id, 0),
                self.person_last.get(c.person_id, -1),
                norwegian(c.name),
                c.membership_id,
            ),
        )

    def waiting(self, workplace_id: int, active: set[int]) -> tuple[int, ...]:
        """The active workplaces that have not hosted since this one last did: were it to host
        now, it would host twice before they have hosted once."""
        if workplace_id not in self.last:
            return ()
        mine = self.last[workplace_id]
        return tuple(sorted(w for w in active if w != workplace_id and self.last.get(w, -1) < mine))


def _before(hosted_on: Iterable[tuple], day: dt.date) -> list[tuple[int, int | None]]:
    hosted = sorted((Hosted(*h) for h in hosted_on), key=lambda h: h.on)
    return [(h.workplace_id, h.person_id) for h in hosted if h.on < day]


def rotation_order(candidates: Iterable[HostCandidate], hosted_on: Iterable[tuple], on: dt.date) -> list[HostCandidate]:
    """Suggested hosts for a meeting on the day, fairest first: only members who can host that
    day (members then, and not on leave), the workplaces taking turns (001: "Ansvar for møtene
    skal rullere") by their hostings before the day (_Turns.ranked). Ties go by name."""
    available = [c for c in candidates if c.available_on(on)]
    return _Turns.of(_before(hosted_on, on)).ranked(available)


@dataclass(frozen=True)
class PlanRow:
    """A meeting of a year's plan, as the rotation sees it."""

    day: dt.date | None  # None while not dated: judged after the dated ones, on the plan's first day
    host: int | None = None  # the membership chosen to host
    workplace: int | None = None  # the host's workplace, also when no member hosts (001: the workplace alone)
    suggest: bool = False  # without a host, take the suggestion (a new row of the plan)


@dataclass(frozen=True)
class RowHosting:
    host: HostCandidate | None  # the chosen host, or the suggestion taken
    ranked: tuple[HostCandidate, ...]  # those who can host that day, fairest first
    suggestion: HostCandidate | None  # the first of them
    status: str  # the host's status on the day (registry Status); "" without a member hosting
    waiting: tuple[int, ...]  # workplaces that have not hosted since the host's workplace last did


def plan_hosts(
    rows: list[PlanRow],
    candidates: Iterable[HostCandidate],
    hosted_on: Iterable[tuple],
    *,
    first_day: dt.date,
) -> list[RowHosting]:
    """Judges each row of a year's plan on its own date, in the order of the dates, after the
    hostings before it (those outside the plan, `hosted_on`, and the plan's earlier rows): the
    fairest suggestion, and whether the chosen host can host that day and is in turn."""
    candidates = list(candidates)
    by_id = {c.membership_id: c for c in candidates}
    hosted_on = list(hosted_on)
    order = sorted(range(len(rows)), key=lambda i: (rows[i].day is None, rows[i].day or dt.date.min, i))
    placed: list[tuple[int, int | None]] = []
    found: dict[int, RowHosting] = {}
    for i in order:
        row = rows[i]
        day = row.day or first_day
        turns = _Turns.of(_before(hosted_on, day) + placed)
        available = [c for c in candidates if c.available_on(day)]
        ranked = turns.ranked(available)
        suggestion = ranked[0] if ranked else None
        host = by_id.get(row.host) if row.host is not None else (suggestion if row.suggest else None)
        workplace = host.workplace_id if host else row.workplace
        found[i] = RowHosting(
            host=host,
            ranked=tuple(ranked),
            suggestion=suggestion,
            status=host.status_on(day) if host else "",
            waiting=turns.waiting(workplace, {c.workplace_id for c in available}) if workplace else (),
        )
        if workplace is not None:
            placed.append((workplace, host.person_id if host else None))
    return [found[i] for i in range(len(rows))]


# --- The year's plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedMeeting:
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


def plan_warnings(meetings: list[PlannedMeeting], policy: Policy, *, committee: bool = False) -> list[str]:
    """What a group leader should look at again before saving a year's plan. Codes, so that
    the caller words them: fewer_meetings, short_hours, holiday:<date>:<name>, weekend:<date>."""
    warnings = []
    required = policy.committee_meetings_per_year if committee else policy.meetings_per_group_per_year
    if len(meetings) < required:
        warnings.append(f"fewer_meetings:{len(meetings)}:{required}")
    minimum = policy.min_gathering_hours_per_year
    if minimum and not committee:
        hours = sum(m.hours for m in meetings)
        if hours < minimum:
            warnings.append(f"short_hours:{hours:g}:{minimum}")
    years = {m.starts_at.year for m in meetings}
    norwegian_holidays = holidays.Norway(years=years) if years else {}
    for meeting in meetings:
        day = meeting.starts_at.date()
        if day in norwegian_holidays:
            warnings.append(f"holiday:{day.isoformat()}:{norwegian_holidays[day]}")
        elif day.weekday() >= 5:
            warnings.append(f"weekend:{day.isoformat()}")
    return warnings


_NUMBERED = re.compile(r"(\d+)\s*/\s*(\d{4})")


def next_number(titles: Iterable[str], year: int) -> int:
    """The number of the next meeting of a year ("Nettverksmøte 3 / 2027" is number 3 of
    2027): one after the highest so far, so that a meeting added later continues the count."""
    numbers = [int(m[1]) for title in titles for m in _NUMBERED.finditer(title) if int(m[2]) == year]
    return max(numbers, default=0) + 1


def may_mark_done(owner: Owner, *, is_secretariat: bool, is_group_leader: bool, is_host: bool) -> bool:
    """Who may mark a step done: the secretariat any step; the group leader (or, for a
    committee meeting, its members) the host's and its own; the host only the host's."""
    if is_secretariat:
        return True
    if owner == Owner.SECRETARIAT:
        return False
    return is_group_leader or (is_host and owner == Owner.HOST)


# --- Answering an invitation (seed 001) ---------------------------------------------------------

NO_ANSWER = "none"
REGISTERED = "registered"
NOTICE_GIVEN = "absent"


class AnswerPhase(StrEnum):
    OPEN = "open"  # registering and notice of absence are both taken
    LATE = "late"  # the registration deadline has passed: notice of absence is still taken
    STARTED = "started"  # the meeting has begun: no answer is taken
    OVER = "over"


def answer_phase(
    now: dt.datetime, today: dt.date, *, starts_at: dt.datetime, ends_at: dt.datetime, deadline: dt.date
) -> AnswerPhase:
    """Where a meeting stands for its answers. The registration deadline closes registering
    (001: "tidsfrist for påmelding til arrangør"), not giving notice: a member must tell their
    leaders of an absence whenever it comes, so notice is taken until the meeting starts."""
    if now >= ends_at:
        return AnswerPhase.OVER
    if now >= starts_at:
        return AnswerPhase.STARTED
    if today > deadline:
        return AnswerPhase.LATE
    return AnswerPhase.OPEN


def open_answers(phase: AnswerPhase, current: str) -> tuple[str, ...]:
    """The answers a participant may still give, never the one already given: registering
    until the deadline, notice of absence until the meeting starts. One who gave notice
    cannot register after the deadline: the host has planned the day by then."""
    allowed = {
        AnswerPhase.OPEN: (REGISTERED, NOTICE_GIVEN),
        AnswerPhase.LATE: (NOTICE_GIVEN,),
    }.get(phase, ())
    return tuple(answer for answer in allowed if answer != current)


@dataclass(frozen=True)
class PartTimes:
    """The times of a meeting (on its day) and of its agenda's two parts; empty when not set."""

    meeting_starts: dt.time
    meeting_ends: dt.time
    part1_starts: dt.time | None = None
    part1_ends: dt.time | None = None
    part2_starts: dt.time | None = None
    part2_ends: dt.time | None = None


def part_time_problems(times: PartTimes) -> dict[str, str]:
    """What is wrong with the parts' times, by field: codes the form words. A part has both
    times or none; it ends after it starts and lies within the meeting; part 1 ends before
    part 2 starts."""
    problems: dict[str, str] = {}
    for part in ("part1", "part2"):
        starts, ends = getattr(times, f"{part}_starts"), getattr(times, f"{part}_ends")
        if starts is None and ends is None:
            continue
        if starts is None:
            problems[f"{part}_starts"] = "missing_start"
        elif ends is None:
            problems[f"{part}_ends"] = "missing_end"
        elif starts < times.meeting_starts:
            problems[f"{part}_starts"] = "before_meeting"
        elif ends > times.meeting_ends:
            problems[f"{part}_ends"] = "after_meeting"
        elif ends <= starts:
            problems[f"{part}_ends"] = "ends_before_start"
    if not problems and times.part1_ends and times.part2_starts and times.part2_starts < times.part1_ends:
        problems["part2_starts"] = "overlaps_part1"
    return problems


# --- Attendance and follow-up of absence (seed 000) ---------------------------------------------

PRESENT = "present"
ABSENT_WITH_NOTICE = "notice"
ABSENT_WITHOUT_NOTICE = "absent"
ABSENCES = frozenset({ABSENT_WITH_NOTICE, ABSENT_WITHOUT_NOTICE})
MARKS = (PRESENT, ABSENT_WITH_NOTICE, ABSENT_WITHOUT_NOTICE)


@dataclass(frozen=True)
class AttendanceMark:
    """One member's attendance at one mandatory meeting."""

    on: dt.date
    status: str  # PRESENT, ABSENT_WITH_NOTICE or ABSENT_WITHOUT_NOTICE


@dataclass(frozen=True)
class LeavePeriod:
    starts_on: dt.date
    ends_on: dt.date | None  # open-ended while the leave lasts

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def counted_marks(marks: Iterable[AttendanceMark], leaves: Iterable[LeavePeriod], year: int) -> list[AttendanceMark]:
    """The marks of the year that count: a meeting on a day of leave is not counted at all,
    whatever was marked (the leave may have been registered afterwards)."""
    leaves = list(leaves)
    return [m for m in marks if m.on.year == year and not any(leave.covers(m.on) for leave in leaves)]


def absences_in_year(marks: Iterable[AttendanceMark], leaves: Iterable[LeavePeriod], year: int) -> int:
    """Absences in the calendar year, with or without notice: notice excuses no one from the
    obligation, it only tells the group in time."""
    return sum(1 for m in counted_marks(marks, leaves, year) if m.status in ABSENCES)


def needs_follow_up(absences: int, policy: Policy) -> bool:
    """Seed 000: follow up anyone absent more than twice (the policy's number) in a year."""
    return absences > policy.absences_before_follow_up


# --- The attendance sheet (seeds 000, 001) -------------------------------------------------------

# The rows of a sheet: members called, whose marks are counted; guests, counted apart; and
# participants who are not members (the operations group's representative, the nearest leaders
# at an intro course), who are marked but never counted.
MEMBER_ROW = "member"
GUEST_ROW = "guest"
OTHER_ROW = "other"
UNMARKED = ""

# A participant's answer to the invitation.
ANSWERED_ABSENT = "absent"


@dataclass(frozen=True)
class SheetMark:
    row: str  # MEMBER_ROW, GUEST_ROW or OTHER_ROW
    mark: str  # PRESENT, ABSENT_WITH_NOTICE, ABSENT_WITHOUT_NOTICE, or UNMARKED


def suggested_mark(row: str, answer: str, *, saved_before: bool) -> str:
    """The mark a row starts with before anyone has marked it. Nobody is marked present
    unless someone says so on the day: only a notice of absence, the participant's own word,
    is suggested (for a member as absence with notice, for others as "did not come"), and
    only on a sheet never saved; someone added after a save starts unmarked."""
    if saved_before or answer != ANSWERED_ABSENT:
        return UNMARKED
    return ABSENT_WITH_NOTICE if row == MEMBER_ROW else ABSENT_WITHOUT_NOTICE


def sheet_counts(marks: Iterable[SheetMark]) -> dict[str, int]:
    """The counts of a sheet: members present, absent with notice and without; guests present.
    Participants who are not members, and rows not marked, are not counted."""
    counts = {"present": 0, "notice": 0, "absent": 0, "guests": 0}
    names = {PRESENT: "present", ABSENT_WITH_NOTICE: "notice", ABSENT_WITHOUT_NOTICE: "absent"}
    for mark in marks:
        if mark.row == MEMBER_ROW and mark.mark in names:
            counts[names[mark.mark]] += 1
        elif mark.row == GUEST_ROW and mark.mark == PRESENT:
            counts["guests"] += 1
    return counts


def mark_the_rest_present[K](marks: dict[K, str]) -> dict[K, str]:
    """The host's "the rest were present": every row not marked becomes present; every mark
    already made stays as it is."""
    return {key: mark or PRESENT for key, mark in marks.items()}


def changed_since_saved(saved: dict[str, int] | None, now: dict[str, int], unmarked: int) -> bool:
    """Whether a saved sheet no longer says what it would say if saved now: someone was added
    since (a row not marked), or the counts would differ (a leave registered since, a member
    who left). The saved counts stand until someone saves again."""
    return unmarked > 0 or saved != now


# --- Who receives the minutes (seeds 000, 001) --------------------------------------------------


@dataclass(frozen=True)
class MinutesReader:
    """A member of the group or a participant of the meeting, with their nearest leader."""

    email: str
    name: str
    leader_email: str = ""
    leader_name: str = ""


@dataclass(frozen=True)
class MinutesRecipients:
    readers: tuple[str, ...]  # one personal e-mail each: the members and every participant
    copies: tuple[str, ...]  # one copy: the operations group's leader and the secretariat
    leaders: dict[str, tuple[str, ...]]  # nearest leader's address -> their staff's names


def minutes_recipients(readers: Iterable[MinutesReader], copies: Iterable[str]) -> MinutesRecipients:
    """Every address receives the minutes exactly once: as a reader, else as a copy, else as
    the nearest leader of one or more of the readers (the secretariat sends those, 001), also
    of readers who have no address themselves. Addresses are compared without regard to
    case; empty ones are left out."""
    readers = list(readers)
    seen: dict[str, str] = {}
    for reader in readers:
        if reader.email:
            seen.setdefault(reader.email.casefold(), reader.email)
    copy_addresses: dict[str, str] = {}
    for address in copies:
        if address and address.casefold() not in seen:
            copy_addresses.setdefault(address.casefold(), address)
    leaders: dict[str, tuple[str, set[str]]] = {}
    for reader in readers:
        key = reader.leader_email.casefold()
        if not key or key in seen or key in copy_addresses:
            continue
        address, staff = leaders.setdefault(key, (reader.leader_email, set()))
        staff.add(reader.name)
    return MinutesRecipients(
        readers=tuple(sorted(seen.values(), key=str.casefold)),
        copies=tuple(sorted(copy_addresses.values(), key=str.casefold)),
        leaders={address: tuple(sorted(staff)) for address, staff in sorted(leaders.values())},
    )


# --- Hours and obligations (seeds 000, 003) -----------------------------------------------------


@dataclass(frozen=True)
class YearOfMeetings:
    """A group's (or committee's) year against the policy."""

    planned: int
    held: int
    required: int
    hours: float
    minimum_hours: int | None

    @property
    def meets_meetings(self) -> bool:
        return self.held >= self.required

    @property
    def meets_hours(self) -> bool:
        return self.minimum_hours is None or self.hours >= self.minimum_hours


def year_of_meetings(
    planned: Iterable[PlannedMeeting], held: Iterable[PlannedMeeting], policy: Policy, *, committee: bool = False
) -> YearOfMeetings:
    """Meetings held against the required number, and gathering hours held against the
    minimum (Ahus: 12 hours a year, 003). Only meetings held count towards either."""
    held = list(held)
    return counted_year_of_meetings(
        len(list(planned)), len(held), sum(m.hours for m in held), policy, committee=committee
    )


def counted_year_of_meetings(
    planned: int, held: int, held_hours: float, policy: Policy, *, committee: bool = False
) -> YearOfMeetings:
    """year_of_meetings from the meetings already counted: how many were planned and held, and
    the hours of those held."""
    return YearOfMeetings(
        planned=planned,
        held=held,
        required=policy.committee_meetings_per_year if committee else policy.meetings_per_group_per_year,
        hours=round(held_hours, 2),
        minimum_hours=None if committee else policy.min_gathering_hours_per_year,
    )


@dataclass(frozen=True)
class MemberObligation:
    """One member's year: meetings attended against the meetings they were called to."""

    expected: int  # mandatory meetings held while a member and not on leave
    attended: int
    absences: int
    follow_up_after: int  # absences allowed before a follow-up

    @property
    def meets(self) -> bool:
        return self.attended >= self.expected

    @property
    def needs_follow_up(self) -> bool:
        return self.absences > self.follow_up_after


def member_obligation(
    marks: Iterable[AttendanceMark], leaves: Iterable[LeavePeriod], year: int, policy: Policy
) -> MemberObligation:
    counted = counted_marks(marks, leaves, year)
    return MemberObligation(
        expected=len(counted),
        attended=sum(1 for m in counted if m.status == PRESENT),
        absences=sum(1 for m in counted if m.status in ABSENCES),
        follow_up_after=policy.absences_before_follow_up,
    )


# --- Courses: places and the waiting list (fagdag, intro course) --------------------------------

# The kinds of meeting that may have a number of places; the others are for all who are called.
KINDS_WITH_PLACES = frozenset({MeetingKind.FAGDAG, MeetingKind.COURSE})


class Waiting(NamedTuple):
    """One registration on the waiting list: in turn by when it was put there, then by id."""

    since: dt.datetime
    key: int


def has_place(capacity: int | None, holding: int) -> bool:
    """Whether one more who registers gets a place: there is no limit, or a place is free."""
    return capacity is None or holding < capacity


def free_places(capacity: int | None, holding: int) -> int | None:
    """Places left; None without a limit. Never below zero when the limit was lowered."""
    return None if capacity is None else max(capacity - holding, 0)


def in_turn(waiting: Iterable[Waiting]) -> list[int]:
    """The waiting list in turn: first come, first served."""
    return [w.key for w in sorted(waiting)]


def promotions(capacity: int | None, holding: int, waiting: Iterable[Waiting]) -> list[int]:
    """Who on the waiting list gets a place now, in turn: as many as there are free places
    (all of them, when the limit is taken away)."""
    line = in_turn(waiting)
    free = free_places(capacity, holding)
    return line if free is None else line[:free]


def place_in_line(waiting: Iterable[Waiting], key: int) -> int | None:
    """Number in the queue (1 is next), or None when not waiting."""
    line = in_turn(waiting)
    return line.index(key) + 1 if key in line else None


def fagdags_in_year(days: Iterable[dt.date], year: int) -> list[dt.date]:
    """The fagdag days of a network that fall in a year, in order: there should be one (000,
    003: "Arrangere felles fagdag x 1 per år")."""
    return sorted(day for day in days if day.year == year)
