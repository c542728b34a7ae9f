"""Attendance on the day (seeds 000, 001): the host or the group leader marks each member
present, absent with notice or absent without notice, prefilled from the registrations; guests
are listed; members on leave are not counted; late corrections are kept in the history. The
same sheet serves committee meetings, the fagdag and courses."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import attendance, rules
from lindra.meetings.models import AttendanceChange, Meeting, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import Change, ChangeKind, Leave, Membership, Person, Term
from tests import factories as f
from tests.personas import EVERYONE, ROLES, SIGN_IN, VISITOR, World, outcome

pytestmark = pytest.mark.django_db

Attendance = Registration.Attendance
Answer = Registration.Answer
LONG_AGO = dt.date(2020, 1, 1)


@pytest.fixture(autouse=True)
def _members_since_long_ago(world):
    """Memberships and terms from 2020, so that tests may travel to any day since."""
    Membership.objects.update(starts_on=LONG_AGO)
    Term.objects.update(starts_on=LONG_AGO)


def held(world: World, *, hours_ago: float = 1, organiser=None, **fields) -> Meeting:
    """A meeting of A1 (or of the organiser) that started hours ago, hosted by Aina."""
    organiser = organiser or world.group_a1
    if organiser == world.group_a1:
        fields.setdefault("host", world.person("host"))
    return f.meeting(organiser, starts_at=timezone.now() - dt.timedelta(hours=hours_ago), **fields)


def reload(meeting: Meeting) -> Meeting:
    return Meeting.objects.get(pk=meeting.pk)


def answer(meeting: Meeting, person, value: str) -> Registration:
    registration, _created = Registration.objects.get_or_create(meeting=meeting, person=person)
    Registration.objects.filter(pk=registration.pk).update(answer=value)
    return Registration.objects.get(pk=registration.pk)


def rows_by_name(sheet: attendance.AttendanceSheet) -> dict[str, attendance.SheetRow]:
    return {row.name: row for row in sheet.rows}


def mark_all(meeting: Meeting, by, **marks_by_name: str) -> attendance.Saved:
    """Saves the sheet as the host would: those named as given, the rest present unless
    marked before ("Resten var til stede")."""
    sheet = attendance.attendance_sheet(meeting)
    marks = {row.registration.pk: marks_by_name.get(row.name, row.registration.attendance) for row in sheet.rows}
    return attendance.record_attendance(meeting, rules.mark_the_rest_present(marks), by=by)


def per_joins(world: World) -> Person:
    """Per becomes a member of A1, from long before the meeting."""
    per = f.person("Per", "Persen")
    f.membership(per, world.group_a1, starts_on=LONG_AGO)
    return per


def mark_of(meeting: Meeting, person) -> str:
    return Registration.objects.get(meeting=meeting, person=person).attendance


def saved_counts(meeting: Meeting) -> dict[str, int] | None:
    return Meeting.objects.get(pk=meeting.pk).attendance_counts


def counts(present=0, notice=0, absent=0, guests=0) -> dict[str, int]:
    return {"present": present, "notice": notice, "absent": absent, "guests": guests}


# The sheet --------------------------------------------------------------------------------------


def test_nobody_starts_marked_present_and_only_a_notice_is_suggested(world):
    meeting = held(world)
    per = per_joins(world)
    answer(meeting, world.person("member"), Answer.REGISTERED)
    answer(meeting, world.person("host"), Answer.ABSENT)
    Registration.objects.create(
        meeting=meeting, kind=Registration.Kind.GUEST, guest_name="Gro Gjest", guest_email="gro@example.no"
    )
    Registration.objects.create(
        meeting=meeting,
        kind=Registration.Kind.GUEST,
        guest_name="Geir Gjest",
        guest_email="geir@example.no",
        answer=Answer.ABSENT,
    )

    rows = rows_by_name(attendance.attendance_sheet(meeting))

    # Mona registered, but only the host can say she came: she starts unmarked, tagged "Påmeldt".
    assert (rows["Mona Medlem"].start, rows["Mona Medlem"].answer) == ("", Answer.REGISTERED)
    # Aina's own notice of absence is a suggestion, saved only when the host saves.
    assert rows["Aina Arrangør"].start == Attendance.NOTICE and rows["Aina Arrangør"].suggested
    assert not rows["Aina Arrangør"].marked
    # Per never answered: he gets a registration now, and starts unmarked.
    assert (rows[per.full_name].start, rows[per.full_name].answer) == ("", Answer.NONE)
    assert rows["Gro Gjest"].is_guest and rows["Gro Gjest"].start == ""
    assert rows["Geir Gjest"].start == Attendance.ABSENT  # "Kom ikke"
    assert Registration.objects.filter(meeting=meeting, person=per, kind=Registration.Kind.MEMBER).exists()
    assert not Registration.objects.filter(meeting=meeting).exclude(attendance="").exists()


def test_a_saved_mark_wins_over_the_answer(world):
    meeting = held(world)
    answer(meeting, world.person("member"), Answer.REGISTERED)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    rows = rows_by_name(attendance.attendance_sheet(meeting))
    assert rows["Mona Medlem"].start == Attendance.ABSENT and rows["Mona Medlem"].marked


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
        # two days: in the first hour after midnight, the meeting of an hour ago was yesterday
        ends_on=timezone.localdate() - dt.timedelta(days=2),
    )
    sheet = attendance.attendance_sheet(meeting)
    assert "Mona Medlem" in rows_by_name(sheet) and not sheet.on_leave


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


# A saved sheet stands until it is saved again ------------------------------------------------------


def test_a_member_added_after_the_save_starts_unmarked_and_the_saved_counts_stand(world):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.NOTICE})
    assert saved_counts(meeting) == counts(present=1, notice=1)
    # The secretariat registers Per in the group afterwards, from a date before the meeting; he
    # had even sent a notice of absence.
    per = per_joins(world)
    answer(meeting, per, Answer.ABSENT)

    sheet = attendance.attendance_sheet(reload(meeting))

    row = rows_by_name(sheet)[per.full_name]
    assert (row.start, row.marked, row.new_since_saved) == ("", False, True)
    assert sheet.changed_since_saved and sheet.saved_counts == counts(present=1, notice=1)
    assert saved_counts(meeting) == counts(present=1, notice=1)
    mark_all(reload(meeting), world.user("host"), **{per.full_name: Attendance.NOTICE})
    assert saved_counts(meeting) == counts(present=1, notice=2)
    assert not attendance.attendance_sheet(reload(meeting)).changed_since_saved


def test_a_leave_registered_after_the_save_changes_the_counts_only_when_saved_again(world):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    assert saved_counts(meeting) == counts(present=1, absent=1)
    membership = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(membership=membership, starts_on=timezone.localdate() - dt.timedelta(days=10))

    sheet = attendance.attendance_sheet(reload(meeting))

    [on_leave] = sheet.on_leave
    assert on_leave.attendance == Attendance.ABSENT  # the mark is kept
    assert "Mona Medlem" not in rows_by_name(sheet)
    assert sheet.counts == counts(present=1) and sheet.saved_counts == counts(present=1, absent=1)
    assert sheet.changed_since_saved
    assert saved_counts(meeting) == counts(present=1, absent=1)
    # Saving again, with no mark changed, saves the counts as they now stand.
    saved = mark_all(reload(meeting), world.user("group_leader"))
    assert saved.changed == 0 and saved.counts == counts(present=1)
    assert saved_counts(meeting) == counts(present=1)
    assert not attendance.attendance_sheet(reload(meeting)).changed_since_saved
    event = AuditEvent.objects.filter(object_id=str(meeting.pk)).latest("id")
    assert event.changes == {"attendance_counts": counts(present=1)}


# Saving -----------------------------------------------------------------------------------------


def test_saving_writes_the_marks_with_their_history_and_the_counts_and_records_the_meeting_as_held(world):
    meeting = held(world)
    saved = mark_all(
        meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT, "Aina Arrangør": Attendance.NOTICE}
    )
    assert saved.changed == 2 and saved.first_time
    assert saved.counts == counts(present=1, notice=1)
    meeting.refresh_from_db()
    assert meeting.attendance_recorded_at is not None
    assert meeting.attendance_counts == counts(present=1, notice=1)
    changes = AttendanceChange.objects.order_by("id")
    assert sorted((c.previous, c.attendance, c.changed_by) for c in changes) == [
        ("", Attendance.NOTICE, world.user("host")),
        ("", Attendance.PRESENT, world.user("host")),
    ]


def test_a_sheet_with_a_row_not_marked_is_not_saved_and_says_who(world):
    meeting = held(world)
    per_joins(world)
    rows = rows_by_name(attendance.attendance_sheet(meeting))
    with pytest.raises(MeetingError, match="Aina Arrangør og Per Persen er ikke markert"):
        attendance.record_attendance(
            meeting, {rows["Mona Medlem"].registration.pk: Attendance.PRESENT}, by=world.user("host")
        )
    assert not AttendanceChange.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).attendance_recorded_at is None
    assert saved_counts(meeting) is None


def test_a_late_correction_is_kept_in_the_history(world):
    meeting = held(world, hours_ago=24 * 5)
    with time_machine.travel(meeting.starts_at + dt.timedelta(minutes=10)):
        mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT, "Aina Arrangør": Attendance.PRESENT})
    first_recorded = Meeting.objects.get(pk=meeting.pk).attendance_recorded_at

    saved = mark_all(reload(meeting), world.user("group_leader"), **{"Mona Medlem": Attendance.NOTICE})

    assert saved.changed == 1 and not saved.first_time
    assert mark_of(meeting, world.person("member")) == Attendance.NOTICE
    history = [(c.previous, c.attendance, c.changed_by) for c in attendance.history(meeting)]
    assert history == [(Attendance.ABSENT, Attendance.NOTICE, world.user("group_leader"))]
    # The meeting was held when attendance was first taken; a correction does not move that.
    assert Meeting.objects.get(pk=meeting.pk).attendance_recorded_at == first_recorded
    assert AttendanceChange.objects.filter(registration__meeting=meeting).count() == 3
    assert saved_counts(meeting) == counts(present=1, notice=1)


def test_saving_the_same_marks_again_writes_nothing(world):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    events = AuditEvent.objects.count()
    saved = mark_all(reload(meeting), world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    assert saved.changed == 0
    assert AttendanceChange.objects.count() == 2 and AuditEvent.objects.count() == events


def test_every_save_is_in_the_audit_log_with_names_and_labels(world):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    event = AuditEvent.objects.filter(action=AuditAction.CHANGED, object_id=str(meeting.pk)).latest("id")
    assert event.actor == world.user("host")
    assert event.changes == {
        "registrations": {
            "Aina Arrangør": {"attendance": ["", Attendance.PRESENT]},
            "Mona Medlem": {"attendance": ["", Attendance.ABSENT]},
        },
        "attendance_counts": counts(present=1, absent=1),
    }


def test_attendance_is_refused_before_the_meeting_starts(world):
    meeting = world.meeting  # three weeks ahead
    with pytest.raises(MeetingError, match="når møtet har startet"):
        attendance.record_attendance(meeting, {}, by=world.user("host"))
    with time_machine.travel(meeting.starts_at + dt.timedelta(minutes=1)):
        mark_all(meeting, world.user("host"))
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
    with pytest.raises(MeetingError, match="«syk» er ikke et gyldig oppmøte for Mona Medlem"):
        attendance.record_attendance(meeting, marks, by=world.user("host"))
    assert not AttendanceChange.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).attendance_recorded_at is None


def test_a_guest_is_present_or_did_not_come_and_gives_no_notice_on_the_sheet(world):
    meeting = held(world)
    Registration.objects.create(
        meeting=meeting, kind=Registration.Kind.GUEST, guest_name="Gro Gjest", guest_email="gro@example.no"
    )
    rows = rows_by_name(attendance.attendance_sheet(meeting))
    marks = {row.registration.pk: Attendance.PRESENT for row in rows.values()}
    marks[rows["Gro Gjest"].registration.pk] = Attendance.NOTICE
    with pytest.raises(MeetingError, match="ikke et gyldig oppmøte for Gro Gjest"):
        attendance.record_attendance(meeting, marks, by=world.user("host"))
    marks[rows["Gro Gjest"].registration.pk] = Attendance.ABSENT
    assert attendance.record_attendance(meeting, marks, by=world.user("host")).counts == counts(present=2)


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
    # Olav took it before, so the course does not call him; he registered and came along anyway.
    Registration.objects.create(meeting=meeting, person=world.person("other_member"), answer=Answer.REGISTERED)
    present = {"Mona Medlem": Attendance.PRESENT, "Olav Annengruppe": Attendance.PRESENT, "Aina Arrangør": "absent"}
    saved = mark_all(meeting, world.user("secretariat"), **present)
    day = timezone.localtime(meeting.starts_at).date()
    completed = dict(Membership.objects.values_list("person__given_name", "intro_course_completed_on"))
    assert completed["Mona"] == day
    assert completed["Aina"] is None
    assert completed["Olav"] == earlier
    assert Change.objects.filter(person=world.person("member"), kind=ChangeKind.INTRO_COURSE).exists()
    # Olav is on the sheet, but is not among those the course counts; nor is Lars, the leader.
    assert saved.counts == counts(present=1, absent=1)
    # Those who took the course that day stay its members when the sheet is opened again.
    sheet = attendance.attendance_sheet(reload(meeting))
    assert {row.name for row in sheet.members} == {"Mona Medlem", "Aina Arrangør"}
    assert {row.name: row.role for row in sheet.others} == {
        "Lars Leder": "Nærmeste leder",
        "Olav Annengruppe": "Ikke innkalt",
    }


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
    """What the browser would send: every row's checked radio button (none for a row unmarked)."""
    form = response.context["form"]
    return {name: form[name].value() for name in form.fields if form[name].value()}


def registration_of(meeting: Meeting, role: str, world: World) -> Registration:
    return Registration.objects.get(meeting=meeting, person=world.person(role))


def checked(page: str, registration: Registration) -> str:
    """The value of the radio button checked for the row, as the page shows it ("" for none)."""
    found = re.findall(rf'<input[^>]* name="deltaker_{registration.pk}" value="(\w+)"[^>]*checked', page)
    return found[0] if found else ""


def test_the_host_marks_attendance_in_one_save(world, client_as):
    meeting = held(world)
    answer(meeting, world.person("member"), Answer.REGISTERED)
    client = client_as("host")
    response = client.get(page_url(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lagre oppmøte" in page and "Resten var til stede" in page
    assert "Ikke svart" in page and "Påmeldt" in page  # as hints: Aina never answered, Mona registered
    mona, aina = registration_of(meeting, "member", world), registration_of(meeting, "host", world)
    assert checked(page, mona) == checked(page, aina) == ""  # no one is marked before the host says so
    data = {f"deltaker_{mona.pk}": Attendance.PRESENT, f"deltaker_{aina.pk}": Attendance.ABSENT}

    response = client.post(page_url(meeting), data, follow=True)

    assert response.redirect_chain[-1][0] == page_url(meeting)
    page = response.content.decode()
    assert "Oppmøtet er lagret: 1 til stede, 0 med forfall, 1 uten forfall." in page
    assert "1 til stede · 0 med forfall · 1 uten forfall" in page
    assert mark_of(meeting, world.person("member")) == Attendance.PRESENT
    assert mark_of(meeting, world.person("host")) == Attendance.ABSENT
    assert saved_counts(meeting) == counts(present=1, absent=1)


def test_a_notice_is_suggested_and_saved_only_when_the_host_saves(world, client_as):
    meeting = held(world)
    aina = answer(meeting, world.person("host"), Answer.ABSENT)
    client = client_as("host")
    page = client.get(page_url(meeting)).content.decode()
    assert checked(page, aina) == Attendance.NOTICE
    assert "Forslag ut fra svaret. Lagres når du lagrer." in page
    assert mark_of(meeting, world.person("host")) == ""
    mona = registration_of(meeting, "member", world)
    client.post(page_url(meeting), {f"deltaker_{aina.pk}": Attendance.NOTICE, f"deltaker_{mona.pk}": "present"})
    assert mark_of(meeting, world.person("host")) == Attendance.NOTICE
    assert "Forslag ut fra svaret" not in client.get(page_url(meeting)).content.decode()


def test_rows_left_unmarked_are_named_and_every_mark_made_is_kept(world, client_as):
    meeting = held(world)
    per_joins(world)
    client = client_as("host")
    client.get(page_url(meeting))
    mona = registration_of(meeting, "member", world)

    response = client.post(page_url(meeting), {f"deltaker_{mona.pk}": Attendance.ABSENT})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Oppmøtet er ikke lagret" in page and "2 er ikke markert:" in page
    assert "Aina Arrangør</a>, <a" in page and "Per Persen</a>" in page
    assert "Velg om Aina Arrangør var til stede." in page and "Velg om Per Persen var til stede." in page
    assert checked(page, mona) == Attendance.ABSENT  # what the host marked stays
    assert not AttendanceChange.objects.exists() and saved_counts(meeting) is None


def test_the_rest_were_present_marks_the_rows_left_and_saves_without_javascript(world, client_as):
    meeting = held(world)
    per = per_joins(world)
    client = client_as("host")
    client.get(page_url(meeting))
    mona = registration_of(meeting, "member", world)

    response = client.post(
        page_url(meeting), {f"deltaker_{mona.pk}": Attendance.NOTICE, "resten": "til-stede"}, follow=True
    )

    page = response.content.decode()
    assert "Oppmøtet er lagret: 2 til stede, 1 med forfall, 0 uten forfall." in page
    assert "Markert som til stede med «Resten var til stede»: Aina Arrangør og Per Persen." in page
    assert mark_of(meeting, world.person("member")) == Attendance.NOTICE
    assert mark_of(meeting, world.person("host")) == mark_of(meeting, per) == Attendance.PRESENT


def test_the_rest_were_present_in_the_page_marks_them_for_the_host_to_see_before_saving(world, client_as):
    meeting = held(world)
    client = client_as("host")
    client.get(page_url(meeting))
    mona, aina = registration_of(meeting, "member", world), registration_of(meeting, "host", world)

    response = client.post(
        page_url(meeting), {f"deltaker_{mona.pk}": Attendance.ABSENT, "resten": "til-stede"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<form method="post"') and "<html" not in fragment
    assert checked(fragment, mona) == Attendance.ABSENT and checked(fragment, aina) == Attendance.PRESENT
    assert "1 er markert som til stede: Aina Arrangør. Ikke lagret ennå" in fragment
    assert "Resten var til stede" not in fragment  # nobody is left
    assert mark_of(meeting, world.person("host")) == "" and not AttendanceChange.objects.exists()


def test_the_committee_marks_its_own_meetings(world, client_as):
    meeting = held(world, organiser=world.committee_a)
    client = client_as("committee_member")
    client.get(page_url(meeting))
    ulla = registration_of(meeting, "committee_member", world)
    assert client.post(page_url(meeting), {f"deltaker_{ulla.pk}": "present"}).status_code == 302
    assert mark_of(meeting, world.person("committee_member")) == Attendance.PRESENT


def test_an_unknown_value_gets_a_norwegian_error_and_nothing_is_saved(world, client_as):
    meeting = held(world)
    client = client_as("host")
    client.get(page_url(meeting))
    mona, aina = registration_of(meeting, "member", world), registration_of(meeting, "host", world)
    for data in (
        {f"deltaker_{mona.pk}": "syk", f"deltaker_{aina.pk}": "present"},
        {f"deltaker_{mona.pk}": "syk", "resten": "til-stede"},  # "the rest" leaves a wrong mark for the host
    ):
        response = client.post(page_url(meeting), data)
        assert response.status_code == 400
        assert "Mona Medlem: «syk» er ikke et gyldig oppmøte" in response.content.decode()
    assert not AttendanceChange.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).attendance_recorded_at is None


def test_a_row_of_someone_no_longer_on_the_sheet_is_refused(world, client_as):
    meeting = held(world)
    client = client_as("host")
    client.get(page_url(meeting))
    stranger = Registration.objects.create(meeting=held(world, hours_ago=50), person=world.person("member"))
    data = {f"deltaker_{r.pk}": "present" for r in Registration.objects.filter(meeting=meeting)}
    # A field the form does not have is no mark: the sheet is saved without it.
    data[f"deltaker_{stranger.pk}"] = "absent"
    assert client.post(page_url(meeting), data).status_code == 302
    assert Registration.objects.get(pk=stranger.pk).attendance == ""


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
    mark_all(reload(meeting), world.user("group_leader"), **{"Mona Medlem": Attendance.NOTICE})
    page = client_as("host").get(page_url(meeting)).content.decode()
    assert "Rettelser" in page
    assert "Fravær uten forfall → Fravær med forfall" in page and "Gunnar Gruppeleder" in page


def test_the_page_shows_what_changed_since_the_sheet_was_saved(world, client_as):
    meeting = held(world)
    mark_all(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    per = per_joins(world)
    Leave.objects.create(
        membership=Membership.objects.get(person=world.person("member")),
        starts_on=timezone.localdate() - dt.timedelta(days=10),
    )
    for url in (page_url(meeting), reverse("meetings:detail", args=[meeting.pk])):
        page = client_as("group_leader").get(url).content.decode()
        # The counts as saved: Mona absent, Aina present; neither Per nor the leave yet.
        assert "1 til stede · 0 med forfall · 1 uten forfall" in page, url
    page = client_as("group_leader").get(page_url(meeting)).content.decode()
    assert "Listen er endret siden den ble lagret" in page
    assert "Ikke med i lagret liste: Per Persen" in page and "Permisjon registrert etterpå: Mona Medlem" in page
    assert page.lower().count("ikke med i lagret liste – lagre på nytt") == 2  # Per's row, and Mona on leave
    assert checked(page, registration_of_person(meeting, per)) == ""


def registration_of_person(meeting: Meeting, person) -> Registration:
    return Registration.objects.get(meeting=meeting, person=person)


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
    mark_all(reload(meeting), world.user("host"), **{"Mona Medlem": Attendance.NOTICE})
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


def test_the_meetings_page_sums_up_the_attendance_as_saved(world, client_as):
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
