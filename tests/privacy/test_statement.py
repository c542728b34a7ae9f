"""The privacy statement: open to all, put together from the networks' policies and the roles."""

import re

import pytest
from django.urls import reverse

from lindra.privacy.statement import HELD, RIGHTS, ROLE_TABLE
from lindra.registry.models import Network
from tests import factories
from tests.personas import World

pytestmark = pytest.mark.django_db


def page(client) -> str:
    response = client.get(reverse("privacy:statement"))
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())


def test_a_visitor_reads_it_without_signing_in(world: World, client_as):
    text = page(client_as("visitor"))
    assert "Personvernerklæring" in text
    for item in [*HELD, *RIGHTS]:
        assert str(item.what if hasattr(item, "what") else item.name) in text
    assert "Datatilsynet" in text
    assert "Innsyn" in text and "Retting" in text and "Sletting" in text


def test_it_tells_who_sees_what_from_the_role_table(world: World, client_as):
    text = page(client_as("visitor"))
    for row in ROLE_TABLE:
        assert str(row.role) in text and str(row.sees) in text


def test_it_says_anonymous_answers_are_tied_to_no_one_and_no_absence_reason_is_kept(world: World, client_as):
    text = page(client_as("visitor"))
    assert "anonyme spørreskjemaer er ikke knyttet til noen person" in text
    assert "aldri årsaken" in text
    assert "loggen" in text.lower()


def test_it_names_each_networks_secretariat(world: World, client_as):
    text = page(client_as("visitor"))
    assert "lindrende.behandling@klb.example" in text and "post@fe.example" in text


def test_one_retention_for_all_when_the_networks_agree(world: World, client_as):
    text = page(client_as("visitor"))
    assert "Alle nettverkene" in text
    assert "anonymiseres 5 år etter at medlemskapet sluttet" in text


def test_each_networks_retention_when_they_differ_and_it_follows_the_policy(world: World, client_as):
    Network.objects.filter(pk=world.network_b.pk).update(retention_years=3)
    text = page(client_as("visitor"))
    assert "Alle nettverkene" not in text
    assert f"{world.network_a.name} Opplysninger om et tidligere medlem anonymiseres 5 år" in text
    assert f"{world.network_b.name} Opplysninger om et tidligere medlem anonymiseres 3 år" in text
    Network.objects.filter(pk=world.network_a.pk).update(retention_years=10)
    text = page(client_as("visitor"))
    assert "anonymiseres 10 år" in text and "anonymiseres 5 år" not in text


def test_a_third_network_appears_on_its_own(world: World, client_as):
    factories.network(
        "Kompetansenettverk i palliasjon, Ahus", secretariat_email="palliasjon@ahus.example", retention_years=2
    )
    text = page(client_as("visitor"))
    assert "palliasjon@ahus.example" in text and "anonymiseres 2 år" in text


@pytest.mark.parametrize("name", ["accounts:sign_in"])
def test_the_sign_in_page_and_the_footer_link_to_it(world: World, client_as, name):
    statement = reverse("privacy:statement")
    assert statement in client_as("visitor").get(reverse(name)).text
    assert f'href="{statement}"' in client_as("member").get(reverse("home:home")).text
    assert statement in client_as("member").get(reverse("accounts:account")).text
