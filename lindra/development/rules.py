"""People over time's rules: pure functions over plain values, no database access.
Each part has its own section under a header naming it."""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from lindra.registry.rules import Period, Policy, Status, is_current, norwegian, status_on, term_end

# --- Competence: reporting back from gatherings and competence activities (seeds 003, 004) ---
#
# Seed 004: "Gi referat fra nettverkssamlinger til leder og til kolleger"; seed 003: "Referere
# fra samlinger og fagdager". A gathering is a meeting of the local group, the fagdag or an
# intro course; the committees' own meetings are not gatherings of the members.

GATHERING_KINDS = frozenset({"group", "fagdag", "course"})
# How far back the home page asks "Har du gitt referat fra …?": the last half year, which
# always holds the latest of a group's meetings (three a year); older ones are still recorded
# on the member's own page.
REPORT_BACK_ASKED_DAYS = 183


@dataclass(frozen=True)
class Gathering:
    """A meeting the member was called to, as far as reporting back is concerned."""

    meeting_id: int
    kind: str
    day: dt.date  # the meeting's day, Norwegian time
    ends_at: dt.datetime
    present: bool  # marked present on the attendance sheet


def may_report_back(gathering: Gathering, now: dt.datetime) -> bool:
    """A member reports back from a gathering they attended, once it is over."""
    return gathering.kind in GATHERING_KINDS and gathering.present and gathering.ends_at <= now


def awaiting_report_back(
    gatherings: Iterable[Gathering],
    reported: Iterable[int],
    now: dt.datetime,
    today: dt.date,
    days: int = REPORT_BACK_ASKED_DAYS,
) -> list[Gathering]:
    """The gatherings of the last `days` the member attended and has not yet reported back
    from, the latest first."""
    done = set(reported)
    since = today - dt.timedelta(days=days)
    waiting = [g for g in gatherings if may_report_back(g, now) and g.day >= since and g.meeting_id not in done]
    return sorted(waiting, key=lambda g: (g.ends_at, g.meeting_id), reverse=True)


# Why a report back cannot be recorded as typed: (field, reason).
BEFORE_MEETING = "before_meeting"
IN_FUTURE = "in_future"
TO_NOBODY = "to_nobody"


def report_back_problems(
    meeting_day: dt.date, reported_on: dt.date, today: dt.date, to_leader: bool, to_colleagues: bool
) -> list[tuple[str, str]]:
    """What is wrong with a report back: given before the meeting, dated ahead, or to nobody."""
    problems = []
    if reported_on < meeting_day:
        problems.append(("reported_on", BEFORE_MEETING))
    elif reported_on > today:
        problems.append(("reported_on", IN_FUTURE))
    if not (to_leader or to_colleagues):
        problems.append(("to_whom", TO_NOBODY))
    return problems


# A competence activity: hospitering, a course, a conference, further education.
ENDS_BEFORE_START = "ends_before_start"
STARTS_IN_FUTURE = "starts_in_future"
HOURS_NOT_POSITIVE = "hours_not_positive"
HOURS_TOO_MANY_A_DAY = "hours_too_many_a_day"
HOURS_TOO_MANY = "hours_too_many"
# Sane hours: no more than a long day's work on each day of the period, and no more than a
# year of full-time further education in all (60 ECTS credits are some 1,600–1,800 hours).
MAX_HOURS_PER_DAY = 12
MAX_HOURS = 2000


def activity_days(starts_on: dt.date, ends_on: dt.date | None) -> int:
    """The days an activity lasts, both ends included; without an end, one day."""
    return ((ends_on or starts_on) - starts_on).days + 1


def activity_problems(
    starts_on: dt.date, ends_on: dt.date | None, hours: Decimal | None, today: dt.date
) -> list[tuple[str, str]]:
    """What is wrong with an activity as typed, as (field, reason); empty when it is valid.
    An activity is recorded once it has begun (further education may go on after today)."""
    problems = []
    if starts_on > today:
        problems.append(("starts_on", STARTS_IN_FUTURE))
    if ends_on is not None and ends_on < starts_on:
        problems.append(("ends_on", ENDS_BEFORE_START))
        return problems  # the hours cannot be judged against a period that does not exist
    if hours is not None:
        if hours <= 0:
            problems.append(("hours", HOURS_NOT_POSITIVE))
        elif hours > MAX_HOURS:
            problems.append(("hours", HOURS_TOO_MANY))
        elif hours > MAX_HOURS_PER_DAY * activity_days(starts_on, ends_on):
            problems.append(("hours", HOURS_TOO_MANY_A_DAY))
    return problems


def max_hours(starts_on: dt.date, ends_on: dt.date | None) -> int:
    """The most hours an activity of this period may have."""
    return min(MAX_HOURS, MAX_HOURS_PER_DAY * activity_days(starts_on, ends_on))


def needs_new_confirmation(confirmed: bool, before: dict, after: dict) -> bool:
    """A confirmation vouches for the facts as the leader saw them: changing any of them
    takes it away, and the leader is asked again. Saving without a change keeps it."""
    return confirmed and before != after


# --- The network's figures ----------------------------------------------------------------


@dataclass(frozen=True)
class ActivityFact:
    group_id: int | None  # the member's local group on the activity's first day
    kind: str
    hours: Decimal | None
    confirmed: bool


@dataclass(frozen=True)
class AttendedFact:
    """A gathering a member attended, and whether they reported back from it."""

    group_id: int | None  # the member's local group on the day of the gathering
    reported: bool


@dataclass
class KindFigures:
    count: int = 0
    hours: Decimal = Decimal(0)


@dataclass
class CompetenceFigures:
    """Confirmed activities by kind (count and hours), and reports back of gatherings attended."""

    kinds: dict[str, KindFigures]
    attended: int = 0
    reported: int = 0

    @property
    def activities(self) -> int:
        return sum(k.count for k in self.kinds.values())

    @property
    def hours(self) -> Decimal:
        return sum((k.hours for k in self.kinds.values()), Decimal(0))

    @property
    def reported_percent(self) -> int | None:
        return round(100 * self.reported / self.attended) if self.attended else None


@dataclass
class NetworkCompetence:
    groups: dict[int | None, CompetenceFigures] = field(default_factory=dict)  # None: no group known
    totals: CompetenceFigures | None = None


def _empty(kinds: Iterable[str]) -> CompetenceFigures:
    return CompetenceFigures(kinds={kind: KindFigures() for kind in kinds})


def competence_figures(
    kinds: Iterable[str], group_ids: Iterable[int], activities: Iterable[ActivityFact], attended: Iterable[AttendedFact]
) -> NetworkCompetence:
    """The figures per group and for the whole network. Only activities the nearest leader
    has confirmed count; a group is listed even when it has nothing to count."""
    kinds = list(kinds)
    groups: dict[int | None, CompetenceFigures] = defaultdict(lambda: _empty(kinds))
    for group_id in group_ids:
        groups[group_id] = _empty(kinds)
    totals = _empty(kinds)
    for activity in activities:
        if not activity.confirmed:
            continue
        for figures in (groups[activity.group_id], totals):
            kind = figures.kinds.setdefault(activity.kind, KindFigures())
            kind.count += 1
            kind.hours += activity.hours or 0
    for gathering in attended:
        for figures in (groups[gathering.group_id], totals):
            figures.attended += 1
            figures.reported += gathering.reported
    return NetworkCompetence(groups=dict(groups), totals=totals)


# --- Onboarding: the welcome letter, the function description, the checklist ----------------------

# A membership that started more than this many days ago gets no welcome letter: the job
# catches up after a stop of up to a month, but someone imported or registered long after
# they began is no new member, and a "welcome" would be stale news to them and their leader.
WELCOME_LETTER_STALE_AFTER_DAYS = 30
# The onboarding pages list the memberships that started within this many days (and older
# ones whose welcome letter was written by Lindra while their checklist is not done).
NEW_MEMBER_DAYS = 365


def is_due_welcome_letter(starts_on: dt.date, ends_on: dt.date | None, today: dt.date, *, has_letter: bool) -> bool:
    """Whether a membership is due its welcome letter today: it has begun, has not ended,
    began at most WELCOME_LETTER_STALE_AFTER_DAYS ago, and has no letter yet."""
    if has_letter or starts_on > today or (ends_on is not None and ends_on < today):
        return False
    return (today - starts_on).days <= WELCOME_LETTER_STALE_AFTER_DAYS


def welcome_letter_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last start day of a membership due its letter today (for a query)."""
    return today - dt.timedelta(days=WELCOME_LETTER_STALE_AFTER_DAYS), today


@dataclass(frozen=True)
class Description:
    """A function description as the rule needs it."""

    id: int
    profession: str  # "" for every profession
    approved_on: dt.date


def current_description(descriptions: list[Description], profession: str, on: dt.date) -> int | None:
    """The description a member of the profession accepts on the day: the newest approved by
    then for the profession, else the newest approved by then for every profession."""
    approved = [d for d in descriptions if d.approved_on <= on]
    own = [d for d in approved if profession and d.profession == profession]
    chosen = own or [d for d in approved if not d.profession]
    return max(chosen, key=lambda d: (d.approved_on, d.id)).id if chosen else None


# The welcome letter's variables: {{ name }} in the network's text.
VARIABLE = re.compile(r"\{\{\s*([a-zæøå_]+)\s*\}\}")


def unknown_variables(text: str, known: set[str]) -> list[str]:
    """The variables the text uses that are not known, in order of first use."""
    seen: list[str] = []
    for name in VARIABLE.findall(text):
        if name not in known and name not in seen:
            seen.append(name)
    return seen


def fill_in(text: str, values: dict[str, str]) -> str:
    """The text with each known variable replaced by its value; unknown ones stay as written."""
    return VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


class Item(StrEnum):
    LETTER = "letter"
    MEMBER_ACCEPTED = "member_accepted"
    LEADER_ACCEPTED = "leader_accepted"
    INTRO_COURSE = "intro_course"


class State(StrEnum):
    DONE = "done"
    MISSING = "missing"
    # The letter could not go by e-mail: it waits to be printed and handed over.
    NO_EMAIL = "no_email"
    # No nearest leader is registered: nobody can accept on the leader's behalf yet.
    NO_LEADER = "no_leader"


@dataclass(frozen=True)
class ChecklistFacts:
    """What is known of one membership's onboarding."""

    has_letter: bool
    letter_sent: bool
    member_accepted: bool
    leader_accepted: bool
    has_nearest_leader: bool
    # Signed on paper and recorded by the secretariat: both have accepted.
    signed_on_paper: bool
    intro_course_completed: bool


@dataclass(frozen=True)
class Checklist:
    states: tuple[tuple[Item, State], ...]

    def state(self, item: Item) -> State:
        return dict(self.states)[item]

    @property
    def missing(self) -> list[Item]:
        return [item for item, state in self.states if state != State.DONE]

    @property
    def complete(self) -> bool:
        return not self.missing


def checklist(facts: ChecklistFacts) -> Checklist:
    """The onboarding checklist (seeds 000, 004): the welcome letter sent, the function
    description accepted by the member and by the nearest leader, the intro course completed."""
    if facts.letter_sent:
        letter = State.DONE
    elif facts.has_letter:
        letter = State.NO_EMAIL
    else:
        letter = State.MISSING
    member = State.DONE if facts.member_accepted or facts.signed_on_paper else State.MISSING
    if facts.leader_accepted or facts.signed_on_paper:
        leader = State.DONE
    elif not facts.has_nearest_leader:
        leader = State.NO_LEADER
    else:
        leader = State.MISSING
    course = State.DONE if facts.intro_course_completed else State.MISSING
    return Checklist(
        (
            (Item.LETTER, letter),
            (Item.MEMBER_ACCEPTED, member),
            (Item.LEADER_ACCEPTED, leader),
            (Item.INTRO_COURSE, course),
        )
    )


def is_new_member(starts_on: dt.date, today: dt.date, *, has_letter: bool, complete: bool) -> bool:
    """Whether the onboarding pages list a current membership: it began within NEW_MEMBER_DAYS
    (and not in the future), or its welcome letter was written and the checklist is not done."""
    if starts_on > today:
        return False
    return (today - starts_on).days <= NEW_MEMBER_DAYS or (has_letter and not complete)


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


# --- Terms: the fair suggestion of the next group leader, and the notice before a term ends ---
#
# Seed 000: "Rollen som leder i lokal nettverksgruppe går på rundgang mellom medlemmene av
# gruppen. Leder velges for to år om gangen." The suggestion is judged on the day the new term
# starts: who is a member then, who is on leave then, who has led the group before it.


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


# --- Work plans -----------------------------------------------------------------------------
#
# Each year a member makes a work plan with the nearest leader, agreed by the network's
# work_plan_due (month, day), and evaluates it at the yearly meeting by its evaluation_due
# (seeds 003, 004). A plan or an evaluation is missing on the days after its due date, while
# the membership is active on that day. A member who joined after the year's due date for
# the plan owes no plan that year (the intro course comes first), nor its evaluation unless
# they made a plan all the same. Only the day's own year counts: nothing is ever owed for a
# past year.

PLAN_DRAFT = "draft"
PLAN_SUBMITTED = "submitted"
PLAN_CHANGES = "changes"
PLAN_AGREED = "agreed"

ABOUT_PLAN = "plan"
ABOUT_EVALUATION = "evaluation"
PARTY_MEMBER = "member"
PARTY_LEADER = "leader"


def due_date(year: int, month_day: tuple[int, int]) -> dt.date:
    """The due date of a (month, day) policy in a year; 29 February is the 28th in other years."""
    month, day = month_day
    if (month, day) == (2, 29):
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 2, 28)
    return dt.date(year, month, day)


@dataclass(frozen=True)
class PlanFacts:
    """What the rule needs of one membership and the year of the day it is asked about."""

    membership_id: int
    starts_on: dt.date
    ends_on: dt.date | None
    leaves: tuple[tuple[dt.date, dt.date | None], ...] = ()
    plan_status: str | None = None  # None: no plan for the year at all
    evaluated: bool = False
    has_leader: bool = True


@dataclass(frozen=True)
class Missing:
    """A plan or an evaluation missing on a day, and who is owed a reminder of it."""

    membership_id: int
    about: str  # ABOUT_PLAN or ABOUT_EVALUATION
    parties: tuple[str, ...]  # PARTY_MEMBER, and PARTY_LEADER when it waits on them too


def owes_plan(facts: PlanFacts, year: int, plan_due: tuple[int, int]) -> bool:
    """Whether the membership owes a work plan for the year: it had begun by the due date."""
    return facts.starts_on <= due_date(year, plan_due)


def plan_missing(facts: PlanFacts, day: dt.date, plan_due: tuple[int, int]) -> tuple[str, ...]:
    """Who is reminded that the year's work plan is not agreed, on a day: the member, and the
    leader too when the plan has been sent and waits on them. Empty when nothing is missing."""
    if day <= due_date(day.year, plan_due) or not _active(facts, day) or not owes_plan(facts, day.year, plan_due):
        return ()
    if facts.plan_status == PLAN_AGREED:
        return ()
    if facts.plan_status == PLAN_SUBMITTED and facts.has_leader:
        return (PARTY_MEMBER, PARTY_LEADER)
    return (PARTY_MEMBER,)


def evaluation_missing(
    facts: PlanFacts, day: dt.date, plan_due: tuple[int, int], evaluation_due: tuple[int, int]
) -> tuple[str, ...]:
    """Who is reminded that the year's evaluation is not recorded, on a day: both member and
    leader (the yearly meeting is theirs together). Empty when nothing is missing."""
    if day <= due_date(day.year, evaluation_due) or not _active(facts, day) or facts.evaluated:
        return ()
    if not (owes_plan(facts, day.year, plan_due) or facts.plan_status is not None):
        return ()
    return (PARTY_MEMBER, PARTY_LEADER) if facts.has_leader else (PARTY_MEMBER,)


def missing_on(
    memberships: list[PlanFacts], day: dt.date, plan_due: tuple[int, int], evaluation_due: tuple[int, int]
) -> list[Missing]:
    """Whose work plan, and whose evaluation, is missing on a day (of the day's year)."""
    found = []
    for facts in memberships:
        if parties := plan_missing(facts, day, plan_due):
            found.append(Missing(facts.membership_id, ABOUT_PLAN, parties))
        if parties := evaluation_missing(facts, day, plan_due, evaluation_due):
            found.append(Missing(facts.membership_id, ABOUT_EVALUATION, parties))
    return found


def _active(facts: PlanFacts, day: dt.date) -> bool:
    return status_on(facts.starts_on, facts.ends_on, list(facts.leaves), day) == Status.ACTIVE


def plan_years(starts_on: dt.date, ends_on: dt.date | None, today: dt.date) -> range:
    """The years a membership can have a work plan: from its first year to its last, and
    next year's from today on, to plan ahead."""
    last = ends_on.year if ends_on is not None else today.year + 1
    return range(starts_on.year, last + 1)
