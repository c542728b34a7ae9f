"""Downloading one's own data, and the secretariat's innsyn on a person's behalf."""

import json
import subprocess

import pytest
from django.urls import reverse

from lindra.core.models import AuditAction, AuditEvent
from tests.personas import SIGN_IN, World, outcome

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> tuple[str, int]:
    path = tmp_path / "data.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return " ".join(text.split()).replace("\u2010 ", ""), pages  # headings hyphenated at line ends, joined


def test_the_member_downloads_a_pdf_of_her_data_with_her_name_and_numbered_pages(filled: World, client_as, tmp_path):
    response = client_as("member").get(reverse("privacy:own_data_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="mine-data-person-')
    assert response.content.startswith(b"%PDF-")
    text, pages = pdf_text(response.content, tmp_path)
    assert "Mona Medlem" in text
    assert pages >= 2
    assert f"Side 1 av {pages}" in text
    for heading in ["Medlemskap", "Påmeldinger og oppmøte", "Arbeidsplaner", "E-post sendt til deg"]:
        assert heading in text
    assert "Meldt forfall" in text
    assert "Anonymt svar Mona" not in text and "Olav" not in text


def test_the_json_download_parses_and_holds_the_same(filled: World, client_as):
    client = client_as("member")
    response = client.get(reverse("privacy:own_data_json"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content.decode("utf-8"))
    assert data["person"]["family_name"] == "Medlem"
    assert [w["goals"] for w in data["work_plans"]] == ["Mål Mona"]
    assert "Anonymt svar Mona" not in response.content.decode()


@pytest.mark.parametrize("kind", ["pdf", "json"])
def test_each_download_is_logged_as_handed_out(filled: World, client_as, kind):
    client_as("member").get(reverse(f"privacy:own_data_{kind}"))
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.actor == filled.user("member")
    assert (event.object_type, event.object_id) == ("registry.Person", str(filled.person("member").pk))
    assert event.changes == {"format": kind}
    assert event.network is None


def test_the_secretariats_innsyn_is_logged_with_its_network(filled: World, client_as):
    mona = filled.person("member")
    response = client_as("secretariat").get(reverse("privacy:person_own_data_json", args=[mona.pk]))
    assert json.loads(response.content)["person"]["given_name"] == "Mona"
    event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
    assert event.actor == filled.user("secretariat")
    assert event.network == filled.network_a
    assert event.target == "Mona Medlem"


ALLOWED = ["member", "secretariat", "superuser"]
REFUSED = ["other_member", "other_secretariat", "group_leader", "nearest_leader", "committee_member", "host"]


@pytest.mark.parametrize(
    "name", ["privacy:person_own_data", "privacy:person_own_data_pdf", "privacy:person_own_data_json"]
)
@pytest.mark.parametrize("role", [*ALLOWED, *REFUSED, "visitor"])
def test_only_the_person_her_networks_secretariat_and_the_superuser_get_her_data(world: World, client_as, role, name):
    url = reverse(name, args=[world.person("member").pk])
    expected = 200 if role in ALLOWED else SIGN_IN if role == "visitor" else 404
    assert outcome(client_as(role).get(url)) == expected
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()
    assert exported == (expected == 200 and name != "privacy:person_own_data")


def test_a_refusal_is_logged_and_gives_nothing_away(world: World, client_as):
    response = client_as("other_secretariat").get(
        reverse("privacy:person_own_data_pdf", args=[world.person("member").pk])
    )
    assert response.status_code == 404
    assert b"Mona" not in response.content
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED, actor=world.user("other_secretariat"))
    assert event.target == f"person {world.person('member').pk}"


def test_the_secretariat_gets_the_data_of_a_group_leader_who_holds_only_a_term(world: World, client_as):
    """Gunnar leads group A1 without being a member of it: his term makes him network A's."""
    gunnar = world.person("group_leader")
    assert outcome(client_as("secretariat").get(reverse("privacy:person_own_data", args=[gunnar.pk]))) == 200
    assert outcome(client_as("other_secretariat").get(reverse("privacy:person_own_data", args=[gunnar.pk]))) == 404


def test_the_secretariat_of_a_network_she_has_left_still_gets_her_data(world: World, client_as):
    from tests import factories

    olav = world.person("other_member")
    ended = factories.membership(
        olav,
        world.group_b1,
        starts_on=factories.today().replace(year=2020),
        ends_on=factories.today().replace(year=2021),
    )
    assert ended.network == world.network_b
    assert client_as("other_secretariat").get(reverse("privacy:person_own_data", args=[olav.pk])).status_code == 200


def test_a_person_who_does_not_exist_is_404_even_for_the_superuser(world: World, client_as):
    assert client_as("superuser").get(reverse("privacy:person_own_data_pdf", args=[999999])).status_code == 404
    refused = AuditEvent.objects.get(action=AuditAction.ACCESS_REFUSED)
    assert (refused.target, refused.actor) == ("person 999999", world.user("superuser"))


@pytest.mark.parametrize("role", ["member", "secretariat", "nearest_leader", "superuser"])
def test_everyone_signed_in_gets_their_own_page_and_downloads(world: World, client_as, role):
    client = client_as(role)
    page = client.get(reverse("privacy:own_data"))
    assert page.status_code == 200
    assert reverse("privacy:own_data_pdf") in page.text and reverse("privacy:own_data_json") in page.text
    assert client.get(reverse("privacy:own_data_json")).status_code == 200


def test_the_superuser_who_is_no_person_gets_her_account(world: World, client_as):
    data = json.loads(client_as("superuser").get(reverse("privacy:own_data_json")).content)
    assert data["person"] is None and data["account"]["email"] == "ada@lindra.example"


def test_a_visitor_is_sent_to_sign_in(world: World, client_as):
    assert outcome(client_as("visitor").get(reverse("privacy:own_data_pdf"))) == SIGN_IN


def test_the_account_page_links_to_my_data_and_the_person_page_to_innsyn(world: World, client_as):
    assert reverse("privacy:own_data") in client_as("member").get(reverse("accounts:account")).text
    innsyn = reverse("privacy:person_own_data", args=[world.person("member").pk])
    person_page = reverse("registry:person", args=[world.person("member").pk])
    assert innsyn in client_as("secretariat").get(person_page).text
    assert innsyn not in client_as("group_leader").get(person_page).text
    assert innsyn not in client_as("member").get(person_page).text
    assert "Innsyn: last ned alt vi har om personen" in client_as("secretariat").get(person_page).text
