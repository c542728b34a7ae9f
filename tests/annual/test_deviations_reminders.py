"""The handler is reminded once per deadline passed (lindra.annual.rules): day by day through
the weeks after a deviation is reported, with the periodic jobs running twice a day; a stopped
job catches up; a closed deviation is never reminded.

These tests commit for real: the outbox sends on commit, to the real SMTP server."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from lindra.annual import rules
from lindra.annual.models import Deviation
from lindra.home.periodic import JOBS
from tests.annual.deviations_support import report, step

sends_mail = pytest.mark.django_db(transaction=True)
OSLO = ZoneInfo("Europe/Oslo")
GUNNAR, ULLA = "group-leader@lindra.example", "committee-member@lindra.example"
REPORTED = dt.date(2027, 3, 1)
LEADER_DUE = REPORTED + dt.timedelta(days=rules.GROUP_LEADER_DAYS)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), OSLO)


def walk(first: dt.date, last: dt.date, outbox) -> list[tuple[dt.date, str, str]]:
    """Runs the periodic jobs just after midnight and just before the next, each day from
    first to last; returns the reminders delivered: (day, to, subject)."""
    delivered = []
    day = first
    while day <= last:
        for moment in (local(day, 0, 30), local(day, 23, 30)):
            before = len(outbox.messages)
            with time_machine.travel(moment, tick=False):
                for job in JOBS:
                    job()
            delivered += [(day, m.envelope_to[0], m.subject) for m in outbox.messages[before:]]
        day += dt.timedelta(days=1)
    return [row for row in delivered if row[2].startswith("Påminnelse: avvik")]


def reported(world, outbox) -> Deviation:
    with time_machine.travel(local(REPORTED, 12), tick=False):
        deviation = report(world)
    outbox.clear()
    return deviation


@sends_mail
def test_the_group_leader_is_reminded_once_the_day_after_the_deadline(world, outbox):
    deviation = reported(world, outbox)

    delivered = walk(REPORTED, LEADER_DUE + dt.timedelta(days=10), outbox)

    day_after = LEADER_DUE + dt.timedelta(days=1)
    assert delivered == [(day_after, GUNNAR, "Påminnelse: avvik venter på behandling: Innkallingen kom for sent")]
    [mail] = outbox.to(GUNNAR)
    assert "for 1 dag siden" in mail.text and f"/avvik/{deviation.pk}/" in mail.text
    deviation.refresh_from_db()
    assert deviation.reminded_for == LEADER_DUE


@sends_mail
def test_a_stopped_job_catches_up_once(world, outbox):
    reported(world, outbox)
    late = LEADER_DUE + dt.timedelta(days=9)

    delivered = walk(late, late + dt.timedelta(days=3), outbox)

    assert [(day, to) for day, to, _s in delivered] == [(late, GUNNAR)]
    assert "for 9 dager siden" in outbox.to(GUNNAR)[0].text


@sends_mail
def test_escalated_the_operations_group_is_reminded_of_its_own_deadline(world, outbox):
    deviation = reported(world, outbox)
    walk(LEADER_DUE + dt.timedelta(days=1), LEADER_DUE + dt.timedelta(days=1), outbox)  # Gunnar reminded
    escalated_on = LEADER_DUE + dt.timedelta(days=2)
    with time_machine.travel(local(escalated_on, 9), tick=False):
        step(world, deviation, "group_leader", rules.ESCALATE)
    outbox.clear()
    operations_due = escalated_on + dt.timedelta(days=rules.OPERATIONS_GROUP_DAYS)

    delivered = walk(escalated_on, operations_due + dt.timedelta(days=5), outbox)

    assert [(day, to) for day, to, _s in delivered] == [(operations_due + dt.timedelta(days=1), ULLA)]


@sends_mail
def test_nothing_is_sent_for_a_closed_deviation(world, outbox):
    deviation = reported(world, outbox)
    with time_machine.travel(local(LEADER_DUE - dt.timedelta(days=2), 9), tick=False):
        step(world, deviation, "group_leader", rules.CLOSE, "Løst i gruppen.")
    outbox.clear()

    assert walk(LEADER_DUE - dt.timedelta(days=1), LEADER_DUE + dt.timedelta(days=40), outbox) == []


@sends_mail
def test_a_deviation_closed_while_the_job_was_stopped_gets_no_stale_reminder(world, outbox):
    deviation = reported(world, outbox)
    with time_machine.travel(local(LEADER_DUE + dt.timedelta(days=3), 9), tick=False):
        step(world, deviation, "group_leader", rules.CLOSE, "Løst, men for sent.")
    outbox.clear()

    assert walk(LEADER_DUE + dt.timedelta(days=4), LEADER_DUE + dt.timedelta(days=6), outbox) == []
