"""Pure rules of the registry: plain values in, plain values out, no database."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """The numbers of a network's rules, with the seeds' values as defaults."""

    meetings_per_group_per_year: int = 3
    min_gathering_hours_per_year: int | None = None
    program_days_before: int = 60
    invitation_days_before: int = 14
    minutes_days_after: int = 14
    absences_before_follow_up: int = 2
    leader_term_years: int = 2
    intro_course_waiting_threshold: int = 10
    committee_meetings_per_year: int = 4
    leader_term_notice_days: int = 60
    work_plan_due: tuple[int, int] = (3, 31)  # (month, day): each year's work plan agreed by then
    evaluation_due: tuple[int, int] = (12, 1)  # (month, day): the yearly meeting's evaluation by then
    retention_years: int = 5  # personal data of an ended member is anonymised after this many years


def is_current(starts_on: dt.date, ends_on: dt.date | None, on: dt.date) -> bool:
    """Whether a dated row (inclusive at both ends, open when ends_on is empty) holds on a day."""
    return starts_on <= on and (ends_on is None or on <= ends_on)


# --- History: the state of a membership on any date -------------------------------------
#
# Where a member is placed (local group, workplace, nearest leader) is kept as a history per
# attribute: each change sets one attribute from a date until the next change of that same
# attribute. A change may be dated back or ahead; the state on a day is the latest change
# of each attribute dated on or before that day (the one recorded last wins a tie).


@dataclass(frozen=True)
class AttributeChange:
    attribute: str  # "local_group", "workplace" or "nearest_leader"
    valid_from: dt.date
    recorded: int  # order of recording: a later record wins on the same date
    value: int | None


PLACEMENT_ATTRIBUTES = ("local_group", "workplace", "nearest_leader")


def value_on(changes: list[AttributeChange], attribute: str, day: dt.date) -> int | None:
    """The attribute's value on the day, or None when no change is dated on or before it."""
    candidates = [c for c in changes if c.attribute == attribute and c.valid_from <= day]
    if not candidates:
        return None
    return max(candidates, key=lambda c: (c.valid_from, c.recorded)).value


class Status:
    NOT_STARTED = "not_started"
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    ENDED = "ended"


def status_on(
    starts_on: dt.date, ends_on: dt.date | None, leaves: list[tuple[dt.date, dt.date | None]], day: dt.date
) -> str:
    """A membership's status on a day: not started, active, on leave, or ended."""
    if day < starts_on:
        return Status.NOT_STARTED
    if ends_on is not None and day > ends_on:
        return Status.ENDED
    if any(is_current(start, end, day) for start, end in leaves):
        return Status.ON_LEAVE
    return Status.ACTIVE


def periods_overlap(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None]) -> bool:
    """Whether two inclusive periods (open-ended when the end is None) share a day."""
    a_end = a[1] or dt.date.max
    b_end = b[1] or dt.date.max
    return a[0] <= b_end and b[0] <= a_end


Period = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class LeaveProblem:
    """Why a leave cannot have these dates: which date is wrong, and for an overlap, the
    other leave."""

    field: str  # "starts_on" or "ends_on"
    reason: str  # "ends_before_start", "before_start" or "after_end" (of the membership), "overlaps"
    other: Period | None = None


def leave_problem(membership: Period, leave: Period, others: list[Period]) -> LeaveProblem | None:
    """Why a leave (new or corrected) cannot have these dates within the membership, among the
    membership's other leaves; None when it can. An overlap is put on the date that lies in
    the other leave: its start when the other covers it, else its end."""
    starts_on, ends_on = leave
    if ends_on is not None and ends_on < starts_on:
        return LeaveProblem("ends_on", "ends_before_start")
    outside = change_date_problem(membership[0], membership[1], starts_on)
    if outside is not None:
        return LeaveProblem("starts_on", outside)
    for other in sorted(others, key=lambda period: period[0]):
        if periods_overlap(other, leave):
            field = "starts_on" if is_current(other[0], other[1], starts_on) else "ends_on"
            return LeaveProblem(field, "overlaps", other)
    return None


def change_date_problem(starts_on: dt.date, ends_on: dt.date | None, effective_on: dt.date) -> str | None:
    """Why a change cannot take effect on this date, or None when it can."""
    if effective_on < starts_on:
        return "before_start"
    if ends_on is not None and effective_on > ends_on:
        return "after_end"
    return None


def term_end(starts_on: dt.date, years: int) -> dt.date:
    """The last day of a term of whole years (a leader chosen for two years, seed 000)."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + years)
    except ValueError:  # 29 February in a year without it
        anniversary = starts_on.replace(year=starts_on.year + years, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # the three characters after z


def norwegian(text: str) -> str:
    """A sort key in Norwegian alphabetical order: … x, y, z, æ, ø, å."""
    return text.casefold().translate(_NORWEGIAN_ORDER)
