"""Pure rules of signing in."""

import datetime as dt
from collections.abc import Sequence
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


def wait_before_next_try(failures: Sequence[dt.datetime], *, limit: int, window: dt.timedelta, now: dt.datetime):
    """How long to wait before another try is taken, given the times of earlier failures:
    nothing while fewer than `limit` fell within the window before now; otherwise until the
    limit-th latest of them leaves the window."""
    recent = sorted((at for at in failures if now - window <= at <= now), reverse=True)
    if len(recent) < limit:
        return dt.timedelta(0)
    return max(recent[limit - 1] + window - now, dt.timedelta(0))


def minutes_to_wait(wait: dt.timedelta) -> int:
    """A wait in whole minutes, rounded up, as the message to the user says it."""
    return max(1, -(-int(wait.total_seconds()) // 60))
