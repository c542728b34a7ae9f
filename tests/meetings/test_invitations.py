"""The invitation, from the host's draft to the members' inboxes (seeds 000 and 001): one
personal e-mail per member with the PDF, the calendar file and working links; a copy to
the operations group's leader and the secretariat; reminders to those who have not read it."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from lindra.meetings import invitations, rules
from lindra.meetings.models import Invitation, Meeting, Registration
from lindra.meetings.services import create_steps
from lindra.registry import services as registry_services
from lindra.registry.models import Leave, Person, Term
from tests import factories as f
from tests.documents import pdf_text

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


@sends_mail
def test_a_member_back_from_leave_before_the_meeting_gets_the_invitation_once(world, client_as, outbox):
    membership = world.person("member").memberships.get()
    leave = Leave.objects.create(membership=membership, starts_on=timezone.localdate() - dt.timedelta(days=10))
    send_as_secretariat(world, client_as)
    assert invitations.invite_those_called_since() == 0
    registry_services.end_leave(
        leave, ends_on=timezone.localdate(), by=world.user("secretariat"), expected_version=None
    )
    assert invitations.invite_those_called_since() == 1
    assert invitations.invite_those_called_since() == 0  # once, however often the job runs
    [mail] = outbox.to(world.email("member"))
    assert mail.subject.startswith("Innkalling: Gruppemøte om smertelindring")
    assert len(outbox.to(world.email("host"))) == 1  # those it reached keep the one they had


@sends_mail
def test_a_member_who_joins_the_group_after_the_invitation_gets_it_while_the_meeting_is_ahead(world, client_as, outbox):
    send_as_secretariat(world, client_as)
    nora = f.person("Nora", "Ny", email="nora@lindra.example")
    f.membership(nora, world.group_a1, starts_on=timezone.localdate())
    with time_machine.travel(world.meeting.starts_at + dt.timedelta(minutes=1)):
        assert invitations.invite_those_called_since() == 0  # the meeting has begun: too late
    assert invitations.invite_those_called_since() == 1
    [mail] = outbox.to("nora@lindra.example")
    assert "Jeg kommer:" in mail.text


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


# Who is called, and who is left out --------------------------------------------------------


def no_address(person):
    Person.objects.filter(pk=person.pk).update(email=None)
    person.email = None
    return person


def left_out(world) -> dict[str, object]:
    """Kari has no e-mail address; Per goes on leave before the meeting (not today); Siv's leave
    ends before it; Tor has left the group by the meeting's date."""
    lars = world.person("nearest_leader")
    day = timezone.localdate(world.meeting.starts_at)
    kari = no_address(f.person("Kari", "Utenpost"))
    per = f.person("Per", "Permisjon", email="per@lindra.example")
    siv = f.person("Siv", "Tilbake", email="siv@lindra.example")
    tor = f.person("Tor", "Slutter", email="tor@lindra.example")
    f.membership(kari, world.group_a1, nearest_leader=lars)
    per_membership = f.membership(per, world.group_a1, nearest_leader=lars)
    siv_membership = f.membership(siv, world.group_a1)
    f.membership(tor, world.group_a1, ends_on=day - dt.timedelta(days=1))
    Leave.objects.create(
        membership=per_membership, starts_on=day - dt.timedelta(days=5), ends_on=day + dt.timedelta(days=90)
    )
    Leave.objects.create(
        membership=siv_membership, starts_on=f.today() - dt.timedelta(days=30), ends_on=day - dt.timedelta(days=2)
    )
    return {"kari": kari, "per": per, "siv": siv, "tor": tor}


@pytest.mark.django_db
def test_before_sending_the_secretariat_sees_who_gets_it_and_who_is_left_out_and_why(world, client_as):
    people = left_out(world)
    page = client_as("secretariat").get(invitation_page(world)).content.decode()
    assert "Send ut til 3 deltakere" in page
    assert "Innkallingen går på e-post til 3 deltakere" in page
    reached = page[page.index("Se alle 3 deltakerne") : page.index("</details>")]
    for name in ("Aina Arrangør", "Mona Medlem", "Siv Tilbake"):
        assert name in reached
    assert "1 deltaker har ingen e-postadresse" in page
    assert reverse("registry:person", args=[people["kari"].pk]) in page
    assert "Kari Utenpost</a><br>Nærmeste leder: Lars Leder" in page and "nearest-leader@lindra.example" in page
    assert "Ikke innkalt: 1 med permisjon på møtedagen" in page
    day = timezone.localdate(world.meeting.starts_at)
    assert f"Per Permisjon: permisjon {date_format(day - dt.timedelta(days=5), 'j. F Y')}" in page
    assert "Tor Slutter" not in page
    assert "Kopi går til lindrende.behandling@klb.example." in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["host", "group_leader"])
def test_those_who_draft_it_do_not_get_the_list_of_who_is_left_out(world, client_as, role):
    left_out(world)
    page = client_as(role).get(invitation_page(world)).content.decode()
    assert "Hvem får innkallingen" not in page and "Kari Utenpost" not in page


@sends_mail
def test_after_sending_the_secretariat_is_told_who_did_not_get_it_and_why(world, client_as, outbox):
    left_out(world)
    secretariat = client_as("secretariat")
    page = secretariat.post(invitation_page(world), {"text": "Velkommen!", "action": "send"}, follow=True)
    page = page.content.decode()
    assert "Innkallingen er sendt på e-post til 3 deltakere, med kopi til lindrende.behandling@klb.example." in page
    assert (
        "1 deltaker har ingen e-postadresse og har ikke fått innkallingen. Gi beskjed på annen måte, for eksempel "
        "gjennom nærmeste leder: Kari Utenpost (nærmeste leder: Lars Leder, nearest-leader@lindra.example, 555 00 006)."
    ) in page
    assert "Ikke innkalt, fordi de har permisjon på møtedagen: Per Permisjon." in page
    assert {a for m in outbox.messages if m.subject.startswith("Innkalling:") for a in m.envelope_to} == {
        world.email("member"),
        world.email("host"),
        "siv@lindra.example",
    }
    called = set(Registration.objects.filter(meeting=world.meeting).values_list("person__given_name", flat=True))
    assert called == {"Mona", "Aina", "Kari", "Siv"}
    [copy] = [m for m in outbox.messages if m.subject.startswith("Kopi av innkalling")]
    assert "Innkallingen er sendt til 3 deltakere." in copy.text


@pytest.mark.django_db
def test_to_an_intro_course_those_who_took_it_are_simply_not_called(world, client_as):
    course = f.meeting(world.committee_a, kind=Meeting.Kind.COURSE, title="Introduksjonskurs")
    world.person("member").memberships.update(intro_course_completed_on=dt.date(2024, 5, 2))
    page = client_as("secretariat").get(reverse("meetings:invitation", args=[course.pk])).content.decode()
    # The host, Olav in group A2, and Lars, the host's nearest leader (seed 003: "og deres ledere").
    assert "Send ut til 3 deltakere" in page
    assert "Mona Medlem" not in page


# A committee member without an address is listed with their nearest leader in the network,
# as the register has it on the meeting's day: the one who must tell them.


def committee_page(world) -> str:
    return reverse("meetings:invitation", args=[world.committee_meeting.pk])


def committee_member_without_address(world, given: str = "Kåre", family: str = "Komité") -> Person:
    person = no_address(f.person(given, family))
    f.term(person, Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a)
    return person


def told_by(page: str, person: Person) -> str:
    """What the list of those without an address says about who must tell the person."""
    start = page.index(f"{person.full_name}</a><br>")
    return page[start : page.index("</li>", start)]


@pytest.mark.django_db
def test_a_committee_member_without_an_address_is_listed_with_their_nearest_leader(world, client_as):
    kaare = committee_member_without_address(world)
    f.membership(kaare, world.group_a1, nearest_leader=world.person("nearest_leader"))
    page = client_as("secretariat").get(committee_page(world)).content.decode()
    assert "Send ut til 1 deltaker" in page  # Ulla
    assert "1 deltaker har ingen e-postadresse" in page
    said = told_by(page, kaare)
    assert "Nærmeste leder: Lars Leder" in said and "nearest-leader@lindra.example" in said


@pytest.mark.django_db
def test_a_committee_members_leader_in_another_network_is_not_named(world, client_as):
    kaare = committee_member_without_address(world)
    f.membership(kaare, world.group_b1, nearest_leader=f.person("Bjørn", "Bleder", email="bjorn@fe.example"))
    page = client_as("secretariat").get(committee_page(world)).content.decode()
    said = told_by(page, kaare)
    assert "Ingen nærmeste leder er registrert." in said and "Bjørn Bleder" not in page


@pytest.mark.django_db
def test_a_second_membership_without_a_leader_does_not_hide_the_committee_members_leader(world, client_as):
    kaare = committee_member_without_address(world)
    f.membership(kaare, world.group_a1, nearest_leader=world.person("nearest_leader"))
    f.membership(kaare, world.group_a2)
    page = client_as("secretariat").get(committee_page(world)).content.decode()
    assert "Nærmeste leder: Lars Leder" in told_by(page, kaare)


@pytest.mark.django_db
def test_of_two_workplaces_the_leader_where_the_committee_member_began_last_is_named(world, client_as):
    """Kåre works in two places of the network, each with a leader: the one he began at last,
    whichever membership was registered first."""
    kaare = committee_member_without_address(world)
    vera = f.person("Vera", "Virksomhetsleder", email="vera@lindra.example")
    f.membership(kaare, world.group_a2, nearest_leader=vera, starts_on=f.today() - dt.timedelta(days=30))
    f.membership(
        kaare,
        world.group_a1,
        nearest_leader=world.person("nearest_leader"),
        starts_on=f.today() - dt.timedelta(days=900),
    )
    said = told_by(client_as("secretariat").get(committee_page(world)).content.decode(), kaare)
    assert "Nærmeste leder: Vera Virksomhetsleder" in said and "Lars Leder" not in said


@pytest.mark.django_db
def test_a_committee_member_is_listed_with_the_leader_they_have_on_the_meetings_day(world, client_as):
    """Kåre changes workplace between today and the meeting: Vera, his new leader, tells him."""
    kaare = committee_member_without_address(world)
    changes_on = f.today() + dt.timedelta(days=10)
    assert changes_on < timezone.localdate(world.committee_meeting.starts_at)
    f.membership(kaare, world.group_a1, nearest_leader=world.person("nearest_leader"), ends_on=changes_on)
    vera = f.person("Vera", "Virksomhetsleder", email="vera@lindra.example")
    f.membership(kaare, world.group_a1, nearest_leader=vera, starts_on=changes_on + dt.timedelta(days=1))
    page = client_as("secretariat").get(committee_page(world)).content.decode()
    said = told_by(page, kaare)
    assert "Nærmeste leder: Vera Virksomhetsleder" in said and "Lars Leder" not in said


@pytest.mark.django_db
def test_the_committee_invitation_page_takes_as_many_queries_with_many_without_an_address(world, client_as):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_as("secretariat").get(committee_page(world)).status_code == 200
        return len(captured)

    first = committee_member_without_address(world)
    f.membership(first, world.group_a1, nearest_leader=f.person())
    queries()  # the first visit makes the draft
    few = queries()
    for n in range(5):
        person = committee_member_without_address(world, "Medlem", f"Nummer{n}")
        f.membership(person, world.group_a1, nearest_leader=f.person())
    assert queries() == few


@sends_mail
def test_the_subject_names_the_meeting_and_its_date(world, client_as, outbox):
    send_as_secretariat(world, client_as)
    [mail] = outbox.to(world.email("member"))
    assert mail.subject == f"Innkalling: Gruppemøte om smertelindring, {date_format(world.meeting.starts_at, 'j. F Y')}"


@pytest.mark.django_db
def test_the_invitation_page_takes_as_many_queries_with_many_members(world, client_as):
    left_out(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_as("secretariat").get(invitation_page(world)).status_code == 200
        return len(captured)

    queries()  # the first visit makes the draft
    few = queries()
    for n in range(20):
        person = no_address(f.person()) if n % 3 == 0 else f.person()
        membership = f.membership(person, world.group_a1, nearest_leader=f.person())
        if n % 4 == 0:
            Leave.objects.create(membership=membership, starts_on=f.today())
    assert queries() == few


@sends_mail
def test_every_e_mail_and_the_pdf_of_the_invitation_state_the_last_day_to_register(world, client_as, outbox, tmp_path):
    # The host set no deadline of their own: the chain's registration step is the deadline.
    assert world.meeting.registration_deadline is None
    due_on = world.meeting.steps.get(step=rules.Step.REGISTRATION_DEADLINE).due_on
    said = f"Påmeldingsfrist: {date_format(due_on, 'l j. F')}."

    send_as_secretariat(world, client_as)

    [personal] = outbox.to(world.email("member"))
    [copy] = [m for m in outbox.messages if m.subject.startswith("Kopi av innkalling")]
    assert said in personal.text and said in copy.text
    pdf = pdf_text(dict(personal.attachments)["innkalling.pdf"], tmp_path)
    assert f"Innen {date_format(due_on, 'j. F Y')}" in " ".join(pdf.split())


@sends_mail
def test_the_invitation_states_the_hosts_own_deadline(world, client_as, outbox):
    own = timezone.localdate(world.meeting.starts_at) - dt.timedelta(days=3)
    Meeting.objects.filter(pk=world.meeting.pk).update(registration_deadline=own)
    send_as_secretariat(world, client_as)
    [personal] = outbox.to(world.email("member"))
    assert f"Påmeldingsfrist: {date_format(own, 'l j. F')}." in personal.text
