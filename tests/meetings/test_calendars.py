"""Calendar files: one meeting for the invitation, a group's meetings, and each person's
private feed, which calendar apps read without signing in."""

import datetime as dt
import zoneinfo

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lindra.meetings import calendars, links
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Term
from tests import factories as f
from tests.personas import EVERYONE, SIGN_IN, VISITOR, World, outcome

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
UTC = dt.UTC


def parse(content: bytes) -> Calendar:
    calendar = Calendar.from_ical(content)
    assert calendar.get_missing_tzids() == set()  # every TZID has its VTIMEZONE
    return calendar


def titles(content: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in parse(content).events]


def oslo(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=OSLO)


def next_year() -> int:
    return timezone.localdate().year + 1


@pytest.fixture
def year_of_meetings(world: World) -> dict[str, Meeting]:
    """Group A1 in winter and summer next year, in two years and last year; A2, the committee
    and network B next year."""
    year = next_year()
    return {
        "winter": f.meeting(world.group_a1, title="Vintermøte", starts_at=oslo(year, 1, 14)),
        "summer": f.meeting(
            world.group_a1,
            title="Sommermøte",
            starts_at=oslo(year, 6, 10),
            place="Haraldsplass, auditoriet",
            part1="Erfaringer med smertepumper.",
            part2_title="Delirium hos eldre",
            part2="Foredrag ved geriater.",
        ),
        "too_late": f.meeting(world.group_a1, title="Møte om to år", starts_at=oslo(year + 1, 3, 1)),
        "last_year": f.meeting(world.group_a1, title="Møte i fjor", starts_at=oslo(year - 2, 3, 1)),
        "a2": f.meeting(world.group_a2, title="Møte i Åsane", starts_at=oslo(year, 2, 1)),
        "committee": f.meeting(world.committee_a, title="Driftsgruppemøte", starts_at=oslo(year, 3, 1)),
        "b1": f.meeting(world.group_b1, title="Fysiomøte", starts_at=oslo(year, 4, 1)),
    }


# One meeting -----------------------------------------------------------------------------


def test_a_meeting_in_june_is_nine_oslo_time_which_is_seven_utc(world, year_of_meetings):
    summer = year_of_meetings["summer"]
    [event] = parse(calendars.meeting_ics(summer)).events
    assert event.start == oslo(next_year(), 6, 10, 9)
    assert event.start.astimezone(UTC) == dt.datetime(next_year(), 6, 10, 7, tzinfo=UTC)
    assert event.end.astimezone(UTC) == dt.datetime(next_year(), 6, 10, 10, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"


def test_a_meeting_in_january_is_nine_oslo_time_which_is_eight_utc(world, year_of_meetings):
    [event] = parse(calendars.meeting_ics(year_of_meetings["winter"])).events
    assert event.start.astimezone(UTC) == dt.datetime(next_year(), 1, 14, 8, tzinfo=UTC)


def test_the_calendar_carries_the_oslo_time_zone_with_summer_time(world, year_of_meetings):
    calendar = parse(calendars.meeting_ics(year_of_meetings["summer"]))
    [zone] = calendar.timezones
    assert zone.tz_name == "Europe/Oslo"
    offsets = {str(sub["TZNAME"]): sub["TZOFFSETTO"].td for sub in zone.subcomponents}
    assert offsets == {"CET": dt.timedelta(hours=1), "CEST": dt.timedelta(hours=2)}


def test_an_event_has_the_title_place_and_both_parts_of_the_agenda(world, year_of_meetings):
    summer = year_of_meetings["summer"]
    [event] = parse(calendars.meeting_ics(summer)).events
    assert str(event["SUMMARY"]) == "Sommermøte"
    assert str(event["LOCATION"]) == "Haraldsplass, auditoriet"
    description = str(event["DESCRIPTION"])
    assert "Del 1: Erfaringsutveksling" in description
    assert "Erfaringer med smertepumper." in description
    assert (
        "Del 2: Faglig påfyll (ledes av arrangøren, åpen for inviterte kolleger og nærmeste ledere): Delirium hos eldre"
        in (description)
    )
    assert "Foredrag ved geriater." in description
    assert str(event["URL"]).endswith(reverse("meetings:detail", args=[summer.pk]))
    assert "&amp;" not in description


@pytest.mark.django_db
def test_a_fagdag_in_the_calendar_has_its_programme_not_the_two_parts(world):
    fagdag = f.meeting(
        world.committee_a, kind=Meeting.Kind.FAGDAG, title="Fagdag", programme="09:00 Åpning\n10:00 Sedering"
    )
    [event] = parse(calendars.meeting_ics(fagdag)).events
    description = str(event["DESCRIPTION"])
    assert "Program:\n09:00 Åpning\n10:00 Sedering" in description
    assert "Del 1" not in description and "Del 2" not in description


def test_the_uid_is_stable_so_a_calendar_updates_the_event(world, year_of_meetings):
    summer = year_of_meetings["summer"]
    first = parse(calendars.meeting_ics(summer)).events[0]
    Meeting.objects.filter(pk=summer.pk).update(place="Nytt sted", version=summer.version + 1)
    summer.refresh_from_db()
    second = parse(calendars.meeting_ics(summer)).events[0]
    assert str(first["UID"]) == str(second["UID"]) == calendars.uid_for(summer)
    assert str(summer.pk) in str(first["UID"])
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    other = parse(calendars.meeting_ics(year_of_meetings["winter"])).events[0]
    assert str(other["UID"]) != str(first["UID"])


MEETING_CALENDAR = {
    VISITOR: SIGN_IN,
    "superuser": 200,
    "secretariat": 200,
    "committee_member": 200,
    "group_leader": 200,
    "host": 200,
    "member": 200,
    "nearest_leader": 404,
    "other_member": 404,
    "other_secretariat": 404,
}


@pytest.mark.parametrize("role", EVERYONE)
def test_a_meetings_calendar_file_is_for_those_who_see_the_meeting(world, client_as, role):
    response = client_as(role).get(reverse("meetings:meeting_calendar", args=[world.meeting.pk]))
    assert outcome(response) == MEETING_CALENDAR[role]
    if response.status_code == 200:
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="mote-{world.meeting.pk}.ics"'
        assert titles(response.content) == ["Gruppemøte om smertelindring"]


@pytest.mark.parametrize("role", EVERYONE)
def test_a_groups_calendar_is_for_those_who_see_the_group(world, client_as, year_of_meetings, role):
    response = client_as(role).get(reverse("meetings:group_calendar", args=[world.group_a1.pk]))
    assert outcome(response) == MEETING_CALENDAR[role]
    if response.status_code == 200:
        assert sorted(titles(response.content)) == sorted(["Vintermøte", "Gruppemøte om smertelindring", "Sommermøte"])


# Private feeds ---------------------------------------------------------------------------


def feed(client, person) -> object:
    return client.get(reverse("meetings:calendar_feed", args=[calendars.feed_token(person)]))


def test_a_members_feed_has_her_groups_meetings_this_year_and_next(world, visitor, year_of_meetings):
    response = feed(visitor, world.person("member"))  # a calendar app: not signed in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert sorted(titles(response.content)) == sorted(["Vintermøte", "Gruppemøte om smertelindring", "Sommermøte"])
    summer = next(e for e in parse(response.content).events if str(e["SUMMARY"]) == "Sommermøte")
    assert summer.start.astimezone(UTC).hour == 7


def test_a_committee_members_feed_has_the_committees_meetings(world, visitor, year_of_meetings):
    assert sorted(titles(feed(visitor, world.person("committee_member")).content)) == sorted(
        ["Driftsgruppemøte", "Møte i driftsgruppen"]
    )


def test_a_group_leaders_feed_has_the_group_she_leads(world, visitor, year_of_meetings):
    assert "Sommermøte" in titles(feed(visitor, world.person("group_leader")).content)


def test_a_feed_follows_the_registry_from_day_to_day(world, visitor, year_of_meetings):
    Term.objects.filter(person=world.person("group_leader")).update(ends_on=f.today() - dt.timedelta(days=1))
    assert titles(feed(visitor, world.person("group_leader")).content) == []


def test_one_members_token_does_not_open_anothers_feed(world, visitor, year_of_meetings):
    mona, olav = world.person("member"), world.person("other_member")
    mona_token = calendars.feed_token(mona)
    olav_token = calendars.feed_token(olav)
    assert mona_token != olav_token
    assert calendars.person_for_feed_token(mona_token) == mona
    assert "Møte i Åsane" not in titles(feed(visitor, mona).content)
    assert "Møte i Åsane" in titles(feed(visitor, olav).content)
    # Mona's signature with Olav's id, and the other way round.
    forged = [
        f"{olav.pk}:{mona_token.split(':', 1)[1]}",
        f"{mona.pk}:{olav_token.split(':', 1)[1]}",
    ]
    for token in forged:
        assert visitor.get(reverse("meetings:calendar_feed", args=[token])).status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "ikke-en-kalender",
        "1:feil-signatur",
        "abc:def",
        signing.Signer(salt="en-annen-hensikt").sign("1"),
        signing.Signer(key="not-the-key", salt=calendars.FEED_SALT).sign("1"),
    ],
)
def test_a_bad_feed_token_is_404(world, visitor, token):
    response = visitor.get(reverse("meetings:calendar_feed", args=[token]))
    assert response.status_code == 404
    assert '<html lang="nb"' in response.text


def test_an_answer_link_token_is_no_feed_token(world, visitor):
    registration = Registration.objects.create(meeting=world.meeting, person=world.person("member"))
    token = links.token_for(registration, "read")
    assert visitor.get(reverse("meetings:calendar_feed", args=[token])).status_code == 404


def test_an_empty_feed_is_still_a_calendar(world, visitor):
    calendar = parse(feed(visitor, world.person("nearest_leader")).content)
    assert calendar.events == []
    assert str(calendar["PRODID"]) == calendars.PRODID


def test_the_calendar_page_shows_the_members_own_feed_address(world, client_as):
    page = client_as("member").get(reverse("meetings:calendar"))
    assert page.status_code == 200
    feed_url = calendars.feed_url(world.person("member"))
    assert f'value="{feed_url}"' in page.text
    assert calendars.webcal_url(feed_url) in page.text
    assert calendars.feed_token(world.person("other_member")) not in page.text
    assert reverse("meetings:group_calendar", args=[world.group_a1.pk]) in page.text


def test_the_calendar_page_for_an_account_without_a_person(world, client_as):
    page = client_as("superuser").get(reverse("meetings:calendar"))
    assert page.status_code == 200
    assert "ikke knyttet til en person" in page.text


def test_the_calendar_page_is_for_those_signed_in(world, visitor):
    assert outcome(visitor.get(reverse("meetings:calendar"))) == SIGN_IN
