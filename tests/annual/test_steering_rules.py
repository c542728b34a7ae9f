"""The figures of a report to the steering group: a period split in two adds up to the whole,
and the requirement follows the period's share of the year."""

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from lindra.annual import rules

GROUPS = [(1, "Bergen sentrum"), (2, "Åsane")]
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))
group_ids = st.sampled_from([1, 2, 3])  # 3 is no group of the network
meetings = st.lists(st.builds(rules.MeetingFact, group_ids, days, st.booleans()), max_size=30)
marks = st.lists(st.builds(rules.MarkFact, group_ids, days, st.booleans()), max_size=30)
memberships = st.lists(st.builds(rules.MembershipFact, group_ids, days, st.none() | days), max_size=30)
deviations = st.lists(st.builds(rules.DeviationFact, days, st.none() | days), max_size=10)
ADDITIVE = ("planned", "held", "present", "marked", "new", "ended")


def figures(start, end, **facts):
    return rules.period_figures(start, end, per_year=3, groups=GROUPS, **facts)


@given(
    start=days,
    first=st.integers(0, 400),
    second=st.integers(1, 400),
    meetings=meetings,
    marks=marks,
    memberships=memberships,
    deviations=deviations,
)
def test_two_periods_side_by_side_add_up_to_the_whole(start, first, second, meetings, marks, memberships, deviations):
    middle = start + dt.timedelta(days=first)
    end = middle + dt.timedelta(days=second)
    facts = {"meetings": meetings, "marks": marks, "memberships": memberships, "deviations": deviations}
    whole = figures(start, end, **facts)
    a = figures(start, middle, **facts)
    b = figures(middle + dt.timedelta(days=1), end, **facts)
    for key in ADDITIVE:
        assert whole["totals"][key] == a["totals"][key] + b["totals"][key]
        for row, row_a, row_b in zip(whole["groups"], a["groups"], b["groups"], strict=True):
            assert row[key] == row_a[key] + row_b[key]
    for key in ("reported", "closed"):
        assert whole["deviations"][key] == a["deviations"][key] + b["deviations"][key]
    assert rules.year_share(start, end) == rules.year_share(start, middle) + rules.year_share(
        middle + dt.timedelta(days=1), end
    )


@given(meetings=meetings, marks=marks, memberships=memberships)
def test_only_the_networks_groups_and_what_falls_in_the_period_count(meetings, marks, memberships):
    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    result = figures(start, end, meetings=meetings, marks=marks, memberships=memberships, deviations=[])
    inside = [m for m in meetings if m.group_id in (1, 2) and start <= m.day <= end]
    assert result["totals"]["planned"] == len(inside)
    assert result["totals"]["held"] == sum(m.held for m in inside)
    assert result["totals"]["held"] <= result["totals"]["planned"]
    assert result["totals"]["present"] <= result["totals"]["marked"]
    assert [row["id"] for row in result["groups"]] == [1, 2]


@given(year=st.integers(2000, 2100), per_year=st.integers(0, 12))
def test_a_calendar_year_requires_the_policys_number_and_its_halves_add_up_to_it(year, per_year):
    assert rules.required_in_period(per_year, dt.date(year, 1, 1), dt.date(year, 12, 31)) == per_year
    first, second = rules.half_year_of(dt.date(year, 3, 1)), rules.half_year_of(dt.date(year, 9, 1))
    assert first == (dt.date(year, 1, 1), dt.date(year, 6, 30))
    assert second == (dt.date(year, 7, 1), dt.date(year, 12, 31))
    assert rules.required_in_period(per_year, *first) + rules.required_in_period(per_year, *second) == per_year


def test_a_group_meets_the_requirement_of_a_half_year_with_two_of_three():
    start, end = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    held = [rules.MeetingFact(1, dt.date(2026, 2, 1), True), rules.MeetingFact(1, dt.date(2026, 5, 1), True)]
    result = figures(start, end, meetings=held, marks=[], memberships=[], deviations=[])
    assert result["required"] == 1.5
    assert rules.required_in_period(3, start, end) == Fraction(3 * 181, 365)
    assert [row["meets"] for row in result["groups"]] == [True, False]
    assert result["totals"]["groups_meeting_requirement"] == 1


def test_attendance_is_a_share_of_the_marks():
    assert rules.attendance_percent(3, 4) == 75
    assert rules.attendance_percent(0, 0) is None
