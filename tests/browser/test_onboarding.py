"""Onboarding on a phone: the group leader follows the home page to the new members and what
they miss; the new member accepts the function description by the link in her welcome letter,
without signing in. Every page checked with axe-core."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.development import onboarding
from lindra.development.models import Acceptance, FunctionDescription
from lindra.registry.models import Membership, Person
from lindra.registry.services import record_joined
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen
from tests.development.conftest import pdf_of


def welcome_new_members(registry) -> Membership:
    """Nina (with e-mail) and Olga (without) begin today in the group; the job writes their letters."""
    FunctionDescription.objects.create(
        network=registry.network,
        title="Funksjon og ansvar for ressurssykepleiere",
        pdf=pdf_of("Funksjon og ansvar"),
        filename="funksjonsbeskrivelse.pdf",
        approved_on=timezone.localdate().replace(day=1),
    )
    made = []
    for given, email in (("Nina", "nina.ny@lindra.example"), ("Olga", None)):
        person = Person.objects.create(given_name=given, family_name="Ny", email=email, profession="SP")
        made.append(
            Membership.objects.create(
                person=person,
                network=registry.network,
                local_group=registry.group,
                workplace=registry.workplace,
                nearest_leader=registry.people["nearest_leader"],
                starts_on=timezone.localdate(),
            )
        )
    record_joined(made)
    assert onboarding.send_welcome_letters() == 2
    return made[0]


def test_the_group_leader_sees_on_a_phone_who_is_missing_what(phone_page: Page, live_server, registry, outbox):
    welcome_new_members(registry)
    page = phone_page
    sign_in(page, live_server.url, registry.email("group_leader"))
    page.get_by_role("link", name="2 nye medlemmer mangler noe").click()
    expect(page.get_by_role("heading", name="Nye medlemmer i Bergen sentrum")).to_be_visible()
    nina = page.locator(".ds-card", has_text="Nina Ny")
    expect(nina).to_contain_text("til nina.ny@lindra.example, kopi til leder@lindra.example")
    expect(nina).to_contain_text("Godtatt av medlemmet: mangler")
    olga = page.locator(".ds-card", has_text="Olga Ny")
    expect(olga).to_contain_text("ingen e-postadresse")
    expect(olga.get_by_role("link", name="Skriv ut brevet (PDF)")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)


def test_the_new_member_accepts_by_the_link_in_her_letter_on_a_phone(phone_page: Page, live_server, registry, outbox):
    nina = welcome_new_members(registry)
    [letter] = outbox.to("nina.ny@lindra.example")
    [url] = re.findall(r"https?://\S+/godta/\S+/", letter.text)
    page = phone_page
    page.goto(url)
    expect(page.get_by_role("heading", name="Godta funksjonsbeskrivelsen")).to_be_visible()
    expect(page.get_by_role("link", name="Les funksjonsbeskrivelsen (PDF)")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    assert not Acceptance.objects.exists()  # opening the link recorded nothing

    page.get_by_role("button", name="Jeg godtar funksjonsbeskrivelsen").click()
    expect(page.get_by_role("heading", name="Funksjonsbeskrivelsen er godtatt")).to_be_visible()
    expect(page.get_by_text("Takk! Du har godtatt funksjonsbeskrivelsen.")).to_be_visible()
    check_accessibility(page)
    [accepted] = Acceptance.objects.all()
    assert (accepted.membership, accepted.party) == (nina, "member")
