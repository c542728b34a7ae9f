"""The fagdag (000, 003, 004: "Delta på felles årlig fagdag"): once a year per network, for
the members and their nearest leaders, with guests, places and a waiting list as for a course;
the network's year shows whether it was held, when and how many came; a second fagdag in the
same year is planned only once its warning has been confirmed."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lindra.meetings import attendance, invitations, registrations
from lindra.meetings.models import Meeting, Registration
from tests import factories as f
from tests.personas import World

Attendance = Registration.Attendance


def fagdag_form(day: dt.date, **fields) -> dict:
    return {
        "kind": Meeting.Kind.FAGDAG,
        "title": "Fagdag om lindrende sedering",
        "day": day.strftime("%d.%m.%Y"),
        "starts": "09:00",
        "ends": "15:00",
        "place": "Haukeland",
        "capacity": "80",
        **fields,
    }


def next_fagdag_day() -> dt.date:
    today = f.today()
    day = today + dt.timedelta(days=30)
    return day if day.year == today.year else today + dt.timedelta(days=1)


def test_a_second_fagdag_in_a_year_asks_to_be_confirmed(world: World, client_as):
    day = next_fagdag_day()
    earlier = f.meeting(world.committee_a, kind=Meeting.Kind.FAGDAG, title="Vårens fagdag", starts_at=f.at(day, 9))
    client = client_as("committee_member")
    url = reverse("meetings:new_event", args=[world.committee_a.pk])
    first = client.post(url, fagdag_form(day))
    assert first.status_code == 200
    assert f"Nettverket har allerede en fagdag i {day.year}" in first.text
    assert "Det skal være én fagdag i året." in first.text and "Legg inn likevel" in first.text
    assert 'value="Fagdag om lindrende sedering"' in first.text
    assert Meeting.objects.filter(kind=Meeting.Kind.FAGDAG).count() == 1
    confirm = re.search(r'name="confirm" value="([0-9a-f]+)"', first.text).group(1)
    second = client.post(url, {**fagdag_form(day), "confirm": confirm})
    assert second.status_code == 302
    assert Meeting.objects.filter(kind=Meeting.Kind.FAGDAG).count() == 2
    assert Meeting.objects.exclude(pk=earlier.pk).get(kind=Meeting.Kind.FAGDAG).capacity == 80


def test_a_fagdag_next_year_or_a_course_the_same_year_is_planned_without_a_warning(world: World, client_as):
    day = next_fagdag_day()
    f.meeting(world.committee_a, kind=Meeting.Kind.FAGDAG, starts_at=f.at(day, 9))
    client = client_as("secretariat")
    url = reverse("meetings:new_event", args=[world.committee_a.pk])
    assert client.post(url, fagdag_form(day.replace(year=day.year + 1, day=min(day.day, 28)))).status_code == 302
    assert client.post(url, fagdag_form(day, kind=Meeting.Kind.COURSE, title="Kurs")).status_code == 302


def test_the_fagdag_calls_the_members_and_their_nearest_leaders(world: World):
    fagdag = f.meeting(world.committee_a, kind=Meeting.Kind.FAGDAG)
    who = invitations.call_list(fagdag, f.today())
    assert world.person("member") in who.members and world.person("other_member") in who.members
    assert who.others == [world.person("nearest_leader")]


@pytest.mark.django_db(transaction=True)
def test_a_guest_of_the_fagdag_is_told_its_programme_and_waits_when_it_is_full(world: World, outbox):
    fagdag = f.meeting(
        world.committee_a,
        kind=Meeting.Kind.FAGDAG,
        title="Fagdag",
        starts_at=f.at(f.today() + dt.timedelta(days=40), 9),
        capacity=1,
        programme="09:00 Åpning",
    )
    mona = Registration.objects.create(meeting=fagdag, person=world.person("member"))
    registrations.answer(mona, Registration.Answer.REGISTERED)
    guest = registrations.invite_guest(
        fagdag, name="Gerd Gjest", email="gerd@sykehus.example", by=world.user("secretariat")
    )
    [invited] = outbox.to("gerd@sykehus.example")
    assert "09:00 Åpning" in invited.text and "Del 2" not in invited.text
    registrations.answer(guest, Registration.Answer.REGISTERED)
    [_invited, waits] = outbox.to("gerd@sykehus.example")
    assert waits.subject == "Venteliste: Fagdag, du er nummer 1"


def test_the_year_page_shows_the_fagdag_held_with_how_many_came(world: World, client_as):
    held_at = timezone.now() - dt.timedelta(hours=5)
    if timezone.localtime(held_at).year != f.today().year:
        pytest.skip("the first hours of the year")
    fagdag = f.meeting(world.committee_a, kind=Meeting.Kind.FAGDAG, title="Fagdag", starts_at=held_at)
    sheet = attendance.attendance_sheet(fagdag)
    attendance.record_attendance(
        fagdag, {r.registration.pk: Attendance.PRESENT for r in sheet.rows}, by=world.user("secretariat")
    )
    page = client_as("committee_member").get(reverse("meetings:network_year", args=[world.network_a.pk])).text
    day = timezone.localtime(held_at)
    assert f"holdt</span> {day.day}. " in page and "3 medlemmer til stede" in page
    xlsx = client_as("secretariat").get(reverse("meetings:network_year", args=[world.network_a.pk]) + "?format=xlsx")
    rows = list(load_workbook(BytesIO(xlsx.content)).active.values)
    assert rows[-1][0] == "Fagdag" and "3 medlemmer til stede" in rows[-1][1] and "holdt" in rows[-1][1]


def test_the_year_page_says_when_no_fagdag_was_held(world: World, client_as):
    last_year = f.today().year - 1
    page = client_as("secretariat").get(reverse("meetings:network_year_for", args=[world.network_a.pk, last_year])).text
    assert f"Ingen fagdag ble holdt i {last_year}." in page
    this_year = client_as("secretariat").get(reverse("meetings:network_year", args=[world.network_a.pk])).text
    assert f"Ingen fagdag er holdt eller planlagt i {f.today().year}." in this_year
