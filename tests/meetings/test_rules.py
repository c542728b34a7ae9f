"""The meeting cycle's pure rules: deadline chain, reminders and escalations, host rotation,
and the warnings on a year's plan."""

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from lindra.meetings.rules import (
    ESCALATION_DAYS_AFTER,
    REMINDER_DAYS_BEFORE,
    STEP_OWNERS,
    HostCandidate,
    Owner,
    PlannedMeeting,
    Step,
    days_left,
    deadline_chain,
    invitation_due_on,
    may_mark_done,
    notices_due,
    plan_warnings,
    rotation_order,
)
from lindra.registry.rules import Policy

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
policies = st.builds(
    Policy,
    program_days_before=st.integers(1, 120),
    invitation_days_before=st.integers(1, 60),
    minutes_days_after=st.integers(1, 60),
)


@given(starts_on=days, length=st.integers(0, 2), policy=policies)
def test_every_step_before_the_meeting_is_due_before_it_and_minutes_after(starts_on, length, policy):
    ends_on = starts_on + dt.timedelta(days=length)
    chain = deadline_chain(starts_on, ends_on, policy)
    assert chain[Step.PROGRAM] == starts_on - dt.timedelta(days=policy.program_days_before)
    assert chain[Step.INVITATION_TO_SECRETARIAT] == starts_on - dt.timedelta(days=policy.invitation_days_before)
    assert chain[Step.REGISTRATION_DEADLINE] < starts_on
    assert chain[Step.MINUTES_TO_SECRETARIAT] == ends_on + dt.timedelta(days=policy.minutes_days_after)
    assert chain[Step.MINUTES_SENT] > chain[Step.MINUTES_TO_SECRETARIAT]


def test_the_seeds_defaults_give_two_months_and_two_weeks():
    chain = deadline_chain(dt.date(2026, 3, 12), dt.date(2026, 3, 12), Policy())
    assert chain[Step.PROGRAM] == dt.date(2026, 1, 11)
    assert chain[Step.INVITATION_TO_SECRETARIAT] == dt.date(2026, 2, 26)
    assert chain[Step.MINUTES_TO_SECRETARIAT] == dt.date(2026, 3, 26)


@given(starts_on=days, today=days, policy=policies)
def test_the_days_left_to_send_an_invitation_count_down_to_the_policys_days_before_the_meeting(
    starts_on, today, policy
):
    due_on = invitation_due_on(starts_on, policy)
    assert due_on == deadline_chain(starts_on, starts_on, policy)[Step.INVITATION_SENT]
    left = days_left(due_on, today)
    assert left + policy.invitation_days_before == (starts_on - today).days
    assert (left < 0) == (today > due_on)
    assert days_left(due_on, due_on) == 0


def test_a_host_may_set_another_registration_deadline():
    chain = deadline_chain(dt.date(2026, 3, 12), dt.date(2026, 3, 12), Policy(), dt.date(2026, 3, 1))
    assert chain[Step.REGISTRATION_DEADLINE] == dt.date(2026, 3, 1)


@given(due=days, offset=st.integers(-30, 30), step=st.sampled_from(list(Step)))
def test_notices_are_never_early_and_each_has_its_own_key(due, offset, step):
    today = due + dt.timedelta(days=offset)
    notices = notices_due(due, step, today, done=False)
    assert all(n.on <= today for n in notices)
    assert len({n.key for n in notices}) == len(notices)
    assert sum(n.kind == "reminder" for n in notices) <= 1


@given(due=days, offset=st.integers(-30, 30), step=st.sampled_from(list(Step)))
def test_a_done_step_gets_no_notices(due, offset, step):
    assert notices_due(due, step, due + dt.timedelta(days=offset), done=True) == []


@given(due=days, step=st.sampled_from(list(Step)))
def test_a_late_step_escalates_to_the_group_leader_then_the_secretariat(due, step):
    owner = STEP_OWNERS[step]
    week_late = notices_due(due, step, due + dt.timedelta(days=ESCALATION_DAYS_AFTER[Owner.SECRETARIAT]), done=False)
    escalated_to = {n.to for n in week_late if n.kind == "escalation"}
    assert escalated_to == {Owner.GROUP_LEADER, Owner.SECRETARIAT} - {owner}
    day_late = notices_due(due, step, due + dt.timedelta(days=ESCALATION_DAYS_AFTER[Owner.GROUP_LEADER]), done=False)
    assert Owner.SECRETARIAT not in {n.to for n in day_late if n.kind == "escalation"}


def test_the_owner_is_reminded_a_week_and_a_day_before():
    due = dt.date(2026, 5, 20)
    assert notices_due(due, Step.PROGRAM, due - dt.timedelta(days=8), done=False) == []
    week = notices_due(due, Step.PROGRAM, due - dt.timedelta(days=REMINDER_DAYS_BEFORE[0]), done=False)
    assert [(n.kind, n.to) for n in week] == [("reminder", Owner.HOST)]
    day = notices_due(due, Step.PROGRAM, due - dt.timedelta(days=1), done=False)
    assert [n.key for n in day] == ["program:reminder:1"]


candidates = st.lists(
    st.builds(
        HostCandidate, membership_id=st.integers(1, 10_000), workplace_id=st.integers(1, 8), name=st.text(max_size=5)
    ),
    max_size=12,
    unique_by=lambda c: c.membership_id,
)
history = st.lists(st.tuples(st.integers(1, 8), days), max_size=20)


@given(candidates=candidates, hosted_on=history, data=st.data())
def test_rotation_puts_the_workplace_that_hosted_least_and_longest_ago_first(candidates, hosted_on, data):
    unavailable = data.draw(
        st.sets(st.sampled_from([c.membership_id for c in candidates]) if candidates else st.nothing())
    )
    order = rotation_order(candidates, hosted_on, unavailable)
    assert {c.membership_id for c in order} == {c.membership_id for c in candidates} - unavailable
    counts = [sum(1 for w, _day in hosted_on if w == c.workplace_id) for c in order]
    assert counts == sorted(counts)
    for first, second in itertools.pairwise(order):
        if sum(1 for w, _d in hosted_on if w == first.workplace_id) == sum(
            1 for w, _d in hosted_on if w == second.workplace_id
        ):
            last_first = max((d for w, d in hosted_on if w == first.workplace_id), default=dt.date.min)
            last_second = max((d for w, d in hosted_on if w == second.workplace_id), default=dt.date.min)
            assert last_first <= last_second


def test_rotation_skips_members_on_leave_and_prefers_new_workplaces():
    a, b, c = HostCandidate(1, 10, "Anne"), HostCandidate(2, 20, "Bjørn"), HostCandidate(3, 30, "Cecilie")
    order = rotation_order([a, b, c], [(10, dt.date(2025, 3, 1)), (20, dt.date(2024, 3, 1))], unavailable={3})
    assert order == [b, a]


def _meeting(day: dt.date, hours: int = 6) -> PlannedMeeting:
    start = dt.datetime.combine(day, dt.time(9))
    return PlannedMeeting(start, start + dt.timedelta(hours=hours))


def test_a_plan_with_fewer_meetings_than_the_policy_asks_is_warned():
    warnings = plan_warnings([_meeting(dt.date(2027, 3, 10)), _meeting(dt.date(2027, 6, 9))], Policy())
    assert "fewer_meetings:2:3" in warnings


WEDNESDAYS_2027 = [dt.date(2027, 3, 10), dt.date(2027, 6, 9), dt.date(2027, 10, 13)]


def test_ahus_plan_short_of_twelve_hours_is_warned():
    plan = [_meeting(day, hours=3) for day in WEDNESDAYS_2027]
    assert "short_hours:9:12" in plan_warnings(plan, Policy(min_gathering_hours_per_year=12))
    assert (
        plan_warnings([_meeting(day, hours=4) for day in WEDNESDAYS_2027], Policy(min_gathering_hours_per_year=12))
        == []
    )


def test_public_holidays_and_weekends_are_warned():
    plan = [_meeting(dt.date(2027, 5, 17)), _meeting(dt.date(2027, 3, 13)), _meeting(dt.date(2027, 10, 12))]
    warnings = plan_warnings(plan, Policy())
    assert any(w.startswith("holiday:2027-05-17") for w in warnings)
    assert "weekend:2027-03-13" in warnings
    assert not any("2027-10-12" in w for w in warnings)


def test_committees_are_held_to_their_own_number():
    plan = [_meeting(dt.date(2027, m, 10)) for m in (2, 5, 9)]
    assert "fewer_meetings:3:4" in plan_warnings(plan, Policy(), committee=True)


@given(
    owner=st.sampled_from(list(Owner)),
    is_secretariat=st.booleans(),
    is_group_leader=st.booleans(),
    is_host=st.booleans(),
)
def test_only_the_secretariat_marks_the_secretariats_steps_and_a_host_only_its_own(
    owner, is_secretariat, is_group_leader, is_host
):
    allowed = may_mark_done(owner, is_secretariat=is_secretariat, is_group_leader=is_group_leader, is_host=is_host)
    if is_secretariat:
        assert allowed
    elif owner == Owner.SECRETARIAT:
        assert not allowed
    elif not is_group_leader:
        assert allowed == (is_host and owner == Owner.HOST)
