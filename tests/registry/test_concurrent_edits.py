"""Two of the secretariat (or a secretary and a group leader) edit the same network, group,
committee or workplace at once: the second to save is told, keeps what they typed, and the
first's change is not overwritten."""

from django.test import Client
from django.urls import reverse

from lindra.registry.models import Network, Profession, Term
from tests import factories as f
from tests.concurrency import REGISTRY_STALE, assert_refused_keeping_what_was_typed, form_values, race
from tests.personas import World


def two_secretaries(world: World) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(world.user("secretariat"))
    second.force_login(world.user("superuser"))
    return first, second


def test_the_network_and_its_rules(world):
    first, second = two_secretaries(world)
    url = reverse("registry:network_edit", args=[world.network_a.pk])
    result = race(first, second, url, {"short_name": "KLB Bergen"}, {"invitation_days_before": "21"})
    assert_refused_keeping_what_was_typed(result.second, REGISTRY_STALE, "21")
    network = Network.objects.get(pk=world.network_a.pk)
    assert (network.short_name, network.invitation_days_before) == ("KLB Bergen", 14)
    # Having seen the message (and the form as they typed it), the second saves again on purpose.
    again = second.post(url, form_values(result.second))
    assert again.status_code == 302
    network.refresh_from_db()
    assert network.invitation_days_before == 21


def test_a_person_s_details_and_what_is_stored_now(world):
    """Beside the refused form stands what is stored now where it differs from the form: the
    second secretary's unchanged phone would otherwise quietly undo the first's new one."""
    first, second = two_secretaries(world)
    mona = world.person("member")
    url = reverse("registry:person_edit", args=[mona.pk])
    changes = {"phone": "41 00 00 01", "profession": Profession.DOCTOR}
    result = race(first, second, url, changes, {"further_education": "Palliasjon, 2025"})
    assert_refused_keeping_what_was_typed(result.second, REGISTRY_STALE, "Palliasjon, 2025")
    stored_now = [("Telefon", "41 00 00 01"), ("Yrke", "Lege"), ("Videreutdanning", "")]
    assert result.second.context["form"].stored_now == stored_now
    text = result.second.content.decode()
    assert "Dette er lagret nå" in text and "<strong>Yrke:</strong>" in text and "(tomt)" in text


def test_the_local_group(world):
    first, second = two_secretaries(world)
    url = reverse("registry:group_edit", args=[world.group_a1.pk])
    result = race(first, second, url, {"name": "Bergen sentrum og Årstad"}, {"name": "Bergen by"})
    assert_refused_keeping_what_was_typed(result.second, REGISTRY_STALE, "Bergen by")
    world.group_a1.refresh_from_db()
    assert world.group_a1.name == "Bergen sentrum og Årstad"


def test_the_committee(world):
    first, second = two_secretaries(world)
    url = reverse("registry:committee_edit", args=[world.committee_a.pk])
    result = race(first, second, url, {"name": "Driftsgruppa"}, {"name": "Styringsgruppa"})
    assert_refused_keeping_what_was_typed(result.second, REGISTRY_STALE, "Styringsgruppa")
    world.committee_a.refresh_from_db()
    assert world.committee_a.name == "Driftsgruppa"


def test_the_workplace(world):
    first, second = two_secretaries(world)
    url = reverse("registry:workplace_edit", args=[world.workplace.pk])
    result = race(first, second, url, {"name": "Løvåsen sykehjem avd. 2"}, {"name": "Løvåsen omsorgssenter"})
    assert_refused_keeping_what_was_typed(result.second, REGISTRY_STALE, "Løvåsen omsorgssenter")
    world.workplace.refresh_from_db()
    assert world.workplace.name == "Løvåsen sykehjem avd. 2"


def test_a_new_group_needs_no_version(world, client_as):
    response = client_as("secretariat").post(
        reverse("registry:group_new", args=[world.network_a.pk]), {"name": "Fana", "version": ""}
    )
    assert response.status_code == 302


def test_appointing_the_group_leader_while_someone_else_does(world):
    first, second = two_secretaries(world)
    url = reverse("registry:appoint_group_leader", args=[world.group_a1.pk])
    mona, aina = world.person("member"), world.person("host")
    result = race(first, second, url, {"person": mona.pk}, {"person": aina.pk})
    assert result.second.status_code == 400
    assert REGISTRY_STALE in result.second.content.decode()
    assert result.second.context["form"]["person"].value() == str(aina.pk)
    terms = Term.objects.filter(local_group=world.group_a1, kind=Term.Kind.GROUP_LEADER)
    assert terms.filter(person=mona).exists()
    assert not terms.filter(person=aina).exists()


def test_closing_or_merging_a_group_someone_else_changed_meanwhile(world):
    empty = f.group(world.network_a, "Gamle Fana")
    first, second = two_secretaries(world)
    for name, changes in [
        ("registry:group_close", {}),
        ("registry:group_merge", {"target": world.group_a2.pk}),
    ]:
        url = reverse(name, args=[empty.pk])
        opened = second.get(url)
        edit = reverse("registry:group_edit", args=[empty.pk])
        assert first.post(edit, {**form_values(first.get(edit)), "name": f"{name} Fana"}).status_code == 302
        refused = second.post(url, {**form_values(opened), **changes})
        assert refused.status_code == 400, name
        assert REGISTRY_STALE in refused.content.decode()
        empty.refresh_from_db()
        assert empty.closed_on is None and empty.merged_into is None
