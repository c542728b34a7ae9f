"""Who may be erased and when retention anonymises: the pure rules, over every date."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.privacy import rules
from lindra.privacy.rules import Span

TODAY = dt.date(2030, 6, 15)
days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))
years = st.integers(min_value=0, max_value=15)


@st.composite
def spans(draw, ended_before: dt.date | None = None):
    starts_on = draw(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2035, 1, 1)))
    if ended_before is not None:
        if starts_on >= ended_before:
            starts_on = ended_before - dt.timedelta(days=1)
        ends_on = draw(st.dates(min_value=starts_on, max_value=ended_before - dt.timedelta(days=1)))
    else:
        ends_on = draw(st.none() | st.dates(min_value=starts_on, max_value=dt.date(2040, 1, 1)))
    return Span(starts_on, ends_on, draw(years))


def test_an_ended_member_has_only_memberships_and_terms_that_ended_before_today():
    ended = Span(dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    assert rules.why_not_ended([ended], [], [], False, TODAY) is None
    assert rules.why_not_ended([], [], [], False, TODAY) == rules.NO_MEMBERSHIP
    assert rules.why_not_ended([ended, Span(dt.date(2025, 1, 1), None)], [], [], False, TODAY) == (
        rules.CURRENT_MEMBERSHIP
    )
    # A membership ending today is current today; one starting later is still to come.
    assert rules.why_not_ended([Span(dt.date(2020, 1, 1), TODAY)], [], [], False, TODAY) == rules.CURRENT_MEMBERSHIP
    assert rules.why_not_ended([Span(dt.date(2031, 1, 1), None)], [], [], False, TODAY) == rules.CURRENT_MEMBERSHIP
    assert rules.why_not_ended([ended], [Span(dt.date(2020, 1, 1), None)], [], False, TODAY) == rules.CURRENT_TERM
    assert rules.why_not_ended([ended], [], [TODAY], False, TODAY) == rules.UPCOMING_REGISTRATION
    assert rules.why_not_ended([ended], [], [dt.date(2029, 1, 1)], False, TODAY) is None
    assert rules.why_not_ended([ended], [], [], True, TODAY) == rules.LEADS_CURRENT_MEMBERS


@given(st.lists(spans(), min_size=1, max_size=4), st.lists(spans(), max_size=3), days)
def test_anyone_with_something_current_or_to_come_is_not_an_ended_member(memberships, terms, today):
    something_open = any(s.ends_on is None or s.ends_on >= today for s in [*memberships, *terms])
    reason = rules.why_not_ended(memberships, terms, [], False, today)
    assert (reason is None) == (not something_open)


@given(st.lists(spans(ended_before=TODAY), min_size=1, max_size=4), st.lists(spans(ended_before=TODAY), max_size=3))
def test_retention_anonymises_exactly_the_day_after_the_last_end_plus_its_years(memberships, terms):
    last = max(rules.add_years(s.ends_on, s.retention_years) for s in [*memberships, *terms])
    assert rules.kept_until([*memberships, *terms]) == last
    assert not rules.due_for_anonymising(memberships, terms, [], False, last)
    assert rules.due_for_anonymising(memberships, terms, [], False, last + dt.timedelta(days=1))
    # Judged by the dates: any later day (a job that was stopped for years) agrees.
    assert rules.due_for_anonymising(memberships, terms, [], False, last + dt.timedelta(days=4000))


@given(st.lists(spans(), min_size=1, max_size=4), st.lists(spans(), max_size=3), days, st.booleans())
def test_retention_never_takes_someone_who_may_not_be_erased(memberships, terms, today, leads):
    if rules.due_for_anonymising(memberships, terms, [], leads, today):
        assert rules.why_not_ended(memberships, terms, [], leads, today) is None


@given(days, years)
def test_years_are_added_by_the_calendar(day, n):
    later = rules.add_years(day, n)
    assert later.year == day.year + n
    assert (later.month, later.day) == (day.month, day.day) or (day.month, day.day, later.day) == (2, 29, 28)


def test_each_network_counts_its_own_retention_years():
    short = Span(dt.date(2015, 1, 1), dt.date(2020, 3, 1), retention_years=3)
    long = Span(dt.date(2015, 1, 1), dt.date(2021, 3, 1), retention_years=10)
    assert rules.kept_until([short, long]) == dt.date(2031, 3, 1)
    assert not rules.due_for_anonymising([short, long], [], [], False, TODAY)
    assert rules.due_for_anonymising([short], [], [], False, TODAY)
