"""The annual report in Chromium: on a phone the secretariat writes a section, makes the PDF
and watches it being made; on a desktop the committee reads the report with its charts and
their tables. Every page checked with axe-core and for fitting the screen."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from lindra.annual.models import ReportDispatch, ReportRender, ReportText
from lindra.meetings.models import Meeting, Registration
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

LAST_YEAR = timezone.localdate().year - 1


def held_last_year(registry) -> None:
    for month in (3, 6, 10):
        starts = timezone.make_aware(dt.datetime(LAST_YEAR, month, 10, 12))
        meeting = Meeting.objects.create(
            network=registry.network,
            local_group=registry.group,
            title=f"Nettverksmøte {month}",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4),
            attendance_recorded_at=starts + dt.timedelta(hours=4),
        )
        Registration.objects.create(
            meeting=meeting, person=registry.people["member"], attendance=Registration.Attendance.PRESENT
        )


def test_the_secretariat_writes_and_makes_the_pdf_on_a_phone(registry, phone_page, live_server):
    page = phone_page
    held_last_year(registry)
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/arsrapport/{LAST_YEAR}/")
    expect(page.get_by_role("heading", name=f"Årsrapport {LAST_YEAR}", exact=True)).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "annual-report-phone.png", full_page=True)

    page.get_by_role("link", name="Skriv «kort historikk, forankring og formål»").click()
    check_accessibility(page)
    page.screenshot(path=ARTIFACTS / "annual-report-text-phone.png", full_page=True)
    page.get_by_label("Tekst").fill("Nettverket ble startet i 2010.")
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_text("Teksten er lagret som utkast.")).to_be_visible()
    expect(page.get_by_text("Nettverket ble startet i 2010.")).to_be_visible()
    assert ReportText.objects.get().number == 1

    page.get_by_role("button", name="Lag PDF").click()
    expect(page.get_by_text("PDF-en er ferdig.")).to_be_visible()
    check_accessibility(page)
    assert ReportRender.objects.get().finished_at is not None

    # The list of recipients: a wrong address first, then the collaboration committee.
    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/arsrapport-mottakere/")
    check_accessibility(page)
    page.get_by_label("Navn").fill("Samarbeidsutvalget")
    page.get_by_label("E-postadresse").fill("ikke-en-adresse")
    page.get_by_role("button", name="Legg til").click()
    check_accessibility(page)
    expect(page.get_by_label("Navn")).to_have_value("Samarbeidsutvalget")
    page.get_by_label("E-postadresse").fill("su@helse.example")
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_text("Samarbeidsutvalget er lagt til på listen.")).to_be_visible()
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "annual-report-recipients-phone.png", full_page=True)

    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/arsrapport/{LAST_YEAR}/send/")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "annual-report-send-phone.png", full_page=True)
    page.get_by_role("button", name="Send rapporten").click()
    expect(page.get_by_text("Rapporten sendes nå til 1 mottaker.")).to_be_visible()
    assert ReportDispatch.objects.get().count == 1


def test_the_committee_reads_the_report_with_its_charts_on_a_desktop(registry, page, live_server):
    held_last_year(registry)
    sign_in(page, live_server.url, registry.email("committee_member"))
    page.goto(f"{live_server.url}/nettverk/{registry.network.pk}/arsrapport/{LAST_YEAR}/")
    expect(
        page.get_by_role("img", name="Diagram: Møter holdt per lokalt nettverk mot kravet", exact=False)
    ).to_be_visible()
    page.get_by_text("Tallene i diagrammet").first.click()
    expect(
        page.get_by_role("region", name="Tallene i diagrammet Møter holdt per lokalt nettverk mot kravet")
    ).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "annual-report-desktop.png", full_page=True)
    expect(page.get_by_role("button", name="Lag PDF")).to_have_count(0)
