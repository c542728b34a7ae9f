"""Reminders of a work plan not agreed, and of an evaluation not written, by the network's due
dates (seed 004), day by day through a year: each goes once to each, a stopped job catches up,
and nothing stale goes (a membership ended or on leave by then, a past year).

These tests commit for real: the outbox sends on commit, to the real SMTP server."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from lindra.development import workplans
from lindra.development.models import WorkPlan, WorkPlanReminder, YearlyMeeting
from lindra.development.workplan_reminders import send_work_plan_reminders
from lindra.home.periodic import JOBS
from lindra.registry.models import Leave, Membership

sends_mail = pytest.mark.django_db(transaction=True)
OSLO = ZoneInfo("Europe/Oslo")
YEAR = timezone.localdate().year + 1
MONA, AINA, LARS, OLAV = (
    "member@lindra.example",
    "host@lindra.example",
    "nearest-leader@lindra.example",
    "other-member@lindra.example",
)
PLAN = {"goals": "Mål", "activities": "Møtene og fagdagen", "workplace_needs": "", "support": ""}


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), OSLO)


def days(first: dt.date, last: dt.date):
    while first <= last:
        yield first
        first += dt.timedelta(days=1)


def membership(world, role: str) -> Membership:
    return Membership.objects.get(person=world.person(role))


def walk(first: dt.date, last: dt.date, outbox) -> list[tuple[dt.date, str, str]]:
    """Runs the periodic jobs just after midnight and just before the next, Norwegian time, each
    day from first to last; returns what was delivered: (day, to, subject)."""
    delivered = []
    for day in days(first, last):
        for moment in (local(day, 0, 30), local(day, 23, 30)):
            before = len(outbox.messages)
            with time_machine.travel(moment, tick=False):
                for job in JOBS:
                    job()
            delivered += [(day, mail.envelope_to[0], mail.subject) for mail in outbox.messages[before:]]
    return delivered


def submit(world, role: str) -> WorkPlan:
    plan = WorkPlan(membership=membership(world, role), year=YEAR)
    return workplans.submit(plan, PLAN, by=world.user(role), expected_version=0)


@sends_mail
def test_the_day_after_the_due_date_each_member_without_an_agreed_plan_is_reminded_once(world, outbox):
    with time_machine.travel(local(dt.date(YEAR, 1, 10), 12), tick=False):
        submit(world, "host")  # Aina's plan waits on Lars
    outbox.clear()

    delivered = walk(dt.date(YEAR, 3, 30), dt.date(YEAR, 4, 4), outbox)

    april_1 = dt.date(YEAR, 4, 1)
    assert sorted(delivered) == sorted(
        [
            (april_1, MONA, f"Påminnelse: arbeidsplanen din for {YEAR} er ikke avtalt"),
            (april_1, AINA, f"Påminnelse: arbeidsplanen din for {YEAR} er ikke avtalt"),
            (april_1, OLAV, f"Påminnelse: arbeidsplanen din for {YEAR} er ikke avtalt"),
            (april_1, LARS, f"Påminnelse: arbeidsplanen {YEAR} til Aina Arrangør venter på deg"),
        ]
    )
    [to_lars] = outbox.to(LARS)
    assert "har sendt deg arbeidsplanen" in to_lars.text and "/arbeidsplan/svar/" in to_lars.text
    [to_aina] = outbox.to(AINA)
    assert "Planen er sendt til Lars Leder og venter på svar." in to_aina.text
    [to_mona] = outbox.to(MONA)
    assert "Du har ikke begynt på planen." in to_mona.text and "31. mars" in to_mona.text
    assert WorkPlanReminder.objects.filter(year=YEAR, about="plan").count() == 4


@sends_mail
def test_an_agreed_plan_is_not_reminded(world, outbox):
    with time_machine.travel(local(dt.date(YEAR, 2, 1), 12), tick=False):
        plan = submit(world, "member")
        workplans.agree(plan, leader=world.person("nearest_leader"))
    outbox.clear()

    delivered = walk(dt.date(YEAR, 4, 1), dt.date(YEAR, 4, 2), outbox)

    assert sorted(to for _d, to, _s in delivered) == [AINA, OLAV]


@sends_mail
def test_a_stopped_job_catches_up_within_the_year(world, outbox):
    """The job did not run from before the due date until May: the reminders go then, once."""
    with time_machine.travel(local(dt.date(YEAR, 4, 20), 12), tick=False):
        submit(world, "member")
    outbox.clear()

    delivered = walk(dt.date(YEAR, 5, 10), dt.date(YEAR, 5, 12), outbox)

    may_10 = dt.date(YEAR, 5, 10)
    assert sorted((day, to) for day, to, _s in delivered) == [(may_10, to) for to in sorted([AINA, LARS, MONA, OLAV])]


@sends_mail
def test_a_leader_is_reminded_when_a_plan_is_sent_after_the_members_reminder(world, outbox):
    walk(dt.date(YEAR, 4, 1), dt.date(YEAR, 4, 1), outbox)
    outbox.clear()
    with time_machine.travel(local(dt.date(YEAR, 4, 2), 12), tick=False):
        submit(world, "member")
    outbox.clear()

    delivered = walk(dt.date(YEAR, 4, 3), dt.date(YEAR, 4, 5), outbox)

    assert [(day, to) for day, to, _s in delivered] == [(dt.date(YEAR, 4, 3), LARS)]


@sends_mail
def test_nothing_goes_for_a_membership_ended_or_on_leave_by_then(world, outbox):
    Membership.objects.filter(pk=membership(world, "member").pk).update(ends_on=dt.date(YEAR, 4, 15))
    Leave.objects.create(membership=membership(world, "host"), starts_on=dt.date(YEAR, 3, 1))

    delivered = walk(dt.date(YEAR, 4, 20), dt.date(YEAR, 4, 21), outbox)

    assert [to for _d, to, _s in delivered] == [OLAV]


@sends_mail
def test_a_member_back_from_leave_is_reminded_when_back(world, outbox):
    Leave.objects.create(
        membership=membership(world, "member"), starts_on=dt.date(YEAR, 3, 1), ends_on=dt.date(YEAR, 5, 31)
    )
    first = walk(dt.date(YEAR, 4, 1), dt.date(YEAR, 4, 1), outbox)
    assert MONA not in [to for _d, to, _s in first]

    back = walk(dt.date(YEAR, 6, 1), dt.date(YEAR, 6, 2), outbox)

    assert [(day, to) for day, to, _s in back] == [(dt.date(YEAR, 6, 1), MONA)]


@sends_mail
def test_a_missing_evaluation_reminds_member_and_leader_once_and_an_evaluated_year_none(world, outbox):
    with time_machine.travel(local(dt.date(YEAR, 2, 1), 12), tick=False):
        meeting = workplans.book_yearly_meeting(
            membership(world, "host"),
            YEAR,
            starts_at=local(dt.date(YEAR, 6, 1), 10),
            ends_at=local(dt.date(YEAR, 6, 1), 11),
            place="Kontoret",
            by=world.user("host"),
            expected_version=None,
        )
    with time_machine.travel(local(dt.date(YEAR, 6, 2), 12), tick=False):
        workplans.record_evaluation(meeting, "Et godt år.", by=world.user("nearest_leader"), expected_version=None)
    walk(dt.date(YEAR, 4, 1), dt.date(YEAR, 4, 1), outbox)  # the plan reminders
    outbox.clear()

    delivered = walk(dt.date(YEAR, 11, 30), dt.date(YEAR, 12, 4), outbox)

    december_2 = dt.date(YEAR, 12, 2)
    assert sorted((day, to, subject) for day, to, subject in delivered) == sorted(
        [
            (december_2, MONA, f"Påminnelse: evaluer arbeidsplanen din for {YEAR}"),
            (december_2, LARS, f"Påminnelse: evaluer arbeidsplanen {YEAR} med Mona Medlem"),
            (december_2, OLAV, f"Påminnelse: evaluer arbeidsplanen din for {YEAR}"),
        ]
    )
    [to_lars] = outbox.to(LARS)
    assert "Møtet er ikke booket." in to_lars.text and "/arlig-mote/" in to_lars.text
    assert f"arbeidsplanen for {YEAR} til Mona Medlem er ikke skrevet" in to_lars.text
    assert YearlyMeeting.objects.get().evaluated_at is not None


@sends_mail
def test_after_new_year_nothing_goes_for_the_past_year(world, outbox):
    """The job was stopped from before the evaluation's due date until after new year: the past
    year's reminders are stale, and the new year's are not due yet."""
    walk(dt.date(YEAR, 4, 1), dt.date(YEAR, 4, 1), outbox)
    outbox.clear()

    delivered = walk(dt.date(YEAR + 1, 1, 2), dt.date(YEAR + 1, 1, 3), outbox)

    assert delivered == []
    assert not WorkPlanReminder.objects.filter(about="evaluation").exists()


@sends_mail
def test_two_runs_at_once_send_each_reminder_once(world, outbox):
    with time_machine.travel(local(dt.date(YEAR, 4, 1), 8), tick=False):
        first, second = send_work_plan_reminders(), send_work_plan_reminders()
    assert (first, second) == (3, 0)
    assert len(outbox.messages) == 3
