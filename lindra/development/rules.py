"""Pure rules of people over time: plain values in, plain values out, no database."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from lindra.registry.rules import Period, Policy, Status, status_on

# --- Courses: who is due an intro course, and when the network is told (seed 003) -----------------


@dataclass(frozen=True)
class CourseCandidate:
    """One membership of a person in a network, with what decides whether they wait for the
    intro course on a day."""

    person: int
    starts_on: dt.date
    ends_on: dt.date | None
    leaves: tuple[Period, ...]
    completed_on: dt.date | None  # the intro course, as the registry records it


def due_for_intro_course(candidates: Iterable[CourseCandidate], day: dt.date) -> frozenset[int]:
    """The people due an intro course on a day: active members that day (started, not ended,
    not on leave) who had not taken the course by then. Those on leave are not counted: the
    course is planned for those who can come, as its invitation leaves them out (they count
    again the day the leave ends); and the issue's "aktive medlemmer" are, in the registry's
    words, those neither on leave nor ended. A course taken in any membership in the network
    counts."""
    candidates = list(candidates)
    taken = {c.person for c in candidates if c.completed_on is not None and c.completed_on <= day}
    return frozenset(
        c.person
        for c in candidates
        if c.person not in taken and status_on(c.starts_on, c.ends_on, list(c.leaves), day) == Status.ACTIVE
    )


def passes_intro_course_threshold(waiting: int, policy: Policy) -> bool:
    """Seed 003: a course "ved over 10 nye sykepleiere": more than the policy's number."""
    return waiting > policy.intro_course_waiting_threshold


def intro_course_notice_due(
    *,
    passes: bool,
    course_planned: bool,
    last_notice_at: dt.datetime | None,
    last_course_starts_at: dt.datetime | None,
) -> bool:
    """Whether to tell the committee and the secretariat now: the number passes the policy,
    no course is planned, and they have not been told since the last course (a course planned
    or held after the last notice starts after it)."""
    if not passes or course_planned:
        return False
    if last_notice_at is None:
        return True
    return last_course_starts_at is not None and last_course_starts_at > last_notice_at


def course_holder_kind(kinds: Iterable[str]) -> str | None:
    """Which of a network's committees holds its intro courses: the operations group where
    there is one (seed 000: "Driftsgruppene bør arrangere ... introduksjonskurs"), else the
    working group (003: "Arbeidsgruppen forplikter seg til: ... Tilby introduksjonskurs")."""
    kinds = set(kinds)
    for kind in ("driftsgruppe", "arbeidsgruppe"):
        if kind in kinds:
            return kind
    return None
