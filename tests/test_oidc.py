"""Sign-in through OpenID Connect against a real provider (tests/oidc_provider, started by
tests/oidc.py): the code flow through its login form and consent, back to Lindra's callback."""

import datetime as dt
import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindra import settings as lindra_settings
from lindra.accounts import oidc
from lindra.accounts.models import User
from lindra.accounts.oidc import Backend
from lindra.core.models import AuditAction, AuditEvent
from lindra.registry.models import Term
from tests import factories as f
from tests import oidc_provider as provider
from tests.oidc import ROOT, follow, private_key_pem, sign_in_at_provider

pytestmark = pytest.mark.usefixtures("transactional_db")

START = reverse("accounts:oidc_start")
CALLBACK = reverse("accounts:oidc_callback")
SIGN_IN = reverse("accounts:sign_in")
NOT_REGISTERED = (
    "Innloggingen med HelseID gav ingen e-postadresse som finnes i Lindra. "
    "Kontakt sekretariatet i nettverket ditt for å bli registrert."
)
NOT_ACCEPTED = "Svaret fra HelseID kunne ikke godkjennes, så du er ikke logget inn."
EXPIRED = "Innloggingen med HelseID gikk ut før den ble fullført. Prøv å logge inn på nytt."


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def refusal_shown(session: requests.Session, response: requests.Response) -> str:
    """The sign-in page Lindra sent the refused visitor to."""
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == SIGN_IN
    page = follow(session, response)
    assert page.status_code == 200
    return page.text


def lindra_session_key(session: requests.Session) -> str | None:
    return session.cookies.get("sessionid", domain="127.0.0.1") or session.cookies.get("sessionid")


def test_a_registered_person_signs_in_and_lands_where_they_were_going(oidc_settings, live_server):
    f.person_with_user("Mona", email="medlem@lindra.example")
    session = requests.Session()
    page = session.get(live_server.url + SIGN_IN + "?next=/konto/")
    assert "Logg inn med HelseID" in page.text
    before = lindra_session_key(session)
    page = sign_in_at_provider(session, f"{live_server.url}{START}?next=/konto/", "mona")
    assert page.status_code == 200 and page.url == live_server.url + "/konto/"
    assert "medlem@lindra.example" in page.text
    assert lindra_session_key(session) not in (None, before)
    [signed_in] = events(AuditAction.SIGN_IN)
    assert signed_in.changes == {"method": "oidc"} and signed_in.target == "medlem@lindra.example"
    assert not events(AuditAction.SIGN_IN_REFUSED)
    assert all("eyJ" not in str(event.changes) for event in AuditEvent.objects.all())  # no tokens


def test_a_person_in_the_registry_without_an_account_gets_one(oidc_settings, live_server):
    f.person("Mona", email="medlem@lindra.example")
    session = requests.Session()
    page = sign_in_at_provider(session, live_server.url + START, "mona")
    assert page.status_code == 200 and page.url == live_server.url + "/"
    user = User.objects.get(email="medlem@lindra.example")
    assert user.person.given_name == "Mona" and not user.has_usable_password()
    assert events(AuditAction.SIGN_IN)[0].changes == {"method": "oidc"}


def test_an_address_unknown_to_the_registry_is_refused(oidc_settings, live_server):
    session = requests.Session()
    response = sign_in_at_provider(session, live_server.url + START, "ukjent", until=live_server.url + SIGN_IN)
    assert NOT_REGISTERED in refusal_shown(session, response)
    assert not User.objects.filter(email="ukjent@lindra.example").exists()
    [refused] = events(AuditAction.SIGN_IN_REFUSED)
    assert refused.changes == {"method": "oidc", "reason": "not_registered"}
    assert refused.target == "ukjent@lindra.example"
    assert not events(AuditAction.SIGN_IN)


def test_an_address_the_provider_has_not_verified_is_refused(oidc_settings, live_server):
    f.person_with_user("Ulla", email="uverifisert@lindra.example")
    session = requests.Session()
    response = sign_in_at_provider(session, live_server.url + START, "uverifisert", until=live_server.url + SIGN_IN)
    assert "HelseID har ikke bekreftet e-postadressen din." in refusal_shown(session, response)
    assert events(AuditAction.SIGN_IN_REFUSED)[0].changes == {"method": "oidc", "reason": "email_not_verified"}
    assert not events(AuditAction.SIGN_IN)


def test_an_id_token_minted_for_another_client_is_refused(oidc_settings, live_server, oidc_provider, monkeypatch):
    f.person_with_user("Mona", email="medlem@lindra.example")
    session = requests.Session()
    to_provider = session.get(live_server.url + START, allow_redirects=False)
    nonce = parse_qs(urlsplit(to_provider.headers["Location"]).query)["nonce"][0]
    # The same person signs in to other-app, with the nonce of Lindra's request...
    other = requests.Session()
    authorize = (
        f"{oidc_provider.issuer}/authorize?response_type=code&scope=openid+email&client_id={provider.OTHER_CLIENT_ID}"
        f"&redirect_uri={provider.OTHER_REDIRECT_URI}&state=other&nonce={nonce}"
    )
    stopped = sign_in_at_provider(other, authorize, "mona", until=provider.OTHER_REDIRECT_URI)
    code = parse_qs(urlsplit(stopped.stop_at).query)["code"][0]
    tokens = other.post(
        f"{oidc_provider.issuer}/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": provider.OTHER_REDIRECT_URI},
        auth=(provider.OTHER_CLIENT_ID, provider.OTHER_CLIENT_SECRET),
    ).json()
    assert tokens["id_token"]
    # ...and its tokens are replayed to Lindra in place of the answer of Lindra's own code.
    monkeypatch.setattr(Backend, "get_token", lambda self, payload: tokens)
    stopped = sign_in_at_provider(session, to_provider.headers["Location"], "mona", until=live_server.url + CALLBACK)
    response = session.get(stopped.stop_at, allow_redirects=False)
    assert NOT_ACCEPTED in refusal_shown(session, response)
    assert events(AuditAction.SIGN_IN_REFUSED)[0].changes == {"method": "oidc", "reason": "audience"}
    assert not events(AuditAction.SIGN_IN)


def test_an_id_token_of_an_earlier_sign_in_is_refused(oidc_settings, live_server, monkeypatch):
    f.person_with_user("Mona", email="medlem@lindra.example")
    earlier: list[dict] = []
    get_token = Backend.get_token

    def keep(self, payload):
        earlier.append(get_token(self, payload))
        return earlier[-1]

    monkeypatch.setattr(Backend, "get_token", keep)
    assert sign_in_at_provider(requests.Session(), live_server.url + START, "mona").status_code == 200
    # Someone who saw those tokens replays them to a sign-in of their own: its nonce differs.
    session = requests.Session()
    stopped = sign_in_at_provider(session, live_server.url + START, "mona", until=live_server.url + CALLBACK)
    monkeypatch.setattr(Backend, "get_token", lambda self, payload: earlier[0])
    response = session.get(stopped.stop_at, allow_redirects=False)
    assert NOT_ACCEPTED in refusal_shown(session, response)
    assert events(AuditAction.SIGN_IN_REFUSED)[0].changes == {"method": "oidc", "reason": "nonce"}
    assert len(events(AuditAction.SIGN_IN)) == 1


def test_a_lindra_configured_with_another_client_id_refuses_the_token(oidc_settings, live_server, monkeypatch):
    f.person_with_user("Mona", email="medlem@lindra.example")
    session = requests.Session()
    stopped = sign_in_at_provider(session, live_server.url + START, "mona", until=live_server.url + CALLBACK)
    # The provider issued the token to "lindra"; Lindra now expects another client id.
    # (The code is still redeemed as "lindra", with its secret.)
    original = Backend.__init__

    def redeem_as_lindra(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.OIDC_RP_CLIENT_ID = provider.CLIENT_ID

    monkeypatch.setattr(Backend, "__init__", redeem_as_lindra)
    oidc_settings.OIDC_CLIENT_ID = "lindra-prod"
    response = session.get(stopped.stop_at, allow_redirects=False)
    assert NOT_ACCEPTED in refusal_shown(session, response)
    assert events(AuditAction.SIGN_IN_REFUSED)[0].changes == {"method": "oidc", "reason": "audience"}


def test_an_expired_id_token_is_refused(oidc_settings, live_server):
    f.person_with_user("Mona", email="medlem@lindra.example")
    session = requests.Session()
    stopped = sign_in_at_provider(session, live_server.url + START, "mona", until=live_server.url + CALLBACK)
    # The provider's ID tokens live ten minutes; Lindra's clock has moved on twelve.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=12), tick=True):
        response = session.get(stopped.stop_at, allow_redirects=False)
    assert EXPIRED in refusal_shown(session, response)
    assert events(AuditAction.SIGN_IN_REFUSED)[0].changes == {"method": "oidc", "reason": "expired"}
    assert not events(AuditAction.SIGN_IN)


def test_an_answer_with_an_unknown_state_is_refused(oidc_settings, live_server):
    f.person_with_user("Mona", email="medlem@lindra.example")
    session = requests.Session()
    stopped = sign_in_at_provider(session, live_server.url + START, "mona", until=live_server.url + CALLBACK)
    forged = stopped.stop_at.replace("state=", "state=x")
    page = refusal_shown(session, session.get(forged, allow_redirects=False))
    assert "Innloggingen ble avbrutt eller startet i en annen fane" in page
    # The real answer still works once, and not twice.
    assert session.get(stopped.stop_at, allow_redirects=False).headers["Location"] == "/"
    assert events(AuditAction.SIGN_IN)[0].changes == {"method": "oidc"}
    assert [e.changes["reason"] for e in events(AuditAction.SIGN_IN_REFUSED)] == ["state"]


def test_a_provider_error_is_refused_and_logged(oidc_settings, live_server):
    session = requests.Session()
    stopped = follow(session, session.get(live_server.url + START, allow_redirects=False))
    assert "Test provider" in stopped.text
    state = parse_qs(urlsplit(session.get(live_server.url + START, allow_redirects=False).headers["Location"]).query)
    response = session.get(
        f"{live_server.url}{CALLBACK}?error=access_denied&state={state['state'][0]}", allow_redirects=False
    )
    assert "HelseID avbrøt innloggingen" in refusal_shown(session, response)
    assert events(AuditAction.SIGN_IN_REFUSED)[0].changes == {
        "method": "oidc",
        "reason": "provider_error",
        "error": "access_denied",
    }


def test_the_secretariat_still_gives_a_code_from_the_app(oidc_settings, live_server):
    network = f.network()
    siri = f.person_with_user("Siri", email="sekretariat@lindra.example")
    f.term(siri, Term.Kind.SECRETARIAT, network=network)
    session = requests.Session()
    stopped = sign_in_at_provider(session, live_server.url + START, "siri", until=live_server.url + CALLBACK)
    response = session.get(stopped.stop_at, allow_redirects=False)
    assert response.headers["Location"] == "/"
    home = session.get(live_server.url + "/", allow_redirects=False)
    assert urlsplit(home.headers["Location"]).path == reverse("accounts:two_factor_setup")
    assert events(AuditAction.SIGN_IN)[0].changes == {"method": "oidc", "two_factor": "setup"}


def test_without_a_provider_there_is_no_button_and_no_oidc_addresses(settings, db):
    settings.OIDC_ISSUER = ""
    client = Client()
    page = client.get(SIGN_IN)
    assert page.status_code == 200 and "Logg inn med" not in page.text and START not in page.text
    assert client.get(START).status_code == 404
    assert client.get(CALLBACK + "?code=x&state=y").status_code == 404


@pytest.mark.parametrize(("kind", "alg", "kid"), [("ec", "ES256", "lindra-2026"), ("rsa", "RS256", "")])
def test_with_a_client_key_lindra_signs_in_by_a_signed_assertion_and_no_secret(
    oidc_key_settings, oidc_provider, live_server, monkeypatch, kind, alg, kid
):
    oidc_key_settings.OIDC_CLIENT_PRIVATE_KEY = oidc_provider.client_keys[kind]
    oidc_key_settings.OIDC_CLIENT_KEY_ID = kid
    f.person_with_user("Mona", email="medlem@lindra.example")
    sent: list[str] = []
    assertion = oidc.client_assertion
    monkeypatch.setattr(oidc, "client_assertion", lambda url: sent.append(assertion(url)) or sent[-1])
    page = sign_in_at_provider(requests.Session(), live_server.url + START, "mona")
    assert page.status_code == 200 and page.url == live_server.url + "/"
    assert events(AuditAction.SIGN_IN)[0].changes == {"method": "oidc"}
    seen = oidc_provider.token_requests()[-1]
    assert seen["status"] == 200 and not seen["basic_auth"] and "client_secret" not in seen["fields"]
    assert {"client_assertion", "client_assertion_type", "client_id", "code"} <= set(seen["fields"])
    [token] = sent
    header, claims = jwt.get_unverified_header(token), jwt.decode(token, options={"verify_signature": False})
    assert header["alg"] == alg and header.get("kid", "") == kid
    assert claims["iss"] == claims["sub"] == provider.KEY_CLIENT_ID
    assert claims["aud"] == oidc_provider.issuer + "/token" and claims["exp"] - claims["iat"] == 60


def test_a_client_key_the_provider_does_not_know_is_refused(oidc_key_settings, oidc_provider, live_server):
    oidc_key_settings.OIDC_CLIENT_PRIVATE_KEY = private_key_pem("ec")
    f.person_with_user("Mona", email="medlem@lindra.example")
    session = requests.Session()
    response = sign_in_at_provider(session, live_server.url + START, "mona", until=live_server.url + SIGN_IN)
    assert NOT_ACCEPTED in refusal_shown(session, response)
    assert events(AuditAction.SIGN_IN_REFUSED)[0].changes == {"method": "oidc", "reason": "token_request"}
    assert not events(AuditAction.SIGN_IN)
    seen = oidc_provider.token_requests()[-1]
    assert seen["status"] == 401 and seen["refused"] == "signature"


def test_a_replayed_client_assertion_is_refused_by_the_provider(
    oidc_key_settings, oidc_provider, live_server, monkeypatch
):
    f.person_with_user("Mona", email="medlem@lindra.example")
    sent: list[str] = []
    assertion = oidc.client_assertion
    monkeypatch.setattr(oidc, "client_assertion", lambda url: sent.append(assertion(url)) or sent[-1])
    assert sign_in_at_provider(requests.Session(), live_server.url + START, "mona").status_code == 200
    # A second sign-in whose token request carries the first one's assertion (the same jti).
    monkeypatch.setattr(oidc, "client_assertion", lambda url: sent[0])
    session = requests.Session()
    response = sign_in_at_provider(session, live_server.url + START, "mona", until=live_server.url + SIGN_IN)
    assert NOT_ACCEPTED in refusal_shown(session, response)
    assert events(AuditAction.SIGN_IN_REFUSED)[0].changes == {"method": "oidc", "reason": "token_request"}
    seen = oidc_provider.token_requests()[-1]
    assert seen["status"] == 401 and seen["refused"] == "jti replayed"
    assert len(events(AuditAction.SIGN_IN)) == 1


def test_a_client_key_file_that_cannot_be_used_stops_start_up(tmp_path):
    assert lindra_settings.oidc_client_private_key("") == ""
    with pytest.raises(ImproperlyConfigured, match=r"OIDC_CLIENT_PRIVATE_KEY_FILE \(.*missing.pem\) cannot be read"):
        lindra_settings.oidc_client_private_key(str(tmp_path / "missing.pem"))
    (tmp_path / "public.pem").write_bytes(
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(ImproperlyConfigured, match="is not an unencrypted PEM private key"):
        lindra_settings.oidc_client_private_key(str(tmp_path / "public.pem"))
    (tmp_path / "p384.pem").write_bytes(
        ec.generate_private_key(ec.SECP384R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(ImproperlyConfigured, match="Lindra signs with ES256, on P-256"):
        lindra_settings.oidc_client_private_key(str(tmp_path / "p384.pem"))


def test_an_issuer_needs_a_client_secret_or_a_client_key(tmp_path):
    (tmp_path / "key.pem").write_text(private_key_pem("ec"))

    def start(**variables) -> subprocess.CompletedProcess:
        env = {**os.environ, "OIDC_ISSUER": "https://helseid-sts.nhn.no", "OIDC_CLIENT_ID": "lindra", **variables}
        return subprocess.run(
            [sys.executable, "-c", "import lindra.settings"], cwd=ROOT, env=env, capture_output=True, text=True
        )

    assert start(OIDC_CLIENT_SECRET="", OIDC_CLIENT_PRIVATE_KEY_FILE=str(tmp_path / "key.pem")).returncode == 0
    refused = start(OIDC_CLIENT_SECRET="", OIDC_CLIENT_PRIVATE_KEY_FILE="")
    assert "set OIDC_CLIENT_ID too, and OIDC_CLIENT_SECRET or OIDC_CLIENT_PRIVATE_KEY_FILE" in refused.stderr
