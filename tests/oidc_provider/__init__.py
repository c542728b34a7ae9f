"""A real OpenID provider for the tests of sign-in through OpenID Connect: a tiny Django
project around django-oidc-provider, with its own users and clients, run in a subprocess
(`python -m tests.oidc_provider`). tests/oidc.py starts it."""

# Everyone at the provider shares this password.
PASSWORD = "leverandor-passord-2026"
# The provider's users: (username, e-mail, whether the provider has verified the address).
USERS = [
    ("mona", "medlem@lindra.example", True),
    ("siri", "sekretariat@lindra.example", True),
    ("ukjent", "ukjent@lindra.example", True),
    ("uverifisert", "uverifisert@lindra.example", False),
]
CLIENT_ID = "lindra"
CLIENT_SECRET = "lindra-klienthemmelighet"
OTHER_CLIENT_ID = "other-app"
OTHER_CLIENT_SECRET = "other-app-secret"
OTHER_REDIRECT_URI = "http://127.0.0.1:9/other-app/callback"
# The client that proves itself with a signed JWT (private_key_jwt) instead of its secret: the
# public keys the tests give the provider on its command line are this client's.
KEY_CLIENT_ID = "lindra-key"
# Every request to the token endpoint, as the provider saw it: one JSON object a line.
TOKEN_REQUESTS_FILE = "token_requests.jsonl"
