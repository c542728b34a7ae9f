"""The rules of courses, over their whole space of inputs: when the number waiting for an intro
course passes the policy (seed 003: "ved over 10 nye sykepleiere"), when the committee and the
secretariat are told, and who on a waiting list gets a place, in turn. Who waits is counted in
the database: tests/development/test_courses_due.py."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.development import rules
from lindra.meetings import rules as meeting_rules
from lindra.registry.rules import Policy


@given(st.integers(0, 50), st.integers(0, 50))
def test_the_threshold_is_passed_by_more_than_the_policys_number(waiting, threshold):
    assert rules.passes_intro_course_threshold(waiting, Policy(intro_course_waiting_threshold=threshold)) == (
        waiting > threshold
    )


def test_ten_new_at_ahus_is_not_yet_a_course_eleven_is():
    ahus = Policy(intro_course_waiting_threshold=10)
    assert not rules.passes_intro_course_threshold(10, ahus)
    assert rules.passes_intro_course_threshold(11, ahus)


moments = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 1, 1))


@given(st.booleans(), st.booleans(), st.none() | moments, st.none() | moments)
def test_they_are_told_once_until_a_course_is_planned_or_held_since(passes, planned, last_notice, last_course):
    due = rules.intro_course_notice_due(
        passes=passes, course_planned=planned, last_notice_at=last_notice, last_course_starts_at=last_course
    )
    if not passes or planned:
        assert not due
    elif last_notice is None:
        assert due
    else:
        assert due == (last_course is not None and last_course > last_notice)


def test_the_operations_group_holds_the_courses_else_the_working_group():
    assert rules.course_holder_kind(["styringsgruppe", "arbeidsgruppe", "driftsgruppe"]) == "driftsgruppe"
    assert rules.course_holder_kind(["arbeidsgruppe", "styringsgruppe"]) == "arbeidsgruppe"
    assert rules.course_holder_kind(["styringsgruppe"]) is None


# The waiting list -------------------------------------------------------------------------------

waiting_lists = st.lists(
    st.builds(meeting_rules.Waiting, moments, st.integers(1, 10_000)), max_size=12, unique_by=lambda w: w.key
)


@given(st.none() | st.integers(0, 20), st.integers(0, 25), waiting_lists)
def test_the_free_places_go_to_those_first_in_turn(capacity, holding, waiting):
    promoted = meeting_rules.promotions(capacity, holding, waiting)
    line = [w.key for w in sorted(waiting, key=lambda w: (w.since, w.key))]
    assert promoted == line[: len(promoted)]  # first come, first served, none skipped
    if capacity is None:
        assert promoted == line
    else:
        assert len(promoted) == min(max(capacity - holding, 0), len(line))
        assert holding + len(promoted) <= max(capacity, holding)  # never more than the places


@given(waiting_lists)
def test_each_one_waiting_has_their_number_in_the_line(waiting):
    line = meeting_rules.in_turn(waiting)
    for n, key in enumerate(line, start=1):
        assert meeting_rules.place_in_line(waiting, key) == n
    assert meeting_rules.place_in_line(waiting, -1) is None


@given(st.none() | st.integers(0, 20), st.integers(0, 25))
def test_one_more_has_a_place_while_any_is_free(capacity, holding):
    free = meeting_rules.free_places(capacity, holding)
    assert meeting_rules.has_place(capacity, holding) == (free is None or free > 0)


def test_one_fagdag_a_year_counts_the_days_of_that_year_only():
    days_ = [dt.date(2026, 3, 10), dt.date(2025, 12, 31), dt.date(2026, 10, 1), dt.date(2027, 1, 1)]
    assert meeting_rules.fagdags_in_year(days_, 2026) == [dt.date(2026, 3, 10), dt.date(2026, 10, 1)]
