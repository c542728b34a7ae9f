"""The annual cycle's rules: pure functions of plain values, one section per part."""

# --- Annual report ----------------------------------------------------------------------------

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

Period = tuple[dt.date, dt.date | None]  # inclusive; open-ended when the end is None


def episodes(periods: Iterable[Period]) -> list[Period]:
    """A person's memberships of a network as unbroken stretches: periods that overlap or
    follow day after day (one ends on the 31st, the next starts on the 1st) are one stretch."""
    merged: list[Period] = []
    for start, end in sorted(periods, key=lambda p: p[0]):
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end + dt.timedelta(days=1):
                merged[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
                continue
        merged.append((start, end))
    return merged


@dataclass(frozen=True)
class MemberFlow:
    """Members across a year: those carried in from the year before, those who became members
    in it, those whose last day fell in it, and those carried on into the next year.
    carried_in + new - ended == carried_out, and one year's carried_out is the next one's
    carried_in."""

    carried_in: int
    new: int
    ended: int
    carried_out: int


def member_flow(people: Iterable[Iterable[Period]], year: int) -> MemberFlow:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    carried_in = new = ended = carried_out = 0
    for periods in people:
        for start, end in episodes(periods):
            if start > last or (end is not None and end < first):
                continue
            if start < first:
                carried_in += 1
            else:
                new += 1
            if end is not None and end <= last:
                ended += 1
            else:
                carried_out += 1
    return MemberFlow(carried_in, new, ended, carried_out)


def percent(part: int, whole: int) -> int | None:
    """A whole percent, or None when there is nothing to take it of."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class GroupFact:
    """What the registry knows of a local group's life: the first day anyone was placed in it,
    when it was closed, and whether it was merged into another."""

    name: str
    first_placed_on: dt.date | None
    closed_on: dt.date | None
    merged_into: str | None


@dataclass(frozen=True)
class GroupChanges:
    opened: tuple[str, ...]
    merged: tuple[tuple[str, str], ...]  # (the group, the group it was merged into)
    closed: tuple[str, ...]


def group_changes(groups: Iterable[GroupFact], year: int) -> GroupChanges:
    """The groups opened in the year (their first member placed in it), merged into another,
    and closed without a merger."""
    groups = sorted(groups, key=lambda g: g.name.casefold())
    return GroupChanges(
        opened=tuple(g.name for g in groups if g.first_placed_on and g.first_placed_on.year == year),
        merged=tuple(
            (g.name, g.merged_into) for g in groups if g.closed_on and g.closed_on.year == year and g.merged_into
        ),
        closed=tuple(g.name for g in groups if g.closed_on and g.closed_on.year == year and not g.merged_into),
    )


@dataclass(frozen=True)
class DeviationFact:
    reported_on: dt.date
    escalated_on: dt.date | None
    closed_on: dt.date | None
    closed_locally: bool


def deviation_counts(deviations: Iterable[DeviationFact], year: int) -> dict[str, int]:
    """Deviations reported in the year, and the steps taken in it: closed by the group leader,
    escalated to the operations group, closed at all."""
    counts = {"reported": 0, "closed_locally": 0, "escalated": 0, "closed": 0}
    for d in deviations:
        counts["reported"] += d.reported_on.year == year
        counts["escalated"] += d.escalated_on is not None and d.escalated_on.year == year
        if d.closed_on is not None and d.closed_on.year == year:
            counts["closed"] += 1
            counts["closed_locally"] += d.closed_locally
    return counts


def reference_day(year: int, today: dt.date) -> dt.date:
    """The day a year's head counts are taken: its last day, or today while it runs."""
    return min(dt.date(year, 12, 31), today)


def text_is_stale(based_on: int, latest: int) -> bool:
    """Whether a narrative section was saved by someone else since the form was opened."""
    return based_on != latest
