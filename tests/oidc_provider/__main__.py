"""python -m tests.oidc_provider PORT REDIRECT_URI [PUBLIC_KEY_PEM ...]: sets up the
provider's database (users, a signing key, the clients lindra, lindra-key and other-app; the
PEM files are lindra-key's public keys) and serves it on 127.0.0.1:PORT."""

import io
import os
import secrets
import sys
from pathlib import Path

import django
from django.core.management import call_command


def main(port: str, redirect_uri: str, *public_keys: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    django.setup()
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    from django.contrib.auth.models import User
    from oidc_provider.models import Client, ResponseType

    from tests import oidc_provider as provider
    from tests.oidc_provider import client_assertions

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=io.StringIO())
    for username, email, _verified in provider.USERS:
        User.objects.create_user(username, email=email, password=provider.PASSWORD)
    code, _ = ResponseType.objects.get_or_create(value="code", defaults={"description": "code"})
    for client_id, secret, uri in [
        (provider.CLIENT_ID, provider.CLIENT_SECRET, redirect_uri),
        # Its secret is known only here: the token endpoint's wrapper adds it.
        (provider.KEY_CLIENT_ID, secrets.token_urlsafe(24), redirect_uri),
        (provider.OTHER_CLIENT_ID, provider.OTHER_CLIENT_SECRET, provider.OTHER_REDIRECT_URI),
    ]:
        client = Client.objects.create(
            name=client_id, client_type="confidential", client_id=client_id, client_secret=secret, jwt_alg="RS256"
        )
        client.redirect_uris = [uri]
        client.save()
        client.response_types.add(code)
    client_assertions.CLIENT_KEYS[provider.KEY_CLIENT_ID] = [
        load_pem_public_key(Path(pem).read_bytes()) for pem in public_keys
    ]
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
