"""Pure rules of people over time: plain values in, plain values out, no database."""

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum

from lindra.registry.rules import is_current, norwegian, term_end

# --- Terms: the fair suggestion of the next group leader, and the notice before a term ends ---
#
# Seed 000: "Rollen som leder i lokal nettverksgruppe går på rundgang mellom medlemmene av
# gruppen. Leder velges for to år om gangen." The suggestion is judged on the day the new term
# starts: who is a member then, who is on leave then, who has led the group before it.

Period = tuple[dt.date, dt.date | None]  # inclusive; open-ended when the end is None


@dataclass(frozen=True)
class MemberHistory:
    """One person's history in a group, as the suggestion weighs it."""

    person_id: int
    name: str  # "Given Family", for ties
    memberships: tuple[Period, ...]  # in this group
    leaves: tuple[Period, ...]
    led: tuple[Period, ...]  # group-leader terms in this group


@dataclass(frozen=True)
class Ranked:
    """A member on the day the new term starts, with what the suggestion weighed."""

    person_id: int
    name: str
    times_led: int  # group-leader terms in the group before the new term starts
    last_led_until: dt.date | None  # the last day of the latest of them; None: never led
    member_since: dt.date  # the start of the membership that holds on the day
    on_leave: bool
    outgoing: bool  # the leader whose term ends as the new one starts
    suggested: bool  # among those the suggestion puts forward


def _fairness(times_led: int, last_led_until: dt.date | None) -> tuple[int, dt.date]:
    """Least led first; among equals, never led first, then the longest ago."""
    return times_led, last_led_until or dt.date.min


def _past_terms(led: tuple[Period, ...], starts_on: dt.date) -> list[dt.date]:
    """The last day of each term that began before the new term, cut at the day before it."""
    before = starts_on - dt.timedelta(days=1)
    return [min(end or before, before) for start, end in led if start < starts_on]


def leader_ranking(
    histories: list[MemberHistory], *, starts_on: dt.date, outgoing_person_id: int | None
) -> list[Ranked]:
    """Every member of the group on starts_on, the suggestion first in its fair order: those
    who have led least, then longest ago (never first), then the longest membership, then by
    name. Left out of the suggestion, and listed after it: those on leave that day, and the
    outgoing leader unless nobody else can be suggested."""
    rows = []
    for history in histories:
        current = [start for start, end in history.memberships if is_current(start, end, starts_on)]
        if not current:
            continue
        ends = _past_terms(history.led, starts_on)
        rows.append(
            Ranked(
                person_id=history.person_id,
                name=history.name,
                times_led=len(ends),
                last_led_until=max(ends, default=None),
                member_since=max(current),
                on_leave=any(is_current(start, end, starts_on) for start, end in history.leaves),
                outgoing=history.person_id == outgoing_person_id,
                suggested=False,
            )
        )
    available = [r for r in rows if not r.on_leave]
    others = [r for r in available if not r.outgoing]
    suggested = {r.person_id for r in (others or available)}
    rows = [replace(r, suggested=r.person_id in suggested) for r in rows]
    return sorted(
        rows,
        key=lambda r: (
            not r.suggested,
            _fairness(r.times_led, r.last_led_until),
            r.member_since,
            norwegian(r.name),
            r.person_id,
        ),
    )


def suggestion(ranking: list[Ranked], count: int = 3) -> list[Ranked]:
    """The first of those suggested, in order."""
    return [r for r in ranking if r.suggested][:count]


class ChoiceWarning(StrEnum):
    ON_LEAVE = "on_leave"  # on leave the day the term starts
    LED_MORE = "led_more"  # has led more often, or more recently, than others who could lead


def choice_warnings(ranking: list[Ranked], person_id: int) -> list[ChoiceWarning]:
    """What to confirm before the person is recorded as chosen; they are in the ranking."""
    chosen = next(r for r in ranking if r.person_id == person_id)
    warnings = []
    if chosen.on_leave:
        warnings.append(ChoiceWarning.ON_LEAVE)
    if fairer_than(ranking, person_id):
        warnings.append(ChoiceWarning.LED_MORE)
    return warnings


def fairer_than(ranking: list[Ranked], person_id: int) -> list[Ranked]:
    """Those suggested who have led less often, or longer ago, than the person."""
    chosen = next(r for r in ranking if r.person_id == person_id)
    mark = _fairness(chosen.times_led, chosen.last_led_until)
    return [
        r
        for r in ranking
        if r.suggested and r.person_id != person_id and _fairness(r.times_led, r.last_led_until) < mark
    ]


def leader_notice_from(ends_on: dt.date, notice_days: int) -> dt.date:
    """The first day the group is told that a new leader must be chosen."""
    return ends_on - dt.timedelta(days=notice_days)


def leader_notice_due(ends_on: dt.date | None, notice_days: int, today: dt.date, *, has_successor: bool) -> bool:
    """Whether a leader's term is within its notice period today: it has an end, the period
    has begun (however late the job runs), the term has not ended, and nobody has been
    chosen to follow it."""
    if ends_on is None or has_successor:
        return False
    return leader_notice_from(ends_on, notice_days) <= today <= ends_on


def successor_starts_on(starts_on: dt.date, ends_on: dt.date | None, years: int, today: dt.date) -> dt.date:
    """When the next leader takes over: the day after the term ends; for a term recorded
    without an end, the day after its two years (seed 000), or tomorrow if those are past."""
    if ends_on is not None:
        return ends_on + dt.timedelta(days=1)
    return max(term_end(starts_on, years), today) + dt.timedelta(days=1)
