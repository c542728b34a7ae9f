"""Everything Lindra holds about a person: each kind, nobody else's, never anonymous answers."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lindra.meetings.models import Registration
from lindra.privacy.downloads import as_json
from lindra.privacy.own_data import FACTS, FORMAT, SECTIONS, own_data
from tests import factories
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_every_part_of_the_export_has_something_for_a_member_with_rows_of_every_kind(filled: World):
    data = own_data(filled.person("member"))
    empty = [section.key for section in SECTIONS if not data[section.key]]
    assert empty == ["nearest_leader_of"]  # Mona leads nobody
    assert data["person"]["given_name"] == "Mona"
    assert data["person"]["phone"] == "555 00 005"
    assert data["person"]["news_by_email"] is False
    assert data["account"]["email"] == "member@lindra.example"
    assert {f.key for f in FACTS} <= set(data)


def test_the_export_has_what_the_member_did_and_what_was_recorded_about_her(filled: World):
    data = own_data(filled.person("member"))
    text = as_json(data).decode()
    for expected in [
        "Endringsmelding Mona",
        "Gruppemøte Mona",
        "Byttet arrangør Mona",
        "Introduksjonskurs Mona",
        "Avtalt Mona",
        "Velkommen Mona",
        "Mål Mona",
        "Evaluering Mona",
        "Kurs Mona",
        "Referat Mona",
        "Svar med navn Mona",
        "Avvik Mona",
        "Arbeidsgruppe Mona",
        "Bergen sentrum",
        "Løvåsen sykehjem",
        "Lars Leder",
    ]:
        assert expected in text, expected
    meeting = next(m for m in data["meetings"] if m["meeting"] == "Gruppemøte Mona")
    assert meeting["answer"] == "Meldt forfall" and meeting["attendance"] == "Fravær med forfall"
    assert set(meeting) == {
        "starts_at",
        "meeting",
        "kind",
        "network",
        "answer",
        "answered_at",
        "read_at",
        "waitlisted_at",
        "attendance",
    }  # a notice of absence, never a reason
    assert [r["roles"] for r in data["meeting_roles"]] == [["referent"]]
    assert {c["course"] for c in data["intro_courses"]} == {"Introduksjonskurs Mona"}
    assert [e["subject"] for e in data["emails"]] == ["Referat Mona"]
    actions = {e["action"] for e in data["audit_events"]}
    assert {"Innlogging", "Endret"} <= actions
    assert data["welcome_letters"][0]["copy_to_leader"] is True
    assert "leder@lindra.example" not in text


def test_anonymous_answers_are_not_in_it_but_that_she_was_asked_is(filled: World):
    data = own_data(filled.person("member"))
    text = as_json(data).decode()
    assert "Anonymt svar Mona" not in text
    assert [a["answer"] for a in data["questionnaire_answers"]] == ["Svar med navn Mona"]
    asked = {q["questionnaire"]: q["anonymous"] for q in data["questionnaires"]}
    assert asked == {
        f"Skjema med navn Mona {timezone.localdate().year}": False,
        f"Anonymt skjema Mona {timezone.localdate().year}": True,
    }


@pytest.mark.parametrize("role", ["member", "other_member", "network_b_member"])
def test_nobody_elses_rows_are_in_it(filled: World, role):
    person = filled.person(role)
    text = as_json(own_data(person)).decode()
    others = {"Mona", "Olav", "Bjørn"} - {person.given_name}
    for other in others:
        assert other not in text, other
    for other_role in {"member", "other_member", "network_b_member"} - {role}:
        assert f'"{filled.person(other_role).email}"' not in text


def test_the_nearest_leader_sees_how_many_staff_not_who(filled: World):
    data = own_data(filled.person("nearest_leader"))
    assert data["nearest_leader_of"] == [{"network": str(filled.network_a), "memberships": 2}]
    text = as_json(data).decode()
    assert "Mona" not in text and "Aina" not in text


def test_a_user_who_is_no_person_gets_the_account_and_the_log(world: World):
    ada = world.user("superuser")
    data = own_data(None, user=ada)
    assert data["person"] is None
    assert data["account"]["email"] == "ada@lindra.example"
    assert all(data[section.key] == [] for section in SECTIONS if section.key != "audit_events")


def test_the_json_is_utf8_with_iso_dates_and_a_format(filled: World):
    raw = as_json(own_data(filled.person("member")))
    parsed = json.loads(raw.decode("utf-8"))
    assert parsed["format"] == FORMAT
    assert dt.datetime.fromisoformat(parsed["generated_at"])
    assert dt.date.fromisoformat(parsed["memberships"][0]["starts_on"])
    assert "Løvåsen" in raw.decode("utf-8")  # not \u escapes
    assert raw.startswith(b"{\n  ")


def count_queries(person) -> int:
    with CaptureQueriesContext(connection) as captured:
        own_data(person)
    return len(captured)


def test_the_number_of_queries_is_the_same_however_much_there_is(filled: World):
    mona = filled.person("member")
    before = count_queries(mona)
    today = factories.today()
    for n in range(3):
        ended = factories.membership(
            mona,
            filled.group_a2,
            starts_on=today - dt.timedelta(days=900 - n * 100),
            ends_on=today - dt.timedelta(days=850 - n * 100),
        )
        meeting = factories.meeting(filled.group_a2, title=f"Møte {n}")
        Registration.objects.create(meeting=meeting, person=mona, answer=Registration.Answer.REGISTERED)
        Registration.objects.create(meeting=factories.meeting(filled.group_a1, title=f"Ekstra {n}"), person=mona)
        del ended
    assert count_queries(mona) == before
    assert before <= 32
