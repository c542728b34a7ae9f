"""The annual report's rules, over the whole space of their inputs: members across the year's
boundaries, groups opened and closed, deviations, and the meetings and hours against the
requirement (the meeting cycle's rule, which the report reads)."""

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from lindra.annual import rules
from lindra.meetings.rules import PlannedMeeting, year_of_meetings
from lindra.registry.rules import Policy, is_current

YEARS = range(2019, 2027)
days = st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2027, 12, 31))


@st.composite
def periods(draw):
    start = draw(days)
    end = draw(st.none() | st.dates(min_value=start, max_value=dt.date(2028, 12, 31)))
    return (start, end)


people = st.lists(st.lists(periods(), min_size=1, max_size=4), max_size=12)


def member_on(person, day) -> bool:
    return any(is_current(start, end, day) for start, end in person)


@given(people)
def test_a_year_carries_in_what_the_year_before_carried_out(people):
    flows = rules.member_flows(people, [*YEARS, YEARS[-1] + 1])
    for year in YEARS:
        flow = flows[year]
        assert flow.carried_in + flow.new - flow.ended == flow.carried_out
        assert flows[year + 1].carried_in == flow.carried_out


@given(people)
def test_years_counted_together_are_each_as_counted_alone(people):
    assert rules.member_flows(people, YEARS) == {year: rules.member_flows(people, [year])[year] for year in YEARS}


@given(people, st.sampled_from(YEARS))
def test_carried_out_are_those_members_on_both_sides_of_new_year(people, year):
    eve, day = dt.date(year, 12, 31), dt.date(year + 1, 1, 1)
    both = sum(
        1
        for person in people
        for start, end in rules.episodes(person)
        if is_current(start, end, eve) and is_current(start, end, day)
    )
    assert rules.member_flows(people, [year])[year].carried_out == both


@given(people, st.sampled_from(YEARS))
def test_new_members_became_members_on_a_day_of_the_year(people, year):
    """Counted by walking the days: a member on a day who was not the day before."""
    first = dt.date(year, 1, 1)
    expected = sum(
        1
        for person in people
        for n in range(366 if year % 4 == 0 else 365)
        if member_on(person, first + dt.timedelta(days=n)) and not member_on(person, first + dt.timedelta(days=n - 1))
    )
    assert rules.member_flows(people, [year])[year].new == expected


@given(people, st.sampled_from(YEARS))
def test_ended_members_had_their_last_day_in_the_year(people, year):
    first = dt.date(year, 1, 1)
    expected = sum(
        1
        for person in people
        for n in range(366 if year % 4 == 0 else 365)
        if member_on(person, first + dt.timedelta(days=n)) and not member_on(person, first + dt.timedelta(days=n + 1))
    )
    assert rules.member_flows(people, [year])[year].ended == expected


def test_a_membership_ended_on_new_years_eve_and_another_the_next_day_is_one_member():
    person = [(dt.date(2023, 3, 1), dt.date(2024, 12, 31)), (dt.date(2025, 1, 1), None)]
    assert rules.member_flows([person], [2024])[2024] == rules.MemberFlow(carried_in=1, new=0, ended=0, carried_out=1)
    assert rules.member_flows([person], [2025])[2025] == rules.MemberFlow(carried_in=1, new=0, ended=0, carried_out=1)


def test_one_who_ends_on_new_years_eve_ended_that_year_and_one_who_starts_on_new_years_day_is_new():
    leaving = [(dt.date(2020, 1, 1), dt.date(2024, 12, 31))]
    coming = [(dt.date(2025, 1, 1), None)]
    assert rules.member_flows([leaving, coming], [2024])[2024] == rules.MemberFlow(1, 0, 1, 0)
    assert rules.member_flows([leaving, coming], [2025])[2025] == rules.MemberFlow(0, 1, 0, 1)


@given(st.lists(periods(), max_size=6))
def test_episodes_cover_the_same_days_and_neither_touch_nor_overlap(person):
    merged = rules.episodes(person)
    for day in [p[0] for p in person] + [p[1] for p in person if p[1]] + [dt.date(2022, 6, 1)]:
        assert member_on(person, day) == member_on(merged, day)
    for (_s1, e1), (s2, _e2) in itertools.pairwise(merged):
        assert e1 is not None and s2 > e1 + dt.timedelta(days=1)


@given(
    st.lists(st.tuples(st.floats(min_value=0.5, max_value=8), st.booleans()), max_size=8),
    st.integers(min_value=0, max_value=6),
    st.none() | st.integers(min_value=0, max_value=30),
)
def test_only_meetings_held_count_towards_the_requirement_and_the_hours(meetings, required, minimum):
    start = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
    planned = [PlannedMeeting(start, start + dt.timedelta(hours=hours)) for hours, _held in meetings]
    held = [m for m, (_h, was_held) in zip(planned, meetings, strict=True) if was_held]
    policy = Policy(meetings_per_group_per_year=required, min_gathering_hours_per_year=minimum)
    year = year_of_meetings(planned, held, policy)
    assert year.held == len(held) and year.planned == len(planned)
    assert year.meets_meetings == (len(held) >= required)
    hours = sum(h for h, was_held in meetings if was_held)
    assert year.hours == round(hours, 2)
    assert year.meets_hours == (minimum is None or round(hours, 2) >= minimum)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500))
def test_a_percent_is_whole_and_within_bounds(part, whole):
    part = min(part, whole)
    found = rules.percent(part, whole)
    assert found is None if whole == 0 else 0 <= found <= 100


def test_groups_opened_merged_and_closed_in_the_year():
    groups = [
        rules.GroupFact("Nye Follo", dt.date(2025, 2, 1), None, None),
        rules.GroupFact("Ski", dt.date(2015, 1, 1), dt.date(2025, 1, 31), "Nye Follo"),
        rules.GroupFact("Ås", dt.date(2016, 1, 1), dt.date(2025, 6, 30), None),
        rules.GroupFact("Oppegård", dt.date(2016, 1, 1), dt.date(2024, 12, 31), None),
        rules.GroupFact("Tom", None, None, None),
    ]
    assert rules.group_changes(groups, 2025) == rules.GroupChanges(
        opened=("Nye Follo",), merged=(("Ski", "Nye Follo"),), closed=("Ås",)
    )


@given(st.sampled_from(YEARS), days)
def test_the_head_count_is_taken_on_the_years_last_day_or_today(year, today):
    day = rules.reference_day(year, today)
    assert day == (dt.date(year, 12, 31) if today > dt.date(year, 12, 31) else today)
