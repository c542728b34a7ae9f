"""In Chromium, the main pages of several roles break no rule of the Content-Security-Policy:
home pages, the network page, the group page with its print button, a meeting page, the
annual report with its charts, the questionnaire's answer page and its results."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.annual import questionnaires
from tests.annual.questionnaire_setup import fill
from tests.browser.conftest import ARTIFACTS, csp_violations, sign_in
from tests.browser.test_annual_report import LAST_YEAR, held_last_year


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert csp_violations(page) == [], url


def test_the_policy_is_heard_when_it_refuses_something(page, live_server, registry):
    """The listeners work: an inline style set by a script is refused and recorded."""
    sign_in(page, live_server.url, registry.email("member"))
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("style-src" in v for v in csp_violations(page))
    page.lindra_csp_console.clear()  # this test's own violation is no fault of a page


def test_the_secretariat_s_pages_keep_to_the_policy(page, live_server, registry):
    base = live_server.url
    held_last_year(registry)
    sign_in(page, base, registry.email("secretariat"))
    visit(page, f"{base}/")
    visit(page, f"{base}/nettverk/{registry.network.pk}/")
    visit(page, f"{base}/grupper/{registry.group.pk}/")
    # The print button works without an inline handler.
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Skriv ut").click()
    assert page.evaluate("window.__printed === true")
    visit(page, f"{base}/moter/{registry.meeting.pk}/")
    visit(page, f"{base}/personer/{registry.people['member'].pk}/")
    visit(page, f"{base}/nettverk/{registry.network.pk}/arsrapport/{LAST_YEAR}/")
    chart = page.get_by_role("img", name="Diagram: Møter holdt per lokalt nettverk mot kravet", exact=False)
    expect(chart).to_be_visible()
    # The chart is drawn (its own styles apply inside the image): it has a size and is not blank.
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    ARTIFACTS.mkdir(exist_ok=True)
    chart.screenshot(path=ARTIFACTS / "csp-report-chart.png")
    assert csp_violations(page) == []


def test_the_other_roles_pages_keep_to_the_policy(page, live_server, registry):
    base = live_server.url
    for role in ("group_leader", "host", "member", "nearest_leader", "committee_member"):
        page.context.clear_cookies()
        sign_in(page, base, registry.email(role))
        assert csp_violations(page) == [], role
        if role in ("group_leader", "member", "host"):
            visit(page, f"{base}/grupper/{registry.group.pk}/")
            visit(page, f"{base}/moter/{registry.meeting.pk}/")


def test_the_questionnaire_pages_keep_to_the_policy(page, live_server, registry, outbox):
    today = timezone.localdate()
    questionnaire = questionnaires.create_questionnaire(
        registry.network,
        year=today.year,
        title="Årlig rapportering",
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
        start=questionnaires.STANDARD,
        by=registry.people["secretariat"].user,
    )
    questionnaires.open_questionnaires()
    [mail] = outbox.to(registry.email("member"))
    [link] = re.findall(r"https?://\S+/sporreskjema/svar/\S+/", mail.text)
    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Årlig rapportering")
    # The page's script (show a question after the answer it follows) runs.
    page.get_by_role("button", name=re.compile("Lagre")).first.click()
    page.wait_for_load_state("load")
    assert csp_violations(page) == []

    fill(questionnaire, 6, local_group=registry.group)
    sign_in(page, live_server.url, registry.email("secretariat"))
    visit(page, live_server.url + reverse("annual:questionnaire_results", args=[questionnaire.pk]))
    charts = page.locator(".chart img")
    expect(charts.first).to_be_visible()
    assert charts.first.evaluate("img => img.complete && img.naturalWidth > 0")
    charts.first.screenshot(path=ARTIFACTS / "csp-questionnaire-chart.png")
