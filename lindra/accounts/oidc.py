"""Sign-in through OpenID Connect (HelseID, Microsoft Entra ID, ID-porten), on top of
mozilla-django-oidc: its views keep state, nonce and PKCE in the session, its backend fetches
the tokens and the userinfo. What it leaves out is done here: the ID token's issuer, audience,
authorised party, expiry and nonce are checked, the person is found by e-mail in the
registry, and with a client key Lindra proves itself to the token endpoint by a signed JWT
(private_key_jwt) instead of the secret. Off while settings.OIDC_ISSUER is empty."""

import hmac
import secrets
import time

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from lindra.accounts import services
from lindra.accounts.models import User

# Asymmetric signatures only: an HMAC key would be the client secret, and "none" is no signature.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
LEEWAY_SECONDS = 60
# A sign-in started longer ago than this is not finished: start again.
STATE_SECONDS = 15 * 60
DISCOVERY_SECONDS = 60 * 60
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_SECONDS = 60

_discovery: dict[str, tuple[float, dict]] = {}
_jwks: dict[str, dict] = {}


class Refused(Exception):
    """A sign-in that is not let in; `reason` is a short code for the audit log."""

    def __init__(self, reason: str, *, email: str = "", detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.email = email
        self.detail = detail


def is_configured() -> bool:
    return bool(settings.OIDC_ISSUER)


def callback_url() -> str:
    # The address registered at the provider; built from SITE_URL, not from the request's host.
    return settings.SITE_URL + reverse("accounts:oidc_callback")


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise Refused("provider_unreachable") from error


def discovery() -> dict:
    """The provider's configuration, fetched when first needed and kept for an hour."""
    issuer = settings.OIDC_ISSUER
    cached = _discovery.get(issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    document = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/") or "jwks_uri" not in document:
        raise Refused("discovery")
    _discovery[issuer] = (time.monotonic() + DISCOVERY_SECONDS, document)
    return document


def _signing_key(token: str, alg: str) -> jwt.PyJWK:
    """The provider's key the token names; the key set is fetched again once when the key is
    not known (the provider has rotated its keys)."""
    kid = jwt.get_unverified_header(token).get("kid")
    uri = discovery()["jwks_uri"]
    for fresh in (False, True):
        if fresh or uri not in _jwks:
            _jwks[uri] = _get_json(uri)
        for key in _jwks[uri].get("keys", []):
            if key.get("use", "sig") != "sig" or (kid and key.get("kid") != kid) or key.get("alg", alg) != alg:
                continue
            try:
                return jwt.PyJWK(key, algorithm=alg)
            except jwt.PyJWTError:
                continue
    raise Refused("signature")


def library_setting(name: str, *default):
    """mozilla-django-oidc's settings, from Lindra's and from the provider's discovery."""
    values = {
        "OIDC_RP_CLIENT_ID": lambda: settings.OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": lambda: settings.OIDC_CLIENT_SECRET,
        "OIDC_RP_SCOPES": lambda: settings.OIDC_SCOPES,
        "OIDC_RP_SIGN_ALGO": lambda: "RS256",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": lambda: discovery()["authorization_endpoint"],
        "OIDC_OP_TOKEN_ENDPOINT": lambda: discovery()["token_endpoint"],
        "OIDC_OP_USER_ENDPOINT": lambda: discovery().get("userinfo_endpoint"),
        "OIDC_OP_JWKS_ENDPOINT": lambda: discovery()["jwks_uri"],
        "OIDC_AUTHENTICATION_CALLBACK_URL": lambda: "accounts:oidc_callback",
        "OIDC_USE_NONCE": lambda: True,
        "OIDC_USE_PKCE": lambda: True,
        "OIDC_TIMEOUT": lambda: settings.OIDC_TIMEOUT_SECONDS,
        "OIDC_TOKEN_USE_BASIC_AUTH": lambda: (
            not settings.OIDC_CLIENT_PRIVATE_KEY
            and "client_secret_basic"
            in discovery().get("token_endpoint_auth_methods_supported", ["client_secret_basic"])
        ),
    }
    if name in values:
        return values[name]()
    return default[0] if default else None


def client_assertion(token_endpoint: str) -> str:
    """The JWT by which Lindra proves itself to the token endpoint (RFC 7523, OpenID Connect
    Core 9: private_key_jwt), signed with the key in OIDC_CLIENT_PRIVATE_KEY_FILE; usable once
    (its jti) and for a minute."""
    key = serialization.load_pem_private_key(settings.OIDC_CLIENT_PRIVATE_KEY.encode(), password=None)
    now = int(time.time())
    claims = {
        "iss": settings.OIDC_CLIENT_ID,
        "sub": settings.OIDC_CLIENT_ID,
        "aud": token_endpoint,
        "jti": secrets.token_urlsafe(24),
        "iat": now,
        "exp": now + ASSERTION_SECONDS,
    }
    algorithm = "RS256" if isinstance(key, rsa.RSAPrivateKey) else "ES256"  # the settings allow no other
    headers = {"kid": settings.OIDC_CLIENT_KEY_ID} if settings.OIDC_CLIENT_KEY_ID else None
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers)


class StartView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(library_setting)

    def get_extra_params(self, request):
        return {"redirect_uri": callback_url()}


class Backend(OIDCAuthenticationBackend):
    """Not among AUTHENTICATION_BACKENDS: only the callback view uses it."""

    get_settings = staticmethod(library_setting)

    def get_token(self, payload):
        payload["redirect_uri"] = callback_url()
        if settings.OIDC_CLIENT_PRIVATE_KEY:  # the assertion in place of the secret; no basic auth then
            del payload["client_secret"]
            payload["client_assertion_type"] = ASSERTION_TYPE
            payload["client_assertion"] = client_assertion(self.OIDC_OP_TOKEN_ENDPOINT)
        try:
            return super().get_token(payload)
        except requests.RequestException as error:
            raise Refused("token_request") from error

    def verify_token(self, token, **kwargs):
        id_token = "nonce" in kwargs  # the library also sends a userinfo answer signed as a JWT here
        if not token:
            raise Refused("no_id_token")
        try:
            alg = jwt.get_unverified_header(token).get("alg")
        except jwt.PyJWTError as error:
            raise Refused("invalid_token") from error
        if alg not in ALGORITHMS:
            raise Refused("algorithm")
        try:
            claims = jwt.decode(
                token,
                _signing_key(token, alg),
                algorithms=[alg],
                audience=settings.OIDC_CLIENT_ID,
                issuer=discovery()["issuer"],
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "sub", "exp", "iat"] if id_token else ["iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise Refused("expired") from error
        except jwt.InvalidAudienceError as error:
            raise Refused("audience") from error
        except jwt.InvalidIssuerError as error:
            raise Refused("issuer") from error
        except jwt.PyJWTError as error:
            raise Refused("invalid_token") from error
        if "azp" in claims and claims["azp"] != settings.OIDC_CLIENT_ID:
            raise Refused("audience")
        if id_token and not hmac.compare_digest(str(claims.get("nonce", "")), str(kwargs["nonce"] or "")):
            raise Refused("nonce")
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            try:
                userinfo = self.get_userinfo(access_token, id_token, payload)
            except (requests.RequestException, ValueError) as error:
                raise Refused("userinfo") from error
            if userinfo.get("sub") != payload["sub"]:
                raise Refused("userinfo")
            claims.update(userinfo)
        email = services.normalise_email(str(claims.get(settings.OIDC_EMAIL_CLAIM) or ""))
        if not email:
            raise Refused("no_email")
        verified = claims.get("email_verified", True)
        if settings.OIDC_EMAIL_CLAIM == "email" and verified not in (True, "true"):
            raise Refused("email_not_verified", email=email)
        user = services.account_for_email(email)
        if user is None:
            inactive = User.objects.filter(email=email, is_active=False).exists()
            raise Refused("inactive" if inactive else "not_registered", email=email)
        return user


def authenticate(request) -> User:
    """The user the provider's answer (the callback's query) signs in, or Refused."""
    states = request.session.get("oidc_states")
    states = states if isinstance(states, dict) else {}
    state = request.GET.get("state", "")
    started = states.pop(state, None)  # used once, also when the answer is an error
    request.session["oidc_states"] = states
    if request.GET.get("error"):
        raise Refused("provider_error", detail=request.GET["error"][:64])
    if started is None or not request.GET.get("code"):
        raise Refused("state")
    if time.time() - started.get("added_on", 0) > STATE_SECONDS:
        raise Refused("state")
    try:
        user = Backend().authenticate(request, nonce=started["nonce"], code_verifier=started["code_verifier"])
    except SuspiciousOperation as error:
        raise Refused("invalid_token") from error
    if user is None:
        raise Refused("invalid_token")
    return user
