"""Signed links in e-mails: a few ids in a token that cannot be altered, for a person to act
without signing in. Each kind of link has its own salt, so that one kind cannot be used as
another; what a valid token may still do is for its app to decide."""

from django.core import signing

from lindra.core.forms import as_id


def sign(data: dict, *, salt: str) -> str:
    return signing.dumps(data, salt=salt, compress=True)


def unsign(token: str, *, salt: str) -> dict | None:
    """What the token says, or None when it is forged, damaged or not one of ours."""
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def sign_id(pk: int, *, salt: str) -> str:
    """A short token for one id, for a link kept for long (a calendar or news feed)."""
    return signing.Signer(salt=salt).sign(str(pk))


def unsign_id(token: str, *, salt: str) -> int | None:
    """The id in the token, or None when it is forged or damaged."""
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    return as_id(value)
