"""After the meeting, in a browser, as the seeds describe it (000, 001): the host marks
attendance on her phone while the meeting is on; a member's third absence this year opens a
follow-up, which the group leader handles, telling the member's nearest leader; the
minute-taker writes the minutes and sends them to the secretariat, which approves them and
sends them by rule, with the PDF, to the members, the copies and the nearest leaders.
Every page is checked with axe-core."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.mail.delivery import deliver_due
from lindra.mail.models import OutboxMessage
from lindra.meetings import attendance
from lindra.meetings.models import FollowUp, Meeting, Minutes, Registration
from lindra.registry.models import Membership, Person, Term
from lindra.registry.services import record_joined
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

Attendance = Registration.Attendance
Answer = Registration.Answer

TITLE = "Gruppemøte om lindrende sedering"
AGREED = "Mona prioriterer de neste møtene. Vi tar en ny prat etter sommeren."
PART1 = "Nytt fra driftsgruppen: fagdagen er 12. november.\nVi delte erfaringer med samtaler om livets slutt."
PART2 = "Aina gikk gjennom retningslinjen for lindrende sedering og viste eksempler fra eget sykehjem."
AGREEMENTS = "Gunnar sender lysarkene til alle. Neste møte holdes på Årstad hjemmetjeneste."


class Setup:
    """The group's year so far: Mona absent from its two earlier meetings, and today's
    meeting, which started an hour ago, with Rita Referent to take the minutes."""

    def __init__(self, registry):
        network, group = registry.network, registry.group
        people = registry.people
        self.mona = people["member"]
        started = timezone.localdate() - dt.timedelta(days=400)
        # The operations group's leader receives a copy of the minutes.
        dag = Person.objects.create(given_name="Dag", family_name="Driftsleder", email="drift@lindra.example")
        Term.objects.create(
            person=dag,
            kind=Term.Kind.COMMITTEE_LEADER,
            network=network,
            committee=registry.committee,
            starts_on=started,
        )
        # Rita, the minute-taker, has a nearest leader of her own; Kari gave notice.
        nina = Person.objects.create(given_name="Nina", family_name="Nærleder", email="nina@lindra.example")
        self.rita = registry._person("Rita", "Referent", "referent@lindra.example")
        self.kari = Person.objects.create(given_name="Kari", family_name="Kveldsvakt", email="kari@lindra.example")
        record_joined(
            [
                Membership.objects.create(
                    person=person,
                    network=network,
                    local_group=group,
                    workplace=registry.workplace,
                    nearest_leader=leader,
                    starts_on=started,
                    intro_course_completed_on=started + dt.timedelta(days=30),
                )
                for person, leader in [(self.rita, nina), (self.kari, people["nearest_leader"])]
            ]
        )

        now = timezone.now()
        starts = now - dt.timedelta(hours=1)
        self.meeting = Meeting.objects.create(
            network=network,
            local_group=group,
            title=TITLE,
            starts_at=starts,
            ends_at=now + dt.timedelta(hours=2),
            place="Løvåsen sykehjem, møterom 2",
            host=people["host"],
            host_workplace=registry.workplace,
            part2_title="Lindrende sedering i sykehjem",
            minute_taker=self.rita,
        )
        answers = {self.mona: Answer.REGISTERED, people["host"]: Answer.REGISTERED, self.rita: Answer.REGISTERED}
        answers[self.kari] = Answer.ABSENT  # Gunnar never answered
        Registration.objects.bulk_create(
            Registration(meeting=self.meeting, person=person, answer=answer) for person, answer in answers.items()
        )

        # Two earlier group meetings this year (in Norway's calendar), Mona absent from both.
        year_start = timezone.make_aware(dt.datetime(timezone.localdate(starts).year, 1, 1))
        span = starts - year_start
        for n in (1, 2):
            earlier = year_start + span * n / 3
            meeting = Meeting.objects.create(
                network=network,
                local_group=group,
                title=f"Gruppemøte nr. {n} i år",
                starts_at=earlier,
                ends_at=earlier + min(dt.timedelta(hours=3), span / 6),
                host=people["host"],
            )
            sheet = attendance.attendance_sheet(meeting)
            attendance.record_attendance(
                meeting,
                {
                    row.registration.pk: Attendance.ABSENT
                    if row.registration.person == self.mona
                    else Attendance.PRESENT
                    for row in sheet.rows
                },
                by=people["host"].user,
            )
        assert not FollowUp.objects.exists()


def visit(page: Page, phone: bool = False) -> None:
    """Every page on the way: no axe-core violations, and on a phone nothing wider than the screen."""
    check_accessibility(page)
    if phone:
        assert_fits_the_screen(page)


def switch_to(page: Page, base: str, email: str) -> None:
    """Another person at the desk: the last one's session is gone, the next one signs in."""
    page.context.clear_cookies()
    sign_in(page, base, email)
    visit(page)


def test_attendance_follow_up_and_minutes_after_the_meeting(
    small_phone: Page, page: Page, live_server, registry, outbox
):
    base = live_server.url
    setup = Setup(registry)
    meeting, mona = setup.meeting, setup.mona
    year = timezone.localdate(meeting.starts_at).year

    # 1. The host, on her phone an hour into the meeting, goes from her home page to the meeting.
    phone = small_phone
    sign_in(phone, base, registry.email("host"))
    visit(phone, phone=True)
    phone.screenshot(path="/tmp/e2e-host-home-phone.png", full_page=True)
    phone.get_by_role("region", name="Møter du er arrangør for").get_by_role("link", name=TITLE).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    visit(phone, phone=True)
    phone.screenshot(path="/tmp/e2e-meeting-phone.png", full_page=True)
    phone.get_by_role("link", name="Registrer oppmøte").tap()
    expect(phone.get_by_role("heading", level=1)).to_have_text(f"Oppmøte: {TITLE}")
    visit(phone, phone=True)

    # The answers are hints: Gunnar never answered and Mona said she would come, so neither is
    # marked yet; Kari's notice of absence is suggested.
    gunnar = phone.get_by_role("group", name="Gunnar Gruppeleder")
    expect(gunnar.get_by_text("Ikke svart")).to_be_visible()
    expect(gunnar.get_by_role("radio", checked=True)).to_have_count(0)
    kari = phone.get_by_role("group", name="Kari Kveldsvakt")
    expect(kari.get_by_text("Meldt forfall")).to_be_visible()
    expect(kari.get_by_role("radio", name="Forfall", exact=True)).to_be_checked()
    mona_row = phone.get_by_role("group", name="Mona Medlem")
    expect(mona_row.get_by_role("radio", checked=True)).to_have_count(0)

    # Mona did not come, and sent no word; the rest were there.
    mona_row.get_by_text("Uten forfall").tap()
    expect(mona_row.get_by_role("radio", name="Uten forfall")).to_be_checked()
    phone.get_by_role("button", name="Resten var til stede").tap()
    expect(gunnar.get_by_role("radio", name="Til stede")).to_be_checked()
    save = phone.get_by_role("button", name="Lagre oppmøte")
    expect(save).to_be_in_viewport()
    phone.screenshot(path="/tmp/e2e-attendance-phone.png")
    save.tap()
    expect(phone.get_by_text("Oppmøtet er lagret: 3 til stede, 1 med forfall, 1 uten forfall.")).to_be_visible()
    expect(phone.get_by_text("Én oppfølging av fravær er åpnet, og gruppelederen har fått e-post.")).to_be_visible()
    visit(phone, phone=True)
    phone.screenshot(path="/tmp/e2e-attendance-phone-saved.png", full_page=True)

    # 2. Mona's third absence this year: the group leader is told by e-mail.
    deliver_due()
    [opened] = [m for m in outbox.to(registry.email("group_leader")) if m.subject.startswith("Oppfølging av fravær")]
    assert opened.subject == f"Oppfølging av fravær: Mona Medlem, {year}"
    follow_up = FollowUp.objects.get(person=mona, year=year)
    assert f"{base}{follow_up.get_absolute_url()}" in opened.text

    # He signs in at his desk, finds the follow-up on his home page and opens it.
    sign_in(page, base, registry.email("group_leader"))
    visit(page)
    follow_ups = page.get_by_role("region", name="Oppfølging av fravær")
    expect(follow_ups).to_contain_text(f"3 fravær i {year}")
    follow_ups.get_by_role("link", name="Mona Medlem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Oppfølging av fravær {year}: Mona Medlem")
    visit(page)
    record = page.get_by_role("region", name=f"Nettverksmøter i {year}")
    expect(record.get_by_role("row")).to_have_count(4)  # the header and three meetings
    expect(record.get_by_text("Fravær uten forfall")).to_have_count(3)
    expect(record.get_by_role("row", name=re.compile(TITLE))).to_contain_text("Fravær uten forfall")

    page.get_by_label("Hva ble avtalt?").fill(AGREED)
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Det som ble avtalt, er lagret.")).to_be_visible()
    visit(page)
    page.get_by_role("button", name="Orienter Lars Leder").click()
    expect(page.get_by_text("Lars Leder har fått e-post om fraværet.")).to_be_visible()
    visit(page)
    expect(page.get_by_label("Hva ble avtalt?")).to_have_value(AGREED)
    page.get_by_role("button", name="Lagre og avslutt oppfølgingen").click()
    expect(page.get_by_text("Oppfølgingen er avsluttet.")).to_be_visible()
    expect(page.get_by_text(AGREED)).to_be_visible()
    visit(page)
    page.screenshot(path="/tmp/e2e-follow-up-closed.png", full_page=True)

    # Lars hears of the number of absences, and nothing of why nor of what was agreed.
    deliver_due()
    [told] = outbox.to(registry.email("nearest_leader"))
    assert told.subject == f"Fravær fra nettverksmøtene {year}: Mona Medlem"
    assert "Mona Medlem har hatt 3 fravær" in told.text
    assert AGREED not in told.text and "prioriterer" not in told.text
    assert told.message["Reply-To"] == registry.email("group_leader")
    follow_up.refresh_from_db()
    assert follow_up.closed_at is not None and follow_up.leader_informed_at is not None

    # 3. The meeting is over. Rita, the minute-taker, finds the minutes on her home page.
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    switch_to(page, base, setup.rita.email)
    page.get_by_role("region", name="Referater du skal skrive").get_by_role("link", name=f"Referat: {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referat: {TITLE}")
    visit(page)
    attended = page.get_by_role("heading", name="Til stede (3)").locator("..")
    expect(attended.get_by_role("listitem")).to_have_text(["Aina Arrangør", "Gunnar Gruppeleder", "Rita Referent"])
    notice = page.get_by_role("heading", name="Meldt forfall (1)").locator("..")
    expect(notice.get_by_role("listitem")).to_have_text(["Kari Kveldsvakt"])
    expect(page.get_by_role("region", name="Fakta fra møtet")).not_to_contain_text("Mona Medlem")

    page.get_by_label("Del 1: Erfaringsutveksling").fill(PART1)
    page.get_by_label("Del 2: Faglig påfyll").fill(PART2)
    page.get_by_label("Avtaler og oppfølging").fill(AGREEMENTS)
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()
    visit(page)
    expect(page.get_by_label("Del 2: Faglig påfyll")).to_have_value(PART2)
    page.screenshot(path="/tmp/e2e-minutes-draft.png", full_page=True)
    page.get_by_role("button", name="Lagre og send til sekretariatet").click()
    expect(page.get_by_text("Referatet er sendt til sekretariatet. Du får beskjed hvis noe må rettes.")).to_be_visible()
    visit(page)
    deliver_due()
    [sent_in] = outbox.to(registry.network.secretariat_email)
    assert sent_in.subject == f"Referat til gjennomgang: {TITLE}, Bergen sentrum"
    assert "Rita Referent har sendt referatet" in sent_in.text

    # 4. The secretariat finds the minutes on her home page, approves them and sends them out.
    outbox.clear()
    switch_to(page, base, registry.email("secretariat"))
    review = page.get_by_role("region", name="Referater til gjennomgang")
    review.get_by_role("link", name=f"Referat: {TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Referat: {TITLE}")
    expect(page.get_by_text(AGREEMENTS)).to_be_visible()
    visit(page)
    page.screenshot(path="/tmp/e2e-minutes-review.png", full_page=True)
    page.get_by_role("button", name="Godkjenn og send ut").click()
    expect(
        page.get_by_text(
            "Referatet er godkjent og sendt til 5 medlemmer og deltakere, 2 nærmeste ledere, "
            "med kopi til driftsgruppens leder og sekretariatet."
        )
    ).to_be_visible()
    visit(page)
    assert Minutes.objects.get(meeting=meeting).status == Minutes.Status.APPROVED

    # The worker sends what is due; the SMTP server has every e-mail, each with the PDF.
    deliver_due()
    assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
    messages = outbox.messages
    readers = [registry.email(r) for r in ("group_leader", "host", "member")] + [setup.rita.email, setup.kari.email]
    for address in readers:
        [mail] = outbox.to(address)
        assert mail.envelope_to == [address]
        assert mail.subject.startswith(f"Referat: {TITLE}")
    [copy] = [m for m in messages if m.subject.startswith("Kopi av referat:")]
    assert sorted(copy.envelope_to) == ["drift@lindra.example", registry.network.secretariat_email]
    leaders = {m.envelope_to[0]: m for m in messages if m.subject.startswith("Referat for dine ansatte:")}
    assert sorted(leaders) == [registry.email("nearest_leader"), "nina@lindra.example"]
    assert "nærmeste leder for Aina Arrangør, Gunnar Gruppeleder, Kari Kveldsvakt, Mona Medlem." in " ".join(
        leaders[registry.email("nearest_leader")].text.split()
    )
    assert "nærmeste leder for Rita Referent." in " ".join(leaders["nina@lindra.example"].text.split())
    assert len(messages) == len(readers) + 1 + 2
    for mail in messages:
        [(name, content)] = mail.attachments
        assert name.endswith(".pdf") and content.startswith(b"%PDF"), (mail.subject, name)
        assert PART2 in mail.text

    # The minutes' page shows who has them, every e-mail sent.
    page.reload()
    expect(page.get_by_role("heading", name="Hvem har fått referatet")).to_be_visible()
    sent = page.get_by_role("region", name="E-postene med referatet")
    rows = sent.get_by_role("row")
    expect(rows).to_have_count(1 + len(messages))
    expect(rows.filter(has=page.get_by_role("cell", name="Sendt", exact=True))).to_have_count(len(messages))
    expect(rows.filter(has_text="Nærmeste leder")).to_have_count(2)
    expect(rows.filter(has_text="Kopi")).to_contain_text("drift@lindra.example")
    visit(page)
    page.screenshot(path="/tmp/e2e-minutes-approved.png", full_page=True)
