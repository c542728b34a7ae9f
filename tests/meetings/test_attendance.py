"""Attendance on the day (seeds 000, 001): the host or the group leader marks each member
present, absent with notice or absent without notice, prefilled from the registrations; guests
are listed; members on leave are not counted; late corrections are kept in the history. The
same sheet serves committee meetings, the fagdag and courses."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import attendance
from lindra.meetings.models import AttendanceChange, Meeting, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import Change, ChangeKind, Leave, Membership, Term
from tests import factories as f
from tests.personas import EVERYONE, ROLES, SIGN_IN, VISITOR, World, outcome

pytestmark = pytest.mark.django_db

Attendance = Registration.Attendance
Answer = Registration.Answer
LONG_AGO = dt.date(2020, 1, 1)


@pytest.fixture(autouse=True)
def _members_since_long_ago(world, fast_password_hashing):
    """Memberships and terms from 2020, so that tests may travel to any day since."""
    Membership.objects.update(starts_on=LONG_AGO)
    Term.objects.update(starts_on=LONG_AGO)


def held(world: World, *, hours_ago: float = 1, organiser=None, **fields) -> Meeting:
    """A meeting of A1 (or of the organiser) that started hours ago, hosted by Aina."""
    organiser = organiser or world.group_a1
    if organiser == world.group_a1:
        fields.setdefault("host", world.person("host"))
    return f.meeting(organiser, starts_at=timezone.now() - dt.timedelta(hours=hours_ago), **fields)


def answer(meeting: Meeting, person, value: str) -> Registration:
    registration, _created = Registration.objects.get_or_create(meeting=meeting, person=person)
    Registration.objects.filter(pk=registration.pk).update(answer=value)
    return Registration.objects.get(pk=registration.pk)


def rows_by_name(sheet: attendance.AttendanceSheet) -> dict[str, attendance.SheetRow]:
    return {row.name: row for row in sheet.rows}


def mark_all(meeting: Meeting, by, **marks_by_name: str) -> attendance.Saved:
    sheet = attendance.attendance_sheet(meeting)
    rows = rows_by_name(sheet)
    return attendance.record_attendance(meeting, {rows[n].registration.pk: m for n, m in marks_by_name.items()}, by=by)


def mark_of(meeting: Meeting, person) -> str:
    return Registration.objects.get(meeting=meeting, person=person).attendance


# The sheet --------------------------------------------------------------------------------------


def test_the_sheet_is_prefilled_from_the_answers(world):
    meeting = held(world)
    per = f.person("Per", "Persen")
    f.membership(per, world.group_a1, starts_on=LONG_AGO)
    answer(meeting, world.person("member"), Answer.REGISTERED)
    answer(meeting, world.person("host"), Answer.ABSENT)
    Registration.objects.create(
        meeting=meeting, kind=Registration.Kind.GUEST, guest_name="Gro Gjest", guest_email="gro@example.no"
    )

    rows = rows_by_name(attendance.attendance_sheet(meeting))

    assert rows["Mona Medlem"].mark == Attendance.PRESENT and not rows["Mona Medlem"].unanswered
    assert rows["Aina Arrangør"].mark == Attendance.NOTICE
    # Per never answered: he gets a registration now, is prefilled present and tagged for a look.
    assert rows[per.full_name].mark == Attendance.PRESENT and rows[per.full_name].unanswered
    assert rows["Gro Gjest"].is_guest and rows["Gro Gjest"].mark == Attendance.PRESENT
    assert Registration.objects.filter(meeting=meeting, person=per, kind=Registration.Kind.MEMBER).exists()


def test_a_saved_mark_wins_over_the_answer(world):
    meeting = held(world)
    answer(meeting, world.person("member"), Answer.REGISTERED)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    rows = rows_by_name(attendance.attendance_sheet(meeting))
    assert rows["Mona Medlem"].mark == Attendance.ABSENT and rows["Mona Medlem"].marked


def test_members_on_leave_on_the_day_are_listed_apart_and_not_in_the_form(world):
    meeting = held(world)
    membership = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(membership=membership, starts_on=timezone.localdate() - dt.timedelta(days=3))
    sheet = attendance.attendance_sheet(meeting)
    assert "Mona Medlem" not in rows_by_name(sheet)
    assert [row.person.full_name for row in sheet.on_leave] == ["Mona Medlem"]


def test_leave_that_ended_before_the_meeting_does_not_take_anyone_off_the_list(world):
    meeting = held(world)
    membership = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(
        membership=membership,
        starts_on=timezone.localdate() - dt.timedelta(days=60),
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )
    sheet = attendance.attendance_sheet(meeting)
    assert "Mona Medlem" in rows_by_name(sheet) and not sheet.on_leave


def test_a_mark_made_before_leave_was_registered_is_shown_but_not_in_the_form(world):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    membership = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(membership=membership, starts_on=timezone.localdate() - dt.timedelta(days=10))
    sheet = attendance.attendance_sheet(meeting)
    [on_leave] = sheet.on_leave
    assert on_leave.attendance == Attendance.ABSENT
    assert "Mona Medlem" not in rows_by_name(sheet)
    assert sheet.counts["absent"] == 0  # not counted


def test_the_sheet_of_a_committee_meeting_lists_the_committee(world):
    meeting = held(world, organiser=world.committee_a)
    assert set(rows_by_name(attendance.attendance_sheet(meeting))) == {"Ulla Utvalg"}


def test_the_sheet_takes_as_many_queries_for_a_large_group(world):
    meeting = held(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            attendance.attendance_sheet(meeting)
        return len(captured)

    queries()  # the first time makes the missing registrations
    few = queries()
    for n in range(25):
        f.membership(f.person("Medlem", f"Nummer{n}"), world.group_a1, starts_on=LONG_AGO)
    queries()
    assert queries() == few


# Saving -----------------------------------------------------------------------------------------


def test_saving_writes_the_marks_with_their_history_and_records_the_meeting_as_held(world):
    meeting = held(world)
    saved = mark_all(
        meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT, "Aina Arrangør": Attendance.NOTICE}
    )
    assert saved.changed == 2 and saved.first_time
    assert saved.counts == {"present": 1, "notice": 1, "absent": 0, "guests": 0}
    meeting.refresh_from_db()
    assert meeting.attendance_recorded_at is not None
    changes = AttendanceChange.objects.order_by("id")
    assert [(c.previous, c.attendance, c.changed_by) for c in changes] == [
        ("", Attendance.PRESENT, world.user("host")),
        ("", Attendance.NOTICE, world.user("host")),
    ]


def test_a_late_correction_is_kept_in_the_history(world):
    meeting = held(world, hours_ago=24 * 5)
    with time_machine.travel(meeting.starts_at + dt.timedelta(minutes=10)):
        mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT, "Aina Arrangør": Attendance.PRESENT})
    first_recorded = Meeting.objects.get(pk=meeting.pk).attendance_recorded_at

    saved = mark_all(
        meeting, world.user("group_leader"), **{"Mona Medlem": Attendance.NOTICE, "Aina Arrangør": Attendance.PRESENT}
    )

    assert saved.changed == 1 and not saved.first_time
    assert mark_of(meeting, world.person("member")) == Attendance.NOTICE
    history = [(c.previous, c.attendance, c.changed_by) for c in attendance.history(meeting)]
    assert history == [(Attendance.ABSENT, Attendance.NOTICE, world.user("group_leader"))]
    # The meeting was held when attendance was first taken; a correction does not move that.
    assert Meeting.objects.get(pk=meeting.pk).attendance_recorded_at == first_recorded
    assert AttendanceChange.objects.filter(registration__meeting=meeting).count() == 3


def test_saving_the_same_marks_again_writes_nothing(world):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    events = AuditEvent.objects.count()
    saved = mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    assert saved.changed == 0
    assert AttendanceChange.objects.count() == 1 and AuditEvent.objects.count() == events


def test_every_save_is_in_the_audit_log(world):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    event = AuditEvent.objects.filter(action=AuditAction.CHANGED, object_id=str(meeting.pk)).latest("id")
    assert event.actor == world.user("host")
    assert event.changes == {"registrations": {"Mona Medlem": {"attendance": ["", Attendance.ABSENT]}}}


def test_attendance_is_refused_before_the_meeting_starts(world):
    meeting = world.meeting  # three weeks ahead
    registration = Registration.objects.create(meeting=meeting, person=world.person("member"))
    with pytest.raises(MeetingError, match="når møtet har startet"):
        attendance.record_attendance(meeting, {registration.pk: Attendance.PRESENT}, by=world.user("host"))
    with time_machine.travel(meeting.starts_at + dt.timedelta(minutes=1)):
        attendance.record_attendance(meeting, {registration.pk: Attendance.PRESENT}, by=world.user("host"))
    assert mark_of(meeting, world.person("member")) == Attendance.PRESENT


def test_a_minute_before_the_start_is_too_early(world):
    meeting = world.meeting
    registration = Registration.objects.create(meeting=meeting, person=world.person("member"))
    with time_machine.travel(meeting.starts_at - dt.timedelta(minutes=1), tick=False), pytest.raises(MeetingError):
        attendance.record_attendance(meeting, {registration.pk: Attendance.PRESENT}, by=world.user("host"))
    assert mark_of(meeting, world.person("member")) == ""


def test_an_unknown_mark_is_refused_and_nothing_is_saved(world):
    meeting = held(world)
    rows = rows_by_name(attendance.attendance_sheet(meeting))
    marks = {rows["Aina Arrangør"].registration.pk: Attendance.PRESENT, rows["Mona Medlem"].registration.pk: "syk"}
    with pytest.raises(MeetingError, match="«syk» er ikke et gyldig oppmøte"):
        attendance.record_attendance(meeting, marks, by=world.user("host"))
    assert not AttendanceChange.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).attendance_recorded_at is None


def test_a_registration_of_another_meeting_is_refused(world):
    meeting, other = held(world), held(world, hours_ago=30)
    registration = Registration.objects.create(meeting=other, person=world.person("member"))
    with pytest.raises(MeetingError, match="Last siden på nytt"):
        attendance.record_attendance(meeting, {registration.pk: Attendance.PRESENT}, by=world.user("host"))
    assert registration.attendance == "" and not AttendanceChange.objects.exists()


@pytest.mark.parametrize("kind", [Meeting.Kind.COMMITTEE, Meeting.Kind.FAGDAG, Meeting.Kind.COURSE])
def test_attendance_works_for_every_kind_of_meeting(world, kind):
    meeting = held(world, organiser=world.committee_a, kind=kind)
    sheet = attendance.attendance_sheet(meeting)
    assert sheet.rows, kind
    saved = attendance.record_attendance(
        meeting, {row.registration.pk: Attendance.ABSENT for row in sheet.rows}, by=world.user("secretariat")
    )
    assert saved.changed == len(sheet.rows) and not saved.opened


def test_the_fagdag_calls_every_member_of_the_network(world):
    meeting = held(world, organiser=world.committee_a, kind=Meeting.Kind.FAGDAG)
    names = set(rows_by_name(attendance.attendance_sheet(meeting)))
    assert {"Mona Medlem", "Aina Arrangør", "Olav Annengruppe"} <= names


def test_those_present_at_an_intro_course_have_taken_it_in_the_registry(world):
    meeting = held(world, organiser=world.committee_a, kind=Meeting.Kind.COURSE)
    earlier = dt.date(2024, 3, 1)
    Membership.objects.filter(person=world.person("other_member")).update(intro_course_completed_on=earlier)
    # Olav took it before, so the course does not call him; he came along anyway.
    Registration.objects.create(meeting=meeting, person=world.person("other_member"))
    present = {"Mona Medlem": Attendance.PRESENT, "Olav Annengruppe": Attendance.PRESENT, "Aina Arrangør": "absent"}
    mark_all(meeting, world.user("secretariat"), **present)
    day = timezone.localtime(meeting.starts_at).date()
    completed = dict(Membership.objects.values_list("person__given_name", "intro_course_completed_on"))
    assert completed["Mona"] == day
    assert completed["Aina"] is None
    assert completed["Olav"] == earlier
    assert Change.objects.filter(person=world.person("member"), kind=ChangeKind.INTRO_COURSE).exists()


def test_a_group_meeting_records_no_intro_course(world):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    assert Membership.objects.get(person=world.person("member")).intro_course_completed_on is None


# The page -------------------------------------------------------------------------------------


def page_url(meeting: Meeting) -> str:
    return reverse("meetings:attendance", args=[meeting.pk])


MARKS_ATTENDANCE_OF_A1 = {
    VISITOR: SIGN_IN,
    **dict.fromkeys(ROLES, 404),
    "superuser": 200,
    "secretariat": 200,
    "group_leader": 200,
    "host": 200,
    "committee_member": 403,  # sees the network's meetings, marks only the committee's own
    "member": 403,
}


def test_each_persona_gets_the_page_or_is_refused(world, client_as):
    meeting = held(world)
    url = page_url(meeting)
    problems = []
    for role in EVERYONE:
        got = outcome(client_as(role).get(url))
        if got != MARKS_ATTENDANCE_OF_A1[role]:
            problems.append(f"GET as {role}: expected {MARKS_ATTENDANCE_OF_A1[role]}, got {got}")
    assert not problems, "\n".join(problems)


def test_a_refused_post_changes_nothing(world, client_as):
    meeting = held(world)
    registration = Registration.objects.create(meeting=meeting, person=world.person("member"))
    for role in EVERYONE:
        if MARKS_ATTENDANCE_OF_A1[role] == 200:
            continue
        response = client_as(role).post(page_url(meeting), {f"deltaker_{registration.pk}": "absent"})
        assert outcome(response) == MARKS_ATTENDANCE_OF_A1[role], role
    assert mark_of(meeting, world.person("member")) == ""
    assert Meeting.objects.get(pk=meeting.pk).attendance_recorded_at is None


def form_data(response) -> dict[str, str]:
    """What the browser would send: every row's checked radio button."""
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields}


def test_the_host_marks_attendance_in_one_save(world, client_as):
    meeting = held(world)
    answer(meeting, world.person("member"), Answer.REGISTERED)
    client = client_as("host")
    response = client.get(page_url(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lagre oppmøte" in page and "Ikke svart" in page  # Aina never answered
    data = form_data(response)
    aina = Registration.objects.get(meeting=meeting, person=world.person("host"))
    data[f"deltaker_{aina.pk}"] = Attendance.ABSENT

    response = client.post(page_url(meeting), data, follow=True)

    assert response.redirect_chain[-1][0] == page_url(meeting)
    assert "Oppmøtet er lagret: 1 til stede, 0 med forfall, 1 uten forfall." in response.content.decode()
    assert mark_of(meeting, world.person("member")) == Attendance.PRESENT
    assert mark_of(meeting, world.person("host")) == Attendance.ABSENT


def test_the_committee_marks_its_own_meetings(world, client_as):
    meeting = held(world, organiser=world.committee_a)
    client = client_as("committee_member")
    data = form_data(client.get(page_url(meeting)))
    assert client.post(page_url(meeting), data).status_code == 302
    assert mark_of(meeting, world.person("committee_member")) == Attendance.PRESENT


def test_an_unknown_value_gets_a_norwegian_error_and_nothing_is_saved(world, client_as):
    meeting = held(world)
    client = client_as("host")
    data = form_data(client.get(page_url(meeting)))
    mona = Registration.objects.get(meeting=meeting, person=world.person("member"))
    data[f"deltaker_{mona.pk}"] = "syk"

    response = client.post(page_url(meeting), data)

    assert response.status_code == 400
    assert "«syk» er ikke et gyldig oppmøte" in response.content.decode()
    assert not AttendanceChange.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).attendance_recorded_at is None


def test_a_person_left_without_a_mark_is_named_in_the_error(world, client_as):
    meeting = held(world)
    client = client_as("host")
    data = form_data(client.get(page_url(meeting)))
    mona = Registration.objects.get(meeting=meeting, person=world.person("member"))
    del data[f"deltaker_{mona.pk}"]
    response = client.post(page_url(meeting), data)
    assert response.status_code == 400
    assert "Velg om Mona Medlem var til stede." in response.content.decode()
    assert not AttendanceChange.objects.exists()


def test_before_the_meeting_starts_the_page_says_when_and_a_post_is_refused(world, client_as):
    client = client_as("host")
    response = client.get(page_url(world.meeting))
    assert response.status_code == 200
    assert "Oppmøtet kan registreres når møtet har startet" in response.content.decode()
    assert "Lagre oppmøte" not in response.content.decode()
    registration = Registration.objects.create(meeting=world.meeting, person=world.person("member"))
    response = client.post(page_url(world.meeting), {f"deltaker_{registration.pk}": "present"})
    assert response.status_code == 400
    assert mark_of(world.meeting, world.person("member")) == ""
    # Opening the page early made no registrations for the meeting.
    assert Registration.objects.filter(meeting=world.meeting).count() == 1


def test_corrections_are_shown_on_the_page(world, client_as):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    mark_all(meeting, world.user("group_leader"), **{"Mona Medlem": Attendance.NOTICE})
    page = client_as("host").get(page_url(meeting)).content.decode()
    assert "Rettelser" in page
    assert "Fravær uten forfall → Fravær med forfall" in page and "Gunnar Gruppeleder" in page


def test_the_page_takes_as_many_queries_for_a_large_group(world, client_as):
    meeting = held(world)
    client = client_as("host")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(meeting)).status_code == 200
        return len(captured)

    queries()
    few = queries()
    for n in range(20):
        f.membership(f.person("Medlem", f"Nummer{n}"), world.group_a1, starts_on=LONG_AGO)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.NOTICE})
    queries()
    assert queries() == few


# The meeting's page and the home page ------------------------------------------------------------


def test_the_meetings_page_offers_attendance_once_it_has_started(world, client_as):
    before = client_as("host").get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert "Registrer oppmøte" not in before
    meeting = held(world)
    for role, offered in [("host", True), ("group_leader", True), ("secretariat", True), ("member", False)]:
        page = client_as(role).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
        assert ("Registrer oppmøte" in page) == offered, role


def test_the_meetings_page_sums_up_the_attendance(world, client_as):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT, "Aina Arrangør": Attendance.NOTICE})
    page = client_as("member").get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "1 til stede · 1 med forfall · 0 uten forfall" in page
    assert "Registrer oppmøte" not in page


def test_the_host_and_the_group_leader_are_reminded_of_attendance_not_recorded(world, client_as):
    meeting = held(world, hours_ago=30, title="Nettverksmøte i oktober")
    for role in ("host", "group_leader"):
        page = client_as(role).get("/").content.decode()
        assert "Oppmøte som mangler" in page and "Nettverksmøte i oktober" in page, role
    assert "Oppmøte som mangler" not in client_as("member").get("/").content.decode()
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    assert "Oppmøte som mangler" not in client_as("host").get("/").content.decode()
