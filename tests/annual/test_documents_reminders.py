"""A document's next revision (seed 003 §6): when the day comes, the periodic job reminds the
network's working group once, by e-mail through a real SMTP server; a job stopped over the day
catches up; a version superseded by a newer one is never reminded of; without a working group
the secretariat is told. The home pages of the secretariat and the working group list the
documents due for revision."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindra.annual.documents import send_revision_reminders
from lindra.annual.models import DocumentVersion
from lindra.home.periodic import JOBS
from lindra.registry.models import Person, Term
from tests import factories as f
from tests.annual.conftest import document
from tests.personas import World

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
sends_mail = pytest.mark.django_db(transaction=True)
SUBJECT = "Revisjon forfalt"
GUNNAR = "group-leader@lindra.example"
KLB = "lindrende.behandling@klb.example"
DUE = dt.date(2027, 3, 10)


def at(day: dt.date, hour: int = 7) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO)


def run_jobs() -> None:
    for job in JOBS:
        job()


def reminders(outbox) -> list:
    return [m for m in outbox.messages if m.subject.startswith(SUBJECT)]


def due_plan(world: World, **extra):
    return document(
        world.network_a,
        title="Strategi- og handlingsplan 2025–2027",
        versions=({"next_revision_on": DUE, "approved_on": dt.date(2025, 3, 10)}, *extra.get("more", ())),
    )


@sends_mail
def test_the_working_group_is_reminded_once_when_the_day_comes(world: World, working_group, outbox):
    plan = due_plan(world)
    with time_machine.travel(at(DUE - dt.timedelta(days=1), 23), tick=False) as traveller:
        run_jobs()
        assert not reminders(outbox)
        traveller.move_to(at(DUE, 0))
        run_jobs()
        [mail] = reminders(outbox)
        assert mail.envelope_to == [GUNNAR]
        assert mail.subject == "Revisjon forfalt: Strategi- og handlingsplan 2025–2027"
        assert "skulle revideres 10. mars 2027" in mail.text
        assert "godkjent 10. mars 2025 av Styringsgruppen" in mail.text
        assert re.search(rf"http://\S+/dokumenter/{plan.pk}/", mail.text)
        for n in range(1, 20):
            traveller.move_to(at(DUE + dt.timedelta(days=n), n % 24))
            run_jobs()
    assert len(reminders(outbox)) == 1
    assert DocumentVersion.objects.get(document=plan).revision_reminded_at == at(DUE, 0)


@sends_mail
def test_a_job_stopped_over_the_day_catches_up_once(world: World, working_group, outbox):
    due_plan(world)
    with time_machine.travel(at(DUE + dt.timedelta(days=40), 13), tick=False):
        assert send_revision_reminders() == 1
        assert send_revision_reminders() == 0
        run_jobs()
    assert len(reminders(outbox)) == 1


@sends_mail
def test_a_superseded_version_is_never_reminded_of_but_the_new_one_is_when_due(world: World, working_group, outbox):
    later = dt.date(2029, 3, 1)
    plan = due_plan(world, more=({"approved_on": dt.date(2027, 3, 1), "next_revision_on": later},))
    with time_machine.travel(at(DUE + dt.timedelta(days=5)), tick=False) as traveller:
        run_jobs()
        assert not reminders(outbox)
        traveller.move_to(at(later))
        run_jobs()
        run_jobs()
    [mail] = reminders(outbox)
    assert "skulle revideres 1. mars 2029" in mail.text
    first, second = plan.versions.order_by("number")
    assert first.revision_reminded_at is None and second.revision_reminded_at is not None


@sends_mail
def test_a_draft_of_the_revision_stops_the_reminder(world: World, working_group, outbox):
    due_plan(world, more=({"approved_on": None, "approved_by_text": "", "body": "Utkast."},))
    with time_machine.travel(at(DUE + dt.timedelta(days=1)), tick=False):
        run_jobs()
    assert not reminders(outbox)


@sends_mail
def test_without_a_working_group_the_secretariat_is_told(world: World, outbox):
    due_plan(world)
    with time_machine.travel(at(DUE), tick=False):
        run_jobs()
    [mail] = reminders(outbox)
    assert mail.envelope_to == [KLB]
    assert "Ingen i nettverkets arbeidsgruppe har e-postadresse i Lindra" in mail.text


@sends_mail
def test_those_whose_term_in_the_working_group_has_ended_are_not_told(world: World, working_group, outbox):
    Term.objects.filter(committee=working_group).update(ends_on=DUE - dt.timedelta(days=1))
    due_plan(world)
    with time_machine.travel(at(DUE), tick=False):
        run_jobs()
    [mail] = reminders(outbox)
    assert mail.envelope_to == [KLB]


# --- The home page ------------------------------------------------------------------------------

HEADING = "Dokumenter som skal revideres"


@pytest.mark.django_db
def test_the_secretariat_and_the_working_group_see_on_their_home_page_what_to_revise(
    world: World, working_group, client_as
):
    due_plan(world)
    document(world.network_b, title="Avtale i B", versions=({"next_revision_on": DUE},))
    with time_machine.travel(at(DUE - dt.timedelta(days=1), 12), tick=False) as traveller:
        assert HEADING not in client_as("secretariat").get("/").text
        traveller.move_to(at(DUE, 12))
        for role in ("secretariat", "group_leader"):
            page = client_as(role).get("/").text
            assert HEADING in page, role
            assert "Strategi- og handlingsplan 2025–2027" in page and "revisjon forfalt 10. mars 2027" in page
            assert "Avtale i B" not in page
        for role in ("member", "committee_member", "nearest_leader"):
            assert HEADING not in client_as(role).get("/").text, role
        assert "Avtale i B" in client_as("other_secretariat").get("/").text


@pytest.mark.django_db
def test_the_home_page_takes_as_many_queries_for_many_documents_as_for_few(world: World, working_group, client_as):
    def queries(role: str) -> int:
        client = client_as(role)
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    def more(n: int) -> None:
        for i in range(n):
            document(world.network_a, title=f"Plan {i}", versions=({}, {"next_revision_on": DUE}))

    with time_machine.travel(at(DUE, 12), tick=False):
        more(2)
        few = queries("secretariat"), queries("group_leader")
        more(4)
        assert (queries("secretariat"), queries("group_leader")) == few


@sends_mail
def test_every_member_of_the_working_group_with_an_address_is_told_in_one_message(world: World, working_group, outbox):
    f.term(world.person("member"), Term.Kind.COMMITTEE_MEMBER, committee=working_group, starts_on=dt.date(2020, 1, 1))
    f.term(world.person("host"), Term.Kind.COMMITTEE_MEMBER, committee=working_group, starts_on=dt.date(2020, 1, 1))
    Person.objects.filter(pk=world.person("host").pk).update(email=None)
    due_plan(world)
    with time_machine.travel(at(DUE), tick=False):
        run_jobs()
    [mail] = reminders(outbox)
    assert sorted(mail.envelope_to) == [GUNNAR, "member@lindra.example"]
