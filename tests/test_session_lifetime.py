"""A session ends ten hours after sign-in however active it is, besides the idle timeout;
the session key is new at every sign-in."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from tests import factories as f

SIGN_IN = reverse("accounts:sign_in")
HOME = reverse("home:home")
ACCOUNT = reverse("accounts:account")
TOO_LONG = "Du har vært innlogget i 10 timer, som er det lengste en innlogging varer. Vennligst logg inn på nytt."


@pytest.fixture
def mona(db):
    return f.person_with_user("Mona", "Medlem", email="mona@lindra.example").user


def sign_in(client: Client):
    response = client.post(SIGN_IN, {"email": "mona@lindra.example", "password": f.PASSWORD})
    assert response.status_code == 302
    return response


def keep_busy(client: Client, traveller, span: dt.timedelta, every=dt.timedelta(minutes=5)) -> None:
    """Opens a page every few minutes for `span`, each time still signed in."""
    gone = dt.timedelta()
    while gone + every <= span:
        traveller.shift(every)
        gone += every
        assert client.get(ACCOUNT).status_code == 200, f"signed out after {gone}"
    traveller.shift(span - gone)


def test_the_limit_is_ten_hours_by_default():
    assert settings.SESSION_MAX_HOURS == 10


def test_an_active_user_is_still_in_after_9_hours_59_minutes(mona, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client)
        keep_busy(client, traveller, dt.timedelta(hours=9, minutes=59))
        assert client.get(ACCOUNT).status_code == 200


def test_an_active_user_is_signed_out_after_10_hours_1_minute_and_told_why(mona, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client)
        keep_busy(client, traveller, dt.timedelta(hours=10, minutes=1))
        response = client.get(ACCOUNT)
        assert response.status_code == 302
        assert response["Location"] == f"{SIGN_IN}?next={ACCOUNT}"
        page = client.get(response["Location"])
        assert TOO_LONG in page.text
        assert f'value="{ACCOUNT}"' in page.text  # the page asked for is kept for after sign-in
        assert client.get(HOME).status_code == 302
        [event] = AuditEvent.objects.filter(action=AuditAction.SIGN_OUT)
        assert (event.actor, event.target) == (mona, "mona@lindra.example")
        assert event.changes == {"reason": "max_age", "hours": 10}

        # Signing in again starts a new ten hours, and returns to the page asked for.
        again = client.post(
            SIGN_IN, {"email": "mona@lindra.example", "password": f.PASSWORD, "next": ACCOUNT}, follow=False
        )
        assert again["Location"] == ACCOUNT
        keep_busy(client, traveller, dt.timedelta(hours=9))


def test_the_limit_follows_the_setting(mona, client, settings):
    settings.SESSION_MAX_HOURS = 2
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client)
        keep_busy(client, traveller, dt.timedelta(hours=2, minutes=1), every=dt.timedelta(minutes=30))
        response = client.get(ACCOUNT, follow=True)
        assert "Du har vært innlogget i 2 timer" in response.text


def test_a_session_without_a_sign_in_time_gets_one_on_its_first_request(mona, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(mona)  # as a session from before the limit: no sign-in time
        traveller.shift(dt.timedelta(hours=1))
        assert client.get(ACCOUNT).status_code == 200  # the clock starts here
        keep_busy(client, traveller, dt.timedelta(hours=9, minutes=59))
        assert client.get(ACCOUNT).status_code == 200
        traveller.shift(dt.timedelta(minutes=2))
        assert client.get(ACCOUNT).status_code == 302


def test_the_idle_timeout_still_ends_a_session_sooner(mona, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        sign_in(client)
        traveller.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get(ACCOUNT)
        assert response["Location"] == f"{SIGN_IN}?next={ACCOUNT}"
        assert TOO_LONG not in client.get(response["Location"]).text


# The session key is new at sign-in ------------------------------------------------------


def test_signing_in_with_the_password_gives_a_new_session_key(mona, client):
    client.get(SIGN_IN)
    session = client.session
    session["before"] = True  # a session exists before sign-in
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert client.get(HOME).status_code == 200
    assert not Client(cookies={settings.SESSION_COOKIE_NAME: before}).session.exists(before)


def test_signing_in_with_an_e_mailed_link_gives_a_new_session_key(mona, client, outbox, transactional_db):
    client.post(SIGN_IN, {"lenke-email": "mona@lindra.example"}, follow=True)
    [mail] = outbox.messages
    link = urlsplit(re.search(r"https?://\S+", mail.text).group()).path
    before = client.cookies[settings.SESSION_COOKIE_NAME].value  # the address asked for is in it
    assert before
    client.post(link)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    assert client.get(HOME).status_code == 200
