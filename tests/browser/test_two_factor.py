"""Two-factor sign-in in the browser: the secretariat's first sign-in sets up the app, and
the next sign-in asks for its code."""

import re
import time
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, check_accessibility, give_app_code


def _code_from_key(key: str) -> str:
    totp = TOTP(b32decode(key.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


def _password_form(page, base: str, email: str) -> None:
    page.goto(f"{base}/konto/logg-inn/")
    form = page.get_by_role("region", name="Eller logg inn med passord")
    form.get_by_label("E-postadresse").fill(email)
    form.get_by_label("Passord").fill(PASSWORD)
    form.get_by_role("button", name="Logg inn").click()


def test_the_secretariat_sets_up_the_app_at_the_first_sign_in_and_gives_its_code_the_next_time(
    page, live_server, registry
):
    base = live_server.url
    email = registry.email("secretariat")
    TOTPDevice.objects.filter(user__email=email).delete()  # before two factors were required

    _password_form(page, base, email)
    expect(page).to_have_url(re.compile(r"/konto/tofaktor/sett-opp/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sett opp tofaktorinnlogging")
    qr = page.get_by_role("img", name="QR-kode som legger Lindra til i appen")
    expect(qr).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", qr.element_handle())
    check_accessibility(page)

    # Every other page leads back here until it is done.
    page.goto(f"{base}/konto/")
    expect(page).to_have_url(re.compile(r"/konto/tofaktor/sett-opp/\?next=/konto/$"))

    field = page.get_by_label("Kode fra appen")
    field.fill("12")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.locator("#id_code_error")).to_have_text("Koden har seks sifre, for eksempel 123 456.")
    expect(field).to_have_value("12")
    check_accessibility(page)

    key = page.locator("code.secret-key").inner_text()
    page.get_by_label("Kode fra appen").fill(_code_from_key(key))
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjenopprettingskoder")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    expect(page.get_by_role("link", name="Last ned kodene")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Jeg har tatt vare på kodene").click()
    expect(page).to_have_url(f"{base}/konto/")
    expect(page.get_by_text("På: du logger inn med en kode fra appen i tillegg.")).to_be_visible()

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(f"{base}/konto/logg-inn/")

    _password_form(page, base, email)
    expect(page).to_have_url(re.compile(r"/konto/tofaktor/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kode fra appen")
    check_accessibility(page)
    page.get_by_label("Kode", exact=True).fill("000000")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("#id_code_error")).to_have_text("Koden stemmer ikke. Prøv igjen med koden appen viser nå.")
    check_accessibility(page)
    give_app_code(page, TOTPDevice.objects.get(user__email=email))
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hei, {registry.people['secretariat'].full_name}")
