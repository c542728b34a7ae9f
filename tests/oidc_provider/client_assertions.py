"""private_key_jwt (RFC 7523, OpenID Connect Core 9), which django-oidc-provider lacks: in
front of its token endpoint, a request with a client_assertion is let through as that client
(with the client's secret added) once the assertion is verified with a public key registered
for the client; otherwise the answer is 401 invalid_client. Every request is written down in
OIDC_PROVIDER_DIR/token_requests.jsonl for the tests to read."""

import json
import threading

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from oidc_provider.models import Client
from oidc_provider.views import TokenView

from tests import oidc_provider as provider

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
KEY_TYPES = {"RS256": rsa.RSAPublicKey, "ES256": ec.EllipticCurvePublicKey}
# Public keys by client id; filled from the command line at start-up.
CLIENT_KEYS: dict[str, list] = {}

_seen_jti: set[str] = set()
_lock = threading.Lock()
_package_token = csrf_exempt(TokenView.as_view())


class Invalid(Exception):
    pass


def _verified_client(request) -> str:
    """The client id the request's assertion proves, or Invalid."""
    if request.POST.get("client_assertion_type") != ASSERTION_TYPE:
        raise Invalid("client_assertion_type")
    if "client_secret" in request.POST or "HTTP_AUTHORIZATION" in request.META:
        raise Invalid("more than one way of client authentication")
    assertion = request.POST["client_assertion"]
    try:
        alg = jwt.get_unverified_header(assertion).get("alg")
        client_id = jwt.decode(assertion, options={"verify_signature": False}).get("iss")
    except jwt.PyJWTError as error:
        raise Invalid("malformed") from error
    if alg not in KEY_TYPES or request.POST.get("client_id", client_id) != client_id:
        raise Invalid("alg or client_id")
    for key in CLIENT_KEYS.get(client_id, []):
        if not isinstance(key, KEY_TYPES[alg]):
            continue
        try:
            claims = jwt.decode(
                assertion,
                key,
                algorithms=[alg],
                audience=settings.SITE_URL + reverse("oidc_provider:token"),
                issuer=client_id,
                options={"require": ["iss", "sub", "aud", "exp", "jti"]},
            )
        except jwt.InvalidSignatureError:
            continue
        except jwt.PyJWTError as error:
            raise Invalid(str(error)) from error
        if claims["sub"] != client_id:
            raise Invalid("sub")
        with _lock:
            if claims["jti"] in _seen_jti:
                raise Invalid("jti replayed")
            _seen_jti.add(claims["jti"])
        return client_id
    raise Invalid("signature")


@csrf_exempt
def token(request):
    seen = {"fields": sorted(request.POST), "basic_auth": "HTTP_AUTHORIZATION" in request.META}
    if "client_assertion" in request.POST:
        try:
            client_id = _verified_client(request)
        except Invalid as error:
            seen["refused"] = str(error)
            response = JsonResponse({"error": "invalid_client"}, status=401)
        else:
            data = request.POST.copy()
            del data["client_assertion"], data["client_assertion_type"]
            data["client_id"] = client_id
            data["client_secret"] = Client.objects.get(client_id=client_id).client_secret
            request.POST = data
            response = _package_token(request)
    else:
        response = _package_token(request)
    seen["status"] = response.status_code
    with _lock, open(settings.DATA / provider.TOKEN_REQUESTS_FILE, "a") as log:
        log.write(json.dumps(seen) + "\n")
    return response
