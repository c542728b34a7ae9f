"""Answering by the links in a real e-mail, on a phone, without signing in; the host's list
and the guests; every page checked with axe-core."""

import datetime as dt
import re

import time_machine
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.mail.services import queue_message
from lindra.meetings import links, registrations
from lindra.meetings.models import Invitation, Registration
from tests.browser.conftest import PHONE_OPTIONS, check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

Answer = Registration.Answer


def links_in(text: str) -> dict[str, str]:
    """The answer links in an e-mail, by the action each names."""
    found = {}
    for url in re.findall(r"https?://\S+/svar/\S+/", text):
        token = url.rstrip("/").rsplit("/", 1)[1]
        resolved = links.registration_for_token(token)
        if resolved:
            found[resolved[1]] = url
    return found


def send_invitation_to(registration: Registration) -> None:
    """The invitation e-mail with the member's personal links, as the secretariat sends it."""
    meeting = registration.meeting
    invitation = Invitation.objects.create(meeting=meeting, text="Velkommen til nettverksmøte.")
    with transaction.atomic():
        queue_message(
            "invitation",
            to=[registration.person.email],
            context={
                "meeting": meeting,
                "invitation": invitation,
                "topics": [],
                "participant": registration.person,
                "register_url": links.link_for(registration, "register"),
                "absent_url": links.link_for(registration, "absent"),
                "read_url": links.link_for(registration, "read"),
            },
            network=meeting.network,
        )


def invited_member(registry, outbox, live_server) -> tuple[Registration, dict[str, str]]:
    """Mona, invited by e-mail, and the links in her invitation."""
    mona = registry.people["member"]
    registration = Registration.objects.create(meeting=registry.meeting, person=mona)
    send_invitation_to(registration)
    [invitation] = outbox.to(mona.email)
    urls = links_in(invitation.text)
    assert set(urls) == {"register", "absent", "read"}
    assert all(url.startswith(live_server.url) for url in urls.values())
    outbox.clear()
    return registration, urls


def test_a_member_confirms_reading_by_pressing_the_button_on_her_phone(phone_page: Page, live_server, registry, outbox):
    page = phone_page
    registration, urls = invited_member(registry, outbox, live_server)

    page.goto(urls["read"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Les innkallingen")
    expect(page.get_by_role("heading", name="Program")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Ikke svart")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    registration.refresh_from_db()
    assert registration.read_at is None  # opening the link, as a mail scanner does, records nothing

    page.get_by_role("button", name="Bekreft at jeg har lest innkallingen").click()
    expect(page.get_by_role("status")).to_have_text("Takk! Vi har registrert at du har lest innkallingen.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for at du har lest innkallingen")
    expect(page.get_by_role("button", name="Bekreft at jeg har lest innkallingen")).to_have_count(0)
    expect(page.get_by_role("button", name="Meld meg på")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    registration.refresh_from_db()
    assert registration.read_at is not None
    assert registration.answer == Answer.NONE

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har allerede bekreftet at du har lest innkallingen")


def test_a_member_gives_notice_from_the_email_on_her_phone(phone_page: Page, live_server, registry, outbox):
    page = phone_page
    registration, urls = invited_member(registry, outbox, live_server)

    page.goto(urls["absent"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Meld forfall")
    expect(page.get_by_text("Du skal ikke oppgi noen grunn.")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    registration.refresh_from_db()
    assert registration.answer == Answer.NONE  # opening the link changed nothing

    page.get_by_role("button", name="Meld forfall").click()
    expect(page.get_by_role("status")).to_have_text(
        "Forfallet er meldt. Din nærmeste leder, gruppelederen og arrangøren har fått beskjed."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har meldt forfall")
    expect(page.get_by_text("Meldt forfall", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Jeg kan likevel komme")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)

    registration.refresh_from_db()
    assert registration.answer == Answer.ABSENT
    assert registration.read_at is None  # giving notice is not confirming having read
    [notice] = outbox.messages
    for role in ("nearest_leader", "group_leader", "host"):
        assert registry.email(role) in notice.envelope_to, role
    assert "Mona Medlem har meldt forfall til Gruppemøte om smertelindring" in notice.text


def test_every_state_of_the_answer_page_reads_well_on_a_phone(phone_page: Page, live_server, registry):
    page = phone_page
    meeting = registry.meeting
    deadline = registrations.deadline_for(meeting)
    tz = timezone.get_current_timezone()
    after_deadline = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(9), tz)
    mona = Registration.objects.create(meeting=meeting, person=registry.people["member"])
    aina = Registration.objects.create(
        meeting=meeting, person=registry.people["host"], answer=Answer.ABSENT, answered_at=timezone.now()
    )
    url = f"{live_server.url}/svar/{{}}/".format
    states = [
        (None, url(links.token_for(mona, "absent")), 200, "Meld forfall"),
        (after_deadline, url(links.token_for(mona, "register")), 200, "Påmeldingen er stengt"),
        (after_deadline, url(links.token_for(aina, "absent")), 200, "Du har allerede meldt forfall"),
        (meeting.starts_at + dt.timedelta(minutes=10), url(links.token_for(mona, "absent")), 200, "Møtet har begynt"),
        (meeting.ends_at + dt.timedelta(days=1), url(links.token_for(mona, "absent")), 410, "Møtet er holdt"),
        (None, url("ikke-en-gyldig-lenke"), 404, "Lenken er ikke gyldig"),
    ]
    for moment, address, status, heading in states:
        with time_machine.travel(moment or timezone.now(), tick=True):
            response = page.goto(address)
            assert response is not None and response.status == status, heading
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            check_accessibility(page)
            assert_fits_the_screen(page)


def test_a_broken_link_says_so_in_norwegian(phone_page: Page, live_server, registry):
    response = phone_page.goto(f"{live_server.url}/svar/ikke-en-gyldig-lenke/")
    assert response is not None and response.status == 404
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Lenken er ikke gyldig")
    expect(phone_page.get_by_role("link", name="Logg inn")).to_be_visible()
    check_accessibility(phone_page)
    assert_fits_the_screen(phone_page)


def test_the_host_invites_a_guest_who_registers_from_the_email(page: Page, live_server, registry, outbox):
    base = live_server.url
    Registration.objects.create(meeting=registry.meeting, person=registry.people["member"], answer=Answer.ABSENT)
    sign_in(page, base, registry.email("host"))
    page.goto(f"{base}/moter/{registry.meeting.pk}/deltakere/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deltakere: Gruppemøte om smertelindring")
    members = page.get_by_role("region", name="Svar fra medlemmene")
    expect(members.get_by_role("row", name="Mona Medlem")).to_contain_text("Meldt forfall")
    check_accessibility(page)

    form = page.get_by_role("form", name="Inviter en gjest")
    form.get_by_label("Navn").fill("Kari Kollega")
    form.get_by_label("E-postadresse").fill("kari-på-sykehuset")
    form.get_by_role("button", name="Send invitasjon").click()
    expect(page.get_by_role("alert")).to_contain_text("Oppgi en gyldig e-postadresse")
    expect(form.get_by_label("Navn")).to_have_value("Kari Kollega")
    check_accessibility(page)

    form.get_by_label("E-postadresse").fill("kari@sykehus.example")
    form.get_by_role("button", name="Send invitasjon").click()
    expect(page.get_by_role("status")).to_have_text("Invitasjonen er sendt til Kari Kollega (kari@sykehus.example).")
    expect(page.get_by_role("region", name="Svar fra gjestene")).to_contain_text("Kari Kollega")
    check_accessibility(page)

    [mail] = outbox.to("kari@sykehus.example")
    urls = links_in(mail.text)
    assert set(urls) == {"register", "absent"}
    guest = page.context.browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", **PHONE_OPTIONS).new_page()
    guest.goto(urls["register"])
    expect(guest.get_by_role("heading", level=1)).to_have_text("Meld deg på")
    check_accessibility(guest)
    assert_fits_the_screen(guest)
    guest.get_by_role("button", name="Meld meg på").click()
    expect(guest.get_by_role("status")).to_have_text(
        "Du er påmeldt. Du får en bekreftelse på e-post med tiden i kalenderen din."
    )
    expect(guest.get_by_role("heading", level=1)).to_have_text("Du er påmeldt")
    expect(
        guest.get_by_text(f"Du er påmeldt den faglige delen {registrations.span(registry.meeting, guest=True)}.")
    ).to_be_visible()
    check_accessibility(guest)
    assert_fits_the_screen(guest)
    guest.context.close()
    assert Registration.objects.get(guest_email="kari@sykehus.example").answer == Answer.REGISTERED
    [_invitation, confirmation] = outbox.to("kari@sykehus.example")
    assert confirmation.subject.startswith("Du er påmeldt: Gruppemøte om smertelindring")
    assert [name for name, _content in confirmation.attachments] == ["mote.ics"]


def test_a_member_answers_signed_in_and_finds_her_calendar(page: Page, live_server, registry, outbox):
    base = live_server.url
    sign_in(page, base, registry.email("member"))
    page.goto(f"{base}/moter/{registry.meeting.pk}/svar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gruppemøte om smertelindring")
    check_accessibility(page)
    page.get_by_role("button", name="Meld meg på").click()
    expect(page.get_by_role("status")).to_have_text("Du er påmeldt. Velkommen!")
    check_accessibility(page)
    assert outbox.messages == []

    page.get_by_role("link", name="Abonner på alle møtene dine i kalenderen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Møtene i kalenderen din")
    feed = page.get_by_label("Eller lim inn denne adressen i kalenderen:").input_value()
    check_accessibility(page)
    assert_fits_the_screen(page)
    response = page.request.get(feed)
    assert response.status == 200
    assert "Gruppemøte om smertelindring" in response.text()
