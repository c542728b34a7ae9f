"""The OpenID provider of the tests (tests/oidc_provider), started once per run in a
subprocess on a free port, and a small HTTP client that goes through its forms as a browser
would. Lindra runs under pytest-django's live_server."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from lindra.accounts import oidc
from tests import oidc_provider as provider

ROOT = Path(__file__).resolve().parent.parent
CALLBACK_PATH = "/konto/oidc/svar/"


@dataclass
class Provider:
    url: str
    data: Path
    # PEM private keys whose public halves the provider has for its client lindra-key.
    client_keys: dict[str, str]

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"

    def token_requests(self) -> list[dict]:
        """The requests to the token endpoint so far: their fields, whether they had basic
        auth, the answer's status and, when the provider refused an assertion, why."""
        path = self.data / provider.TOKEN_REQUESTS_FILE
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def private_key_pem(kind: str) -> str:
    """A new RSA or EC (P-256) private key, as Lindra reads it from OIDC_CLIENT_PRIVATE_KEY_FILE."""
    key = rsa.generate_private_key(65537, 2048) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _public_key_file(private_pem: str, path: Path) -> str:
    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    path.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return str(path)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    client_keys = {kind: private_key_pem(kind) for kind in ("rsa", "ec")}
    with tempfile.TemporaryDirectory() as data:
        log = open(Path(data) / "provider.log", "w+")  # noqa: SIM115 - read back on failure
        env = {**os.environ, "OIDC_PROVIDER_DIR": data, "OIDC_PROVIDER_URL": url, "PYTHONPATH": str(ROOT)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        public_keys = [_public_key_file(pem, Path(data) / f"{kind}.pem") for kind, pem in client_keys.items()]
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider", str(port), live_server.url + CALLBACK_PATH, *public_keys],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if requests.get(f"{url}/openid/.well-known/openid-configuration", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"The test OpenID provider did not start:\n{log.read()}")
                time.sleep(0.1)
            yield Provider(url, Path(data), client_keys)
        finally:
            process.terminate()
            process.wait(timeout=10)
            log.close()


@pytest.fixture
def oidc_settings(settings, oidc_provider, live_server):
    """Lindra configured for the test provider, as .env would configure it."""
    settings.SITE_URL = live_server.url
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = provider.CLIENT_ID
    settings.OIDC_CLIENT_SECRET = provider.CLIENT_SECRET
    settings.OIDC_SCOPES = "openid email profile"
    settings.OIDC_EMAIL_CLAIM = "email"
    settings.OIDC_PROVIDER_NAME = "HelseID"
    settings.OIDC_CLIENT_PRIVATE_KEY = ""
    settings.OIDC_CLIENT_KEY_ID = ""
    oidc._discovery.clear()
    oidc._jwks.clear()
    return settings


@pytest.fixture
def oidc_key_settings(oidc_settings, oidc_provider):
    """Lindra as the client lindra-key, with a private key and no secret (as for HelseID)."""
    oidc_settings.OIDC_CLIENT_ID = provider.KEY_CLIENT_ID
    oidc_settings.OIDC_CLIENT_SECRET = ""
    oidc_settings.OIDC_CLIENT_PRIVATE_KEY = oidc_provider.client_keys["ec"]
    return oidc_settings


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}, "buttons": {}})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            kind = attrs.get("type", "submit" if tag == "button" else "text")
            target = self.forms[-1]["buttons" if kind == "submit" else "fields"]
            target[attrs["name"]] = attrs.get("value") or ""


def submit(session: requests.Session, page: requests.Response, fields: dict | None = None, button: str = ""):
    """Posts the page's only form with its hidden fields, the given values and the named
    submit button; redirects are not followed."""
    parser = _Forms()
    parser.feed(page.text)
    [form] = parser.forms
    data = {**form["fields"], **(fields or {})}
    if button:
        data[button] = form["buttons"][button]
    return session.post(urljoin(page.url, form["action"]), data=data, allow_redirects=False)


def follow(session: requests.Session, response: requests.Response, *, until: str = "") -> requests.Response:
    """Follows redirects, stopping before an address that starts with `until`."""
    while response.is_redirect:
        location = urljoin(response.url, response.headers["Location"])
        if until and location.startswith(until):
            response.stop_at = location
            return response
        response = session.get(location, allow_redirects=False)
    return response


def sign_in_at_provider(session: requests.Session, start_url: str, username: str, *, until: str = ""):
    """From Lindra's start address through the provider's login form and consent page. Returns
    the last response: Lindra's page after the callback, or the redirect before `until`."""
    page = follow(session, session.get(start_url, allow_redirects=False))
    assert "Test provider" in page.text, page.text[:500]
    page = follow(session, submit(session, page, {"username": username, "password": provider.PASSWORD}), until=until)
    if page.status_code == 200 and 'name="allow"' in page.text:  # consent, the first time for this user
        page = follow(session, submit(session, page, button="allow"), until=until)
    return page
