"""The day as it starts on a phone: the secretariat finds an invitation the host has sent in,
sees who it will reach and who not, and sends it; the group leader, during the meeting, goes
from the home page straight to the attendance. Every page passes axe-core and fits the screen."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.meetings import invitations
from lindra.meetings.models import Invitation, Meeting
from lindra.meetings.services import create_steps
from lindra.registry.models import Membership, Person
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def look(page: Page) -> None:
    check_accessibility(page)
    assert_fits_the_screen(page)


def test_the_secretariat_sends_an_invitation_sent_in_knowing_whom_it_misses(phone_page: Page, live_server, registry):
    page, base = phone_page, live_server.url
    meeting = registry.meeting
    create_steps(meeting)
    invitation = invitations.invitation_for(meeting)
    Invitation.objects.filter(pk=invitation.pk).update(
        status=Invitation.Status.SUBMITTED, submitted_at=timezone.now(), text="Velkommen til Løvåsen!"
    )
    kari = Person.objects.create(given_name="Kari", family_name="Utenpost", email=None)
    Membership.objects.create(
        person=kari,
        network=registry.network,
        local_group=registry.group,
        workplace=registry.workplace,
        nearest_leader=registry.people["nearest_leader"],
        starts_on=timezone.localdate() - dt.timedelta(days=100),
    )

    sign_in(page, base, registry.email("secretariat"))
    waiting = page.get_by_role("region", name="Innkallinger som skal sendes ut")
    expect(waiting).to_contain_text("Sendes ut senest")
    look(page)
    waiting.get_by_role("link", name="Innkalling: Gruppemøte om smertelindring").click()

    expect(page.get_by_role("heading", name="Hvem får innkallingen")).to_be_visible()
    expect(page.get_by_text("Innkallingen går på e-post til 3 deltakere")).to_be_visible()
    expect(page.get_by_role("heading", name="1 deltaker har ingen e-postadresse")).to_be_visible()
    expect(page.get_by_role("link", name="Kari Utenpost")).to_be_visible()
    look(page)
    page.screenshot(path="/tmp/invitation-call-list-phone.png", full_page=True)

    page.get_by_role("button", name="Send ut til 3 deltakere").click()
    expect(page.get_by_text(re.compile("Innkallingen er sendt på e-post til 3 deltakere"))).to_be_visible()
    expect(page.get_by_text(re.compile("Kari Utenpost \\(nærmeste leder: Lars Leder"))).to_be_visible()
    look(page)
    page.goto(f"{base}/")
    expect(page.get_by_text("Ingenting venter på sekretariatet nå.")).to_be_visible()


def test_during_the_meeting_the_group_leader_goes_from_home_to_the_attendance(phone_page: Page, live_server, registry):
    page, base = phone_page, live_server.url
    now = timezone.now()
    Meeting.objects.filter(pk=registry.meeting.pk).update(
        starts_at=now - dt.timedelta(minutes=15), ends_at=now + dt.timedelta(hours=2)
    )
    sign_in(page, base, registry.email("group_leader"))
    on = page.get_by_role("region", name="Møter som er i gang")
    expect(on).to_contain_text("Møtet er i gang.")
    look(page)
    page.screenshot(path="/tmp/home-group-leader-phone.png", full_page=True)
    on.get_by_role("link", name="Registrer oppmøte").click()
    expect(page).to_have_url(f"{base}/moter/{registry.meeting.pk}/oppmote/")
    look(page)
