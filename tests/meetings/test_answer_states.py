"""Answering around the registration deadline and the meeting's start, Norwegian time (seed
001: "det skal meldes fra til egen leder og leder for nettverksgruppen ved sykdom/fravær";
"Det er viktig å overholde tidsfrist for påmelding til arrangør"). The deadline closes
registering, not notice of absence, which is taken until the meeting starts and goes to the
same people as before the deadline. Every state of the signed link's page, the signed-in
page and the meeting page shows only the answers still open, and why."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import links, registrations
from lindra.meetings.models import Meeting, Registration
from lindra.meetings.registrations import RegistrationError
from tests import factories as f
from tests.personas import World

sends_mail = pytest.mark.django_db(transaction=True)
Answer = Registration.Answer
HOST_CONTACT = "arrangøren, Aina Arrangør (host@lindra.example)"


def registration(world: World, role: str = "member", **fields) -> Registration:
    return Registration.objects.create(meeting=world.meeting, person=world.person(role), **fields)


def guest(world: World, email: str = "kari@sykehus.no", **fields) -> Registration:
    return Registration.objects.create(
        meeting=world.meeting, kind=Registration.Kind.GUEST, guest_name="Kari Kollega", guest_email=email, **fields
    )


def link(registration: Registration, action: str) -> str:
    return reverse("meetings:answer", args=[links.token_for(registration, action)])


def reload(registration: Registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


def last_day(meeting: Meeting) -> dt.date:
    return registrations.deadline_for(meeting)


def after_deadline(meeting: Meeting) -> dt.datetime:
    """Midnight, Norwegian time, after the last day to register."""
    return f.at(last_day(meeting) + dt.timedelta(days=1), 0, 0)


def main(response) -> str:
    """The page's own content, without the header and footer every page has."""
    return response.text.split("<main", 1)[1].split("</main>", 1)[0]


def buttons(response) -> list[str]:
    return [re.sub(r"\s+", " ", b).strip() for b in re.findall(r"<button[^>]*>(.*?)</button>", main(response), re.S)]


def heading(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S).group(1).strip()


def refusals() -> list[dict]:
    return list(AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).values_list("changes", flat=True))


# The service, by the clock ---------------------------------------------------------------


def test_registering_is_taken_all_through_the_last_day_and_not_a_minute_after(world):
    mona, aina = registration(world), registration(world, "host")
    with time_machine.travel(f.at(last_day(world.meeting), 23, 59)):
        registrations.answer(mona, Answer.REGISTERED)
    with (
        time_machine.travel(after_deadline(world.meeting)),
        pytest.raises(RegistrationError, match="så du kan ikke melde deg på her lenger"),
    ):
        registrations.answer(aina, Answer.REGISTERED)
    assert (reload(mona).answer, reload(aina).answer) == (Answer.REGISTERED, Answer.NONE)


def test_notice_is_taken_after_the_deadline_until_the_meeting_starts(world):
    mona, aina = registration(world, answer=Answer.REGISTERED), registration(world, "host")
    with time_machine.travel(world.meeting.starts_at - dt.timedelta(minutes=1)):
        registrations.answer(mona, Answer.ABSENT)
    with (
        time_machine.travel(world.meeting.starts_at),
        pytest.raises(RegistrationError, match="Møtet har begynt, så svar tas ikke imot her lenger"),
    ):
        registrations.answer(aina, Answer.ABSENT)
    assert (reload(mona).answer, reload(aina).answer) == (Answer.ABSENT, Answer.NONE)


def test_one_who_gave_notice_cannot_register_after_the_deadline_and_is_told_whom_to_contact(world):
    mona = registration(world, answer=Answer.ABSENT)
    with time_machine.travel(after_deadline(world.meeting)), pytest.raises(RegistrationError) as refused:
        registrations.answer(mona, Answer.REGISTERED)
    assert str(refused.value) == (
        f"Du har meldt forfall, og påmeldingsfristen var {_day(last_day(world.meeting))}, så du kan ikke melde "
        f"deg på igjen her. Kan du likevel komme, ta kontakt med {HOST_CONTACT}."
    )
    assert reload(mona).answer == Answer.ABSENT


def test_the_deadline_is_a_norwegian_day_across_the_change_to_summer_time(world):
    # Summer time begins at 02:00 on Sunday 28 March 2027: the last day still ends at
    # midnight in Norway, not in UTC.
    meeting = f.meeting(
        world.group_a1,
        starts_at=f.at(dt.date(2027, 3, 30), 9),
        host=world.person("host"),
        registration_deadline=dt.date(2027, 3, 28),
    )
    mona = Registration.objects.create(meeting=meeting, person=world.person("member"))
    aina = Registration.objects.create(meeting=meeting, person=world.person("host"))
    with time_machine.travel(f.at(dt.date(2027, 3, 28), 23, 30)):  # 21:30 UTC
        registrations.answer(mona, Answer.REGISTERED)
    with time_machine.travel(f.at(dt.date(2027, 3, 29), 0, 30)):  # 22:30 UTC on the 28th
        with pytest.raises(RegistrationError, match=r"Påmeldingsfristen var søndag 28\. mars"):
            registrations.answer(aina, Answer.REGISTERED)
        registrations.answer(aina, Answer.ABSENT)
    assert (reload(mona).answer, reload(aina).answer) == (Answer.REGISTERED, Answer.ABSENT)


def test_a_guest_may_decline_after_the_deadline_but_not_register(world):
    kari, per = guest(world, answer=Answer.REGISTERED), guest(world, "per@sykehus.no")
    with time_machine.travel(after_deadline(world.meeting)):
        registrations.answer(kari, Answer.ABSENT)
        with pytest.raises(RegistrationError, match=f"Vil du likevel komme, ta kontakt med {re.escape(HOST_CONTACT)}"):
            registrations.answer(per, Answer.REGISTERED)
    assert (reload(kari).answer, reload(per).answer) == (Answer.ABSENT, Answer.NONE)


def test_without_a_host_the_secretariat_is_the_one_to_contact(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(host=None)
    world.meeting.refresh_from_db()
    mona = registration(world)
    with time_machine.travel(after_deadline(world.meeting)):
        note = registrations.answer_window(world.meeting, mona).note
    assert "ta kontakt med sekretariatet (lindrende.behandling@klb.example)" in note


@sends_mail
def test_a_late_notice_reaches_the_nearest_leader_the_group_leader_and_the_host(world, visitor, outbox):
    mona = registration(world, answer=Answer.REGISTERED)
    url = link(mona, "absent")
    with time_machine.travel(after_deadline(world.meeting) + dt.timedelta(days=2, hours=9)):
        page = visitor.get(url)
        assert buttons(page) == ["Jeg kan likevel ikke komme"]
        assert visitor.post(url).status_code == 302
    assert reload(mona).answer == Answer.ABSENT
    [notice] = outbox.messages
    assert sorted(notice.message["To"].split(", ")) == sorted(
        [world.email("nearest_leader"), world.email("group_leader"), world.email("host")]
    )
    assert notice.message["Cc"] == world.email("member")
    assert "Mona Medlem har meldt forfall til Gruppemøte om smertelindring i Bergen sentrum" in notice.text


@sends_mail
def test_a_late_notice_signed_in_is_sent_as_before_the_deadline(world, client_as, outbox):
    url = reverse("meetings:my_answer", args=[world.meeting.pk])
    with time_machine.travel(after_deadline(world.meeting)):
        assert client_as("member").post(url, {"svar": "absent"}).status_code == 302
    [notice] = outbox.messages
    for role in ("nearest_leader", "group_leader", "host"):
        assert world.email(role) in notice.envelope_to, role


# The signed link's page, state by state ----------------------------------------------------


def _day(day: dt.date) -> str:
    return date_format(day, "l j. F")


def test_before_the_deadline_the_notice_link_offers_notice_first_and_registering_too(world, visitor):
    page = visitor.get(link(registration(world), "absent"))
    assert page.status_code == 200
    assert heading(page) == "Meld forfall"
    assert buttons(page) == ["Meld forfall", "Meld meg på"]
    assert f"Svar innen {_day(last_day(world.meeting))}." in page.text
    assert "Du skal ikke oppgi noen grunn." in page.text


def test_after_the_deadline_the_register_link_says_registering_is_closed_and_offers_notice(world, visitor):
    mona = registration(world)
    with time_machine.travel(after_deadline(world.meeting)):
        page = visitor.get(link(mona, "register"))
    assert page.status_code == 200
    assert heading(page) == "Påmeldingen er stengt"
    assert buttons(page) == ["Meld forfall"]
    assert (
        f"Påmeldingsfristen var {_day(last_day(world.meeting))}, så du kan ikke melde deg på her lenger. Kan du ikke "
        "komme, kan du fortsatt melde forfall fram til møtet begynner"
    ) in page.text
    assert f"Vil du likevel komme, ta kontakt med {HOST_CONTACT}." in page.text


def test_after_the_deadline_the_notice_link_still_takes_notice(world, visitor):
    with time_machine.travel(after_deadline(world.meeting)):
        page = visitor.get(link(registration(world), "absent"))
    assert heading(page) == "Meld forfall"
    assert buttons(page) == ["Meld forfall"]


def test_a_used_notice_link_says_when_and_what_can_still_be_done(world, visitor):
    mona = registration(world)
    with time_machine.travel(f.at(f.today() + dt.timedelta(days=2), 10, 12)):
        registrations.answer(mona, Answer.ABSENT)
    when = registrations.moment(reload(mona).answered_at)
    assert when.endswith("kl. 10:12")

    before = visitor.get(link(mona, "absent"))
    assert heading(before) == "Du har allerede meldt forfall"
    assert f"Forfallet ble meldt {when}." in before.text
    assert buttons(before) == ["Jeg kan likevel komme"]

    with time_machine.travel(after_deadline(world.meeting)):
        late = visitor.get(link(mona, "absent"))
        register = visitor.get(link(mona, "register"))
        refused = visitor.post(link(mona, "register"))
    assert heading(late) == "Du har allerede meldt forfall"
    assert buttons(late) == []
    assert f"Kan du likevel komme, ta kontakt med {HOST_CONTACT}." in late.text
    assert buttons(register) == []
    assert refused.status_code == 400
    assert "så du kan ikke melde deg på igjen her" in refused.text
    assert reload(mona).answer == Answer.ABSENT
    assert refusals()[-1] == {"registration": mona.pk, "reason": "answer closed", "status": 400}


def test_a_used_register_link_says_so_and_offers_notice(world, visitor):
    mona = registration(world)
    registrations.answer(mona, Answer.REGISTERED)
    page = visitor.get(link(mona, "register"))
    assert heading(page) == "Du er allerede påmeldt"
    assert f"Påmeldt {registrations.moment(reload(mona).answered_at)}." in page.text
    assert buttons(page) == ["Jeg kan likevel ikke komme"]


def test_once_the_meeting_has_started_no_answer_is_taken_and_the_page_says_whom_to_tell(world, visitor):
    mona = registration(world, answer=Answer.REGISTERED)
    with time_machine.travel(world.meeting.starts_at + dt.timedelta(minutes=5)):
        page = visitor.get(link(mona, "absent"))
        refused = visitor.post(link(mona, "absent"))
        read = visitor.post(link(mona, "read"))
    assert page.status_code == 200
    assert heading(page) == "Møtet har begynt"
    assert buttons(page) == []
    assert "Kommer du ikke, gi beskjed direkte til din nærmeste leder og gruppelederen." in page.text
    assert refused.status_code == 400 and read.status_code == 400
    assert (reload(mona).answer, reload(mona).read_at) == (Answer.REGISTERED, None)


def test_when_the_meeting_is_over_the_page_says_when_it_was_held_and_who_records_attendance(world, visitor):
    mona = registration(world)
    with time_machine.travel(world.meeting.ends_at + dt.timedelta(days=1)):
        page = visitor.get(link(mona, "register"))
    assert page.status_code == 410
    assert heading(page) == "Møtet er holdt"
    assert f"Møtet ble holdt {registrations.span(world.meeting, guest=False)}." in page.text
    assert "Oppmøtet føres av arrangøren" in page.text
    assert buttons(page) == []
    assert 'href="/moter/' not in main(page)  # a signed-out visitor cannot open the meeting's page
    assert refusals() == [{"registration": mona.pk, "reason": "meeting over", "status": 410}]


def test_a_damaged_link_says_what_to_do_and_reveals_nobody(world, visitor):
    mona = registration(world)
    token = links.token_for(mona, "absent")
    for bad in (token[:-3], token[:20], "ikke-en-lenke"):
        page = visitor.get(reverse("meetings:answer", args=[bad]))
        assert page.status_code == 404
        assert heading(page) == "Lenken er ikke gyldig"
        assert "Trykk direkte på knappen eller lenken i e-posten" in page.text
        for revealing in ("Mona", "Medlem", "Gruppemøte", "smertelindring", "Bergen sentrum"):
            assert revealing not in page.text
        # Only pages a signed-out visitor can open: the sign-in page.
        assert re.findall(r'href="(/[^"]*)"', main(page)) == [reverse("accounts:sign_in")]
    assert refusals() == [{"status": 404}] * 3


def test_a_link_altered_to_another_member_reveals_nothing_of_either(world, visitor):
    mona, aina = registration(world), registration(world, "host", answer=Answer.ABSENT)
    mine = links.token_for(mona, "absent")
    altered = links.token_for(aina, "absent").rsplit(":", 1)[0] + ":" + mine.rsplit(":", 1)[1]
    page = visitor.get(reverse("meetings:answer", args=[altered]))
    assert page.status_code == 404
    for revealing in ("Mona", "Aina", "forfall 3", "Meldt forfall"):
        assert revealing not in page.text


def test_a_signed_in_visitor_with_a_damaged_link_is_sent_to_her_home_page(world, client_as):
    page = client_as("member").get(reverse("meetings:answer", args=["ikke-en-lenke"]))
    assert page.status_code == 404
    assert re.findall(r'href="(/[^"]*)"', main(page)) == [reverse("home:home")]


def test_the_link_page_is_not_kept_in_caches(world, visitor):
    page = visitor.get(link(registration(world), "absent"))
    assert "no-store" in page["Cache-Control"]


# Guests --------------------------------------------------------------------------------------


def test_a_registered_guest_is_told_clearly_for_when(world, visitor):
    Meeting.objects.filter(pk=world.meeting.pk).update(part2_starts=dt.time(13, 30), part2_ends=dt.time(15))
    world.meeting.refresh_from_db()
    kari = guest(world)
    url = link(kari, "register")
    assert visitor.post(url).status_code == 302
    page = visitor.get(url)
    assert heading(page) == "Du er påmeldt"
    span = registrations.span(world.meeting, guest=True)
    assert span.endswith("kl. 13:30–15:00")
    assert f"Du er påmeldt den faglige delen {span}." in page.text
    assert "Du er påmeldt. Du får en bekreftelse på e-post med tiden i kalenderen din." in page.text
    assert buttons(page) == ["Jeg kan likevel ikke komme"]


# Signed in: the page of one's answer and the meeting's page ------------------------------------


def test_signed_in_after_the_deadline_only_notice_is_offered_with_the_reason(world, client_as):
    with time_machine.travel(after_deadline(world.meeting)):
        client = client_as("member")
        own = client.get(reverse("meetings:my_answer", args=[world.meeting.pk]))
        meeting_page = client.get(world.meeting.get_absolute_url())
    for page in (own, meeting_page):
        assert buttons(page)[-1:] == ["Meld forfall"]
        assert "Meld meg på" not in buttons(page)
        assert "kan du fortsatt melde forfall fram til møtet begynner" in page.text


def test_signed_in_one_who_gave_notice_after_the_deadline_is_told_whom_to_contact(world, client_as):
    registration(world, answer=Answer.ABSENT, answered_at=timezone.now())
    with time_machine.travel(after_deadline(world.meeting)):
        page = client_as("member").get(reverse("meetings:my_answer", args=[world.meeting.pk]))
    assert 'name="svar"' not in page.text
    assert f"Kan du likevel komme, ta kontakt med {HOST_CONTACT}." in page.text


@pytest.mark.parametrize(
    ("moment", "says"),
    [
        (lambda m: m.starts_at, "Møtet har begynt, så svar tas ikke imot her lenger."),
        (lambda m: m.ends_at, "Oppmøtet føres av arrangøren"),
    ],
)
def test_signed_in_no_answer_is_offered_once_the_meeting_has_started(world, client_as, moment, says):
    with time_machine.travel(moment(world.meeting)):
        client = client_as("member")
        page = client.get(reverse("meetings:my_answer", args=[world.meeting.pk]))
        refused = client.post(reverse("meetings:my_answer", args=[world.meeting.pk]), {"svar": "absent"})
    assert 'name="svar"' not in page.text
    assert says in page.text
    assert refused.status_code == 400
    assert not Registration.objects.filter(answer=Answer.ABSENT).exists()


def test_the_answer_pages_take_as_many_queries_for_a_large_group(world, visitor, client_as):
    mona = registration(world)
    member = client_as("member")
    pages = [
        (visitor, link(mona, "read")),
        (visitor, link(mona, "absent")),
        (member, reverse("meetings:my_answer", args=[world.meeting.pk])),
        (member, world.meeting.get_absolute_url()),
    ]

    def queries() -> list[int]:
        counts = []
        for client, url in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    for n in range(30):
        person = f.person("Medlem", f"Nummer{n}")
        f.membership(person, world.group_a1)
        Registration.objects.create(meeting=world.meeting, person=person, answer=Answer.ABSENT)
        guest(world, f"gjest{n}@sykehus.no")
    assert queries() == few
