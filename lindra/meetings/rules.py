"""Pure rules of the meeting cycle (seeds 000, 001, 003): the deadline chain, reminders and
escalations, fair host rotation, and the warnings on a year's plan. Plain values in and out."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import holidays

from lindra.registry.rules import Policy


class Step(StrEnum):
    PROGRAM = "program"  # host agrees the program with the group leader (001: min 2 months)
    INVITATION_TO_SECRETARIAT = "invitation_to_secretariat"  # host sends the draft (000, 001: 14 days)
    INVITATION_SENT = "invitation_sent"  # secretariat sends it to the group (000: at the latest 14 days)
    REGISTRATION_DEADLINE = "registration_deadline"  # members register with the host (001)
    MINUTES_TO_SECRETARIAT = "minutes_to_secretariat"  # group leader (001: within 14 days)
    MINUTES_SENT = "minutes_sent"  # secretariat sends them on, also to the nearest leaders (001)


class Owner(StrEnum):
    HOST = "host"
    GROUP_LEADER = "group_leader"
    SECRETARIAT = "secretariat"


STEP_OWNERS = {
    Step.PROGRAM: Owner.HOST,
    Step.INVITATION_TO_SECRETARIAT: Owner.HOST,
    Step.INVITATION_SENT: Owner.SECRETARIAT,
    Step.REGISTRATION_DEADLINE: Owner.HOST,
    Step.MINUTES_TO_SECRETARIAT: Owner.GROUP_LEADER,
    Step.MINUTES_SENT: Owner.SECRETARIAT,
}

# When the owner is reminded before a step is due, and when a late step is escalated: first
# to the group leader, then to the secretariat. Days, counted from the due date.
REMINDER_DAYS_BEFORE = (7, 1)
ESCALATION_DAYS_AFTER = {Owner.GROUP_LEADER: 1, Owner.SECRETARIAT: 7}
# The secretariat's own time to review and send on the minutes it has received.
MINUTES_REVIEW_DAYS = 7
# A registration deadline, unless the host sets another.
REGISTRATION_DAYS_BEFORE = 7


def deadline_chain(
    starts_on: dt.date, ends_on: dt.date, policy: Policy, registration_deadline: dt.date | None = None
) -> dict[Step, dt.date]:
    """The due date of every step of a meeting's chain."""
    minutes_due = ends_on + dt.timedelta(days=policy.minutes_days_after)
    return {
        Step.PROGRAM: starts_on - dt.timedelta(days=policy.program_days_before),
        Step.INVITATION_TO_SECRETARIAT: starts_on - dt.timedelta(days=policy.invitation_days_before),
        Step.INVITATION_SENT: starts_on - dt.timedelta(days=policy.invitation_days_before),
        Step.REGISTRATION_DEADLINE: registration_deadline or starts_on - dt.timedelta(days=REGISTRATION_DAYS_BEFORE),
        Step.MINUTES_TO_SECRETARIAT: minutes_due,
        Step.MINUTES_SENT: minutes_due + dt.timedelta(days=MINUTES_REVIEW_DAYS),
    }


@dataclass(frozen=True)
class Notice:
    """A reminder or escalation that is due: to whom, about which step, and its key."""

    step: Step
    kind: str  # "reminder" or "escalation"
    to: Owner
    on: dt.date
    key: str  # unique per meeting: the same notice is never sent twice


def notices_due(due: dt.date, step: Step, today: dt.date, done: bool) -> list[Notice]:
    """The reminders and escalations of one step that should have gone out by today.

    Idempotent by design: the caller records each key once, so asking again is harmless.
    """
    if done:
        return []
    owner = STEP_OWNERS[step]
    notices = [
        Notice(step, "reminder", owner, due - dt.timedelta(days=days), f"{step}:reminder:{days}")
        for days in REMINDER_DAYS_BEFORE
        if due - dt.timedelta(days=days) <= today
    ]
    for to, days in ESCALATION_DAYS_AFTER.items():
        if due + dt.timedelta(days=days) <= today and to != owner:
            notices.append(Notice(step, "escalation", to, due + dt.timedelta(days=days), f"{step}:escalation:{to}"))
    # Only the newest reminder matters once several are due (a meeting planned late).
    reminders = [n for n in notices if n.kind == "reminder"]
    if len(reminders) > 1:
        notices = [n for n in notices if n.kind != "reminder" or n == max(reminders, key=lambda n: n.on)]
    return notices


# --- Host rotation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HostCandidate:
    membership_id: int
    workplace_id: int
    name: str


def rotation_order(
    candidates: Iterable[HostCandidate], hosted_on: Iterable[tuple[int, dt.date]], unavailable: set[int]
) -> list[HostCandidate]:
    """Suggested hosts, fairest first: members whose workplace has hosted least, and longest
    ago, first; members on leave or ended (unavailable) are left out. Ties go by name."""
    counts: dict[int, int] = {}
    last: dict[int, dt.date] = {}
    for workplace_id, day in hosted_on:
        counts[workplace_id] = counts.get(workplace_id, 0) + 1
        last[workplace_id] = max(day, last.get(workplace_id, day))
    available = [c for c in candidates if c.membership_id not in unavailable]
    return sorted(
        available,
        key=lambda c: (counts.get(c.workplace_id, 0), last.get(c.workplace_id, dt.date.min), c.name, c.membership_id),
    )


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


def may_mark_done(owner: Owner, *, is_secretariat: bool, is_group_leader: bool, is_host: bool) -> bool:
    """Who may mark a step done: the secretariat any step; the group leader (or, for a
    committee meeting, its members) the host's and its own; the host only the host's."""
    if is_secretariat:
        return True
    if owner == Owner.SECRETARIAT:
        return False
    return is_group_leader or (is_host and owner == Owner.HOST)


# --- Attendance and follow-up of absence (seed 000) ---------------------------------------------

PRESENT = "present"
ABSENT_WITH_NOTICE = "notice"
ABSENT_WITHOUT_NOTICE = "absent"
ABSENCES = frozenset({ABSENT_WITH_NOTICE, ABSENT_WITHOUT_NOTICE})


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
    return YearOfMeetings(
        planned=len(list(planned)),
        held=len(held),
        required=policy.committee_meetings_per_year if committee else policy.meetings_per_group_per_year,
        hours=round(sum(m.hours for m in held), 2),
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
