"""Reminders and escalations of the deadline chain, day by day through time: each one is
delivered exactly once, to the right person, on the right Norwegian day, also across the
changes to and from summer time, and never for a step that is done (seeds 000, 001).

These tests commit for real: the outbox sends on commit, to the real SMTP server."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from lindra.core.periodic import JOBS
from lindra.mail.models import OutboxMessage
from lindra.meetings import services
from lindra.meetings.models import Meeting
from lindra.meetings.rules import Step
from lindra.registry.models import Membership, Term
from tests import factories as f
from tests.personas import World
from tests.smtp import ReceivedMail

sends_mail = pytest.mark.django_db(transaction=True)
OSLO = ZoneInfo("Europe/Oslo")

HOST = "host@lindra.example"
LEADER = "group-leader@lindra.example"
KLB = "lindrende.behandling@klb.example"
REMINDER, ESCALATION = "påminnelse", "frist passert"

LABELS = {
    Step.PROGRAM: "Program avtalt med gruppelederen",
    Step.INVITATION_TO_SECRETARIAT: "Innkalling sendt til sekretariatet",
    Step.INVITATION_SENT: "Innkalling sendt til gruppen",
    Step.REGISTRATION_DEADLINE: "Påmeldingsfrist",
    Step.MINUTES_TO_SECRETARIAT: "Referat sendt til sekretariatet",
    Step.MINUTES_SENT: "Referat sendt ut",
}


@dataclass(frozen=True, order=True)
class Sent:
    """A delivered notice: on which day, what, about which step, to whom."""

    day: dt.date
    kind: str
    step: str
    to: tuple[str, ...]


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), OSLO)


def days(first: dt.date, last: dt.date):
    while first <= last:
        yield first
        first += dt.timedelta(days=1)


def run_periodic_jobs() -> None:
    """The deadline job on its own, then the periodic command's jobs in order, which run it again."""
    services.send_deadline_notices()
    for job in JOBS:
        job()


def classify(mail: ReceivedMail, day: dt.date) -> Sent:
    kind = REMINDER if mail.subject.startswith("Påminnelse: ") else ESCALATION
    assert kind == REMINDER or mail.subject.startswith("Frist passert: "), mail.subject
    [step] = [step for step, label in LABELS.items() if f": {label} " in mail.subject]
    return Sent(day, kind, step, tuple(sorted(mail.envelope_to)))


def walk(
    first: dt.date, last: dt.date, outbox, *, during_day: Callable[[dt.date], None] = lambda day: None
) -> list[Sent]:
    """Lives through the days from first to last: the periodic jobs run just after midnight
    and just before the next, Norwegian time (in UTC these moments fall on the day before and
    on the same day); in between, at noon, people do their day's work. Returns what was
    delivered, and checks that it all arrived with the day's first run."""
    delivered: list[Sent] = []
    for day in days(first, last):
        for moment in (local(day, 0, 30), local(day, 12), local(day, 23, 30)):
            before = len(outbox.messages)
            with time_machine.travel(moment, tick=False):
                if moment.hour == 12:
                    during_day(day)
                else:
                    run_periodic_jobs()
            new = outbox.messages[before:]
            assert not new or moment.hour == 0, f"{[m.subject for m in new]} came late on {moment}"
            delivered += [classify(mail, day) for mail in new]
    return delivered


def plan_meeting(world: World, day: dt.date) -> Meeting:
    """A1's meeting on the day, 9 to 15, hosted by Aina."""
    aina = Membership.objects.get(person=world.person("host"))
    row = services.PlannedRow(local(day, 9), local(day, 15), "Årstad hjemmetjeneste", aina)
    [meeting] = services.plan_year(world.group_a1, [row], by=world.user("group_leader"))
    return meeting


def mark(world: World, meeting: Meeting, step: Step, role: str) -> None:
    services.mark_step_done(meeting, step, by=world.user(role))


# The whole chain ------------------------------------------------------------------------------

# Summer time starts on Sunday 28 March 2027 and ends on Sunday 31 October 2027. A meeting on
# Thursday 8 April has its invitation steps on both sides of the first change; a meeting on
# Wednesday 20 October has its minutes on both sides of the second.
SPRING, AUTUMN = dt.date(2027, 4, 8), dt.date(2027, 10, 20)


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


# The host agrees the program after the first reminder (S-63); the secretariat sends the
# invitation two days early (S-16); the host closes registration on the day (S-7). Nobody
# marks the invitation to the secretariat or the minutes done: they are escalated.
DONE = [
    (63, Step.PROGRAM, "host"),
    (16, Step.INVITATION_SENT, "secretariat"),
    (7, Step.REGISTRATION_DEADLINE, "host"),
]
EXPECTED = {
    SPRING: [
        Sent(d("2027-01-31"), REMINDER, Step.PROGRAM, (HOST,)),  # a week before 7 February
        Sent(d("2027-03-18"), REMINDER, Step.INVITATION_TO_SECRETARIAT, (HOST,)),
        Sent(d("2027-03-18"), REMINDER, Step.INVITATION_SENT, (KLB,)),
        Sent(d("2027-03-24"), REMINDER, Step.INVITATION_TO_SECRETARIAT, (HOST,)),
        Sent(d("2027-03-25"), REMINDER, Step.REGISTRATION_DEADLINE, (HOST,)),
        Sent(d("2027-03-26"), ESCALATION, Step.INVITATION_TO_SECRETARIAT, (LEADER,)),
        Sent(d("2027-03-31"), REMINDER, Step.REGISTRATION_DEADLINE, (HOST,)),  # summer time
        Sent(d("2027-04-01"), ESCALATION, Step.INVITATION_TO_SECRETARIAT, (KLB,)),
        Sent(d("2027-04-15"), REMINDER, Step.MINUTES_TO_SECRETARIAT, (LEADER,)),
        Sent(d("2027-04-21"), REMINDER, Step.MINUTES_TO_SECRETARIAT, (LEADER,)),
        Sent(d("2027-04-22"), REMINDER, Step.MINUTES_SENT, (KLB,)),
        Sent(d("2027-04-28"), REMINDER, Step.MINUTES_SENT, (KLB,)),
        Sent(d("2027-04-29"), ESCALATION, Step.MINUTES_TO_SECRETARIAT, (KLB,)),
        Sent(d("2027-04-30"), ESCALATION, Step.MINUTES_SENT, (LEADER,)),
    ],
    AUTUMN: [
        Sent(d("2027-08-14"), REMINDER, Step.PROGRAM, (HOST,)),
        Sent(d("2027-09-29"), REMINDER, Step.INVITATION_TO_SECRETARIAT, (HOST,)),
        Sent(d("2027-09-29"), REMINDER, Step.INVITATION_SENT, (KLB,)),
        Sent(d("2027-10-05"), REMINDER, Step.INVITATION_TO_SECRETARIAT, (HOST,)),
        Sent(d("2027-10-06"), REMINDER, Step.REGISTRATION_DEADLINE, (HOST,)),
        Sent(d("2027-10-07"), ESCALATION, Step.INVITATION_TO_SECRETARIAT, (LEADER,)),
        Sent(d("2027-10-12"), REMINDER, Step.REGISTRATION_DEADLINE, (HOST,)),
        Sent(d("2027-10-13"), ESCALATION, Step.INVITATION_TO_SECRETARIAT, (KLB,)),
        Sent(d("2027-10-27"), REMINDER, Step.MINUTES_TO_SECRETARIAT, (LEADER,)),
        Sent(d("2027-11-02"), REMINDER, Step.MINUTES_TO_SECRETARIAT, (LEADER,)),  # winter time
        Sent(d("2027-11-03"), REMINDER, Step.MINUTES_SENT, (KLB,)),
        Sent(d("2027-11-09"), REMINDER, Step.MINUTES_SENT, (KLB,)),
        Sent(d("2027-11-10"), ESCALATION, Step.MINUTES_TO_SECRETARIAT, (KLB,)),
        Sent(d("2027-11-11"), ESCALATION, Step.MINUTES_SENT, (LEADER,)),
    ],
}


@pytest.mark.parametrize("meeting_day", [SPRING, AUTUMN], ids=["into summer time", "into winter time"])
@sends_mail
def test_every_reminder_and_escalation_is_delivered_once_on_its_day_to_its_owner(world, outbox, meeting_day):
    meeting = plan_meeting(world, meeting_day)
    first, last = meeting_day - dt.timedelta(days=70), meeting_day + dt.timedelta(days=30)
    assert local(first, 12).utcoffset() != local(last, 12).utcoffset()  # the walk crosses a change
    work = {meeting_day - dt.timedelta(days=before): (step, role) for before, step, role in DONE}

    def during_day(day: dt.date) -> None:
        if day in work:
            mark(world, meeting, *work[day])

    delivered = walk(first, last, outbox, during_day=during_day)

    assert sorted(delivered) == sorted(EXPECTED[meeting_day])
    # Nothing about a step after it was marked done; nothing twice.
    assert len(set(delivered)) == len(delivered)
    assert OutboxMessage.objects.count() == len(delivered)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.SENT}


@sends_mail
def test_a_reminder_names_the_step_its_date_and_the_meeting(world, outbox):
    meeting = plan_meeting(world, SPRING)
    with time_machine.travel(local(d("2027-03-24"), 7), tick=False):
        run_periodic_jobs()
    [to_host] = outbox.to(HOST)
    assert to_host.subject == ("Påminnelse: Innkalling sendt til sekretariatet innen 25. mars (Nettverksmøte 1/2027)")
    assert "Innkalling sendt til sekretariatet: innen torsdag 25. mars 2027" in to_host.text
    assert "Bergen sentrum, torsdag 8. april 2027 kl. 09:00" in to_host.text
    assert f"{settings.SITE_URL}/moter/{meeting.pk}/" in to_host.text

    with time_machine.travel(local(d("2027-04-01"), 7), tick=False):
        run_periodic_jobs()
    [escalation] = outbox.to(KLB)[-1:]
    assert escalation.subject == "Frist passert: Innkalling sendt til sekretariatet (Nettverksmøte 1/2027)"
    assert "(ansvarlig: arrangør), frist torsdag 25. mars 2027" in escalation.text


@sends_mail
def test_running_the_jobs_again_the_same_day_sends_nothing_twice(world, outbox):
    plan_meeting(world, SPRING)
    morning, evening = local(d("2027-03-18"), 6), local(d("2027-03-18"), 22)
    with time_machine.travel(morning, tick=False):
        assert services.send_deadline_notices() == 2  # the host's and the secretariat's invitation
        assert services.send_deadline_notices() == 0
        call_command("periodic")
    with time_machine.travel(evening, tick=False):
        call_command("periodic")
        assert services.send_deadline_notices() == 0
    assert sorted(tuple(m.envelope_to) for m in outbox.messages) == [(HOST,), (KLB,)]
    assert OutboxMessage.objects.count() == 2


# A host that is only a workplace ---------------------------------------------------------------


@sends_mail
def test_the_host_steps_of_a_workplace_without_a_person_go_to_the_group_leader(world, outbox):
    meeting = plan_meeting(world, SPRING)
    services.replace_host(
        meeting, host=None, workplace_only=True, reason="Aina har trukket seg", by=world.user("group_leader")
    )
    for step, role in [
        (Step.INVITATION_SENT, "secretariat"),
        (Step.MINUTES_TO_SECRETARIAT, "group_leader"),
        (Step.MINUTES_SENT, "secretariat"),
    ]:
        mark(world, meeting, step, role)

    delivered = walk(SPRING - dt.timedelta(days=70), SPRING + dt.timedelta(days=10), outbox)

    assert sorted(delivered) == [
        Sent(d("2027-01-31"), REMINDER, Step.PROGRAM, (LEADER,)),
        Sent(d("2027-02-06"), REMINDER, Step.PROGRAM, (LEADER,)),
        Sent(d("2027-02-08"), ESCALATION, Step.PROGRAM, (LEADER,)),
        Sent(d("2027-02-14"), ESCALATION, Step.PROGRAM, (KLB,)),
        Sent(d("2027-03-18"), REMINDER, Step.INVITATION_TO_SECRETARIAT, (LEADER,)),
        Sent(d("2027-03-24"), REMINDER, Step.INVITATION_TO_SECRETARIAT, (LEADER,)),
        Sent(d("2027-03-25"), REMINDER, Step.REGISTRATION_DEADLINE, (LEADER,)),
        Sent(d("2027-03-26"), ESCALATION, Step.INVITATION_TO_SECRETARIAT, (LEADER,)),
        Sent(d("2027-03-31"), REMINDER, Step.REGISTRATION_DEADLINE, (LEADER,)),
        Sent(d("2027-04-01"), ESCALATION, Step.INVITATION_TO_SECRETARIAT, (KLB,)),
        Sent(d("2027-04-02"), ESCALATION, Step.REGISTRATION_DEADLINE, (LEADER,)),
        Sent(d("2027-04-08"), ESCALATION, Step.REGISTRATION_DEADLINE, (KLB,)),
    ]
    assert outbox.to(HOST) == []


@sends_mail
def test_without_a_group_leader_the_secretariat_answers_for_a_workplace_host(world, outbox):
    meeting = plan_meeting(world, SPRING)
    services.replace_host(meeting, host=None, workplace_only=True, reason="", by=world.user("secretariat"))
    Term.objects.filter(person=world.person("group_leader")).update(ends_on=d("2027-01-01"))

    with time_machine.travel(local(d("2027-01-31"), 8), tick=False):
        run_periodic_jobs()

    [mail] = outbox.messages
    assert classify(mail, d("2027-01-31")) == Sent(d("2027-01-31"), REMINDER, Step.PROGRAM, (KLB,))


@sends_mail
def test_a_step_done_before_its_first_reminder_is_never_mentioned(world, outbox):
    meeting = plan_meeting(world, SPRING)
    mark(world, meeting, Step.PROGRAM, "host")
    other = f.meeting(world.group_a2, starts_at=local(SPRING, 9))  # no chain: nothing to remind of

    delivered = walk(d("2027-01-28"), d("2027-03-10"), outbox)

    assert delivered == []
    assert not OutboxMessage.objects.exists()
    assert not other.steps.exists()
