"""Erasure by the secretariat and anonymising by retention: who may, what is taken out, and
the proof that a full dump of the database holds no trace of the person while the figures
of the years and the annual reports stay as they were."""

import dataclasses
import datetime as dt
import hashlib
import json
import re

import pytest
import time_machine
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from lindra.accounts.models import SignInLink
from lindra.annual import report_figures
from lindra.annual.models import (
    AnnualReport,
    Answer,
    Deviation,
    Question,
    Questionnaire,
    ReportRender,
    Respondent,
    Response,
    Section,
)
from lindra.core.audit import record
from lindra.core.models import AuditAction, AuditEvent
from lindra.development.models import CompetenceActivity, WelcomeLetter, WorkPlan
from lindra.home.periodic import JOBS
from lindra.mail.models import OutboxAttachment, OutboxBlob, OutboxMessage
from lindra.meetings.models import FollowUp, Minutes, Registration
from lindra.meetings.yearly import network_year
from lindra.privacy import erasure
from lindra.privacy.erasure import ANONYMOUS_NAME, HANDLED, anonymise_expired_people
from lindra.privacy.models import Anonymisation
from lindra.registry import services as registry_services
from lindra.registry.models import ChangeRequest, Membership, Person, Term
from tests import factories as f

NAME = "Solveig Ødegård"
EMAIL = "solveig.odegard@lindra.example"
OLD_PHONE = "41 00 00 01"
PHONE = "+47 912 34 567"
ERASE = "privacy:erase"


def erase_url(person) -> str:
    return reverse(ERASE, args=[person.pk])


def ended_member(world, *, ended_days_ago: int = 20) -> Person:
    """Solveig was a member of group A1 and of A2, and sat in the operations group."""
    today = f.today()
    person = f.person_with_user("Solveig", "Ødegård", email=EMAIL, phone=OLD_PHONE)
    started = today - dt.timedelta(days=900)
    ended = today - dt.timedelta(days=ended_days_ago)
    f.membership(
        person, world.group_a1, nearest_leader=world.person("nearest_leader"), starts_on=started, ends_on=ended
    )
    f.membership(person, world.group_a2, starts_on=started, ends_on=ended - dt.timedelta(days=10))
    f.term(person, Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a, starts_on=started, ends_on=ended)
    return person


# --- Who may erase --------------------------------------------------------------------------


def test_the_secretariat_erases_an_ended_member_after_typing_her_name(world, client_as):
    person = ended_member(world)
    secretariat = client_as("secretariat")
    page = secretariat.get(person.get_absolute_url()).text
    assert "Slett personopplysninger" in page
    assert secretariat.get(erase_url(person)).status_code == 200

    wrong = secretariat.post(erase_url(person), {"confirmation": "Solveig Ødegårdsen"})
    assert wrong.status_code == 400
    assert "Skriv personens fulle navn nøyaktig slik det står over." in wrong.text
    assert 'value="Solveig Ødegårdsen"' in wrong.text
    empty = secretariat.post(erase_url(person), {"confirmation": ""})
    assert "Skriv personens fulle navn for å bekrefte." in empty.text
    assert not Anonymisation.objects.exists()

    done = secretariat.post(erase_url(person), {"confirmation": " solveig  ødegård "})
    assert done.status_code == 302
    assert done["Location"] == person.get_absolute_url()
    person.refresh_from_db()
    assert (person.full_name, person.email, person.phone) == (ANONYMOUS_NAME, None, "")
    assert Anonymisation.objects.get(person=person).reason == "erased"
    event = AuditEvent.objects.get(action=AuditAction.ERASED)
    assert (event.object_id, event.target) == (str(person.pk), f"person {person.pk}")
    assert NAME.casefold() not in json.dumps(event.changes, ensure_ascii=False).casefold()
    assert AuditEvent.objects.filter(action=AuditAction.REDACTED, changes__reason="erased").exists()
    # Her old page still works for the secretariat, and reveals nothing.
    page = secretariat.get(person.get_absolute_url())
    assert page.status_code == 200
    assert ANONYMOUS_NAME in page.text and "Personopplysningene ble slettet" in page.text
    assert NAME not in page.text and EMAIL not in page.text
    assert secretariat.get(erase_url(person)).status_code == 200  # says it is done
    # In the list of those who ended she is "Anonymisert medlem", with no link to an empty page.
    members = secretariat.get(reverse("registry:members", args=[world.network_a.pk]), {"status": "sluttet"})
    assert members.status_code == 200 and NAME not in members.text
    assert ANONYMOUS_NAME in members.text
    assert f'href="{person.get_absolute_url()}"' not in members.text


def test_a_current_member_is_not_erased_and_the_secretariat_is_told_to_end_the_membership(world, client_as):
    mona = world.person("member")
    secretariat = client_as("secretariat")
    page = secretariat.get(mona.get_absolute_url()).text
    assert "Avslutt medlemskapet først" in page
    assert f'href="{erase_url(mona)}"' not in page
    refused = secretariat.post(erase_url(mona), {"confirmation": mona.full_name})
    assert refused.status_code == 200
    assert "Avslutt medlemskapet først" in refused.text
    mona.refresh_from_db()
    assert mona.full_name == "Mona Medlem" and not Anonymisation.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("group_leader", 403), ("member", 403), ("nearest_leader", 403), ("other_secretariat", 404), ("host", 404)],
)
def test_who_sees_mona_may_not_erase_her_and_others_do_not_find_her(world, client_as, role, status):
    mona = world.person("member")
    assert client_as(role).post(erase_url(mona), {"confirmation": mona.full_name}).status_code == status
    assert "Slett personopplysninger" not in client_as(role).get(mona.get_absolute_url()).text
    mona.refresh_from_db()
    assert mona.full_name == "Mona Medlem"


def test_an_ended_members_group_leader_no_longer_finds_her(world, client_as):
    person = ended_member(world)
    assert client_as("group_leader").post(erase_url(person), {"confirmation": NAME}).status_code == 404
    assert client_as("other_secretariat").get(erase_url(person)).status_code == 404


def test_a_member_registered_for_a_coming_meeting_or_leading_current_members_is_not_yet_erasable(world):
    person = ended_member(world)
    registration = Registration.objects.create(
        meeting=world.meeting, person=person, answer=Registration.Answer.REGISTERED
    )
    assert "påmeldt et møte som ikke er holdt" in erasure.why_not_erasable(person)
    registration.delete()
    assert erasure.why_not_erasable(person) is None
    lars = world.person("nearest_leader")
    f.membership(lars, world.group_a2, starts_on=f.today() - dt.timedelta(days=800), ends_on=f.today())
    Membership.objects.filter(person=lars).update(ends_on=f.today() - dt.timedelta(days=1))
    assert "nærmeste leder for medlemmer" in erasure.why_not_erasable(lars)


# --- Retention ------------------------------------------------------------------------------


def test_retention_anonymises_the_day_after_the_period_and_catches_up_after_a_stop(world):
    assert anonymise_expired_people in JOBS
    person = ended_member(world, ended_days_ago=20)
    ended = f.today() - dt.timedelta(days=20)
    kept_until = ended.replace(year=ended.year + 5)
    with time_machine.travel(f.at(kept_until, 23, 50), tick=False):
        assert anonymise_expired_people() == 0
    assert Person.objects.get(pk=person.pk).full_name == NAME
    # The job did not run for a year: on its first run it catches up, by her end date.
    with time_machine.travel(f.at(kept_until + dt.timedelta(days=400), 3), tick=False):
        assert anonymise_expired_people() == 1
        assert anonymise_expired_people() == 0  # idempotent
    person.refresh_from_db()
    assert person.full_name == ANONYMOUS_NAME
    assert Anonymisation.objects.get(person=person).reason == "retention"
    event = AuditEvent.objects.get(action=AuditAction.ANONYMISED)
    assert event.object_id == str(person.pk) and NAME not in event.target
    # The current members are left alone.
    assert Person.objects.get(pk=world.person("member").pk).full_name == "Mona Medlem"


def test_retention_follows_each_networks_policy(world):
    world.network_a.retention_years = 2
    world.network_a.save()
    person = ended_member(world, ended_days_ago=20)
    with time_machine.travel(f.at(f.today() + dt.timedelta(days=3 * 365), 3), tick=False):
        assert anonymise_expired_people() == 1
    person.refresh_from_db()
    assert person.full_name == ANONYMOUS_NAME


# --- Every model is accounted for -----------------------------------------------------------


def test_every_model_with_people_or_text_is_named_by_the_anonymiser():
    person_models = {"registry.Person", "accounts.User"}
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        related = any(
            field.is_relation and field.related_model and field.related_model._meta.label in person_models
            for field in model._meta.get_fields()
            if not field.auto_created or field.concrete
        )
        text = any(
            isinstance(field, models.CharField | models.TextField | models.JSONField)
            for field in model._meta.concrete_fields
        )
        if (related or text or label in person_models) and label not in HANDLED:
            missing.append(label)
    assert not missing, f"Say in lindra.privacy.erasure.HANDLED how anonymising deals with: {missing}"
    assert all(why.strip() for why in HANDLED.values())


# --- The proof ------------------------------------------------------------------------------


def needles() -> list[str]:
    texts = [NAME, "Ødegård, Solveig", EMAIL, OLD_PHONE, PHONE, "4791234567", "41000001"]
    return [t.casefold() for t in texts] + [json.dumps(t)[1:-1].casefold() for t in texts]


def full_dump() -> str:
    """Every row of every table, as text (binary columns decoded as far as they go); on SQLite
    also the database's own dump."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        parts.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        parts.append(str(value))
    if connection.vendor == "sqlite":
        parts.extend(connection.connection.iterdump())
    return "\n".join(parts).casefold()


def traces(dump: str) -> list[str]:
    return [needle for needle in needles() if needle in dump]


class Encoder(DjangoJSONEncoder):
    def default(self, o):
        return str(o) if isinstance(o, models.Model) else super().default(o)


def with_name_out(figures) -> str:
    """The figures as JSON with her name as it will read, the committees' seats in order."""
    text = json.dumps(figures, cls=Encoder, sort_keys=True, ensure_ascii=False)
    value = json.loads(re.sub(re.escape(NAME), ANONYMOUS_NAME, text))

    def ordered(item):
        if isinstance(item, dict):
            return {key: ordered(v) for key, v in item.items()}
        if isinstance(item, list):
            items = [ordered(v) for v in item]
            if all(isinstance(v, dict) and "name" in v and "leader" in v for v in items):
                items.sort(key=lambda v: json.dumps(v, sort_keys=True))
            return items
        return item

    return json.dumps(ordered(value), sort_keys=True, ensure_ascii=False)


def attach(message: OutboxMessage, filename: str, mimetype: str, content: bytes) -> None:
    """An attachment as the outbox stores it: its content once, by its SHA-256."""
    blob, _created = OutboxBlob.objects.get_or_create(
        sha256=hashlib.sha256(content).hexdigest(), defaults={"content": content, "size": len(content)}
    )
    OutboxAttachment.objects.create(message=message, filename=filename, mimetype=mimetype, blob=blob)


def a_life_in_lindra(world) -> tuple[Person, int]:
    """Solveig with data of every kind; returns her and the year of her meetings."""
    today = f.today()
    person = ended_member(world, ended_days_ago=20)
    user = person.user
    secretariat = world.user("secretariat")
    registry_services.update_person(person, by=secretariat, expected_version=person.version, phone=PHONE)
    person.refresh_from_db()
    m1 = Membership.objects.get(person=person, local_group=world.group_a1)
    # Two meetings she attended and gave notice for, minutes naming her, a follow-up.
    day = today - dt.timedelta(days=60)
    year = day.year
    held = f.meeting(world.group_a1, title="Gruppemøte om lindring", starts_at=f.at(day, 12))
    other = f.meeting(world.group_a1, title="Gruppemøte om ernæring", starts_at=f.at(day - dt.timedelta(days=3), 12))
    Registration.objects.create(
        meeting=held, person=person, answer=Registration.Answer.REGISTERED, attendance="present"
    )
    Registration.objects.create(meeting=other, person=person, answer=Registration.Answer.ABSENT, attendance="notice")
    Registration.objects.create(
        meeting=held, kind=Registration.Kind.GUEST, guest_name=NAME, guest_email=EMAIL.upper(), attendance="present"
    )
    Minutes.objects.create(
        meeting=held,
        part1=f"{NAME} fortalte om hospiteringen.",
        agreements=f"Ring {PHONE} for å avtale neste gang.",
        facts_as_sent={"present": [NAME, "Mona Medlem"], "notice": []},
    )
    FollowUp.objects.create(
        network=world.network_a, person=person, local_group=world.group_a1, year=year, absences=3, agreed="Avtalt"
    )
    WorkPlan.objects.create(membership=m1, year=year, goals="Lære mer om smerte", status=WorkPlan.Status.AGREED)
    CompetenceActivity.objects.create(
        membership=m1, kind="hospitering", title="Hospitering", starts_on=day, hours=7, description=f"Med {NAME}"
    )
    WelcomeLetter.objects.create(membership=m1, text=f"Kjære {NAME}", sent_to=EMAIL)
    ChangeRequest.objects.create(membership=m1, kind=ChangeRequest.Kind.END, message="Jeg slutter", requested_by=user)
    Deviation.objects.create(
        network=world.network_a, reported_by=person, title="Rommet var låst", description=f"Meldt av {NAME}"
    )
    # The yearly questionnaire, not anonymous, answered in free text.
    questionnaire = Questionnaire.objects.create(
        network=world.network_a, year=year, title="Årets rapportering", opens_on=day, closes_on=today
    )
    question = Question.objects.create(
        section=Section.objects.create(questionnaire=questionnaire, title="Året"), kind="text", text="Hva lærte du?"
    )
    respondent = Respondent.objects.create(
        questionnaire=questionnaire, person=person, membership=m1, local_group=world.group_a1
    )
    response = Response.objects.create(questionnaire=questionnaire, respondent=respondent, local_group=world.group_a1)
    Answer.objects.create(response=response, question=question, value=f"Jeg heter {NAME} og lærte mye")
    # E-mail: to her with a PDF, to her leader about her, the minutes to Mona with a PDF.
    to_her = OutboxMessage.objects.create(
        kind="welcome_letter", to=[EMAIL], subject=f"Velkommen, {NAME}", body_text="Hei", status="sent"
    )
    attach(to_her, "brev.pdf", "application/pdf", NAME.encode())
    about_her = OutboxMessage.objects.create(
        kind="absence",
        to=[world.email("nearest_leader")],
        cc=[f"{NAME} <{EMAIL}>"],
        subject="Forfall",
        body_text=f"{NAME} ({EMAIL}, {PHONE}) har meldt forfall.",
        body_html=f"<p>{NAME} har meldt forfall.</p>",
        status="sent",
    )
    attach(about_her, "møte.ics", "text/calendar", f"ATTENDEE;CN={NAME}".encode())
    minutes_mail = OutboxMessage.objects.create(
        kind="minutes",
        to=[world.email("member")],
        subject="Referat",
        body_text="Referatet er vedlagt.",
        dedupe_key=f"minutes:{held.pk}:reader:{world.email('member')}",
        status="sent",
    )
    attach(minutes_mail, "referat.pdf", "application/pdf", NAME.encode())  # the same content: stored once
    # The audit log, her session and a sign-in link.
    record(AuditAction.VIEWED, actor=user, obj=person, changes={"email": EMAIL})
    client = Client()
    client.force_login(user)
    SignInLink.objects.create(user=user, token_hash="x" * 64, expires_at=f.at(today + dt.timedelta(days=1)))
    # A published annual report of the year, its committees naming her, and its PDF.
    report = AnnualReport.objects.create(
        network=world.network_a,
        year=year,
        status=AnnualReport.Status.PUBLISHED,
        published_figures=json.loads(
            json.dumps(report_figures.compute(world.network_a, year, today), cls=DjangoJSONEncoder)
        ),
    )
    ReportRender.objects.create(report=report, pdf=f"%PDF {NAME}".encode())
    return person, year


def test_after_retention_a_full_dump_names_her_nowhere_and_the_figures_are_the_same(world, client_as):
    person, year = a_life_in_lindra(world)
    today = f.today()
    counts = {model: model.objects.count() for model in [Membership, Term, Registration, Respondent, Response]}
    figures_before = with_name_out(report_figures.compute(world.network_a, year, today))
    year_before = with_name_out(dataclasses.asdict(network_year(world.network_a, year, today)))
    published_before = with_name_out(AnnualReport.objects.get().published_figures)
    dump = full_dump()
    # The dump finds her before: her name, both phone numbers and her address.
    assert {NAME.casefold(), EMAIL, OLD_PHONE, PHONE} <= set(traces(dump))
    assert Session.objects.exists()

    with time_machine.travel(f.at(today + dt.timedelta(days=6 * 365), 3), tick=False):
        assert anonymise_expired_people() == 1

    assert traces(full_dump()) == []
    assert {model: model.objects.count() for model in counts} == counts
    assert with_name_out(report_figures.compute(world.network_a, year, today)) == figures_before
    assert with_name_out(dataclasses.asdict(network_year(world.network_a, year, today))) == year_before
    assert with_name_out(AnnualReport.objects.get().published_figures) == published_before
    assert ANONYMOUS_NAME in json.dumps(AnnualReport.objects.get().published_figures, ensure_ascii=False)
    # Her account cannot be used, her session and link are gone; the mail to her is gone, the
    # mail about her kept without her, and the PDFs that named her dropped.
    person.refresh_from_db()
    user = person.user
    assert not user.is_active and not user.has_usable_password() and user.email.endswith("@anonymisert.invalid")
    assert not Session.objects.exists() and not SignInLink.objects.exists()
    assert not OutboxMessage.objects.filter(kind="welcome_letter").exists()
    about_her = OutboxMessage.objects.get(kind="absence")
    assert about_her.cc == [] and about_her.body_text.startswith(ANONYMOUS_NAME)
    assert bytes(about_her.attachments.get().blob.content).decode() == f"ATTENDEE;CN={ANONYMOUS_NAME}"
    assert not OutboxAttachment.objects.filter(message__kind="minutes").exists()
    assert [bytes(blob.content).decode() for blob in OutboxBlob.objects.all()] == [f"ATTENDEE;CN={ANONYMOUS_NAME}"]
    assert not ReportRender.objects.exists()
    assert Answer.objects.get().value == "[slettet]"
    assert Minutes.objects.get().facts_as_sent["present"] == [ANONYMOUS_NAME, "Mona Medlem"]
    # Her old pages still work for the secretariat.
    secretariat = client_as("secretariat")
    m1 = Membership.objects.get(person=person, local_group=world.group_a1)
    follow_up = FollowUp.objects.get(person=person)
    for url in [
        person.get_absolute_url(),
        reverse("meetings:member_attendance", args=[m1.pk]),
        follow_up.get_absolute_url(),
        reverse("registry:members", args=[world.network_a.pk]) + "?status=sluttet",
    ]:
        page = secretariat.get(url)
        assert page.status_code == 200, url
        assert NAME not in page.text and EMAIL not in page.text
