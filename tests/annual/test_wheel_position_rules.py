"""Where a day is drawn on the annual wheel: each day of the year one equal step further round."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindra.annual import rules


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_each_day_is_one_equal_step_round_the_year(day):
    first = dt.date(day.year, 1, 1)
    step = 1 / (dt.date(day.year + 1, 1, 1) - first).days
    assert rules.year_fraction(day, day.year) == pytest.approx((day - first).days * step)
    assert rules.year_fraction(dt.date(day.year, 12, 31), day.year) == pytest.approx(1 - step)
