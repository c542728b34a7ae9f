"""Hours and obligations, the pure rules (seeds 000, 001, 003): a group's year against the
policy's number of meetings and minimum gathering hours, and a member's attendance against
the obligation, with leave not counted."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.meetings.rules import (
    ABSENCES,
    ABSENT_WITH_NOTICE,
    ABSENT_WITHOUT_NOTICE,
    PRESENT,
    AttendanceMark,
    LeavePeriod,
    PlannedMeeting,
    absences_in_year,
    counted_marks,
    member_obligation,
    needs_follow_up,
    year_of_meetings,
)
from lindra.registry.rules import Policy

YEAR = 2026
STATUSES = st.sampled_from([PRESENT, ABSENT_WITH_NOTICE, ABSENT_WITHOUT_NOTICE])
days = st.dates(min_value=dt.date(YEAR - 1, 1, 1), max_value=dt.date(YEAR + 1, 12, 31))
days_of_year = st.dates(min_value=dt.date(YEAR, 1, 1), max_value=dt.date(YEAR, 12, 31))
policies = st.builds(
    Policy,
    meetings_per_group_per_year=st.integers(0, 8),
    min_gathering_hours_per_year=st.none() | st.integers(1, 40),
    absences_before_follow_up=st.integers(0, 6),
    committee_meetings_per_year=st.integers(0, 8),
)


@st.composite
def meetings(draw) -> PlannedMeeting:
    day = draw(days_of_year)
    start = dt.datetime.combine(day, dt.time(draw(st.integers(7, 15)), draw(st.sampled_from([0, 15, 30, 45]))))
    minutes = draw(st.integers(15, 8 * 60))
    return PlannedMeeting(start, start + dt.timedelta(minutes=minutes))


@st.composite
def leaves(draw) -> LeavePeriod:
    starts_on = draw(days)
    ends_on = draw(st.none() | st.integers(0, 400).map(lambda n: starts_on + dt.timedelta(days=n)))
    return LeavePeriod(starts_on, ends_on)


marks = st.builds(AttendanceMark, on=days, status=STATUSES)
mark_lists = st.lists(marks, max_size=30)
leave_lists = st.lists(leaves(), max_size=4)


# A group's year --------------------------------------------------------------------------------


@given(planned=st.lists(meetings(), max_size=10), held=st.lists(meetings(), max_size=10), policy=policies)
def test_only_meetings_held_count_towards_the_meetings_and_the_hours(planned, held, policy):
    year = year_of_meetings(planned, held, policy)
    assert year.planned == len(planned)
    assert year.held == len(held)
    assert year.required == policy.meetings_per_group_per_year
    assert year.minimum_hours == policy.min_gathering_hours_per_year
    assert abs(year.hours - sum(m.hours for m in held)) < 0.01
    assert year_of_meetings(planned + held, held, policy).hours == year.hours


@given(held=st.lists(meetings(), max_size=10), policy=policies)
def test_the_year_meets_the_rule_exactly_when_enough_meetings_and_hours_were_held(held, policy):
    year = year_of_meetings(held, held, policy)
    assert year.meets_meetings == (len(held) >= policy.meetings_per_group_per_year)
    minimum = policy.min_gathering_hours_per_year
    assert year.meets_hours == (minimum is None or year.hours >= minimum)


@given(held=st.lists(meetings(), max_size=8), more=meetings(), policy=policies)
def test_holding_one_more_meeting_never_breaks_the_rule(held, more, policy):
    before = year_of_meetings(held, held, policy)
    after = year_of_meetings([*held, more], [*held, more], policy)
    assert after.held == before.held + 1
    assert after.hours >= before.hours
    assert after.meets_meetings >= before.meets_meetings
    assert after.meets_hours >= before.meets_hours


@given(held=st.lists(meetings(), max_size=10), policy=policies)
def test_without_a_minimum_the_hours_never_fail(held, policy):
    policy = Policy(meetings_per_group_per_year=policy.meetings_per_group_per_year, min_gathering_hours_per_year=None)
    assert year_of_meetings(held, held, policy).meets_hours


@given(held=st.lists(meetings(), max_size=10), policy=policies)
def test_a_committee_is_held_to_its_own_number_and_to_no_minimum_of_hours(held, policy):
    year = year_of_meetings(held, held, policy, committee=True)
    assert year.required == policy.committee_meetings_per_year
    assert year.minimum_hours is None and year.meets_hours


def test_twelve_hours_at_ahus_in_three_meetings_of_four_hours():
    ahus = Policy(min_gathering_hours_per_year=12)
    four_hours = [
        PlannedMeeting(dt.datetime(YEAR, month, 10, 9), dt.datetime(YEAR, month, 10, 13)) for month in (2, 6, 10)
    ]
    year = year_of_meetings(four_hours, four_hours, ahus)
    assert (year.held, year.hours, year.meets_meetings, year.meets_hours) == (3, 12, True, True)
    short = year_of_meetings(four_hours, four_hours[:2], ahus)
    assert (short.planned, short.held, short.hours, short.meets_meetings, short.meets_hours) == (3, 2, 8, False, False)


# Which marks count --------------------------------------------------------------------------------


@given(marks=mark_lists, leaves=leave_lists)
def test_the_marks_that_count_are_those_of_the_year_outside_leave_in_their_order(marks, leaves):
    counted = counted_marks(marks, leaves, YEAR)
    assert counted == [m for m in marks if m in counted]  # a subsequence, in order
    assert all(m.on.year == YEAR for m in counted)
    assert not any(leave.covers(m.on) for m in counted for leave in leaves)
    left_out = [m for m in marks if m not in counted]
    assert all(m.on.year != YEAR or any(leave.covers(m.on) for leave in leaves) for m in left_out)


@given(marks=mark_lists, leaves=leave_lists)
def test_counting_the_counted_marks_again_changes_nothing(marks, leaves):
    counted = counted_marks(marks, leaves, YEAR)
    assert counted_marks(counted, leaves, YEAR) == counted


@given(marks=mark_lists, starts_on=days_of_year)
def test_an_open_ended_leave_covers_every_meeting_from_its_first_day(marks, starts_on):
    counted = counted_marks(marks, [LeavePeriod(starts_on, None)], YEAR)
    assert all(m.on < starts_on for m in counted)


# A member's obligation ----------------------------------------------------------------------------


@given(marks=mark_lists, leaves=leave_lists, policy=policies)
def test_every_counted_meeting_is_attended_or_an_absence(marks, leaves, policy):
    obligation = member_obligation(marks, leaves, YEAR, policy)
    counted = counted_marks(marks, leaves, YEAR)
    assert obligation.expected == len(counted)
    assert obligation.attended + obligation.absences == obligation.expected
    assert obligation.attended == sum(1 for m in counted if m.status == PRESENT)
    assert obligation.absences == absences_in_year(marks, leaves, YEAR)


@given(marks=mark_lists, leaves=leave_lists, policy=policies)
def test_a_member_meets_the_obligation_exactly_when_absent_from_none(marks, leaves, policy):
    obligation = member_obligation(marks, leaves, YEAR, policy)
    assert obligation.meets == (obligation.absences == 0)


@given(marks=mark_lists, leaves=leave_lists, policy=policies)
def test_follow_up_after_more_absences_than_the_policy_allows_notice_or_not(marks, leaves, policy):
    obligation = member_obligation(marks, leaves, YEAR, policy)
    assert obligation.follow_up_after == policy.absences_before_follow_up
    assert obligation.needs_follow_up == needs_follow_up(obligation.absences, policy)
    assert obligation.needs_follow_up == (obligation.absences > policy.absences_before_follow_up)
    # Notice tells the group in time; it excuses no one: the same marks without notice count the same.
    without_notice = [AttendanceMark(m.on, ABSENT_WITHOUT_NOTICE if m.status in ABSENCES else m.status) for m in marks]
    assert member_obligation(without_notice, leaves, YEAR, policy) == obligation


@given(marks=mark_lists, leaves=leave_lists, more=leaves(), policy=policies)
def test_more_leave_never_adds_to_the_obligation_or_the_absences(marks, leaves, more, policy):
    before = member_obligation(marks, leaves, YEAR, policy)
    after = member_obligation(marks, [*leaves, more], YEAR, policy)
    assert after.expected <= before.expected
    assert after.attended <= before.attended
    assert after.absences <= before.absences
    assert after.needs_follow_up <= before.needs_follow_up


@given(marks=mark_lists, leaves=leave_lists, policy=policies)
def test_marks_of_other_years_never_count(marks, leaves, policy):
    other_years = [m for m in marks if m.on.year != YEAR]
    assert member_obligation(other_years, leaves, YEAR, policy).expected == 0
    this_year = [m for m in marks if m.on.year == YEAR]
    assert member_obligation(this_year, leaves, YEAR, policy) == member_obligation(marks, leaves, YEAR, policy)


def test_three_absences_call_for_a_follow_up_and_leave_takes_one_away():
    policy = Policy()  # seed 000: more than two
    marks = [
        AttendanceMark(dt.date(YEAR, 2, 10), ABSENT_WITH_NOTICE),
        AttendanceMark(dt.date(YEAR, 5, 15), ABSENT_WITHOUT_NOTICE),
        AttendanceMark(dt.date(YEAR, 10, 20), ABSENT_WITH_NOTICE),
    ]
    assert member_obligation(marks, [], YEAR, policy).needs_follow_up
    on_leave_in_may = [LeavePeriod(dt.date(YEAR, 5, 1), dt.date(YEAR, 5, 31))]
    obligation = member_obligation(marks, on_leave_in_may, YEAR, policy)
    assert (obligation.expected, obligation.absences, obligation.needs_follow_up) == (2, 2, False)
