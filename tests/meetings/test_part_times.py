"""The times of the agenda's two parts (seed 001: part 1 is for the group's members, part 2 is
open to invited colleagues and nearest leaders): set on the agenda form, shown on the meeting's
page, in the invitation, its PDF and calendar file; and a guest is given part 2's time
everywhere, with a confirmation when they register."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lindra.meetings import invitations, links, registrations
from lindra.meetings.calendars import meeting_ics
from lindra.meetings.models import Invitation, Meeting, Registration
from tests.documents import pdf_text
from tests.personas import World

sends_mail = pytest.mark.django_db(transaction=True)
Answer = Registration.Answer
PART1 = "Erfaringer med tiltaksplan for døende."
PART2 = "Undervisning ved kreftsykepleier om munnstell."


def agenda_data(meeting: Meeting, **values) -> dict:
    return {
        "place": "Årstad hjemmetjeneste, kantina",
        "part1_starts": "12:00",
        "part1_ends": "13:00",
        "part1": PART1,
        "part2_starts": "13:30",
        "part2_ends": "15:00",
        "part2_title": "Munnstell i livets sluttfase",
        "part2": PART2,
        "registration_deadline": "",
        "minute_taker": "",
        "version": str(meeting.version),
        **values,
    }


def with_parts(world: World) -> Meeting:
    """A1's meeting (12:00–15:00) with part 1 at 12:00–13:00 and part 2 at 13:30–15:00."""
    Meeting.objects.filter(pk=world.meeting.pk).update(
        part1_starts=dt.time(12),
        part1_ends=dt.time(13),
        part1=PART1,
        part2_starts=dt.time(13, 30),
        part2_ends=dt.time(15),
        part2_title="Munnstell i livets sluttfase",
        part2=PART2,
    )
    world.meeting.refresh_from_db()
    return world.meeting


def errors(response) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def day_of(meeting: Meeting, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(
        timezone.localdate(meeting.starts_at), dt.time(hour, minute), timezone.get_current_timezone()
    )


def event_of(ics: bytes | str):
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    return event


# The agenda form ----------------------------------------------------------------------------


def test_the_host_sets_the_times_of_both_parts_and_the_meeting_page_shows_them(world, client_as):
    url = reverse("meetings:agenda", args=[world.meeting.pk])
    host = client_as("host")
    form = host.get(url)
    for name in ("part1_starts", "part1_ends", "part2_starts", "part2_ends"):
        assert f'type="time" name="{name}"' in form.text
    assert host.post(url, agenda_data(world.meeting)).status_code == 302
    saved = Meeting.objects.get(pk=world.meeting.pk)
    assert (saved.part1_starts, saved.part1_ends, saved.part2_starts, saved.part2_ends) == (
        dt.time(12),
        dt.time(13),
        dt.time(13, 30),
        dt.time(15),
    )
    page = client_as("member").get(world.meeting.get_absolute_url()).text
    assert "Kl. 12:00–13:00" in page
    assert "Kl. 13:30–15:00" in page
    assert page.index("Kl. 12:00–13:00") < page.index(PART1) < page.index("Kl. 13:30–15:00") < page.index(PART2)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"part1_starts": "11:00"}, {"part1_starts": ["Delen kan ikke begynne før møtet, som begynner kl. 12:00."]}),
        ({"part2_ends": "16:00"}, {"part2_ends": ["Delen kan ikke slutte etter møtet, som slutter kl. 15:00."]}),
        ({"part2_starts": "14:00", "part2_ends": "13:45"}, {"part2_ends": ["Delen må slutte etter at den begynner."]}),
        ({"part2_starts": "12:30"}, {"part2_starts": ["Del 2 kan ikke begynne før del 1 slutter (kl. 13:00)."]}),
        ({"part1_ends": ""}, {"part1_ends": ["Skriv også når delen slutter."]}),
        ({"part2_starts": ""}, {"part2_starts": ["Skriv også når delen begynner."]}),
        ({"part2_starts": "25:00"}, {"part2_starts": ["Oppgi et gyldig tidspunkt."]}),
    ],
)
def test_bad_part_times_are_refused_on_their_field_and_what_was_typed_is_kept(world, client_as, values, expected):
    response = client_as("host").post(
        reverse("meetings:agenda", args=[world.meeting.pk]), agenda_data(world.meeting, **values)
    )
    assert response.status_code == 400
    assert errors(response) == expected
    [field] = expected
    assert f'aria-describedby="id_{field}_error' in response.text or f'id="id_{field}_error"' in response.text
    assert 'value="Munnstell i livets sluttfase"' in response.text
    assert Meeting.objects.get(pk=world.meeting.pk).version == 1


def test_the_parts_may_be_left_without_times(world, client_as):
    data = agenda_data(world.meeting, part1_starts="", part1_ends="", part2_starts="", part2_ends="")
    assert client_as("host").post(reverse("meetings:agenda", args=[world.meeting.pk]), data).status_code == 302
    assert Meeting.objects.get(pk=world.meeting.pk).part2_starts is None


# The invitation to the members ----------------------------------------------------------------


@sends_mail
def test_the_members_invitation_its_pdf_and_calendar_file_show_both_parts_times(world, client_as, outbox, tmp_path):
    with_parts(world)
    client_as("secretariat").post(
        reverse("meetings:invitation", args=[world.meeting.pk]), {"text": "Velkommen!", "action": "send"}
    )
    [mail] = outbox.to(world.email("member"))
    lines = mail.text.splitlines()
    part1 = lines.index("Del 1: Erfaringsutveksling (for medlemmene, ledes av gruppelederen)")
    assert lines[part1 + 1 : part1 + 3] == ["Kl. 12:00–13:00", PART1]
    part2 = next(i for i, line in enumerate(lines) if line.startswith("Del 2: Faglig påfyll"))
    assert lines[part2 + 1 : part2 + 3] == ["Kl. 13:30–15:00", PART2]
    attachments = dict(mail.attachments)
    pdf = pdf_text(attachments["innkalling.pdf"], tmp_path)
    assert "Del 1: Erfaringsutveksling kl. 12:00–13:00" in pdf
    assert "Del 2: Faglig påfyll: Munnstell i livets sluttfase kl. 13:30–15:00" in pdf
    event = event_of(attachments["mote.ics"])
    # A member's calendar holds the whole meeting, with the parts' times in its description.
    assert (event.start, event.end) == (world.meeting.starts_at, world.meeting.ends_at)
    assert "Kl. 12:00–13:00" in event["DESCRIPTION"] and "Kl. 13:30–15:00" in event["DESCRIPTION"]


# Guests ----------------------------------------------------------------------------------------


@sends_mail
def test_a_guests_invitation_pdf_and_calendar_file_give_part_2s_time_and_leave_part_1_out(world, outbox, tmp_path):
    meeting = with_parts(world)
    registrations.invite_guest(meeting, name="Kari Kollega", email="kari@sykehus.no", by=world.user("host"))
    [mail] = outbox.messages
    assert "Når: " + registrations.span(meeting, guest=True) in mail.text
    assert registrations.span(meeting, guest=True).endswith("kl. 13:30–15:00")
    assert PART2 in mail.text
    assert PART1 not in mail.text and "Del 1" not in mail.text
    attachments = dict(mail.attachments)

    pdf = pdf_text(attachments["invitasjon.pdf"], tmp_path)
    assert "Invitasjon: Munnstell i livets sluttfase" in pdf
    assert "kl. 13:30–15:00" in pdf
    assert PART2 in pdf
    assert PART1 not in pdf and "Del 1" not in pdf and "obligatorisk" not in pdf

    event = event_of(attachments["mote.ics"])
    assert (event.start, event.end) == (day_of(meeting, 13, 30), day_of(meeting, 15))
    assert event["SUMMARY"] == "Gruppemøte om smertelindring: Munnstell i livets sluttfase"
    assert PART1 not in event["DESCRIPTION"] and "Del 1" not in event["DESCRIPTION"]
    assert "URL" not in event  # a guest cannot open the meeting's page


def test_without_part_2s_time_a_guest_is_given_the_meetings_time(world):
    event = event_of(meeting_ics(world.meeting, guest=True))
    assert (event.start, event.end) == (world.meeting.starts_at, world.meeting.ends_at)
    assert registrations.span(world.meeting, guest=True) == registrations.span(world.meeting, guest=False)


@sends_mail
def test_a_guest_who_registers_gets_one_confirmation_with_part_2_in_the_calendar(world, visitor, outbox):
    meeting = with_parts(world)
    kari = registrations.invite_guest(meeting, name="Kari Kollega", email="kari@sykehus.no", by=world.user("host"))
    outbox.clear()
    register = reverse("meetings:answer", args=[links.token_for(kari, "register")])
    absent = reverse("meetings:answer", args=[links.token_for(kari, "absent")])
    assert visitor.post(register).status_code == 302
    [confirmation] = outbox.messages
    assert confirmation.envelope_to == ["kari@sykehus.no"]
    assert confirmation.message["Reply-To"] == world.email("host")
    assert confirmation.subject.startswith("Du er påmeldt: Munnstell i livets sluttfase")
    assert "Du er påmeldt den faglige delen av Gruppemøte om smertelindring i Bergen sentrum. Velkommen!" in (
        confirmation.text
    )
    assert "Når: " + registrations.span(meeting, guest=True) in confirmation.text
    lines = confirmation.text.splitlines()
    decline = lines[lines.index("Kan du likevel ikke komme, si fra før møtet begynner:") + 1]
    assert links.registration_for_token(decline.rstrip("/").rsplit("/", 1)[1]) == (kari, "absent")
    [(filename, ics)] = confirmation.attachments
    assert filename == "mote.ics"
    assert (event_of(ics).start, event_of(ics).end) == (day_of(meeting, 13, 30), day_of(meeting, 15))

    # Changing one's mind and back sends nothing more, and a member who registers gets nothing.
    visitor.post(absent)
    visitor.post(register)
    registrations.answer(Registration.objects.create(meeting=meeting, person=world.person("member")), "registered")
    assert len(outbox.messages) == 1
    assert Registration.objects.get(pk=kari.pk).answer == Answer.REGISTERED


def test_the_guest_answer_page_shows_part_2_and_its_time(world, visitor):
    meeting = with_parts(world)
    kari = Registration.objects.create(
        meeting=meeting, kind=Registration.Kind.GUEST, guest_name="Kari Kollega", guest_email="kari@sykehus.no"
    )
    page = visitor.get(reverse("meetings:answer", args=[links.token_for(kari, "register")])).text
    assert registrations.span(meeting, guest=True).replace("2026", "") in page.replace("2026", "")
    assert "Gruppemøte om smertelindring: Munnstell i livets sluttfase" in page
    assert PART1 not in page


def test_the_members_read_page_shows_the_invitation_with_both_parts(world, visitor):
    meeting = with_parts(world)
    Invitation.objects.create(meeting=meeting, text="Vi serverer lunsj.", status=Invitation.Status.SENT)
    mona = Registration.objects.create(meeting=meeting, person=world.person("member"))
    page = visitor.get(reverse("meetings:answer", args=[links.token_for(mona, "read")])).text
    for text in ("Vi serverer lunsj.", PART1, PART2, "Kl. 12:00–13:00", "Kl. 13:30–15:00"):
        assert text in page


def test_the_invitation_pdf_for_guests_is_part_2_alone(world, tmp_path):
    meeting = with_parts(world)
    text = pdf_text(invitations.render_guest_pdf(meeting, deadline=registrations.deadline_for(meeting)), tmp_path)
    assert "Den faglige delen av Gruppemøte om smertelindring i Bergen sentrum" in text
    assert "med lenken i e-posten" in text and "eller i Lindra" not in text
