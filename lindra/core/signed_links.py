"""Signed links in e-mails: a few ids in a token that cannot be altered, for a person to act
without signing in. Each kind of link has its own salt, so that one kind cannot be used as
another; what a valid token may still do is for its app to decide."""

from django.core import signing


def sign(data: dict, *, salt: str) -> str:
    return signing.dumps(data, salt=salt, compress=True)


def unsign(token: str, *, salt: str) -> dict | None:
    """What the token says, or None when it is forged, damaged or not one of ours."""
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None
