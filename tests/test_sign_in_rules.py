"""The pure rules of signing in (lindra/accounts/rules.py): how long a session lives, and how
long one waits after wrong codes. How many wrong passwords block is in test_sign_in.py."""

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from lindra.accounts.rules import minutes_to_wait, session_outlived, wait_before_next_try

# The session's lifetime ---------------------------------------------------------------------


@given(
    minutes=st.integers(min_value=0, max_value=60 * 48),
    hours=st.integers(min_value=1, max_value=24),
)
@example(minutes=60, hours=1)
def test_a_session_outlives_its_limit_exactly_when_older_than_it(minutes, hours):
    start = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    outlived = session_outlived(
        signed_in_at=start, now=start + dt.timedelta(minutes=minutes), max_age=dt.timedelta(hours=hours)
    )
    assert outlived == (minutes > hours * 60)


# The rule of waiting after wrong codes ------------------------------------------------------

NOW = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
WINDOW = dt.timedelta(minutes=15)
moments = st.lists(st.integers(min_value=0, max_value=30 * 60).map(lambda s: NOW - dt.timedelta(seconds=s)))


@given(failures=moments, limit=st.integers(min_value=1, max_value=8))
def test_there_is_a_wait_exactly_when_the_limit_is_reached_within_the_window(failures, limit):
    wait = wait_before_next_try(failures, limit=limit, window=WINDOW, now=NOW)
    within = [at for at in failures if at >= NOW - WINDOW]
    strictly_within = [at for at in failures if at > NOW - WINDOW]
    if wait > dt.timedelta(0):
        assert len(within) >= limit
    if len(strictly_within) >= limit:
        assert wait > dt.timedelta(0)
    assert dt.timedelta(0) <= wait <= WINDOW


@given(failures=moments, limit=st.integers(min_value=1, max_value=8))
def test_after_the_wait_another_try_is_taken(failures, limit):
    wait = wait_before_next_try(failures, limit=limit, window=WINDOW, now=NOW)
    later = NOW + wait + dt.timedelta(microseconds=1)
    assert wait_before_next_try(failures, limit=limit, window=WINDOW, now=later) == dt.timedelta(0)


def test_the_wait_is_told_in_whole_minutes_rounded_up():
    assert minutes_to_wait(dt.timedelta(minutes=15)) == 15
    assert minutes_to_wait(dt.timedelta(minutes=9, seconds=1)) == 10
    assert minutes_to_wait(dt.timedelta(seconds=1)) == 1
