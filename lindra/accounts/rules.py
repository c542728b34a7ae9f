"""Pure rules of signing in."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class SignInLimits:
    window: dt.timedelta
    per_account: int
    per_address: int


def is_blocked(*, failures_for_account: int, failures_for_address: int, limits: SignInLimits) -> bool:
    """Whether another password attempt is refused, given the failures within the window."""
    return failures_for_account >= limits.per_account or failures_for_address >= limits.per_address


def session_outlived(*, signed_in_at: dt.datetime, now: dt.datetime, max_age: dt.timedelta) -> bool:
    """Whether a session begun at signed_in_at has lived past its absolute lifetime by now."""
    return now - signed_in_at > max_age
