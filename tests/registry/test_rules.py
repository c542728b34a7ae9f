"""The pure rules of the registry's history (lindra.registry.rules), against naive models
that walk the days one by one."""

import datetime as dt
import random

from hypothesis import given
from hypothesis import strategies as st

from lindra.registry import rules
from lindra.registry.rules import PLACEMENT_ATTRIBUTES, AttributeChange, Status

START = dt.date(2025, 1, 1)
HORIZON = 90  # days after START that the strategies use

days = st.integers(min_value=0, max_value=HORIZON).map(lambda n: START + dt.timedelta(days=n))
values = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


@st.composite
def histories(draw) -> list[AttributeChange]:
    """Changes of the three attributes, recorded in some order, dated in any order."""
    drawn = draw(st.lists(st.tuples(st.sampled_from(PLACEMENT_ATTRIBUTES), days, values), max_size=15))
    return [AttributeChange(attribute, day, recorded, value) for recorded, (attribute, day, value) in enumerate(drawn)]


def replayed(changes: list[AttributeChange], attribute: str, day: dt.date) -> int | None:
    """The naive model: replay every change in the order it took effect, as recorded, and
    stop at the day."""
    value = None
    for change in sorted(changes, key=lambda c: (c.valid_from, c.recorded)):
        if change.attribute == attribute and change.valid_from <= day:
            value = change.value
    return value


# value_on -------------------------------------------------------------------------------


@given(histories(), st.sampled_from(PLACEMENT_ATTRIBUTES), days)
def test_the_value_on_a_day_is_the_latest_change_on_or_before_it(changes, attribute, day):
    assert rules.value_on(changes, attribute, day) == replayed(changes, attribute, day)


@given(histories(), st.sampled_from(PLACEMENT_ATTRIBUTES), days)
def test_it_has_no_value_before_the_first_change_of_the_attribute(changes, attribute, day):
    own = [c for c in changes if c.attribute == attribute]
    if not own or day < min(c.valid_from for c in own):
        assert rules.value_on(changes, attribute, day) is None


@given(histories(), st.sampled_from(PLACEMENT_ATTRIBUTES), days, st.randoms(use_true_random=False))
def test_the_order_of_the_list_does_not_matter(changes, attribute, day, rnd: random.Random):
    shuffled = list(changes)
    rnd.shuffle(shuffled)
    assert rules.value_on(shuffled, attribute, day) == rules.value_on(changes, attribute, day)


@given(histories(), st.sampled_from(PLACEMENT_ATTRIBUTES), days, values)
def test_a_change_recorded_later_on_the_same_date_wins(changes, attribute, day, value):
    later = AttributeChange(attribute, day, len(changes), value)
    assert rules.value_on([*changes, later], attribute, day) == value
    assert rules.value_on([later, *changes], attribute, day) == value


@given(histories(), st.sampled_from(PLACEMENT_ATTRIBUTES), days, values)
def test_a_change_dated_ahead_leaves_the_days_before_it_alone(changes, attribute, day, value):
    ahead = AttributeChange(attribute, day + dt.timedelta(days=1), len(changes), value)
    assert rules.value_on([*changes, ahead], attribute, day) == rules.value_on(changes, attribute, day)


@given(histories(), days)
def test_the_attributes_are_independent_of_each_other(changes, day):
    for attribute in PLACEMENT_ATTRIBUTES:
        only_this = [c for c in changes if c.attribute == attribute]
        assert rules.value_on(changes, attribute, day) == rules.value_on(only_this, attribute, day)


def test_a_change_back_in_time_wins_over_an_older_record_only_from_its_date():
    # Joined in group 1 on 1 January; on 1 June it was recorded that she had moved to
    # group 2 on 1 March; later that she moves to group 3 on 1 September.
    changes = [
        AttributeChange("local_group", dt.date(2025, 1, 1), 1, 1),
        AttributeChange("local_group", dt.date(2025, 3, 1), 2, 2),
        AttributeChange("local_group", dt.date(2025, 9, 1), 3, 3),
    ]
    assert rules.value_on(changes, "local_group", dt.date(2024, 12, 31)) is None
    assert rules.value_on(changes, "local_group", dt.date(2025, 2, 28)) == 1
    assert rules.value_on(changes, "local_group", dt.date(2025, 3, 1)) == 2
    assert rules.value_on(changes, "local_group", dt.date(2025, 8, 31)) == 2
    assert rules.value_on(changes, "local_group", dt.date(2025, 9, 1)) == 3


# status_on ------------------------------------------------------------------------------

open_ends = st.one_of(st.none(), days)


@st.composite
def periods(draw) -> tuple[dt.date, dt.date | None]:
    start = draw(days)
    end = draw(open_ends)
    if end is not None and end < start:
        start, end = end, start
    return start, end


def days_of(period: tuple[dt.date, dt.date | None]) -> set[dt.date]:
    """Every day of the period within the window (an open end runs past the window)."""
    start, end = period
    last = end or START + dt.timedelta(days=HORIZON + 10)
    return {start + dt.timedelta(days=n) for n in range((last - start).days + 1)}


@given(periods(), st.lists(periods(), max_size=4), days)
def test_the_status_on_a_day_follows_the_days_of_membership_and_leave(membership, leaves, day):
    member_days = days_of(membership)
    leave_days = set().union(*(days_of(leave) for leave in leaves))
    if day < membership[0]:
        expected = Status.NOT_STARTED
    elif day not in member_days:
        expected = Status.ENDED
    elif day in leave_days:
        expected = Status.ON_LEAVE
    else:
        expected = Status.ACTIVE
    assert rules.status_on(membership[0], membership[1], leaves, day) == expected


@given(periods(), st.lists(periods(), max_size=4))
def test_a_member_is_active_on_the_first_day_and_ended_the_day_after_the_last(membership, leaves):
    start, end = membership
    assert rules.status_on(start, end, leaves, start - dt.timedelta(days=1)) == Status.NOT_STARTED
    assert rules.status_on(start, end, leaves, start) in {Status.ACTIVE, Status.ON_LEAVE}
    if end is not None:
        assert rules.status_on(start, end, leaves, end) in {Status.ACTIVE, Status.ON_LEAVE}
        assert rules.status_on(start, end, leaves, end + dt.timedelta(days=1)) == Status.ENDED


def test_leave_counts_on_its_first_and_last_day_and_not_after():
    start = dt.date(2025, 1, 1)
    leave = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert rules.status_on(start, None, [leave], dt.date(2025, 2, 28)) == Status.ACTIVE
    assert rules.status_on(start, None, [leave], dt.date(2025, 3, 1)) == Status.ON_LEAVE
    assert rules.status_on(start, None, [leave], dt.date(2025, 3, 31)) == Status.ON_LEAVE
    assert rules.status_on(start, None, [leave], dt.date(2025, 4, 1)) == Status.ACTIVE
    assert rules.status_on(start, None, [(dt.date(2025, 5, 1), None)], dt.date(2030, 1, 1)) == Status.ON_LEAVE


# periods_overlap --------------------------------------------------------------------------


@given(periods(), periods())
def test_periods_overlap_exactly_when_they_share_a_day(a, b):
    assert rules.periods_overlap(a, b) == bool(days_of(a) & days_of(b))


@given(periods(), periods())
def test_overlap_is_symmetric(a, b):
    assert rules.periods_overlap(a, b) == rules.periods_overlap(b, a)


@given(periods())
def test_a_period_overlaps_itself(a):
    assert rules.periods_overlap(a, a)


def test_periods_that_touch_end_to_start_do_not_overlap_but_share_a_day_do():
    march = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert not rules.periods_overlap(march, (dt.date(2025, 4, 1), None))
    assert rules.periods_overlap(march, (dt.date(2025, 3, 31), None))
    assert rules.periods_overlap((dt.date(2020, 1, 1), None), (dt.date(2099, 1, 1), None))


# change_date_problem ------------------------------------------------------------------------


@given(periods(), days)
def test_a_change_must_fall_within_the_membership(membership, effective_on):
    start, end = membership
    problem = rules.change_date_problem(start, end, effective_on)
    if effective_on < start:
        assert problem == "before_start"
    elif end is not None and effective_on > end:
        assert problem == "after_end"
    else:
        assert problem is None
        assert effective_on in days_of(membership)


def test_a_change_on_the_first_or_last_day_is_allowed():
    start, end = dt.date(2025, 1, 1), dt.date(2025, 6, 30)
    assert rules.change_date_problem(start, end, start) is None
    assert rules.change_date_problem(start, end, end) is None
    assert rules.change_date_problem(start, end, start - dt.timedelta(days=1)) == "before_start"
    assert rules.change_date_problem(start, end, end + dt.timedelta(days=1)) == "after_end"
    assert rules.change_date_problem(start, None, dt.date(2099, 1, 1)) is None


# leave_problem ------------------------------------------------------------------------------

ALWAYS = (START - dt.timedelta(days=1), None)  # a membership that holds every day of the window


@given(periods(), st.lists(periods(), max_size=4))
def test_a_leave_overlapping_another_is_refused_exactly_when_they_share_a_day(leave, others):
    problem = rules.leave_problem(ALWAYS, leave, others)
    sharing = [other for other in others if days_of(other) & days_of(leave)]
    if sharing:
        assert problem.reason == "overlaps"
        assert problem.other in sharing
        # The date named is the one inside the other leave, or the end that reaches into it.
        assert (problem.field == "starts_on") == (leave[0] in days_of(problem.other))
    else:
        assert problem is None


@given(st.lists(periods(), max_size=12))
def test_leaves_accepted_one_by_one_never_share_a_day(attempts):
    accepted: list[tuple[dt.date, dt.date | None]] = []
    for leave in attempts:
        if rules.leave_problem(ALWAYS, leave, accepted) is None:
            accepted.append(leave)
    for n, leave in enumerate(accepted):
        for other in accepted[n + 1 :]:
            assert not days_of(leave) & days_of(other)


@given(periods(), days, open_ends)
def test_a_leave_must_begin_within_the_membership_and_not_end_before_it_begins(membership, starts_on, ends_on):
    problem = rules.leave_problem(membership, (starts_on, ends_on), [])
    if ends_on is not None and ends_on < starts_on:
        assert (problem.field, problem.reason) == ("ends_on", "ends_before_start")
    elif starts_on not in days_of(membership):
        assert problem.field == "starts_on"
        assert problem.reason == rules.change_date_problem(membership[0], membership[1], starts_on)
    else:
        assert problem is None


# is_current and the policy -------------------------------------------------------------------


@given(periods(), days)
def test_a_dated_row_is_current_on_its_own_days(period, day):
    assert rules.is_current(period[0], period[1], day) == (day in days_of(period))


def test_the_default_policy_is_the_seeds_values():
    policy = rules.Policy()
    assert (
        policy.meetings_per_group_per_year,
        policy.min_gathering_hours_per_year,
        policy.program_days_before,
        policy.invitation_days_before,
        policy.minutes_days_after,
        policy.absences_before_follow_up,
        policy.leader_term_years,
        policy.intro_course_waiting_threshold,
        policy.committee_meetings_per_year,
    ) == (3, None, 60, 14, 14, 2, 2, 10, 4)


def test_names_sort_in_norwegian_order():
    names = ["Åse", "Ødegård", "Ærlig", "Zahl", "Aas", "berg", "Øvre"]
    assert sorted(names, key=rules.norwegian) == ["Aas", "berg", "Zahl", "Ærlig", "Ødegård", "Øvre", "Åse"]
