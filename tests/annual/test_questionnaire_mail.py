"""Opening, reminding and closing, day by day with the periodic jobs, through the real SMTP
server: the invitation goes once to each member active on the opening day (and their nearest
leaders, once each, when chosen), a stopped job catches up while the questionnaire is open, a
reminder goes once per reminder day only to those who have not finished, and nothing goes
after closing.

These tests commit for real: the outbox sends on commit."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from lindra.annual import questionnaires
from lindra.annual.models import Questionnaire, QuestionnaireReminder
from lindra.home.periodic import JOBS
from lindra.registry.models import Leave, Membership
from tests.annual import questionnaire_setup as setup

sends_mail = pytest.mark.django_db(transaction=True)
OSLO = ZoneInfo("Europe/Oslo")
YEAR = timezone.localdate().year + 1
MONA, AINA, LARS, OLAV = (
    "member@lindra.example",
    "host@lindra.example",
    "nearest-leader@lindra.example",
    "other-member@lindra.example",
)
OPENS, CLOSES = dt.date(YEAR, 3, 1), dt.date(YEAR, 3, 21)
INVITATION = "Svar på årlig rapportering: Årlig rapportering"
REMINDER = "Påminnelse: Årlig rapportering"


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), OSLO)


def days(first: dt.date, last: dt.date):
    while first <= last:
        yield first
        first += dt.timedelta(days=1)


def walk(first: dt.date, last: dt.date, outbox, on_day=None) -> list[tuple[dt.date, str, str]]:
    """Runs the periodic jobs twice a day from first to last; returns (day, to, subject)."""
    delivered = []
    for day in days(first, last):
        if on_day:
            with time_machine.travel(local(day, 0, 10), tick=False):
                on_day(day)
        for moment in (local(day, 0, 30), local(day, 23, 30)):
            before = len(outbox.messages)
            with time_machine.travel(moment, tick=False):
                for job in JOBS:
                    job()
            delivered += [(day, mail.envelope_to[0], mail.subject) for mail in outbox.messages[before:]]
    return delivered


def made(world, *, leaders: bool = False, reminders=(dt.date(YEAR, 3, 8), dt.date(YEAR, 3, 15))) -> Questionnaire:
    with time_machine.travel(local(dt.date(YEAR, 2, 1), 12), tick=False):
        questionnaire = questionnaires.create_questionnaire(
            world.network_a,
            year=YEAR,
            title="Årlig rapportering",
            opens_on=OPENS,
            closes_on=CLOSES,
            start=questionnaires.STANDARD,
            by=world.user("secretariat"),
        )
        Questionnaire.objects.filter(pk=questionnaire.pk).update(include_leaders=leaders)
        for day in reminders:
            QuestionnaireReminder.objects.create(questionnaire=questionnaire, on=day)
    return Questionnaire.objects.get(pk=questionnaire.pk)


def answer(world, questionnaire, role: str):
    assert Client().post(setup.link(world, questionnaire, role), setup.full_answers(questionnaire)).status_code == 302


@sends_mail
def test_invited_on_the_opening_day_reminded_until_answered_and_nothing_after_closing(world, outbox):
    questionnaire = made(world, leaders=True)
    answers = {dt.date(YEAR, 3, 5): "member", dt.date(YEAR, 3, 10): "host"}

    def on_day(day):
        if day in answers:
            answer(world, questionnaire, answers[day])

    delivered = walk(dt.date(YEAR, 2, 27), dt.date(YEAR, 3, 25), outbox, on_day)

    march = lambda n: dt.date(YEAR, 3, n)  # noqa: E731
    assert sorted(delivered) == sorted(
        [
            (march(1), MONA, INVITATION),
            (march(1), AINA, INVITATION),
            (march(1), OLAV, INVITATION),
            (march(1), LARS, INVITATION),  # the nearest leader of Mona and Aina, once
            (march(8), AINA, REMINDER),
            (march(8), OLAV, REMINDER),
            (march(8), LARS, REMINDER),
            (march(15), OLAV, REMINDER),
            (march(15), LARS, REMINDER),
        ]
    )
    mail = next(m for m in outbox.messages if m.envelope_to == [MONA])
    token = re.search(r"/sporreskjema/svar/([^/\s]+)/", mail.text).group(1)
    assert questionnaires.respondent_for_token(token) == setup.respondent(world, questionnaire, "member")
    assert token in mail.html
    assert "du trenger ikke logge inn" in mail.text
    assert "Svarene er anonyme" in mail.text


@sends_mail
def test_a_stopped_job_catches_up_while_open_and_sends_one_reminder_for_the_days_it_missed(world, outbox):
    questionnaire = made(world)
    late = walk(dt.date(YEAR, 3, 4), dt.date(YEAR, 3, 4), outbox)
    assert sorted(late) == [(dt.date(YEAR, 3, 4), to, INVITATION) for to in sorted([AINA, MONA, OLAV])]
    # Stopped over both reminder days: one reminder, the next time it runs.
    after = walk(dt.date(YEAR, 3, 17), dt.date(YEAR, 3, 19), outbox)
    assert sorted(after) == [(dt.date(YEAR, 3, 17), to, REMINDER) for to in sorted([AINA, MONA, OLAV])]
    assert not QuestionnaireReminder.objects.filter(questionnaire=questionnaire, done_at__isnull=True).exists()


@sends_mail
def test_nothing_goes_for_a_questionnaire_whose_days_went_by_while_the_job_stood_still(world, outbox):
    questionnaire = made(world)
    assert walk(dt.date(YEAR, 3, 22), dt.date(YEAR, 3, 24), outbox) == []
    questionnaire.refresh_from_db()
    assert questionnaire.sent_at is None
    assert questionnaires.state_of(questionnaire, dt.date(YEAR, 3, 22)) == "never_sent"


@sends_mail
def test_a_reminder_due_on_the_closing_day_is_not_sent_the_day_after(world, outbox):
    made(world, reminders=[CLOSES])
    walk(OPENS, OPENS, outbox)
    assert walk(dt.date(YEAR, 3, 22), dt.date(YEAR, 3, 23), outbox) == []


@sends_mail
def test_only_members_active_on_the_opening_day_are_asked(world, outbox):
    made(world)
    aina = Membership.objects.get(person=world.person("host"))
    Leave.objects.create(membership=aina, starts_on=dt.date(YEAR, 2, 1), ends_on=dt.date(YEAR, 6, 1))
    Membership.objects.filter(person=world.person("other_member")).update(ends_on=dt.date(YEAR, 2, 28))
    delivered = walk(OPENS, OPENS, outbox)
    assert delivered == [(OPENS, MONA, INVITATION)]
