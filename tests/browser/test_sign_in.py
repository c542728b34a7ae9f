"""Signing in and out in the browser: with a password, with an e-mailed link, and failing."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, ROLE_SECTIONS, check_accessibility, sign_in


def test_sign_in_page_signed_out_is_accessible(page, live_server, registry):
    page.goto(f"{live_server.url}/konto/logg-inn/")
    expect(page).to_have_title("Logg inn – Lindra")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Lindra")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_have_count(0)
    check_accessibility(page)

    # The first Tab shows the skip link, and it leads to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til innholdet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    check_accessibility(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_a_page_signed_out_leads_to_sign_in_and_back(page, live_server, registry):
    page.goto(f"{live_server.url}/konto/")
    expect(page).to_have_url(re.compile(r"/konto/logg-inn/\?next=/konto/$"))
    form = page.get_by_role("region", name="Eller logg inn med passord")
    form.get_by_label("E-postadresse").fill(registry.email("member"))
    form.get_by_label("Passord").fill(PASSWORD)
    form.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(f"{live_server.url}/konto/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min konto")


@pytest.mark.parametrize("role", ROLE_SECTIONS)
def test_sign_in_with_password_shows_the_role_and_signs_out(page, live_server, registry, role):
    sign_in(page, live_server.url, registry.email(role))
    person = registry.people[role]
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hei, {person.full_name}")
    expect(page.get_by_role("heading", level=2, name=ROLE_SECTIONS[role])).to_be_visible()
    expect(page.get_by_role("link", name="Forside")).to_have_attribute("aria-current", "page")
    check_accessibility(page)

    # The header's sign-out button keeps its contrast under the mouse.
    sign_out = page.get_by_role("navigation", name="Hovedmeny").get_by_role("button", name="Logg ut")
    sign_out.hover()
    check_accessibility(page)
    sign_out.click()
    expect(page).to_have_url(f"{live_server.url}/konto/logg-inn/")
    expect(page.get_by_role("status")).to_have_text("Du er logget ut.")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_have_count(0)
    check_accessibility(page)

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/konto/logg-inn/\?next=/$"))


def _wait_for_mail(outbox, address: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = outbox.to(address)
        if messages:
            return messages
        time.sleep(0.05)
    raise AssertionError(f"No e-mail to {address} within {timeout} s; the server got {len(outbox.messages)}.")


def test_sign_in_with_an_emailed_link(page, live_server, registry, outbox):
    address = registry.email("member")
    page.goto(f"{live_server.url}/konto/logg-inn/")
    form = page.get_by_role("region", name="Få en innloggingslenke på e-post")
    form.get_by_label("E-postadresse").fill(address.upper())
    form.get_by_role("button", name="Send meg en lenke").click()

    expect(page).to_have_url(f"{live_server.url}/konto/logg-inn/lenke-sendt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    check_accessibility(page)

    [mail] = _wait_for_mail(outbox, address)
    links = re.findall(r"https?://\S+/konto/logg-inn/lenke/\S+/", mail.text)
    assert len(links) == 1, mail.text
    link = links[0]
    assert link.startswith(live_server.url)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Lindra")
    expect(page.get_by_text(f"Du logger inn som {address}.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("main").get_by_role("button", name="Logg inn").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei, Mona Medlem")
    expect(page.get_by_role("heading", level=2, name="Ditt nettverk")).to_be_visible()

    response = page.goto(link)
    assert response is not None and response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("Lenken virker ikke lenger")
    check_accessibility(page)


def test_a_wrong_password_shows_the_error_and_keeps_the_address(page, live_server, registry):
    address = registry.email("member")
    page.goto(f"{live_server.url}/konto/logg-inn/")
    form = page.get_by_role("region", name="Eller logg inn med passord")
    form.get_by_label("E-postadresse").fill(address)
    form.get_by_label("Passord").fill("feil-passord-123")
    form.get_by_role("button", name="Logg inn").click()

    expect(page).to_have_url(f"{live_server.url}/konto/logg-inn/")
    summary = page.get_by_role("alert")
    expect(summary).to_have_count(1)
    expect(summary.get_by_role("heading")).to_have_text("Rett opp dette før du går videre:")
    expect(summary).to_contain_text("Feil e-postadresse eller passord.")
    # The summary belongs to the password form, not to the link form.
    form = page.get_by_role("region", name="Eller logg inn med passord")
    expect(form.get_by_role("alert")).to_contain_text("Feil e-postadresse eller passord.")
    expect(form.get_by_label("E-postadresse")).to_have_value(address)
    expect(form.get_by_label("Passord")).to_have_value("")
    link_form = page.get_by_role("region", name="Få en innloggingslenke på e-post")
    expect(link_form.get_by_label("E-postadresse")).to_have_value("")
    check_accessibility(page)

    # The right password still works after a mistake.
    form.get_by_label("Passord").fill(PASSWORD)
    form.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(f"{live_server.url}/")


def test_an_empty_password_form_ties_each_error_to_its_field(page, live_server, registry):
    page.goto(f"{live_server.url}/konto/logg-inn/")
    form = page.get_by_role("region", name="Eller logg inn med passord")
    form.get_by_role("button", name="Logg inn").click()

    form = page.get_by_role("region", name="Eller logg inn med passord")
    email = form.get_by_label("E-postadresse")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("Feltet er påkrevet.")
    summary = form.get_by_role("alert")
    summary.get_by_role("link", name=re.compile("^E-postadresse")).click()
    expect(email).to_be_focused()
    check_accessibility(page)
