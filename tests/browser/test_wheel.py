"""The annual wheel on a phone and on a desktop: the secretariat opens it from the network
page, the member opens her group's from the group page; the picture scrolls sideways on the
phone while the list below it fits the screen. Every page visited is checked with axe-core."""

import datetime as dt
import zoneinfo

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from lindra.meetings.models import Meeting, Minutes
from tests.browser.conftest import ARTIFACTS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

# The middle of this year: the wheel has the spring behind it and the autumn ahead.
MIDYEAR = dt.datetime(dt.date.today().year, 6, 15, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Oslo"))


def _year(registry) -> None:
    """A meeting held with its minutes out, one past without attendance, the fagdag ahead."""
    today = timezone.localdate()
    past = timezone.now() - dt.timedelta(days=40)
    held = Meeting.objects.create(
        network=registry.network,
        local_group=registry.group,
        title="Vårmøte",
        starts_at=past,
        ends_at=past + dt.timedelta(hours=3),
        attendance_recorded_at=past + dt.timedelta(hours=3),
    )
    Minutes.objects.create(meeting=held, status=Minutes.Status.APPROVED)
    Meeting.objects.create(
        network=registry.network,
        local_group=registry.group,
        title="Glemt møte",
        starts_at=past + dt.timedelta(days=10),
        ends_at=past + dt.timedelta(days=10, hours=3),
    )
    ahead = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=50), dt.time(9)))
    Meeting.objects.create(
        network=registry.network,
        committee=registry.committee,
        kind=Meeting.Kind.FAGDAG,
        title="Fagdag",
        starts_at=ahead,
        ends_at=ahead + dt.timedelta(hours=6),
    )


@time_machine.travel(MIDYEAR, tick=True)
def test_the_secretariat_and_a_member_read_the_wheel_on_a_phone(phone_page, live_server, registry):
    page, base = phone_page, live_server.url
    _year(registry)
    year = timezone.localdate().year
    sign_in(page, base, registry.email("secretariat"))
    page.goto(f"{base}/nettverk/{registry.network.pk}/")
    page.get_by_role("link", name=f"Årshjulet {year}: året på ett ark").click()
    expect(page.get_by_role("heading", name=f"Årshjul {year}", exact=True)).to_be_visible()
    expect(page.get_by_role("region", name=f"Årshjulet {year} som bilde")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Glemt møte")).to_contain_text("forsinket")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "wheel-network-phone.png", full_page=True)
    assert_fits_the_screen(page)
    check_accessibility(page)

    page.get_by_role("link", name="Bergen sentrum").first.click()
    expect(page.get_by_role("listitem").filter(has_text="Vårmøte")).to_contain_text("gjennomført")
    check_accessibility(page)

    page.context.clear_cookies()
    sign_in(page, base, registry.email("member"))
    page.goto(f"{base}/grupper/{registry.group.pk}/")
    page.get_by_role("link", name=f"Årshjulet {year}: året på ett ark").click()
    expect(page.get_by_role("listitem").filter(has_text="Fagdag")).to_contain_text("planlagt")
    page.screenshot(path=ARTIFACTS / "wheel-group-phone.png", full_page=True)
    assert_fits_the_screen(page)
    check_accessibility(page)


@time_machine.travel(MIDYEAR, tick=True)
def test_the_wheel_on_a_desktop(page, live_server, registry):
    base = live_server.url
    _year(registry)
    year = timezone.localdate().year
    sign_in(page, base, registry.email("secretariat"))
    page.goto(f"{base}/nettverk/{registry.network.pk}/arshjul/{year}/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "wheel-network-desktop.png", full_page=True)
    check_accessibility(page)
