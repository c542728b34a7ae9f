"""The registry's pages, as each persona uses them (tests/personas.py): who gets a page, who
is refused with 404 or 403 (DESIGN.md §2), what a good form does, what bad input answers,
and what the name lists and spreadsheets show."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from lindra.core.models import AuditAction, AuditEvent
from lindra.registry import services
from lindra.registry.models import (
    Change,
    ChangeKind,
    ChangeRequest,
    Committee,
    ImportBatch,
    Leave,
    LocalGroup,
    Membership,
    Network,
    Organisation,
    Person,
    Profession,
    Workplace,
)
from lindra.registry.rules import Policy
from tests import factories as f
from tests.personas import EVERYONE, World, expect, outcome
from tests.registry.factories_registry import leader, spreadsheet

REQUIRED = "Feltet er påkrevet."
BAD_DATE = "Oppgi en gyldig dato."
BAD_EMAIL = "Oppgi en gyldig e-postadresse"


def today() -> dt.date:
    return f.today()


def iso(day: dt.date) -> str:
    return day.isoformat()


def errors(response) -> dict[str, list[str]]:
    """The form's errors by field ("__all__" for the form as a whole)."""
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def monas_membership(world: World) -> Membership:
    return Membership.objects.get(person=world.person("member"), network=world.network_a)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def long_date(day: dt.date) -> str:
    """A date as the pages write it: «1. mars 2025»."""
    with translation.override("nb"):
        return date_format(day, "j. F Y")


# Who gets what --------------------------------------------------------------------------------
#
# For each page: the object, and what each persona gets. A visitor is sent to sign in. A
# POST from a refused persona is refused the same way and changes nothing.


RUNS_NETWORK_A = expect(404, superuser=200, secretariat=200, committee_member=403)
TO_ADD_MEMBER = expect(404, superuser=302, secretariat=302, committee_member=403)  # htmx parts of its form
SEES_GROUP_A1 = expect(
    404, superuser=200, secretariat=200, committee_member=200, group_leader=200, host=200, member=200
)
MANAGES_GROUP_A1 = expect(
    404, superuser=200, secretariat=200, committee_member=403, group_leader=403, host=403, member=403
)
CHANGES_MONAS_MEMBERSHIP = expect(404, superuser=200, secretariat=200, group_leader=403, member=403, nearest_leader=403)


def _change_request(world: World) -> ChangeRequest:
    return ChangeRequest.objects.create(
        membership=monas_membership(world),
        kind=ChangeRequest.Kind.FURTHER_EDUCATION,
        message="Fullført videreutdanning i palliasjon.",
        requested_by=world.user("member"),
    )


def _leave(world: World) -> Leave:
    return Leave.objects.create(membership=monas_membership(world), starts_on=today())


def _batch(world: World) -> ImportBatch:
    return ImportBatch.objects.create(
        network=world.network_a, filename="medlemmer.csv", uploaded_by=world.user("secretariat")
    )


PAGES: dict[str, tuple[Callable[[World], list], dict[str, object], bool]] = {
    # name: (the URL's arguments, what each persona gets, whether the page takes a POST)
    "registry:network": (
        lambda w: [w.network_a.pk],
        expect(404, superuser=200, secretariat=200, committee_member=200),
        False,
    ),
    "registry:network_edit": (lambda w: [w.network_a.pk], RUNS_NETWORK_A, True),
    "registry:group_new": (lambda w: [w.network_a.pk], RUNS_NETWORK_A, True),
    "registry:committee_new": (lambda w: [w.network_a.pk], RUNS_NETWORK_A, True),
    "registry:committee_edit": (lambda w: [w.committee_a.pk], RUNS_NETWORK_A, True),
    "registry:members": (lambda w: [w.network_a.pk], RUNS_NETWORK_A, False),
    "registry:add_member": (lambda w: [w.network_a.pk], RUNS_NETWORK_A, True),
    "registry:known_person": (lambda w: [w.network_a.pk], TO_ADD_MEMBER, False),
    "registry:workplace_options": (lambda w: [w.network_a.pk], TO_ADD_MEMBER, False),
    "registry:change_requests": (lambda w: [w.network_a.pk], RUNS_NETWORK_A, False),
    "registry:import": (lambda w: [w.network_a.pk], RUNS_NETWORK_A, True),
    "registry:import_batch": (lambda w: [w.network_a.pk, _batch(w).pk], RUNS_NETWORK_A, True),
    "registry:group": (lambda w: [w.group_a1.pk], SEES_GROUP_A1, False),
    "registry:name_list_xlsx": (lambda w: [w.group_a1.pk], SEES_GROUP_A1, False),
    "registry:group_edit": (lambda w: [w.group_a1.pk], MANAGES_GROUP_A1, True),
    "registry:group_close": (lambda w: [w.group_a1.pk], MANAGES_GROUP_A1, True),
    "registry:group_merge": (lambda w: [w.group_a1.pk], MANAGES_GROUP_A1, True),
    "registry:person": (
        lambda w: [w.person("member").pk],
        expect(404, superuser=200, secretariat=200, group_leader=200, member=200, nearest_leader=200),
        False,
    ),
    "registry:person_edit": (
        lambda w: [w.person("member").pk],
        expect(404, superuser=200, secretariat=200, member=200, group_leader=403, nearest_leader=403),
        True,
    ),
    "registry:membership_placement": (lambda w: [monas_membership(w).pk], CHANGES_MONAS_MEMBERSHIP, True),
    "registry:membership_leave": (lambda w: [monas_membership(w).pk], CHANGES_MONAS_MEMBERSHIP, True),
    "registry:membership_end": (lambda w: [monas_membership(w).pk], CHANGES_MONAS_MEMBERSHIP, True),
    "registry:leave_end": (lambda w: [_leave(w).pk], CHANGES_MONAS_MEMBERSHIP, True),
    "registry:leave_change": (lambda w: [_leave(w).pk], CHANGES_MONAS_MEMBERSHIP, True),
    "registry:leave_remove": (lambda w: [_leave(w).pk], CHANGES_MONAS_MEMBERSHIP, True),
    "registry:membership_milestone": (lambda w: [monas_membership(w).pk], CHANGES_MONAS_MEMBERSHIP, True),
    "registry:report_change": (
        lambda w: [monas_membership(w).pk],
        expect(404, member=200, nearest_leader=200, superuser=403, secretariat=403, group_leader=403),
        True,
    ),
    "registry:change_request": (
        lambda w: [_change_request(w).pk],
        expect(404, superuser=200, secretariat=200, member=200),
        True,
    ),
    "registry:workplaces": (lambda w: [], expect(404, superuser=200, secretariat=200, other_secretariat=200), False),
    "registry:workplace_new": (lambda w: [], expect(404, superuser=200, secretariat=200, other_secretariat=200), True),
    "registry:workplace_edit": (
        lambda w: [w.workplace.pk],
        expect(404, superuser=200, secretariat=200, other_secretariat=200),
        True,
    ),
}


def footprint() -> list:
    """Everything a refused POST could have changed."""
    models = [Network, LocalGroup, Committee, Workplace, Organisation, Person, Membership, Leave, Change]
    models += [ChangeRequest, ImportBatch]
    rows = [list(model.objects.order_by("pk").values()) for model in models]
    # Refusals are logged, and so is who opened a page about a person: neither is a change.
    looked = [AuditAction.ACCESS_REFUSED, AuditAction.VIEWED, AuditAction.EXPORTED]
    return [*rows, AuditEvent.objects.exclude(action__in=looked).count()]


@pytest.mark.parametrize("name", PAGES)
def test_each_persona_gets_the_page_or_is_refused_as_the_design_says(world, client_as, name):
    arguments, expected, takes_post = PAGES[name]
    url = reverse(name, args=arguments(world))
    before = footprint()
    problems = []
    for role in EVERYONE:
        client = client_as(role)
        got = outcome(client.get(url))
        if got != expected[role]:
            problems.append(f"GET as {role}: expected {expected[role]}, got {got}")
        if takes_post and expected[role] != 200:
            got = outcome(client.post(url, {"name": "Endret", "decision": "applied", "ends_on": iso(today())}))
            if got != expected[role]:
                problems.append(f"POST as {role}: expected {expected[role]}, got {got}")
    assert not problems, "\n".join(problems)
    assert footprint() == before, "a refused request changed something"


def test_every_registry_page_is_covered_here():
    from lindra.registry.urls import urlpatterns

    names = {f"registry:{pattern.name}" for pattern in urlpatterns}
    # Terms (secretariat staff, committees, group leaders) are another piece of work.
    terms = {"registry:secretariat", "registry:committee", "registry:appoint_group_leader", "registry:end_term"}
    assert names - terms <= set(PAGES)


def test_a_refused_page_is_written_to_the_audit_log(world, client_as):
    client_as("other_member").get(reverse("registry:group", args=[world.group_a1.pk]))
    client_as("group_leader").post(reverse("registry:group_edit", args=[world.group_a1.pk]), {"name": "Ny"})
    refused = AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).order_by("id")
    assert [(e.actor, e.changes["status"]) for e in refused] == [
        (world.user("other_member"), 404),
        (world.user("group_leader"), 403),
    ]


# The network and its policy ------------------------------------------------------------------

NETWORK_FORM = {
    "name": "Kompetansenettverk i palliasjon, Vestland",
    "short_name": "KLB",
    "secretariat_email": "klb@helse-bergen.example",
    "email_language": "nn",
    "member_title": "ressursperson",
    "member_title_plural": "ressurspersoner",
    "meetings_per_group_per_year": "4",
    "min_gathering_hours_per_year": "12",
    "program_days_before": "45",
    "invitation_days_before": "21",
    "minutes_days_after": "10",
    "absences_before_follow_up": "3",
    "leader_term_years": "3",
    "intro_course_waiting_threshold": "8",
    "committee_meetings_per_year": "6",
    "retention_years": "7",
}


def test_a_new_network_starts_with_the_seeds_policy(db):
    assert f.network().policy == Policy()


def test_the_secretariat_edits_the_name_address_title_and_every_policy_value(world, client_as):
    url = reverse("registry:network_edit", args=[world.network_a.pk])
    response = client_as("secretariat").post(url, NETWORK_FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:network", args=[world.network_a.pk])
    network = reload(world.network_a)
    assert (network.name, network.short_name, network.secretariat_email) == (
        "Kompetansenettverk i palliasjon, Vestland",
        "KLB",
        "klb@helse-bergen.example",
    )
    assert (network.member_title, network.member_title_plural) == ("ressursperson", "ressurspersoner")
    assert network.email_language == "nn"
    assert network.policy == Policy(
        meetings_per_group_per_year=4,
        min_gathering_hours_per_year=12,
        program_days_before=45,
        invitation_days_before=21,
        minutes_days_after=10,
        absences_before_follow_up=3,
        leader_term_years=3,
        intro_course_waiting_threshold=8,
        committee_meetings_per_year=6,
        retention_years=7,
    )
    page = client_as("secretariat").get(reverse("registry:network", args=[network.pk])).text
    assert "klb@helse-bergen.example" in page
    assert "Legg til ressursperson" in page
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, object_type="registry.Network")
    assert event.changes["meetings_per_group_per_year"] == 4
    assert event.changes["email_language"] == "nn"
    assert "Språk i e-post: Norsk nynorsk" in page


def test_a_network_with_bad_values_is_not_saved_and_keeps_what_was_typed(world, client_as):
    url = reverse("registry:network_edit", args=[world.network_a.pk])
    typed = {**NETWORK_FORM, "name": "", "secretariat_email": "sekretariatet-i-bergen", "invitation_days_before": "-3"}
    response = client_as("secretariat").post(url, typed)
    assert response.status_code == 400
    found = errors(response)
    assert found["name"] == [REQUIRED]
    assert found["secretariat_email"] == [BAD_EMAIL]
    assert "invitation_days_before" in found
    assert 'value="sekretariatet-i-bergen"' in response.text
    assert 'value="ressursperson"' in response.text
    assert reload(world.network_a).name == "Kompetansenettverk for lindrende behandling i Vestland"


# Groups and committees -------------------------------------------------------------------------


def test_the_secretariat_creates_a_group_with_its_municipalities(world, client_as):
    bergen, alver = f.municipality("4601", "Bergen"), f.municipality("4631", "Alver")
    response = client_as("secretariat").post(
        reverse("registry:group_new", args=[world.network_a.pk]),
        {"name": "Nordhordland", "municipalities": ["4601", "4631"]},
    )
    group = LocalGroup.objects.get(network=world.network_a, name="Nordhordland")
    assert response["Location"] == reverse("registry:group", args=[group.pk])
    assert set(group.municipalities.all()) == {bergen, alver}


def test_a_group_name_is_unique_within_the_network(world, client_as):
    response = client_as("secretariat").post(
        reverse("registry:group_new", args=[world.network_a.pk]), {"name": "Åsane"}
    )
    assert response.status_code == 400
    assert errors(response) == {"name": ["Nettverket har allerede en lokalgruppe som heter Åsane."]}
    assert 'value="Åsane"' in response.text
    response = client_as("secretariat").post(
        reverse("registry:group_edit", args=[world.group_a1.pk]), {"name": "åsane "}
    )
    assert response.status_code == 400
    assert errors(response) == {"name": ["Nettverket har allerede en lokalgruppe som heter åsane."]}
    assert LocalGroup.objects.filter(name__iexact="Åsane").count() == 1
    # Another network may have a group of the same name.
    response = client_as("other_secretariat").post(
        reverse("registry:group_new", args=[world.network_b.pk]), {"name": "Åsane"}
    )
    assert response.status_code == 302


def test_the_secretariat_renames_a_group(world, client_as):
    response = client_as("secretariat").post(
        reverse("registry:group_edit", args=[world.group_a1.pk]), {"name": "Bergen sentrum og Årstad"}
    )
    assert response.status_code == 302
    assert reload(world.group_a1).name == "Bergen sentrum og Årstad"


def test_the_secretariat_closes_an_empty_group_but_not_one_with_members(world, client_as):
    secretariat = client_as("secretariat")
    empty = f.group(world.network_a, "Fana")
    response = secretariat.post(reverse("registry:group_close", args=[empty.pk]), {"closed_on": iso(today())})
    assert response["Location"] == reverse("registry:network", args=[world.network_a.pk])
    assert reload(empty).closed_on == today()

    response = secretariat.post(reverse("registry:group_close", args=[world.group_a1.pk]), {"closed_on": iso(today())})
    assert response.status_code == 400
    assert "Gruppen har fortsatt 2 medlemmer." in " ".join(errors(response)["__all__"])
    assert reload(world.group_a1).closed_on is None

    response = secretariat.post(reverse("registry:group_close", args=[world.group_a1.pk]), {"closed_on": "i morgen"})
    assert response.status_code == 400
    assert errors(response) == {"closed_on": [BAD_DATE]}
    assert 'value="i morgen"' in response.text


def test_the_secretariat_merges_a_group_into_another_and_the_history_stays(world, client_as):
    yesterday = today() - dt.timedelta(days=1)
    response = client_as("secretariat").post(
        reverse("registry:group_merge", args=[world.group_a1.pk]),
        {"target": world.group_a2.pk, "effective_on": iso(today())},
    )
    assert response["Location"] == reverse("registry:group", args=[world.group_a2.pk])
    page = client_as("secretariat").get(reverse("registry:group", args=[world.group_a2.pk])).text
    assert all(name in page for name in ("Mona Medlem", "Aina Arrangør", "Olav Annengruppe"))
    before = client_as("secretariat").get(reverse("registry:group", args=[world.group_a1.pk]), {"dato": iso(yesterday)})
    assert "Mona Medlem" in before.text
    assert "Olav Annengruppe" not in before.text
    assert reload(world.group_a1).merged_into == world.group_a2


def test_a_merge_needs_another_group_of_the_network_and_a_date(world, client_as):
    url = reverse("registry:group_merge", args=[world.group_a1.pk])
    response = client_as("secretariat").post(url, {"target": world.group_b1.pk, "effective_on": "32.13.2025"})
    assert response.status_code == 400
    found = errors(response)
    assert "Velg et gyldig valg" in found["target"][0]
    assert found["effective_on"] == [BAD_DATE]
    assert 'value="32.13.2025"' in response.text
    assert reload(world.group_a1).closed_on is None


def test_the_secretariat_creates_and_renames_a_committee(world, client_as):
    secretariat = client_as("secretariat")
    response = secretariat.post(
        reverse("registry:committee_new", args=[world.network_a.pk]),
        {"name": "Fagdagskomiteen", "kind": "arbeidsgruppe"},
    )
    assert response.status_code == 302
    committee = Committee.objects.get(name="Fagdagskomiteen")
    assert (committee.network, committee.kind) == (world.network_a, Committee.Kind.WORKING)
    response = secretariat.post(
        reverse("registry:committee_edit", args=[committee.pk]),
        {"name": "Fagdagskomiteen 2026", "kind": "arbeidsgruppe"},
    )
    assert response.status_code == 302
    assert reload(committee).name == "Fagdagskomiteen 2026"
    response = secretariat.post(reverse("registry:committee_edit", args=[committee.pk]), {"name": "", "kind": "klubb"})
    assert response.status_code == 400
    assert errors(response)["name"] == [REQUIRED]
    assert "Velg et gyldig valg" in errors(response)["kind"][0]


# Workplaces ---------------------------------------------------------------------------------


def test_the_secretariat_finds_workplaces_and_adds_one_with_a_new_owner(world, client_as):
    secretariat = client_as("other_secretariat")  # workplaces are shared by the networks
    page = secretariat.get(reverse("registry:workplaces"), {"q": "løvåsen"}).text
    assert "Løvåsen sykehjem" in page
    assert "Årstad hjemmetjeneste" not in page
    response = secretariat.post(
        reverse("registry:workplace_new"),
        {
            "name": "Alver sjukeheim",
            "kind": "sykehjem",
            "municipality": f.municipality("4631", "Alver").pk,
            "new_organisation": "Alver kommune",
            "new_organisation_kind": "kommune",
        },
    )
    assert response["Location"] == reverse("registry:workplaces")
    workplace = Workplace.objects.get(name="Alver sjukeheim")
    assert (workplace.organisation.name, workplace.municipality.name) == ("Alver kommune", "Alver")


def test_a_workplace_needs_an_owner(world, client_as):
    response = client_as("secretariat").post(
        reverse("registry:workplace_edit", args=[world.workplace.pk]),
        {"name": "Løvåsen undervisningssykehjem", "kind": "sykehjem", "municipality": "4601"},
    )
    assert response.status_code == 400
    assert errors(response) == {"organisation": ["Velg en eier, eller skriv navnet på en ny."]}
    assert 'value="Løvåsen undervisningssykehjem"' in response.text
    assert reload(world.workplace).name == "Løvåsen sykehjem"


def test_the_secretariat_renames_a_workplace(world, client_as):
    response = client_as("secretariat").post(
        reverse("registry:workplace_edit", args=[world.workplace.pk]),
        {
            "name": "Løvåsen undervisningssykehjem",
            "kind": "sykehjem",
            "municipality": "4601",
            "organisation": world.workplace.organisation_id,
        },
    )
    assert response.status_code == 302
    assert reload(world.workplace).name == "Løvåsen undervisningssykehjem"


# Adding members -------------------------------------------------------------------------------


def add_form(world: World, **values) -> dict:
    return {
        "email": "nora.ny@bergen.example",
        "given_name": "Nora",
        "family_name": "Ny",
        "phone": "911 22 333",
        "profession": "FT",
        "local_group": world.group_a2.pk,
        "workplace": "Løvåsen sykehjem (Bergen kommune)",
        "leader_email": "hilde.hovedleder@bergen.example",
        "leader_given_name": "Hilde",
        "leader_family_name": "Hovedleder",
        "starts_on": iso(today()),
        **values,
    }


def test_the_secretariat_adds_a_new_person_with_a_new_nearest_leader(world, client_as):
    response = client_as("secretariat").post(reverse("registry:add_member", args=[world.network_a.pk]), add_form(world))
    nora = Person.objects.get(email="nora.ny@bergen.example")
    assert response["Location"] == reverse("registry:person", args=[nora.pk])
    assert (nora.full_name, nora.phone, nora.profession) == ("Nora Ny", "911 22 333", Profession.PHYSIOTHERAPIST)
    membership = Membership.objects.get(person=nora)
    assert (membership.local_group, membership.workplace, membership.starts_on) == (
        world.group_a2,
        world.workplace,
        today(),
    )
    assert membership.nearest_leader.full_name == "Hilde Hovedleder"
    assert Change.objects.get(membership=membership).kind == ChangeKind.JOINED


def test_a_person_already_in_the_registry_joins_a_second_network_as_they_are(world, client_as):
    mona = world.person("member")
    response = client_as("other_secretariat").post(
        reverse("registry:add_member", args=[world.network_b.pk]),
        add_form(
            world,
            email="MEMBER@lindra.example",
            given_name="",
            family_name="",
            local_group=world.group_b1.pk,
            leader_email=world.person("nearest_leader").email,
            leader_given_name="",
            leader_family_name="",
        ),
    )
    assert response["Location"] == reverse("registry:person", args=[mona.pk])
    assert set(Membership.objects.filter(person=mona).values_list("network", flat=True)) == {
        world.network_a.pk,
        world.network_b.pk,
    }
    assert reload(mona).full_name == "Mona Medlem"
    page = client_as("other_secretariat").get(reverse("registry:person", args=[mona.pk])).text
    assert "Kompetansenettverk for lindrende behandling i Vestland" in page
    assert "Fysio- og ergoterapinettverket" in page
    # Each secretariat changes only the membership in its own network.
    assert reverse("registry:membership_end", args=[monas_membership(world).pk]) not in page


def test_adding_a_member_with_nothing_filled_in_names_every_missing_field(world, client_as):
    empty = dict.fromkeys(add_form(world), "")  # a browser sends every field, empty
    response = client_as("secretariat").post(reverse("registry:add_member", args=[world.network_a.pk]), empty)
    assert response.status_code == 400
    assert errors(response) == {
        "email": [REQUIRED],
        "local_group": [REQUIRED],
        "workplace": ["Skriv og velg arbeidsstedet, eller legg til et nytt under."],
        "starts_on": [REQUIRED],
    }


def test_a_new_person_or_leader_needs_a_name_and_a_real_date(world, client_as):
    typed = add_form(world, given_name="", family_name="", leader_given_name="", starts_on="31.02.2025")
    response = client_as("secretariat").post(reverse("registry:add_member", args=[world.network_a.pk]), typed)
    assert response.status_code == 400
    found = errors(response)
    assert found["given_name"] == found["family_name"] == ["Personen er ny i registeret. Skriv fornavn og etternavn."]
    assert found["leader_given_name"] == ["Lederen er ikke registrert fra før. Skriv fornavn og etternavn."]
    assert found["starts_on"] == [BAD_DATE]
    assert 'value="nora.ny@bergen.example"' in response.text
    assert 'value="31.02.2025"' in response.text
    assert not Person.objects.filter(email="nora.ny@bergen.example").exists()


def test_a_member_cannot_be_added_twice_to_the_same_network(world, client_as):
    response = client_as("secretariat").post(
        reverse("registry:add_member", args=[world.network_a.pk]),
        add_form(world, email=world.person("member").email, given_name="", family_name=""),
    )
    assert response.status_code == 400
    assert errors(response)["__all__"] == ["Mona Medlem er allerede medlem av KLB Vestland."]
    assert Membership.objects.filter(person=world.person("member")).count() == 1


# The member page and its timeline --------------------------------------------------------------


def test_the_member_page_shows_a_dated_timeline_of_who_changed_what_and_why(world, client_as):
    membership = monas_membership(world)
    secretariat = world.user("secretariat")
    moved_on = today() - dt.timedelta(days=30)
    services.change_placement(
        membership,
        effective_on=moved_on,
        workplace=Workplace.objects.get(name="Årstad hjemmetjeneste"),
        reason="Ny stilling i hjemmetjenesten",
        by=secretariat,
        expected_version=None,
    )
    services.put_on_leave(membership, starts_on=today(), ends_on=None, by=secretariat, reason="Avtalt")
    page = client_as("secretariat").get(reverse("registry:person", args=[world.person("member").pk])).text
    assert f"{long_date(moved_on)}: Nytt arbeidssted" in page
    assert f"{long_date(membership.starts_on)}: Ble medlem" in page
    assert "Begrunnelse: Ny stilling i hjemmetjenesten" in page
    assert "Registrert av Siri Sekretær" in page
    assert "Permisjon" in page
    assert "Ble medlem" in page
    assert page.index("Nytt arbeidssted") < page.index("Ble medlem")  # newest first


def test_a_member_page_takes_as_many_queries_for_many_memberships_as_for_two(world, client_as):
    """Mona has been a member of four networks: the page reads each part for all at once."""
    client = client_as("secretariat")
    mona = world.person("member")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/personer/{mona.pk}/").status_code == 200
        return len(queries)

    f.membership(mona, f.group(world.network_b), starts_on=f.today() - dt.timedelta(days=900))
    before = count()
    for _ in range(2):
        f.membership(mona, f.group(f.network()), starts_on=f.today() - dt.timedelta(days=900))
    assert count() == before


def test_the_group_leader_sees_a_member_page_but_not_the_buttons_to_change_it(world, client_as):
    page = client_as("group_leader").get(reverse("registry:person", args=[world.person("member").pk])).text
    assert "Mona Medlem" in page
    assert reverse("registry:membership_placement", args=[monas_membership(world).pk]) not in page
    assert reverse("registry:report_change", args=[monas_membership(world).pk]) not in page


def test_a_member_page_offers_to_change_the_details_only_to_those_who_may(world, client_as):
    mona = world.person("member")
    edit = reverse("registry:person_edit", args=[mona.pk])
    for role in ("secretariat", "member"):
        assert edit in client_as(role).get(reverse("registry:person", args=[mona.pk])).text, role
    for role in ("group_leader", "nearest_leader"):
        assert edit not in client_as(role).get(reverse("registry:person", args=[mona.pk])).text, role


def test_a_nearest_leader_reads_the_group_of_their_staff_without_a_link_they_cannot_open(world, client_as):
    group = reverse("registry:group", args=[world.group_a1.pk])
    page = client_as("nearest_leader").get(reverse("registry:person", args=[world.person("member").pk])).text
    assert "Bergen sentrum" in page and group not in page
    assert client_as("nearest_leader").get(group).status_code == 404
    assert group in client_as("group_leader").get(reverse("registry:person", args=[world.person("member").pk])).text


def test_a_nearest_leader_sees_their_staff_and_can_report_a_change_for_them(world, client_as):
    lars = client_as("nearest_leader")
    page = lars.get(reverse("registry:person", args=[world.person("host").pk])).text
    aina = Membership.objects.get(person=world.person("host"))
    assert reverse("registry:report_change", args=[aina.pk]) in page
    response = lars.post(
        reverse("registry:report_change", args=[aina.pk]),
        {"kind": "nearest_leader", "effective_on": iso(today()), "message": "Ny leder er Kjersti Klausen."},
    )
    assert response["Location"] == reverse("registry:person", args=[world.person("host").pk])
    request = ChangeRequest.objects.get()
    assert (request.membership, request.requested_by, request.kind) == (
        aina,
        world.user("nearest_leader"),
        "nearest_leader",
    )
    assert lars.get(reverse("registry:person", args=[world.person("other_member").pk])).status_code == 404


def test_a_change_report_needs_a_description(world, client_as):
    response = client_as("member").post(
        reverse("registry:report_change", args=[monas_membership(world).pk]), {"kind": "leave", "ends_on": "snart"}
    )
    assert response.status_code == 400
    assert errors(response) == {"message": [REQUIRED], "ends_on": [BAD_DATE]}
    assert 'value="snart"' in response.text
    assert not ChangeRequest.objects.exists()


# Contact details --------------------------------------------------------------------------------


def test_a_member_corrects_their_own_contact_details_and_signs_in_with_the_new_address(world, client_as):
    mona = client_as("member")
    url = reverse("registry:person_edit", args=[world.person("member").pk])
    form = mona.get(url)
    assert set(form.context["form"].fields) == {"email", "phone", "further_education", "version"}
    response = mona.post(
        url,
        {
            "email": "Mona.Medlem@bergen.example",
            "phone": "400 00 400",
            "further_education": "Videreutdanning i kreftsykepleie, 2024",
            "given_name": "Hackermona",
            "version": "1",
        },
    )
    assert response.status_code == 302
    person = reload(world.person("member"))
    assert (person.email, person.phone, person.given_name) == ("mona.medlem@bergen.example", "400 00 400", "Mona")
    assert person.further_education == "Videreutdanning i kreftsykepleie, 2024"
    assert reload(world.user("member")).email == "mona.medlem@bergen.example"
    kinds = set(Change.objects.filter(person=person).values_list("kind", "recorded_by"))
    assert {
        (ChangeKind.CONTACT_DETAILS, world.user("member").pk),
        (ChangeKind.FURTHER_EDUCATION, world.user("member").pk),
    } <= kinds


def test_a_member_cannot_open_or_change_anyone_elses_details(world, client_as):
    mona = client_as("member")
    for someone in ("host", "nearest_leader", "group_leader", "other_member"):
        url = reverse("registry:person_edit", args=[world.person(someone).pk])
        assert mona.get(url).status_code == 404, someone
        assert mona.post(url, {"email": "mona@lindra.example", "phone": "1", "version": "1"}).status_code == 404
    # The group leader and the nearest leader see her page, but may not change it.
    url = reverse("registry:person_edit", args=[world.person("member").pk])
    for role in ("group_leader", "nearest_leader"):
        assert client_as(role).post(url, {"email": "x@lindra.example", "version": "1"}).status_code == 403
    assert [reload(world.person(p)).phone for p in ("member", "host")] == ["555 00 005", "555 00 004"]


def test_a_member_cannot_blank_their_address_or_take_someone_elses(world, client_as):
    mona = client_as("member")
    url = reverse("registry:person_edit", args=[world.person("member").pk])
    response = mona.post(url, {"email": "", "phone": "400 00 400", "version": "1"})
    assert response.status_code == 400
    assert errors(response) == {"email": [REQUIRED]}
    assert 'value="400 00 400"' in response.text
    response = mona.post(url, {"email": world.email("host"), "phone": "400 00 400", "version": "1"})
    assert response.status_code == 400
    assert errors(response)["email"] == ["Det finnes allerede en person med e-postadressen host@lindra.example."]
    assert reload(world.person("member")).phone == "555 00 005"


def test_the_secretariat_edits_every_detail_of_a_person(world, client_as):
    response = client_as("secretariat").post(
        reverse("registry:person_edit", args=[world.person("member").pk]),
        {
            "given_name": "Mona",
            "family_name": "Medlem-Hansen",
            "email": world.email("member"),
            "phone": "555 00 005",
            "profession": "VP",
            "further_education": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    person = reload(world.person("member"))
    assert (person.family_name, person.profession, person.version) == ("Medlem-Hansen", "VP", 2)


# Placement, leave, end, milestones through the pages --------------------------------------------------


def test_the_secretariat_moves_a_member_and_gives_her_a_new_leader_from_a_date(world, client_as):
    membership = monas_membership(world)
    when = today() - dt.timedelta(days=10)
    response = client_as("secretariat").post(
        reverse("registry:membership_placement", args=[membership.pk]),
        {
            "effective_on": iso(when),
            "local_group": world.group_a2.pk,
            "workplace": membership.workplace_id,
            "leader_email": "kjersti.klausen@bergen.example",
            "leader_given_name": "Kjersti",
            "leader_family_name": "Klausen",
            "reason": "Byttet avdeling",
            "version": str(membership.version),
        },
    )
    assert response["Location"] == reverse("registry:person", args=[world.person("member").pk])
    membership = reload(membership)
    assert (membership.local_group, membership.nearest_leader.full_name) == (world.group_a2, "Kjersti Klausen")
    moved = Change.objects.filter(membership=membership, effective_on=when)
    assert set(moved.values_list("kind", flat=True)) == {ChangeKind.LOCAL_GROUP, ChangeKind.NEAREST_LEADER}
    assert set(moved.values_list("reason", flat=True)) == {"Byttet avdeling"}


def test_a_move_dated_before_the_membership_began_is_refused_beside_the_date(world, client_as):
    membership = monas_membership(world)
    response = client_as("secretariat").post(
        reverse("registry:membership_placement", args=[membership.pk]),
        {
            "effective_on": iso(membership.starts_on - dt.timedelta(days=1)),
            "local_group": world.group_a2.pk,
            "workplace": membership.workplace_id,
            "no_leader": "on",
            "reason": "Feilregistrert",
            "version": str(membership.version),
        },
    )
    assert response.status_code == 400
    started = date_format(membership.starts_on, "j. F Y")
    assert errors(response) == {"effective_on": [f"Datoen kan ikke være før medlemskapet startet ({started})."]}
    assert 'value="Feilregistrert"' in response.text
    assert reload(membership).local_group == world.group_a1


def test_a_move_with_missing_or_bad_values_answers_400(world, client_as):
    membership = monas_membership(world)
    response = client_as("secretariat").post(
        reverse("registry:membership_placement", args=[membership.pk]),
        {"effective_on": "2025-02-30", "local_group": "", "workplace": membership.workplace_id, "version": "1"},
    )
    assert response.status_code == 400
    found = errors(response)
    assert (found["effective_on"], found["local_group"]) == ([BAD_DATE], [REQUIRED])


def test_the_secretariat_registers_leave_and_refuses_overlapping_leave(world, client_as):
    membership = monas_membership(world)
    url = reverse("registry:membership_leave", args=[membership.pk])
    secretariat = client_as("secretariat")
    start, end = today(), today() + dt.timedelta(days=30)
    response = secretariat.post(url, {"starts_on": iso(start), "ends_on": iso(end), "version": "1"})
    assert response.status_code == 302
    assert list(Leave.objects.values_list("starts_on", "ends_on")) == [(start, end)]

    response = secretariat.post(url, {"starts_on": iso(end), "ends_on": "", "version": "2"})
    assert response.status_code == 400
    assert errors(response) == {
        "starts_on": [
            f"Permisjonen overlapper en annen permisjon ({long_date(start)} – {long_date(end)}). Velg andre datoer, "
            "eller endre eller avslutt den andre permisjonen først."
        ]
    }
    response = secretariat.post(
        url, {"starts_on": iso(end + dt.timedelta(days=10)), "ends_on": iso(end), "version": "2"}
    )
    assert response.status_code == 400
    assert errors(response) == {"ends_on": ["Permisjonen kan ikke slutte før den begynner."]}
    assert Leave.objects.count() == 1
    group_page = secretariat.get(reverse("registry:group", args=[world.group_a1.pk])).text
    assert "permisjon" in group_page


def test_the_secretariat_ends_a_membership_but_not_before_it_began(world, client_as):
    membership = monas_membership(world)
    url = reverse("registry:membership_end", args=[membership.pk])
    secretariat = client_as("secretariat")
    response = secretariat.post(url, {"ends_on": iso(membership.starts_on - dt.timedelta(days=1)), "version": "1"})
    assert response.status_code == 400
    assert errors(response) == {"ends_on": ["Sluttdatoen kan ikke være før medlemskapet startet."]}
    response = secretariat.post(url, {"ends_on": iso(today()), "reason": "Sluttet i stillingen", "version": "1"})
    assert response.status_code == 302
    assert reload(membership).ends_on == today()
    assert Change.objects.get(membership=membership, kind=ChangeKind.ENDED).reason == "Sluttet i stillingen"


def test_the_secretariat_records_the_intro_course_but_not_ahead_of_time(world, client_as):
    membership = monas_membership(world)
    url = reverse("registry:membership_milestone", args=[membership.pk])
    secretariat = client_as("secretariat")
    response = secretariat.post(url, {"kind": "intro_course", "on": iso(today() + dt.timedelta(days=1))})
    assert response.status_code == 400
    assert errors(response) == {"on": ["Datoen kan ikke være fram i tid."]}
    response = secretariat.post(url, {"kind": "function_description", "on": iso(today())})
    assert response.status_code == 302
    assert reload(membership).function_description_signed_on == today()
    page = secretariat.get(reverse("registry:person", args=[world.person("member").pk])).text
    assert "Funksjonsbeskrivelse signert" in page


# The name list of a group ----------------------------------------------------------------------


def test_the_group_leader_sees_the_name_list_with_phones_and_nearest_leaders(world, client_as):
    page = client_as("group_leader").get(reverse("registry:group", args=[world.group_a1.pk])).text
    for text in ("Mona Medlem", "Løvåsen sykehjem", "member@lindra.example", "555 00 005", "Lars Leder"):
        assert text in page
    assert "Olav Annengruppe" not in page
    assert reverse("registry:group_edit", args=[world.group_a1.pk]) not in page


def test_a_member_sees_names_workplaces_and_email_but_no_phones_or_leaders(world, client_as):
    page = client_as("member").get(reverse("registry:group", args=[world.group_a1.pk])).text
    for text in ("Aina Arrangør", "Årstad hjemmetjeneste", "host@lindra.example", "Mona Medlem"):
        assert text in page
    for text in ("555 00 004", "555 00 005", "Lars Leder", "nearest-leader@lindra.example"):
        assert text not in page
    assert client_as("member").get(reverse("registry:group", args=[world.group_a2.pk])).status_code == 404


def test_the_name_list_on_a_past_date_shows_who_was_there_then(world, client_as):
    secretariat = world.user("secretariat")
    newcomer = f.person("Nils", "Nykommer")
    services.add_member(
        network=world.network_a,
        person=newcomer,
        local_group=world.group_a1,
        workplace=world.workplace,
        nearest_leader=None,
        starts_on=today() - dt.timedelta(days=5),
        by=secretariat,
    )
    services.change_placement(
        monas_membership(world),
        effective_on=today() - dt.timedelta(days=20),
        local_group=world.group_a2,
        by=secretariat,
        expected_version=None,
    )
    url = reverse("registry:group", args=[world.group_a1.pk])
    gunnar = client_as("group_leader")
    then = gunnar.get(url, {"dato": iso(today() - dt.timedelta(days=30))}).text
    now = gunnar.get(url).text
    assert "Mona Medlem" in then and "Nils Nykommer" not in then
    assert "Mona Medlem" not in now and "Nils Nykommer" in now
    assert f"per {long_date(today() - dt.timedelta(days=30))}" in then  # the heading says which day it shows
    assert "per " not in now


def test_the_name_list_downloads_as_a_spreadsheet_with_phones_for_those_who_run_the_group(world, client_as):
    url = reverse("registry:name_list_xlsx", args=[world.group_a1.pk])
    rows = spreadsheet(client_as("group_leader").get(url))
    assert rows == [
        ["Etternavn", "Fornavn", "Arbeidssted", "E-post", "Telefon", "Nærmeste leder", "Leders e-post", "Permisjon"],
        [
            "Arrangør",
            "Aina",
            "Årstad hjemmetjeneste",
            "host@lindra.example",
            "555 00 004",
            "Lars Leder",
            "nearest-leader@lindra.example",
            "",
        ],
        [
            "Medlem",
            "Mona",
            "Løvåsen sykehjem",
            "member@lindra.example",
            "555 00 005",
            "Lars Leder",
            "nearest-leader@lindra.example",
            "",
        ],
    ]
    rows = spreadsheet(client_as("member").get(url))
    assert rows == [
        ["Etternavn", "Fornavn", "Arbeidssted", "E-post"],
        ["Arrangør", "Aina", "Årstad hjemmetjeneste", "host@lindra.example"],
        ["Medlem", "Mona", "Løvåsen sykehjem", "member@lindra.example"],
    ]


def test_the_downloaded_name_list_of_a_past_date_lists_who_was_there_then(world, client_as):
    services.end_membership(
        Membership.objects.get(person=world.person("host")),
        ends_on=today() - dt.timedelta(days=3),
        by=world.user("secretariat"),
        expected_version=None,
    )
    url = reverse("registry:name_list_xlsx", args=[world.group_a1.pk])
    then = spreadsheet(client_as("secretariat").get(url, {"dato": iso(today() - dt.timedelta(days=3))}))
    now = spreadsheet(client_as("secretariat").get(url))
    assert [row[1] for row in then[1:]] == ["Aina", "Mona"]
    assert [row[1] for row in now[1:]] == ["Mona"]


# The member list -------------------------------------------------------------------------------


@pytest.fixture
def many(world):
    """Network A with members across groups, municipalities, professions and statuses."""
    alver = f.municipality("4631", "Alver")
    nordhordland = f.group(world.network_a, "Nordhordland")
    knarvik = f.workplace("Knarvik sjukeheim", municipality=alver)
    secretariat = world.user("secretariat")
    for n in range(1, 8):
        f.membership(
            f.person("Fysio", f"Terapeut{n:02d}", profession=Profession.PHYSIOTHERAPIST),
            nordhordland,
            workplace=knarvik,
        )
    on_leave = f.membership(f.person("Petra", "Permisjon"), world.group_a2, workplace=knarvik)
    services.put_on_leave(on_leave, starts_on=today(), ends_on=None, by=secretariat)
    gone = f.membership(f.person("Gunn", "Gikk"), world.group_a2)
    services.end_membership(gone, ends_on=today() - dt.timedelta(days=1), by=secretariat, expected_version=None)
    return {"alver": alver, "nordhordland": nordhordland}


def names_in(response) -> list[str]:
    assert response.status_code == 200
    return [f"{m.person.given_name} {m.person.family_name}" for m in response.context["page"]]


def test_the_member_list_searches_by_name_email_and_workplace(world, client_as, many):
    url = reverse("registry:members", args=[world.network_a.pk])
    secretariat = client_as("secretariat")
    assert names_in(secretariat.get(url, {"q": "mona"})) == ["Mona Medlem"]
    assert names_in(secretariat.get(url, {"q": "host@lindra"})) == ["Aina Arrangør"]
    assert names_in(secretariat.get(url, {"q": "årstad"})) == ["Olav Annengruppe", "Aina Arrangør"]
    assert names_in(secretariat.get(url, {"q": "ARRANGØR"})) == ["Aina Arrangør"]
    assert names_in(secretariat.get(url, {"q": "Terapeut03 Fysio"})) == ["Fysio Terapeut03"]
    assert names_in(secretariat.get(url, {"q": "ingen slik"})) == []
    # The wildcards of SQL are plain characters in a search: "a_na" is not "Aina".
    assert names_in(secretariat.get(url, {"q": "a_na"})) == []
    assert names_in(secretariat.get(url, {"q": "%"})) == []


def test_the_member_list_filters_by_group_municipality_profession_and_status(world, client_as, many):
    url = reverse("registry:members", args=[world.network_a.pk])
    secretariat = client_as("secretariat")
    assert names_in(secretariat.get(url, {"gruppe": world.group_a1.pk})) == ["Aina Arrangør", "Mona Medlem"]
    assert len(names_in(secretariat.get(url, {"kommune": "4631"}))) == 7  # on leave is not active
    assert len(names_in(secretariat.get(url, {"yrke": "FT"}))) == 7
    assert names_in(secretariat.get(url, {"status": "permisjon"})) == ["Petra Permisjon"]
    assert names_in(secretariat.get(url, {"status": "sluttet"})) == ["Gunn Gikk"]
    assert len(names_in(secretariat.get(url, {"status": "alle"}))) == 12
    assert names_in(secretariat.get(url, {"status": "permisjon", "kommune": "4631", "gruppe": world.group_a2.pk})) == [
        "Petra Permisjon"
    ]
    assert names_in(secretariat.get(url, {"kommune": "4631", "gruppe": world.group_a1.pk})) == []


def test_the_member_list_sorts(world, client_as, many):
    url = reverse("registry:members", args=[world.network_a.pk])
    secretariat = client_as("secretariat")
    by_group = names_in(secretariat.get(url, {"sorter": "gruppe"}))
    assert by_group[:2] == ["Aina Arrangør", "Mona Medlem"]  # Bergen sentrum first, by family name
    assert by_group[2:9] == [f"Fysio Terapeut{n:02d}" for n in range(1, 8)]  # then Nordhordland
    by_workplace = names_in(secretariat.get(url, {"sorter": "arbeidssted"}))
    assert by_workplace[:8] == [*(f"Fysio Terapeut{n:02d}" for n in range(1, 8)), "Mona Medlem"]  # Knarvik, Løvåsen
    assert by_workplace[8:] == ["Olav Annengruppe", "Aina Arrangør"]  # both at Årstad: by family name
    assert names_in(secretariat.get(url, {"sorter": "start"}))[0].startswith("Fysio")
    assert names_in(secretariat.get(url, {"sorter": "tull"})) == names_in(secretariat.get(url))


def test_the_member_list_pages_fifty_at_a_time_and_keeps_the_filters(world, client_as):
    group = f.group(world.network_a, "Store gruppen")
    workplace = f.workplace("Storsenteret")
    for n in range(120):
        f.membership(f.person("Medlem", f"Nummer{n:03d}"), group, workplace=workplace)
    url = reverse("registry:members", args=[world.network_a.pk])
    secretariat = client_as("secretariat")
    first = secretariat.get(url, {"gruppe": group.pk})
    assert len(names_in(first)) == 50
    assert names_in(first)[0] == "Medlem Nummer000"
    assert "Side 1 av 3" in first.text
    assert f"gruppe={group.pk}&amp;side=2" in first.text
    last = secretariat.get(url, {"gruppe": group.pk, "side": "3"})
    assert names_in(last) == [f"Medlem Nummer{n:03d}" for n in range(100, 120)]
    assert names_in(secretariat.get(url, {"gruppe": group.pk, "side": "99"})) == names_in(last)


def test_the_member_list_downloads_what_it_shows_as_a_spreadsheet(world, client_as, many):
    url = reverse("registry:members", args=[world.network_a.pk])
    rows = spreadsheet(client_as("secretariat").get(url, {"gruppe": world.group_a1.pk, "format": "xlsx"}))
    assert rows[0] == [
        "Etternavn",
        "Fornavn",
        "E-post",
        "Telefon",
        "Yrke",
        "Lokalgruppe",
        "Arbeidssted",
        "Kommune",
        "Nærmeste leder",
        "Leders e-post",
        "Startdato",
        "Sluttdato",
        "Permisjon",
    ]
    started = monas_membership(world).starts_on
    assert [row[:10] for row in rows[1:]] == [
        [
            "Arrangør",
            "Aina",
            "host@lindra.example",
            "555 00 004",
            "Sykepleier",
            "Bergen sentrum",
            "Årstad hjemmetjeneste",
            "Bergen",
            "Lars Leder",
            "nearest-leader@lindra.example",
        ],
        [
            "Medlem",
            "Mona",
            "member@lindra.example",
            "555 00 005",
            "Sykepleier",
            "Bergen sentrum",
            "Løvåsen sykehjem",
            "Bergen",
            "Lars Leder",
            "nearest-leader@lindra.example",
        ],
    ]
    assert rows[2][10].date() == started
    assert rows[2][11:] == ["", ""]
    on_leave = spreadsheet(client_as("secretariat").get(url, {"status": "permisjon", "format": "xlsx"}))
    assert [(row[1], row[12]) for row in on_leave[1:]] == [("Petra", "Ja")]


# Query counts do not grow with the data ---------------------------------------------------------------


def queries(client: Client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


def add_members(group: LocalGroup, n: int) -> None:
    for _ in range(n):
        f.membership(f.person(), group, workplace=f.workplace(), nearest_leader=leader())


def test_the_member_list_and_its_download_take_the_same_queries_for_5_and_60_members(world, client_as):
    group = f.group(world.network_a, "Telt gruppe")
    add_members(group, 5)
    client = client_as("secretariat")
    url = reverse("registry:members", args=[world.network_a.pk])
    queries(client, url)  # warm up sessions and caches
    few = queries(client, url), queries(client, url, format="xlsx")
    add_members(group, 55)
    assert (queries(client, url), queries(client, url, format="xlsx")) == few


def test_the_name_list_and_its_download_take_the_same_queries_for_5_and_60_members(world, client_as):
    group = f.group(world.network_a, "Telt gruppe")
    add_members(group, 5)
    client = client_as("secretariat")
    page = reverse("registry:group", args=[group.pk])
    download = reverse("registry:name_list_xlsx", args=[group.pk])
    queries(client, page)
    few = queries(client, page), queries(client, download)
    add_members(group, 55)
    assert (queries(client, page), queries(client, download)) == few


def test_the_member_page_takes_the_same_queries_for_5_and_60_changes(world, client_as):
    membership = monas_membership(world)
    secretariat = world.user("secretariat")
    workplaces = [f.workplace() for _ in range(2)]
    leaders = [leader() for _ in range(2)]

    def change(n: int) -> None:
        services.change_placement(
            membership,
            effective_on=membership.starts_on + dt.timedelta(days=n + 1),
            workplace=workplaces[n % 2],
            nearest_leader=f.person() if n % 3 else leaders[n % 2],
            reason=f"Endring {n}",
            by=secretariat,
            expected_version=None,
        )

    for n in range(2):
        change(n)
    client = client_as("secretariat")
    url = reverse("registry:person", args=[world.person("member").pk])
    queries(client, url)
    few = queries(client, url)
    for n in range(2, 30):
        change(n)
    assert Change.objects.filter(membership=membership).count() > 55
    assert queries(client, url) == few


def test_a_refused_addition_leaves_no_half_made_person_behind(world, client_as):
    # The new person is named as her own nearest leader: refused, and nobody is created.
    typed = add_form(world, leader_email="nora.ny@bergen.example")
    response = client_as("secretariat").post(reverse("registry:add_member", args=[world.network_a.pk]), typed)
    assert response.status_code == 400
    assert errors(response)["leader_email"] == ["En person kan ikke være sin egen nærmeste leder."]
    assert not Person.objects.filter(email="nora.ny@bergen.example").exists()


def test_a_refused_move_leaves_no_new_leader_behind(world, client_as):
    membership = monas_membership(world)
    response = client_as("secretariat").post(
        reverse("registry:membership_placement", args=[membership.pk]),
        {
            "effective_on": iso(membership.starts_on - dt.timedelta(days=1)),
            "local_group": world.group_a2.pk,
            "workplace": membership.workplace_id,
            "leader_email": "kjersti.klausen@bergen.example",
            "leader_given_name": "Kjersti",
            "leader_family_name": "Klausen",
            "version": str(membership.version),
        },
    )
    assert response.status_code == 400
    assert not Person.objects.filter(email="kjersti.klausen@bergen.example").exists()


def test_a_workplace_cannot_be_registered_twice_for_the_same_owner(world, client_as):
    # The owner is typed rather than chosen: it is found, and the duplicate is refused.
    response = client_as("secretariat").post(
        reverse("registry:workplace_new"),
        {"name": "Løvåsen sykehjem", "kind": "sykehjem", "municipality": "4601", "new_organisation": "Bergen kommune"},
    )
    assert response.status_code == 400
    assert errors(response) == {"name": ["Bergen kommune har allerede et arbeidssted som heter Løvåsen sykehjem."]}
    assert Workplace.objects.filter(name="Løvåsen sykehjem").count() == 1
