"""Pure rules of people over time: plain values in, plain values out, no database."""

import datetime as dt
from dataclasses import dataclass

from lindra.registry.rules import Status, status_on

# --- Work plans -----------------------------------------------------------------------------
#
# Each year a member makes a work plan with the nearest leader, agreed by the network's
# work_plan_due (month, day), and evaluates it at the yearly meeting by its evaluation_due
# (seeds 003, 004). A plan or an evaluation is missing on the days after its due date, while
# the membership is active on that day. A member who joined after the year's due date for
# the plan owes no plan that year (the intro course comes first), nor its evaluation unless
# they made a plan all the same. Only the day's own year counts: nothing is ever owed for a
# past year.

PLAN_DRAFT = "draft"
PLAN_SUBMITTED = "submitted"
PLAN_CHANGES = "changes"
PLAN_AGREED = "agreed"

ABOUT_PLAN = "plan"
ABOUT_EVALUATION = "evaluation"
PARTY_MEMBER = "member"
PARTY_LEADER = "leader"


def due_date(year: int, month_day: tuple[int, int]) -> dt.date:
    """The due date of a (month, day) policy in a year; 29 February is the 28th in other years."""
    month, day = month_day
    if (month, day) == (2, 29):
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 2, 28)
    return dt.date(year, month, day)


@dataclass(frozen=True)
class PlanFacts:
    """What the rule needs of one membership and the year of the day it is asked about."""

    membership_id: int
    starts_on: dt.date
    ends_on: dt.date | None
    leaves: tuple[tuple[dt.date, dt.date | None], ...] = ()
    plan_status: str | None = None  # None: no plan for the year at all
    evaluated: bool = False
    has_leader: bool = True


@dataclass(frozen=True)
class Missing:
    """A plan or an evaluation missing on a day, and who is owed a reminder of it."""

    membership_id: int
    about: str  # ABOUT_PLAN or ABOUT_EVALUATION
    parties: tuple[str, ...]  # PARTY_MEMBER, and PARTY_LEADER when it waits on them too


def owes_plan(facts: PlanFacts, year: int, plan_due: tuple[int, int]) -> bool:
    """Whether the membership owes a work plan for the year: it had begun by the due date."""
    return facts.starts_on <= due_date(year, plan_due)


def plan_missing(facts: PlanFacts, day: dt.date, plan_due: tuple[int, int]) -> tuple[str, ...]:
    """Who is reminded that the year's work plan is not agreed, on a day: the member, and the
    leader too when the plan has been sent and waits on them. Empty when nothing is missing."""
    if day <= due_date(day.year, plan_due) or not _active(facts, day) or not owes_plan(facts, day.year, plan_due):
        return ()
    if facts.plan_status == PLAN_AGREED:
        return ()
    if facts.plan_status == PLAN_SUBMITTED and facts.has_leader:
        return (PARTY_MEMBER, PARTY_LEADER)
    return (PARTY_MEMBER,)


def evaluation_missing(
    facts: PlanFacts, day: dt.date, plan_due: tuple[int, int], evaluation_due: tuple[int, int]
) -> tuple[str, ...]:
    """Who is reminded that the year's evaluation is not recorded, on a day: both member and
    leader (the yearly meeting is theirs together). Empty when nothing is missing."""
    if day <= due_date(day.year, evaluation_due) or not _active(facts, day) or facts.evaluated:
        return ()
    if not (owes_plan(facts, day.year, plan_due) or facts.plan_status is not None):
        return ()
    return (PARTY_MEMBER, PARTY_LEADER) if facts.has_leader else (PARTY_MEMBER,)


def missing_on(
    memberships: list[PlanFacts], day: dt.date, plan_due: tuple[int, int], evaluation_due: tuple[int, int]
) -> list[Missing]:
    """Whose work plan, and whose evaluation, is missing on a day (of the day's year)."""
    found = []
    for facts in memberships:
        if parties := plan_missing(facts, day, plan_due):
            found.append(Missing(facts.membership_id, ABOUT_PLAN, parties))
        if parties := evaluation_missing(facts, day, plan_due, evaluation_due):
            found.append(Missing(facts.membership_id, ABOUT_EVALUATION, parties))
    return found


def _active(facts: PlanFacts, day: dt.date) -> bool:
    return status_on(facts.starts_on, facts.ends_on, list(facts.leaves), day) == Status.ACTIVE


def plan_years(starts_on: dt.date, ends_on: dt.date | None, today: dt.date) -> range:
    """The years a membership can have a work plan: from its first year to its last, and
    next year's from today on, to plan ahead."""
    last = ends_on.year if ends_on is not None else today.year + 1
    return range(starts_on.year, last + 1)
