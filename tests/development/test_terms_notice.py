"""The notice before a group leader's term ends (seed 000: the leader is chosen for two years
at a time), day by day through time: it reaches the group's members, its leader and the
secretariat once, at a real SMTP server, from the first day of the network's notice period; it
catches up after a stop, and says nothing once the term has ended or a successor is chosen.

These tests commit for real: the outbox sends on commit, to the real SMTP server."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from lindra.development.models import LeaderTermNotice
from lindra.development.terms import choose_leader
from lindra.home.periodic import JOBS
from lindra.registry.models import Leave, Membership, Term
from lindra.registry.rules import term_end
from tests import factories as f
from tests.personas import World

pytestmark = pytest.mark.django_db(transaction=True)
OSLO = ZoneInfo("Europe/Oslo")

LEADER = "group-leader@lindra.example"
KLB = "lindrende.behandling@klb.example"
MONA, AINA, KARI = "member@lindra.example", "host@lindra.example", "kari@lindra.example"
SUBJECT = "Ny gruppeleder i Bergen sentrum må velges innen"


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), OSLO)


@pytest.fixture
def term(world: World) -> Term:
    """Gunnar's term in A1 ends 100 days from now; network A tells the group 60 days before.
    Kari led before him; Mona and Aina never have."""
    kari = f.person("Kari", "Karlsen", email=KARI)
    f.membership(kari, world.group_a1, starts_on=f.today() - dt.timedelta(days=3000))
    f.term(
        kari,
        Term.Kind.GROUP_LEADER,
        group=world.group_a1,
        starts_on=f.today() - dt.timedelta(days=1500),
        ends_on=f.today() - dt.timedelta(days=401),
    )
    term = Term.objects.get(person=world.person("group_leader"))
    term.ends_on = f.today() + dt.timedelta(days=100)
    term.save()
    return term


def run_jobs_on(day: dt.date, outbox) -> list:
    """The periodic jobs just after midnight, Norwegian time; what arrived."""
    before = len(outbox.messages)
    with time_machine.travel(local(day, 0, 30), tick=False):
        for job in JOBS:
            job()
    return [m for m in outbox.messages[before:] if m.subject.startswith(SUBJECT)]


def walk(first: dt.date, last: dt.date, outbox) -> dict[dt.date, list]:
    arrived = {}
    day = first
    while day <= last:
        found = run_jobs_on(day, outbox)
        if found:
            arrived[day] = found
        day += dt.timedelta(days=1)
    return arrived


def test_the_group_its_leader_and_the_secretariat_are_told_once_from_the_first_day_of_the_notice_period(
    world, term, outbox
):
    notice_from = term.ends_on - dt.timedelta(days=60)
    arrived = walk(notice_from - dt.timedelta(days=3), notice_from + dt.timedelta(days=3), outbox)
    assert list(arrived) == [notice_from]
    mails = arrived[notice_from]
    assert sorted(a for m in mails for a in m.envelope_to) == sorted([MONA, AINA, KARI, LEADER, KLB])
    # And never again, up to and after its end.
    assert walk(term.ends_on - dt.timedelta(days=2), term.ends_on + dt.timedelta(days=2), outbox) == {}
    assert LeaderTermNotice.objects.filter(term=term).count() == 1


def test_the_notice_names_the_suggestion_and_who_records_the_choice_gets_the_link(world, term, outbox):
    [mail] = [m for m in run_jobs_on(term.ends_on - dt.timedelta(days=30), outbox) if LEADER in m.envelope_to]
    ends = date_format(term.ends_on, "l j. F Y")
    assert mail.subject.startswith(SUBJECT)
    starts_on = term.ends_on + dt.timedelta(days=1)
    text = mail.text
    assert f"Gunnar Gruppeleder er gruppeleder i Bergen sentrum til og med {ends}." in text
    assert "Gruppelederen er medlem av Driftsgruppen så lenge vervet varer." in text
    assert "1. Aina Arrangør (har aldri ledet gruppen;" in text
    assert "2. Mona Medlem (har aldri ledet gruppen;" in text
    assert "3. Kari Karlsen (har ledet gruppen 1 gang, sist til" in text
    assert settings.SITE_URL + reverse("development:choose_leader", args=[term.pk]) in text
    assert f"fra {date_format(starts_on, 'j. F Y')} til og med" in text
    assert reverse("development:choose_leader", args=[term.pk]) in mail.html
    [to_mona] = [m for m in outbox.messages if MONA in m.envelope_to]
    assert reverse("development:choose_leader", args=[term.pk]) not in to_mona.text
    assert "Gruppelederen eller sekretariatet registrerer valget." in to_mona.text
    assert settings.SITE_URL + reverse("registry:group", args=[world.group_a1.pk]) in to_mona.text


def test_after_a_stop_the_notice_catches_up_once(world, term, outbox):
    late = term.ends_on - dt.timedelta(days=20)
    arrived = walk(late, late + dt.timedelta(days=5), outbox)
    assert list(arrived) == [late]
    assert len(arrived[late]) == 5


def test_nothing_is_sent_once_the_term_has_ended(world, term, outbox):
    assert walk(term.ends_on + dt.timedelta(days=1), term.ends_on + dt.timedelta(days=3), outbox) == {}
    assert not LeaderTermNotice.objects.exists()


def test_nothing_is_sent_when_a_successor_was_chosen_before_the_notice_period(world, term, outbox):
    with time_machine.travel(local(term.ends_on - dt.timedelta(days=80), 12), tick=False):
        choose_leader(
            term, person_id=world.person("host").pk, meeting=None, confirmed=False, by=world.user("secretariat")
        )
    notice_from = term.ends_on - dt.timedelta(days=60)
    assert walk(notice_from - dt.timedelta(days=1), notice_from + dt.timedelta(days=1), outbox) == {}


def test_a_member_on_leave_is_not_told_and_a_term_without_an_end_is_never_noticed(world, term, outbox):
    mona = Membership.objects.get(person=world.person("member"))
    notice_from = term.ends_on - dt.timedelta(days=60)
    Leave.objects.create(membership=mona, starts_on=notice_from - dt.timedelta(days=10), ends_on=term.ends_on)
    Term.objects.filter(pk=term.pk).update(ends_on=None)
    assert walk(notice_from, notice_from + dt.timedelta(days=1), outbox) == {}
    Term.objects.filter(pk=term.pk).update(ends_on=term.ends_on)
    [mails] = walk(notice_from, notice_from, outbox).values()
    assert MONA not in [a for m in mails for a in m.envelope_to]
    assert len(mails) == 4


def test_a_term_recorded_without_an_end_is_told_before_its_two_years_are_up(world, term, outbox):
    """Imported without an end, Gunnar's term ends after network A's two years (seed 000): the
    notice comes 60 days before that day, once, and names it."""
    term.starts_on = f.today() - dt.timedelta(days=500)
    term.ends_on = None
    term.save()
    last_day = term_end(term.starts_on, 2)
    notice_from = last_day - dt.timedelta(days=60)
    arrived = walk(notice_from - dt.timedelta(days=2), notice_from + dt.timedelta(days=2), outbox)
    assert list(arrived) == [notice_from]
    assert all(date_format(last_day, "j. F Y") in m.subject for m in arrived[notice_from])
    assert LeaderTermNotice.objects.filter(term=term).count() == 1
