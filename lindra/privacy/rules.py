"""Pure rules of erasure and retention (GDPR art. 5 and 17): plain dates in, answers out.

A person may be erased, and is anonymised by retention, only as an *ended member*: someone
who was a member, and has no membership, term or registration that is current or still to
come, and leads no current member. Retention counts from the end date of each membership
and term, by the years of its own network's policy, so a stopped job catches up: what is
due is judged by the dates, not by the day the job happens to run.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A membership or a term: its dates (inclusive, open when ends_on is empty) and the
    retention period, in years, of its network's policy."""

    starts_on: dt.date
    ends_on: dt.date | None
    retention_years: int = 5


# Why a person is not an ended member, in the order the secretariat should deal with them.
NO_MEMBERSHIP = "no_membership"
CURRENT_MEMBERSHIP = "current_membership"
CURRENT_TERM = "current_term"
UPCOMING_REGISTRATION = "upcoming_registration"
LEADS_CURRENT_MEMBERS = "leads_current_members"
ALREADY_ANONYMISED = "already_anonymised"


def is_current_or_coming(span: Span, today: dt.date) -> bool:
    """Whether the span holds today or starts later: anything but ended."""
    return span.ends_on is None or span.ends_on >= today


def why_not_ended(
    memberships: Iterable[Span],
    terms: Iterable[Span],
    upcoming_meetings: Iterable[dt.date],
    leads_current_members: bool,
    today: dt.date,
) -> str | None:
    """None for an ended member, else the first reason (a code above) why not."""
    memberships, terms = list(memberships), list(terms)
    if not memberships:
        return NO_MEMBERSHIP
    if any(is_current_or_coming(span, today) for span in memberships):
        return CURRENT_MEMBERSHIP
    if any(is_current_or_coming(span, today) for span in terms):
        return CURRENT_TERM
    if any(day >= today for day in upcoming_meetings):
        return UPCOMING_REGISTRATION
    if leads_current_members:
        return LEADS_CURRENT_MEMBERS
    return None


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def kept_until(spans: Iterable[Span]) -> dt.date | None:
    """The last day the personal data is kept: the latest end date plus its network's
    retention years, over every span. None while any span is open."""
    days = []
    for span in spans:
        if span.ends_on is None:
            return None
        days.append(add_years(span.ends_on, span.retention_years))
    return max(days, default=None)


def due_for_anonymising(
    memberships: Iterable[Span],
    terms: Iterable[Span],
    upcoming_meetings: Iterable[dt.date],
    leads_current_members: bool,
    today: dt.date,
) -> bool:
    """Whether retention anonymises the person today: an ended member whose every membership
    and term ended longer ago than its network's retention period."""
    memberships, terms = list(memberships), list(terms)
    if why_not_ended(memberships, terms, upcoming_meetings, leads_current_members, today) is not None:
        return False
    last_day = kept_until([*memberships, *terms])
    return last_day is not None and last_day < today
