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
