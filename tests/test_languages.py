"""Bokmål, nynorsk or English: the signed-in person's choice on their account, a signed-out
visitor's choice on the sign-in page, and for e-mail and its documents the recipient's choice,
else the network's language for e-mail, else bokmål.

The texts expected in nynorsk and English are read from the catalogues, so that the tests hold
whatever the translators write; that they differ from the bokmål is checked first. Dates are
checked against Django's own names of days and months."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from lindra.accounts.models import User
from lindra.core.models import AuditAction, AuditEvent
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.meetings import deadlines, invitations
from lindra.meetings.models import Meeting
from lindra.meetings.rules import Step
from lindra.meetings.services import create_steps
from lindra.registry.models import Network
from tests import factories as f
from tests.csp import csp_problems
from tests.documents import pdf_text
from tests.language import not_norwegian, text_of

LANGUAGES = ["nb", "nn", "en"]


def in_each_language(message: str) -> dict[str, str]:
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            texts[language] = translation.gettext(message)
    return texts


SKIP_LINK_IN = in_each_language("Hopp til innholdet")  # on every page
SIGN_IN_HEADING_IN = in_each_language("Få en innloggingslenke på e-post")
SUBJECT_IN = in_each_language("Din innloggingslenke til Lindra")
SAVED_IN = in_each_language("Språket er lagret.")


@pytest.mark.parametrize("texts", [SKIP_LINK_IN, SIGN_IN_HEADING_IN, SUBJECT_IN, SAVED_IN])
def test_the_texts_these_tests_look_for_differ_in_each_language(texts):
    assert len(set(texts.values())) == len(LANGUAGES), texts


def choose(user: User, language: str) -> None:
    User.objects.filter(pk=user.pk).update(language=language)


# Pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_persons_choice_is_the_language_of_their_pages(world, client_as, language):
    choose(world.user("member"), language)
    page = client_as("member").get(reverse("home:home"))
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.text
    assert page["Content-Language"] == language
    assert SKIP_LINK_IN[language] in text_of(page.text)


def test_without_a_choice_pages_are_in_bokmal_whatever_the_browser_asks_for(world):
    client = Client(headers={"accept-language": "en-GB,en;q=0.9"})
    client.force_login(world.user("member"))
    page = client.get(reverse("home:home"))
    assert '<html lang="nb"' in page.text
    assert SKIP_LINK_IN["nb"] in text_of(page.text)


def test_the_persons_choice_wins_over_the_choice_made_before_signing_in(world, client_as):
    choose(world.user("member"), "en")
    client = client_as("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    assert SKIP_LINK_IN["en"] in text_of(client.get(reverse("home:home")).text)


def test_without_a_choice_of_their_own_a_person_keeps_the_one_made_before_signing_in(world, client_as):
    client = client_as("member")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    assert SKIP_LINK_IN["nn"] in text_of(client.get(reverse("home:home")).text)


def test_dates_are_written_the_way_of_each_language():
    monday = dt.datetime(2026, 12, 7, 14, 5)
    written = {}
    for language in LANGUAGES:
        with translation.override(language):
            written[language] = [
                date_format(monday, name)
                for name in ["DATE_FORMAT", "WEEKDAY_DATETIME_FORMAT", "SHORT_DATE_FORMAT", "MONTH_DAY_FORMAT"]
            ]
    assert written == {
        "nb": ["7. desember 2026", "mandag 7. desember 2026 kl. 14:05", "7.12.2026", "7. desember"],
        "nn": ["7. desember 2026", "måndag 7. desember 2026 kl. 14:05", "7.12.2026", "7. desember"],
        "en": ["7 December 2026", "Monday 7 December 2026 at 14:05", "7/12/2026", "7 December"],
    }


# The account page -----------------------------------------------------------------------------


def test_the_person_chooses_their_language_on_their_account_page_and_it_is_in_the_log(world, client_as):
    client = client_as("member")
    form = client.get(reverse("accounts:account"))
    assert 'name="language"' in form.text
    response = client.post(reverse("accounts:account_language"), {"language": "nn"}, follow=True)
    assert response.redirect_chain == [(reverse("accounts:account"), 302)]
    assert SAVED_IN["nn"] in text_of(response.text)
    assert '<html lang="nn"' in response.text
    assert User.objects.get(pk=world.user("member").pk).language == "nn"
    event = AuditEvent.objects.get(action=AuditAction.CHANGED, object_type="accounts.User")
    assert (event.actor, event.changes) == (world.user("member"), {"language": ["", "nn"]})
    assert event.path == reverse("accounts:account_language")


def test_choosing_no_language_leaves_it_to_the_network_and_the_same_choice_again_logs_nothing(world, client_as):
    choose(world.user("member"), "en")
    client = client_as("member")
    assert client.post(reverse("accounts:account_language"), {"language": "en"}).status_code == 302
    assert not AuditEvent.objects.filter(object_type="accounts.User").exists()
    assert client.post(reverse("accounts:account_language"), {"language": ""}).status_code == 302
    assert User.objects.get(pk=world.user("member").pk).language == ""
    assert AuditEvent.objects.get(object_type="accounts.User").changes == {"language": ["en", ""]}
    assert SKIP_LINK_IN["nb"] in text_of(client.get(reverse("home:home")).text)


def test_a_language_lindra_does_not_have_is_refused_in_norwegian_and_nothing_changes(world, client_as):
    response = client_as("member").post(reverse("accounts:account_language"), {"language": "de"})
    assert response.status_code == 400
    assert "Velg et gyldig valg" in text_of(response.text)
    assert not not_norwegian(response.text)
    assert User.objects.get(pk=world.user("member").pk).language == ""
    assert not AuditEvent.objects.filter(object_type="accounts.User").exists()


def test_the_account_page_shows_the_choice_made(world, client_as):
    choose(world.user("member"), "nn")
    page = client_as("member").get(reverse("accounts:account")).text
    assert '<option value="nn" selected>Norsk nynorsk</option>' in page


# Signed out -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nn", "en"])
def test_a_visitor_chooses_the_language_of_the_sign_in_page_with_its_buttons(db, language):
    client = Client()
    sign_in = reverse("accounts:sign_in")
    page = client.get(sign_in)
    assert SIGN_IN_HEADING_IN["nb"] in text_of(page.text)
    for code, name in settings.LANGUAGES:
        assert f'name="language" value="{code}" lang="{code}"' in page.text
        assert name in page.text
    assert not csp_problems(page, "sign-in page with its language switcher")
    response = client.post(reverse("accounts:language_cookie"), {"language": language, "next": sign_in})
    assert (response.status_code, response["Location"]) == (302, sign_in)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["httponly"]
    page = client.get(sign_in)
    assert f'<html lang="{language}"' in page.text
    assert SIGN_IN_HEADING_IN[language] in text_of(page.text)
    assert f'value="{language}" lang="{language}" aria-pressed="true"' in page.text


def test_the_switcher_refuses_a_language_lindra_does_not_have_and_a_page_outside_lindra(db):
    client = Client()
    response = client.post(reverse("accounts:language_cookie"), {"language": "de", "next": "https://example.com/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_in")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert SIGN_IN_HEADING_IN["nb"] in text_of(client.get(reverse("accounts:sign_in")).text)


def test_the_switcher_answers_get_with_405(db):
    assert Client().get(reverse("accounts:language_cookie")).status_code == 405


# E-mail ---------------------------------------------------------------------------------------


def sign_in_link_to(address: str, network=None) -> OutboxMessage:
    return queue_message(
        "sign_in_link", to=[address], context={"url": "https://lindra.example/x", "minutes": 15}, network=network
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_e_mail_is_written_in_the_language_its_recipient_chose(db, language):
    network = f.network(email_language="nb")
    user = f.user("nina@lindra.example", language=language)
    assert sign_in_link_to(user.email, network).subject == SUBJECT_IN[language]
    assert sign_in_link_to("NINA@lindra.example", network).subject == SUBJECT_IN[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_e_mail_to_someone_without_a_choice_is_in_the_networks_language(db, language):
    network = f.network(email_language=language)
    f.user("nina@lindra.example")
    assert sign_in_link_to("nina@lindra.example", network).subject == SUBJECT_IN[language]
    assert sign_in_link_to("no-account@sykehus.example", network).subject == SUBJECT_IN[language]


def test_an_e_mail_of_no_network_to_someone_without_a_choice_is_in_bokmal(db):
    assert sign_in_link_to("no-account@sykehus.example").subject == SUBJECT_IN["nb"]


def test_an_e_mail_to_several_who_chose_differently_is_in_the_networks_language(db):
    network = f.network(email_language="nn")
    f.user("nina@lindra.example", language="en")
    f.user("erik@lindra.example", language="nb")
    both = ["nina@lindra.example", "erik@lindra.example"]
    message = queue_message("sign_in_link", to=both, context={"url": "x", "minutes": 15}, network=network)
    assert message.subject == SUBJECT_IN["nn"]
    f.user("eva@lindra.example", language="en")
    same = ["nina@lindra.example", "eva@lindra.example"]
    message = queue_message("sign_in_link", to=same, context={"url": "x", "minutes": 15}, network=network)
    assert message.subject == SUBJECT_IN["en"]


def test_rendering_an_e_mail_leaves_the_language_of_the_page_as_it_was(db):
    f.user("nina@lindra.example", language="en")
    with translation.override("nn"):
        sign_in_link_to("nina@lindra.example")
        assert translation.get_language() == "nn"


def test_each_member_gets_the_invitation_and_its_pdf_with_dates_in_their_language(
    world, tmp_path, django_capture_on_commit_callbacks
):
    """Mona chose English, Aina (the host) nynorsk; the secretariat's address has no choice, and
    network A writes bokmål."""
    choose(world.user("member"), "en")
    choose(world.user("host"), "nn")
    meeting = world.meeting
    monday = f.at(meeting.starts_at.date() + dt.timedelta(days=7 - meeting.starts_at.weekday()))
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=monday, ends_at=monday + dt.timedelta(hours=3))
    meeting.refresh_from_db()
    create_steps(meeting)
    invitation = invitations.invitation_for(meeting)
    invitations.save_draft(invitation, text="Velkommen!", by=world.user("host"))
    invitations.submit_to_secretariat(invitation, by=world.user("host"))
    with django_capture_on_commit_callbacks(execute=True):  # the task that mails it
        invitations.send_invitation(invitation, by=world.user("secretariat"))

    def invitation_to(address: str) -> OutboxMessage:
        return OutboxMessage.objects.get(kind="invitation", to=[address])

    def written(language: str, day, name: str) -> str:
        with translation.override(language):
            return date_format(day, name)

    deadline = invitations.deadline_for(meeting)
    mona = invitation_to(world.email("member"))
    assert written("en", deadline, "WEEKDAY_MONTH_DAY_FORMAT") in mona.body_text
    assert "Monday" in pdf_text(bytes(mona.attachments.get(filename="innkalling.pdf").blob.content), tmp_path)
    aina = invitation_to(world.email("host"))
    assert written("nn", deadline, "WEEKDAY_MONTH_DAY_FORMAT") in aina.body_text
    assert "måndag" in pdf_text(bytes(aina.attachments.get(filename="innkalling.pdf").blob.content), tmp_path)
    copy = OutboxMessage.objects.get(kind="invitation_copy")
    assert written("nb", deadline, "WEEKDAY_MONTH_DAY_FORMAT") in copy.body_text
    assert "mandag" in pdf_text(bytes(copy.attachments.get(filename="innkalling.pdf").blob.content), tmp_path)


def test_the_network_page_says_the_networks_language_for_e_mail(world, client_as):
    Network.objects.filter(pk=world.network_a.pk).update(email_language="en")
    page = client_as("secretariat").get(reverse("registry:network", args=[world.network_a.pk]))
    assert "Språk i e-post: English" in text_of(page.text)


def test_the_periodic_deadline_notices_are_in_the_language_of_each_recipient(world):
    """Aina hosts the meeting and chose English: the reminder of her step (the invitation to the
    secretariat) writes its dates in English, from a job that runs without any page's language."""
    choose(world.user("host"), "en")
    meeting = world.meeting
    create_steps(meeting)
    step = meeting.steps.get(step=Step.INVITATION_TO_SECRETARIAT)
    day = f.today()
    reminders = OutboxMessage.objects.filter(kind="deadline_reminder", to=[world.email("host")])
    while day <= step.due_on and not reminders.exists():
        with time_machine.travel(f.at(day, 8), tick=False):
            deadlines.send_deadline_notices()
        day += dt.timedelta(days=1)
    reminder = reminders.first()
    with translation.override("en"):
        assert date_format(step.due_on, "WEEKDAY_DATE_FORMAT") in reminder.body_text
        assert date_format(timezone.localtime(meeting.starts_at), "WEEKDAY_DATETIME_FORMAT") in reminder.body_text
