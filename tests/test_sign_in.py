"""Signing in and out: password, e-mailed sign-in link, limits on failures, password change
and reset, session expiry. E-mail goes through the real SMTP server (the `outbox` fixture)."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from lindra import settings as project_settings
from lindra.accounts.models import SignInLink, User, hash_token
from lindra.accounts.rules import SignInLimits, is_blocked
from lindra.core.models import AuditAction, AuditEvent
from tests import factories as f

SIGN_IN = reverse("accounts:sign_in")
HOME = reverse("home:home")
WRONG = "Feil e-postadresse eller passord."
TOO_MANY = "For mange mislykkede forsøk. Vent 15 minutter, eller be om en innloggingslenke på e-post."
LINK_GONE = "Lenken er allerede brukt eller har gått ut. Be om en ny lenke."
IP = "203.0.113.5"


def sign_in(client: Client, email: str, password: str = f.PASSWORD, ip: str = IP, **extra):
    return client.post(SIGN_IN, {"email": email, "password": password, **extra}, REMOTE_ADDR=ip)


def is_signed_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def link_in(mail) -> str:
    """The path of the first Lindra link in an e-mail's text."""
    match = re.search(r"https?://\S+", mail.text)
    assert match, f"no link in the e-mail:\n{mail.text}"
    return urlsplit(match.group()).path


@pytest.fixture
def mona(db) -> User:
    return f.person_with_user("Mona", "Medlem", email="mona@lindra.example").user


# Password ------------------------------------------------------------------------------


def test_it_signs_in_with_the_password_and_lands_on_the_home_page(db, client, settings):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the real thing, once
    mona = f.person_with_user("Mona", "Medlem", email="mona@lindra.example").user
    assert mona.password.startswith("argon2")
    response = sign_in(client, "mona@lindra.example")
    assert response.status_code == 302
    assert response["Location"] == HOME
    assert "Hei, Mona Medlem" in client.get(HOME).text
    [event] = events(AuditAction.SIGN_IN)
    assert (event.actor, event.target, event.ip) == (mona, "mona@lindra.example", IP)
    assert event.changes == {"method": "password"}


def test_it_accepts_the_address_in_capitals_and_with_spaces(mona, client):
    assert sign_in(client, "  Mona@Lindra.EXAMPLE ").status_code == 302
    assert is_signed_in(client)


def test_it_returns_to_the_page_asked_for(mona, client):
    asked = client.get(reverse("accounts:account"))
    assert asked["Location"] == f"{SIGN_IN}?next=/konto/"
    response = sign_in(client, "mona@lindra.example", next="/konto/")
    assert response["Location"] == "/konto/"


def test_it_does_not_send_anyone_to_another_site_after_sign_in(mona, client):
    response = sign_in(client, "mona@lindra.example", next="https://phishing.example/")
    assert response["Location"] == HOME


def test_a_wrong_password_is_refused_with_400_and_the_address_is_kept(mona, client):
    response = sign_in(client, "mona@lindra.example", "feil-passord")
    assert response.status_code == 400
    assert WRONG in response.text
    assert 'value="mona@lindra.example"' in response.text
    assert not is_signed_in(client)
    [event] = events(AuditAction.SIGN_IN_FAILED)
    assert (event.actor, event.target, event.ip) == (None, "mona@lindra.example", IP)


def test_an_unknown_address_gets_the_same_message(db, client):
    response = sign_in(client, "ukjent@lindra.example")
    assert response.status_code == 400
    assert WRONG in response.text
    assert events(AuditAction.SIGN_IN_FAILED)[0].target == "ukjent@lindra.example"


def test_a_deactivated_account_cannot_sign_in(mona, client):
    User.objects.filter(pk=mona.pk).update(is_active=False)
    assert sign_in(client, "mona@lindra.example").status_code == 400
    assert not is_signed_in(client)


def test_after_five_failures_even_the_right_password_is_refused(mona, client):
    for _ in range(5):
        response = sign_in(client, "mona@lindra.example", "feil-passord")
        assert WRONG in response.text
    response = sign_in(client, "mona@lindra.example")
    assert response.status_code == 400
    assert TOO_MANY in response.text
    assert not is_signed_in(client)
    [event] = events(AuditAction.SIGN_IN_BLOCKED)
    assert (event.target, event.ip) == ("mona@lindra.example", IP)


def test_four_failures_do_not_block(mona, client):
    for _ in range(4):
        sign_in(client, "mona@lindra.example", "feil-passord")
    assert sign_in(client, "mona@lindra.example").status_code == 302


def test_the_block_on_an_account_holds_from_every_address(mona):
    for n in range(5):
        sign_in(Client(), "mona@lindra.example", "feil-passord", ip=f"198.51.100.{n}")
    assert TOO_MANY in sign_in(Client(), "mona@lindra.example", ip="192.0.2.200").text


def test_the_block_lifts_when_the_window_has_passed(mona, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            sign_in(client, "mona@lindra.example", "feil-passord")
        traveller.shift(dt.timedelta(minutes=14, seconds=59))
        assert TOO_MANY in sign_in(client, "mona@lindra.example").text
        traveller.shift(dt.timedelta(seconds=2))
        assert sign_in(client, "mona@lindra.example").status_code == 302
        assert is_signed_in(client)


def test_failures_from_one_address_are_limited_at_20_across_accounts(mona):
    attacker = Client()
    for n in range(19):
        sign_in(attacker, f"gjett{n}@lindra.example", "passord123", ip="203.0.113.66")
    # 19 failures from this address: the next attempt is still allowed.
    assert sign_in(Client(), "mona@lindra.example", ip="203.0.113.66").status_code == 302
    sign_in(attacker, "gjett19@lindra.example", "passord123", ip="203.0.113.66")

    refused = sign_in(Client(), "mona@lindra.example", ip="203.0.113.66")
    assert refused.status_code == 400
    assert TOO_MANY in refused.text
    # Another address is not affected.
    assert sign_in(Client(), "mona@lindra.example", ip="203.0.113.67").status_code == 302


def test_sign_out_is_post_only_and_is_logged(mona, client):
    client.force_login(mona)
    assert client.get(reverse("accounts:sign_out")).status_code == 405
    assert is_signed_in(client)

    response = client.post(reverse("accounts:sign_out"), REMOTE_ADDR=IP, follow=True)
    assert response.redirect_chain == [(SIGN_IN, 302)]
    assert "Du er logget ut." in response.text
    assert not is_signed_in(client)
    [event] = events(AuditAction.SIGN_OUT)
    assert (event.actor, event.target, event.ip) == (mona, "mona@lindra.example", IP)


# The e-mailed sign-in link -----------------------------------------------------------------


def ask_for_link(client: Client, email: str):
    return client.post(SIGN_IN, {"lenke-email": email}, REMOTE_ADDR=IP, follow=True)


def test_a_sign_in_link_arrives_by_email_and_signs_in_once(mona, client, outbox, transactional_db):
    response = ask_for_link(client, "mona@lindra.example")
    assert response.redirect_chain == [(reverse("accounts:sign_in_link_sent"), 302)]
    assert "Hvis mona@lindra.example er registrert i Lindra" in response.text

    [mail] = outbox.messages
    assert mail.envelope_to == ["mona@lindra.example"]
    assert mail.subject == "Din innloggingslenke til Lindra"
    link = link_in(mail)
    assert link.startswith("/konto/logg-inn/lenke/")

    # Opening the link (or a mail scanner doing so) shows a button and does not sign in.
    page = client.get(link)
    assert page.status_code == 200
    assert "Du logger inn som mona@lindra.example" in page.text
    assert not is_signed_in(client)

    response = client.post(link, REMOTE_ADDR=IP)
    assert response["Location"] == HOME
    assert is_signed_in(client)
    [event] = events(AuditAction.SIGN_IN)
    assert (event.actor, event.target, event.ip, event.changes) == (mona, "mona@lindra.example", IP, {"method": "link"})

    other = Client()
    again = other.post(link, follow=True)
    assert again.redirect_chain[-1][0] == SIGN_IN
    assert LINK_GONE in again.text
    assert not is_signed_in(other)
    assert other.get(link).status_code == 410


def test_a_sign_in_link_older_than_15_minutes_is_refused(mona, outbox, transactional_db):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        ask_for_link(Client(), "mona@lindra.example")
        link = link_in(outbox.messages[0])
        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        client = Client()
        assert client.get(link).status_code == 410
        assert LINK_GONE in client.post(link, follow=True).text
        assert not is_signed_in(client)
    assert events(AuditAction.SIGN_IN_FAILED)[-1].target == "mona@lindra.example"


def test_a_sign_in_link_works_until_its_last_minute(mona, outbox, transactional_db):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        ask_for_link(Client(), "mona@lindra.example")
        link = link_in(outbox.messages[0])
        traveller.shift(dt.timedelta(minutes=14, seconds=59))
        client = Client()
        client.post(link)
        assert is_signed_in(client)


def test_an_unknown_address_sees_the_same_page_and_nothing_is_sent(db, client, outbox, transactional_db):
    response = ask_for_link(client, "ukjent@lindra.example")
    assert response.redirect_chain == [(reverse("accounts:sign_in_link_sent"), 302)]
    assert "Hvis ukjent@lindra.example er registrert i Lindra" in response.text
    assert outbox.messages == []
    [event] = events(AuditAction.SIGN_IN_FAILED)
    assert event.target == "ukjent@lindra.example"


def test_a_person_in_the_registry_without_an_account_gets_one_with_the_first_link(outbox, transactional_db):
    nina = f.person("Nina", "Nyregistrert", email="nina@lindra.example")
    f.membership(nina, f.group(f.network(), "Bergen sentrum"))
    client = Client()
    ask_for_link(client, "Nina@Lindra.example")
    [mail] = outbox.messages
    client.post(link_in(mail))
    assert "Hei, Nina Nyregistrert" in client.get(HOME).text
    nina.refresh_from_db()
    assert nina.user.email == "nina@lindra.example"
    assert not nina.user.has_usable_password()
    assert "Medlem" in client.get(reverse("accounts:account")).text


def test_a_deactivated_account_gets_no_link(mona, client, outbox, transactional_db):
    User.objects.filter(pk=mona.pk).update(is_active=False)
    ask_for_link(client, "mona@lindra.example")
    assert outbox.messages == []


def test_at_most_five_links_are_sent_to_one_address_within_15_minutes(mona, client, outbox, transactional_db):
    for _ in range(6):
        ask_for_link(client, "mona@lindra.example")
    assert len(outbox.to("mona@lindra.example")) == 5
    assert len(events(AuditAction.SIGN_IN_BLOCKED)) == 1


def test_only_a_hash_of_the_token_is_stored(mona, client, outbox, transactional_db):
    ask_for_link(client, "mona@lindra.example")
    token = link_in(outbox.messages[0]).rstrip("/").rsplit("/", 1)[-1]
    link = SignInLink.objects.get()
    assert token not in {link.token_hash, str(link.pk)}
    assert link.token_hash == hash_token(token)


def test_a_link_for_an_account_deactivated_since_does_not_sign_in(mona, client, outbox, transactional_db):
    ask_for_link(client, "mona@lindra.example")
    User.objects.filter(pk=mona.pk).update(is_active=False)
    response = client.post(link_in(outbox.messages[0]), follow=True)
    assert "Kontoen er deaktivert. Kontakt sekretariatet." in response.text
    assert not is_signed_in(client)
    assert events(AuditAction.SIGN_IN_FAILED)[-1].target == "mona@lindra.example"


def test_an_invalid_link_is_refused(db, client):
    assert client.get(reverse("accounts:sign_in_link", args=["tull"])).status_code == 410
    assert LINK_GONE in client.post(reverse("accounts:sign_in_link", args=["tull"]), follow=True).text
    assert not is_signed_in(client)


# Passwords: change and reset ---------------------------------------------------------------

NEW_PASSWORD = "nytt-langt-passord-2026"


def test_changing_the_password_needs_the_old_one(mona, client):
    client.force_login(mona)
    page = client.get(reverse("accounts:password_change"))
    assert 'name="old_password"' in page.text
    refused = client.post(
        reverse("accounts:password_change"),
        {"old_password": "feil", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert refused.status_code == 400
    assert User.objects.get(pk=mona.pk).password == mona.password

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": f.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR=IP,
        follow=True,
    )
    assert "Passordet er endret." in response.text
    assert is_signed_in(client)  # the session survives the change
    [event] = events(AuditAction.PASSWORD_CHANGED)
    assert (event.actor, event.target, event.ip) == (mona, "mona@lindra.example", IP)
    assert sign_in(Client(), "mona@lindra.example", NEW_PASSWORD).status_code == 302
    assert sign_in(Client(), "mona@lindra.example", f.PASSWORD).status_code == 400


def test_a_changed_password_signs_out_other_browsers(mona, client):
    other_browser = Client()
    other_browser.force_login(mona)
    client.force_login(mona)
    client.post(
        reverse("accounts:password_change"),
        {"old_password": f.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert is_signed_in(client)
    assert not is_signed_in(other_browser)


def test_signing_in_gives_a_new_session_key(mona, client):
    before = client.session.session_key  # a session from before signing in, e.g. planted
    assert before
    sign_in(client, "mona@lindra.example")
    assert is_signed_in(client)
    assert client.session.session_key != before


def test_a_user_who_signs_in_by_link_only_sets_a_first_password_without_an_old_one(db, client):
    lenka = f.person_with_user("Lenka", "Lenkebruker", email="lenka@lindra.example", password=None).user
    assert not lenka.has_usable_password()
    client.force_login(lenka)
    page = client.get(reverse("accounts:password_change"))
    assert "Lag et passord" in page.text
    assert 'name="old_password"' not in page.text
    response = client.post(
        reverse("accounts:password_change"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert sign_in(Client(), "lenka@lindra.example", NEW_PASSWORD).status_code == 302


def test_a_too_simple_new_password_is_refused(mona, client):
    client.force_login(mona)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": f.PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 400


def test_a_password_reset_link_arrives_by_email_and_sets_a_new_password(mona, client, outbox, transactional_db):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "Mona@lindra.example"}, REMOTE_ADDR=IP, follow=True
    )
    assert "Sjekk e-posten din" in response.text
    [mail] = outbox.messages
    assert mail.envelope_to == ["mona@lindra.example"]
    assert mail.subject == "Lag nytt passord i Lindra"
    link = link_in(mail)

    form = client.get(link, follow=True)
    assert "Velg nytt passord" in form.text
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert done.redirect_chain[-1][0] == SIGN_IN
    assert "Passordet er lagret. Du kan logge inn nå." in done.text

    assert sign_in(Client(), "mona@lindra.example", NEW_PASSWORD).status_code == 302
    assert sign_in(Client(), "mona@lindra.example", f.PASSWORD).status_code == 400
    assert "Lenken virker ikke lenger" in Client().get(link, follow=True).text
    assert [e.target for e in events(AuditAction.PASSWORD_RESET_REQUESTED)] == ["mona@lindra.example"]
    assert [e.actor for e in events(AuditAction.PASSWORD_CHANGED)] == [mona]


def test_a_password_reset_for_an_unknown_address_sends_nothing(db, client, outbox, transactional_db):
    response = client.post(reverse("accounts:password_reset"), {"email": "ukjent@lindra.example"}, follow=True)
    assert "Sjekk e-posten din" in response.text
    assert outbox.messages == []


def test_at_most_five_password_reset_emails_go_to_one_address_within_15_minutes(mona, outbox, transactional_db):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(6):
            page = Client().post(reverse("accounts:password_reset"), {"email": "mona@lindra.example"}, follow=True)
            assert "Sjekk e-posten din" in page.text  # the same page, sent or not
        assert len(outbox.to("mona@lindra.example")) == 5
        [blocked] = events(AuditAction.SIGN_IN_BLOCKED)
        assert blocked.target == "mona@lindra.example"

        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        Client().post(reverse("accounts:password_reset"), {"email": "mona@lindra.example"})
        assert len(outbox.to("mona@lindra.example")) == 6


def test_a_user_without_a_password_can_get_one_by_reset(db, client, outbox, transactional_db):
    f.person_with_user("Lenka", "Lenkebruker", email="lenka@lindra.example", password=None)
    client.post(reverse("accounts:password_reset"), {"email": "lenka@lindra.example"})
    [mail] = outbox.messages
    form = client.get(link_in(mail), follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert sign_in(Client(), "lenka@lindra.example", NEW_PASSWORD).status_code == 302


# Sessions ----------------------------------------------------------------------------------


def test_an_idle_session_ends_after_the_session_age(mona, client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(mona)
        assert is_signed_in(client)
        traveller.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"] == f"{SIGN_IN}?next=/"


def test_activity_keeps_the_session_alive(mona, client):
    almost = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client.force_login(mona)
        for _ in range(3):
            traveller.shift(almost)
            assert is_signed_in(client)


def test_sessions_end_after_two_hours_idle_by_default():
    assert settings.SESSION_COOKIE_AGE == 120 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


# The rule ------------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=100)
limits = st.builds(
    SignInLimits,
    window=st.just(dt.timedelta(minutes=15)),
    per_account=st.integers(min_value=1, max_value=50),
    per_address=st.integers(min_value=1, max_value=100),
)


@given(account=counts, address=counts, limits=limits)
@example(account=5, address=0, limits=SignInLimits(dt.timedelta(minutes=15), per_account=5, per_address=20))
@example(account=4, address=20, limits=SignInLimits(dt.timedelta(minutes=15), per_account=5, per_address=20))
def test_is_blocked_exactly_when_either_limit_is_reached(account, address, limits):
    blocked = is_blocked(failures_for_account=account, failures_for_address=address, limits=limits)
    assert blocked == (account >= limits.per_account or address >= limits.per_address)


@given(account=counts, address=counts, more=st.integers(min_value=0, max_value=10), limits=limits)
def test_more_failures_never_lift_a_block(account, address, more, limits):
    if is_blocked(failures_for_account=account, failures_for_address=address, limits=limits):
        assert is_blocked(failures_for_account=account + more, failures_for_address=address, limits=limits)
        assert is_blocked(failures_for_account=account, failures_for_address=address + more, limits=limits)


@given(limits=limits)
def test_no_failures_never_block(limits):
    assert not is_blocked(failures_for_account=0, failures_for_address=0, limits=limits)


@pytest.mark.django_db
def test_the_check_your_email_page_tells_how_long_the_link_lasts(client, settings):
    settings.SIGN_IN_LINK_MINUTES = 30
    page = client.get(reverse("accounts:sign_in_link_sent")).content.decode()
    assert "i 30 minutter" in page
