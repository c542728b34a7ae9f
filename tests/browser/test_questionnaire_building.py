"""On a phone: the secretariat makes this year's questionnaire from the standard one with one
click, adds a question shown only after a given answer, sets a reminder, and is told beside the
field when a condition names no choice. Every page is checked with axe-core."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.annual.models import Question
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def test_the_secretariat_builds_the_questionnaire_on_a_phone(phone_page: Page, live_server, registry):
    page = phone_page
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.get_by_role("link", name="Spørreskjemaene i KLB Vestland").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Årlig rapportering")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Lag spørreskjemaet").click()
    expect(page.get_by_role("status")).to_contain_text("Spørreskjemaet er laget.")
    expect(page.get_by_role("heading", level=3, name="1. Nettverksmøter og fagdag")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_role("link", name="Legg til spørsmål").last.click()
    page.get_by_label("Spørsmål", exact=True).fill("Hva tok du med deg fra fagdagen?")
    page.get_by_label("Fritekst").check()
    page.get_by_label("Vis bare etter svar på").select_option(label="Deltok du på fagdagen?")
    page.get_by_label("Svaret som viser spørsmålet").fill("Kanskje")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv ett av svaralternativene til spørsmålet: Ja, Nei.")
    expect(page.get_by_label("Spørsmål", exact=True)).to_have_value("Hva tok du med deg fra fagdagen?")
    check_accessibility(page)
    assert_fits_the_screen(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "questionnaire-question-phone.png", full_page=True)
    page.get_by_label("Svaret som viser spørsmålet").fill("Ja")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("Spørsmålet er lagret.")
    expect(page.get_by_text("Vises bare etter svaret «Ja» på «Deltok du på fagdagen?».")).to_be_visible()
    assert Question.objects.get(text="Hva tok du med deg fra fagdagen?").shown_if.text == "Deltok du på fagdagen?"

    page.get_by_role("link", name="Endre innstillinger og påminnelser").click()
    page.get_by_label("Påminnelse 1").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    check_accessibility(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_contain_text("Innstillingene er lagret.")
    expect(page.get_by_text("Påminnelser:")).to_be_visible()
