"""The rules of answering an invitation (seed 001): the registration deadline closes
registering, notice of absence is taken until the meeting starts, and nothing once it has;
and the times of the agenda's two parts."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.meetings.rules import (
    NO_ANSWER,
    NOTICE_GIVEN,
    REGISTERED,
    AnswerPhase,
    PartTimes,
    answer_phase,
    open_answers,
    part_time_problems,
)

OSLO = dt.timezone(dt.timedelta(hours=1))
START = dt.datetime(2026, 12, 10, 12, 0, tzinfo=OSLO)
END = START + dt.timedelta(hours=3)
DEADLINE = dt.date(2026, 12, 3)

moments = st.datetimes(min_value=dt.datetime(2026, 11, 1), max_value=dt.datetime(2026, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=OSLO)
)
answers = st.sampled_from([NO_ANSWER, REGISTERED, NOTICE_GIVEN])
deadlines = st.dates(min_value=dt.date(2026, 11, 1), max_value=dt.date(2026, 12, 10))


def phase_at(now: dt.datetime, deadline: dt.date = DEADLINE) -> AnswerPhase:
    return answer_phase(now, now.date(), starts_at=START, ends_at=END, deadline=deadline)


def test_the_phases_around_the_deadline_and_the_meeting():
    assert phase_at(dt.datetime(2026, 12, 3, 23, 59, tzinfo=OSLO)) == AnswerPhase.OPEN
    assert phase_at(dt.datetime(2026, 12, 4, 0, 0, tzinfo=OSLO)) == AnswerPhase.LATE
    assert phase_at(START - dt.timedelta(seconds=1)) == AnswerPhase.LATE
    assert phase_at(START) == AnswerPhase.STARTED
    assert phase_at(END - dt.timedelta(seconds=1)) == AnswerPhase.STARTED
    assert phase_at(END) == AnswerPhase.OVER


def test_after_the_deadline_only_notice_is_open_and_not_for_one_who_gave_it():
    assert open_answers(AnswerPhase.OPEN, NO_ANSWER) == (REGISTERED, NOTICE_GIVEN)
    assert open_answers(AnswerPhase.OPEN, NOTICE_GIVEN) == (REGISTERED,)
    assert open_answers(AnswerPhase.LATE, NO_ANSWER) == (NOTICE_GIVEN,)
    assert open_answers(AnswerPhase.LATE, REGISTERED) == (NOTICE_GIVEN,)
    assert open_answers(AnswerPhase.LATE, NOTICE_GIVEN) == ()
    assert open_answers(AnswerPhase.STARTED, NO_ANSWER) == ()
    assert open_answers(AnswerPhase.OVER, REGISTERED) == ()


@given(now=moments, deadline=deadlines, current=answers)
def test_notice_is_open_until_the_meeting_starts_and_registering_until_the_deadline(now, deadline, current):
    choices = open_answers(phase_at(now, deadline), current)
    assert (NOTICE_GIVEN in choices) == (now < START and current != NOTICE_GIVEN)
    assert (REGISTERED in choices) == (now < START and now.date() <= deadline and current != REGISTERED)
    assert current not in choices


# The parts' times ---------------------------------------------------------------------------

times = st.one_of(
    st.none(), st.times(min_value=dt.time(7), max_value=dt.time(18)).map(lambda t: t.replace(second=0, microsecond=0))
)


def agenda(**parts) -> PartTimes:
    return PartTimes(meeting_starts=dt.time(9), meeting_ends=dt.time(15), **parts)


def test_good_times_have_no_problems():
    assert part_time_problems(agenda()) == {}
    assert (
        part_time_problems(
            agenda(
                part1_starts=dt.time(9), part1_ends=dt.time(11), part2_starts=dt.time(11, 30), part2_ends=dt.time(15)
            )
        )
        == {}
    )
    assert part_time_problems(agenda(part2_starts=dt.time(13), part2_ends=dt.time(15))) == {}


def test_each_problem_is_put_on_its_field():
    assert part_time_problems(agenda(part1_starts=dt.time(9))) == {"part1_ends": "missing_end"}
    assert part_time_problems(agenda(part2_ends=dt.time(15))) == {"part2_starts": "missing_start"}
    assert part_time_problems(agenda(part1_starts=dt.time(8), part1_ends=dt.time(10))) == {
        "part1_starts": "before_meeting"
    }
    assert part_time_problems(agenda(part2_starts=dt.time(13), part2_ends=dt.time(16))) == {
        "part2_ends": "after_meeting"
    }
    assert part_time_problems(agenda(part2_starts=dt.time(13), part2_ends=dt.time(12))) == {
        "part2_ends": "ends_before_start"
    }
    assert part_time_problems(
        agenda(part1_starts=dt.time(9), part1_ends=dt.time(12), part2_starts=dt.time(11), part2_ends=dt.time(15))
    ) == {"part2_starts": "overlaps_part1"}


@given(p1s=times, p1e=times, p2s=times, p2e=times)
def test_times_are_without_problems_exactly_when_they_lie_in_the_meeting_in_order(p1s, p1e, p2s, p2e):
    problems = part_time_problems(agenda(part1_starts=p1s, part1_ends=p1e, part2_starts=p2s, part2_ends=p2e))
    parts_fit = all(
        (starts is None and ends is None)
        or (starts is not None and ends is not None and dt.time(9) <= starts < ends <= dt.time(15))
        for starts, ends in ((p1s, p1e), (p2s, p2e))
    )
    in_order = p1e is None or p2s is None or p1e <= p2s
    assert (not problems) == (parts_fit and in_order)
    assert set(problems) <= {"part1_starts", "part1_ends", "part2_starts", "part2_ends"}
