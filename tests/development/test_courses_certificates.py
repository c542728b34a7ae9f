"""The certificate of an intro course: a PDF (A4) for each member marked present, downloadable
by that member from the home page and by those who run the course from its attendance page,
and sent to the member once, by e-mail through a real SMTP server; nothing for those absent,
nor for the nearest leaders who came along."""

import datetime as dt
import subprocess

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lindra.meetings import attendance, certificates
from lindra.meetings.models import Meeting, Registration
from tests import factories as f
from tests.documents import pdf_text
from tests.personas import World

sends_mail = pytest.mark.django_db(transaction=True)
Attendance = Registration.Attendance
MONA = "member@lindra.example"


def held_course(world: World) -> Meeting:
    """Yesterday's course: Mona and her leader Lars came, Aina and Olav did not."""
    meeting = f.meeting(
        world.committee_a,
        kind=Meeting.Kind.COURSE,
        title="Introduksjonskurs høsten",
        starts_at=timezone.now() - dt.timedelta(days=1),
        hours=6,
        place="Haukeland, auditoriet",
        programme="09:00 Velkommen\n10:00 Ressurssykepleierens rolle",
    )
    sheet = attendance.attendance_sheet(meeting)
    marks = {
        row.registration.pk: Attendance.PRESENT
        if row.name in ("Mona Medlem", "Lars Leder")
        else Attendance.ABSENT
        if row.row != "member"
        else Attendance.NOTICE
        for row in sheet.rows
    }
    attendance.record_attendance(meeting, marks, by=world.user("secretariat"))
    return meeting


def of(meeting: Meeting, world: World, role: str) -> Registration:
    return Registration.objects.get(meeting=meeting, person=world.person(role))


def url(meeting: Meeting, registration: Registration) -> str:
    return reverse("meetings:certificate", args=[meeting.pk, registration.pk])


def test_the_certificate_names_the_member_the_course_and_the_network(world: World, client_as, tmp_path):
    meeting = held_course(world)
    response = client_as("member").get(url(meeting, of(meeting, world, "member")))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Kursbevis" in text and "Mona Medlem" in text
    assert "KOMPETANSENETTVERK FOR LINDRENDE BEHANDLING I" in text  # the network, above the title
    assert "ressurssykepleier i Kompetansenettverk for lindrende behandling i Vestland" in " ".join(text.split())
    assert "Introduksjonskurs høsten" in text and "6 timer" in text
    assert "10:00 Ressurssykepleierens rolle" in text
    assert "har gjennomført introduksjonskurset" in text
    assert a4_pages(response.content, tmp_path) == "1"


def a4_pages(content: bytes, tmp_path) -> str:
    path = tmp_path / "bevis.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    return next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("member", 200),
        ("secretariat", 200),
        ("committee_member", 200),
        ("superuser", 200),
        ("host", 404),
        ("group_leader", 404),
        ("nearest_leader", 404),
        ("other_secretariat", 404),
    ],
)
def test_the_member_and_those_who_run_the_course_download_it(world: World, client_as, role, status):
    meeting = held_course(world)
    assert client_as(role).get(url(meeting, of(meeting, world, "member"))).status_code == status


@pytest.mark.parametrize("absent", ["host", "other_member", "nearest_leader"])
def test_there_is_none_for_those_absent_nor_for_a_leader_who_came(world: World, client_as, absent):
    meeting = held_course(world)
    assert client_as("secretariat").get(url(meeting, of(meeting, world, absent))).status_code == 404


def test_the_member_finds_it_on_the_home_page_and_the_secretariat_on_the_attendance_page(world: World, client_as):
    meeting = held_course(world)
    link = url(meeting, of(meeting, world, "member"))
    home = client_as("member").get("/").text
    assert "Kursbevis" in home and link in home
    assert link not in client_as("host").get("/").text
    sheet = client_as("secretariat").get(reverse("meetings:attendance", args=[meeting.pk])).text
    assert "Kursbevis for Mona Medlem (PDF)" in sheet and link in sheet
    assert "Kursbevis for Aina" not in sheet and "Kursbevis for Lars" not in sheet


@sends_mail
def test_the_member_gets_it_by_email_once_after_the_attendance_is_saved(world: World, outbox, tmp_path):
    meeting = held_course(world)
    assert certificates.mail_certificates() == 1
    assert certificates.mail_certificates() == 0
    [mail] = outbox.to(MONA)
    assert mail.subject == "Kursbevis: Introduksjonskurs høsten"
    assert "Du har nå gjennomført introduksjonskurset" in mail.text
    [(name, content)] = mail.attachments
    assert name.startswith("kursbevis-") and name.endswith(".pdf")
    assert "Mona Medlem" in pdf_text(content, tmp_path)
    assert not [m for m in outbox.messages if m.subject.startswith("Kursbevis") and MONA not in m.envelope_to]
    # A stop of two weeks and more: a certificate that late is not mailed (it can be downloaded).
    other = f.person_with_user("Nina", "Ny", email="nina@lindra.example")
    f.membership(other, world.group_a1)
    Registration.objects.create(meeting=meeting, person=other, attendance=Attendance.PRESENT)
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        assert certificates.mail_certificates() == 0


@sends_mail
def test_a_member_marked_present_in_a_late_correction_gets_it_by_email_then(world: World, outbox):
    """Aina's mark is corrected from absent to present three weeks after the course: the
    certificate goes to her then, once, and to nobody else a second time."""
    meeting = held_course(world)
    assert certificates.mail_certificates() == 1
    aina = of(meeting, world, "host")
    with time_machine.travel(timezone.now() + dt.timedelta(days=21)):
        attendance.record_attendance(meeting, {aina.pk: Attendance.PRESENT}, by=world.user("secretariat"))
        assert certificates.mail_certificates() == 1
        assert certificates.mail_certificates() == 0
    assert [m.envelope_to for m in outbox.messages if m.subject.startswith("Kursbevis")] == [
        [MONA],
        [aina.person.email],
    ]
