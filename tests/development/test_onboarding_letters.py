"""The welcome letter (seed 000), day by day: every new membership gets it once, however it
began, on the day it begins, with the letter and the function description as PDFs, and a copy
to the nearest leader; none that would be stale; nothing twice, whatever runs twice.

These tests commit for real: the outbox sends on commit, to the real SMTP server."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import resolve

from lindra.development import onboarding
from lindra.development.models import WelcomeLetter
from lindra.home.periodic import JOBS
from lindra.mail.models import OutboxMessage
from lindra.meetings.models import Meeting, Registration
from lindra.registry import services as registry
from lindra.registry.models import Membership
from tests import factories as f
from tests.development.conftest import description, new_member
from tests.documents import pdf_text

sends_mail = pytest.mark.django_db(transaction=True)
OSLO = ZoneInfo("Europe/Oslo")
MARCH_3 = dt.date(2027, 3, 3)
NINA = "nina.ny@lindra.example"
LARS = "nearest-leader@lindra.example"


def local(day: dt.date, hour: int = 7) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), OSLO)


def run_jobs() -> None:
    for job in JOBS:
        job()


def walk(first: dt.date, last: dt.date) -> list[dt.date]:
    """Runs the periodic jobs every morning and evening from first to last; returns the days a
    welcome letter reached Nina."""
    days = []
    day = first
    while day <= last:
        for hour in (7, 19):
            with time_machine.travel(local(day, hour), tick=False):
                before = len(outbox_messages())
                run_jobs()
                if len(outbox_messages()) > before:
                    days.append(day)
        day += dt.timedelta(days=1)
    return days


def outbox_messages():
    return list(OutboxMessage.objects.filter(kind="welcome_letter"))


def link_in(text: str) -> str:
    [url] = re.findall(r"https?://\S+/godta/\S+/", text)
    return url


@sends_mail
def test_a_new_member_gets_the_letter_with_both_pdfs_and_her_leader_a_copy_once(
    world, since_long_ago, the_description, outbox, tmp_path
):
    with time_machine.travel(local(MARCH_3, 8), tick=False):
        f.meeting(world.group_a1, title="Vårmøte", starts_at=f.at(dt.date(2027, 3, 18), 12), place="Løvåsen")
        membership = new_member(world, starts_on=MARCH_3)
        run_jobs()
        run_jobs()

    [mail] = outbox.to(NINA)
    assert mail.subject == "Velkommen til Kompetansenettverk for lindrende behandling i Vestland"
    assert "Hei Nina!" in mail.text
    assert "Velkommen som ressurssykepleier i Kompetansenettverk for lindrende behandling i Vestland" in mail.text
    leader = "Gunnar Gruppeleder (telefon 555 00 003, e-post group-leader@lindra.example)"
    assert f"Du er med i lokalgruppen Bergen sentrum. Gruppelederen er {leader}." in mail.text
    assert "Neste møte i gruppen er torsdag 18. mars 2027 kl. 12:00, Løvåsen." in mail.text
    assert "Neste kurs er ikke satt opp ennå. Du og din nærmeste leder blir invitert" in mail.text
    assert "«Funksjon og ansvar for ressurssykepleiere», godkjent 1. april 2025 (vedlagt)" in mail.text
    assert "Les den sammen med din nærmeste leder, Lars Leder." in mail.text
    assert mail.message["Reply-To"] == world.network_a.secretariat_email
    attachments = dict(mail.attachments)
    assert set(attachments) == {f"velkomstbrev-{membership.pk}.pdf", "funksjonsbeskrivelse.pdf"}
    assert attachments["funksjonsbeskrivelse.pdf"] == bytes(the_description.pdf)
    letter_pdf = pdf_text(attachments[f"velkomstbrev-{membership.pk}.pdf"], tmp_path)
    assert "Velkomstbrev" in letter_pdf and "Nina Ny" in letter_pdf and "Hei Nina!" in letter_pdf
    member_link = link_in(mail.text)
    assert resolve(member_link.split("8000", 1)[1]).view_name == "development:accept_link"

    [copy] = outbox.to(LARS)
    assert copy.subject == "Kopi: velkomstbrev til Nina Ny"
    assert "Du får en kopi av velkomstbrevet til Nina Ny" in copy.text
    assert set(dict(copy.attachments)) == set(attachments)
    assert link_in(copy.text) != member_link  # the leader's own link
    assert len(outbox.messages) == 2

    letter = WelcomeLetter.objects.get(membership=membership)
    assert (letter.sent_to, letter.copy_to) == (NINA, LARS)
    assert letter.sent_at == local(MARCH_3, 8)
    assert "Hei Nina!" in letter.text


@sends_mail
def test_the_letter_comes_on_the_day_the_membership_begins_and_only_then(world, since_long_ago, the_description):
    with time_machine.travel(local(MARCH_3, 9), tick=False):
        new_member(world, starts_on=MARCH_3 + dt.timedelta(days=5))
    assert walk(MARCH_3, MARCH_3 + dt.timedelta(days=40)) == [MARCH_3 + dt.timedelta(days=5)]


@sends_mail
def test_after_a_stop_the_job_catches_up_but_sends_nothing_stale(world, since_long_ago, the_description, outbox):
    """The job did not run for weeks: a membership begun within 30 days still gets its letter;
    one begun longer ago is no news, and gets none."""
    stopped_until = MARCH_3
    within = new_member(world, starts_on=stopped_until - dt.timedelta(days=30))
    stale = f.membership(f.person("Sara", "Sent"), world.group_a1, starts_on=stopped_until - dt.timedelta(days=31))
    walk(stopped_until, stopped_until + dt.timedelta(days=2))
    assert WelcomeLetter.objects.filter(membership=within).exists()
    assert not WelcomeLetter.objects.filter(membership=stale).exists()
    assert [m.envelope_to for m in outbox.messages] == [[NINA], [LARS]]


@sends_mail
def test_reapplying_a_change_sends_no_second_letter_but_a_move_to_another_network_does(
    world, since_long_ago, the_description, outbox
):
    with time_machine.travel(local(MARCH_3), tick=False):
        membership = new_member(world, starts_on=MARCH_3)
        run_jobs()
    with time_machine.travel(local(MARCH_3 + dt.timedelta(days=3)), tick=False):

        def move_to_a2():
            registry.change_placement(
                membership,
                effective_on=MARCH_3 + dt.timedelta(days=3),
                local_group=world.group_a2,
                by=world.user("secretariat"),
                expected_version=None,
            )

        move_to_a2()
        run_jobs()
        with pytest.raises(registry.RegistryError):  # applied again: the registry has it already
            move_to_a2()
        run_jobs()
    assert len(outbox.to(NINA)) == 1

    moved_on = MARCH_3 + dt.timedelta(days=10)
    with time_machine.travel(local(moved_on), tick=False):
        registry.end_membership(
            membership,
            ends_on=moved_on - dt.timedelta(days=1),
            by=world.user("secretariat"),
            reason="Flytter",
            expected_version=None,
        )
        moved = f.membership(membership.person, world.group_b1, starts_on=moved_on)
        run_jobs()
        run_jobs()
    mails = outbox.to(NINA)
    assert [m.subject for m in mails] == [
        "Velkommen til Kompetansenettverk for lindrende behandling i Vestland",
        "Velkommen til Fysio- og ergoterapinettverket",
    ]
    # Network B has no function description: the letter says it comes later, and carries one PDF.
    assert "Sekretariatet sender deg funksjonsbeskrivelsen når den er klar" in mails[1].text
    assert [name for name, _content in mails[1].attachments] == [f"velkomstbrev-{moved.pk}.pdf"]
    assert WelcomeLetter.objects.count() == 2


@sends_mail
def test_a_member_without_email_gets_a_stored_letter_and_her_leader_is_told_to_print_it(
    world, since_long_ago, the_description, outbox
):
    with time_machine.travel(local(MARCH_3), tick=False):
        membership = new_member(world, starts_on=MARCH_3, email=None)
        run_jobs()
    letter = WelcomeLetter.objects.get(membership=membership)
    assert (letter.sent_at, letter.sent_to, letter.copy_to) == (None, "", LARS)
    [copy] = outbox.messages
    assert copy.envelope_to == [LARS]
    assert "Nina har ingen e-postadresse i Lindra: skriv ut brevet (vedlagt) og gi det til Nina." in copy.text


@sends_mail
def test_a_member_without_a_nearest_leader_gets_the_letter_and_no_copy_goes_anywhere(
    world, since_long_ago, the_description, outbox
):
    with time_machine.travel(local(MARCH_3), tick=False):
        membership = new_member(world, starts_on=MARCH_3, leader=None)
        run_jobs()
    assert [m.envelope_to for m in outbox.messages] == [[NINA]]
    assert "ikke registrert ennå" in outbox.messages[0].text
    assert "Kopi av e-posten" not in outbox.messages[0].text
    assert WelcomeLetter.objects.get(membership=membership).copy_to == ""


@sends_mail
def test_the_next_intro_course_is_named_with_the_members_own_registration_link(
    world, since_long_ago, the_description, outbox
):
    """A course whose invitation has gone out calls the new member (the meetings' job makes her
    registration in the same run, before the letter): the letter links to her registration."""
    with time_machine.travel(local(MARCH_3), tick=False):
        course = f.meeting(
            world.committee_a,
            kind=Meeting.Kind.COURSE,
            title="Introduksjonskurs",
            starts_at=f.at(dt.date(2027, 4, 14), 9),
            place="Haukeland",
            registration_deadline=dt.date(2027, 4, 1),
        )
        membership = new_member(world, starts_on=MARCH_3)
        registration = Registration.objects.create(meeting=course, person=membership.person)
        run_jobs()
    [mail] = outbox.to(NINA)
    assert "Neste introduksjonskurs er onsdag 14. april 2027 kl. 09:00, Haukeland." in mail.text
    assert "Meld deg på innen 1. april 2027: http" in mail.text
    [url] = re.findall(r"https?://\S+/svar/\S+/", mail.text)
    assert resolve(url.split("8000", 1)[1]).kwargs["token"]
    assert registration.pk  # the link is hers: opening it shows her registration (tests/meetings)


@sends_mail
def test_a_course_planned_without_an_invitation_yet_says_she_will_be_invited(
    world, since_long_ago, the_description, outbox
):
    with time_machine.travel(local(MARCH_3), tick=False):
        f.meeting(world.committee_a, kind=Meeting.Kind.COURSE, title="Kurs", starts_at=f.at(dt.date(2027, 5, 5), 9))
        new_member(world, starts_on=MARCH_3)
        run_jobs()
    [mail] = outbox.to(NINA)
    assert "Neste introduksjonskurs er onsdag 5. mai 2027 kl. 09:00." in mail.text
    assert "Du og din nærmeste leder får invitasjon med påmeldingslenke på e-post." in mail.text


@sends_mail
def test_the_networks_own_text_is_used_and_its_profession_gets_its_own_description(world, since_long_ago, outbox):
    description(world.network_a, title="For alle")
    physio = description(world.network_a, profession="FT", title="Funksjon og ansvar for fysioterapeuter")
    onboarding.save_template(
        world.network_a,
        body="Kjære {{ navn }}, velkommen til {{ lokalgruppe }}! {{ funksjonsbeskrivelse }}.",
        expected_version=0,
        by=world.user("secretariat"),
    )
    with time_machine.travel(local(MARCH_3), tick=False):
        membership = new_member(world, starts_on=MARCH_3)
        membership.person.profession = "FT"
        membership.person.save(update_fields=["profession"])
        run_jobs()
    [mail] = outbox.to(NINA)
    assert mail.text.startswith(
        "Kjære Nina Ny, velkommen til Bergen sentrum! «Funksjon og ansvar for fysioterapeuter», godkjent"
    )
    assert dict(mail.attachments)["funksjonsbeskrivelse.pdf"] == bytes(physio.pdf)


@sends_mail
def test_a_second_run_that_found_the_same_members_due_writes_and_sends_nothing(
    world, since_long_ago, the_description, outbox
):
    """Two runs at once: the second listed the members due before the first wrote their letters.
    The membership's row is locked while a letter is written, and the letter is unique per
    membership: the second writes nothing and queues nothing."""
    with time_machine.travel(local(MARCH_3), tick=False):
        new_member(world, starts_on=MARCH_3)
        f.membership(f.person("Per", "Ny", email="per.ny@lindra.example"), world.group_a2, starts_on=MARCH_3)
        listed_by_the_second = onboarding.due_memberships(MARCH_3)
        assert onboarding.send_welcome_letters() == 2
        now = local(MARCH_3)
        assert [onboarding.write_welcome_letter(m, now) for m in listed_by_the_second] == [None, None]
        run_jobs()
    assert WelcomeLetter.objects.count() == 2
    assert sorted(m.envelope_to[0] for m in outbox.messages) == sorted([NINA, LARS, "per.ny@lindra.example"])
    assert Membership.objects.filter(welcome_letter__isnull=True, starts_on=MARCH_3).count() == 0


@sends_mail
def test_a_member_the_job_passed_by_gets_the_letter_when_the_group_leader_sends_it(
    world, since_long_ago, the_description, outbox, client_as
):
    """Registered 40 days after she began, Nina is past the job's window: her group leader sees
    "ikke sendt" and a button; the letter goes once, and a second press says it has gone."""
    membership = new_member(world, starts_on=f.today() - dt.timedelta(days=40))
    run_jobs()
    assert not WelcomeLetter.objects.filter(membership=membership).exists()
    client = client_as("group_leader")
    page = client.get(f"/grupper/{world.group_a1.pk}/nye-medlemmer/").content.decode()
    assert "ikke sendt" in page and "Send velkomstbrevet nå" in page
    before = len(outbox.messages)

    response = client.post(f"/medlemskap/{membership.pk}/velkomstbrev/send/", {"from": "group"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/grupper/{world.group_a1.pk}/nye-medlemmer/"
    assert f"Velkomstbrevet er sendt til {NINA}." in response.content.decode()
    assert [m.envelope_to for m in outbox.messages[before:]] == [[NINA], [LARS]]

    again = client.post(f"/medlemskap/{membership.pk}/velkomstbrev/send/", {"from": "group"}, follow=True)
    assert "Velkomstbrevet er allerede skrevet" in again.content.decode()
    assert WelcomeLetter.objects.filter(membership=membership).count() == 1
    assert len(outbox.messages) == before + 2


@sends_mail
@pytest.mark.parametrize(
    ("role", "status"), [("member", 404), ("host", 404), ("nearest_leader", 403), ("other_secretariat", 404)]
)
def test_only_the_group_leader_and_the_secretariat_send_a_letter_now(
    world, since_long_ago, the_description, outbox, client_as, role, status
):
    membership = new_member(world, starts_on=f.today() - dt.timedelta(days=40))
    assert client_as(role).post(f"/medlemskap/{membership.pk}/velkomstbrev/send/").status_code == status
    assert not WelcomeLetter.objects.filter(membership=membership).exists()
    assert (
        client_as("secretariat").post(f"/medlemskap/{membership.pk}/velkomstbrev/send/", {"from": "network"}).url
        == f"/nettverk/{world.network_a.pk}/nye-medlemmer/"
    )
    assert WelcomeLetter.objects.filter(membership=membership).count() == 1


@sends_mail
def test_no_letter_is_sent_now_to_a_membership_that_has_ended(
    world, since_long_ago, the_description, outbox, client_as
):
    membership = new_member(world, starts_on=f.today() - dt.timedelta(days=40))
    membership.ends_on = f.today() - dt.timedelta(days=1)
    membership.save()
    response = client_as("secretariat").post(f"/medlemskap/{membership.pk}/velkomstbrev/send/", follow=True)
    assert "bare til et medlemskap som har begynt og ikke er avsluttet" in response.content.decode()
    assert not outbox.messages
