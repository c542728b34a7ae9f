"""On a phone: Mona reports back from a meeting she attended and records a day of hospitering;
Lars, her nearest leader, confirms it from the link in his e-mail without signing in. Every
page checked with axe-core."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from lindra.development.models import CompetenceActivity, ReportBack
from lindra.meetings.models import Meeting, Registration
from tests.browser.conftest import ARTIFACTS, PHONE_OPTIONS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def held_last_week(registry) -> Meeting:
    starts = timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=7), dt.time(12)))
    meeting = Meeting.objects.create(
        network=registry.network,
        local_group=registry.group,
        title="Nettverksmøte om munnstell",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        host=registry.people["host"],
    )
    Registration.objects.create(
        meeting=meeting, person=registry.people["member"], attendance=Registration.Attendance.PRESENT
    )
    return meeting


def test_the_member_reports_back_and_records_an_activity_that_the_leader_confirms(
    registry, phone_page, live_server, browser, outbox
):
    page = phone_page
    held_last_week(registry)
    sign_in(page, live_server.url, registry.email("member"))
    check_accessibility(page)

    # Reporting back, asked on the home page.
    expect(page.get_by_text("Har du gitt referat fra Nettverksmøte om munnstell")).to_be_visible()
    page.get_by_role("link", name="Registrer referat fra Nettverksmøte om munnstell").click()
    check_accessibility(page)
    page.get_by_label("Når ga du referat?").fill((timezone.localdate() - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Nærmeste leder").check()
    page.get_by_label("Kolleger").check()
    page.get_by_label("Hvordan?").fill("På personalmøtet")
    page.get_by_role("button", name="Lagre referatet").click()
    expect(page.get_by_text("Referatet fra Nettverksmøte om munnstell er registrert")).to_be_visible()
    expect(page.get_by_text("til leder og kolleger (På personalmøtet)")).to_be_visible()
    assert ReportBack.objects.get().to_leader

    # A day of hospitering; a wrong number of hours first.
    page.get_by_role("link", name="Registrer en aktivitet").click()
    check_accessibility(page)
    page.get_by_label("Hospitering").check()
    page.get_by_label("Hva").fill("Hospitering ved palliativ enhet")
    page.get_by_label("Hvor").fill("Haraldsplass")
    page.get_by_label("Fra").fill((timezone.localdate() - dt.timedelta(days=3)).isoformat())
    page.get_by_label("Timer").fill("30")
    page.get_by_role("button", name="Registrer aktiviteten").click()
    expect(page.get_by_text("Det er flere timer enn perioden rommer").first).to_be_visible()
    check_accessibility(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "activity-form-phone.png", full_page=True)
    page.get_by_label("Timer").fill("7,5")
    page.get_by_role("button", name="Registrer aktiviteten").click()
    expect(page.get_by_text("Lars Leder har fått e-post og kan bekrefte den")).to_be_visible()
    expect(page.get_by_text("Venter på bekreftelse fra leder")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=ARTIFACTS / "competence-phone.png", full_page=True)

    # Lars opens the link in his e-mail on his phone, without signing in.
    [mail] = outbox.to(registry.email("nearest_leader"))
    [link] = re.findall(r"https?://\S+/kompetanse/bekreft/\S+/", mail.text)
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", **PHONE_OPTIONS)
    leader = context.new_page()
    leader.goto(link)
    expect(leader.get_by_role("heading", name="Bekreft kompetanseaktivitet for Mona Medlem")).to_be_visible()
    expect(leader.get_by_text("Haraldsplass")).to_be_visible()
    check_accessibility(leader)
    leader.screenshot(path=ARTIFACTS / "activity-confirm-phone.png", full_page=True)
    assert CompetenceActivity.objects.get().confirmed_at is None  # opening the link confirms nothing
    leader.get_by_role("button", name="Bekreft aktiviteten").click()
    expect(leader.get_by_text("Aktiviteten ble bekreftet av Lars Leder")).to_be_visible()
    check_accessibility(leader)
    assert_fits_the_screen(leader)
    context.close()
    assert CompetenceActivity.objects.get().confirmed_by == registry.people["nearest_leader"]

    page.reload()
    expect(page.get_by_text("Bekreftet av Lars Leder")).to_be_visible()

    # The secretariat sees it in the network's figures.
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", **PHONE_OPTIONS)
    secretariat = context.new_page()
    sign_in(secretariat, live_server.url, registry.email("secretariat"))
    secretariat.goto(f"{live_server.url}/nettverk/{registry.network.pk}/")
    secretariat.get_by_role("link", name="Kompetanse i nettverket").click()
    expect(secretariat.get_by_role("heading", name=re.compile("Kompetanse i nettverket"))).to_be_visible()
    expect(secretariat.get_by_role("row", name="Hospitering 1 7,5")).to_be_visible()
    check_accessibility(secretariat)
    assert_fits_the_screen(secretariat)
    secretariat.screenshot(path=ARTIFACTS / "network-competence-phone.png", full_page=True)
    context.close()
