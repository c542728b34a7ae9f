"""The annual wheel's rules: the state of an item, where a day falls, the counts per month."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.annual import rules
from lindra.annual.rules import ItemState

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
gaps = st.integers(min_value=0, max_value=60)


@given(done=st.booleans(), due=days, today=days)
def test_an_item_is_done_when_done_else_late_only_once_its_day_has_passed(done, due, today):
    state = rules.item_state(done=done, due_on=due, today=today)
    if done:
        assert state == ItemState.DONE
    else:
        assert state == (ItemState.LATE if today > due else ItemState.PLANNED)


@given(due=days, today=days, later=gaps)
def test_an_item_not_done_never_goes_back_from_late_to_planned(due, today, later):
    before = rules.item_state(done=False, due_on=due, today=today)
    after = rules.item_state(done=False, due_on=due, today=today + dt.timedelta(days=later))
    assert not (before == ItemState.LATE and after == ItemState.PLANNED)


@given(ends=days, today=days, minutes_after=gaps, recorded=st.booleans(), approved=st.booleans())
def test_a_meeting_is_done_when_held_with_minutes_sent_and_late_when_either_is_overdue(
    ends, today, minutes_after, recorded, approved
):
    minutes_due = ends + dt.timedelta(days=minutes_after)
    state = rules.meeting_state(
        ends_on=ends, attendance_recorded=recorded, minutes_approved=approved, minutes_sent_due=minutes_due, today=today
    )
    if recorded and approved:
        assert state == ItemState.DONE
    elif not recorded:
        assert state == (ItemState.LATE if today > ends else ItemState.PLANNED)
    else:
        assert state == (ItemState.LATE if today > minutes_due else ItemState.PLANNED)


def test_a_meeting_held_today_waits_for_its_minutes_until_they_are_due():
    day = dt.date(2027, 3, 3)
    due = dt.date(2027, 3, 24)
    args = {"ends_on": day, "minutes_approved": False, "minutes_sent_due": due}
    assert rules.meeting_state(attendance_recorded=False, today=day, **args) == ItemState.PLANNED
    assert rules.meeting_state(attendance_recorded=False, today=day + dt.timedelta(days=1), **args) == ItemState.LATE
    assert rules.meeting_state(attendance_recorded=True, today=due, **args) == ItemState.PLANNED
    assert rules.meeting_state(attendance_recorded=True, today=due + dt.timedelta(days=1), **args) == ItemState.LATE


@given(opens=days, length=gaps, sent=st.booleans(), today=days)
def test_a_questionnaire_is_late_when_open_but_not_sent_and_done_once_closed(opens, length, sent, today):
    closes = opens + dt.timedelta(days=length)
    state = rules.questionnaire_item_state(opens_on=opens, closes_on=closes, sent=sent, today=today)
    if not sent:
        assert state == (ItemState.LATE if today > opens else ItemState.PLANNED)
    else:
        assert state == (ItemState.DONE if today > closes else ItemState.PLANNED)


@given(day=days, later=gaps)
def test_a_day_falls_in_the_year_in_order(day, later):
    year = day.year
    x = rules.year_fraction(day, year)
    assert 0 <= x < 1
    assert rules.year_fraction(day + dt.timedelta(days=later), year) >= x
    assert rules.year_fraction(dt.date(year, 1, 1), year) == 0


@given(items=st.lists(st.tuples(days, st.sampled_from(list(ItemState)))), year=st.integers(2020, 2030))
def test_the_counts_per_month_count_each_item_of_the_year_once(items, year):
    counts = rules.month_counts(items, year)
    assert len(counts) == 12
    assert sum(sum(month.values()) for month in counts) == sum(1 for day, _ in items if day.year == year)
    for day, state in items:
        if day.year == year:
            assert counts[day.month - 1][state] >= 1


def test_the_annual_report_is_due_in_the_spring_after_its_year():
    assert rules.annual_report_due_on(2026) == dt.date(2027, 3, 31)
