"""Whether leaves cover every day of a membership's year (the member's year says "Permisjon
hele året" and asks nothing): the same answer as looking at each day, whatever the leaves,
their order, and where they begin and end against each other and the period."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.development.rules import _covered_by_leave
from lindra.meetings.rules import LeavePeriod

FIRST = dt.date(2026, 1, 1)
DAYS = st.integers(min_value=0, max_value=40)


@st.composite
def leaves(draw) -> LeavePeriod:
    starts = draw(DAYS)
    length = draw(st.none() | st.integers(min_value=0, max_value=20))
    return LeavePeriod(
        FIRST + dt.timedelta(days=starts), None if length is None else FIRST + dt.timedelta(days=starts + length)
    )


@given(st.lists(leaves(), max_size=4), DAYS, st.integers(min_value=0, max_value=20))
def test_leaves_cover_the_period_exactly_when_they_cover_each_of_its_days(periods, start, length):
    first = FIRST + dt.timedelta(days=start)
    last = first + dt.timedelta(days=length)
    every_day = all(
        any(p.covers(first + dt.timedelta(days=n)) for p in periods) for n in range((last - first).days + 1)
    )
    assert _covered_by_leave(first, last, tuple(periods)) == every_day


def test_back_to_back_leaves_cover_the_days_between_them_and_a_gap_of_one_day_does_not():
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    spring = LeavePeriod(first, dt.date(2026, 6, 30))
    assert _covered_by_leave(first, last, (LeavePeriod(dt.date(2026, 7, 1), last), spring))
    assert not _covered_by_leave(first, last, (spring, LeavePeriod(dt.date(2026, 7, 2), last)))
    assert _covered_by_leave(first, last, (LeavePeriod(first, last),))
    assert not _covered_by_leave(first, last, (LeavePeriod(first, dt.date(2026, 12, 30)),))
    assert not _covered_by_leave(first, last, (LeavePeriod(dt.date(2026, 1, 2), None),))
