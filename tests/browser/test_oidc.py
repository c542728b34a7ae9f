"""Sign-in through OpenID Connect in the browser: the button on the sign-in page, the test
provider's form (tests/oidc_provider), and back into Lindra."""

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lindra.core.models import AuditAction, AuditEvent
from tests import oidc_provider as provider
from tests.browser.conftest import check_accessibility, give_app_code


def _through_the_provider(page, username: str) -> None:
    page.get_by_role("link", name="Logg inn med HelseID").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Test provider")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(provider.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    consent = page.get_by_role("button", name="Authorize")
    if consent.count():  # the first time this user signs in to Lindra at the provider
        consent.click()


def test_a_member_signs_in_with_helseid_and_comes_back_to_the_page_asked(page, live_server, registry, oidc_settings):
    page.goto(f"{live_server.url}/konto/")
    expect(page).to_have_url(re.compile(r"/konto/logg-inn/\?next=/konto/$"))
    check_accessibility(page)
    _through_the_provider(page, "mona")
    expect(page).to_have_url(f"{live_server.url}/konto/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min konto")
    assert AuditEvent.objects.get(action=AuditAction.SIGN_IN).changes == {"method": "oidc"}


def test_the_secretariat_gives_its_code_after_helseid(page, live_server, registry, oidc_settings):
    page.goto(f"{live_server.url}/konto/logg-inn/")
    _through_the_provider(page, "siri")
    expect(page).to_have_url(re.compile(r"/konto/tofaktor/\?next="))
    give_app_code(page, TOTPDevice.objects.get(user__email=registry.email("secretariat")))
    expect(page).to_have_url(f"{live_server.url}/")
