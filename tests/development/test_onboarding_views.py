"""Onboarding's pages as each role meets them: the secretariat's welcome letter and function
descriptions, the new members and what they miss, and accepting the function description
signed in or by the signed link (a GET records nothing, only the button does)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.development import onboarding
from lindra.development.models import Acceptance, FunctionDescription, WelcomeLetter, WelcomeLetterTemplate
from lindra.registry.models import Membership
from tests import factories as f
from tests.development.conftest import description, new_member, pdf_of

pytestmark = pytest.mark.django_db


def page(client, name: str, *args, data=None, **kwargs):
    url = reverse(name, args=args)
    return client.post(url, data, **kwargs) if data is not None else client.get(url)


def mona(world) -> Membership:
    return Membership.objects.get(person=world.person("member"))


# --- The welcome letter template -------------------------------------------------------------------


def test_the_secretariat_starts_from_lindras_text_and_saves_its_own(world, client_as):
    client = client_as("secretariat")
    response = page(client, "development:welcome_template", world.network_a.pk)
    assert response.status_code == 200
    assert "Dere bruker Lindras standardtekst." in response.text
    assert "Introduksjonskurset er obligatorisk for alle nye. {{ introduksjonskurs }}" in response.text
    assert "Neste møte i lokalgruppen" in response.text  # the variables are listed beside it
    body = "Hei {{ fornavn }}! Velkommen til {{ lokalgruppe }}."
    response = page(client, "development:welcome_template", world.network_a.pk, data={"body": body, "version": 0})
    assert response.status_code == 302
    assert WelcomeLetterTemplate.objects.get(network=world.network_a).body == body
    response = client.get(response["Location"])
    assert "Velkomstbrevet er lagret." in response.text
    assert "Nettverkets egen tekst, sist lagret" in response.text


def test_two_secretaries_saving_at_once_the_second_is_told_and_keeps_what_she_typed(world, client_as):
    first, second = client_as("secretariat"), client_as("superuser")
    url = reverse("development:welcome_template", args=[world.network_a.pk])
    assert first.post(url, {"body": "Først", "version": 0}).status_code == 302
    response = second.post(url, {"body": "Min egen tekst", "version": 0})
    assert response.status_code == 400
    assert "Noen andre har lagret velkomstbrevet mens du skrev" in response.text
    assert "Min egen tekst" in response.text
    assert WelcomeLetterTemplate.objects.get().body == "Først"
    # Having seen it, she saves again on purpose.
    assert second.post(url, {"body": "Min egen tekst", "version": 1}).status_code == 302
    assert WelcomeLetterTemplate.objects.get().body == "Min egen tekst"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("Hei {{ fornvan }} og {{ gruppe }}", "flettekoder Lindra ikke kjenner: {{ fornvan }}, {{ gruppe }}"),
        ("", "Skriv teksten i velkomstbrevet."),
    ],
)
def test_a_text_with_unknown_codes_or_none_is_refused_with_the_reason(world, client_as, body, error):
    response = page(
        client_as("secretariat"), "development:welcome_template", world.network_a.pk, data={"body": body, "version": 0}
    )
    assert response.status_code == 400
    assert error in response.text
    assert not WelcomeLetterTemplate.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("committee_member", 403), ("other_secretariat", 404)])
def test_only_the_networks_secretariat_saves_the_letter(world, client_as, role, status):
    response = page(
        client_as(role), "development:welcome_template", world.network_a.pk, data={"body": "x", "version": 0}
    )
    assert response.status_code == status
    assert not WelcomeLetterTemplate.objects.exists()


# --- Function descriptions -------------------------------------------------------------------------


def upload(client, world, name="funksjon.pdf", content=None, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"profession": "", "title": "Funksjon og ansvar", "approved_on": "2025-04-01", **fields}
    data["pdf"] = SimpleUploadedFile(name, pdf_of("Funksjon") if content is None else content, "application/pdf")
    return page(client, "development:function_descriptions", world.network_a.pk, data=data)


def test_the_secretariat_uploads_a_description_and_sees_it_in_use_with_its_date(world, client_as):
    client = client_as("secretariat")
    response = upload(client, world, profession="SP", title="For ressurssykepleiere")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert "«For ressurssykepleiere» er lastet opp." in response.text
    assert "Sykepleier" in response.text and "1. april 2025" in response.text and "i bruk" in response.text
    uploaded = FunctionDescription.objects.get()
    assert (uploaded.filename, uploaded.profession) == ("funksjon.pdf", "SP")
    download = page(client_as("member"), "development:function_description_pdf", uploaded.pk)
    assert download["Content-Type"] == "application/pdf"
    assert download.content == pdf_of("Funksjon")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"name": "funksjon.docx"}, "Filen må være en PDF med endelsen .pdf."),
        ({"content": b"Dette er ikke en PDF"}, "Filen heter .pdf, men er ikke en hel PDF."),
        ({"approved_on": "2099-01-01"}, "Datoen den ble godkjent kan ikke være fram i tid."),
        ({"approved_on": "1. april"}, "Oppgi en gyldig dato."),
        ({"title": ""}, "Skriv tittelen på funksjonsbeskrivelsen."),
    ],
)
def test_a_bad_upload_is_refused_in_norwegian_and_keeps_what_was_typed(world, client_as, fields, error):
    response = upload(client_as("secretariat"), world, **{"title": "Min tittel", **fields})
    assert response.status_code == 400
    assert error in response.text
    if fields.get("title") != "":
        assert 'value="Min tittel"' in response.text
    assert not FunctionDescription.objects.exists()


def test_a_description_is_read_by_the_network_and_by_no_one_outside_it(world, client_as, the_description):
    for role in ("member", "nearest_leader", "group_leader", "other_member", "committee_member"):
        assert page(client_as(role), "development:function_description_pdf", the_description.pk).status_code == 200
    assert (
        page(client_as("other_secretariat"), "development:function_description_pdf", the_description.pk).status_code
        == 404
    )
    response = upload(client_as("other_secretariat"), world)
    assert response.status_code == 404


# --- The new members and what they miss -------------------------------------------------------------


def welcomed(world, **kwargs) -> Membership:
    membership = new_member(world, starts_on=timezone.localdate(), **kwargs)
    onboarding.send_welcome_letters()
    return membership


def test_the_group_leader_sees_who_got_the_letter_and_who_must_have_it_printed(world, client_as, the_description):
    nina = welcomed(world)
    olga = f.membership(f.person("Olga", "Utenpost"), world.group_a1, starts_on=timezone.localdate())
    olga.person.email = None
    olga.person.save(update_fields=["email"])
    onboarding.send_welcome_letters()
    onboarding.accept(nina, Acceptance.Party.MEMBER, nina.person)

    client = client_as("group_leader")
    response = page(client, "development:group_onboarding", world.group_a1.pk)
    assert response.status_code == 200
    text = response.text
    assert "Nye medlemmer i Bergen sentrum" in text
    assert "Nina Ny" in text and "Olga Utenpost" in text
    assert "til nina.ny@lindra.example" in text and "kopi til nearest-leader@lindra.example" in text
    assert "ingen e-postadresse" in text
    printable = reverse("development:welcome_letter_pdf", args=[olga.pk])
    assert printable in text
    assert "ingen nærmeste leder registrert" in text  # Olga has none
    assert "Mona Medlem" not in text  # she began long ago
    pdf = client.get(printable)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_the_secretariat_sees_the_new_members_of_every_group(world, client_as, the_description):
    welcomed(world)
    f.membership(f.person("Per", "Annen"), world.group_a2, starts_on=timezone.localdate())
    response = page(client_as("secretariat"), "development:network_onboarding", world.network_a.pk)
    assert "Nina Ny" in response.text and "Per Annen" in response.text and "Åsane" in response.text
    assert "ikke sendt" in response.text  # Per's letter is not written yet


@pytest.mark.parametrize("role", ["host", "member", "committee_member"])
def test_those_who_only_see_the_group_are_refused_its_onboarding(world, client_as, role):
    assert page(client_as(role), "development:group_onboarding", world.group_a1.pk).status_code == 403


def onboarding_queries(client, name: str, pk: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name, args=[pk])).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("name", "where"), [("development:group_onboarding", "group_a1"), ("development:network_onboarding", "network_a")]
)
def test_the_onboarding_pages_run_as_many_queries_for_many_new_members_as_for_one(
    world, client_as, the_description, name, where
):
    client = client_as("secretariat")
    pk = getattr(world, where).pk
    welcomed(world)
    one = onboarding_queries(client, name, pk)
    for n in range(6):
        member = f.membership(f.person(f"Ny{n}"), world.group_a1, nearest_leader=world.person("nearest_leader"))
        Membership.objects.filter(pk=member.pk).update(starts_on=timezone.localdate())
        onboarding.accept(member, Acceptance.Party.LEADER, world.person("nearest_leader"))
    onboarding.send_welcome_letters()
    assert onboarding_queries(client, name, pk) == one


# --- Accepting the function description --------------------------------------------------------------


def test_mona_accepts_signed_in_and_the_page_says_when(world, client_as, the_description):
    client = client_as("member")
    url = reverse("development:acceptance", args=[mona(world).pk])
    response = client.get(url)
    assert "Godta funksjonsbeskrivelsen" in response.text
    assert "Funksjon og ansvar for ressurssykepleiere" in response.text
    assert not Acceptance.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    response = client.get(url)
    assert "Takk! Du har godtatt funksjonsbeskrivelsen." in response.text
    assert "Funksjonsbeskrivelsen er godtatt" in response.text and "Du godtok den" in response.text
    [accepted] = Acceptance.objects.all()
    assert (accepted.party, accepted.person, accepted.function_description) == (
        "member",
        world.person("member"),
        the_description,
    )


def test_when_member_and_leader_have_both_accepted_the_registry_has_it_signed(world, client_as, the_description):
    url = reverse("development:acceptance", args=[mona(world).pk])
    client_as("member").post(url)
    assert mona(world).function_description_signed_on is None
    response = client_as("nearest_leader").post(url)
    assert response.status_code == 302
    assert mona(world).function_description_signed_on == timezone.localdate()
    assert set(Acceptance.objects.values_list("party", "person")) == {
        ("member", world.person("member").pk),
        ("leader", world.person("nearest_leader").pk),
    }


def test_the_group_leader_sees_who_accepted_but_cannot_accept_for_them(world, client_as, the_description):
    url = reverse("development:acceptance", args=[mona(world).pk])
    client = client_as("group_leader")
    response = client.get(url)
    assert response.status_code == 200
    assert "Hvem har godtatt" in response.text and "Jeg godtar" not in response.text
    assert client.post(url).status_code == 403
    assert not Acceptance.objects.exists()


def test_there_is_nothing_to_accept_before_the_network_has_a_description(world, client_as):
    url = reverse("development:acceptance", args=[mona(world).pk])
    response = client_as("member").post(url)
    assert response.status_code == 400
    assert "Nettverket har ikke lagt inn funksjonsbeskrivelsen ennå." in response.text
    assert not Acceptance.objects.exists()


def test_opening_the_link_records_nothing_and_only_the_button_does(world, visitor, the_description):
    membership = mona(world)
    url = onboarding.link_for(membership, "leader").removeprefix("http://127.0.0.1:8000")
    response = visitor.get(url)
    assert response.status_code == 200
    assert "Jeg godtar funksjonsbeskrivelsen som nærmeste leder" in response.text
    assert "Som nærmeste leder for Mona Medlem" in response.text
    pdf = visitor.get(url + "funksjonsbeskrivelse.pdf")
    assert pdf.content == bytes(the_description.pdf)
    assert not Acceptance.objects.exists()

    assert visitor.post(url).status_code == 302
    [accepted] = Acceptance.objects.all()
    assert (accepted.party, accepted.person) == ("leader", world.person("nearest_leader"))
    response = visitor.get(url)
    assert "Funksjonsbeskrivelsen er godtatt" in response.text and "Du godtok den" in response.text
    assert visitor.post(url).status_code == 302  # a second press changes nothing
    assert Acceptance.objects.count() == 1


@pytest.mark.parametrize("damage", [lambda t: t[:-3] + "abc", lambda t: "ikke-en-lenke", lambda t: t[5:]])
def test_a_forged_or_damaged_link_is_404_and_says_why(world, visitor, the_description, damage):
    token = onboarding.token_for(mona(world), "member")
    response = visitor.post(reverse("development:accept_link", args=[damage(token)]))
    assert response.status_code == 404
    assert "Lenken er ikke gyldig" in response.text
    assert "ingenting er registrert" in response.text
    assert not Acceptance.objects.exists()


def test_a_leaders_link_stops_working_when_the_member_gets_another_leader(world, visitor, the_description):
    membership = mona(world)
    url = reverse("development:accept_link", args=[onboarding.token_for(membership, "leader")])
    Membership.objects.filter(pk=membership.pk).update(nearest_leader=f.person("Nils", "Nyleder"))
    response = visitor.post(url)
    assert response.status_code == 410
    assert "Lenken gjelder ikke lenger" in response.text
    assert "Lars Leder" in response.text and "har fått en annen nærmeste leder" in response.text
    assert not Acceptance.objects.exists()


# --- The home page ----------------------------------------------------------------------------------


def test_the_home_pages_say_what_waits_on_each(world, client_as, the_description):
    welcomed(world)
    home = reverse("home:home")
    assert "1 nytt medlem mangler noe" in client_as("group_leader").get(home).text
    assert "Godta funksjonsbeskrivelsen" in client_as("member").get(home).text
    leader_home = client_as("nearest_leader").get(home).text
    assert "Godta funksjonsbeskrivelsen for Mona Medlem" in leader_home
    assert "Godta funksjonsbeskrivelsen for Nina Ny" in leader_home

    client_as("member").post(reverse("development:acceptance", args=[mona(world).pk]))
    assert "Godta funksjonsbeskrivelsen" not in client_as("member").get(home).text


def test_nothing_waits_on_anyone_before_the_network_has_a_description(world, client_as):
    home = reverse("home:home")
    assert "Godta funksjonsbeskrivelsen" not in client_as("member").get(home).text
    assert "Godta funksjonsbeskrivelsen" not in client_as("nearest_leader").get(home).text


def home_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home:home"))
    return len(captured)


@pytest.mark.parametrize("role", ["group_leader", "nearest_leader", "member"])
def test_the_home_page_runs_as_many_queries_with_many_new_members_as_with_one(world, client_as, the_description, role):
    client = client_as(role)
    welcomed(world)
    one = home_queries(client)
    for n in range(5):
        member = f.membership(f.person(f"Ny{n}"), world.group_a1, nearest_leader=world.person("nearest_leader"))
        Membership.objects.filter(pk=member.pk).update(starts_on=timezone.localdate() - dt.timedelta(days=n))
    description(world.network_a, profession="FT", title="Fysio")
    assert home_queries(client) == one
    assert WelcomeLetter.objects.count() == 1


def test_the_secretariats_home_leads_through_the_network_to_its_new_members_and_competence(world, client_as):
    network_url = reverse("registry:network", args=[world.network_a.pk])
    assert f'href="{network_url}"' in client_as("secretariat").get(reverse("home:home")).text
    page = client_as("secretariat").get(network_url).text
    for name in ("development:network_onboarding", "development:network_competence"):
        url = reverse(name, args=[world.network_a.pk])
        assert f'href="{url}"' in page
        assert client_as("secretariat").get(url).status_code == 200
