"""In Chromium, on a phone: the secretariat sends the fagdag's invitation to the whole network
and the page follows the background task as it puts the e-mails in the outbox, without the
secretariat reloading it."""

from playwright.sync_api import Page, expect

from lindra.meetings import invitations
from lindra.meetings.models import Invitation
from tests.browser.conftest import check_accessibility, csp_violations, sign_in
from tests.browser.test_pages import assert_fits_the_screen


def test_the_secretariat_sends_the_fagdag_and_sees_the_mails_queued(registry, phone_page: Page, live_server, settings):
    # The worker has not come to the task yet when the page is shown.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    fagdag = registry.fagdag(days_ahead=30, place="Haukeland, auditoriet")
    page = phone_page
    sign_in(page, live_server.url, registry.email("secretariat"))
    page.goto(f"{live_server.url}/moter/{fagdag.pk}/innkalling/")
    page.get_by_label("Tekst i innkallingen").fill("Velkommen til fagdagen! Lunsj er inkludert.")
    page.get_by_role("button", name="Send ut til").click()

    expect(page.get_by_text("Gjør klar e-postene til deltakerne …")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)

    # The worker comes to the task: the page tells it within a few seconds, by itself.
    invitation = Invitation.objects.get(meeting=fagdag)
    queued = invitations.queue_invitation_mail(invitation.pk)
    invitation.refresh_from_db()
    assert queued == invitation.mails_total > 0
    expect(page.get_by_text(f"Alle {queued} personlige e-poster er lagt i utsendingskøen")).to_be_visible(
        timeout=10_000
    )
    check_accessibility(page)
    assert csp_violations(page) == []
