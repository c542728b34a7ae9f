"""The member's year and the nearest leader's page on a phone: the leader opens her staff from
the home page, reports a change for one of them from the top of the page, and reads a member's
year; the member finds "Mitt år" on her home page. Every page is checked with axe-core and must
fit the screen; screenshots at 390 px are left in test-artifacts/."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from lindra.development.models import WorkPlan
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import ChangeRequest, Membership
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.browser.test_registry import checked


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"year-{name}.png", full_page=True)


def test_the_nearest_leader_and_the_member_on_a_phone(phone_page, live_server, registry):
    page, base = phone_page, live_server.url
    today = timezone.localdate()
    mona = Membership.objects.get(person=registry.people["member"])
    WorkPlan.objects.create(membership=mona, year=today.year, status=WorkPlan.Status.SUBMITTED)
    held = timezone.now() - dt.timedelta(days=2)
    meeting = Meeting.objects.create(
        network=registry.network,
        local_group=registry.group,
        title="Nettverksmøte om pårørende",
        starts_at=held - dt.timedelta(hours=3),
        ends_at=held,
        attendance_recorded_at=held,
    )
    Registration.objects.create(meeting=meeting, person=registry.people["member"], attendance="present")
    Registration.objects.create(meeting=meeting, person=registry.people["host"], attendance="absent")

    sign_in(page, base, registry.email("nearest_leader"))
    page.get_by_role("link", name=re.compile("Mine ansatte")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine ansatte i nettverkene")
    expect(page.get_by_text("Avtal arbeidsplanen til Mona Medlem: den er sendt til deg.")).to_be_visible()
    checked(page)
    screenshot(page, "staff-phone")

    # The easiest thing on the page: report that Aina is on leave.
    report = page.get_by_role("region", name="Meld fra om endring")
    report.get_by_label("Hvem gjelder det?").select_option(label="Aina Arrangør (Bergen sentrum)")
    report.get_by_role("button", name="Meld fra om endring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld en endring for Aina Arrangør")
    checked(page)
    page.get_by_label("Hva gjelder det").select_option(label="Permisjon")
    page.get_by_label("Fra dato").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Beskrivelse").fill("Foreldrepermisjon i ett år.")
    page.get_by_role("button", name="Send meldingen").click()
    expect(page.get_by_text("Takk! Sekretariatet har fått meldingen")).to_be_visible()
    assert ChangeRequest.objects.get(membership__person=registry.people["host"]).kind == ChangeRequest.Kind.LEAVE

    page.goto(f"{base}/mine-ansatte/")
    expect(page.get_by_text(re.compile(r"^meldt Permisjon, \d")).first).to_be_visible()
    page.get_by_role("link", name=re.compile(rf"Året {today.year}: \d av \d oppgaver gjort")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Året {today.year}: Aina Arrangør")
    checked(page)

    page.goto(f"{base}/medlemskap/{mona.pk}/aret/{today.year}/")
    expect(page.get_by_text("Dette venter på deg som nærmeste leder")).to_be_visible()
    checked(page)

    page.context.clear_cookies()
    sign_in(page, base, registry.email("member"))
    page.get_by_role("link", name=f"Mitt år {today.year} i Bergen sentrum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Mitt år {today.year}")
    expect(page.get_by_text("Deltok på 1 av 1 så langt")).to_be_visible()
    checked(page)
    screenshot(page, "member-year-phone")


def test_the_group_leader_reads_the_members_years_on_a_phone(phone_page, live_server, registry):
    page, base = phone_page, live_server.url
    sign_in(page, base, registry.email("group_leader"))
    page.get_by_role("link", name="Medlemmenes år").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Medlemmenes år {timezone.localdate().year}: Bergen sentrum"
    )
    expect(page.get_by_role("heading", name="3 medlemmer")).to_be_visible()
    checked(page)
    screenshot(page, "group-table-phone")
