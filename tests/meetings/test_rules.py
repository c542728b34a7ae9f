"""The meeting cycle's pure rules: each kind of meeting's deadline chain, reminders and
escalations that catch up after any stop and are never stale, host rotation judged on each
meeting's own date, and the warnings on a year's plan."""

import datetime as dt
import itertools

from hypothesis import assume, given
from hypothesis import strategies as st

from lindra.meetings.rules import (
    LEADER_ESCALATION_DAYS,
    REMINDER_DAYS_BEFORE,
    SECRETARIAT_ESCALATION_DAYS,
    HostCandidate,
    MeetingKind,
    NoticeKind,
    Owner,
    PlannedMeeting,
    PlanRow,
    Step,
    chain,
    days_left,
    deadline_chain,
    escalations,
    invitation_due_on,
    may_mark_done,
    next_notice_on,
    next_number,
    notices_due,
    plan_hosts,
    plan_warnings,
    rotation_order,
    step_notices,
    step_owner,
)
from lindra.registry.rules import Policy, Status

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
kinds = st.sampled_from(list(MeetingKind))
policies = st.builds(
    Policy,
    program_days_before=st.integers(1, 120),
    invitation_days_before=st.integers(1, 60),
    minutes_days_after=st.integers(1, 60),
)


# Each kind of meeting's chain -----------------------------------------------------------------


@given(kind=kinds, starts_on=days, length=st.integers(0, 2), policy=policies)
def test_every_step_before_the_meeting_is_due_before_it_and_minutes_after(kind, starts_on, length, policy):
    ends_on = starts_on + dt.timedelta(days=length)
    due = deadline_chain(starts_on, ends_on, policy, kind=kind)
    assert list(due) == [s.step for s in chain(kind)]
    for step in chain(kind):
        assert (due[step.step] < starts_on) if step.before_meeting else (due[step.step] > ends_on)
    if Step.PROGRAM in due:
        assert due[Step.PROGRAM] == starts_on - dt.timedelta(days=policy.program_days_before)
    assert due[Step.INVITATION_TO_SECRETARIAT] == starts_on - dt.timedelta(days=policy.invitation_days_before)
    assert due[Step.MINUTES_TO_SECRETARIAT] == ends_on + dt.timedelta(days=policy.minutes_days_after)
    assert due[Step.MINUTES_SENT] > due[Step.MINUTES_TO_SECRETARIAT]


def test_the_seeds_defaults_give_two_months_and_two_weeks():
    due = deadline_chain(dt.date(2026, 3, 12), dt.date(2026, 3, 12), Policy())
    assert due[Step.PROGRAM] == dt.date(2026, 1, 11)
    assert due[Step.INVITATION_TO_SECRETARIAT] == dt.date(2026, 2, 26)
    assert due[Step.MINUTES_TO_SECRETARIAT] == dt.date(2026, 3, 26)


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
    due = deadline_chain(dt.date(2026, 3, 12), dt.date(2026, 3, 12), Policy(), dt.date(2026, 3, 1))
    assert due[Step.REGISTRATION_DEADLINE] == dt.date(2026, 3, 1)


def owners(kind: str) -> dict[Step, Owner]:
    return {s.step: s.owner for s in chain(kind)}


def test_a_group_meeting_is_prepared_by_its_host_and_minuted_by_its_group_leader():
    assert owners(MeetingKind.GROUP) == {
        Step.PROGRAM: Owner.HOST,
        Step.INVITATION_TO_SECRETARIAT: Owner.HOST,
        Step.INVITATION_SENT: Owner.SECRETARIAT,
        Step.REGISTRATION_DEADLINE: Owner.HOST,
        Step.MINUTES_TO_SECRETARIAT: Owner.GROUP_LEADER,
        Step.MINUTES_SENT: Owner.SECRETARIAT,
    }


def test_a_fagdag_and_a_course_are_the_committees_to_prepare_and_the_secretariats_to_send():
    for kind in (MeetingKind.FAGDAG, MeetingKind.COURSE):
        assert owners(kind) == {
            Step.PROGRAM: Owner.COMMITTEE,
            Step.INVITATION_TO_SECRETARIAT: Owner.COMMITTEE,
            Step.INVITATION_SENT: Owner.SECRETARIAT,
            Step.REGISTRATION_DEADLINE: Owner.COMMITTEE,
            Step.MINUTES_TO_SECRETARIAT: Owner.COMMITTEE,
            Step.MINUTES_SENT: Owner.SECRETARIAT,
        }


def test_a_committee_meeting_has_no_program_to_agree_beforehand():
    assert Step.PROGRAM not in owners(MeetingKind.COMMITTEE)
    assert set(owners(MeetingKind.COMMITTEE).values()) == {Owner.COMMITTEE, Owner.SECRETARIAT}


@given(kind=kinds)
def test_only_a_group_meeting_has_a_host_or_a_group_leader_in_its_chain(kind):
    has_group_roles = bool({Owner.HOST, Owner.GROUP_LEADER} & set(owners(kind).values()))
    assert has_group_roles == (kind == MeetingKind.GROUP)


# Reminders and escalations --------------------------------------------------------------------

steps_of_kinds = kinds.flatmap(lambda kind: st.tuples(st.just(kind), st.sampled_from([s.step for s in chain(kind)])))


@st.composite
def open_steps(draw):
    """A step of some kind of meeting, with its due date and the meeting's first day."""
    kind, step = draw(steps_of_kinds)
    starts_on = draw(days)
    due = deadline_chain(starts_on, starts_on, draw(policies), kind=kind)[step]
    return kind, step, due, starts_on


@given(open_steps(), st.integers(-30, 30))
def test_notices_are_never_early_never_stale_and_each_has_its_own_key(found, offset):
    kind, step, due, starts_on = found
    today = due + dt.timedelta(days=offset)
    before = next(s for s in chain(kind) if s.step == step).before_meeting
    for started in (False, True):
        assume(not started or today >= starts_on)
        sent = notices_due(
            kind, step, due, since=None, today=today, meeting_starts_on=starts_on, meeting_started=started
        ).send
        assert all(n.on <= today for n in sent)
        assert len({n.key for n in sent}) == len(sent)
        assert sum(n.kind == NoticeKind.REMINDER for n in sent) <= 1
        assert today <= due or not any(n.kind == NoticeKind.REMINDER for n in sent)
        assert not (before and started and sent)


@given(
    found=open_steps(),
    created=st.integers(-90, 30),
    runs=st.lists(st.integers(-100, 100), max_size=25, unique=True),
)
def test_after_any_stop_each_due_escalation_is_sent_once_and_no_stale_notice_at_all(found, created, runs):
    """The job keeps only the day of the next notice; it runs on some days and not on others
    (stopped for days or months). Each escalation goes out exactly once if the job ran on or
    after its day while there was still a point; no reminder after the due date, nothing about
    a step before the meeting once the meeting has begun (here: the job runs early each day)."""
    kind, step, due, starts_on = found
    before = next(s for s in chain(kind) if s.step == step).before_meeting
    created_on = due + dt.timedelta(days=created)
    run_days = sorted(created_on + dt.timedelta(days=abs(r)) for r in runs)
    next_on = next_notice_on(kind, step, due, after=created_on - dt.timedelta(days=1), meeting_starts_on=starts_on)
    sent = []
    for day in run_days:
        if next_on is None or next_on > day:
            continue
        found_now = notices_due(
            kind, step, due, since=next_on, today=day, meeting_starts_on=starts_on, meeting_started=day > starts_on
        )
        sent += [(day, notice) for notice in found_now.send]
        next_on = found_now.next_on
    keys = [notice.key for _day, notice in sent]
    assert len(keys) == len(set(keys))
    for day, notice in sent:
        assert notice.kind != NoticeKind.REMINDER or day <= due
        assert not (before and day > starts_on)
        assert notice.on >= created_on
    for escalation in (n for n in step_notices(kind, step, due) if n.kind == NoticeKind.ESCALATION):
        in_time = [
            day
            for day in run_days
            if escalation.on <= day and not (before and day > starts_on) and escalation.on >= created_on
        ]
        assert (escalation.key in keys) == bool(in_time), (escalation, run_days)


@given(open_steps())
def test_a_late_step_is_escalated_to_the_leader_then_the_secretariat_never_to_its_owner(found):
    kind, step, due, _starts_on = found
    owner = step_owner(kind, step)
    leader = Owner.GROUP_LEADER if kind == MeetingKind.GROUP else Owner.COMMITTEE
    expected = {leader: LEADER_ESCALATION_DAYS, Owner.SECRETARIAT: SECRETARIAT_ESCALATION_DAYS}
    assert dict(escalations(kind, step)) == {to: days for to, days in expected.items() if to != owner}
    notices = step_notices(kind, step, due)
    assert [n.on for n in notices] == sorted(n.on for n in notices)
    assert {n.to for n in notices if n.kind == NoticeKind.REMINDER} == {owner}


def test_the_owner_is_reminded_a_week_and_a_day_before():
    due = dt.date(2026, 5, 20)

    def on(day: dt.date) -> tuple:
        return notices_due(
            MeetingKind.GROUP,
            Step.PROGRAM,
            due,
            since=None,
            today=day,
            meeting_starts_on=dt.date(2026, 7, 19),
            meeting_started=False,
        ).send

    assert on(due - dt.timedelta(days=8)) == ()
    assert [(n.kind, n.to) for n in on(due - dt.timedelta(days=REMINDER_DAYS_BEFORE[0]))] == [
        (NoticeKind.REMINDER, Owner.HOST)
    ]
    assert [n.key for n in on(due - dt.timedelta(days=1))] == ["program:reminder:1"]


def test_a_job_stopped_past_the_due_date_sends_the_escalation_and_not_the_reminder():
    due, starts_on = dt.date(2027, 3, 25), dt.date(2027, 4, 8)
    found = notices_due(
        MeetingKind.GROUP,
        Step.INVITATION_TO_SECRETARIAT,
        due,
        since=dt.date(2027, 3, 24),  # the day-before reminder was the next to go
        today=dt.date(2027, 4, 2),
        meeting_starts_on=starts_on,
        meeting_started=False,
    )
    assert [(n.kind, n.to, n.on) for n in found.send] == [
        (NoticeKind.ESCALATION, Owner.GROUP_LEADER, dt.date(2027, 3, 26)),
        (NoticeKind.ESCALATION, Owner.SECRETARIAT, dt.date(2027, 4, 1)),
    ]
    assert found.next_on is None


def test_nothing_is_said_about_the_invitation_once_the_meeting_has_begun():
    due, starts_on = dt.date(2027, 3, 25), dt.date(2027, 3, 30)  # the escalation to KLB would be 1 April
    assert (
        next_notice_on(
            MeetingKind.GROUP, Step.INVITATION_SENT, due, after=dt.date(2027, 3, 26), meeting_starts_on=starts_on
        )
        is None
    )
    # The minutes are another matter: they come after the meeting.
    assert next_notice_on(
        MeetingKind.GROUP, Step.MINUTES_TO_SECRETARIAT, due, after=dt.date(2027, 3, 26), meeting_starts_on=starts_on
    ) == dt.date(2027, 4, 1)


# Host rotation, judged on the meeting's own date ------------------------------------------------

leaves = st.lists(
    st.tuples(days, st.one_of(st.none(), st.integers(0, 400))).map(
        lambda t: (t[0], None if t[1] is None else t[0] + dt.timedelta(days=t[1]))
    ),
    max_size=2,
)
candidates = st.lists(
    st.builds(
        HostCandidate,
        membership_id=st.integers(1, 10_000),
        workplace_id=st.integers(1, 8),
        name=st.text(max_size=5),
        starts_on=days,
        ends_on=st.one_of(st.none(), days),
        leaves=leaves.map(tuple),
    ),
    max_size=12,
    unique_by=lambda c: c.membership_id,
)
history = st.lists(st.tuples(st.integers(1, 8), days), max_size=20)


def last_before(hosted_on, workplace_id: int, day: dt.date):
    return max((d for w, d in hosted_on if w == workplace_id and d < day), default=None)


@given(candidates=candidates, hosted_on=history, on=days)
def test_rotation_suggests_only_those_who_can_host_that_day_the_longest_waiting_first(candidates, hosted_on, on):
    order = rotation_order(candidates, hosted_on, on)
    assert {c.membership_id for c in order} == {c.membership_id for c in candidates if c.available_on(on)}
    assert all(c.status_on(on) == Status.ACTIVE for c in order)
    lasts = [last_before(hosted_on, c.workplace_id, on) for c in order]
    # Never hosted first, then the last hosting before the day, longest ago first.
    keys = [(last is not None, last or dt.date.min) for last in lasts]
    assert keys == sorted(keys)


def test_a_member_on_leave_on_the_day_is_not_suggested_though_her_workplace_waited_longest():
    a = HostCandidate(1, 10, "Anne", dt.date(2020, 1, 1), None, ((dt.date(2027, 1, 1), dt.date(2027, 12, 31)),))
    b = HostCandidate(2, 20, "Bjørn", dt.date(2020, 1, 1))
    c = HostCandidate(3, 30, "Cecilie", dt.date(2020, 1, 1), dt.date(2027, 5, 31))
    hosted = [(20, dt.date(2026, 10, 1)), (30, dt.date(2026, 6, 1))]
    assert rotation_order([a, b, c], hosted, dt.date(2026, 12, 1)) == [a, c, b]
    assert rotation_order([a, b, c], hosted, dt.date(2027, 3, 10)) == [c, b]
    assert rotation_order([a, b, c], hosted, dt.date(2027, 6, 10)) == [b]


plan_days = st.lists(st.one_of(st.none(), st.dates(dt.date(2027, 1, 1), dt.date(2027, 12, 31))), max_size=6)


@given(candidates=candidates, hosted_on=history, rows=plan_days)
def test_the_suggested_plan_has_every_host_able_to_host_and_no_workplace_twice_before_another(
    candidates, hosted_on, rows
):
    hosting = plan_hosts(
        [PlanRow(day, suggest=True) for day in rows], candidates, hosted_on, first_day=dt.date(2027, 1, 1)
    )
    for day, found in zip(rows, hosting, strict=True):
        assert found.host == found.suggestion
        if found.host is not None:
            assert found.host.available_on(day or dt.date(2027, 1, 1))
            assert found.status == Status.ACTIVE
        assert found.waiting == ()


@given(candidates=candidates, hosted_on=history, rows=plan_days, data=st.data())
def test_a_chosen_host_is_judged_on_the_rows_own_date(candidates, hosted_on, rows, data):
    assume(candidates)
    chosen = [data.draw(st.sampled_from(candidates)) for _row in rows]
    hosting = plan_hosts(
        [PlanRow(day, c.membership_id, c.workplace_id) for day, c in zip(rows, chosen, strict=True)],
        candidates,
        hosted_on,
        first_day=dt.date(2027, 1, 1),
    )
    for day, host, found in zip(rows, chosen, hosting, strict=True):
        assert found.status == host.status_on(day or dt.date(2027, 1, 1))
        if found.suggestion is not None:
            assert found.suggestion.available_on(day or dt.date(2027, 1, 1))


def test_a_workplace_hosting_twice_before_another_active_one_has_hosted_is_found():
    first = dt.date(2027, 1, 1)
    anne, bjorn, cecilie = HostCandidate(1, 10, "Anne"), HostCandidate(2, 20, "Bjørn"), HostCandidate(3, 30, "Cecilie")
    hosted = [(10, dt.date(2026, 3, 1)), (20, dt.date(2026, 6, 1)), (30, dt.date(2026, 10, 1))]
    rows = [PlanRow(dt.date(2027, 2, 10), 1, 10), PlanRow(dt.date(2027, 6, 9), 1, 10), PlanRow(dt.date(2027, 10, 13))]
    hosting = plan_hosts(rows, [anne, bjorn, cecilie], hosted, first_day=first)
    assert [h.waiting for h in hosting] == [(), (20, 30), ()]
    assert [h.suggestion for h in hosting] == [anne, bjorn, bjorn]
    # A new workplace has never hosted: it goes first, and every other waits for it.
    dag = HostCandidate(4, 40, "Dag")
    hosting = plan_hosts([PlanRow(dt.date(2027, 2, 10), 1, 10)], [anne, bjorn, cecilie, dag], hosted, first_day=first)
    assert hosting[0].suggestion == dag
    assert hosting[0].waiting == (40,)


def test_a_plan_not_yet_dated_takes_each_workplace_in_turn():
    people = [HostCandidate(n, n * 10, name, person_id=n) for n, name in enumerate(("Anne", "Bjørn", "Cecilie"), 1)]
    also_anne_workplace = HostCandidate(4, 10, "Aase", person_id=4)
    hosting = plan_hosts(
        [PlanRow(None, suggest=True) for _n in range(4)],
        [*people, also_anne_workplace],
        [],
        first_day=dt.date(2027, 1, 1),
    )
    assert [h.host.name for h in hosting] == ["Aase", "Bjørn", "Cecilie", "Anne"]


# The year's plan ----------------------------------------------------------------------------


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


def test_a_meeting_added_to_a_year_continues_its_numbers():
    titles = ["Nettverksmøte 1 / 2027", "Nettverksmøte 3/2027", "Nettverksmøte 7 / 2026", "Fagdag 2027"]
    assert next_number(titles, 2027) == 4
    assert next_number(["Møte 2 / 2027 i Driftsgruppen"], 2027) == 3
    assert next_number([], 2027) == 1


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


def test_the_kinds_of_meeting_are_those_the_model_stores():
    from lindra.meetings.models import Meeting

    assert set(MeetingKind) == set(Meeting.Kind.values)
    assert all(list(itertools.chain(chain(kind))) for kind in MeetingKind)
