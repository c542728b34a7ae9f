"""The invitation, from the host's draft to the members' inboxes (seeds 000 and 001): one
personal e-mail per member with the PDF, the calendar file and working links; a copy to
the operations group's leader and the secretariat; reminders to those who have not read it."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lindra.meetings import invitations, rules
from lindra.meetings.models import Invitation, Registration
from lindra.meetings.services import create_steps
from lindra.registry.models import Leave, Term
from tests import factories as f

sends_mail = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def chain(request):
    """The meeting's deadline chain, as planning a year gives every meeting."""
    if "world" in request.fixturenames:
        create_steps(request.getfixturevalue("world").meeting)


def invitation_page(world) -> str:
    return reverse("meetings:invitation", args=[world.meeting.pk])


def send_as_secretariat(world, client_as, text: str = "Velkommen til Løvåsen!"):
    return client_as("secretariat").post(invitation_page(world), {"text": text, "action": "send"})


@sends_mail
def test_the_host_drafts_and_submits_and_the_secretariat_is_told(world, client_as, outbox):
    host = client_as("host")
    response = host.post(invitation_page(world), {"text": "Vi serverer lunsj.", "action": "save"})
    assert response.status_code == 302
    assert outbox.messages == []
    response = host.post(
        invitation_page(world), {"text": "Vi serverer lunsj. Parkering bak bygget.", "action": "submit"}
    )
    assert response.status_code == 302
    [mail] = outbox.to(world.network_a.secretariat_email)
    assert "Innkalling til gjennomgang" in mail.subject
    assert reverse("meetings:invitation", args=[world.meeting.pk]) in mail.text
    invitation = Invitation.objects.get(meeting=world.meeting)
    assert invitation.status == Invitation.Status.SUBMITTED
    assert invitation.text == "Vi serverer lunsj. Parkering bak bygget."
    step = world.meeting.steps.get(step=rules.Step.INVITATION_TO_SECRETARIAT)
    assert step.done_at is not None


@sends_mail
def test_the_secretariat_sends_each_member_a_personal_invitation_with_pdf_calendar_and_links(world, client_as, outbox):
    ops_leader = f.person_with_user("Odd", "Driftsleder", email="driftsleder@lindra.example")
    f.term(ops_leader, Term.Kind.COMMITTEE_LEADER, committee=world.committee_a, starts_on=dt.date(2024, 1, 1))

    response = send_as_secretariat(world, client_as)

    assert response.status_code == 302
    members = {world.email("member"), world.email("host")}
    personal = [m for m in outbox.messages if m.subject.startswith("Innkalling:")]
    assert {address for m in personal for address in m.envelope_to} == members
    for mail in personal:
        assert "Velkommen til Løvåsen!" in mail.text
        assert "Del 1: Erfaringsutveksling" in mail.text and "Del 2: Faglig påfyll" in mail.text
        assert mail.message["Reply-To"] == world.email("host")
        names = dict(mail.attachments)
        assert names["innkalling.pdf"].startswith(b"%PDF")
        calendar = Calendar.from_ical(names["mote.ics"])
        [event] = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == world.meeting.title
        links = re.findall(r"http://\S+/svar/\S+/", mail.text)
        assert len(links) == 3
    [copy] = [m for m in outbox.messages if m.subject.startswith("Kopi av innkalling")]
    assert set(copy.envelope_to) == {world.network_a.secretariat_email, "driftsleder@lindra.example"}
    assert Registration.objects.filter(meeting=world.meeting, kind=Registration.Kind.MEMBER).count() == 2
    assert world.meeting.steps.get(step=rules.Step.INVITATION_SENT).done_at is not None


@sends_mail
def test_the_links_in_the_invitation_work_without_signing_in(world, client_as, outbox, client):
    send_as_secretariat(world, client_as)
    [mail] = outbox.to(world.email("member"))
    for link in re.findall(r"http://\S+(/svar/\S+/)", mail.text):
        assert client.get(link).status_code == 200


@sends_mail
def test_an_invitation_is_sent_only_once(world, client_as, outbox):
    send_as_secretariat(world, client_as)
    count = len(outbox.messages)
    response = send_as_secretariat(world, client_as)
    assert response.status_code == 400
    assert "allerede sendt ut" in response.content.decode()
    assert len(outbox.messages) == count


@sends_mail
def test_members_on_leave_are_not_called(world, client_as, outbox):
    membership = world.person("member").memberships.get()
    Leave.objects.create(membership=membership, starts_on=timezone.localdate() - dt.timedelta(days=10))
    send_as_secretariat(world, client_as)
    assert outbox.to(world.email("member")) == []
    assert len(outbox.to(world.email("host"))) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("member", "save", 403),
        ("host", "send", 403),
        ("group_leader", "send", 403),
        ("other_member", "save", 404),
        ("other_secretariat", "send", 404),
    ],
)
def test_only_the_host_and_leaders_draft_and_only_the_secretariat_sends(world, client_as, role, action, status):
    response = client_as(role).post(invitation_page(world), {"text": "Hei", "action": action})
    assert response.status_code == status
    assert not Invitation.objects.filter(meeting=world.meeting, status=Invitation.Status.SENT).exists()


@pytest.mark.django_db
def test_an_empty_invitation_text_is_refused_and_nothing_is_saved(world, client_as):
    response = client_as("host").post(invitation_page(world), {"text": "", "action": "submit"})
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()
    assert not Invitation.objects.filter(meeting=world.meeting, status=Invitation.Status.SUBMITTED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("member", 200), ("host", 200), ("secretariat", 200), ("other_member", 404)]
)
def test_the_pdf_is_for_those_who_see_the_meeting(world, client_as, role, status):
    response = client_as(role).get(reverse("meetings:invitation_pdf", args=[world.meeting.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


@sends_mail
def test_those_who_have_not_read_it_are_reminded_once_after_three_days(world, client_as, outbox):
    send_as_secretariat(world, client_as)
    Registration.objects.filter(person=world.person("host")).update(read_at=timezone.now())
    outbox.clear()
    assert invitations.remind_unread() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=invitations.READ_REMINDER_DAYS, hours=1)):
        assert invitations.remind_unread() == 1
        assert invitations.remind_unread() == 0
    [reminder] = outbox.messages
    assert reminder.envelope_to == [world.email("member")]
    assert "Har du lest innkallingen" in reminder.subject


@sends_mail
def test_opening_the_read_link_does_not_spare_a_reminder_but_pressing_its_button_does(
    world, client_as, visitor, outbox
):
    send_as_secretariat(world, client_as)
    read_links = {
        mail.envelope_to[0]: _line_after(mail.text, "Bekreft at du har lest innkallingen:")
        for mail in outbox.messages
        if mail.subject.startswith("Innkalling:")
    }
    outbox.clear()
    # A mail scanner opens Mona's link; Aina opens hers and presses the button.
    assert visitor.get(read_links[world.email("member")]).status_code == 200
    visitor.get(read_links[world.email("host")])
    assert visitor.post(read_links[world.email("host")]).status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(days=invitations.READ_REMINDER_DAYS, hours=1)):
        assert invitations.remind_unread() == 1
    [reminder] = outbox.messages
    assert reminder.envelope_to == [world.email("member")]
    assert _line_after(reminder.text, "Bekreft at du har lest innkallingen:") is not None


def _line_after(text: str, label: str) -> str:
    lines = text.splitlines()
    return lines[lines.index(label) + 1]


@pytest.mark.django_db
def test_the_network_template_is_where_a_draft_starts(world, client_as):
    response = client_as("secretariat").post(
        reverse("meetings:invitation_template", args=[world.network_a.pk]), {"body": "Hjertelig velkommen!"}
    )
    assert response.status_code == 302
    assert invitations.invitation_for(world.meeting).text == "Hjertelig velkommen!"
    assert (
        client_as("group_leader").get(reverse("meetings:invitation_template", args=[world.network_a.pk])).status_code
        == 404
    )
