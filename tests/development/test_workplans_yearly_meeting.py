"""The yearly meeting of member and nearest leader (seed 004: "Ha årlig møte med
ressursperson for å planlegge og evaluere arbeidsplan"): booked by either with a calendar file
for both, moved with the same event, and its evaluation recorded after it, through time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lindra.development.models import YearlyMeeting
from lindra.registry.models import Membership

sends_mail = pytest.mark.django_db(transaction=True)
OSLO = ZoneInfo("Europe/Oslo")
YEAR = timezone.localdate().year + 1  # a year ahead, to travel through
MONA, LARS = "member@lindra.example", "nearest-leader@lindra.example"


def mona(world) -> Membership:
    return Membership.objects.get(person=world.person("member"))


def meeting_page(world, year: int = YEAR) -> str:
    return reverse("development:yearly_meeting", args=[mona(world).pk, year])


def evaluation_url(world, year: int = YEAR) -> str:
    return reverse("development:yearly_meeting_evaluation", args=[mona(world).pk, year])


def book(client, world, day: dt.date, starts="10:00", ends="11:00", place="Lederens kontor", version=0):
    return client.post(
        meeting_page(world),
        {"day": day.isoformat(), "starts": starts, "ends": ends, "place": place, "version": version},
    )


def event_of(attachment: bytes):
    [event] = Calendar.from_ical(attachment).walk("VEVENT")
    return event


@sends_mail
def test_the_member_books_the_meeting_and_both_get_a_calendar_file(world, client_as, outbox):
    client = client_as("member")
    response = book(client, world, dt.date(YEAR, 2, 10))

    assert response.status_code == 302
    meeting = YearlyMeeting.objects.get()
    assert timezone.localtime(meeting.starts_at) == dt.datetime(YEAR, 2, 10, 10, tzinfo=OSLO)
    page = client.get(meeting_page(world)).text
    assert "Dere får begge en e-post med kalenderfil." in page and "Lederens kontor" in page
    assert sorted(m.envelope_to[0] for m in outbox.messages) == [MONA, LARS]
    for mail in outbox.messages:
        assert mail.subject.startswith(f"Årlig møte om arbeidsplanen {YEAR}: ")
        assert mail.subject.endswith(f" 10. februar {YEAR} kl. 10:00")
        [(name, ics)] = mail.attachments
        assert name == "arlig-mote.ics"
        event = event_of(ics)
        assert event.start == dt.datetime(YEAR, 2, 10, 10, tzinfo=OSLO)
        assert event.end == dt.datetime(YEAR, 2, 10, 11, tzinfo=OSLO)
        assert str(event["LOCATION"]) == "Lederens kontor"
        assert "Mona Medlem og Lars Leder" in str(event["SUMMARY"])
    [to_lars] = outbox.to(LARS)
    assert "med Mona Medlem er booket" in to_lars.text and to_lars.message["Reply-To"] == MONA


@sends_mail
def test_moving_the_meeting_sends_the_same_event_with_the_new_time(world, client_as, outbox):
    book(client_as("member"), world, dt.date(YEAR, 2, 10))
    [first] = outbox.to(MONA)
    outbox.clear()
    version = YearlyMeeting.objects.get().version

    response = book(client_as("nearest_leader"), world, dt.date(YEAR, 2, 17), "13:00", "14:00", version=version)

    assert response.status_code == 302
    [moved] = outbox.to(MONA)
    assert "er flyttet" in moved.subject and "Den nye tiden" in moved.text
    before, after = event_of(first.attachments[0][1]), event_of(moved.attachments[0][1])
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.start == dt.datetime(YEAR, 2, 17, 13, tzinfo=OSLO)
    assert len(outbox.to(LARS)) == 1


def test_a_meeting_for_the_year_is_held_that_year_and_ends_after_it_begins(world, client_as):
    client = client_as("member")
    response = book(client, world, dt.date(YEAR + 1, 1, 5))
    assert response.status_code == 400
    assert f"Møtet for {YEAR} må holdes i {YEAR}." in response.text
    assert 'value="Lederens kontor"' in response.text

    response = book(client, world, dt.date(YEAR, 2, 10), "11:00", "10:00")
    assert response.status_code == 400
    assert "Møtet må slutte etter at det begynner." in response.text
    assert not YearlyMeeting.objects.exists()


@pytest.mark.parametrize("role", ["group_leader", "secretariat"])
def test_the_group_leader_and_the_secretariat_see_the_meeting_but_do_not_book_it(world, client_as, role):
    book(client_as("member"), world, dt.date(YEAR, 2, 10))
    client = client_as(role)
    page = client.get(meeting_page(world)).text
    assert "Lederens kontor" in page and 'name="day"' not in page
    assert book(client, world, dt.date(YEAR, 3, 10), version=1).status_code == 403
    assert client.post(evaluation_url(world), {"evaluation": "Bra", "version": 1}).status_code == 403


def test_others_do_not_find_the_meeting(world, client_as):
    assert client_as("other_member").get(meeting_page(world)).status_code == 404
    assert client_as("host").get(meeting_page(world)).status_code == 404


@sends_mail
def test_the_evaluation_is_written_after_the_meeting_and_then_it_cannot_be_moved(world, client_as, outbox):
    book(client_as("member"), world, dt.date(YEAR, 2, 10))
    meeting = YearlyMeeting.objects.get()
    leader = client_as("nearest_leader")

    response = leader.post(evaluation_url(world), {"evaluation": "Før møtet.", "version": meeting.version})
    assert response.status_code == 400
    assert "Evalueringen skrives etter møtet" in response.text
    assert "Evaluering etter møtet" not in leader.get(meeting_page(world)).text

    with time_machine.travel(dt.datetime(YEAR, 2, 10, 11, 30, tzinfo=OSLO), tick=False):
        leader = client_as("nearest_leader")  # signed in that day
        page = leader.get(meeting_page(world)).text
        assert "Evaluering etter møtet" in page
        assert leader.post(evaluation_url(world), {"evaluation": "", "version": meeting.version}).status_code == 400
        response = leader.post(
            evaluation_url(world), {"evaluation": "Hun har veiledet fire kolleger.", "version": meeting.version}
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.evaluation == "Hun har veiledet fire kolleger." and meeting.evaluated_at is not None
        page = client_as("member").get(meeting_page(world)).text
        assert "Hun har veiledet fire kolleger." in page and "Flytt møtet" not in page
        member = client_as("member")
        assert book(member, world, dt.date(YEAR, 3, 1), version=meeting.version).status_code == 302
        assert "Møtet er holdt og evaluert, og kan ikke flyttes." in member.get(meeting_page(world)).text
        assert YearlyMeeting.objects.get().starts_at == meeting.starts_at
        assert client_as("group_leader").get(meeting_page(world)).text.count("Hun har veiledet fire kolleger.") == 1


def test_evaluating_a_meeting_not_booked_asks_to_book_it_first(world, client_as):
    client = client_as("member")
    response = client.post(evaluation_url(world), {"evaluation": "Bra år.", "version": 0})
    assert response.status_code == 302
    assert "Book møtet først." in client.get(meeting_page(world)).text
