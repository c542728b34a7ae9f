"""Registration and notice of absence, by the e-mailed link and signed in; guests; read
confirmations; and the host's list (seed 001: "det skal meldes fra til egen leder og leder for
nettverksgruppen ved sykdom/fravær. Det er viktig å overholde tidsfrist for påmelding til
arrangør"). E-mail goes to the real SMTP server of tests/conftest.py."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import links, registrations
from lindra.meetings.calendars import uid_for
from lindra.meetings.models import Meeting, Registration
from lindra.meetings.registrations import RegistrationError
from lindra.registry.models import Membership
from tests import factories as f
from tests.personas import EVERYONE, SIGN_IN, VISITOR, World, outcome

# The outbox sends on commit: tests that read e-mail commit for real.
sends_mail = pytest.mark.django_db(transaction=True)

Answer = Registration.Answer
NOT_FOUND = "Lenken er ikke gyldig"


def member_registration(world: World, role: str = "member") -> Registration:
    return Registration.objects.create(meeting=world.meeting, person=world.person(role), kind=Registration.Kind.MEMBER)


def link(registration: Registration, action: str) -> str:
    return reverse("meetings:answer", args=[links.token_for(registration, action)])


def names(path: str) -> tuple[Registration, str] | None:
    """The registration and action an answer link names."""
    return links.registration_for_token(path.rstrip("/").rsplit("/", 1)[1])


def errors(response) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def reload(registration: Registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


def changes_recorded(meeting: Meeting) -> list[dict]:
    """What the audit log records of the answers of the meeting's participants."""
    participants = [str(pk) for pk in meeting.registrations.values_list("pk", flat=True)]
    return list(
        AuditEvent.objects.filter(
            action=AuditAction.CHANGED, object_type="meetings.Registration", object_id__in=participants
        ).values_list("changes", flat=True)
    )


def deadline_passed(meeting: Meeting) -> dt.datetime:
    """The morning after the meeting's registration deadline."""
    return f.at(registrations.deadline_for(meeting) + dt.timedelta(days=1), 8)


# Notice of absence by the e-mailed link --------------------------------------------------


@sends_mail
def test_a_member_gives_notice_by_the_link_and_her_leaders_and_the_host_are_told(world, visitor, outbox):
    mona = member_registration(world)
    url = link(mona, "absent")

    page = visitor.get(url)
    assert page.status_code == 200
    assert "Meld forfall" in page.text
    assert "Gruppemøte om smertelindring" in page.text

    response = visitor.post(url)
    assert response.status_code == 302
    assert response["Location"] == url
    assert reload(mona).answer == Answer.ABSENT
    assert reload(mona).answered_at is not None

    [mail] = outbox.messages
    assert sorted(mail.envelope_to) == sorted(
        [world.email("nearest_leader"), world.email("group_leader"), world.email("host"), world.email("member")]
    )
    assert sorted(mail.message["To"].split(", ")) == sorted(
        [world.email("nearest_leader"), world.email("group_leader"), world.email("host")]
    )
    assert mail.message["Cc"] == world.email("member")  # her own receipt
    assert mail.message["Reply-To"] == world.email("member")
    assert mail.subject.startswith("Forfall: Mona Medlem, Gruppemøte om smertelindring")
    assert "Mona Medlem har meldt forfall til Gruppemøte om smertelindring i Bergen sentrum" in mail.text

    confirmation = visitor.get(url)
    assert "Forfallet er meldt. Din nærmeste leder, gruppelederen og arrangøren har fått beskjed." in confirmation.text
    assert '<h1 class="ds-heading" data-size="md">Du har meldt forfall</h1>' in confirmation.text
    assert changes_recorded(world.meeting) == [{"answer": ["none", "absent"]}]


@sends_mail
def test_no_reason_for_an_absence_is_asked_for_stored_or_sent(world, visitor, outbox):
    mona = member_registration(world)
    page = visitor.get(link(mona, "absent"))
    # The page asks nothing: the button is the whole form.
    assert "<textarea" not in page.text
    main = page.text[page.text.index("<main") : page.text.index("</main>")]  # not the language buttons above
    assert set(re.findall(r'<input[^>]*name="([^"]+)"', main)) == {"csrfmiddlewaretoken"}

    visitor.post(link(mona, "absent"), {"grunn": "Sykdom", "reason": "Influensa"})

    fields = {f.name for f in Registration._meta.get_fields()}
    assert not {name for name in fields if re.search(r"reason|grunn|årsak|comment|note|message|why", name)}
    assert "Sykdom" not in str(reload(mona).__dict__)
    assert not [c for c in changes_recorded(world.meeting) if "Sykdom" in str(c) or "Influensa" in str(c)]
    [mail] = outbox.messages
    assert "Sykdom" not in mail.text and "Influensa" not in mail.text
    body = [line for line in mail.text.splitlines() if line.strip()]
    assert body[:3] == [
        "Hei!",
        f"Mona Medlem har meldt forfall til Gruppemøte om smertelindring i Bergen sentrum, "
        f"{_long_when(world.meeting)}.",
        "Du får denne meldingen som nærmeste leder, gruppeleder eller arrangør. Svar på e-posten går til Mona Medlem.",
    ]


def _long_when(meeting: Meeting) -> str:
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override("nb"):
        return date_format(timezone.localtime(meeting.starts_at), r"l j. F Y \k\l. H:i")


@sends_mail
def test_giving_notice_twice_sends_one_notice(world, visitor, outbox):
    mona = member_registration(world)
    visitor.post(link(mona, "absent"))
    visitor.post(link(mona, "absent"))
    assert len(outbox.messages) == 1
    assert len(changes_recorded(world.meeting)) == 1


@sends_mail
def test_a_member_may_change_her_mind_before_the_deadline(world, visitor, outbox):
    mona = member_registration(world)
    assert visitor.post(link(mona, "register")).status_code == 302
    assert reload(mona).answer == Answer.REGISTERED
    assert outbox.messages == []  # a registration needs no e-mail: the host sees the list

    assert visitor.post(link(mona, "absent")).status_code == 302
    assert reload(mona).answer == Answer.ABSENT
    assert len(outbox.messages) == 1

    assert visitor.post(link(mona, "register")).status_code == 302
    assert reload(mona).answer == Answer.REGISTERED
    assert len(outbox.messages) == 1


def test_opening_a_link_changes_nothing(world, visitor):
    mona = member_registration(world)
    for action in ("register", "absent"):
        assert visitor.get(link(mona, action)).status_code == 200
    mona = reload(mona)
    assert (mona.answer, mona.answered_at, mona.read_at) == (Answer.NONE, None, None)
    assert changes_recorded(world.meeting) == []


def test_opening_the_read_link_records_nothing_and_the_button_records_it_once(world, visitor):
    mona = member_registration(world)
    url = link(mona, "read")
    first = visitor.get(url)
    assert first.status_code == 200
    assert "Bekreft at jeg har lest innkallingen" in first.text
    assert f'<form method="post" action="{url}"' in first.text
    assert reload(mona).read_at is None  # a mail scanner that opens the link confirms nothing
    assert changes_recorded(world.meeting) == []

    pressed = visitor.post(url)
    assert pressed.status_code == 302
    read_at = reload(mona).read_at
    assert read_at is not None
    page = visitor.get(url)
    assert "Takk! Vi har registrert at du har lest innkallingen." in page.text
    assert "Takk for at du har lest innkallingen" in page.text
    assert f"Bekreftet {registrations.moment(read_at)}." in page.text
    assert "Bekreft at jeg har lest innkallingen" not in page.text

    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        again = visitor.post(url)
        later = visitor.get(url)
    assert again.status_code == 302
    assert reload(mona).read_at == read_at
    assert "Du har allerede bekreftet at du har lest innkallingen" in later.text
    assert f"Bekreftet {registrations.moment(read_at)}." in later.text
    assert reload(mona).answer == Answer.NONE  # reading is not answering
    assert changes_recorded(world.meeting) == [{"read_at": read_at.isoformat()}]


def test_the_read_page_offers_to_answer(world, visitor):
    mona = member_registration(world)
    page = visitor.get(link(mona, "read"))
    assert f'action="{link(mona, "register")}"' in page.text
    assert f'action="{link(mona, "absent")}"' in page.text


# A link works for its own registration only, and until the meeting is over -------------------


def test_a_tampered_link_is_refused_with_a_norwegian_404(world, visitor):
    mona = member_registration(world)
    aina = member_registration(world, "host")
    token = links.token_for(mona, "absent")
    # Aina's payload with Mona's signature; Mona's token with a changed signature; a token
    # signed without the site's key; a sign-in or calendar token, which has another salt.
    forged = [
        links.token_for(aina, "absent").rsplit(":", 1)[0] + ":" + token.rsplit(":", 1)[1],
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        signing.dumps({"r": aina.pk, "a": "absent"}, key="not-the-key", salt=links.SALT, compress=True),
        signing.dumps({"r": aina.pk, "a": "absent"}, compress=True),
        "ikke-en-lenke",
    ]
    for bad in forged:
        url = reverse("meetings:answer", args=[bad])
        for response in (visitor.get(url), visitor.post(url)):
            assert response.status_code == 404, bad
            assert NOT_FOUND in response.text
            assert '<html lang="nb"' in response.text
    assert (reload(aina).answer, reload(mona).answer) == (Answer.NONE, Answer.NONE)


def test_a_link_names_one_action_which_cannot_be_changed(world, visitor):
    mona = member_registration(world)
    data = signing.loads(links.token_for(mona, "read"), salt=links.SALT)
    assert data == {"r": mona.pk, "a": "read"}
    unknown = signing.dumps({"r": mona.pk, "a": "delete"}, salt=links.SALT, compress=True)
    assert visitor.get(reverse("meetings:answer", args=[unknown])).status_code == 404


def test_a_link_stops_working_when_the_meeting_is_over(world, visitor):
    mona = member_registration(world)
    with time_machine.travel(world.meeting.ends_at + dt.timedelta(minutes=1)):
        for action in ("register", "absent", "read"):
            for response in (visitor.get(link(mona, action)), visitor.post(link(mona, action))):
                assert response.status_code == 410
                assert "Møtet er holdt" in response.text
                assert "Oppmøtet føres av arrangøren" in response.text
                assert "<button" not in response.text.split("<main", 1)[1]
    assert (reload(mona).answer, reload(mona).read_at) == (Answer.NONE, None)


def test_answers_are_taken_all_through_the_last_day(world):
    meeting = world.meeting
    deadline = registrations.deadline_for(meeting)
    mona = member_registration(world)
    with time_machine.travel(f.at(deadline, 23, 59)):
        registrations.answer(mona, Answer.REGISTERED)
    assert reload(mona).answer == Answer.REGISTERED


def test_the_deadline_is_the_hosts_own_else_the_chains_step(world):
    meeting = world.meeting
    starts_on = timezone.localdate(meeting.starts_at)
    assert registrations.deadline_for(meeting) == starts_on - dt.timedelta(days=7)  # the chain's default
    from lindra.meetings.services import create_steps

    create_steps(meeting)
    assert registrations.deadline_for(meeting) == starts_on - dt.timedelta(days=7)
    meeting.registration_deadline = starts_on - dt.timedelta(days=3)
    assert registrations.deadline_for(meeting) == starts_on - dt.timedelta(days=3)


def test_the_service_refuses_anything_but_coming_or_not(world):
    mona = member_registration(world)
    with pytest.raises(RegistrationError, match="Velg om du kommer eller ikke"):
        registrations.answer(mona, Answer.NONE)


# Who is told ------------------------------------------------------------------------------


def test_the_notice_goes_to_the_nearest_leader_of_her_place_in_this_group(world):
    mona = member_registration(world)
    # Mona is also a member of another network's group, with another nearest leader; and she
    # once had a nearest leader in this group whose membership has ended.
    elsewhere = f.person("Eli", "Annenleder", email="eli@lindra.example")
    f.membership(world.person("member"), world.group_b1, nearest_leader=elsewhere)
    before = f.person("Per", "Tidligere", email="per@lindra.example")
    Membership.objects.filter(person=world.person("member"), local_group=world.group_a1).update(
        starts_on=f.today() - dt.timedelta(days=100)
    )
    f.membership(
        world.person("member"),
        world.group_a1,
        nearest_leader=before,
        starts_on=f.today() - dt.timedelta(days=400),
        ends_on=f.today() - dt.timedelta(days=101),
    )
    assert sorted(registrations.absence_recipients(mona)) == sorted(
        [world.email("nearest_leader"), world.email("group_leader"), world.email("host")]
    )


def test_a_host_who_gives_notice_is_not_told_of_her_own_absence(world):
    aina = member_registration(world, "host")
    assert sorted(registrations.absence_recipients(aina)) == sorted(
        [world.email("nearest_leader"), world.email("group_leader")]
    )


def test_without_leaders_or_host_the_secretariat_is_told(world):
    lone = f.person("Lise", "Alene")
    group = f.group(world.network_a, "Fana")
    f.membership(lone, group)
    meeting = f.meeting(group)
    registration = Registration.objects.create(meeting=meeting, person=lone)
    assert registrations.absence_recipients(registration) == [world.network_a.secretariat_email]


@sends_mail
def test_a_guest_who_declines_tells_nobody_but_the_list(world, visitor, outbox):
    guest = Registration.objects.create(
        meeting=world.meeting, kind=Registration.Kind.GUEST, guest_name="Kari Kollega", guest_email="kari@sykehus.no"
    )
    response = visitor.post(link(guest, "absent"))
    assert response.status_code == 302
    assert reload(guest).answer == Answer.ABSENT
    assert outbox.messages == []
    assert "Takk for beskjed." in visitor.get(link(guest, "absent")).text


# Guests ------------------------------------------------------------------------------------


def _guest_link(mail, action_text: str) -> str:
    """The link on the line after the given text in a plain-text e-mail."""
    lines = mail.text.splitlines()
    return lines[lines.index(action_text) + 1].removeprefix(settings.SITE_URL)


@sends_mail
def test_the_host_invites_a_guest_who_registers_by_their_own_link(world, client_as, visitor, outbox):
    host = client_as("host")
    url = reverse("meetings:participants", args=[world.meeting.pk])
    response = host.post(url, {"name": "Kari Kollega", "email": "Kari.Kollega@Sykehus.no"})
    assert response.status_code == 302

    guest = Registration.objects.get(meeting=world.meeting, kind=Registration.Kind.GUEST)
    assert (guest.guest_name, guest.guest_email, guest.invited_by) == (
        "Kari Kollega",
        "kari.kollega@sykehus.no",
        world.user("host"),
    )
    [mail] = outbox.messages
    assert mail.envelope_to == ["kari.kollega@sykehus.no"]
    assert mail.message["Reply-To"] == world.email("host")
    assert mail.subject.startswith("Invitasjon: Gruppemøte om smertelindring")
    assert "Hei Kari Kollega!" in mail.text
    assert "Aina Arrangør inviterer deg til den faglige delen av Gruppemøte om smertelindring" in mail.text
    attachments = dict(mail.attachments)
    assert sorted(attachments) == ["invitasjon.pdf", "mote.ics"]
    assert attachments["invitasjon.pdf"].startswith(b"%PDF")
    assert uid_for(world.meeting) in attachments["mote.ics"]

    register = _guest_link(mail, "Jeg kommer:")
    # Tokens carry the time they were made, so compare what they name, not their text.
    assert names(register) == (guest, "register")
    assert names(_guest_link(mail, "Jeg kan ikke komme:")) == (guest, "absent")
    page = visitor.get(register)
    assert "Du er invitert som gjest til den faglige delen av møtet" in page.text
    assert visitor.post(register).status_code == 302
    assert reload(guest).answer == Answer.REGISTERED
    [_invitation, confirmation] = outbox.messages
    assert confirmation.envelope_to == ["kari.kollega@sykehus.no"]
    assert confirmation.message["Reply-To"] == world.email("host")
    assert "Du er påmeldt den faglige delen av Gruppemøte om smertelindring i Bergen sentrum." in confirmation.text

    listing = host.get(url)
    assert "Kari Kollega" in listing.text
    assert "1 av 1 invitert gjest er påmeldt." in listing.text
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, object_id=str(guest.pk)).exists()


@sends_mail
def test_the_same_guest_cannot_be_invited_twice(world, client_as, outbox):
    client = client_as("group_leader")
    url = reverse("meetings:participants", args=[world.meeting.pk])
    assert client.post(url, {"name": "Kari Kollega", "email": "kari@sykehus.no"}).status_code == 302
    again = client.post(url, {"name": "Kari K.", "email": " KARI@sykehus.no "})
    assert again.status_code == 400
    assert errors(again) == {"email": ["kari@sykehus.no er allerede invitert til dette møtet."]}
    assert Registration.objects.filter(kind=Registration.Kind.GUEST).count() == 1
    assert len(outbox.messages) == 1


def test_a_participant_is_not_invited_again_as_a_guest(world):
    member_registration(world)
    with pytest.raises(RegistrationError, match="allerede invitert"):
        registrations.invite_guest(
            world.meeting, name="Mona", email=world.email("member").upper(), by=world.user("host")
        )


def test_an_invalid_guest_email_is_refused_with_the_typed_values_kept(world, client_as):
    url = reverse("meetings:participants", args=[world.meeting.pk])
    response = client_as("host").post(url, {"name": "Kari Kollega", "email": "kari-på-sykehuset"})
    assert response.status_code == 400
    assert errors(response) == {"email": ["Oppgi en gyldig e-postadresse"]}
    assert 'value="Kari Kollega"' in response.text
    assert 'value="kari-på-sykehuset"' in response.text
    assert "Rett opp dette før du går videre:" in response.text
    assert not Registration.objects.exists()


def test_a_guest_needs_a_name(world, client_as):
    url = reverse("meetings:participants", args=[world.meeting.pk])
    response = client_as("host").post(url, {"name": "  ", "email": "kari@sykehus.no"})
    assert response.status_code == 400
    assert errors(response) == {"name": ["Feltet er påkrevet."]}


def test_no_guests_are_invited_after_the_deadline(world, client_as):
    url = reverse("meetings:participants", args=[world.meeting.pk])
    with time_machine.travel(deadline_passed(world.meeting)):
        page = client_as("host").get(url)
        assert "nye gjester kan ikke inviteres" in page.text
        response = client_as("host").post(url, {"name": "Kari Kollega", "email": "kari@sykehus.no"})
    assert response.status_code == 400
    assert "Gjester kan ikke inviteres etter fristen." in response.text
    assert not Registration.objects.exists()


# The host's list ---------------------------------------------------------------------------

PARTICIPANTS = {
    VISITOR: SIGN_IN,
    "superuser": 200,
    "secretariat": 200,
    "committee_member": 403,
    "group_leader": 200,
    "host": 200,
    "member": 403,
    "nearest_leader": 404,
    "other_member": 404,
    "other_secretariat": 404,
}


@pytest.mark.parametrize("role", EVERYONE)
def test_the_list_of_participants_is_for_the_host_the_group_leader_and_the_secretariat(world, client_as, role):
    url = reverse("meetings:participants", args=[world.meeting.pk])
    client = client_as(role)
    assert outcome(client.get(url)) == PARTICIPANTS[role]
    posted = client.post(url, {"name": "Kari Kollega", "email": "kari@sykehus.no"})
    assert outcome(posted) == (302 if PARTICIPANTS[role] == 200 else PARTICIPANTS[role])
    assert Registration.objects.filter(kind=Registration.Kind.GUEST).exists() == (PARTICIPANTS[role] == 200)


def test_the_list_shows_answers_read_confirmations_and_counts(world, client_as):
    mona = member_registration(world)
    aina = member_registration(world, "host")
    registrations.answer(mona, Answer.ABSENT)
    registrations.confirm_read(mona)
    registrations.answer(aina, Answer.REGISTERED)
    listing = registrations.registrations_for(world.meeting)
    assert [r.name for r in listing.members] == ["Aina Arrangør", "Mona Medlem"]
    assert listing.counts == {
        "members": 2,
        "guests": 0,
        "registered": 1,
        "absent": 1,
        "unanswered": 0,
        "read": 1,
        "members_registered": 1,
        "guests_registered": 0,
    }
    page = client_as("host").get(reverse("meetings:participants", args=[world.meeting.pk]))
    assert "1 av 2 er påmeldt. 1 har bekreftet at de har lest innkallingen." in page.text
    assert "Meldt forfall" in page.text and "Påmeldt" in page.text and "Ikke bekreftet" in page.text


def test_a_committee_meeting_list_is_for_the_committee(world, client_as):
    url = reverse("meetings:participants", args=[world.committee_meeting.pk])
    assert client_as("committee_member").get(url).status_code == 200
    assert client_as("group_leader").get(url).status_code == 404


# Answering signed in -----------------------------------------------------------------------

MY_ANSWER = {
    VISITOR: SIGN_IN,
    "superuser": 403,  # sees the meeting, is no participant
    "secretariat": 403,
    "committee_member": 403,
    "group_leader": 403,  # Gunnar leads the group without being a member of it
    "host": 200,
    "member": 200,
    "nearest_leader": 404,
    "other_member": 404,
    "other_secretariat": 404,
}


@pytest.mark.parametrize("role", EVERYONE)
def test_a_participant_answers_for_themselves_on_the_meeting_page(world, client_as, role):
    url = reverse("meetings:my_answer", args=[world.meeting.pk])
    client = client_as(role)
    assert outcome(client.get(url)) == MY_ANSWER[role]
    posted = client.post(url, {"svar": "registered"})
    assert outcome(posted) == (302 if MY_ANSWER[role] == 200 else MY_ANSWER[role])
    assert Registration.objects.filter(answer=Answer.REGISTERED).count() == (1 if MY_ANSWER[role] == 200 else 0)


@sends_mail
def test_a_member_gives_notice_signed_in_before_the_invitation_is_out(world, client_as, outbox):
    client = client_as("member")
    url = reverse("meetings:my_answer", args=[world.meeting.pk])
    assert "Meld forfall" in client.get(url).text
    response = client.post(url, {"svar": "absent"})
    assert response.status_code == 302
    mona = Registration.objects.get(meeting=world.meeting, person=world.person("member"))
    assert (mona.kind, mona.answer) == (Registration.Kind.MEMBER, Answer.ABSENT)
    [mail] = outbox.messages
    assert world.email("nearest_leader") in mail.envelope_to
    assert world.email("group_leader") in mail.envelope_to
    page = client.get(url)
    assert "Forfallet er meldt." in page.text
    assert "Jeg kan likevel komme" in page.text
    # The meeting's page shows her answer through the tag the page can include.
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.user("member")
    html = Template("{% load meeting_answers %}{% my_answer meeting %}").render(
        Context({"request": request, "meeting": world.meeting})
    )
    assert "Meldt forfall" in html and "Jeg kan likevel komme" in html


def test_a_bad_answer_is_refused_in_norwegian(world, client_as):
    response = client_as("member").post(reverse("meetings:my_answer", args=[world.meeting.pk]), {"svar": "kanskje"})
    assert response.status_code == 400
    assert "Velg om du kommer eller ikke." in response.text
    assert not Registration.objects.filter(answer__in=[Answer.REGISTERED, Answer.ABSENT]).exists()


def test_signed_in_registering_closes_at_the_deadline_but_notice_does_not(world, client_as):
    url = reverse("meetings:my_answer", args=[world.meeting.pk])
    with time_machine.travel(deadline_passed(world.meeting)):
        client = client_as("member")
        page = client.get(url)
        assert "så du kan ikke melde deg på her lenger" in page.text
        assert 'value="registered"' not in page.text
        assert 'value="absent"' in page.text
        refused = client.post(url, {"svar": "registered"})
        assert refused.status_code == 400
        assert not Registration.objects.filter(answer=Answer.REGISTERED).exists()
        assert client.post(url, {"svar": "absent"}).status_code == 302
    assert Registration.objects.get(person=world.person("member")).answer == Answer.ABSENT


def test_the_meeting_page_tag_shows_nothing_to_those_not_called(world):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.user("secretariat")
    html = Template("{% load meeting_answers %}{% my_answer meeting %}").render(
        Context({"request": request, "meeting": world.meeting})
    )
    assert html.strip() == ""
