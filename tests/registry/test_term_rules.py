"""A term of whole years from a 29 February ends the day before its anniversary, 1 March in a
common year."""

import datetime as dt

from lindra.registry import rules


def test_a_term_begun_on_a_leap_day_ends_on_the_28th_of_february():
    assert rules.term_end(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
    assert rules.term_end(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 28)
