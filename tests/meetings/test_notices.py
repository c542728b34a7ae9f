"""Reminders and escalations of the deadline chain, day by day through time: each one is
delivered exactly once, to the right person, on the right Norwegian day, also across the
changes to and from summer time, and never for a step that is done (seeds 000, 001).

These tests commit for real: the outbox sends on commit, to the real SMTP server."""

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindra.development import periodic as development
from lindra.home.periodic import JOBS
from lindra.mail.models import OutboxMessage
from lindra.meetings import deadlines, services
from lindra.meetings.models import DeadlineStep, Meeting
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
FAGDAG_LABELS = {Step.PROGRAM: "Program for fagdagen klart", Step.INVITATION_SENT: "Innkalling sendt til nettverket"}


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
    """The deadline job on its own, then the periodic command's jobs in order, which run it again;
    not those of people over time (work plan reminders and the like), whose mail is not about
    the meeting's deadlines."""
    deadlines.send_deadline_notices()
    for job in JOBS:
        if job not in development.JOBS:
            job()


def classify(mail: ReceivedMail, day: dt.date) -> Sent:
    kind = REMINDER if mail.subject.startswith("Påminnelse: ") else ESCALATION
    assert kind == REMINDER or mail.subject.startswith("Frist passert: "), mail.subject
    [step] = {
        step for labels in (LABELS, FAGDAG_LABELS) for step, label in labels.items() if f": {label} " in mail.subject
    }
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
    meetings = services.plan_year(world.group_a1, [row], by=world.user("group_leader"))
    return next(m for m in meetings if m.starts_at == row.starts_at)


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
# Nobody marks the minutes of the spring meeting done: they are reminded, then escalated.
SPRING_MINUTES = [
    Sent(d("2027-04-15"), REMINDER, Step.MINUTES_TO_SECRETARIAT, (LEADER,)),
    Sent(d("2027-04-21"), REMINDER, Step.MINUTES_TO_SECRETARIAT, (LEADER,)),
    Sent(d("2027-04-22"), REMINDER, Step.MINUTES_SENT, (KLB,)),
    Sent(d("2027-04-28"), REMINDER, Step.MINUTES_SENT, (KLB,)),
    Sent(d("2027-04-29"), ESCALATION, Step.MINUTES_TO_SECRETARIAT, (KLB,)),
    Sent(d("2027-04-30"), ESCALATION, Step.MINUTES_SENT, (LEADER,)),
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
        *SPRING_MINUTES,
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
    assert to_host.subject == ("Påminnelse: Innkalling sendt til sekretariatet innen 25. mars (Nettverksmøte 1 / 2027)")
    assert "Innkalling sendt til sekretariatet: innen torsdag 25. mars 2027" in to_host.text
    assert "Er steget ikke markert som utført innen fristen, får gruppelederen beskjed fredag 26. mars." in to_host.text
    assert "Bergen sentrum, torsdag 8. april 2027 kl. 09:00" in to_host.text
    assert f"{settings.SITE_URL}/moter/{meeting.pk}/" in to_host.text

    with time_machine.travel(local(d("2027-04-01"), 7), tick=False):
        run_periodic_jobs()
    [escalation] = outbox.to(KLB)[-1:]
    assert escalation.subject == "Frist passert: Innkalling sendt til sekretariatet (Nettverksmøte 1 / 2027)"
    assert "Fristen var torsdag 25. mars 2027, for 7 dager siden." in escalation.text


@sends_mail
def test_running_the_jobs_again_the_same_day_sends_nothing_twice(world, outbox):
    meeting = plan_meeting(world, SPRING)
    mark(world, meeting, Step.PROGRAM, "host")  # else its escalations of February are caught up too
    morning, evening = local(d("2027-03-18"), 6), local(d("2027-03-18"), 22)
    with time_machine.travel(morning, tick=False):
        assert deadlines.send_deadline_notices() == 2  # the host's and the secretariat's invitation
        assert deadlines.send_deadline_notices() == 0
        call_command("periodic")
    with time_machine.travel(evening, tick=False):
        call_command("periodic")
        assert deadlines.send_deadline_notices() == 0
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


# After a stop, and two at once -----------------------------------------------------------------


@sends_mail
def test_a_job_stopped_for_30_days_sends_each_due_escalation_once_on_restart_and_no_stale_reminder(world, outbox):
    meeting = plan_meeting(world, SPRING)
    mark(world, meeting, Step.PROGRAM, "host")
    stopped, restarted = d("2027-03-08"), d("2027-04-07")  # 30 days without a run, then the day before the meeting

    delivered = walk(SPRING - dt.timedelta(days=40), stopped - dt.timedelta(days=1), outbox)
    assert delivered == []  # nothing was due yet
    delivered = walk(restarted, SPRING + dt.timedelta(days=30), outbox)

    # The invitation and registration steps were late while the job was stopped: their
    # escalations all go out on its first run. Their reminders are stale and are not sent.
    assert sorted(s for s in delivered if s.day == restarted) == sorted(
        [
            Sent(restarted, ESCALATION, Step.INVITATION_TO_SECRETARIAT, (LEADER,)),
            Sent(restarted, ESCALATION, Step.INVITATION_TO_SECRETARIAT, (KLB,)),
            Sent(restarted, ESCALATION, Step.INVITATION_SENT, (LEADER,)),
            Sent(restarted, ESCALATION, Step.REGISTRATION_DEADLINE, (LEADER,)),
        ]
    )
    # Then the job runs as usual: the rest of the chain on its days.
    assert sorted(s for s in delivered if s.day > restarted) == [
        Sent(d("2027-04-08"), ESCALATION, Step.REGISTRATION_DEADLINE, (KLB,)),  # early on the meeting's day
        *SPRING_MINUTES,
    ]
    assert OutboxMessage.objects.count() == len(delivered)


@sends_mail
def test_a_job_stopped_past_the_meetings_start_says_nothing_more_about_the_invitation(world, outbox):
    meeting = plan_meeting(world, SPRING)
    mark(world, meeting, Step.PROGRAM, "host")
    with time_machine.travel(local(SPRING, 10), tick=False):  # the meeting has begun
        run_periodic_jobs()
    assert outbox.messages == []
    # The minutes are after the meeting: their notices come on their days.
    delivered = walk(SPRING + dt.timedelta(days=1), SPRING + dt.timedelta(days=7), outbox)
    assert delivered == [Sent(d("2027-04-15"), REMINDER, Step.MINUTES_TO_SECRETARIAT, (LEADER,))]


@sends_mail
def test_a_reminder_whose_due_date_has_passed_is_not_sent_the_escalation_speaks_instead(world, outbox):
    meeting = plan_meeting(world, SPRING)
    mark(world, meeting, Step.PROGRAM, "host")
    # The job last ran a week before the invitation was due, and next on the day after.
    walk(d("2027-03-18"), d("2027-03-18"), outbox)
    delivered = walk(d("2027-03-26"), d("2027-03-26"), outbox)
    assert sorted(delivered) == sorted(
        [
            Sent(d("2027-03-26"), ESCALATION, Step.INVITATION_TO_SECRETARIAT, (LEADER,)),
            Sent(d("2027-03-26"), ESCALATION, Step.INVITATION_SENT, (LEADER,)),
            # The registration deadline is 1 April: its reminder of 25 March still has a point.
            Sent(d("2027-03-26"), REMINDER, Step.REGISTRATION_DEADLINE, (HOST,)),
        ]
    )
    # Not the day-before reminders of the invitation: their due date had passed.
    assert not [m for m in outbox.messages if m.subject.startswith("Påminnelse: Innkalling")][2:]


def run_at_once(first: Callable[[], int], second: Callable[[], int]) -> tuple[int, int]:
    """Runs two jobs in two threads, each with its own database connection, the second
    while the first is in the middle of its work (it has taken its steps and is queuing)."""
    inside, second_done = threading.Event(), threading.Event()
    real_queue = deadlines.queue_message
    results: dict[str, int] = {}

    def queue_and_wait(*args, **kwargs):
        message = real_queue(*args, **kwargs)
        if threading.current_thread().name == "first":
            inside.set()
            second_done.wait(timeout=20)
        return message

    def job(name: str, run: Callable[[], int], before=None):
        try:
            if before:
                before.wait(timeout=20)
            results[name] = run()
        finally:
            if name == "second":
                second_done.set()
            connection.close()

    with patch.object(deadlines, "queue_message", queue_and_wait):
        threads = [
            threading.Thread(target=job, args=("first", first), name="first"),
            threading.Thread(target=job, args=("second", second, inside), name="second"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return results["first"], results["second"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need PostgreSQL")
@sends_mail
def test_two_jobs_at_once_send_each_notice_once(world, outbox):
    meeting = plan_meeting(world, SPRING)
    mark(world, meeting, Step.PROGRAM, "host")
    others = [plan_meeting(world, SPRING + dt.timedelta(days=7 * n)) for n in (1, 2)]
    for other in others:
        mark(world, other, Step.PROGRAM, "host")
    with time_machine.travel(local(d("2027-04-02"), 0, 30), tick=False):
        first, second = run_at_once(deadlines.send_deadline_notices, deadlines.send_deadline_notices)

    keys = list(OutboxMessage.objects.values_list("dedupe_key", flat=True))
    assert len(keys) == len(set(keys)) == first + second
    assert (first > 0, second) == (True, 0)  # the second passed over the steps the first had taken


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need PostgreSQL")
@sends_mail
def test_the_outbox_key_guards_two_jobs_that_took_the_same_steps(world, outbox):
    """Were two jobs to take the same step (a step's day put back by hand, say), the outbox's
    unique key still lets each notice through once."""
    meeting = plan_meeting(world, SPRING)
    mark(world, meeting, Step.PROGRAM, "host")
    with time_machine.travel(local(d("2027-04-02"), 0, 30), tick=False):
        sent = deadlines.send_deadline_notices()
        DeadlineStep.objects.filter(meeting=meeting).update(next_notice_on=d("2027-03-18"))
        first, second = run_at_once(deadlines.send_deadline_notices, deadlines.send_deadline_notices)
    assert (first, second) == (0, 0)
    assert OutboxMessage.objects.count() == sent


def job_queries() -> int:
    """The job's own queries: each notice it queues adds the outbox's one write, not counted."""
    with CaptureQueriesContext(connection) as captured:
        assert deadlines.send_deadline_notices() > 0
    outbox_writes = ('INSERT INTO "mail_outboxmessage"', "SAVEPOINT", "RELEASE SAVEPOINT")
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith(outbox_writes))


@pytest.mark.django_db
def test_the_job_takes_as_many_queries_for_60_steps_as_for_10(world):
    def queries_with(count: int, starts_on: dt.date) -> int:
        """The job's queries on the day after the invitations of `count` meetings were due."""
        organisers = [world.group_a1, world.group_a2, world.committee_a]
        with time_machine.travel(local(starts_on - dt.timedelta(days=20), 12), tick=False):
            for n in range(count):
                services.create_steps(f.meeting(organisers[n % 3], starts_at=local(starts_on, 9), host=None))
        with time_machine.travel(local(starts_on - dt.timedelta(days=13), 1), tick=False):
            return job_queries()

    assert queries_with(3, d("2027-03-10")) == queries_with(20, d("2027-05-12"))


# What the e-mails say --------------------------------------------------------------------------


@sends_mail
def test_an_escalation_names_who_answers_for_the_step_and_how_to_reach_them(world, outbox):
    meeting = plan_meeting(world, SPRING)
    mark(world, meeting, Step.PROGRAM, "host")
    with time_machine.travel(local(d("2027-03-26"), 7), tick=False):
        run_periodic_jobs()
    [mail] = [m for m in outbox.to(LEADER) if "Innkalling sendt til sekretariatet" in m.subject]
    text = mail.text.replace("\r\n", "\n")
    assert "Fristen var torsdag 25. mars 2027, for 1 dag siden." in text
    assert (
        "Ansvarlig er arrangøren:\n  Aina Arrangør, arrangør\n  E-post: host@lindra.example\n  Telefon: 555 00 004"
        in text
    )
    assert "Du får denne e-posten fordi du er gruppeleder for Bergen sentrum" in text
    assert "Er steget fortsatt ikke utført, får sekretariatet beskjed torsdag 1. april." in text


@sends_mail
def test_a_fagdags_chain_is_the_committees_its_leader_is_reminded_and_the_secretariat_told(world, outbox):
    ulla = world.person("committee_member")
    f.term(ulla, Term.Kind.COMMITTEE_LEADER, committee=world.committee_a)
    fagdag = services.plan_event(
        world.committee_a,
        kind=Meeting.Kind.FAGDAG,
        title="Fagdag 2027",
        starts_at=local(SPRING, 9),
        ends_at=local(SPRING, 15),
        place="Haukeland",
        by=world.user("secretariat"),
    )
    mark(world, fagdag, Step.INVITATION_SENT, "secretariat")
    delivered = walk(d("2027-01-31"), d("2027-02-15"), outbox)
    assert sorted(delivered) == [
        Sent(d("2027-01-31"), REMINDER, Step.PROGRAM, ("committee-member@lindra.example",)),
        Sent(d("2027-02-06"), REMINDER, Step.PROGRAM, ("committee-member@lindra.example",)),
        Sent(d("2027-02-14"), ESCALATION, Step.PROGRAM, (KLB,)),
    ]
    [escalation] = outbox.to(KLB)
    assert escalation.subject == "Frist passert: Program for fagdagen klart (Fagdag 2027)"
    assert "Ansvarlig er lederen av Driftsgruppen:\n  Ulla Utvalg, leder av Driftsgruppen" in escalation.text.replace(
        "\r\n", "\n"
    )
    assert "gruppeleder" not in escalation.text
