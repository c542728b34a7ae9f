"""The NUL character cannot be stored or compared by PostgreSQL. An address or a form carrying
one gets a page saying so, in Norwegian, on every database, and changes nothing."""

import pytest
from django.urls import reverse

from lindra.registry.models import Person
from tests.fuzzing import row_counts


@pytest.mark.parametrize("query", [{"q": "\x00"}, {"yrke": "a\x00b"}, {"\x00": "1"}])
def test_a_search_with_nul_is_refused_with_a_reason(world, client_as, query):
    response = client_as("secretariat").get(reverse("registry:members", args=[world.network_a.pk]), query)
    assert response.status_code == 400
    assert "usynlig kontrolltegn" in response.text
    assert "Til forsiden" in response.text


def test_a_form_with_nul_changes_nothing(world, client_as):
    person = world.person("member")
    before = row_counts()
    response = client_as("secretariat").post(
        reverse("registry:person_edit", args=[person.pk]), {"given_name": "Kari\x00", "family_name": "Nordmann"}
    )
    assert response.status_code == 400
    assert row_counts() == before
    assert Person.objects.get(pk=person.pk).given_name == person.given_name


def test_a_signed_link_with_nul_is_refused_for_a_visitor_too(visitor):
    response = visitor.get("/konto/logg-inn/lenke/abc%00def/")
    assert response.status_code == 400
    assert "usynlig kontrolltegn" in response.text


def test_ordinary_text_passes(world, client_as):
    response = client_as("secretariat").get(reverse("registry:members", args=[world.network_a.pk]), {"q": "Åse"})
    assert response.status_code == 200


def test_the_api_answers_a_nul_character_in_json(client):
    response = client.get("/api/v1/nettverk", {"page": "1\x00"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Adressen eller skjemaet har ugyldige tegn (NUL)."}
