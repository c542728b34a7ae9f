"""The member's year, the pure rule (seed 004's fixed tasks): a task is done only when its own
fact says so, a year is judged by its own dates and not by today, a member on leave all year
or not yet a member owes nothing, and the annual reporting waits for its questionnaire."""

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.development.rules import (
    Fagdag,
    Owed,
    Task,
    TaskStatus,
    YearFacts,
    due_date,
    member_year,
)
from lindra.meetings.rules import LeavePeriod, MemberObligation

YEAR = 2026
JAN_1, DEC_31 = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
LONG_AGO = dt.date(2020, 1, 1)
AFTER_THE_YEAR = dt.date(YEAR + 1, 2, 1)


def facts(**changes) -> YearFacts:
    """A member since 2020 who has done nothing in 2026."""
    values = dict(
        year=YEAR,
        starts_on=LONG_AGO,
        ends_on=None,
        leaves=(),
        intro_course_completed_on=None,
        meetings=MemberObligation(expected=0, attended=0, absences=0, follow_up_after=2),
        fagdags=(),
        fagdag_attended_on=None,
        gatherings_attended=0,
        gatherings_reported=0,
        work_plan_status=None,
        work_plan_agreed_on=None,
        yearly_meeting_on=None,
        yearly_meeting_evaluated_on=None,
        work_plan_due=(3, 31),
        evaluation_due=(12, 1),
    )
    return YearFacts(**(values | changes))


def status(the_facts: YearFacts, task: Task, today: dt.date) -> TaskStatus:
    return member_year(the_facts, today).task(task).status


# --- Facts, drawn -----------------------------------------------------------------------------

any_day = st.dates(min_value=dt.date(YEAR - 3, 1, 1), max_value=dt.date(YEAR + 2, 12, 31))
day_of_year = st.dates(min_value=JAN_1, max_value=DEC_31)


@st.composite
def obligations(draw) -> MemberObligation:
    expected = draw(st.integers(0, 6))
    attended = draw(st.integers(0, expected))
    return MemberObligation(expected, attended, expected - attended, draw(st.integers(0, 3)))


@st.composite
def year_facts(draw) -> YearFacts:
    starts_on = draw(st.dates(min_value=dt.date(YEAR - 3, 1, 1), max_value=DEC_31))
    ends_on = draw(st.none() | st.dates(min_value=starts_on, max_value=dt.date(YEAR + 2, 1, 1)))
    leaves = tuple(
        LeavePeriod(start, draw(st.none() | st.dates(min_value=start, max_value=dt.date(YEAR + 3, 6, 1))))
        for start in draw(st.lists(any_day, max_size=2))
    )
    attended = draw(st.integers(0, 5))
    booked = draw(st.none() | day_of_year)
    return facts(
        starts_on=starts_on,
        ends_on=ends_on,
        leaves=leaves,
        intro_course_completed_on=draw(st.none() | any_day),
        meetings=draw(obligations()),
        fagdags=tuple(draw(st.lists(st.builds(Fagdag, day_of_year, st.booleans()), max_size=2))),
        fagdag_attended_on=draw(st.none() | day_of_year),
        gatherings_attended=attended,
        gatherings_reported=draw(st.integers(0, attended)),
        work_plan_status=draw(st.sampled_from([None, "draft", "submitted", "changes", "agreed"])),
        work_plan_agreed_on=draw(st.none() | day_of_year),
        yearly_meeting_on=booked,
        yearly_meeting_evaluated_on=draw(st.none() | day_of_year) if booked else None,
        work_plan_due=draw(st.sampled_from([(3, 31), (2, 29), (6, 1)])),
        evaluation_due=draw(st.sampled_from([(12, 1), (11, 15)])),
    )


def done_by_fact(f: YearFacts) -> dict[Task, bool]:
    """What each task's own fact says, read straight from the facts."""
    return {
        Task.INTRO_COURSE: f.intro_course_completed_on is not None and f.intro_course_completed_on <= DEC_31,
        Task.MEETINGS: f.meetings.expected > 0 and f.meetings.attended >= f.meetings.expected,
        Task.FAGDAG: f.fagdag_attended_on is not None,
        Task.REPORTED_BACK: f.gatherings_attended > 0 and f.gatherings_reported >= f.gatherings_attended,
        Task.WORK_PLAN: f.work_plan_status == "agreed",
        Task.YEARLY_MEETING: f.yearly_meeting_evaluated_on is not None,
        Task.ANNUAL_REPORTING: False,
    }


@given(year_facts(), any_day)
def test_a_task_is_done_exactly_when_its_fact_says_so(the_facts, today):
    result = member_year(the_facts, today)
    expected = done_by_fact(the_facts)
    for task in result.tasks:
        assert (task.status == TaskStatus.DONE) == expected[task.task], task
        assert task.text


@given(year_facts(), st.dates(min_value=dt.date(YEAR + 1, 1, 1), max_value=dt.date(YEAR + 5, 12, 31)))
def test_a_year_that_is_over_is_judged_by_its_own_dates_whatever_today_is(the_facts, today):
    assert member_year(the_facts, today) == member_year(the_facts, AFTER_THE_YEAR)


@given(year_facts(), any_day)
def test_every_task_is_listed_once_in_the_order_of_the_function_description(the_facts, today):
    result = member_year(the_facts, today)
    assert [t.task for t in result.tasks] == list(Task)
    assert result.task(Task.ANNUAL_REPORTING).status == TaskStatus.COMING


@given(year_facts(), any_day)
def test_a_member_on_leave_all_year_or_not_a_member_owes_nothing(the_facts, today):
    on_leave = dataclasses.replace(the_facts, leaves=(LeavePeriod(dt.date(YEAR - 5, 1, 1), None),))
    result = member_year(on_leave, today)
    member_in_year = the_facts.starts_on <= DEC_31 and (the_facts.ends_on is None or the_facts.ends_on >= JAN_1)
    assert result.on_leave_all_year == member_in_year
    assert not result.open_tasks
    assert not result.leader_owes


@given(year_facts(), day_of_year)
def test_what_the_leader_owes_follows_the_plan_and_the_yearly_meeting(the_facts, today):
    result = member_year(the_facts, today)
    plan_open = result.task(Task.WORK_PLAN).is_open
    assert (Owed.AGREE_PLAN in result.leader_owes) == (plan_open and the_facts.work_plan_status == "submitted")
    assert (Owed.HOLD_MEETING in result.leader_owes) == result.task(Task.YEARLY_MEETING).is_open


@given(year_facts())
def test_a_year_not_begun_has_nothing_late(the_facts):
    result = member_year(the_facts, dt.date(YEAR - 1, 12, 31))
    assert not any(t.status == TaskStatus.NOT_YET for t in result.tasks)


# --- Examples, as a member and her leader read them --------------------------------------------


def test_an_intro_course_taken_after_the_year_does_not_count_for_it():
    taken_next_year = facts(intro_course_completed_on=dt.date(YEAR + 1, 3, 4))
    assert status(taken_next_year, Task.INTRO_COURSE, AFTER_THE_YEAR) == TaskStatus.NOT_YET
    taken_before = facts(intro_course_completed_on=dt.date(YEAR - 2, 3, 4))
    result = member_year(taken_before, AFTER_THE_YEAR).task(Task.INTRO_COURSE)
    assert (result.status, result.text) == (TaskStatus.DONE, "Fullført 4. mars 2024")


def test_meetings_attended_of_required_with_absences_and_follow_up():
    missed = facts(meetings=MemberObligation(expected=3, attended=0, absences=3, follow_up_after=2))
    task = member_year(missed, AFTER_THE_YEAR).task(Task.MEETINGS)
    assert task.status == TaskStatus.NOT_YET
    assert task.text == "Deltok på 0 av 3, 3 fravær: følges opp"
    all_so_far = facts(meetings=MemberObligation(expected=2, attended=2, absences=0, follow_up_after=2))
    assert member_year(all_so_far, dt.date(YEAR, 6, 1)).task(Task.MEETINGS).text == "Deltok på 2 av 2 så langt"
    assert status(facts(), Task.MEETINGS, dt.date(YEAR, 2, 1)) == TaskStatus.NOT_DUE
    assert status(facts(), Task.MEETINGS, AFTER_THE_YEAR) == TaskStatus.NOT_APPLICABLE


def test_the_fagdag_is_due_once_held_and_not_for_one_who_joined_after_it():
    fagdag = (Fagdag(dt.date(YEAR, 10, 15), attendance_recorded=True),)
    before = member_year(facts(fagdags=fagdag), dt.date(YEAR, 9, 1)).task(Task.FAGDAG)
    assert (before.status, before.text) == (TaskStatus.NOT_DUE, "Fagdagen er 15. oktober 2026")
    assert status(facts(fagdags=fagdag), Task.FAGDAG, dt.date(YEAR, 10, 16)) == TaskStatus.NOT_YET
    not_recorded = (Fagdag(dt.date(YEAR, 10, 15), attendance_recorded=False),)
    assert status(facts(fagdags=not_recorded), Task.FAGDAG, dt.date(YEAR, 10, 16)) == TaskStatus.NOT_DUE
    joined_after = facts(fagdags=fagdag, starts_on=dt.date(YEAR, 11, 1))
    late = member_year(joined_after, AFTER_THE_YEAR).task(Task.FAGDAG)
    assert (late.status, late.text) == (TaskStatus.NOT_APPLICABLE, "Ble medlem etter fagdagen 15. oktober 2026")
    on_leave = facts(fagdags=fagdag, leaves=(LeavePeriod(dt.date(YEAR, 10, 1), dt.date(YEAR, 10, 31)),))
    assert status(on_leave, Task.FAGDAG, AFTER_THE_YEAR) == TaskStatus.NOT_APPLICABLE
    assert status(facts(), Task.FAGDAG, AFTER_THE_YEAR) == TaskStatus.NOT_APPLICABLE


def test_reporting_back_counts_the_gatherings_attended():
    task = member_year(facts(gatherings_attended=3, gatherings_reported=1), AFTER_THE_YEAR).task(Task.REPORTED_BACK)
    assert (task.status, task.text) == (TaskStatus.NOT_YET, "Referert fra 1 av 3 samlinger")
    assert status(facts(gatherings_attended=2, gatherings_reported=2), Task.REPORTED_BACK, JAN_1) == TaskStatus.DONE


def test_the_work_plan_is_due_by_the_networks_date_and_later_for_one_who_joined_after_it():
    submitted = facts(work_plan_status="submitted")
    before = member_year(submitted, dt.date(YEAR, 3, 31))
    assert before.task(Task.WORK_PLAN).status == TaskStatus.NOT_DUE
    assert before.task(Task.WORK_PLAN).text == "Sendt til nærmeste leder, frist 31. mars 2026"
    assert Owed.AGREE_PLAN in before.leader_owes
    after = member_year(submitted, dt.date(YEAR, 4, 1)).task(Task.WORK_PLAN)
    assert (after.status, after.text) == (TaskStatus.NOT_YET, "Sendt til nærmeste leder, fristen var 31. mars 2026")
    joined_in_may = facts(starts_on=dt.date(YEAR, 5, 1))
    assert member_year(joined_in_may, dt.date(YEAR, 6, 1)).task(Task.WORK_PLAN).text == (
        "Ingen plan ennå, frist 1. desember 2026"
    )
    joined_in_december = facts(starts_on=dt.date(YEAR, 12, 10))
    assert status(joined_in_december, Task.WORK_PLAN, AFTER_THE_YEAR) == TaskStatus.NOT_APPLICABLE
    assert status(joined_in_december, Task.YEARLY_MEETING, AFTER_THE_YEAR) == TaskStatus.NOT_APPLICABLE


def test_the_yearly_meeting_is_the_leaders_until_it_is_evaluated():
    booked = facts(yearly_meeting_on=dt.date(YEAR, 11, 20))
    result = member_year(booked, dt.date(YEAR, 11, 1))
    assert result.task(Task.YEARLY_MEETING).text == "Møtet er 20. november 2026, frist 1. desember 2026"
    assert result.leader_owes == (Owed.HOLD_MEETING,)
    held = dataclasses.replace(booked, yearly_meeting_evaluated_on=dt.date(YEAR, 11, 20))
    assert member_year(held, dt.date(YEAR, 11, 21)).leader_owes == ()


def test_the_annual_reporting_says_plainly_that_it_is_not_there_yet():
    task = member_year(facts(), dt.date(YEAR, 6, 1)).task(Task.ANNUAL_REPORTING)
    assert (task.status_label, task.text) == ("Kommer", "Det årlige spørreskjemaet er ikke tatt i bruk i Lindra ennå.")


def test_a_policy_date_of_29_february_falls_on_the_28th_in_other_years():
    assert due_date(2026, (2, 29)) == dt.date(2026, 2, 28)
    assert due_date(2028, (2, 29)) == dt.date(2028, 2, 29)
