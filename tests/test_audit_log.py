"""The audit log: append-only; each secretariat reads its own networks' events."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindra.core.audit import record, redact
from lindra.core.models import AuditAction, AuditEvent
from lindra.development.models import CompetenceActivity
from lindra.meetings import registrations
from lindra.meetings import services as meeting_services
from lindra.meetings.models import CompetenceTopic, FollowUp, Registration
from lindra.registry import services
from lindra.registry.models import Membership, Profession
from tests import factories as f
from tests.language import text_of

LOG = reverse("home:audit_log")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


# Append-only -------------------------------------------------------------------------------


def test_an_event_cannot_be_changed_once_written(db):
    event = record(AuditAction.SIGN_IN, target="mona@lindra.example")
    event.target = "noen-andre@lindra.example"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get().target == "mona@lindra.example"


def test_an_event_cannot_be_deleted(db):
    event = record(AuditAction.SIGN_IN, target="mona@lindra.example")
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.count() == 1


def test_events_cannot_be_changed_or_deleted_in_bulk(db):
    record(AuditAction.SIGN_IN, target="mona@lindra.example")
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.filter(action=AuditAction.SIGN_IN).update(target="")
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.all().delete()
    with pytest.raises(ValueError, match="append-only"), transaction.atomic():
        AuditEvent.objects.bulk_update(list(AuditEvent.objects.all()), ["target"])
    assert AuditEvent.objects.get().target == "mona@lindra.example"


def test_the_admin_shows_the_log_read_only(world, client_as):
    event = record(AuditAction.SIGN_IN, target="mona@lindra.example")
    admin = client_as("superuser")
    assert admin.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert admin.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert admin.get(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    page = admin.post(reverse("admin:core_auditevent_change", args=[event.pk]), {"target": "endret"})
    assert page.status_code == 403
    assert AuditEvent.objects.get().target == "mona@lindra.example"


# Who reads what ----------------------------------------------------------------------------


@pytest.fixture
def events(world):
    """Events in network A, in network B, and sign-ins by people of each network."""
    both = f.person_with_user("Bodil", "Beggenettverk", email="bodil@lindra.example")
    f.membership(both, world.group_a1)
    f.membership(both, world.group_b1)
    record(AuditAction.CHANGED, actor=world.user("secretariat"), target="A-endring", network=world.network_a)
    record(AuditAction.CHANGED, actor=world.user("other_secretariat"), target="B-endring", network=world.network_b)
    record(AuditAction.SIGN_IN, actor=world.user("member"), target="member@lindra.example")
    record(AuditAction.SIGN_IN, actor=world.user("other_secretariat"), target="other-secretariat@lindra.example")
    record(AuditAction.SIGN_IN_FAILED, target="ukjent@lindra.example")
    # Someone in both networks, acting in network B: not network A's business.
    record(AuditAction.ACCESS_REFUSED, actor=both.user, target="B-nektet", network=world.network_b)
    record(AuditAction.SIGN_IN, actor=both.user, target="bodil@lindra.example")
    # The nearest leader of members in network A is one of network A's people too.
    record(AuditAction.SIGN_IN, actor=world.user("nearest_leader"), target="nearest-leader@lindra.example")
    return world


def shown(client) -> set[str]:
    response = client.get(LOG)
    assert response.status_code == 200
    return {e.target for e in response.context["page"]}


def test_the_secretariat_reads_its_networks_events_and_sign_ins_of_its_people(events, client_as):
    assert shown(client_as("secretariat")) == {
        "A-endring",
        "member@lindra.example",
        "bodil@lindra.example",
        "nearest-leader@lindra.example",
    }


def test_another_networks_secretariat_reads_only_its_own(events, client_as):
    assert shown(client_as("other_secretariat")) == {
        "B-endring",
        "other-secretariat@lindra.example",
        "B-nektet",
        "bodil@lindra.example",
    }


def test_the_superuser_reads_every_event(events, client_as):
    assert shown(client_as("superuser")) == {
        "A-endring",
        "B-endring",
        "member@lindra.example",
        "other-secretariat@lindra.example",
        "ukjent@lindra.example",
        "B-nektet",
        "bodil@lindra.example",
        "nearest-leader@lindra.example",
    }


@pytest.mark.parametrize("role", ["committee_member", "group_leader", "host", "member", "nearest_leader"])
def test_other_roles_get_404(events, client_as, role):
    assert client_as(role).get(LOG).status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in(events, visitor):
    assert visitor.get(LOG)["Location"] == f"{reverse('accounts:sign_in')}?next={LOG}"


def test_the_log_can_be_filtered_by_action(events, client_as):
    response = client_as("superuser").get(LOG, {"handling": AuditAction.SIGN_IN})
    assert {e.action for e in response.context["page"]} == {AuditAction.SIGN_IN}
    assert "Innlogging" in response.text


def test_the_log_shows_newest_first_50_to_a_page(world, client_as):
    for n in range(60):
        record(AuditAction.CHANGED, target=f"endring {n}", network=world.network_a)
    client = client_as("secretariat")
    first = client.get(LOG).context["page"]
    assert [e.target for e in first][:2] == ["endring 59", "endring 58"]
    assert len(first) == 50
    assert "Side 1 av 2" in client.get(LOG).text
    assert len(client.get(LOG, {"side": 2}).context["page"]) == 10


def test_the_number_of_queries_does_not_grow_with_the_events(world, client_as):
    client = client_as("secretariat")

    def queries_with(n: int) -> int:
        for i in range(n - AuditEvent.objects.filter(network=world.network_a).count()):
            record(AuditAction.CHANGED, actor=world.user("secretariat"), target=f"endring {i}", network=world.network_a)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LOG).status_code == 200
        return len(queries)

    assert queries_with(10) == queries_with(200)


# What the log says, in words -----------------------------------------------------------------


def log_text(client, **params) -> str:
    response = client.get(LOG, params)
    assert response.status_code == 200
    return text_of(response.text)


def test_a_notice_of_absence_reads_with_the_participants_name_and_the_answers_labels(world, client_as):
    registration = Registration.objects.create(meeting=world.meeting, person=world.person("member"))
    registrations.answer(registration, Registration.Answer.ABSENT, by=world.user("member"))
    text = log_text(client_as("secretariat"))
    assert "Deltaker: Gruppemøte om smertelindring" in text and "Mona Medlem" in text
    assert "Svar: Ikke svart → Meldt forfall" in text
    assert "absent" not in text and "registration" not in text


def test_a_leave_reads_with_its_dates_in_norwegian(world, client_as):
    membership = Membership.objects.get(person=world.person("member"))
    services.put_on_leave(
        membership, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 8, 31), by=world.user("secretariat")
    )
    text = log_text(client_as("secretariat"))
    assert "Permisjon: Mona Medlem (Bergen sentrum)" in text
    assert "Fra: 1. mars 2027" in text and "Til: 31. august 2027" in text
    assert not ISO_DATE.search(text)


def test_a_change_to_a_person_reads_with_the_fields_labels_and_the_choices_names(world, client_as):
    mona = world.person("member")
    services.update_person(
        mona,
        by=world.user("secretariat"),
        expected_version=None,
        phone="555 11 111",
        profession=Profession.PHYSIOTHERAPIST,
    )
    text = log_text(client_as("superuser"))
    assert "Person: Mona Medlem" in text
    assert "Telefon: 555 00 005 → 555 11 111" in text
    assert "Yrke: Sykepleier → Fysioterapeut" in text
    assert "phone" not in text and "FT" not in text.split()


def test_related_ids_read_as_names_and_nested_changes_by_name(world, client_as):
    mona = world.person("member")
    follow_up = FollowUp.objects.create(
        network=world.network_a, person=mona, local_group=world.group_a1, year=2026, absences=3
    )
    record(
        AuditAction.CREATED,
        obj=follow_up,
        network=world.network_a,
        changes={"person": mona.pk, "year": 2026, "absences": 3},
    )
    record(
        AuditAction.CHANGED,
        obj=world.meeting,
        network=world.network_a,
        changes={"registrations": {"Mona Medlem": {"attendance": ["", "absent"]}}, "topics": ["Smertelindring"]},
    )
    text = log_text(client_as("secretariat"))
    assert "Person: Mona Medlem" in text and "Fravær da oppfølgingen ble åpnet: 3" in text
    assert "Deltakere: Mona Medlem (oppmøte: – → Fravær uten forfall)" in text
    assert "Temaer i kompetanseplanen: Smertelindring" in text


def test_hours_read_with_a_decimal_comma(world, client_as):
    membership = Membership.objects.get(person=world.person("member"))
    activity = CompetenceActivity.objects.create(
        membership=membership, kind=CompetenceActivity.Kind.COURSE, title="Kurs", starts_on=dt.date(2026, 3, 1)
    )
    record(AuditAction.CHANGED, obj=activity, network=world.network_a, changes={"hours": [None, "7.5"]})
    assert "Timer: – → 7,5" in log_text(client_as("secretariat"))


def test_sign_ins_and_refusals_read_in_words(world, client_as, request_as):
    record(AuditAction.SIGN_IN, actor=world.user("member"), target="member@lindra.example", changes={"method": "link"})
    refuse = request_as("member", "/moter/7/")
    record(
        AuditAction.ACCESS_REFUSED, request=refuse, target="meeting 7", changes={"status": 404}, network=world.network_a
    )
    text = log_text(client_as("secretariat"))
    assert "Innlogging med: lenke på e-post" in text
    assert "/moter/7/ Svar: siden ble ikke vist (404)" in text
    assert "meeting 7" not in text


@time_machine.travel(dt.datetime(2026, 12, 3, 14, 5, tzinfo=dt.UTC))
def test_the_time_of_each_event_is_a_norwegian_date(world, client_as):
    record(AuditAction.CHANGED, actor=world.user("secretariat"), target="Endring", network=world.network_a)
    text = log_text(client_as("secretariat"))
    assert "3. desember 2026 kl. 15:05:00" in text
    assert not ISO_DATE.search(text)


def test_the_number_of_queries_does_not_grow_with_the_names_to_look_up(world, client_as):
    client = client_as("secretariat")
    mona = world.person("member")

    def queries_with(n: int) -> int:
        for i in range(n):
            person = f.person("Navn", f"Nummer{n}x{i}")
            follow_up = FollowUp.objects.create(
                network=world.network_a, person=person, local_group=world.group_a1, year=2000 + i, absences=3
            )
            record(AuditAction.CREATED, obj=follow_up, network=world.network_a, changes={"person": person.pk})
            registration = Registration.objects.create(meeting=world.meeting, person=person)
            record(
                AuditAction.CHANGED, obj=registration, network=world.network_a, changes={"answer": ["none", "absent"]}
            )
        record(AuditAction.CHANGED, obj=world.meeting, network=world.network_a, changes={"host": mona.pk})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LOG).status_code == 200
        return len(queries)

    assert queries_with(3) == queries_with(20)


def test_a_changed_programme_reads_field_by_field_without_its_text(world, client_as):
    topic = CompetenceTopic.objects.create(network=world.network_a, title="Smertelindring")
    meeting_services.update_agenda(
        world.meeting,
        by=world.user("host"),
        expected_version=None,
        topics=[topic],
        place="Årstad, møterom 1",
        part1="Nytt fra driftsgruppen. Mona forteller fra kurset.",
    )
    text = log_text(client_as("secretariat"))
    assert "Sted: Løvåsen sykehjem, møterom 2 → Årstad, møterom 1" in text
    assert "Del 1: erfaringsutveksling: lagret" in text and "Mona forteller" not in text
    assert "Temaer i kompetanseplanen: – → Smertelindring" in text


def test_a_year_planned_afresh_reads_a_dash_where_nothing_was_changed_or_taken_out(world, client_as):
    starts_at = f.at(dt.date(2028, 3, 9), 9)
    meeting_services.plan_year(
        world.group_a1,
        [meeting_services.PlannedRow(starts_at, starts_at + dt.timedelta(hours=6), "Løvåsen", None)],
        by=world.user("group_leader"),
    )
    text = log_text(client_as("secretariat"))
    assert "Møter lagt til: Nettverksmøte 1 / 2028" in text
    assert "Møter: –" in text and "Møter tatt ut: –" in text
    assert re.search(r"Møter:\s+Møter tatt ut", text) is None


# Redaction: the one change the log allows ---------------------------------------------------


def test_redaction_takes_a_persons_name_and_address_out_of_every_entry_and_logs_that_it_did(db):
    record(AuditAction.SIGN_IN, target="mona@lindra.example", changes={"method": "password"})
    record(
        AuditAction.CHANGED,
        target="Mona Medlem",
        changes={"registrations": {"Mona Medlem": {"attendance": ["", "present"]}}},
    )
    record(AuditAction.SIGN_IN, target="olav@lindra.example")

    assert redact(["Mona Medlem", "MONA@lindra.example"], reason="erased") == 2

    dump = " ".join(f"{e.actor_label} {e.target} {e.changes} {e.path}" for e in AuditEvent.objects.all())
    assert "mona" not in dump.lower()
    assert "olav@lindra.example" in dump
    first, second = AuditEvent.objects.order_by("id").values_list("id", flat=True)[:2]
    assert AuditEvent.objects.filter(action=AuditAction.REDACTED).get().changes == {
        "entries": 2,
        "reason": "erased",
        "ids": f"{first}-{second}" if second == first + 1 else f"{first},{second}",
    }
