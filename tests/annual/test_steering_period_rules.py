"""What a steering report counts in its period: each attendance mark once, each member who
started or ended, the days at both ends of the period included; and which half-year a day is in."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.annual import rules

GROUPS = [(1, "Bergen sentrum"), (2, "Åsane")]
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
days = st.dates(min_value=dt.date(2025, 12, 20), max_value=dt.date(2026, 7, 10)) | st.sampled_from([START, END])
group_ids = st.sampled_from([1, 2, 3])  # 3 is no group of the network
marks = st.lists(st.builds(rules.MarkFact, group_ids, days, st.booleans()), max_size=20)
memberships = st.lists(st.builds(rules.MembershipFact, group_ids, days, st.none() | days), max_size=20)


def figures(*, per_year=3, meetings=(), marks=(), memberships=(), deviations=()):
    return rules.period_figures(
        START,
        END,
        per_year=per_year,
        groups=GROUPS,
        meetings=meetings,
        marks=marks,
        memberships=memberships,
        deviations=deviations,
    )


def _inside(day):
    return day is not None and START <= day <= END


@given(marks=marks, memberships=memberships)
def test_each_group_counts_its_marks_and_the_members_who_started_and_ended_in_the_period(marks, memberships):
    result = figures(marks=marks, memberships=memberships)
    for row in result["groups"]:
        own_marks = [m for m in marks if m.group_id == row["id"] and _inside(m.day)]
        own_members = [ms for ms in memberships if ms.group_id == row["id"]]
        assert row["marked"] == len(own_marks)
        assert row["present"] == sum(m.present for m in own_marks)
        assert row["new"] == sum(_inside(ms.starts_on) for ms in own_members)
        assert row["ended"] == sum(_inside(ms.ends_on) for ms in own_members)
    for key in ("marked", "present", "new", "ended"):
        assert result["totals"][key] == sum(row[key] for row in result["groups"])


def test_what_happens_on_the_first_and_the_last_day_of_the_period_counts():
    result = figures(
        meetings=[rules.MeetingFact(1, START, True), rules.MeetingFact(1, END, True)],
        marks=[rules.MarkFact(1, START, True), rules.MarkFact(1, END, False)],
        memberships=[rules.MembershipFact(1, START, END)],
        deviations=[rules.DeviationFact(START, END)],
    )
    bergen = result["groups"][0]
    assert (bergen["planned"], bergen["held"], bergen["marked"], bergen["present"]) == (2, 2, 2, 1)
    assert (bergen["new"], bergen["ended"]) == (1, 1)
    assert result["deviations"] == {"reported": 1, "closed": 1}


def test_a_group_that_held_exactly_the_required_meetings_meets_the_requirement():
    # Two a year make one in the half-year.
    required = rules.required_in_period(2, START, dt.date(2026, 12, 31))
    assert required == 2
    result = rules.period_figures(
        START,
        dt.date(2026, 12, 31),
        per_year=2,
        groups=GROUPS,
        meetings=[rules.MeetingFact(1, dt.date(2026, 3, 1), True), rules.MeetingFact(1, dt.date(2026, 9, 1), True)],
        marks=[],
        memberships=[],
        deviations=[],
    )
    assert [row["meets"] for row in result["groups"]] == [True, False]
    assert result["totals"]["groups_meeting_requirement"] == 1


def test_the_figures_name_the_period_the_groups_and_the_requirement():
    result = figures(per_year=2)
    assert (result["start"], result["end"]) == ("2026-01-01", "2026-06-30")
    assert [(row["name"], row["required"]) for row in result["groups"]] == [
        ("Bergen sentrum", result["required"]),
        ("Åsane", result["required"]),
    ]
    assert result["required"] == rules.shown_required(rules.required_in_period(2, START, END))


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_day_falls_in_its_own_half_year(day):
    first, last = rules.half_year_of(day)
    assert first <= day <= last
    assert (first.month, first.day, last.month, last.day) in ((1, 1, 6, 30), (7, 1, 12, 31))
    assert first.year == last.year == day.year


def test_twelve_months_across_the_new_year_make_one_year():
    assert rules.year_share(dt.date(2025, 7, 1), dt.date(2026, 6, 30)) == 1
    assert rules.required_in_period(4, dt.date(2025, 7, 1), dt.date(2026, 6, 30)) == 4
