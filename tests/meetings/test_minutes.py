"""The minutes, from the minute-taker's draft to every inbox (seeds 000 and 001): drafted with
the meeting's facts, sent to the secretariat after the meeting, sent back or approved, and
then delivered by rule to the members and participants, with a copy to the operations
group's leader and the secretariat, and to every member's nearest leader, the PDF attached."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from lindra.mail.delivery import deliver_due
from lindra.mail.models import OutboxMessage
from lindra.meetings import attendance, rules
from lindra.meetings import minutes as service
from lindra.meetings import minutes_documents as documents
from lindra.meetings.models import CompetenceTopic, Meeting, Minutes, MinutesTemplate, Registration
from lindra.meetings.services import MeetingError, create_steps
from lindra.registry.models import Term
from tests import factories as f
from tests.documents import docx_text, pdf_text
from tests.meetings.test_invitations import no_address
from tests.personas import World

sends_mail = pytest.mark.django_db(transaction=True)
Attendance = Registration.Attendance


def hold(world: World, *, days_ago: int = 3) -> Meeting:
    """Makes A1's meeting one that was held: in the past, with a program, topics, a
    minute-taker (Mona), and attendance marked. Kari gave notice; Ola did not come and gave no
    notice; Per answered that he could not come, and the sheet says so."""
    meeting = world.meeting
    starts_at = f.at(f.today() - dt.timedelta(days=days_ago), 12)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        part1="Runde rundt bordet. Nytt fra driftsgruppen.",
        part2_title="Smertelindring i livets sluttfase",
        part2="Innlegg ved overlege Hanne Hjelp.",
        minute_taker=world.person("member"),
        attendance_recorded_at=timezone.now(),
    )
    meeting.refresh_from_db()
    meeting.topics.set([CompetenceTopic.objects.create(network=world.network_a, title="Smertelindring")])
    create_steps(meeting)
    lars = world.person("nearest_leader")
    kari = f.person("Kari", "Nordmann", email="kari@lindra.example")
    ola = f.person("Ola", "Uteblitt", email="ola@lindra.example")
    per = f.person("Per", "Hansen", email="per@lindra.example")
    for person in (kari, ola, per):
        f.membership(person, world.group_a1, nearest_leader=lars)
    marks = [
        (world.person("member"), Attendance.PRESENT, Registration.Answer.REGISTERED),
        (world.person("host"), Attendance.PRESENT, Registration.Answer.REGISTERED),
        (kari, Attendance.NOTICE, Registration.Answer.ABSENT),
        (ola, Attendance.ABSENT, Registration.Answer.NONE),
        (per, Attendance.NOTICE, Registration.Answer.ABSENT),
    ]
    for person, mark, answer in marks:
        Registration.objects.create(meeting=meeting, person=person, attendance=mark, answer=answer)
    Registration.objects.create(
        meeting=meeting,
        kind=Registration.Kind.GUEST,
        guest_name="Gerd Gjest",
        guest_email="gerd@sykehus.example",
        attendance=Attendance.PRESENT,
    )
    return meeting


@pytest.fixture
def held(world) -> Meeting:
    return hold(world)


def page(meeting: Meeting, name: str = "meetings:minutes") -> str:
    return reverse(name, args=[meeting.pk])


def draft(text: str = "Vi delte erfaringer med smertepumper.", version: int = 1, **fields) -> dict:
    return {
        "part1": text,
        "part2": "Hanne Hjelp om opioider.",
        "agreements": "Neste møte 2. juni.",
        "version": version,
        **fields,
    }


def written(meeting: Meeting, by) -> Minutes:
    minutes = service.minutes_for(meeting)
    return service.save_draft(
        minutes,
        part1="Vi delte erfaringer med smertepumper.",
        part2="Hanne Hjelp om opioider.",
        agreements="Neste møte 2. juni.",
        expected_version=minutes.version,
        by=by,
    )


def submitted(meeting: Meeting, by) -> Minutes:
    return service.submit(written(meeting, by), by=by)


# The facts --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_facts_name_who_attended_and_who_gave_notice_but_not_who_stayed_away(held):
    facts = documents.facts(held)
    assert facts.attended == ("Aina Arrangør", "Mona Medlem")
    assert facts.guests == ("Gerd Gjest",)
    assert facts.gave_notice == ("Per Hansen", "Kari Nordmann")
    assert "Ola Uteblitt" not in (*facts.attended, *facts.gave_notice, *facts.guests)
    assert facts.host == "Aina Arrangør" and facts.minute_taker == "Mona Medlem"
    assert facts.leaders == ("Gunnar Gruppeleder",)
    assert facts.topics == ("Smertelindring",)
    assert facts.time_text == "12:00–15:00"
    assert facts.attendance_marked


@pytest.mark.django_db
def test_the_facts_follow_the_saved_sheet_not_the_answers(world, client_as):
    """Nothing is in the minutes that the sheet, as saved, does not say: not an answer never
    confirmed on the day, not a member added since, not the marks of one on leave that day."""
    meeting = world.meeting
    starts_at = timezone.now() - dt.timedelta(hours=4)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3))
    meeting.refresh_from_db()
    Registration.objects.create(meeting=meeting, person=world.person("member"), answer=Registration.Answer.ABSENT)
    assert documents.facts(meeting).gave_notice == ()  # an answer is not a mark
    assert not documents.facts(meeting).attendance_marked

    sheet = attendance.attendance_sheet(meeting)
    marks = {row.registration.pk: row.start or rules.PRESENT for row in sheet.rows}
    attendance.record_attendance(meeting, marks, by=world.user("host"))
    meeting.refresh_from_db()
    per = f.person("Per", "Persen")
    f.membership(per, world.group_a1)
    Registration.objects.create(meeting=meeting, person=per, answer=Registration.Answer.REGISTERED)

    facts = documents.facts(meeting)
    assert (facts.attended, facts.gave_notice, facts.attendance_marked) == (("Aina Arrangør",), ("Mona Medlem",), True)
    page = client_as("group_leader").get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "Oppmøtelisten er endret siden den ble lagret" in page


@pytest.mark.django_db
def test_a_new_draft_starts_from_the_networks_template(world):
    MinutesTemplate.objects.create(
        network=world.network_a, body="[Del 1]\nNytt fra driftsgruppen:\n[Del 2]\nFaglig:\n[Avtaler]\nNeste møte:"
    )
    minutes = service.minutes_for(world.meeting)
    assert (minutes.part1, minutes.part2, minutes.agreements) == (
        "Nytt fra driftsgruppen:\n",
        "Faglig:\n",
        "Neste møte:\n",
    )


@pytest.mark.django_db
def test_without_markers_the_whole_guidance_starts_part_1(world):
    MinutesTemplate.objects.create(network=world.network_a, body="Husk: ingen helseopplysninger.")
    minutes = service.minutes_for(world.meeting)
    assert minutes.part1 == "Husk: ingen helseopplysninger.\n" and minutes.part2 == ""


# The workflow -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_writers_at_once_the_second_is_told_and_nothing_is_lost(held, group_leader, member):
    minutes = service.minutes_for(held)
    service.save_draft(minutes, part1="Monas tekst", part2="", agreements="", expected_version=1, by=member)
    with pytest.raises(MeetingError) as refused:
        service.save_draft(minutes, part1="Gunnars tekst", part2="", agreements="", expected_version=1, by=group_leader)
    assert "Noen andre har lagret referatet" in str(refused.value)
    assert refused.value.current_version == 2
    assert Minutes.objects.get(pk=minutes.pk).part1 == "Monas tekst"


@pytest.mark.django_db
def test_minutes_cannot_be_sent_in_before_the_meeting_is_over(world, group_leader):
    minutes = written(world.meeting, group_leader)
    with pytest.raises(MeetingError, match="når møtet er over"):
        service.submit(minutes, by=group_leader)
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.DRAFT


@pytest.mark.django_db
def test_empty_minutes_are_not_sent_in(held, group_leader):
    minutes = service.minutes_for(held)
    service.save_draft(minutes, part1=" ", part2="", agreements="", expected_version=minutes.version, by=group_leader)
    with pytest.raises(MeetingError, match="Skriv referatet") as refused:
        service.submit(minutes, by=group_leader)
    assert refused.value.field == "part1"


@sends_mail
def test_sending_in_tells_the_secretariat_and_finishes_the_step(world, held, group_leader, outbox):
    minutes = submitted(held, group_leader)
    assert minutes.status == Minutes.Status.SUBMITTED and minutes.submitted_by == group_leader
    assert held.steps.get(step=rules.Step.MINUTES_TO_SECRETARIAT).done_at is not None
    [mail] = outbox.to(world.network_a.secretariat_email)
    assert mail.subject.startswith("Referat til gjennomgang")
    assert page(held) in mail.text
    with pytest.raises(MeetingError, match="allerede sendt til sekretariatet"):
        service.submit(minutes, by=group_leader)
    with pytest.raises(MeetingError, match="kan ikke endres"):
        service.save_draft(
            minutes, part1="x", part2="", agreements="", expected_version=minutes.version, by=group_leader
        )


@sends_mail
def test_the_secretariat_sends_them_back_with_a_note_and_they_come_back_corrected(
    world, held, group_leader, secretariat, outbox
):
    minutes = submitted(held, world.user("member"))
    with pytest.raises(MeetingError) as refused:
        service.request_changes(minutes, note="  ", by=secretariat)
    assert refused.value.field == "note"
    outbox.clear()
    service.request_changes(minutes, note="Skriv hvem som ledet del 2.", by=secretariat)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CHANGES_REQUESTED
    [mail] = outbox.messages
    assert set(mail.envelope_to) == {world.email("group_leader"), world.email("member")}
    assert "Skriv hvem som ledet del 2." in mail.text and mail.subject.startswith("Referatet må rettes")
    minutes = service.save_draft(
        minutes,
        part1="Del 1 ledet av Gunnar.",
        part2="",
        agreements="",
        expected_version=minutes.version,
        by=group_leader,
    )
    outbox.clear()
    service.submit(minutes, by=group_leader)
    [again] = outbox.to(world.network_a.secretariat_email)
    assert "igjen" in again.text
    assert OutboxMessage.objects.filter(dedupe_key=f"minutes:{held.pk}:submitted:2").exists()


@pytest.mark.django_db
def test_only_minutes_sent_in_can_be_approved_and_only_once(held, group_leader, secretariat):
    minutes = written(held, group_leader)
    with pytest.raises(MeetingError, match="ikke sendt til sekretariatet"):
        service.approve_and_send(minutes, by=secretariat)
    with pytest.raises(MeetingError, match="ikke sendt til sekretariatet"):
        service.request_changes(minutes, note="Rett", by=secretariat)
    service.submit(minutes, by=group_leader)
    service.approve_and_send(minutes, by=secretariat)
    with pytest.raises(MeetingError, match="allerede godkjent"):
        service.approve_and_send(minutes, by=secretariat)
    with pytest.raises(MeetingError, match="godkjent og sendt ut"):
        service.save_draft(
            minutes, part1="x", part2="", agreements="", expected_version=minutes.version, by=secretariat
        )
    assert held.steps.get(step=rules.Step.MINUTES_SENT).done_at is not None
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGED,
        object_type="meetings.Minutes",
        object_id=str(minutes.pk),
        changes__status="approved",
    ).exists()


# Distribution by rule, through a real SMTP server -----------------------------------------


def ops_leader() -> str:
    return "driftsleder@lindra.example"


def approve(world: World, meeting: Meeting, outbox) -> service.Sent:
    """Sent in and approved; the outbox then holds only the minutes' distribution."""
    minutes = submitted(meeting, world.user("group_leader"))
    outbox.clear()
    return service.approve_and_send(minutes, by=world.user("secretariat"))


@sends_mail
def test_approved_minutes_reach_each_member_participant_copy_and_nearest_leader_once(world, held, outbox):
    odd = f.person_with_user("Odd", "Driftsleder", email=ops_leader())
    f.term(odd, Term.Kind.COMMITTEE_LEADER, committee=world.committee_a)
    # Another leader, and a member whose leader is herself in the group: she gets it once.
    vera = f.person("Vera", "Virksomhetsleder", email="vera@lindra.example")
    f.membership(f.person("Siv", "Sykepleier", email="siv@lindra.example"), world.group_a1, nearest_leader=vera)
    f.membership(
        f.person("Tor", "Tilsatt", email="tor@lindra.example"), world.group_a1, nearest_leader=world.person("host")
    )

    sent = approve(world, held, outbox)
    deliver_due()

    readers = {
        world.email("member"),
        world.email("host"),
        "kari@lindra.example",
        "ola@lindra.example",
        "per@lindra.example",
        "siv@lindra.example",
        "tor@lindra.example",
        "gerd@sykehus.example",
    }
    copies = {world.network_a.secretariat_email, ops_leader()}
    leaders = {world.email("nearest_leader"), "vera@lindra.example"}
    assert (sent.readers, sent.copies, sent.leaders) == (len(readers), 1 + 1, len(leaders))
    messages = outbox.messages
    assert len(messages) == len(readers) + 1 + len(leaders)
    personal = [m for m in messages if m.subject.startswith("Referat:")]
    assert sorted(a for m in personal for a in m.envelope_to) == sorted(readers)
    [copy] = [m for m in messages if m.subject.startswith("Kopi av referat")]
    assert set(copy.envelope_to) == copies
    to_leaders = [m for m in messages if m.subject.startswith("Referat for dine ansatte")]
    assert sorted(a for m in to_leaders for a in m.envelope_to) == sorted(leaders)
    [to_lars] = outbox.to(world.email("nearest_leader"))
    assert "Hei Lars Leder!" in to_lars.text
    assert "nærmeste leder for Aina Arrangør, Kari Nordmann, Mona Medlem, Ola Uteblitt, Per Hansen" in to_lars.text
    [to_vera] = outbox.to("vera@lindra.example")
    assert "Hei Vera Virksomhetsleder!" in to_vera.text
    assert "nærmeste leder for Siv Sykepleier." in to_vera.text
    for mail in messages:
        [(name, content)] = mail.attachments
        assert name.endswith(".pdf") and content.startswith(b"%PDF")
    [to_mona] = outbox.to(world.email("member"))
    assert "Hei Mona Medlem!" in to_mona.text
    assert "Vi delte erfaringer med smertepumper." in to_mona.text
    assert "Meldt forfall: Per Hansen, Kari Nordmann" in to_mona.text
    assert "Ola Uteblitt" not in to_mona.text


@sends_mail
def test_approving_twice_sends_nothing_twice(world, held, outbox):
    minutes = submitted(held, world.user("group_leader"))
    service.approve_and_send(minutes, by=world.user("secretariat"))
    count = len(outbox.messages)
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.SUBMITTED)
    service.approve_and_send(minutes, by=world.user("secretariat"))  # the dedupe keys hold
    deliver_due()
    assert len(outbox.messages) == count


@sends_mail
def test_a_failed_delivery_shows_on_the_distribution_list(world, held, client_as, outbox):
    minutes = submitted(held, world.user("group_leader"))
    outbox.handler.refuse_with = "554 5.7.1 Mottaker avvist"
    service.approve_and_send(minutes, by=world.user("secretariat"))
    deliver_due()
    rows = service.distribution(held)
    assert rows and all(row.failed for row in rows)
    assert {row.kind for row in rows} == {"reader", "copy", "leader"}
    outbox.handler.refuse_with = None
    response = client_as("secretariat").get(page(held))
    text = response.content.decode()
    assert "Hvem har fått referatet" in text and "Feilet" in text and "Mottaker avvist" in text
    assert reverse("mail:failed") in text


@sends_mail
def test_the_distribution_list_shows_who_received_what_and_when(world, held, client_as, outbox):
    approve(world, held, outbox)
    deliver_due()
    rows = service.distribution(held)
    assert all(row.status == OutboxMessage.Status.SENT and row.sent_at for row in rows)
    assert [row.kind for row in rows] == sorted((row.kind for row in rows), key=["reader", "copy", "leader"].index)
    text = client_as("secretariat").get(page(held)).content.decode()
    assert "gerd@sykehus.example" in text and "Nærmeste leder" in text
    # Members read the approved minutes, but not who received them.
    member_page = client_as("member").get(page(held)).content.decode()
    assert "Vi delte erfaringer med smertepumper." in member_page
    assert "Hvem har fått referatet" not in member_page


@pytest.mark.django_db
def test_a_member_without_an_address_is_named_to_her_leader_and_a_leader_without_one_gets_nothing(world, held):
    tone = no_address(f.person("Tone", "Utenpost"))
    f.membership(tone, world.group_a1, nearest_leader=world.person("nearest_leader"))
    vera = no_address(f.person("Vera", "Virksomhetsleder"))
    f.membership(f.person("Siv", "Sykepleier", email="siv@lindra.example"), world.group_a1, nearest_leader=vera)
    found = service.recipients(held, f.today()).recipients
    assert set(found.readers) == {
        world.email("member"),
        world.email("host"),
        "kari@lindra.example",
        "ola@lindra.example",
        "per@lindra.example",
        "siv@lindra.example",
        "gerd@sykehus.example",
    }
    staff = ("Aina Arrangør", "Kari Nordmann", "Mona Medlem", "Ola Uteblitt", "Per Hansen", "Tone Utenpost")
    assert found.leaders == {world.email("nearest_leader"): staff}


@pytest.mark.django_db
def test_the_operations_groups_representative_reads_them_but_her_own_leader_gets_no_copy(world, held):
    """Ulla came to A1's meeting for the operations group; she is also a resource nurse in
    Åsane, where Vera is her nearest leader."""
    ulla = world.person("committee_member")
    f.membership(ulla, world.group_a2, nearest_leader=f.person("Vera", "Virksomhetsleder", email="vera@lindra.example"))
    Meeting.objects.filter(pk=held.pk).update(operations_representative=ulla)
    held.refresh_from_db()
    found = service.recipients(held, f.today()).recipients
    assert world.email("committee_member") in found.readers
    assert list(found.leaders) == [world.email("nearest_leader")]


@pytest.mark.django_db
def test_for_a_member_of_two_groups_the_leader_in_the_meetings_own_group_is_told(world, held):
    """Siv is in A1 under Lars and in Åsane under Vera; Tor is in A1 with no leader given
    there, and in Åsane under Vera. A1's minutes tell Lars of Siv, and Vera only of Tor."""
    lars = world.person("nearest_leader")
    vera = f.person("Vera", "Virksomhetsleder", email="vera@lindra.example")
    siv = f.person("Siv", "Sykepleier", email="siv@lindra.example")
    f.membership(siv, world.group_a1, nearest_leader=lars)
    f.membership(siv, world.group_a2, nearest_leader=vera)
    tor = f.person("Tor", "Tilsatt", email="tor@lindra.example")
    f.membership(tor, world.group_a1)
    f.membership(tor, world.group_a2, nearest_leader=vera)
    leaders = service.recipients(held, f.today()).recipients.leaders
    assert "Siv Sykepleier" in leaders[world.email("nearest_leader")]
    assert leaders["vera@lindra.example"] == ("Tor Tilsatt",)


@sends_mail
def test_a_committee_meetings_minutes_go_to_those_called_and_their_leaders(world, outbox):
    meeting = world.committee_meeting
    starts_at = f.at(f.today() - dt.timedelta(days=2), 9)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2))
    meeting.refresh_from_db()
    # A committee member who is also a resource person in the network: her leader is told.
    rita = f.person_with_user("Rita", "Ressurs", email="rita@lindra.example")
    f.term(rita, Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a)
    vera = f.person("Vera", "Virksomhetsleder", email="vera@lindra.example")
    f.membership(rita, world.group_a2, nearest_leader=vera)
    minutes = submitted(meeting, world.user("committee_member"))
    sent = service.approve_and_send(minutes, by=world.user("secretariat"))
    deliver_due()
    readers = {world.email("committee_member"), "rita@lindra.example"}
    assert sent.readers == 2 and sent.leaders == 1
    assert {a for m in outbox.messages if m.subject.startswith("Referat:") for a in m.envelope_to} == readers
    [to_vera] = outbox.to("vera@lindra.example")
    assert "Rita Ressurs" in to_vera.text


# The pages, by role ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status", "shows"),
    [
        ("group_leader", 200, "Skriv referatet"),
        ("member", 200, "Skriv referatet"),  # Mona is the minute-taker
        ("secretariat", 200, "Skriv referatet"),
        ("host", 200, "ikke klart ennå"),
        ("committee_member", 200, "ikke klart ennå"),
        ("other_member", 404, None),
        ("other_secretariat", 404, None),
        ("nearest_leader", 200, "ikke klart ennå"),  # the leader of Mona and Aina
    ],
)
def test_the_minutes_page_by_role(held, client_as, role, status, shows):
    response = client_as(role).get(page(held))
    assert response.status_code == status
    if shows:
        text = response.content.decode()
        assert shows in text
        if shows == "ikke klart ennå":
            assert "Del 1: Erfaringsutveksling" not in text  # nothing of the draft


@pytest.mark.django_db
def test_the_minutes_page_links_the_meeting_only_for_those_who_see_it(held, client_as):
    to_meeting = f'href="{held.get_absolute_url()}"'
    assert to_meeting in client_as("member").get(page(held)).content.decode()
    assert to_meeting not in client_as("nearest_leader").get(page(held)).content.decode()
    assert client_as("nearest_leader").get(held.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_member_who_is_not_the_minute_taker_reads_but_cannot_write(world, held, client_as):
    Meeting.objects.filter(pk=held.pk).update(minute_taker=None)
    client = client_as("member")
    assert "ikke klart ennå" in client.get(page(held)).content.decode()
    assert client.post(page(held), draft()).status_code == 403
    assert client.post(page(held, "meetings:minutes_submit"), draft()).status_code == 403
    assert client.get(page(held, "meetings:minutes_pdf")).status_code == 404
    assert client.get(page(held, "meetings:minutes_docx")).status_code == 404
    assert not Minutes.objects.filter(meeting=held).exists()


@pytest.mark.django_db
def test_the_minute_taker_saves_a_draft(held, client_as):
    client = client_as("member")
    client.get(page(held))
    response = client.post(page(held), draft("Mona skrev dette."))
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=held).part1 == "Mona skrev dette."
    assert "Mona skrev dette." in client.get(page(held)).content.decode()


@pytest.mark.django_db
def test_a_save_after_someone_elses_keeps_what_was_typed(held, client_as):
    client_as("group_leader").get(page(held))
    client_as("group_leader").post(page(held), draft("Gunnar først."))
    response = client_as("member").post(page(held), draft("Monas tekst som ikke må bli borte.", version=1))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Monas tekst som ikke må bli borte." in text
    assert "Noen andre har lagret referatet" in text
    assert "Se teksten som er lagret nå" in text and "Gunnar først." in text
    assert response.context["form"].data["version"] == 2
    assert Minutes.objects.get(meeting=held).part1 == "Gunnar først."


@sends_mail
def test_the_writer_sends_in_from_the_page(world, held, client_as, outbox):
    client = client_as("group_leader")
    client.get(page(held))
    response = client.post(page(held, "meetings:minutes_submit"), draft("Ferdig skrevet."))
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=held)
    assert minutes.status == Minutes.Status.SUBMITTED and minutes.part1 == "Ferdig skrevet."
    assert len(outbox.to(world.network_a.secretariat_email)) == 1
    text = client.get(page(held)).content.decode()
    assert "kan ikke endres mens sekretariatet ser på det" in text


@pytest.mark.django_db
def test_sending_in_before_the_meeting_keeps_the_draft_and_says_why(world, client_as):
    client = client_as("group_leader")
    client.get(page(world.meeting))
    response = client.post(page(world.meeting, "meetings:minutes_submit"), draft("Skrevet på forhånd."))
    assert response.status_code == 400
    text = response.content.decode()
    assert "når møtet er over" in text and "Utkastet ditt er lagret." in text
    assert "Skrevet på forhånd." in text
    minutes = Minutes.objects.get(meeting=world.meeting)
    assert minutes.status == Minutes.Status.DRAFT and minutes.part1 == "Skrevet på forhånd."
    assert response.context["form"].data["version"] == minutes.version


@pytest.mark.django_db
def test_bad_input_on_the_draft_is_refused_with_a_norwegian_error(held, client_as):
    response = client_as("group_leader").post(page(held), {"part1": "Tekst", "version": "x"})
    assert response.status_code == 400
    assert "Tekst" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("group_leader", 403), ("member", 403), ("other_secretariat", 404)])
def test_only_the_secretariat_reviews(held, client_as, role, status):
    minutes = service.minutes_for(held)
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.SUBMITTED, part1="Tekst")
    response = client_as(role).post(page(held, "meetings:minutes_review"), {"action": "approve"})
    assert response.status_code == status
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.SUBMITTED


@pytest.mark.django_db
def test_sending_back_without_a_note_is_refused_on_the_note(world, held, client_as):
    submitted(held, world.user("group_leader"))
    response = client_as("secretariat").post(page(held, "meetings:minutes_review"), {"action": "changes", "note": ""})
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()
    assert Minutes.objects.get(meeting=held).status == Minutes.Status.SUBMITTED


@pytest.mark.django_db
def test_a_review_without_a_choice_is_refused(world, held, client_as):
    submitted(held, world.user("group_leader"))
    response = client_as("secretariat").post(page(held, "meetings:minutes_review"), {"action": "kanskje"})
    assert response.status_code == 400
    assert "Velg om referatet skal godkjennes" in response.content.decode()


@sends_mail
def test_the_secretariat_sees_who_will_receive_them_and_approves(world, held, client_as, outbox):
    submitted(held, world.user("group_leader"))
    client = client_as("secretariat")
    text = client.get(page(held)).content.decode()
    assert "Godkjenn og send ut" in text and "gerd@sykehus.example" in text
    assert world.email("nearest_leader") in text
    response = client.post(page(held, "meetings:minutes_review"), {"action": "approve", "note": ""})
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=held).status == Minutes.Status.APPROVED
    assert outbox.to(world.email("member"))
    assert client_as("member").get(page(held, "meetings:minutes_pdf")).status_code == 200
    assert client_as("host").get(page(held, "meetings:minutes_docx")).status_code == 200
    assert client_as("other_member").get(page(held, "meetings:minutes_pdf")).status_code == 404


@pytest.mark.django_db
def test_the_secretariat_sends_back_from_the_page(world, held, client_as):
    submitted(held, world.user("group_leader"))
    response = client_as("secretariat").post(
        page(held, "meetings:minutes_review"), {"action": "changes", "note": "Ta med gjestene."}
    )
    assert response.status_code == 302
    text = client_as("group_leader").get(page(held)).content.decode()
    assert "Sekretariatet har sendt referatet tilbake" in text and "Ta med gjestene." in text


@pytest.mark.django_db
def test_the_minutes_page_takes_as_many_queries_with_a_larger_group(world, held, client_as):
    submitted(held, world.user("group_leader"))
    client = client_as("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page(held)).status_code == 200
        return len(captured)

    few = queries()
    for n in range(15):
        person = f.person("Medlem", f"Nummer{n}")
        f.membership(person, world.group_a1, nearest_leader=f.person("Leder", f"Nummer{n}"))
        Registration.objects.create(meeting=held, person=person, attendance=Attendance.PRESENT)
    assert queries() == few


# Where the minutes show up -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_meetings_page_links_to_the_minutes_for_writers_and_once_approved_for_all(world, held, client_as):
    link = page(held)
    assert link in client_as("group_leader").get(held.get_absolute_url()).content.decode()
    Meeting.objects.filter(pk=held.pk).update(minute_taker=None)
    assert link not in client_as("member").get(held.get_absolute_url()).content.decode()
    minutes = submitted(held, world.user("group_leader"))
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.APPROVED)
    assert link in client_as("member").get(held.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_home_page_shows_minutes_to_write_and_to_review(world, held, client_as):
    assert "Referater du skal skrive" in client_as("group_leader").get("/").content.decode()
    assert "Referater du skal skrive" in client_as("member").get("/").content.decode()  # the minute-taker
    assert "Referater til gjennomgang" not in client_as("secretariat").get("/").content.decode()
    submitted(held, world.user("group_leader"))
    assert "Referater du skal skrive" not in client_as("group_leader").get("/").content.decode()
    home = client_as("secretariat").get("/").content.decode()
    assert "Referater til gjennomgang" in home and page(held) in home


@sends_mail
def test_approving_again_from_an_old_page_is_refused_with_a_message(world, held, client_as, outbox):
    submitted(held, world.user("group_leader"))
    client = client_as("secretariat")
    assert client.post(page(held, "meetings:minutes_review"), {"action": "approve"}).status_code == 302
    count = len(outbox.messages)
    response = client.post(page(held, "meetings:minutes_review"), {"action": "approve"})
    assert response.status_code == 400
    assert "Referatet er allerede godkjent og sendt ut." in response.content.decode()
    assert len(outbox.messages) == count


@sends_mail
def test_sending_in_twice_from_an_old_page_is_refused_with_a_message(held, client_as, outbox):
    client = client_as("group_leader")
    client.get(page(held))
    assert client.post(page(held, "meetings:minutes_submit"), draft()).status_code == 302
    response = client.post(page(held, "meetings:minutes_submit"), draft(version=2))
    assert response.status_code == 400
    assert "kan ikke endres" in response.content.decode()


@pytest.mark.django_db
def test_the_nearest_leader_reads_the_approved_minutes_of_their_staff_but_never_a_draft(world, held, client_as):
    lars = client_as("nearest_leader")
    minutes = submitted(held, world.user("group_leader"))
    assert lars.get(page(held, "meetings:minutes_pdf")).status_code == 404
    assert "ikke klart ennå" in lars.get(page(held)).content.decode()
    service.approve_and_send(minutes, by=world.user("secretariat"))
    assert minutes.part1 in lars.get(page(held)).content.decode()
    response = lars.get(page(held, "meetings:minutes_pdf"))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert lars.post(page(held), {"part1": "Endret"}).status_code == 403
    assert client_as("nearest_leader").get(reverse("meetings:detail", args=[held.pk])).status_code == 404


@pytest.mark.django_db
def test_approved_minutes_stay_as_sent_when_attendance_is_corrected_later(world, held, client_as):
    minutes = submitted(held, world.user("group_leader"))
    service.approve_and_send(minutes, by=world.user("secretariat"))
    # A week later the host corrects Ola, who did come after all.
    Registration.objects.filter(meeting=held, person__given_name="Ola").update(attendance=Attendance.PRESENT)
    assert "Ola Uteblitt" in documents.facts(held).attended
    minutes.refresh_from_db()
    as_sent = documents.facts_for(minutes)
    assert "Ola Uteblitt" not in as_sent.attended
    assert as_sent.attended == ("Aina Arrangør", "Mona Medlem")
    assert as_sent.starts_at == held.starts_at
    page = client_as("member").get(reverse("meetings:minutes", args=[held.pk])).content.decode()
    assert "Ola Uteblitt" not in page and "Slik de var da referatet ble sendt ut." in page
    text = docx_text(documents.render_docx(minutes))
    assert "Mona Medlem" in text and "Ola Uteblitt" not in text


@sends_mail
def test_a_guest_gets_the_minutes_without_part_1_which_was_for_the_members(world, held, outbox, tmp_path):
    approve(world, held, outbox)
    deliver_due()
    [to_gerd] = outbox.to("gerd@sykehus.example")
    [to_mona] = outbox.to(world.email("member"))
    part1 = "Vi delte erfaringer med smertepumper."
    assert "Hei Gerd Gjest!" in to_gerd.text
    assert part1 in to_mona.text and part1 not in to_gerd.text
    assert "Del 1 var for medlemmene i gruppen" in to_gerd.text
    assert "Hanne Hjelp om opioider." in to_gerd.text
    [(_name, guest_pdf)] = to_gerd.attachments
    [(_name, member_pdf)] = to_mona.attachments
    assert pdf_text(guest_pdf, tmp_path).count("smertepumper") == 0
    assert "smertepumper" in pdf_text(member_pdf, tmp_path)
