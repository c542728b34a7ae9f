"""The rules of deviations: which steps are allowed in which state, the deadlines, the reminder
once per deadline, and the refusal of identity numbers."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.annual import rules
from lindra.annual.rules import (
    CLOSE,
    COMMENT,
    DEVIATION_CLOSED,
    DEVIATION_ESCALATED,
    DEVIATION_REPORTED,
    ESCALATE,
    allowed_actions,
    due_on_for,
    looks_like_identity_number,
    reminder_due,
    status_after,
)

STATUSES = st.sampled_from([DEVIATION_REPORTED, DEVIATION_ESCALATED, DEVIATION_CLOSED])
ACTIONS = st.sampled_from([COMMENT, ESCALATE, CLOSE])
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2030, 12, 31))


@given(STATUSES, st.booleans(), st.booleans(), st.booleans())
def test_every_allowed_step_leads_to_a_state_the_rules_know(status, leads, operates, reported):
    for action in allowed_actions(status, leads_group=leads, operates=operates, reported_it=reported):
        assert status_after(status, action) in {DEVIATION_REPORTED, DEVIATION_ESCALATED, DEVIATION_CLOSED}


@given(st.booleans(), st.booleans(), st.booleans())
def test_a_closed_deviation_takes_no_step(leads, operates, reported):
    assert allowed_actions(DEVIATION_CLOSED, leads_group=leads, operates=operates, reported_it=reported) == set()


@given(STATUSES, ACTIONS)
def test_the_states_move_only_forward(status, action):
    order = [DEVIATION_REPORTED, DEVIATION_ESCALATED, DEVIATION_CLOSED]
    try:
        after = status_after(status, action)
    except ValueError:
        assert status == DEVIATION_CLOSED or (action == ESCALATE and status != DEVIATION_REPORTED)
        return
    assert order.index(after) >= order.index(status)
    assert (after == status) == (action == COMMENT)


@given(STATUSES, st.booleans(), st.booleans(), st.booleans())
def test_only_the_group_leader_closes_locally_and_only_the_operations_group_closes_after(
    status, leads, operates, reported
):
    actions = allowed_actions(status, leads_group=leads, operates=operates, reported_it=reported)
    if CLOSE in actions:
        assert (status == DEVIATION_REPORTED and leads) or (status == DEVIATION_ESCALATED and operates)
    if ESCALATE in actions:
        assert status == DEVIATION_REPORTED and (leads or operates)
    if not (leads or operates):
        # The reporter only adds to it while it is open; anyone else nothing.
        assert actions == ({COMMENT} if reported and status != DEVIATION_CLOSED else set())


def test_the_group_leader_of_a_reported_one_may_do_everything_and_the_operations_group_then_closes():
    assert allowed_actions(DEVIATION_REPORTED, leads_group=True, operates=False) == {COMMENT, ESCALATE, CLOSE}
    assert allowed_actions(DEVIATION_ESCALATED, leads_group=True, operates=False) == {COMMENT}
    assert allowed_actions(DEVIATION_ESCALATED, leads_group=False, operates=True) == {COMMENT, CLOSE}


def test_a_deviation_starts_with_the_group_leader_only_when_there_is_one():
    assert rules.first_status(has_group=True, group_has_leader=True) == DEVIATION_REPORTED
    assert rules.first_status(has_group=True, group_has_leader=False) == DEVIATION_ESCALATED
    assert rules.first_status(has_group=False, group_has_leader=False) == DEVIATION_ESCALATED


@given(days)
def test_each_handler_gets_its_own_number_of_days(day):
    assert due_on_for(DEVIATION_REPORTED, day) == day + dt.timedelta(days=rules.GROUP_LEADER_DAYS)
    assert due_on_for(DEVIATION_ESCALATED, day) == day + dt.timedelta(days=rules.OPERATIONS_GROUP_DAYS)
    assert due_on_for(DEVIATION_CLOSED, day) is None


@given(STATUSES, days, st.none() | days, days)
def test_a_reminder_is_due_once_per_deadline_after_it_has_passed_and_never_when_closed(status, due, reminded, today):
    due_now = reminder_due(status, due, reminded, today)
    assert due_now == (status != DEVIATION_CLOSED and today > due and reminded != due)
    # Once recorded for the deadline, it is not due again that deadline, whatever the day.
    assert not reminder_due(status, due, due, today)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11), st.sampled_from(["", " ", "."]), st.text())
def test_eleven_digits_are_refused_with_or_without_a_separator(digits, separator, around):
    number = digits[:6] + separator + digits[6:]
    letters = "".join(c for c in around if not c.isdigit())
    assert looks_like_identity_number(f"{letters} {number} {letters}")
    assert looks_like_identity_number(number)


@given(st.text(alphabet="0123456789", min_size=1, max_size=10), st.text(alphabet="abc æøå,-:/"))
def test_shorter_numbers_such_as_phone_numbers_and_dates_are_not_refused(digits, words):
    assert not looks_like_identity_number(f"{words}{digits}{words}")


def test_common_numbers_are_not_taken_for_identity_numbers():
    for text in ["Ring 55 97 50 00", "Møtet 12.03.2027 kl. 10", "rom 214, 3 deltakere", "tlf 98765432"]:
        assert not looks_like_identity_number(text)
    assert looks_like_identity_number("Pasienten (01017012345) fikk ikke")
