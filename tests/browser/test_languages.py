"""The language in Chromium: a visitor switches the sign-in page with its buttons (no script
needed), and a member chooses hers on "Min konto"; every page after is in that language."""

from playwright.sync_api import Page, expect

from lindra.accounts.models import User
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen
from tests.test_languages import SAVED_IN, SIGN_IN_HEADING_IN, SKIP_LINK_IN


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"languages-{name}.png", full_page=True)


def test_a_visitor_switches_the_sign_in_page_between_the_three_languages(page, phone_page, live_server, registry):
    for tab, device in ((page, "desktop"), (phone_page, "phone")):
        tab.goto(f"{live_server.url}/konto/logg-inn/")
        switcher = tab.get_by_role("form", name="Språk")
        expect(switcher.get_by_role("button", name="Norsk bokmål")).to_have_attribute("aria-pressed", "true")
        for language, name in (("nn", "Norsk nynorsk"), ("en", "English"), ("nb", "Norsk bokmål")):
            # The form's name changes with the page's language; each button keeps its own.
            tab.get_by_role("button", name=name).click()
            expect(tab).to_have_url(f"{live_server.url}/konto/logg-inn/")
            expect(tab.locator("html")).to_have_attribute("lang", language)
            expect(tab.get_by_role("heading", level=2, name=SIGN_IN_HEADING_IN[language])).to_be_visible()
            expect(tab.get_by_role("button", name=name)).to_have_attribute("aria-pressed", "true")
            check_accessibility(tab)
            assert_fits_the_screen(tab)
            screenshot(tab, f"sign-in-{language}-{device}")


def test_the_member_chooses_her_language_on_her_account_page(page, live_server, registry):
    sign_in(page, live_server.url, registry.email("member"))
    for language in ("nn", "en"):
        page.goto(f"{live_server.url}/konto/")
        page.get_by_role("combobox", name="Språket ditt").select_option(language)
        page.get_by_role("button", name="Lagre språk").click()
        expect(page).to_have_url(f"{live_server.url}/konto/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("status")).to_have_text(SAVED_IN[language])
        assert User.objects.get(email=registry.email("member")).language == language
        check_accessibility(page)
        screenshot(page, f"account-{language}")
        page.goto(f"{live_server.url}/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("link", name=SKIP_LINK_IN[language])).to_have_count(1)
        screenshot(page, f"home-{language}")
