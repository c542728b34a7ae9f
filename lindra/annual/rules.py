"""The annual cycle's rules: pure functions of plain values, one section per part."""

import datetime as dt
import io
import re
import statistics
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext as _

# --- Documents ---------------------------------------------------------------------------------
# The network's plans and documents (seed 003): versions with an approval date and a date for
# the next revision, which reminds the working group once when due (003 §6); the competence
# plan's topics covered by each local group.

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF, DOCX = "pdf", "docx"
DOCUMENT_FILE_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# The longest range of years the coverage matrix shows at once.
MAX_COVERAGE_YEARS = 10


@dataclass(frozen=True)
class VersionFacts:
    number: int
    approved_on: dt.date | None
    next_revision_on: dt.date | None
    reminded: bool = False


def newest_version(versions: Iterable[VersionFacts]) -> VersionFacts | None:
    return max(versions, key=lambda v: v.number, default=None)


def current_version(versions: Iterable[VersionFacts]) -> VersionFacts | None:
    """The version in force: the newest approved one. A newer draft does not replace it."""
    return newest_version(v for v in versions if v.approved_on is not None)


def revision_due(versions: Iterable[VersionFacts], today: dt.date) -> VersionFacts | None:
    """The version whose revision is due today: the newest version, if its next revision date
    has come. An older version is superseded: its date no longer counts, and a newer draft
    means the revision is under way."""
    newest = newest_version(versions)
    if newest is None or newest.next_revision_on is None or newest.next_revision_on > today:
        return None
    return newest


def revision_reminder_due(versions: Iterable[VersionFacts], today: dt.date) -> VersionFacts | None:
    """The version whose working group is to be reminded now: due, and not reminded before."""
    due = revision_due(versions, today)
    return due if due is not None and not due.reminded else None


APPROVED_IN_FUTURE = "approved_in_future"
REVISION_BEFORE_APPROVAL = "revision_before_approval"


def version_problems(
    approved_on: dt.date | None, next_revision_on: dt.date | None, today: dt.date
) -> list[tuple[str, str]]:
    """What is wrong with a version's dates, as (field, reason)."""
    problems = []
    if approved_on is not None and approved_on > today:
        problems.append(("approved_on", APPROVED_IN_FUTURE))
    if approved_on is not None and next_revision_on is not None and next_revision_on <= approved_on:
        problems.append(("next_revision_on", REVISION_BEFORE_APPROVAL))
    return problems


def document_file_type(content: bytes) -> str | None:
    """PDF or DOCX, judged by what the file holds, not by its name; None for anything else."""
    if content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]:
        return PDF
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return None
            if archive.testzip() is not None:
                return None
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return DOCX if b"wordprocessingml.document.main+xml" in types else None


def coverage_years(first: int, last: int) -> list[int]:
    """The years of the matrix, oldest first, at most MAX_COVERAGE_YEARS ending with `last`."""
    first, last = min(first, last), max(first, last)
    return list(range(max(first, last - MAX_COVERAGE_YEARS + 1), last + 1))


@dataclass(frozen=True)
class HeldMeeting:
    """A group meeting held (its attendance recorded), with the topics it covered."""

    group_id: int
    year: int
    topic_ids: frozenset[int]


def coverage(meetings: Iterable[HeldMeeting], years: Iterable[int]) -> dict[tuple[int, int, int], int]:
    """How many held meetings of each group covered each topic in each year, by
    (topic, group, year); only the years asked for, and only cells with a meeting."""
    years = set(years)
    found: dict[tuple[int, int, int], int] = {}
    for meeting in meetings:
        if meeting.year not in years:
            continue
        for topic_id in meeting.topic_ids:
            key = (topic_id, meeting.group_id, meeting.year)
            found[key] = found.get(key, 0) + 1
    return found


# --- News ------------------------------------------------------------------------------------
# Seed 003: "Formidle aktuelle nyheter til nettverket". A news item goes to the whole network
# (no groups chosen) or to chosen local groups.

# A published item is mailed when the mailing was queued within this long; an item whose
# mailing was lost for longer is not sent late (the news is old by then).
NEWS_MAIL_FRESH_FOR = dt.timedelta(days=3)


def news_reaches(targets: frozenset[int], groups: frozenset[int]) -> bool:
    """Whether news for the groups `targets` (empty: the whole network) is for someone in or
    leading `groups` of that network."""
    return not targets or bool(targets & groups)


@dataclass(frozen=True)
class NewsReader:
    """Someone the news may go to by e-mail: a member or a group leader of the network on the day."""

    person_id: int
    email: str | None
    group_id: int
    on_leave: bool = False


def news_recipients(
    targets: frozenset[int],
    readers: Iterable[NewsReader],
    *,
    committee: Iterable[tuple[int, str | None]] = (),
    opted_out: frozenset[int] = frozenset(),
) -> dict[int, str]:
    """Who gets the news by e-mail, person id to address: the members (not on leave) and the
    group leaders of the groups it is for, and for news to the whole network also the
    network's committees; never someone who has opted out or has no address; each once."""
    chosen: dict[int, str] = {}
    for reader in readers:
        if reader.on_leave or not news_reaches(targets, frozenset({reader.group_id})):
            continue
        if reader.email and reader.person_id not in opted_out:
            chosen.setdefault(reader.person_id, reader.email)
    if not targets:
        for person_id, email in committee:
            if email and person_id not in opted_out:
                chosen.setdefault(person_id, email)
    return chosen


def news_mail_is_due(published_at: dt.datetime | None, mailed_at: dt.datetime | None, now: dt.datetime) -> bool:
    """A published item is mailed once, and not when its publishing is too old to be news."""
    return (
        published_at is not None
        and mailed_at is None
        and published_at <= now
        and now - published_at <= NEWS_MAIL_FRESH_FOR
    )


# --- Annual wheel --------------------------------------------------------------------------------
# Every item of the network's year (a meeting, the questionnaire's window, the annual report, a
# document's revision) is planned, done or late by one rule: done when what it asks for has
# happened; late when its due day has passed without that; planned until then.


class ItemState(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    LATE = "late"


def item_state(*, done: bool, due_on: dt.date, today: dt.date) -> ItemState:
    if done:
        return ItemState.DONE
    return ItemState.LATE if today > due_on else ItemState.PLANNED


def meeting_due_on(*, ends_on: dt.date, attendance_recorded: bool, minutes_sent_due: dt.date) -> dt.date:
    """What a meeting waits for next: its attendance, due on its last day; once that is recorded,
    its minutes, approved and sent out by the chain's last step (DESIGN.md §1, seed 001)."""
    return minutes_sent_due if attendance_recorded else ends_on


def meeting_state(
    *, ends_on: dt.date, attendance_recorded: bool, minutes_approved: bool, minutes_sent_due: dt.date, today: dt.date
) -> ItemState:
    """A meeting is done when it was held (attendance recorded) and its minutes approved and sent
    out; late when its day has passed without attendance, or the minutes are not out by their
    due date; planned otherwise."""
    due_on = meeting_due_on(ends_on=ends_on, attendance_recorded=attendance_recorded, minutes_sent_due=minutes_sent_due)
    return item_state(done=attendance_recorded and minutes_approved, due_on=due_on, today=today)


def questionnaire_item_state(*, opens_on: dt.date, closes_on: dt.date, sent: bool, today: dt.date) -> ItemState:
    """The questionnaire as the annual wheel shows it: late when it has opened (the day after its
    opening day) and was not sent out; done once it was sent and has closed; planned before and
    while it is open."""
    if not sent:
        return item_state(done=False, due_on=opens_on, today=today)
    return ItemState.DONE if today > closes_on else ItemState.PLANNED


# The annual report of a year is published in the first quarter of the next (the policy holds
# no date for it; the regional competence service collects the reports in spring).
ANNUAL_REPORT_DUE = (3, 31)


def annual_report_due_on(report_year: int) -> dt.date:
    return dt.date(report_year + 1, *ANNUAL_REPORT_DUE)


# With more local groups than this, the network's wheel draws them as one lane of monthly
# counts (each group's own wheel shows its meetings).
GROUP_LANES_AT_MOST = 12


def year_fraction(day: dt.date, year: int) -> float:
    """Where in the year a day falls: 0 on 1 January, just under 1 on 31 December; days outside
    the year are clamped to its ends."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    day = min(max(day, first), last)
    return (day - first).days / ((last - first).days + 1)


def month_counts(items: Iterable[tuple[dt.date, ItemState]], year: int) -> list[dict[ItemState, int]]:
    """Items of the year counted per month (index 0: January) and state."""
    counts: list[dict[ItemState, int]] = [dict.fromkeys(ItemState, 0) for _ in range(12)]
    for day, state in items:
        if day.year == year:
            counts[day.month - 1][state] += 1
    return counts


# --- Steering group reports ----------------------------------------------------------------------
# The operations group's leader reports to the steering group for a period (seed 000): the
# figures are counted here from plain facts, so a period split in two adds up to the whole.


def _days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def year_share(start: dt.date, end: dt.date) -> Fraction:
    """How many years the period (inclusive) makes: each day counts 1/365 or 1/366 of its year."""
    share = Fraction(0)
    day = start
    while day <= end:
        last = min(end, dt.date(day.year, 12, 31))
        share += Fraction((last - day).days + 1, _days_in_year(day.year))
        day = last + dt.timedelta(days=1)
    return share


def required_in_period(per_year: int, start: dt.date, end: dt.date) -> Fraction:
    """The meetings a group should have held in the period: the yearly requirement by the
    period's share of the year (3 a year: 1.5 in a half-year, exactly 3 in a calendar year)."""
    return per_year * year_share(start, end)


def shown_required(required: Fraction) -> float:
    """The requirement as the report shows it: one decimal."""
    return round(float(required), 1)


@dataclass(frozen=True)
class MeetingFact:
    group_id: int
    day: dt.date
    held: bool


@dataclass(frozen=True)
class MarkFact:
    group_id: int
    day: dt.date
    present: bool


@dataclass(frozen=True)
class MembershipFact:
    group_id: int
    starts_on: dt.date
    ends_on: dt.date | None


# --- Annual report ----------------------------------------------------------------------------


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


def member_flows(people: Iterable[Iterable[Period]], years: Iterable[int]) -> dict[int, MemberFlow]:
    """Each year's flow of members; each person's stretches are made once for all the years."""
    counts = {year: [0, 0, 0, 0] for year in years}  # carried in, new, ended, carried out
    for periods in people:
        periods = list(periods)
        for start, end in periods if len(periods) == 1 else episodes(periods):
            # A stretch is in a year when it starts by the year's end and ends at its start or
            # later: the years of its two days say it all.
            began, ended = start.year, None if end is None else end.year
            for year, found in counts.items():
                if began > year or (ended is not None and ended < year):
                    continue
                found[0 if began < year else 1] += 1
                found[2 if ended == year else 3] += 1
    return {year: MemberFlow(*found) for year, found in counts.items()}


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
    closed_on: dt.date | None


def _within(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def period_figures(
    start: dt.date,
    end: dt.date,
    *,
    per_year: int,
    groups: Iterable[tuple[int, str]],
    meetings: Iterable[MeetingFact],
    marks: Iterable[MarkFact],
    memberships: Iterable[MembershipFact],
    deviations: Iterable[DeviationFact],
) -> dict:
    """The figures of a steering report, as plain JSON: per local group the group meetings
    planned and held in the period against the requirement, the attendance marks (present of
    marked) at those meetings, members who started and ended in the period; for the network
    the totals and the deviations reported and closed in the period."""
    required = required_in_period(per_year, start, end)
    rows = {
        gid: {"id": gid, "name": name, "planned": 0, "held": 0, "present": 0, "marked": 0, "new": 0, "ended": 0}
        for gid, name in groups
    }
    for m in meetings:
        if m.group_id in rows and _within(m.day, start, end):
            rows[m.group_id]["planned"] += 1
            rows[m.group_id]["held"] += int(m.held)
    for mark in marks:
        if mark.group_id in rows and _within(mark.day, start, end):
            rows[mark.group_id]["marked"] += 1
            rows[mark.group_id]["present"] += int(mark.present)
    for ms in memberships:
        if ms.group_id in rows:
            rows[ms.group_id]["new"] += int(_within(ms.starts_on, start, end))
            rows[ms.group_id]["ended"] += int(_within(ms.ends_on, start, end))
    for row in rows.values():
        row["required"] = shown_required(required)
        row["meets"] = row["held"] >= required
    deviations = list(deviations)
    totals = {
        key: sum(r[key] for r in rows.values()) for key in ("planned", "held", "present", "marked", "new", "ended")
    }
    totals["groups_meeting_requirement"] = sum(1 for r in rows.values() if r["meets"])
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "required": shown_required(required),
        "groups": list(rows.values()),
        "totals": totals,
        "deviations": {
            "reported": sum(1 for d in deviations if _within(d.reported_on, start, end)),
            "closed": sum(1 for d in deviations if _within(d.closed_on, start, end)),
        },
    }


def attendance_percent(present: int, marked: int) -> int | None:
    return round(100 * present / marked) if marked else None


def half_year_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The half-year a day falls in: January–June or July–December."""
    if day.month <= 6:
        return dt.date(day.year, 1, 1), dt.date(day.year, 6, 30)
    return dt.date(day.year, 7, 1), dt.date(day.year, 12, 31)


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
class DeviationCounts:
    reported: int = 0  # reported in the year
    closed_locally: int = 0  # closed in the year by the group's leader
    escalated: int = 0  # sent to the operations group in the year (also those that went straight there)
    closed: int = 0  # closed in the year, locally or by the operations group
    open_at_year_end: int = 0  # reported by 31 December and not closed by then


def reference_day(year: int, today: dt.date) -> dt.date:
    """The day a year's head counts are taken: its last day, or today while it runs."""
    return min(dt.date(year, 12, 31), today)


def text_is_stale(based_on: int, latest: int) -> bool:
    """Whether a narrative section was saved by someone else since the form was opened."""
    return based_on != latest


# --- Questionnaire: the yearly electronic reporting (seed 004) -------------------------------
#
# Which questions a respondent sees (a question may be shown only after a given answer to an
# earlier one), what a filled-in form is worth, when the questionnaire opens, reminds and
# closes, and when a breakdown of the results may be shown without revealing anyone.


# No breakdown is shown for fewer answers than this (DESIGN.md §2).
ANONYMITY_MINIMUM = 5

SINGLE, MULTIPLE, SCALE, NUMBER, TEXT = "single", "multiple", "scale", "number", "text"
TEXT_LIMIT = 5000


@dataclass(frozen=True)
class QuestionFacts:
    id: int
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    low: int = 1  # the scale's ends; for a number, the smallest and largest allowed
    high: int = 5
    shown_if: int | None = None
    shown_if_answer: str = ""


def gives(value: object, wanted: str) -> bool:
    """Whether an answer is the one a condition waits for: that choice, or among the choices."""
    if isinstance(value, list):
        return wanted in value
    return value is not None and str(value) == wanted


def shown(questions: Sequence[QuestionFacts], answers: Mapping[int, object]) -> set[int]:
    """The questions shown, in their order: one with a condition only when the question it
    depends on is itself shown and was given the answer it waits for."""
    visible: set[int] = set()
    for question in questions:
        if question.shown_if is None or (
            question.shown_if in visible and gives(answers.get(question.shown_if), question.shown_if_answer)
        ):
            visible.add(question.id)
    return visible


def _empty(raw: object) -> bool:
    return raw is None or raw == "" or raw == [] or (isinstance(raw, str) and not raw.strip())


def _cleaned(question: QuestionFacts, raw: object) -> object:
    """The value to keep, or raises ValueError with the message for the respondent."""
    if question.kind == SINGLE:
        if raw not in question.choices:
            raise ValueError(_("Velg ett av svaralternativene."))
        return raw
    if question.kind == MULTIPLE:
        values = list(raw) if isinstance(raw, (list, tuple)) else [raw]
        if any(value not in question.choices for value in values):
            raise ValueError(_("Velg blant svaralternativene."))
        return [choice for choice in question.choices if choice in values]
    if question.kind in (SCALE, NUMBER):
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise ValueError(_("Skriv et helt tall.")) from None
        if not question.low <= number <= question.high:
            raise ValueError(
                _("Svaret må være fra %(low)s til %(high)s.") % {"low": question.low, "high": question.high}
            )
        return number
    text = str(raw).strip()
    if len(text) > TEXT_LIMIT:
        raise ValueError(_("Svaret kan være på høyst %(n)s tegn.") % {"n": TEXT_LIMIT})
    return text


def clean_answers(
    questions: Sequence[QuestionFacts], raw: Mapping[int, object], *, finishing: bool
) -> tuple[dict[int, object], dict[int, str]]:
    """What a respondent typed, checked: the answers to keep and the errors by question.

    A hidden question's answer is dropped (its condition is judged on the checked answers, so a
    wrong answer hides nothing it should not). A draft may leave required questions empty;
    finishing may not."""
    values: dict[int, object] = {}
    errors: dict[int, str] = {}
    for question in questions:
        answer = raw.get(question.id)
        if _empty(answer):
            continue
        try:
            values[question.id] = _cleaned(question, answer)
        except ValueError as error:
            errors[question.id] = str(error)
    visible = shown(questions, values)
    values = {qid: value for qid, value in values.items() if qid in visible}
    errors = {qid: error for qid, error in errors.items() if qid in visible}
    if finishing:
        for question in questions:
            if question.required and question.id in visible and question.id not in values:
                errors.setdefault(question.id, _("Svar på dette spørsmålet."))
    return values, errors


def breakdown_shown(count: int, containing: Iterable[int] = (), minimum: int = ANONYMITY_MINIMUM) -> bool:
    """Whether the results of a selection of `count` answers may be shown: at least `minimum`,
    and no larger selection that can be shown (`containing`) differs from it by a few, for the
    difference would reveal those few."""
    return count >= minimum and all(larger == count or larger - count >= minimum for larger in containing)


class QuestionnaireState(StrEnum):
    PLANNED = "planned"  # not yet open
    OPEN = "open"
    CLOSED = "closed"
    NEVER_SENT = "never_sent"  # its days went by without it being sent


def questionnaire_state(opens_on: dt.date, closes_on: dt.date, sent: bool, today: dt.date) -> QuestionnaireState:
    if today > closes_on:
        return QuestionnaireState.CLOSED if sent else QuestionnaireState.NEVER_SENT
    if sent:
        return QuestionnaireState.OPEN
    return QuestionnaireState.PLANNED


def opening_due(opens_on: dt.date, closes_on: dt.date, sent: bool, today: dt.date) -> bool:
    """The invitations go from the opening day, catching up on a missed day, never after
    closing."""
    return not sent and opens_on <= today <= closes_on


@dataclass(frozen=True)
class ReminderDay:
    id: int
    on: dt.date
    done: bool  # sent, or passed over


def reminders_due(
    days: Iterable[ReminderDay], today: dt.date, sent_on: dt.date | None, closes_on: dt.date
) -> tuple[int | None, list[int]]:
    """The reminder to send now, if any, and every reminder day to mark done. A day on or before
    the invitations went is passed over (they were just asked); of several days missed while the
    job stood still, only the latest is sent; after closing, nothing is sent."""
    if sent_on is None:
        return None, []
    due = sorted((d for d in days if not d.done and d.on <= today), key=lambda d: d.on)
    settle = [d.id for d in due]
    sendable = [d for d in due if d.on > sent_on]
    if today > closes_on or not sendable:
        return None, settle
    return sendable[-1].id, settle


def counts_of(question: QuestionFacts, values: Iterable[object]) -> list[tuple[str, int]]:
    """How many gave each answer, for a chart: each choice in order, each step of a scale, or
    for numbers each value (in up to eight ranges when there are many)."""
    values = list(values)
    if question.kind in (SINGLE, MULTIPLE):
        tally = dict.fromkeys(question.choices, 0)
        for value in values:
            for choice in value if isinstance(value, list) else [value]:
                if choice in tally:
                    tally[choice] += 1
        return list(tally.items())
    if question.kind == SCALE:
        tally = {step: 0 for step in range(question.low, question.high + 1)}
        for value in values:
            if value in tally:
                tally[value] += 1
        return [(str(step), n) for step, n in tally.items()]
    if question.kind == NUMBER:
        return number_ranges([v for v in values if isinstance(v, int)])
    return []


def number_ranges(values: Sequence[int], most: int = 8) -> list[tuple[str, int]]:
    """Each distinct value with its count, or when there are more than `most`, counts in
    `most` ranges of equal width that cover every value."""
    if not values:
        return []
    low, high = min(values), max(values)
    if high - low + 1 <= most:
        return [(str(v), sum(1 for x in values if x == v)) for v in range(low, high + 1)]
    width = -(-(high - low + 1) // most)
    ranges = []
    for start in range(low, high + 1, width):
        end = min(start + width - 1, high)
        ranges.append((f"{start}–{end}", sum(1 for x in values if start <= x <= end)))
    return ranges


@dataclass(frozen=True)
class NumberFigures:
    count: int
    mean: float | None
    median: float | None
    low: int | None
    high: int | None


def number_figures(values: Sequence[int]) -> NumberFigures:
    if not values:
        return NumberFigures(0, None, None, None, None)
    return NumberFigures(
        len(values), round(statistics.fmean(values), 1), statistics.median(values), min(values), max(values)
    )
