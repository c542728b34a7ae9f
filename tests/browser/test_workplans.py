"""On a phone: the member drafts her work plan beside the network's year and sends it; her
nearest leader opens the link in the real e-mail, without signing in, and agrees. Every page
is checked with axe-core."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.development.models import WorkPlan
from lindra.meetings.models import CompetenceTopic
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def test_the_member_drafts_and_sends_her_plan_and_the_leader_agrees_by_the_link(
    phone_page: Page, live_server, registry, outbox
):
    page = phone_page
    year = timezone.localdate().year
    CompetenceTopic.objects.create(network=registry.network, title="Smertelindring", description="Kartlegging")
    sign_in(page, live_server.url, registry.email("member"))

    section = page.get_by_role("region", name="Arbeidsplanen din")
    expect(section).to_contain_text(f"Arbeidsplan {year}: ikke påbegynt")
    section.get_by_role("link", name=f"Arbeidsplan {year}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Arbeidsplanen din for {year}")
    expect(page.get_by_role("complementary")).to_contain_text("Smertelindring")
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_label("Mål for året").fill("Bli tryggere på smertelindring.")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_role("status")).to_have_text("Utkastet er lagret.")
    expect(page.get_by_label("Mål for året")).to_have_value("Bli tryggere på smertelindring.")

    # Sending asks for what she will do; what she wrote stays.
    page.get_by_role("button", name="Send til lederen").click()
    expect(page.get_by_role("alert")).to_contain_text("Hva jeg skal gjøre: Skriv dette før du sender planen")
    expect(page.get_by_label("Mål for året")).to_have_value("Bli tryggere på smertelindring.")
    check_accessibility(page)

    page.get_by_label("Hva jeg skal gjøre").fill("Delta på alle møtene og undervise kollegene.")
    page.get_by_role("button", name="Send til lederen").click()
    expect(page.get_by_role("status")).to_contain_text("Planen er sendt til Lars Leder")
    expect(page.get_by_text("Sendt til nærmeste leder", exact=True)).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "work-plan-phone.png", full_page=True)

    # The leader, on a phone, from the e-mail: not signed in.
    [mail] = outbox.to(registry.email("nearest_leader"))
    [link] = re.findall(r"https?://\S+/arbeidsplan/svar/\S+/", mail.text)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Arbeidsplan {year} fra Mona Medlem")
    expect(page.get_by_text("Delta på alle møtene og undervise kollegene.")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    assert WorkPlan.objects.get().status == WorkPlan.Status.SUBMITTED  # opening it recorded nothing
    page.screenshot(path=ARTIFACTS / "work-plan-answer-phone.png", full_page=True)

    page.get_by_role("button", name="Godta planen").click()
    expect(page.get_by_role("status")).to_have_text("Du har godtatt planen. Mona Medlem får beskjed på e-post.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Planen er godtatt")
    expect(page.get_by_role("button", name="Godta planen")).to_have_count(0)
    check_accessibility(page)
    assert WorkPlan.objects.get().status == WorkPlan.Status.AGREED
    [told] = outbox.to(registry.email("member"))
    assert told.subject == f"Arbeidsplanen din for {year} er godtatt"
