"""The two parts of a meeting may follow each other without a break."""

import datetime as dt

from lindra.meetings import rules


def test_part_two_may_start_the_minute_part_one_ends():
    times = rules.PartTimes(
        meeting_starts=dt.time(9),
        meeting_ends=dt.time(15),
        part1_starts=dt.time(9),
        part1_ends=dt.time(12),
        part2_starts=dt.time(12),
        part2_ends=dt.time(15),
    )
    assert rules.part_time_problems(times) == {}
    earlier = rules.PartTimes(**{**times.__dict__, "part2_starts": dt.time(11, 59)})
    assert rules.part_time_problems(earlier) == {"part2_starts": "overlaps_part1"}
