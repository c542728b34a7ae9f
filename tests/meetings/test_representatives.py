"""The operations group's representative at the group meetings (seed 001: "Representanter fra
driftsgruppen skal delta på nettverksmøtene"): the group leader or the secretariat names who
attends; they get their own invitation (by a real SMTP server here) and the minutes, see the
meeting and answer for it, stand on the attendance sheet "fra driftsgruppen" without being
counted, and the network's year shows the meetings that name no one."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import attendance, follow_ups, invitations, minutes, representatives, yearly
from lindra.meetings.models import FollowUp, Meeting, Registration
from lindra.meetings.services import MeetingError, create_steps
from lindra.registry.models import Committee, Membership, Term
from tests import factories as f
from tests.meetings.conftest import LONG_AGO
from tests.personas import EVERYONE, World, outcome

pytestmark = pytest.mark.usefixtures("members_since_long_ago")
sends_mail = pytest.mark.django_db(transaction=True)
Attendance = Registration.Attendance


def page_url(meeting: Meeting) -> str:
    return reverse("meetings:operations_representative", args=[meeting.pk])


def reload(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("network", "local_group", "operations_representative").get(pk=meeting.pk)


def choose(world: World, person, meeting: Meeting | None = None) -> representatives.Chosen:
    return representatives.choose_representative(
        reload(meeting or world.meeting), person, by=world.user("group_leader")
    )


def held(world: World, *, days_ago: int = 1) -> Meeting:
    starts_at = timezone.now() - dt.timedelta(days=days_ago)
    return f.meeting(world.group_a1, starts_at=starts_at, host=world.person("host"))


# Who may represent the operations group ----------------------------------------------------------


def test_the_candidates_sit_in_the_operations_group_on_the_meetings_date_and_are_not_in_the_group(world):
    ulla = world.person("committee_member")
    working = f.committee(world.network_a, "Arbeidsgruppen", kind=Committee.Kind.WORKING)
    f.term(f.person("Wenche", "Arbeid"), Term.Kind.COMMITTEE_MEMBER, committee=working)
    day = timezone.localdate(world.meeting.starts_at)
    f.term(
        f.person("Egil", "Ferdig"),
        Term.Kind.COMMITTEE_MEMBER,
        committee=world.committee_a,
        ends_on=day - dt.timedelta(days=1),
    )
    f.term(f.person("Nina", "Ny"), Term.Kind.COMMITTEE_LEADER, committee=world.committee_a, starts_on=day)
    # Aina sits in the operations group too, but she is a member of the group: she is there anyway.
    f.term(world.person("host"), Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a)
    other_network = f.committee(world.network_b, "Driftsgruppen B")
    f.term(f.person("Bodil", "Bnett"), Term.Kind.COMMITTEE_MEMBER, committee=other_network)

    names = [p.full_name for p in representatives.candidates(world.meeting)]

    assert names == ["Nina Ny", "Ulla Utvalg"]
    assert ulla.full_name in names


def test_choosing_calls_the_representative_and_is_in_the_audit_log(world):
    ulla = world.person("committee_member")
    chosen = choose(world, ulla)
    assert chosen.person == ulla and not chosen.invited  # the invitation has not gone out
    assert reload(world.meeting).operations_representative == ulla
    registration = Registration.objects.get(meeting=world.meeting, person=ulla)
    assert registration.kind == Registration.Kind.MEMBER and registration.answer == Registration.Answer.NONE
    event = AuditEvent.objects.filter(action=AuditAction.CHANGED, object_id=str(world.meeting.pk)).latest("id")
    assert event.changes == {"operations_representative": ["", "Ulla Utvalg"]}
    assert ulla in invitations.participants(reload(world.meeting), f.today())
    assert ulla not in invitations.call_list(reload(world.meeting), f.today()).members


def test_someone_not_in_the_operations_group_is_refused(world):
    with pytest.raises(MeetingError, match="Mona Medlem sitter ikke i driftsgruppen"):
        choose(world, world.person("member"))
    assert reload(world.meeting).operations_representative is None
    assert not Registration.objects.filter(meeting=world.meeting).exists()


def test_a_committee_meeting_has_no_representative(world):
    with pytest.raises(MeetingError, match="Bare nettverksmøter"):
        choose(world, world.person("committee_member"), world.committee_meeting)


def test_a_replaced_representative_who_was_not_marked_is_no_longer_called(world):
    ulla = world.person("committee_member")
    rita = f.person("Rita", "Representant")
    f.term(rita, Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a)
    choose(world, ulla)
    choose(world, rita)
    assert not Registration.objects.filter(meeting=world.meeting, person=ulla).exists()
    assert Registration.objects.filter(meeting=world.meeting, person=rita).exists()
    assert ulla not in invitations.participants(reload(world.meeting), f.today())
    choose(world, None)
    assert reload(world.meeting).operations_representative is None
    assert not Registration.objects.filter(meeting=world.meeting, person=rita).exists()


# The page ---------------------------------------------------------------------------------------


CHOOSES = {
    "visitor": "sign in",
    "superuser": 302,
    "secretariat": 302,
    "group_leader": 302,
    "committee_member": 403,
    "host": 403,  # a host does not choose who comes from the operations group
    "member": 403,
    "nearest_leader": 404,
    "other_member": 404,
    "other_secretariat": 404,
}


def test_the_group_leader_and_the_secretariat_choose_and_no_one_else(world, client_as):
    ulla = world.person("committee_member")
    for role in EVERYONE:
        Meeting.objects.filter(pk=world.meeting.pk).update(operations_representative=None)
        response = client_as(role).post(page_url(world.meeting), {"representative": ulla.pk})
        got = outcome(response)
        assert got == CHOOSES[role], role
        expected = ulla if got == 302 else None
        assert reload(world.meeting).operations_representative == expected, role


def test_the_group_leader_chooses_on_the_page_and_the_meeting_shows_who(world, client_as):
    client = client_as("group_leader")
    detail = reverse("meetings:detail", args=[world.meeting.pk])
    page = client.get(detail).content.decode()
    assert "Fra driftsgruppen" in page and "Ingen valgt ennå" in page
    assert "Velg representant fra driftsgruppen" in page
    form = client.get(page_url(world.meeting)).content.decode()
    assert "Ulla Utvalg" in form and "Mona Medlem" not in form

    response = client.post(
        page_url(world.meeting), {"representative": world.person("committee_member").pk}, follow=True
    )

    assert response.redirect_chain[-1][0] == detail
    page = response.content.decode()
    assert "Ulla Utvalg deltar fra driftsgruppen." in page
    assert "Bytt representant fra driftsgruppen" in page
    member_page = client_as("member").get(detail).content.decode()
    assert "Ulla Utvalg" in member_page and "Velg representant" not in member_page


@pytest.mark.parametrize("value", ["999999", "Ulla", "member"])
def test_someone_not_on_the_list_gets_a_norwegian_error_and_nothing_changes(world, client_as, value):
    if value == "member":
        value = str(world.person("member").pk)
    response = client_as("group_leader").post(page_url(world.meeting), {"representative": value})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "representative": ["Velg en av dem i listen: de sitter i driftsgruppen på møtedagen."]
    }
    assert reload(world.meeting).operations_representative is None


def test_a_committee_meetings_page_for_a_representative_is_not_found(world, client_as):
    assert client_as("secretariat").get(page_url(world.committee_meeting)).status_code == 404


def test_with_no_one_to_choose_the_page_says_why(world, client_as):
    Term.objects.filter(committee=world.committee_a).delete()
    page = client_as("secretariat").get(page_url(world.meeting)).content.decode()
    assert "Ingen sitter i driftsgruppen" in page


# The invitation, the meeting and the minutes --------------------------------------------------------


@sends_mail
def test_the_representative_gets_their_own_invitation_and_not_the_copy(world, client_as, outbox):
    create_steps(world.meeting)
    odd = f.person_with_user("Odd", "Driftsleder", email="driftsleder@lindra.example")
    f.term(odd, Term.Kind.COMMITTEE_LEADER, committee=world.committee_a, starts_on=LONG_AGO)
    choose(world, odd)
    client_as("secretariat").post(
        reverse("meetings:invitation", args=[world.meeting.pk]), {"text": "Velkommen!", "action": "send"}
    )
    [personal] = outbox.to("driftsleder@lindra.example")
    assert personal.subject.startswith("Innkalling:")
    assert personal.text.count("/svar/") == 3  # register, notice of absence, read
    [copy] = [m for m in outbox.messages if m.subject.startswith("Kopi av innkalling")]
    assert copy.envelope_to == [world.network_a.secretariat_email]


@sends_mail
def test_a_representative_chosen_after_the_invitation_went_out_gets_it_then(world, client_as, outbox):
    create_steps(world.meeting)
    client_as("secretariat").post(
        reverse("meetings:invitation", args=[world.meeting.pk]), {"text": "Velkommen!", "action": "send"}
    )
    outbox.clear()
    response = client_as("group_leader").post(
        page_url(world.meeting), {"representative": world.person("committee_member").pk}, follow=True
    )
    assert "Ulla Utvalg deltar fra driftsgruppen, og har fått innkallingen på e-post." in response.content.decode()
    [mail] = outbox.messages
    assert mail.envelope_to == [world.email("committee_member")] and "Velkommen!" in mail.text


def test_the_representative_sees_the_meeting_and_answers_for_it_after_their_term(world, client_as):
    meeting = held(world, days_ago=10)
    choose(world, world.person("committee_member"), meeting)
    other = held(world, days_ago=12)
    Term.objects.filter(person=world.person("committee_member")).update(ends_on=f.today() - dt.timedelta(days=1))
    client = client_as("committee_member")
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:detail", args=[other.pk])).status_code == 404
    coming = world.meeting
    Term.objects.filter(person=world.person("committee_member")).update(ends_on=None)
    choose(world, world.person("committee_member"), coming)
    Term.objects.filter(person=world.person("committee_member")).update(ends_on=f.today() - dt.timedelta(days=1))
    response = client.post(reverse("meetings:my_answer", args=[coming.pk]), {"svar": "registered"})
    assert response.status_code == 302
    registration = Registration.objects.get(meeting=coming, person=world.person("committee_member"))
    assert registration.answer == Registration.Answer.REGISTERED


def test_the_representative_reads_the_minutes_but_their_own_leader_gets_no_copy(world):
    olav = world.person("other_member")  # a member of Åsane who sits in the operations group
    boss = f.person("Bente", "Sjef", email="bente.sjef@lindra.example")
    Membership.objects.filter(person=olav).update(nearest_leader=boss)
    f.term(olav, Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a)
    choose(world, olav)
    found = minutes.recipients(reload(world.meeting), f.today()).recipients
    assert world.email("other_member") in found.readers
    assert "bente.sjef@lindra.example" not in found.leaders
    assert world.email("nearest_leader") in found.leaders  # Mona's and Aina's leader, as before


# The attendance sheet and what is counted -------------------------------------------------------


def test_the_representative_is_on_the_sheet_from_the_operations_group_and_not_counted(world):
    meeting = held(world)
    choose(world, world.person("committee_member"), meeting)
    sheet = attendance.attendance_sheet(reload(meeting))
    [row] = sheet.others
    assert (row.name, row.role, row.start) == ("Ulla Utvalg", "Fra driftsgruppen", "")
    assert row.choices == attendance.CAME_OR_NOT_CHOICES
    assert {r.name for r in sheet.members} == {"Mona Medlem", "Aina Arrangør"}
    marks = {r.registration.pk: Attendance.PRESENT for r in sheet.members}
    with pytest.raises(MeetingError, match="Ulla Utvalg er ikke markert"):
        attendance.record_attendance(reload(meeting), marks, by=world.user("host"))
    marks[row.registration.pk] = Attendance.ABSENT
    saved = attendance.record_attendance(reload(meeting), marks, by=world.user("host"))
    assert saved.counts == {"present": 2, "notice": 0, "absent": 0, "guests": 0}


def test_the_sheet_page_shows_the_representative(world, client_as):
    meeting = held(world)
    choose(world, world.person("committee_member"), meeting)
    page = client_as("host").get(reverse("meetings:attendance", args=[meeting.pk])).content.decode()
    assert "Andre deltakere (1)" in page and "Fra driftsgruppen" in page and "Kom ikke" in page


def test_a_representatives_absences_never_count_towards_their_own_follow_up(world):
    """Olav, of Åsane, represents the operations group at Bergen sentrum's meetings and misses
    three of them: they are not his group's meetings, and count nowhere."""
    olav = world.person("other_member")
    f.term(olav, Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a, starts_on=LONG_AGO)
    year = timezone.localdate().year - 1
    days = [dt.date(year, 1, 10), dt.date(year, 1, 11), dt.date(year, 1, 12)]
    for day in days:
        meeting = f.meeting(world.group_a1, starts_at=f.at(day, 9), host=world.person("host"))
        choose(world, olav, meeting)
        sheet = attendance.attendance_sheet(reload(meeting))
        marks = {row.registration.pk: Attendance.ABSENT for row in sheet.rows}
        attendance.record_attendance(reload(meeting), marks, by=world.user("secretariat"))
    assert follow_ups.absences_in_year(world.network_a.pk, [olav.pk], year) == {olav.pk: 0}
    assert not FollowUp.objects.filter(person=olav).exists()
    assert FollowUp.objects.filter(person=world.person("member")).exists()  # Mona missed them all
    a1 = {row.group.pk: row for row in yearly.network_year(world.network_a, year, f.today()).rows}[world.group_a1.pk]
    assert a1.attendance == yearly.Attendance(present=0, marked=6)  # Mona and Aina, three times
    the_year = yearly.group_year(world.group_a1, year, f.today())
    assert [(m.present, m.notice, m.absent) for m in the_year.meetings if m.held] == [(0, 0, 2)] * 3
    a2 = yearly.group_year(world.group_a2, year, f.today())
    [olav_year] = a2.members
    assert olav_year.obligation.absences == 0


# The network's year ------------------------------------------------------------------------------


def test_the_networks_year_shows_each_groups_meetings_without_a_representative(world, client_as):
    year = timezone.localdate().year
    days = [dt.date(year, 3, 3), dt.date(year, 6, 2), dt.date(year, 9, 8)]
    a1 = [f.meeting(world.group_a1, starts_at=f.at(day, 9)) for day in days]
    f.meeting(world.group_a2, starts_at=f.at(days[0], 9))
    choose(world, world.person("committee_member"), a1[0])

    overview = yearly.network_year(world.network_a, year, f.today())

    rows = {row.group.name: row.without_representative for row in overview.rows}
    # A1 also has its next meeting (three weeks ahead) this year, or the next.
    next_this_year = timezone.localdate(world.meeting.starts_at).year == year
    assert rows == {"Bergen sentrum": 2 + next_this_year, "Åsane": 1}
    assert overview.totals.without_representative == 3 + next_this_year
    url = reverse("meetings:network_year_for", args=[world.network_a.pk, year])
    page = client_as("secretariat").get(url).content.decode()
    assert "Møter uten representant fra driftsgruppen" in page
    assert f"{3 + next_this_year} uten representant" in page
    sheet = load_workbook(io.BytesIO(client_as("secretariat").get(url + "?format=xlsx").content)).active
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    column = table[0].index("Møter uten representant fra driftsgruppen")
    blank = [None] * len(table[0])  # then the fagdag's line
    groups_and_total = table[1 : table.index(blank)]
    assert {row[0]: row[column] for row in groups_and_total} == {
        "Bergen sentrum": 2 + next_this_year,
        "Åsane": 1,
        "Hele nettverket": 3 + next_this_year,
    }
