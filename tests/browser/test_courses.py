"""A full intro course on a phone: a member registers by the link in her invitation and is put
on the waiting list with her number; the secretariat sees the places, who has one and the
waiting list in turn. Every page checked with axe-core."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.meetings import links, registrations
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Membership, Network
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

Answer = Registration.Answer


def full_course(registry) -> tuple[Meeting, Registration]:
    """A course with one place, taken by Aina; Mona, invited, has not answered."""
    day = timezone.localdate() + dt.timedelta(days=45)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    course = Meeting.objects.create(
        network=registry.network,
        committee=registry.committee,
        kind=Meeting.Kind.COURSE,
        title="Introduksjonskurs våren",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
        place="Haukeland, auditoriet",
        capacity=1,
        programme="09:00 Velkommen\n10:00 Ressurssykepleierens rolle",
    )
    aina = Registration.objects.create(meeting=course, person=registry.people["host"])
    registrations.answer(aina, Answer.REGISTERED)
    return course, Registration.objects.create(meeting=course, person=registry.people["member"])


def test_a_member_registers_for_a_full_course_on_her_phone_and_waits_in_turn(
    phone_page: Page, live_server, registry, outbox
):
    page = phone_page
    course, mona = full_course(registry)

    page.goto(f"{live_server.url}/svar/{links.token_for(mona, 'register')}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld deg på")
    check_accessibility(page)
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("status")).to_have_text(
        "Alle plassene er tatt, så du står på ventelisten som nummer 1. Du får e-post hvis du får plass."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Du står på ventelisten")
    expect(page.get_by_role("button", name="Ta meg av ventelisten")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    [waits] = outbox.to(registry.email("member"))
    assert "står på ventelisten som nummer 1" in waits.text

    sign_in(page, live_server.url, registry.email("secretariat"))
    page.goto(f"{live_server.url}/moter/{course.pk}/deltakere/")
    expect(page.get_by_role("heading", name="Plasser og venteliste")).to_be_visible()
    places = page.locator("dl.details")
    expect(places.get_by_text("Ledige plasser")).to_be_visible()
    line = page.get_by_role("region", name="Ventelisten i rekkefølge")
    expect(line.get_by_role("row")).to_have_count(2)
    expect(line.get_by_role("row").nth(1)).to_contain_text("1Mona Medlem")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/courses-participants-phone.png", full_page=True)


def test_the_secretariat_is_asked_to_hold_an_intro_course_on_her_phone(phone_page: Page, live_server, registry):
    page = phone_page
    Membership.objects.filter(network=registry.network).update(intro_course_completed_on=None)
    Network.objects.filter(pk=registry.network.pk).update(intro_course_waiting_threshold=2)
    sign_in(page, live_server.url, registry.email("secretariat"))
    section = page.get_by_role("region", name="Introduksjonskurs bør holdes")
    expect(section).to_contain_text("3 aktive medlemmer har ikke tatt introduksjonskurset (kurs ved flere enn 2).")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/courses-home-phone.png", full_page=True)
    section.get_by_role("link", name="Planlegg introduksjonskurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny fagdag eller nytt introduksjonskurs")
    expect(page.get_by_label("Introduksjonskurs")).to_be_checked()
    expect(page.get_by_label("Antall plasser")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
