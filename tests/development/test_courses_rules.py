"""The rules of courses, over their whole space of inputs: who is due an intro course on a day
and when the number passes the policy (seed 003: "ved over 10 nye sykepleiere"), when the
committee and the secretariat are told, and who on a waiting list gets a place, in turn."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.development import rules
from lindra.meetings import rules as meeting_rules
from lindra.registry.rules import Policy

DAY = dt.date(2026, 6, 15)
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))


@st.composite
def candidates(draw):
    starts_on = draw(days)
    ends_on = draw(st.none() | days.filter(lambda d: d >= starts_on))
    leaves = []
    for _ in range(draw(st.integers(0, 2))):
        first = draw(days)
        leaves.append((first, draw(st.none() | days.filter(lambda d, first=first: d >= first))))
    return rules.CourseCandidate(
        person=draw(st.integers(1, 6)),
        starts_on=starts_on,
        ends_on=ends_on,
        leaves=tuple(leaves),
        completed_on=draw(st.none() | days),
    )


def active_on(c: rules.CourseCandidate, day: dt.date) -> bool:
    if day < c.starts_on or (c.ends_on is not None and day > c.ends_on):
        return False
    return not any(start <= day and (end is None or day <= end) for start, end in c.leaves)


@given(st.lists(candidates(), max_size=8), days)
def test_due_are_the_active_members_who_had_not_taken_the_course_that_day(members, day):
    due = rules.due_for_intro_course(members, day)
    for person in {c.person for c in members}:
        own = [c for c in members if c.person == person]
        took_it = any(c.completed_on is not None and c.completed_on <= day for c in own)
        assert (person in due) == (not took_it and any(active_on(c, day) for c in own))


@given(st.lists(candidates(), min_size=1, max_size=8), days)
def test_taking_the_course_on_or_before_the_day_removes_one_from_the_due(members, day):
    first = members[0]
    took = rules.CourseCandidate(first.person, first.starts_on, first.ends_on, first.leaves, day)
    assert first.person not in rules.due_for_intro_course([took, *members[1:]], day)


@given(st.lists(candidates(), max_size=8), days, st.integers(1, 400))
def test_a_course_taken_after_the_day_does_not_count_on_it(members, day, later):
    later_course = [
        rules.CourseCandidate(c.person, c.starts_on, c.ends_on, c.leaves, day + dt.timedelta(days=later))
        for c in members
    ]
    never = [rules.CourseCandidate(c.person, c.starts_on, c.ends_on, c.leaves, None) for c in members]
    assert rules.due_for_intro_course(later_course, day) == rules.due_for_intro_course(never, day)


def test_a_member_on_leave_on_the_day_is_not_due_and_is_again_when_it_ends():
    member = rules.CourseCandidate(1, dt.date(2026, 1, 1), None, ((dt.date(2026, 6, 1), dt.date(2026, 6, 30)),), None)
    assert rules.due_for_intro_course([member], DAY) == frozenset()
    assert rules.due_for_intro_course([member], dt.date(2026, 7, 1)) == {1}


def test_one_who_has_not_started_or_has_ended_is_not_due():
    future = rules.CourseCandidate(1, dt.date(2026, 7, 1), None, (), None)
    ended = rules.CourseCandidate(2, dt.date(2025, 1, 1), dt.date(2026, 6, 14), (), None)
    assert rules.due_for_intro_course([future, ended], DAY) == frozenset()


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
