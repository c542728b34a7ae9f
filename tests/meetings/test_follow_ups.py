"""Follow-up of absence (seed 000: "følge opp dersom noen har fravær over to ganger"): the
absence that passes the policy's threshold in a calendar year opens one follow-up for the group
leader, who hears of it by e-mail (received here by a real SMTP server); leave, the year's
edges, corrections and meetings that are not group meetings are handled exactly; the group
leader writes what was agreed, may tell the nearest leader the number (never a reason), and
closes it."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindra.core.models import AuditAction, AuditEvent
from lindra.mail.models import OutboxMessage
from lindra.meetings import attendance, follow_ups, rules
from lindra.meetings.models import FollowUp, Meeting, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import Leave, Membership, Term
from tests import factories as f
from tests.personas import EVERYONE, World, expect, outcome

Attendance = Registration.Attendance
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
LONG_AGO = dt.date(2020, 1, 1)
sends_mail = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _members_since_long_ago(request):
    """Memberships and terms from 2020, so that tests may travel to any day since."""
    if "world" in request.fixturenames:
        request.getfixturevalue("world")
        Membership.objects.update(starts_on=LONG_AGO)
        Term.objects.update(starts_on=LONG_AGO)


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def meeting_at(world: World, starts_at: dt.datetime, *, organiser=None, **fields) -> Meeting:
    organiser = organiser or world.group_a1
    if organiser == world.group_a1:
        fields.setdefault("host", world.person("host"))
    return f.meeting(organiser, starts_at=starts_at, **fields)


def mark(meeting: Meeting, by, **marks_by_role_name: str) -> attendance.Saved:
    """Marks attendance an hour into the meeting (the sheet as the host would save it: those
    named as given, the rest present unless marked before)."""
    with time_machine.travel(meeting.starts_at + dt.timedelta(hours=1)):
        sheet = attendance.attendance_sheet(meeting)
        marks = {
            row.registration.pk: marks_by_role_name.get(row.name, row.registration.attendance) for row in sheet.rows
        }
        return attendance.record_attendance(meeting, rules.mark_the_rest_present(marks), by=by)


def mona_absent(world: World, *days: dt.datetime, status: str = Attendance.ABSENT) -> list[attendance.Saved]:
    return [mark(meeting_at(world, day), world.user("host"), **{"Mona Medlem": status}) for day in days]


def follow_ups_of_mona(world: World) -> list[FollowUp]:
    return list(FollowUp.objects.filter(person=world.person("member")).order_by("year"))


# Opening ------------------------------------------------------------------------------------


@sends_mail
def test_the_third_absence_opens_one_follow_up_and_the_group_leader_gets_one_email(world, outbox):
    first, second = mona_absent(world, at(2025, 2, 10), at(2025, 5, 12), status=Attendance.NOTICE)
    assert not first.opened and not second.opened and not follow_ups_of_mona(world)
    assert outbox.messages == []

    [third] = mona_absent(world, at(2025, 9, 15))

    [follow_up] = follow_ups_of_mona(world)
    assert third.opened == [follow_up]
    assert (follow_up.year, follow_up.absences, follow_up.local_group) == (2025, 3, world.group_a1)
    [mail] = outbox.messages
    assert mail.envelope_to == [world.email("group_leader")]
    assert mail.subject == "Oppfølging av fravær: Mona Medlem, 2025"
    assert "Mona Medlem i Bergen sentrum har nå 3 fravær fra nettverksmøtene i 2025" in mail.text
    assert reverse("meetings:follow_up", args=[follow_up.pk]) in mail.text
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, object_id=str(follow_up.pk)).exists()


@sends_mail
def test_a_fourth_absence_and_saving_again_open_nothing_more(world, outbox):
    mona_absent(world, at(2025, 2, 10), at(2025, 5, 12), at(2025, 9, 15))
    meeting = meeting_at(world, at(2025, 11, 17))
    mark(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    mark(meeting, world.user("group_leader"), **{"Mona Medlem": Attendance.NOTICE})
    assert len(follow_ups_of_mona(world)) == 1
    assert len(outbox.messages) == 1
    assert OutboxMessage.objects.filter(kind="follow_up_opened").count() == 1


@pytest.mark.django_db
def test_a_correction_that_lowers_the_count_leaves_the_follow_up_and_shows_the_count_now(world, client_as):
    first, *_rest = [meeting_at(world, day) for day in (at(2025, 2, 10), at(2025, 5, 12), at(2025, 9, 15))]
    for meeting in [first, *_rest]:
        mark(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    [follow_up] = follow_ups_of_mona(world)

    # Mona was there after all: the host corrects the first meeting.
    mark(first, world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    # ... and back again: the threshold is passed a second time, but the year has its follow-up.
    mark(first, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    mark(first, world.user("host"), **{"Mona Medlem": Attendance.PRESENT})

    assert follow_ups_of_mona(world) == [follow_up]
    assert follow_ups.current_absences([follow_up]) == {follow_up.pk: 2}
    page = client_as("group_leader").get(follow_up.get_absolute_url()).content.decode()
    assert "Åpnet" in page and "etter 3 fravær" in page and "Nå er fraværet 2" in page


@pytest.mark.django_db
def test_presence_and_guests_never_open_a_follow_up(world):
    for day in (at(2025, 2, 10), at(2025, 5, 12), at(2025, 9, 15), at(2025, 11, 3)):
        meeting = meeting_at(world, day)
        Registration.objects.create(
            meeting=meeting, kind=Registration.Kind.GUEST, guest_name="Gro", guest_email="gro@example.no"
        )
        mark(meeting, world.user("host"), **{"Mona Medlem": Attendance.PRESENT, "Gro": Attendance.ABSENT})
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [Meeting.Kind.COMMITTEE, Meeting.Kind.FAGDAG, Meeting.Kind.COURSE])
def test_committee_meetings_the_fagdag_and_courses_do_not_count(world, kind):
    mona_absent(world, at(2025, 2, 10), at(2025, 5, 12))
    # Mona sits in the committee too, so that she is called to its meetings.
    f.term(world.person("member"), Term.Kind.COMMITTEE_MEMBER, committee=world.committee_a, starts_on=LONG_AGO)
    for day in (at(2025, 3, 3), at(2025, 6, 2), at(2025, 10, 6)):
        meeting = meeting_at(world, day, organiser=world.committee_a, kind=kind)
        saved = mark(meeting, world.user("secretariat"), **{"Mona Medlem": Attendance.ABSENT})
        assert not saved.opened
    assert not FollowUp.objects.exists()
    assert follow_ups.absences_in_year(world.network_a.pk, [world.person("member").pk], 2025) == {
        world.person("member").pk: 2
    }


@pytest.mark.django_db
def test_absences_in_another_network_do_not_count(world):
    b_member = Membership.objects.create(
        person=world.person("member"),
        network=world.network_b,
        local_group=world.group_b1,
        workplace=world.workplace,
        starts_on=LONG_AGO,
    )
    mona_absent(world, at(2025, 2, 10), at(2025, 5, 12))
    meeting = meeting_at(world, at(2025, 9, 15), organiser=world.group_b1)
    mark(meeting, world.user("other_secretariat"), **{"Mona Medlem": Attendance.ABSENT})
    assert not FollowUp.objects.exists()
    assert b_member.pk


@pytest.mark.django_db
def test_the_threshold_is_the_networks_policy(world):
    world.network_a.absences_before_follow_up = 1
    world.network_a.save()
    [_first, second] = mona_absent(world, at(2025, 2, 10), at(2025, 5, 12))
    assert [f.absences for f in second.opened] == [2]


# Leave ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_meeting_during_leave_is_not_counted(world):
    membership = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(membership=membership, starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 6, 30))
    # On leave in May: Mona is not on the sheet at all.
    may = meeting_at(world, at(2025, 5, 12))
    with time_machine.travel(may.starts_at + dt.timedelta(hours=1)):
        assert "Mona Medlem" not in {row.name for row in attendance.attendance_sheet(may).rows}
    mona_absent(world, at(2025, 2, 10), at(2025, 9, 15))
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_leave_registered_after_the_marks_takes_the_absence_away(world):
    mona_absent(world, at(2025, 2, 10), at(2025, 5, 12))
    # The secretariat later registers the leave Mona was on in May.
    membership = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(membership=membership, starts_on=dt.date(2025, 5, 1), ends_on=dt.date(2025, 5, 31))
    mona_absent(world, at(2025, 9, 15))
    assert not FollowUp.objects.exists()
    mona_absent(world, at(2025, 11, 17))
    [follow_up] = follow_ups_of_mona(world)
    assert follow_up.absences == 3


@pytest.mark.django_db
def test_open_ended_leave_lasts_until_it_ends(world):
    membership = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(membership=membership, starts_on=dt.date(2025, 8, 1))
    mona_absent(world, at(2025, 2, 10), at(2025, 5, 12))
    late = meeting_at(world, at(2025, 9, 15))
    with time_machine.travel(late.starts_at + dt.timedelta(hours=1)):
        # Still on the list from before (registered before the leave): the mark does not count.
        Registration.objects.create(meeting=late, person=world.person("member"), attendance=Attendance.ABSENT)
    assert follow_ups.absences_in_year(world.network_a.pk, [world.person("member").pk], 2025) == {
        world.person("member").pk: 2
    }


# The year -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_year_is_the_norwegian_calendar_year(world):
    """31 December at 23:30 in Oslo is in the old year; 1 January at 00:30 in Oslo (still
    31 December in UTC) is in the new one."""
    new_years_eve = at(2025, 12, 31, 23, 30)
    new_years_night = at(2026, 1, 1, 0, 30)
    assert new_years_night.astimezone(dt.UTC).date() == dt.date(2025, 12, 31)
    mona_absent(world, at(2025, 3, 10), new_years_eve)
    mona_absent(world, new_years_night, at(2026, 3, 9))
    assert not FollowUp.objects.exists()

    [saved] = mona_absent(world, at(2025, 12, 31, 9))  # on the last day of the year, in the morning

    [follow_up] = saved.opened
    assert follow_up.year == 2025 and follow_up.absences == 3
    [saved] = mona_absent(world, at(2026, 5, 11))
    assert [(fu.year, fu.absences) for fu in saved.opened] == [(2026, 3)]


@pytest.mark.django_db
def test_a_correction_made_in_january_counts_in_the_meetings_year(world):
    meetings = [meeting_at(world, day) for day in (at(2025, 3, 10), at(2025, 6, 9), at(2025, 12, 1))]
    for meeting in meetings[:2]:
        mark(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    mark(meetings[2], world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    with time_machine.travel(at(2026, 1, 5, 9)):
        # The group leader sees in January that Mona was not there in December after all.
        rows = {row.name: row for row in attendance.attendance_sheet(meetings[2]).rows}
        saved = attendance.record_attendance(
            meetings[2], {rows["Mona Medlem"].registration.pk: Attendance.ABSENT}, by=world.user("group_leader")
        )
    assert [(fu.year, fu.absences) for fu in saved.opened] == [(2025, 3)]


# The group leader's work --------------------------------------------------------------------


@pytest.fixture
def opened(world) -> FollowUp:
    mona_absent(world, at(2025, 2, 10), at(2025, 5, 12), at(2025, 9, 15))
    return FollowUp.objects.get(person=world.person("member"))


def follow_up_url(follow_up: FollowUp) -> str:
    return reverse("meetings:follow_up", args=[follow_up.pk])


@pytest.mark.django_db
def test_the_group_leader_sees_the_record_and_writes_what_was_agreed(world, client_as, opened):
    client = client_as("group_leader")
    page = client.get(follow_up_url(opened)).content.decode()
    assert "Oppfølging av fravær 2025: Mona Medlem" in page
    assert "Til stede på 0 av 3 nettverksmøter som teller." in page
    assert "Hva ble avtalt?" in page and "Skriv ikke årsaken" in page

    response = client.post(
        follow_up_url(opened), {"agreed": "Mona kommer på neste møte.", "version": opened.version, "action": "save"}
    )

    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.agreed == "Mona kommer på neste møte." and opened.closed_at is None
    event = AuditEvent.objects.filter(object_id=str(opened.pk), action=AuditAction.CHANGED).latest("id")
    assert event.changes == {"agreed": "saved"}  # the text is not copied into the log


@pytest.mark.django_db
def test_two_people_saving_at_once_do_not_overwrite_each_other(world, client_as, opened):
    version = opened.version
    follow_ups.save_agreed(opened, agreed="Avtalt på telefon.", expected_version=version, by=world.user("secretariat"))
    response = client_as("group_leader").post(
        follow_up_url(opened), {"agreed": "Mitt utkast.", "version": version, "action": "save"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Noen andre har lagret oppfølgingen mens du skrev" in page and "Mitt utkast." in page
    opened.refresh_from_db()
    assert opened.agreed == "Avtalt på telefon."


@pytest.mark.django_db
def test_closing_needs_what_was_agreed(world, client_as, opened):
    client = client_as("group_leader")
    response = client.post(follow_up_url(opened), {"agreed": "  ", "version": opened.version, "action": "close"})
    assert response.status_code == 400
    assert "Skriv hva dere ble enige om før du avslutter oppfølgingen." in response.content.decode()
    opened.refresh_from_db()
    assert opened.closed_at is None

    response = client.post(
        follow_up_url(opened), {"agreed": "Ny avtale med leder.", "version": opened.version, "action": "close"}
    )

    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.closed_at is not None and opened.closed_by == world.user("group_leader")
    assert opened.agreed == "Ny avtale med leder."
    # Closed is closed.
    response = client.post(follow_up_url(opened), {"agreed": "Endret", "version": opened.version, "action": "save"})
    assert response.status_code == 400 and "avsluttet" in response.content.decode()
    with pytest.raises(MeetingError):
        follow_ups.inform_leader(opened, by=world.user("group_leader"))


@sends_mail
def test_the_nearest_leader_is_told_the_number_once_and_never_a_reason(world, client_as, outbox):
    mona_absent(world, at(2025, 2, 10), at(2025, 5, 12), at(2025, 9, 15))
    follow_up = FollowUp.objects.get(person=world.person("member"))
    outbox.clear()
    client = client_as("group_leader")

    response = client.post(follow_up_url(follow_up), {"action": "inform"}, follow=True)

    assert "Lars Leder har fått e-post om fraværet." in response.content.decode()
    [mail] = outbox.messages
    assert mail.envelope_to == [world.email("nearest_leader")]
    assert mail.message["Reply-To"] == world.email("group_leader")
    assert "Mona Medlem har hatt 3 fravær fra de obligatoriske nettverksmøtene i 2025" in mail.text
    assert "årsak" not in mail.text.lower()
    follow_up.refresh_from_db()
    assert follow_up.leader_informed_at is not None

    response = client.post(follow_up_url(follow_up), {"action": "inform"}, follow=True)
    assert "allerede orientert" in response.content.decode()
    assert len(outbox.messages) == 1


@pytest.mark.django_db
def test_a_member_without_a_nearest_leader_gets_a_clear_message(world, client_as, opened):
    Membership.objects.filter(person=world.person("member")).update(nearest_leader=None)
    response = client_as("group_leader").post(follow_up_url(opened), {"action": "inform"}, follow=True)
    assert "har ingen nærmeste leder med e-postadresse" in response.content.decode()
    opened.refresh_from_db()
    assert opened.leader_informed_at is None


@sends_mail
def test_a_group_leader_who_is_absent_is_not_asked_to_follow_up_themselves(world, outbox):
    gunnar = world.person("group_leader")
    f.membership(gunnar, world.group_a1, starts_on=LONG_AGO)
    for day in (at(2025, 2, 10), at(2025, 5, 12), at(2025, 9, 15)):
        mark(meeting_at(world, day), world.user("host"), **{"Gunnar Gruppeleder": Attendance.ABSENT})
    [mail] = outbox.messages
    assert mail.envelope_to == [world.network_a.secretariat_email]


# Who gets what ------------------------------------------------------------------------------


HANDLES_A1_FOLLOW_UPS = expect(404, superuser=200, secretariat=200, group_leader=200)
A1_FOLLOW_UP_LIST = expect(
    404, superuser=200, secretariat=200, group_leader=200, committee_member=403, host=403, member=403
)
SEES_MONA = expect(404, superuser=200, secretariat=200, group_leader=200, member=200, nearest_leader=200)


def check(client_as, url: str, expected: dict[str, object], post: dict | None = None) -> None:
    problems = []
    for role in EVERYONE:
        got = outcome(client_as(role).get(url))
        if got != expected[role]:
            problems.append(f"GET as {role}: expected {expected[role]}, got {got}")
        if post is not None and expected[role] != 200:
            got = outcome(client_as(role).post(url, post))
            if got != expected[role]:
                problems.append(f"POST as {role}: expected {expected[role]}, got {got}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_a_follow_up_is_seen_by_the_group_leader_and_the_secretariat_only(world, client_as, opened):
    check(client_as, follow_up_url(opened), HANDLES_A1_FOLLOW_UPS, post={"action": "inform"})
    check(
        client_as, follow_up_url(opened), HANDLES_A1_FOLLOW_UPS, post={"action": "close", "agreed": "x", "version": 1}
    )
    opened.refresh_from_db()
    assert opened.leader_informed_at is None and opened.closed_at is None


@pytest.mark.django_db
def test_the_groups_list_is_for_its_leader_and_the_secretariat(world, client_as, opened):
    url = reverse("meetings:follow_ups", args=[world.group_a1.pk])
    check(client_as, url, A1_FOLLOW_UP_LIST)
    page = client_as("group_leader").get(url).content.decode()
    assert "Mona Medlem" in page and "Ingen åpne oppfølginger" not in page


@pytest.mark.django_db
def test_the_group_leader_sees_open_follow_ups_on_the_home_page(world, client_as, opened):
    page = client_as("group_leader").get("/").content.decode()
    assert "Oppfølging av fravær" in page and "3 fravær i 2025" in page
    assert reverse("meetings:follow_ups", args=[world.group_a1.pk]) in page
    follow_ups.close(opened, agreed="Avtalt.", expected_version=opened.version, by=world.user("group_leader"))
    assert "3 fravær i 2025" not in client_as("group_leader").get("/").content.decode()
    assert "Oppfølging av fravær" not in client_as("member").get("/").content.decode()


@pytest.mark.django_db
def test_the_list_and_the_page_take_as_many_queries_with_many_follow_ups(world, client_as, opened):
    client = client_as("group_leader")
    urls = [reverse("meetings:follow_ups", args=[world.group_a1.pk]), follow_up_url(opened)]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    for n in range(8):
        person = f.person("Medlem", f"Nummer{n}")
        f.membership(person, world.group_a1, starts_on=LONG_AGO)
        FollowUp.objects.create(
            network=world.network_a, person=person, local_group=world.group_a1, year=2024, absences=3
        )
    mona_absent(world, at(2025, 10, 6), at(2025, 11, 3))
    assert queries() == few


# A member's record ----------------------------------------------------------------------------


def record_url(world: World, year: int | None = None) -> str:
    membership = Membership.objects.get(person=world.person("member"))
    if year is None:
        return reverse("meetings:member_attendance", args=[membership.pk])
    return reverse("meetings:member_attendance_year", args=[membership.pk, year])


@pytest.mark.django_db
def test_a_members_record_shows_the_year_with_leave_and_other_meetings(world, client_as):
    mona_absent(world, at(2025, 2, 10))
    [present] = [meeting_at(world, at(2025, 5, 12), title="Vårmøtet")]
    mark(present, world.user("host"), **{"Mona Medlem": Attendance.PRESENT})
    fagdag = meeting_at(
        world, at(2025, 10, 20), organiser=world.committee_a, kind=Meeting.Kind.FAGDAG, title="Fagdagen"
    )
    mark(fagdag, world.user("secretariat"), **{"Mona Medlem": Attendance.ABSENT})
    membership = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(membership=membership, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 9, 30))

    page = client_as("nearest_leader").get(record_url(world, 2025)).content.decode()

    assert "Oppmøte 2025: Mona Medlem" in page
    assert "Til stede på 1 av 2 nettverksmøter som teller." in page
    assert "Vårmøtet" in page and "Fagdagen" in page and "teller ikke" in page
    assert "1. september 2025 – 30. september 2025" in page


@pytest.mark.django_db
def test_a_members_record_links_each_meeting_where_the_reader_may_go(world, client_as):
    meeting = meeting_at(world, at(2025, 11, 10))
    mark(meeting, world.user("host"), **{"Mona Medlem": Attendance.ABSENT})
    to_meeting = f'href="{meeting.get_absolute_url()}"'
    to_minutes = f'href="{reverse("meetings:minutes", args=[meeting.pk])}"'
    as_member = client_as("member").get(record_url(world, 2025)).content.decode()
    assert to_meeting in as_member
    # Her nearest leader does not see the group's meetings, only their minutes (DESIGN.md §2).
    as_leader = client_as("nearest_leader").get(record_url(world, 2025)).content.decode()
    assert to_meeting not in as_leader and to_minutes in as_leader
    assert client_as("nearest_leader").get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 200


@pytest.mark.django_db
def test_a_members_record_goes_back_to_the_year_she_joined(world, client_as):
    membership = Membership.objects.get(person=world.person("member"))
    joined = membership.starts_on.year
    client = client_as("member")
    first = client.get(record_url(world, joined)).content.decode()
    assert record_url(world, joined - 1) not in first
    assert record_url(world, joined) in client.get(record_url(world, joined + 1)).content.decode()


@pytest.mark.django_db
def test_a_members_record_is_seen_by_whoever_sees_her(world, client_as):
    check(client_as, record_url(world), SEES_MONA)
    check(client_as, record_url(world, 2025), SEES_MONA)


@pytest.mark.django_db
def test_the_record_takes_as_many_queries_for_a_long_year(world, client_as):
    client = client_as("member")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(record_url(world, 2025)).status_code == 200
        return len(captured)

    mona_absent(world, at(2025, 2, 10))
    few = queries()
    mona_absent(world, at(2025, 3, 10), at(2025, 4, 7), at(2025, 5, 5), at(2025, 6, 2))
    assert queries() == few


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1066, 9999])
def test_a_year_out_of_range_is_not_found(world, client_as, year):
    assert client_as("member").get(record_url(world, year)).status_code == 404
