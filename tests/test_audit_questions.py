"""The audit log answers who looked at or changed a person's data, and when: the page that
shows a person logs the look; the secretariat asks the log by person, user, period and action,
and downloads the answer."""

import csv
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lindra.core.audit import record
from lindra.core.models import AuditAction, AuditEvent
from lindra.registry.models import Term
from tests import factories as f

LOG = reverse("home:audit_log")


def monas(world):
    return world.person("member")


def views_of_mona(world):
    return AuditEvent.objects.filter(
        action=AuditAction.VIEWED, object_type="registry.Person", object_id=str(monas(world).pk)
    )


# Looking is logged ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretariat", "group_leader", "nearest_leader"])
def test_opening_monas_page_is_logged_with_who_and_the_network(world, client_as, role):
    assert client_as(role).get(reverse("registry:person", args=[monas(world).pk])).status_code == 200
    view = views_of_mona(world).get()
    assert view.actor == world.user(role)
    assert view.network == world.network_a
    assert view.target == "Mona Medlem"


@pytest.mark.parametrize(
    ("role", "network"),
    [("other_secretariat", "network_b"), ("group_leader", "network_a"), ("secretariat", "network_a")],
)
def test_a_look_at_a_member_of_two_networks_is_logged_under_the_network_the_viewer_sees_her_through(
    world, client_as, role, network
):
    """Mona also works in network B, with a nearest leader there of her own: the secretariat
    of B finds its own look in its log, and A's looks stay in A's."""
    leader_in_b = f.person("Bente", "Bleder")
    f.membership(monas(world), world.group_b1, nearest_leader=leader_in_b)
    assert client_as(role).get(reverse("registry:person", args=[monas(world).pk])).status_code == 200
    assert views_of_mona(world).get().network == getattr(world, network)


def test_a_nearest_leader_s_look_is_logged_under_the_network_where_he_is_her_leader(world, client_as):
    """Lars leads Mona only in network B, where she also works; in A she now has another leader:
    his look belongs to B's log, not to the network of her first membership."""
    monas(world).memberships.update(nearest_leader=f.person("Anne", "Annenleder"))
    f.membership(monas(world), world.group_b1, nearest_leader=world.person("nearest_leader"))
    assert client_as("nearest_leader").get(reverse("registry:person", args=[monas(world).pk])).status_code == 200
    assert views_of_mona(world).get().network == world.network_b


def test_a_group_leader_s_look_is_logged_under_the_network_of_the_group_he_leads(world, client_as):
    """Gunnar leads group B1 as well, where Mona also works; in network A she is now in Åsane,
    a group he does not lead: his look belongs to B's log."""
    monas(world).memberships.update(local_group=world.group_a2)
    f.membership(monas(world), world.group_b1)
    f.term(world.person("group_leader"), Term.Kind.GROUP_LEADER, group=world.group_b1)
    assert client_as("group_leader").get(reverse("registry:person", args=[monas(world).pk])).status_code == 200
    assert views_of_mona(world).get().network == world.network_b


def test_mona_opening_her_own_page_is_not_logged(world, client_as):
    assert client_as("member").get(reverse("registry:person", args=[monas(world).pk])).status_code == 200
    assert not views_of_mona(world).exists()


def test_a_refused_look_is_no_view(world, client_as):
    assert client_as("other_secretariat").get(reverse("registry:person", args=[monas(world).pk])).status_code == 404
    assert not views_of_mona(world).exists()


def test_the_members_year_and_the_name_list_download_are_logged(world, client_as):
    membership = monas(world).memberships.get()
    client = client_as("group_leader")
    year = membership.starts_on.year
    assert client.get(reverse("development:member_year", args=[membership.pk, year])).status_code == 200
    assert client.get(reverse("registry:name_list_xlsx", args=[world.group_a1.pk])).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEWED, object_type="registry.Membership", object_id=str(membership.pk)
    ).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORTED, object_type="registry.LocalGroup", object_id=str(world.group_a1.pk)
    ).exists()


def test_the_person_page_writes_one_entry_in_a_fixed_number_of_queries(world, client_as):
    client = client_as("secretariat")
    url = reverse("registry:person", args=[monas(world).pk])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(first) == len(second)
    inserts = [q for q in second.captured_queries if q["sql"].startswith("INSERT") and "core_auditevent" in q["sql"]]
    assert len(inserts) == 1


# Asking the log -------------------------------------------------------------------------------


@pytest.fixture
def log(world):
    mona, secretariat = monas(world), world.user("secretariat")
    with time_machine.travel("2026-03-02 10:00 +01:00", tick=False):
        record(AuditAction.VIEWED, actor=secretariat, obj=mona, network=world.network_a)
    with time_machine.travel("2026-04-10 10:00 +02:00", tick=False):
        record(AuditAction.CHANGED, actor=secretariat, obj=mona.memberships.get(), network=world.network_a)
        record(AuditAction.SIGN_IN, actor=world.user("member"), target="member@lindra.example")
        record(AuditAction.CHANGED, actor=world.user("other_secretariat"), target="B-endring", network=world.network_b)
        record(AuditAction.CHANGED, actor=secretariat, target="Annen sak", network=world.network_a)
    return world


def targets(response) -> list[str]:
    assert response.status_code == 200
    return sorted(e.target for e in response.context["page"])


def test_the_secretariat_finds_what_concerns_mona_and_nothing_of_other_networks(log, client_as):
    response = client_as("secretariat").get(LOG, {"person": monas(log).pk})
    assert targets(response) == ["Mona Medlem", "Mona Medlem (Bergen sentrum)", "member@lindra.example"]


def test_the_secretariat_finds_what_a_user_did_in_a_period(log, client_as):
    client = client_as("secretariat")
    user = log.user("secretariat")
    assert targets(client.get(LOG, {"user": user.pk, "fra": "2026-04-01", "til": "2026-04-30"})) == [
        "Annen sak",
        "Mona Medlem (Bergen sentrum)",
    ]
    assert targets(client.get(LOG, {"til": "2026-03-02"})) == ["Mona Medlem"]
    assert targets(client.get(LOG, {"handling": AuditAction.VIEWED})) == ["Mona Medlem"]


def test_another_networks_secretariat_cannot_pick_mona_nor_see_her_entries(log, client_as):
    response = client_as("other_secretariat").get(LOG, {"person": monas(log).pk})
    assert "person" in response.context["form"].errors
    assert "Velg en person fra listen." in response.text
    assert targets(response) == []


def test_a_period_backwards_and_nonsense_are_refused_by_the_field_keeping_what_was_typed(log, client_as):
    response = client_as("secretariat").get(LOG, {"fra": "2026-05-01", "til": "2026-04-01", "user": "tull"})
    form = response.context["form"]
    assert form.errors["til"] == ["Til-datoen kan ikke være før fra-datoen."]
    assert "user" in form.errors
    assert 'value="2026-05-01"' in response.text
    assert targets(response) == []


def test_the_log_asks_in_a_fixed_number_of_queries(log, client_as):
    client = client_as("secretariat")
    client.get(LOG, {"person": monas(log).pk})
    with CaptureQueriesContext(connection) as few:
        client.get(LOG, {"person": monas(log).pk})
    for _n in range(30):
        record(AuditAction.VIEWED, actor=log.user("secretariat"), obj=monas(log), network=log.network_a)
    with CaptureQueriesContext(connection) as many:
        client.get(LOG, {"person": monas(log).pk})
    assert len(many) == len(few)


def test_the_answer_downloads_as_xlsx_and_csv_and_the_download_is_logged(log, client_as):
    client = client_as("secretariat")
    response = client.get(LOG, {"person": monas(log).pk, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Tid", "Handling", "Utført av", "Gjelder")
    assert len(rows) == 4
    assert "Åpnet" in [row[1] for row in rows]
    response = client.get(LOG, {"handling": AuditAction.CHANGED, "format": "csv"})
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][0] == "Tid"
    assert sorted(line[3].split(": ")[-1] for line in lines[1:]) == ["Annen sak", "Mona Medlem (Bergen sentrum)"]
    exports = AuditEvent.objects.filter(action=AuditAction.EXPORTED, actor=log.user("secretariat"))
    assert [e.changes["format"] for e in exports.order_by("id")] == ["xlsx", "csv"]


@pytest.mark.parametrize("role", ["committee_member", "group_leader", "host", "member", "nearest_leader"])
def test_other_roles_cannot_ask_or_download_the_log(log, client_as, role):
    assert client_as(role).get(LOG, {"person": monas(log).pk, "format": "xlsx"}).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def test_the_superuser_finds_entries_of_every_network(log, client_as):
    assert "B-endring" in targets(client_as("superuser").get(LOG, {"handling": AuditAction.CHANGED}))
