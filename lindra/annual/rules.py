"""The annual cycle's rules: pure functions of plain values, one section per part."""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

# --- Deviations (avvik, seed 000) -------------------------------------------------------------
#
# Seed 000: the operations group "skal håndtere eventuelle avvik som blir meldt i forbindelse med
# driften av nettverket, og som ikke løses internt hos den aktuelle parten". A deviation is
# handled first by the leader of its local group, who closes it with the measure taken or sends
# it on to the operations group, which closes it. One without a group, or whose group has no
# leader, goes straight to the operations group.

# The days each handler has to answer, from the day the deviation reaches them.
GROUP_LEADER_DAYS = 14
OPERATIONS_GROUP_DAYS = 30

DEVIATION_REPORTED, DEVIATION_ESCALATED, DEVIATION_CLOSED = "reported", "escalated", "closed"
COMMENT, ESCALATE, CLOSE = "comment", "escalate", "close"


def first_status(*, has_group: bool, group_has_leader: bool) -> str:
    """Where a new deviation starts: with the group's leader, or else at the operations group."""
    return DEVIATION_REPORTED if has_group and group_has_leader else DEVIATION_ESCALATED


def allowed_actions(status: str, *, leads_group: bool, operates: bool, reported_it: bool = False) -> frozenset[str]:
    """What the user may do with a deviation now. `leads_group`: leads its local group;
    `operates`: sits in the operations group it was sent to, or is the network's secretariat
    (which acts as the operations group, and may take a deviation off a group leader's hands);
    `reported_it`: the reporter, who may add to it while it is open. A closed deviation is done:
    nothing more is recorded on it."""
    if status == DEVIATION_CLOSED:
        return frozenset()
    if status == DEVIATION_REPORTED and leads_group:
        return frozenset({COMMENT, ESCALATE, CLOSE})
    if status == DEVIATION_REPORTED and operates:
        return frozenset({COMMENT, ESCALATE})
    if status == DEVIATION_ESCALATED and operates:
        return frozenset({COMMENT, CLOSE})
    return frozenset({COMMENT}) if leads_group or reported_it else frozenset()


def status_after(status: str, action: str) -> str:
    """The status a step leaves the deviation in. A step not allowed in the status raises."""
    if status == DEVIATION_CLOSED or (action == ESCALATE and status != DEVIATION_REPORTED):
        raise ValueError(f"{action} is not possible on a deviation that is {status}")
    return {COMMENT: status, ESCALATE: DEVIATION_ESCALATED, CLOSE: DEVIATION_CLOSED}[action]


def due_on_for(status: str, since: dt.date) -> dt.date | None:
    """The handler's deadline once the deviation has reached them on `since`; none when closed."""
    if status == DEVIATION_REPORTED:
        return since + dt.timedelta(days=GROUP_LEADER_DAYS)
    if status == DEVIATION_ESCALATED:
        return since + dt.timedelta(days=OPERATIONS_GROUP_DAYS)
    return None


def reminder_due(status: str, due_on: dt.date | None, reminded_for: dt.date | None, today: dt.date) -> bool:
    """The handler is reminded once per deadline, from the day it is passed; a job that did not
    run then catches up; nothing for a closed deviation."""
    return status != DEVIATION_CLOSED and due_on is not None and today > due_on and reminded_for != due_on


# Eleven digits, with or without a space or a dot after the birth date (ddmmyy nnnnn): a
# Norwegian national identity number or D number. Patient information never belongs here.
_IDENTITY_NUMBER = re.compile(r"(?<![\d])\d{6}[ .]?\d{5}(?![\d])")


def looks_like_identity_number(text: str) -> bool:
    return bool(_IDENTITY_NUMBER.search(text or ""))


@dataclass(frozen=True)
class DeviationFacts:
    reported_on: dt.date
    escalated_on: dt.date | None
    closed_on: dt.date | None
    closed_locally: bool


@dataclass(frozen=True)
class DeviationCounts:
    reported: int = 0  # reported in the year
    closed_locally: int = 0  # closed in the year by the group's leader
    escalated: int = 0  # sent to the operations group in the year (also those that went straight there)
    closed: int = 0  # closed in the year, locally or by the operations group
    open_at_year_end: int = 0  # reported by 31 December and not closed by then


def count_deviations(deviations: Iterable[DeviationFacts], year: int) -> DeviationCounts:
    """The year's figures for the annual report. Each is counted in the year it happened."""
    year_end = dt.date(year, 12, 31)
    reported = closed_locally = escalated = closed = still_open = 0
    for d in deviations:
        reported += d.reported_on.year == year
        escalated += d.escalated_on is not None and d.escalated_on.year == year
        if d.closed_on is not None and d.closed_on.year == year:
            closed += 1
            closed_locally += d.closed_locally
        still_open += d.reported_on <= year_end and (d.closed_on is None or d.closed_on > year_end)
    return DeviationCounts(reported, closed_locally, escalated, closed, still_open)
