"""Retention counted from a 29 February: the years end on 28 February in a common year."""

import datetime as dt

from lindra.privacy import rules
from lindra.privacy.rules import Span

LEAP_DAY = dt.date(2024, 2, 29)


def test_years_from_a_leap_day_end_on_the_28th_in_a_common_year_and_the_29th_in_a_leap_year():
    assert rules.add_years(LEAP_DAY, 1) == dt.date(2025, 2, 28)
    assert rules.add_years(LEAP_DAY, 4) == dt.date(2028, 2, 29)


def test_data_of_a_membership_ended_on_a_leap_day_is_kept_to_the_28th():
    assert rules.kept_until([Span(dt.date(2019, 8, 1), LEAP_DAY, retention_years=3)]) == dt.date(2027, 2, 28)
