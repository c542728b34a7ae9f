"""The operations group's leader writes her report to the steering group on a phone: from the
network page to a new report, saved as a draft with the period's figures, then sent. Every page
visited is checked with axe-core."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from lindra.annual.models import SteeringReport
from lindra.mail.models import OutboxMessage
from lindra.registry.models import Committee, Person, Term
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def test_the_operations_leader_drafts_and_sends_a_report_on_a_phone(phone_page, live_server, registry):
    page, base = phone_page, live_server.url
    started = timezone.localdate() - dt.timedelta(days=400)
    ulla = registry.people["committee_member"]
    Term.objects.create(
        person=ulla,
        kind=Term.Kind.COMMITTEE_LEADER,
        network=registry.network,
        committee=registry.committee,
        starts_on=started,
    )
    steering = Committee.objects.create(network=registry.network, name="Styringsgruppen", kind=Committee.Kind.STEERING)
    stine = Person.objects.create(given_name="Stine", family_name="Styre", email="stine@lindra.example")
    Term.objects.create(
        person=stine, kind=Term.Kind.COMMITTEE_LEADER, network=registry.network, committee=steering, starts_on=started
    )

    sign_in(page, base, registry.email("committee_member"))
    page.goto(f"{base}/nettverk/{registry.network.pk}/")
    page.get_by_role("link", name="Rapporter til styringsgruppen").click()
    check_accessibility(page)
    page.get_by_role("link", name="Skriv en ny rapport").click()
    expect(page.get_by_role("heading", name="Ny rapport til styringsgruppen")).to_be_visible()
    expect(page.get_by_text("Stine Styre (stine@lindra.example)")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_label("Til").fill("2020-01-01")
    page.get_by_label("Rapport").fill("Alle gruppene har holdt møtene sine.")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Perioden må slutte etter at den begynner.").first).to_be_visible()
    expect(page.get_by_label("Rapport")).to_have_value("Alle gruppene har holdt møtene sine.")
    check_accessibility(page)

    start, end = timezone.localdate().replace(month=1, day=1), timezone.localdate()
    page.get_by_label("Fra").fill(start.isoformat())
    page.get_by_label("Til").fill(end.isoformat())
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()
    expect(page.get_by_role("table", name="Tall per lokalgruppe")).to_contain_text("Bergen sentrum")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "steering-report-draft-phone.png", full_page=True)
    check_accessibility(page)
    assert_fits_the_screen(page)

    page.get_by_role("button", name="Send til styringsgruppen").click()
    expect(page.get_by_text("Rapporten er sendt til styringsgruppen og sekretariatet.")).to_be_visible()
    expect(page.get_by_text("Tallene er slik de var da rapporten ble sendt")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "steering-report-sent-phone.png", full_page=True)
    check_accessibility(page)
    assert_fits_the_screen(page)
    report = SteeringReport.objects.get()
    assert report.status == SteeringReport.Status.SENT and report.figures is not None
    assert sorted(a for m in OutboxMessage.objects.filter(kind="steering_report") for a in m.to) == [
        "sekretariat@klb-vestland.example",
        "stine@lindra.example",
    ]
