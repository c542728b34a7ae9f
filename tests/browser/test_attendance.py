"""Attendance on the day, on a phone (375x740): the host opens the meeting that has just
started, where no one is marked yet, marks who stayed away, is told who is left when saving
too soon, marks the rest present in one tap, and saves; the page passes axe-core and fits the
screen."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Leave, Membership, Person
from tests.browser.conftest import check_accessibility, sign_in
from tests.browser.test_pages import assert_fits_the_screen

Attendance = Registration.Attendance
SCREENSHOT = "/tmp/attendance-phone.png"  # the screen while marking, to look at


def test_the_host_marks_attendance_on_her_phone(small_phone: Page, live_server, registry):
    page = small_phone
    base = live_server.url
    now = timezone.now()
    meeting = Meeting.objects.create(
        network=registry.network,
        local_group=registry.group,
        title="Nettverksmøte om lindrende sedering",
        starts_at=now - dt.timedelta(minutes=20),
        ends_at=now + dt.timedelta(hours=3),
        place="Løvåsen sykehjem, møterom 2",
        host=registry.people["host"],
        host_workplace=registry.workplace,
    )
    mona = registry.people["member"]
    Registration.objects.create(meeting=meeting, person=mona, answer=Registration.Answer.REGISTERED)
    Registration.objects.create(meeting=meeting, person=registry.people["host"], answer=Registration.Answer.REGISTERED)
    Registration.objects.create(
        meeting=meeting,
        kind=Registration.Kind.GUEST,
        guest_name="Gro Gjestesen",
        guest_email="gro@kommune.example",
        answer=Registration.Answer.REGISTERED,
    )
    # A member on leave is listed apart, not in the form.
    ola = Person.objects.create(given_name="Ola", family_name="Permisjonsen", email="ola@lindra.example")
    on_leave = Membership.objects.create(
        person=ola,
        network=registry.network,
        local_group=registry.group,
        workplace=registry.workplace,
        starts_on=timezone.localdate() - dt.timedelta(days=300),
    )
    Leave.objects.create(membership=on_leave, starts_on=timezone.localdate() - dt.timedelta(days=30))

    sign_in(page, base, registry.email("host"))
    page.goto(f"{base}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Registrer oppmøte").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oppmøte:")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/attendance-phone-before.png")

    # No one is marked before the host says so: the answers are hints only.
    gunnar = page.get_by_role("group", name="Gunnar Gruppeleder")
    expect(gunnar.get_by_text("Ikke svart")).to_be_visible()
    for name in ("Gunnar Gruppeleder", "Mona Medlem", "Aina Arrangør", "Gro Gjestesen"):
        expect(page.get_by_role("group", name=name).get_by_role("radio", checked=True)).to_have_count(0)
    expect(page.get_by_role("group", name="Mona Medlem").get_by_text("Påmeldt")).to_be_visible()
    expect(page.get_by_text("I permisjon – telles ikke")).to_be_visible()
    expect(page.get_by_text("Ola Permisjonsen")).to_be_visible()

    # Mona did not come after all, and gave no notice; the host saves too soon.
    page.get_by_role("group", name="Mona Medlem").get_by_text("Uten forfall").tap()
    save = page.get_by_role("button", name="Lagre oppmøte")
    expect(save).to_be_in_viewport()  # sticky at the bottom of the screen
    save.tap()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Oppmøtet er ikke lagret")
    expect(summary).to_contain_text("3 er ikke markert: Aina Arrangør, Gunnar Gruppeleder, Gro Gjestesen.")
    expect(page.get_by_role("group", name="Mona Medlem").get_by_role("radio", name="Uten forfall")).to_be_checked()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/attendance-phone-unmarked.png")

    # Gro the guest did not come; the rest were there: one tap marks them, for the host to see.
    page.get_by_role("group", name="Gro Gjestesen").get_by_text("Kom ikke").tap()
    page.get_by_role("button", name="Resten var til stede").tap()
    expect(page.get_by_role("status").filter(has_text="er markert som til stede")).to_contain_text(
        "Aina Arrangør, Gunnar Gruppeleder. Ikke lagret ennå"
    )
    gunnar = page.get_by_role("group", name="Gunnar Gruppeleder")
    expect(gunnar.get_by_role("radio", name="Til stede")).to_be_checked()
    expect(page.get_by_role("group", name="Mona Medlem").get_by_role("radio", name="Uten forfall")).to_be_checked()
    expect(page.get_by_role("button", name="Resten var til stede")).to_have_count(0)
    assert Registration.objects.filter(meeting=meeting).exclude(attendance="").count() == 0  # nothing saved yet
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path=SCREENSHOT)

    # Gunnar sent word in the morning: the host changes his mark, and saves.
    gunnar.get_by_text("Forfall", exact=True).tap()
    page.get_by_role("button", name="Lagre oppmøte").tap()

    expect(page.get_by_text("Oppmøtet er lagret: 1 til stede, 1 med forfall, 1 uten forfall.")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/attendance-phone-saved.png")

    # Gunnar turns up after lunch: the host corrects his mark, and the correction is kept.
    page.get_by_role("group", name="Gunnar Gruppeleder").get_by_text("Til stede").tap()
    page.get_by_role("button", name="Lagre oppmøte").tap()
    expect(page.get_by_text("Oppmøtet er lagret: 2 til stede, 0 med forfall, 1 uten forfall.")).to_be_visible()
    expect(page.get_by_role("heading", name="Rettelser")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)

    marks = dict(Registration.objects.filter(meeting=meeting).values_list("person__given_name", "attendance"))
    assert marks == {
        "Mona": Attendance.ABSENT,
        "Gunnar": Attendance.PRESENT,
        "Aina": Attendance.PRESENT,
        None: "absent",
    }
    assert Registration.objects.filter(meeting=meeting, person=ola).first() is None
    meeting.refresh_from_db()
    assert meeting.attendance_recorded_at is not None
    assert meeting.attendance_counts == {"present": 2, "notice": 0, "absent": 1, "guests": 0}


def test_the_group_leader_follows_up_an_absence_on_her_phone(small_phone: Page, live_server, registry, outbox):
    from lindra.meetings import attendance

    page = small_phone
    base = live_server.url
    mona = registry.people["member"]
    now = timezone.now()
    for weeks in (30, 20, 10):
        starts = now - dt.timedelta(weeks=weeks)
        meeting = Meeting.objects.create(
            network=registry.network,
            local_group=registry.group,
            title=f"Nettverksmøte for {weeks} uker siden",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3),
            host=registry.people["host"],
        )
        rows = {row.name: row for row in attendance.attendance_sheet(meeting).rows}
        attendance.record_attendance(
            meeting,
            {
                row.registration.pk: Attendance.ABSENT if name == mona.full_name else Attendance.PRESENT
                for name, row in rows.items()
            },
            by=registry.people["host"].user,
        )
    if starts.year != now.year:
        pytest.skip("the three meetings span two years this early in January")
    [mail] = outbox.to(registry.email("group_leader"))
    link = next(line for line in mail.text.splitlines() if "/oppfolging/" in line)

    yesterday = now - dt.timedelta(days=1)
    Meeting.objects.create(
        network=registry.network,
        local_group=registry.group,
        title="Nettverksmøte i går",
        starts_at=yesterday,
        ends_at=yesterday + dt.timedelta(hours=3),
    )

    sign_in(page, base, registry.email("group_leader"))
    expect(page.get_by_role("heading", name="Oppfølging av fravær")).to_be_visible()
    expect(page.get_by_role("link", name="Registrer oppmøte: Nettverksmøte i går")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oppfølging av fravær")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/follow-up-phone.png", full_page=True)

    page.get_by_role("button", name="Orienter Lars Leder").tap()
    expect(page.get_by_text("Lars Leder har fått e-post om fraværet.")).to_be_visible()
    page.get_by_label("Hva ble avtalt?").fill("Mona prioriterer neste møte; avtalt med henne 3. november.")
    page.get_by_role("button", name="Lagre og avslutt oppfølgingen").tap()
    expect(page.get_by_text("Oppfølgingen er avsluttet.")).to_be_visible()
    check_accessibility(page)
    assert_fits_the_screen(page)
    assert outbox.to(registry.email("nearest_leader"))

    page.get_by_role("link", name="Alle oppfølginger i gruppen").click()
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/follow-ups-phone.png", full_page=True)
    page.get_by_role("link", name="Mona Medlem").click()
    page.get_by_role("link", name="Oppmøte andre år").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mona Medlem")
    check_accessibility(page)
    assert_fits_the_screen(page)
    page.screenshot(path="/tmp/member-attendance-phone.png", full_page=True)
