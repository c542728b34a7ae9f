"""The annual report's shares are whole percents of their whole."""

from lindra.annual import rules


def test_a_share_is_a_whole_percent_and_nothing_of_nothing():
    assert rules.percent(1, 3) == 33
    assert rules.percent(3, 4) == 75
    assert rules.percent(0, 4) == 0
    assert rules.percent(0, 0) is None
