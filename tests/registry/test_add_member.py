"""Adding a member between two phone calls: the workplace is found by typing (the network's own
first), a new workplace is registered from the same form, and a person or nearest leader
already in the registry is recognised by e-mail, used as registered and never made twice."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindra.core.models import AuditAction, AuditEvent
from lindra.registry.models import Membership, Organisation, Person, Workplace
from tests import factories as f
from tests.personas import World

HTMX = {"HX-Request": "true"}


@pytest.fixture
def fana(world) -> Workplace:
    """A workplace where only network B has members."""
    workplace = f.workplace("Fana fysioterapi", kind="rehabilitering", organisation=f.organisation("Fana bydel"))
    f.membership(f.person("Frida", "Fysio"), world.group_b1, workplace=workplace)
    return workplace


def url(world: World) -> str:
    return reverse("registry:add_member", args=[world.network_a.pk])


def form(world: World, **values) -> dict:
    return {
        "email": "nora.ny@bergen.example",
        "given_name": "Nora",
        "family_name": "Ny",
        "phone": "911 22 333",
        "profession": "SP",
        "local_group": world.group_a1.pk,
        "workplace": "Løvåsen sykehjem (Bergen kommune)",
        "leader_email": world.email("nearest_leader"),
        "leader_given_name": "",
        "leader_family_name": "",
        "starts_on": "2025-08-01",
        **values,
    }


def new_workplace(**values) -> dict:
    fields = {"name": "Knarvik sjukeheim", "kind": "sykehjem", "municipality": "4631", "new_organisation": ""}
    fields |= {"organisation": "", "new_organisation_kind": "kommune"} | values
    return {f"nytt-arbeidssted-{name}": value for name, value in fields.items()}


def errors(response) -> dict[str, list[str]]:
    form = response.context["form"]
    found = {name: list(messages) for name, messages in form.errors.items()}
    return found | {f"nytt-arbeidssted-{n}": list(m) for n, m in form.new_workplace.errors.items()}


def noras_membership() -> Membership:
    return Membership.objects.select_related("workplace", "nearest_leader").get(person__email="nora.ny@bergen.example")


# Typing the workplace ---------------------------------------------------------------------------


def test_the_form_offers_the_networks_own_workplaces_and_not_every_networks(world, client_as, fana):
    f.workplace("Nobodys sykehjem")
    page = client_as("secretariat").get(url(world)).text
    datalist = page[page.index('<datalist id="arbeidssteder">') : page.index("</datalist>")]
    assert re.findall(r'<option value="([^"]+)"', datalist) == [
        "Løvåsen sykehjem (Bergen kommune)",
        "Årstad hjemmetjeneste (Bergen kommune)",
    ]
    assert 'list="arbeidssteder"' in page
    assert '<label class="ds-label" for="id_workplace">Arbeidssted</label>' in page


def test_typing_lists_the_networks_own_workplaces_first_then_the_others(world, client_as, fana):
    f.workplace("Fanahjemmet", organisation=f.organisation("Bergen sykehjemsetat"))
    f.membership(world.person("other_member"), world.group_a2, workplace=Workplace.objects.get(name="Fanahjemmet"))
    response = client_as("secretariat").get(
        reverse("registry:workplace_options", args=[world.network_a.pk]), {"workplace": "fana"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    options = re.findall(r'<option value="([^"]+)">([^<]+)</option>', response.text)
    assert options == [
        ("Fanahjemmet (Bergen sykehjemsetat)", "Sykehjem, Bergen"),
        ("Fana fysioterapi (Fana bydel)", "Rehabilitering, Bergen"),
    ]


def test_typing_finds_a_workplace_by_its_owner_or_municipality_too(world, client_as):
    f.municipality("4631", "Alver")
    f.workplace("Knarvik sjukeheim", municipality=f.municipality("4631", "Alver"))
    options_url = reverse("registry:workplace_options", args=[world.network_a.pk])
    client = client_as("secretariat")
    by_municipality = client.get(options_url, {"workplace": "alver"}, headers=HTMX).text
    assert re.findall(r'<option value="([^"(]+) \(', by_municipality) == ["Knarvik sjukeheim"]
    by_owner = client.get(options_url, {"workplace": "bergen kommune årstad"}, headers=HTMX).text
    assert re.findall(r'<option value="([^"(]+) \(', by_owner) == ["Årstad hjemmetjeneste"]


def test_a_workplace_typed_as_offered_or_by_a_name_only_it_has_is_used(world, client_as, fana):
    client = client_as("secretariat")
    assert client.post(url(world), form(world, workplace="fana fysioterapi")).status_code == 302
    assert noras_membership().workplace == fana


def test_a_name_several_workplaces_share_asks_which_and_keeps_what_was_typed(world, client_as):
    f.workplace("Hjemmesykepleien", organisation=f.organisation("Alver kommune"))
    f.workplace("Hjemmesykepleien", organisation=f.organisation("Askøy kommune"))
    response = client_as("secretariat").post(url(world), form(world, workplace="Hjemmesykepleien"))
    assert response.status_code == 400
    assert errors(response) == {
        "workplace": [
            "Flere arbeidssteder heter «Hjemmesykepleien»: Hjemmesykepleien (Alver kommune), "
            "Hjemmesykepleien (Askøy kommune). Skriv hvilket, som i listen."
        ]
    }
    assert 'value="Hjemmesykepleien"' in response.text
    response = client_as("secretariat").post(url(world), form(world, workplace="Hjemmesykepleien (Askøy kommune)"))
    assert response.status_code == 302
    assert noras_membership().workplace.organisation.name == "Askøy kommune"


def test_an_unknown_workplace_suggests_similar_ones_and_how_to_add_it(world, client_as):
    response = client_as("secretariat").post(url(world), form(world, workplace="Løvåsen"))
    assert response.status_code == 400
    assert errors(response) == {
        "workplace": [
            "Fant ikke arbeidsstedet «Løvåsen». Mente du Løvåsen sykehjem (Bergen kommune)? "
            "Velg et fra listen, eller legg det til som nytt under."
        ]
    }
    assert 'value="Løvåsen"' in response.text
    assert '<details class="ds-details" open>' in response.text  # where a new one is added
    assert not Person.objects.filter(email="nora.ny@bergen.example").exists()


def test_a_closed_workplace_is_neither_offered_nor_taken(world, client_as):
    Workplace.objects.filter(name="Årstad hjemmetjeneste").update(closed_on=f.today())
    client = client_as("secretariat")
    assert "Årstad hjemmetjeneste" not in client.get(url(world)).text
    response = client.post(url(world), form(world, workplace="Årstad hjemmetjeneste (Bergen kommune)"))
    assert response.status_code == 400
    assert errors(response)["workplace"][0].startswith("Fant ikke arbeidsstedet «Årstad hjemmetjeneste (Bergen")


def test_the_form_takes_the_same_queries_for_5_and_60_workplaces_of_the_network(world, client_as):
    client = client_as("secretariat")

    def more(n: int) -> None:
        for _ in range(n):
            f.membership(f.person(), world.group_a1, workplace=f.workplace())

    def queries(path: str, **params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, params, headers=HTMX if params else {}).status_code == 200
        return len(captured)

    options = reverse("registry:workplace_options", args=[world.network_a.pk])
    more(3)
    queries(url(world))
    few = queries(url(world)), queries(options, workplace="sykehjem")
    more(55)
    assert (queries(url(world)), queries(options, workplace="sykehjem")) == few


# A new workplace from the same form -------------------------------------------------------------


def test_a_new_workplace_is_registered_with_the_member(world, client_as):
    f.municipality("4631", "Alver")
    owner = f.organisation("Alver kommune")
    typed = form(world, workplace="") | new_workplace(organisation=owner.pk)
    response = client_as("secretariat").post(url(world), typed)
    assert response.status_code == 302
    membership = noras_membership()
    knarvik = membership.workplace
    assert (knarvik.name, knarvik.kind, knarvik.municipality_id, knarvik.organisation) == (
        "Knarvik sjukeheim",
        "sykehjem",
        "4631",
        owner,
    )
    created = AuditEvent.objects.filter(action=AuditAction.CREATED).values_list("object_type", flat=True)
    assert {"registry.Workplace", "registry.Person", "registry.Membership"} <= set(created)


def test_a_new_workplace_with_a_new_owner_registers_the_owner_too(world, client_as):
    f.municipality("4631", "Alver")
    typed = form(world, workplace="") | new_workplace(new_organisation="Alver kommune")
    assert client_as("secretariat").post(url(world), typed).status_code == 302
    assert noras_membership().workplace.organisation.name == "Alver kommune"
    assert Organisation.objects.get(name="Alver kommune").kind == "kommune"


def test_a_new_workplace_missing_its_details_gets_errors_on_its_own_fields_and_nothing_is_made(world, client_as):
    typed = form(world, workplace="") | new_workplace(kind="", municipality="")
    response = client_as("secretariat").post(url(world), typed)
    assert response.status_code == 400
    assert errors(response) == {
        "nytt-arbeidssted-kind": ["Feltet er påkrevet."],
        "nytt-arbeidssted-municipality": ["Feltet er påkrevet."],
        "nytt-arbeidssted-organisation": ["Velg en eier, eller skriv navnet på en ny."],
    }
    assert 'href="#id_nytt-arbeidssted-kind"' in response.text  # the summary leads to the field
    assert re.search(r'<details class="ds-details" open>', response.text)
    assert 'value="Knarvik sjukeheim"' in response.text
    assert not Workplace.objects.filter(name="Knarvik sjukeheim").exists()
    assert not Person.objects.filter(email="nora.ny@bergen.example").exists()


def test_a_new_workplace_its_owner_already_has_is_refused_on_its_name(world, client_as):
    typed = form(world, workplace="") | new_workplace(name="løvåsen sykehjem", new_organisation="Bergen kommune")
    response = client_as("secretariat").post(url(world), typed)
    assert response.status_code == 400
    assert errors(response) == {
        "nytt-arbeidssted-name": ["Bergen kommune har allerede et arbeidssted som heter løvåsen sykehjem."]
    }


def test_a_typed_and_a_new_workplace_at_once_asks_for_one_of_them(world, client_as):
    typed = form(world) | new_workplace(new_organisation="Alver kommune")
    response = client_as("secretariat").post(url(world), typed)
    assert response.status_code == 400
    assert errors(response) == {
        "workplace": ["Du har også fylt ut et nytt arbeidssted under. Tøm dette feltet eller det nye."]
    }


def test_a_refused_addition_leaves_no_new_person_or_workplace_behind(world, client_as):
    # The leader's address is Lars's, the name typed is not: refused after Nora was made.
    f.municipality("4631", "Alver")
    typed = form(world, workplace="", leader_given_name="Lasse", leader_family_name="Lie")
    typed |= new_workplace(new_organisation="Alver kommune")
    response = client_as("secretariat").post(url(world), typed)
    assert response.status_code == 400
    assert not Person.objects.filter(email="nora.ny@bergen.example").exists()
    assert not Workplace.objects.filter(name="Knarvik sjukeheim").exists()
    assert not Organisation.objects.filter(name="Alver kommune").exists()


# A nearest leader (or person) already in the registry ----------------------------------------------


def test_a_known_leader_is_used_as_registered_whatever_the_case_of_the_address(world, client_as):
    lars = world.person("nearest_leader")
    people = Person.objects.count()
    typed = form(world, leader_email="  Nearest-Leader@Lindra.Example ", leader_given_name="lars")
    response = client_as("secretariat").post(url(world), typed)
    assert response.status_code == 302
    assert noras_membership().nearest_leader == lars
    assert Person.objects.count() == people + 1  # Nora alone
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Nora Ny er lagt til som medlem. Nærmeste leder: Lars Leder."]


def test_a_leader_stored_with_capitals_is_found_and_not_made_again(world, client_as):
    Person.objects.filter(pk=world.person("nearest_leader").pk).update(email="Lars.Leder@Bergen.example")
    typed = form(world, leader_email="lars.leder@bergen.example")
    assert client_as("secretariat").post(url(world), typed).status_code == 302
    assert noras_membership().nearest_leader == world.person("nearest_leader")
    assert Person.objects.filter(email__iexact="lars.leder@bergen.example").count() == 1


def test_a_name_typed_for_a_known_leader_that_is_not_theirs_is_reported_not_saved(world, client_as):
    typed = form(world, leader_given_name="Lasse", leader_family_name="Lie")
    response = client_as("secretariat").post(url(world), typed)
    assert response.status_code == 400
    assert errors(response) == {
        "leader_given_name": [
            "nearest-leader@lindra.example er registrert på Lars Leder, ikke «Lasse Lie». Sjekk e-postadressen. "
            "Er det samme person, la navnefeltene stå tomme eller skriv navnet som registrert "
            "(det kan rettes på personsiden)."
        ]
    }
    assert "Lars Leder finnes i registeret og blir nærmeste leder." in response.text
    assert 'value="Lasse"' in response.text
    lars = Person.objects.get(pk=world.person("nearest_leader").pk)
    assert (lars.given_name, lars.family_name) == ("Lars", "Leder")
    assert not Person.objects.filter(email="nora.ny@bergen.example").exists()


def test_a_name_typed_for_a_known_member_that_is_not_theirs_is_reported_too(world, client_as):
    typed = form(world, email=world.email("host"), given_name="Anne", family_name="")
    response = client_as("other_secretariat").post(
        reverse("registry:add_member", args=[world.network_b.pk]), typed | {"local_group": world.group_b1.pk}
    )
    assert response.status_code == 400
    assert errors(response)["given_name"][0].startswith("host@lindra.example er registrert på Aina Arrangør")


def test_typing_a_known_leaders_address_fills_in_and_shows_the_name(world, client_as):
    response = client_as("secretariat").get(
        reverse("registry:known_person", args=[world.network_a.pk]),
        {"leader_email": "nearest-leader@lindra.example"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Lars Leder finnes i registeret og blir nærmeste leder." in response.text
    names = response.text[response.text.index('<div id="leader-names"') :]
    assert 'hx-swap-oob="true"' in names
    assert 'name="leader_given_name" value="Lars"' in names
    assert 'name="leader_family_name" value="Leder"' in names


def test_typing_an_unknown_address_says_nothing_and_leaves_the_names_alone(world, client_as):
    response = client_as("secretariat").get(
        reverse("registry:known_person", args=[world.network_a.pk]),
        {"leader_email": "ny.leder@bergen.example"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.text.strip() == ""


def test_typing_the_address_of_someone_already_a_member_warns_before_saving(world, client_as):
    response = client_as("secretariat").get(
        reverse("registry:known_person", args=[world.network_a.pk]), {"email": world.email("member")}, headers=HTMX
    )
    assert "Mona Medlem er allerede medlem av KLB Vestland." in response.text
    assert reverse("registry:person", args=[world.person("member").pk]) in response.text
    assert 'name="given_name" value="Mona"' in response.text
    # In another network she is simply known.
    response = client_as("other_secretariat").get(
        reverse("registry:known_person", args=[world.network_b.pk]), {"email": world.email("member")}, headers=HTMX
    )
    assert "Mona Medlem finnes i registeret. Opplysningene som er registrert, brukes." in response.text


def test_another_networks_secretariat_cannot_look_up_through_this_network(world, client_as):
    for name, query in [
        ("registry:known_person", {"email": world.email("member")}),
        ("registry:workplace_options", {}),
    ]:
        response = client_as("other_secretariat").get(reverse(name, args=[world.network_a.pk]), query, headers=HTMX)
        assert response.status_code == 404
        assert (
            client_as("committee_member").get(reverse(name, args=[world.network_a.pk]), query, headers=HTMX).status_code
            == 403
        )
