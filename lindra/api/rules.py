"""The API's rules as plain functions: what a token looks like, how its secret is kept and
checked, and the limit on calls per minute."""

import hashlib
import hmac

PREFIX = "lindra"
KEY_LENGTH = 16  # hex characters of the token's public key, by which it is found and named


def token_text(key: str, secret: str) -> str:
    """The token as the other system sends it: `lindra_<key>_<secret>`."""
    return f"{PREFIX}_{key}_{secret}"


def parse_token(text: str) -> tuple[str, str] | None:
    """The key and the secret of a token as sent, or None when it is no Lindra token."""
    head, _, rest = text.partition("_")
    key, _, secret = rest.partition("_")
    if head != PREFIX or len(key) != KEY_LENGTH or not all(c in "0123456789abcdef" for c in key) or not secret:
        return None
    return key, secret


def digest(secret: str) -> str:
    """What Lindra keeps of a secret: its SHA-256, never the secret itself."""
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, kept_digest: str) -> bool:
    """Whether the secret sent is the one whose digest is kept, compared in constant time."""
    return hmac.compare_digest(digest(secret), kept_digest)


def minute_window(timestamp: float) -> tuple[int, int]:
    """The minute a call falls in (a number to count calls by) and the seconds left of it."""
    window = int(timestamp // 60)
    return window, max(1, int((window + 1) * 60 - timestamp))


def within_limit(calls_this_minute: int, limit: int) -> bool:
    """Whether this call, the `calls_this_minute`th of its minute, is still allowed."""
    return calls_this_minute <= limit
