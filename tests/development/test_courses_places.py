"""Places and the waiting list of an intro course or a fagdag: the number of places is set
when the event is planned or edited; whoever registers when all are taken waits in turn and is
told their number on the page and by e-mail; when someone with a place gives notice, the first
in turn gets it and an e-mail, once. The mail goes through a real SMTP server; two registering
for the last place at once are tried on PostgreSQL, with two connections."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lindra.meetings import links, registrations, services
from lindra.meetings.models import Meeting, Registration
from tests import factories as f
from tests.personas import World

sends_mail = pytest.mark.django_db(transaction=True)
Answer = Registration.Answer
MONA, AINA, OLAV = "member@lindra.example", "host@lindra.example", "other-member@lindra.example"


def course(world: World, capacity: int | None = 1, days: int = 60) -> Meeting:
    day = f.today() + dt.timedelta(days=days)
    meeting = services.plan_event(
        world.committee_a,
        kind=Meeting.Kind.COURSE,
        title="Introduksjonskurs våren",
        starts_at=f.at(day, 9),
        ends_at=f.at(day, 15),
        place="Haukeland, auditoriet",
        capacity=capacity,
        by=world.user("committee_member"),
    )
    for role in ("member", "host", "other_member"):
        Registration.objects.create(meeting=meeting, person=world.person(role))
    return meeting


def registration(meeting: Meeting, world: World, role: str) -> Registration:
    return Registration.objects.get(meeting=meeting, person=world.person(role))


def press(client, meeting: Meeting, world: World, role: str, action: str):
    """The participant presses the button of the link in their invitation."""
    url = reverse("meetings:answer", args=[links.token_for(registration(meeting, world, role), action)])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    return response.text


def test_the_event_form_takes_the_number_of_places(world: World, client_as):
    day = (f.today() + dt.timedelta(days=80)).strftime("%d.%m.%Y")
    form = {"kind": "course", "title": "Kurs", "day": day, "starts": "09:00", "ends": "15:00", "place": ""}
    client = client_as("committee_member")
    refused = client.post(reverse("meetings:new_event", args=[world.committee_a.pk]), {**form, "capacity": "0"})
    assert refused.status_code == 400
    assert refused.context["form"].errors["capacity"] == ["Verdien må være større enn eller lik 1."]
    assert 'value="Kurs"' in refused.text
    client.post(reverse("meetings:new_event", args=[world.committee_a.pk]), {**form, "capacity": "25"})
    assert Meeting.objects.get(title="Kurs").capacity == 25


def test_the_program_form_of_a_group_meeting_has_no_places(world: World, client_as):
    form = client_as("host").get(reverse("meetings:agenda", args=[world.meeting.pk])).context["form"]
    assert "capacity" not in form.fields


@sends_mail
def test_registering_when_full_puts_one_on_the_waiting_list_and_a_notice_gives_the_place_on(
    world: World, client, outbox
):
    meeting = course(world, capacity=1)
    assert "Du er påmeldt" in press(client, meeting, world, "member", "register")
    page = press(client, meeting, world, "host", "register")
    assert "Du står på ventelisten" in page and "Du står som nummer 1 på ventelisten" in page
    page = press(client, meeting, world, "other_member", "register")
    assert "Du står som nummer 2 på ventelisten" in page
    [aina_waits] = outbox.to(AINA)
    assert aina_waits.subject == "Venteliste: Introduksjonskurs våren, du er nummer 1"
    assert "står på ventelisten som nummer 1" in aina_waits.text
    [olav_waits] = outbox.to(OLAV)
    assert olav_waits.subject.endswith("du er nummer 2")
    outbox.clear()

    press(client, meeting, world, "member", "absent")
    [offered] = outbox.to(AINA)
    assert offered.subject.startswith("Du har fått plass: Introduksjonskurs våren")
    assert "du har nå plass på Introduksjonskurs våren" in offered.text
    assert [name for name, _content in offered.attachments] == ["mote.ics"]
    assert not outbox.to(OLAV)
    assert registration(meeting, world, "host").waitlisted_at is None
    assert registrations.place_in_line(registration(meeting, world, "other_member")) == 1
    # Pressing the same button again changes nothing and sends nothing.
    press(client, meeting, world, "member", "absent")
    assert len(outbox.to(AINA)) == 1


@sends_mail
def test_leaving_the_waiting_list_frees_no_place(world: World, client, outbox):
    meeting = course(world, capacity=1)
    for role in ("member", "host", "other_member"):
        press(client, meeting, world, role, "register")
    page = press(client, meeting, world, "host", "absent")
    assert "Ta meg av ventelisten" not in page
    outbox.clear()
    assert registrations.place_in_line(registration(meeting, world, "other_member")) == 1
    assert not [m for m in outbox.messages if m.subject.startswith("Du har fått plass")]


@sends_mail
def test_the_button_on_the_waiting_list_says_what_it_does(world: World, client):
    meeting = course(world, capacity=1)
    press(client, meeting, world, "member", "register")
    page = press(client, meeting, world, "host", "register")
    assert "Ta meg av ventelisten" in page


def test_the_participants_page_shows_places_the_waiting_list_in_turn_and_free_places(world: World, client_as):
    meeting = course(world, capacity=1)
    for role in ("member", "other_member", "host"):
        registrations.answer(registration(meeting, world, role), Answer.REGISTERED)
    page = client_as("committee_member").get(reverse("meetings:participants", args=[meeting.pk])).text
    assert "Plasser og venteliste" in page
    assert ">Ledige plasser</dt><dd>0</dd>" in page
    assert ">Påmeldt med plass</dt><dd>1</dd>" in page
    waiting = page[page.index("Ventelisten i rekkefølge") :]
    assert waiting.index("Olav Annengruppe") < waiting.index("Aina Arrangør")
    assert "<td>1</td><td>Olav Annengruppe" in waiting and "<td>2</td><td>Aina Arrangør" in waiting
    assert "På venteliste" in page  # the members' table tags them


def test_a_group_meeting_has_no_places_on_its_participants_page(world: World, client_as):
    page = client_as("host").get(reverse("meetings:participants", args=[world.meeting.pk])).text
    assert "Plasser og venteliste" not in page


@sends_mail
def test_more_places_go_to_those_first_in_turn(world: World, client_as, outbox):
    meeting = course(world, capacity=1)
    for role in ("member", "host", "other_member"):
        registrations.answer(registration(meeting, world, role), Answer.REGISTERED)
    outbox.clear()
    response = client_as("committee_member").post(
        reverse("meetings:agenda", args=[meeting.pk]),
        {"place": "Haukeland", "programme": "", "capacity": "2", "version": meeting.version},
    )
    assert response.status_code == 302
    assert [m.subject for m in outbox.to(AINA)] == ["Du har fått plass: Introduksjonskurs våren " + _day(meeting)]
    assert not outbox.to(OLAV)
    page = client_as("committee_member").get(reverse("meetings:participants", args=[meeting.pk])).text
    assert ">Ledige plasser</dt><dd>0</dd>" in page and "<td>1</td><td>Olav Annengruppe" in page


def _day(meeting: Meeting) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(meeting.starts_at), "j. F Y")


def test_no_place_is_given_once_the_course_has_begun(world: World):
    meeting = course(world, capacity=1)
    for role in ("member", "host"):
        registrations.answer(registration(meeting, world, role), Answer.REGISTERED)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5), ends_at=timezone.now() + dt.timedelta(hours=3)
    )
    meeting.refresh_from_db()
    assert registrations.fill_free_places(meeting) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once need PostgreSQL")
@sends_mail
def test_two_registering_for_the_last_place_at_once_get_one_place_and_one_waits(world: World, outbox):
    meeting = course(world, capacity=2)
    registrations.answer(registration(meeting, world, "member"), Answer.REGISTERED)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def register(role: str) -> None:
        try:
            mine = registration(meeting, world, role)
            start.wait()
            registrations.answer(mine, Answer.REGISTERED)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(role,)) for role in ("host", "other_member")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    rows = Registration.objects.filter(meeting=meeting, answer=Answer.REGISTERED)
    assert rows.count() == 3
    assert rows.filter(waitlisted_at__isnull=True).count() == 2
    assert rows.filter(waitlisted_at__isnull=False).count() == 1
