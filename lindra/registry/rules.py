"""Pure rules of the registry: plain values in, plain values out, no database."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """The numbers of a network's rules, with the seeds' values as defaults."""

    meetings_per_group_per_year: int = 3
    min_gathering_hours_per_year: int | None = None
    program_days_before: int = 60
    invitation_days_before: int = 14
    minutes_days_after: int = 14
    absences_before_follow_up: int = 2
    leader_term_years: int = 2
    intro_course_waiting_threshold: int = 10
    committee_meetings_per_year: int = 4


def is_current(starts_on: dt.date, ends_on: dt.date | None, on: dt.date) -> bool:
    """Whether a dated row (inclusive at both ends, open when ends_on is empty) holds on a day."""
    return starts_on <= on and (ends_on is None or on <= ends_on)
