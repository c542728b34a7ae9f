"""In Chromium: the secretariat makes an API token on its page and copies it from where it is
shown once; the API's description is browsable in Swagger UI under the Content-Security-Policy,
and a call made from it with the token answers."""

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import check_accessibility, csp_violations, sign_in


def test_the_secretariat_makes_a_token_and_browses_the_description(page: Page, live_server, registry):
    base = live_server.url
    sign_in(page, base, registry.email("secretariat"))
    page.goto(f"{base}/nettverk/{registry.network.pk}/")
    page.get_by_role("link", name="API-nøkler").click()
    check_accessibility(page)
    page.get_by_role("textbox", name="Navn").fill("Den regionale nettsiden")
    page.get_by_label("Nettverk og lokalgrupper").check()
    page.get_by_role("button", name="Lag nøkkelen").click()
    expect(page.get_by_role("heading", name="Ny API-nøkkel: Den regionale nettsiden")).to_be_visible()
    check_accessibility(page)
    token = page.locator("code.secret-key").inner_text()
    assert re.fullmatch(r"lindra_[0-9a-f]{16}_[\w-]{43}", token)
    page.get_by_role("link", name="Jeg har tatt vare på nøkkelen").click()
    expect(page.get_by_role("cell", name="Aldri")).to_be_visible()

    page.get_by_role("link", name="Beskrivelsen av API-et").click()
    expect(page).to_have_url(f"{base}/api/v1/dokumentasjon/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Lindra")
    expect(page.get_by_text("/api/v1/nettverk/{network_id}/navneliste", exact=True)).to_be_visible()
    # Try it out from the page, with the token: the call answers with the network.
    page.get_by_role("button", name=re.compile("Authorize")).first.click()
    page.locator(".modal-ux input").fill(token)
    page.locator(".modal-ux button.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    operation = page.locator("#operations-default-networks")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status").first).to_contain_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text(registry.network.name)
    assert csp_violations(page) == []
