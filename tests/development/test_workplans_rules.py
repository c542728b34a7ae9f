"""Whose work plan, and whose evaluation, is missing on a day (seed 004): property tests over
memberships, days, plans and the network's due dates."""

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from lindra.development import rules
from lindra.development.rules import (
    ABOUT_EVALUATION,
    ABOUT_PLAN,
    PARTY_LEADER,
    PARTY_MEMBER,
    PlanFacts,
    due_date,
    evaluation_missing,
    missing_on,
    plan_missing,
)

STATUSES = st.sampled_from([None, rules.PLAN_DRAFT, rules.PLAN_SUBMITTED, rules.PLAN_CHANGES, rules.PLAN_AGREED])
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2029, 12, 31))
month_days = st.tuples(st.integers(1, 12), st.integers(1, 28)) | st.just((2, 29))
PLAN_DUE, EVALUATION_DUE = (3, 31), (12, 1)


@st.composite
def facts(draw):
    starts_on = draw(days)
    ends_on = draw(st.none() | st.dates(min_value=starts_on, max_value=dt.date(2030, 12, 31)))
    leaves = []
    if draw(st.booleans()):
        leave_start = draw(st.dates(min_value=starts_on, max_value=dt.date(2030, 12, 31)))
        leave_end = draw(st.none() | st.dates(min_value=leave_start, max_value=dt.date(2031, 12, 31)))
        leaves.append((leave_start, leave_end))
    return PlanFacts(
        membership_id=draw(st.integers(1, 10_000)),
        starts_on=starts_on,
        ends_on=ends_on,
        leaves=tuple(leaves),
        plan_status=draw(STATUSES),
        evaluated=draw(st.booleans()),
        has_leader=draw(st.booleans()),
    )


def active(f: PlanFacts, day: dt.date) -> bool:
    on_leave = any(start <= day and (end is None or day <= end) for start, end in f.leaves)
    return f.starts_on <= day and (f.ends_on is None or day <= f.ends_on) and not on_leave


@given(facts(), days, month_days)
def test_nothing_is_missing_on_or_before_the_due_date(f, day, due):
    assume(day <= due_date(day.year, due))
    assert plan_missing(f, day, due) == ()
    assert evaluation_missing(f, day, (1, 1), due) == ()


@given(facts(), days, month_days)
def test_an_agreed_plan_is_never_missing(f, day, due):
    agreed = PlanFacts(**{**f.__dict__, "plan_status": rules.PLAN_AGREED})
    assert plan_missing(agreed, day, due) == ()


@given(facts(), days, month_days, month_days)
def test_an_evaluated_year_is_never_missing_its_evaluation(f, day, plan_due, evaluation_due):
    evaluated = PlanFacts(**{**f.__dict__, "evaluated": True})
    assert evaluation_missing(evaluated, day, plan_due, evaluation_due) == ()


@given(facts(), days)
def test_nothing_is_owed_by_a_membership_not_active_that_day(f, day):
    assume(not active(f, day))
    assert missing_on([f], day, PLAN_DUE, EVALUATION_DUE) == []


@st.composite
def owing_on_a_day(draw, *, after: tuple[int, int], joined_by: tuple[int, int] = PLAN_DUE):
    """A day after a due date, and a membership active that day that began by joined_by."""
    year = draw(st.integers(2024, 2029))
    day = draw(st.dates(min_value=due_date(year, after) + dt.timedelta(days=1), max_value=dt.date(year, 12, 31)))
    starts_on = draw(st.dates(min_value=dt.date(2015, 1, 1), max_value=due_date(year, joined_by)))
    ends_on = draw(st.none() | st.dates(min_value=day, max_value=dt.date(2031, 12, 31)))
    past_leave = draw(st.booleans()) and starts_on < day - dt.timedelta(days=1)
    leaves = ((starts_on, day - dt.timedelta(days=1)),) if past_leave else ()
    f = draw(facts())
    return PlanFacts(**{**f.__dict__, "starts_on": starts_on, "ends_on": ends_on, "leaves": leaves}), day


@given(facts(), st.integers(2024, 2029), st.data())
def test_a_member_who_joined_after_the_plans_due_date_owes_no_plan_that_year(f, year, data):
    starts_on = data.draw(
        st.dates(min_value=due_date(year, PLAN_DUE) + dt.timedelta(days=1), max_value=dt.date(year, 12, 31))
    )
    day = data.draw(st.dates(min_value=starts_on, max_value=dt.date(year, 12, 31)))
    f = PlanFacts(**{**f.__dict__, "starts_on": starts_on, "ends_on": None, "leaves": ()})
    assert plan_missing(f, day, PLAN_DUE) == ()
    if f.plan_status is None:
        assert evaluation_missing(f, day, PLAN_DUE, EVALUATION_DUE) == ()


@given(owing_on_a_day(after=PLAN_DUE))
def test_a_plan_not_agreed_after_the_due_date_is_missing_for_an_active_member_who_owed_it(case):
    f, day = case
    parties = plan_missing(f, day, PLAN_DUE)
    if f.plan_status == rules.PLAN_AGREED:
        assert parties == ()
        return
    assert PARTY_MEMBER in parties
    # The leader is reminded only when the plan waits on them.
    assert (PARTY_LEADER in parties) == (f.plan_status == rules.PLAN_SUBMITTED and f.has_leader)


@given(owing_on_a_day(after=EVALUATION_DUE))
def test_a_missing_evaluation_reminds_the_member_and_any_leader(case):
    f, day = case
    expected = (PARTY_MEMBER, PARTY_LEADER) if f.has_leader else (PARTY_MEMBER,)
    assert evaluation_missing(f, day, PLAN_DUE, EVALUATION_DUE) == (() if f.evaluated else expected)


@given(st.lists(facts(), max_size=8, unique_by=lambda f: f.membership_id), days, month_days, month_days)
def test_missing_on_is_the_rules_for_each_membership_and_only_what_is_missing(memberships, day, plan_due, ev_due):
    found = missing_on(memberships, day, plan_due, ev_due)
    expected = []
    for f in memberships:
        if parties := plan_missing(f, day, plan_due):
            expected.append((f.membership_id, ABOUT_PLAN, parties))
        if parties := evaluation_missing(f, day, plan_due, ev_due):
            expected.append((f.membership_id, ABOUT_EVALUATION, parties))
    assert [(m.membership_id, m.about, m.parties) for m in found] == expected
    assert all(m.parties for m in found)


@given(facts(), days)
def test_once_missing_it_stays_missing_through_the_year_while_nothing_changes(f, day):
    """What is missing after the due date is still missing on a later day of the same year,
    as long as the membership is active then: a job that was stopped catches up."""
    later = day + dt.timedelta(days=7)
    assume(later.year == day.year and active(f, later))
    if plan_missing(f, day, PLAN_DUE):
        assert plan_missing(f, later, PLAN_DUE)
    if evaluation_missing(f, day, PLAN_DUE, EVALUATION_DUE):
        assert evaluation_missing(f, later, PLAN_DUE, EVALUATION_DUE)


@given(st.integers(2000, 2100))
def test_29_february_is_the_28th_in_other_years(year):
    day = due_date(year, (2, 29))
    assert day.month == 2 and day.day in (28, 29)
    assert (day.day == 29) == (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))


@given(days, days)
def test_the_years_of_a_plan_run_from_the_first_year_to_the_last_or_next_year(starts_on, today):
    assume(starts_on <= today)
    years = rules.plan_years(starts_on, None, today)
    assert years[0] == starts_on.year and years[-1] == today.year + 1
    ended = rules.plan_years(starts_on, today, today)
    assert ended[-1] == today.year
