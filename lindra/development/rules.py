"""People over time's rules: pure functions over plain values, no database access.
Each part has its own section under a header naming it."""

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, gettext_noop, ngettext_lazy
from django.utils.translation import gettext as _

from lindra.meetings.rules import LeavePeriod, MemberObligation
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


# --- Courses: when the network is told that an intro course is due (seed 003) ----------------------


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


# --- The member's year (year): every fixed task of the function description (seed 004) -------
#
# Seed 004, "Faste oppgaver": intro course, network meetings, the yearly fagdag, reporting back
# from gatherings to the leader and colleagues, the work plan made with the nearest leader, and
# the annual electronic reporting; "Leders ansvar": the yearly meeting to plan and evaluate the
# work plan. A year is judged by its own dates: what happened in it, and, for a year still
# running, whether a deadline of it has passed yet; never by facts of another year.


class Task(StrEnum):
    INTRO_COURSE = "intro_course"
    MEETINGS = "meetings"
    FAGDAG = "fagdag"
    REPORTED_BACK = "reported_back"
    WORK_PLAN = "work_plan"
    YEARLY_MEETING = "yearly_meeting"
    ANNUAL_REPORTING = "annual_reporting"


TASK_LABELS = {
    Task.INTRO_COURSE: gettext_lazy("Introduksjonskurs"),
    Task.MEETINGS: gettext_lazy("Nettverksmøter"),
    Task.FAGDAG: gettext_lazy("Fagdag"),
    Task.REPORTED_BACK: gettext_lazy("Referat til leder og kolleger"),
    Task.WORK_PLAN: gettext_lazy("Arbeidsplan avtalt"),
    Task.YEARLY_MEETING: gettext_lazy("Årlig møte med leder"),
    Task.ANNUAL_REPORTING: gettext_lazy("Årlig rapportering"),
}
# The wording of seed 004, for the page that explains each task.
TASK_DUTIES = {
    Task.INTRO_COURSE: gettext_lazy("Delta på introduksjonskurs."),
    Task.MEETINGS: gettext_lazy("Delta på nettverksmøtene i lokalgruppen."),
    Task.FAGDAG: gettext_lazy("Delta på felles årlig fagdag."),
    Task.REPORTED_BACK: gettext_lazy("Gi referat fra nettverkssamlinger til leder og til kolleger."),
    Task.WORK_PLAN: gettext_lazy(
        "Utarbeide egen arbeidsplan i samarbeid med nærmeste leder, med utgangspunkt i nettverkets "
        "årsplan og behovene på arbeidsstedet."
    ),
    Task.YEARLY_MEETING: gettext_lazy(
        "Nærmeste leder har årlig møte med ressurspersonen for å planlegge og evaluere arbeidsplanen."
    ),
    Task.ANNUAL_REPORTING: gettext_lazy("Svare på årlig elektronisk rapportering om sin funksjon."),
}


class TaskStatus(StrEnum):
    DONE = "done"
    NOT_YET = "not_yet"  # due, and not done
    NOT_DUE = "not_due"  # not done, and its time has not come
    NOT_APPLICABLE = "not_applicable"  # not asked of the member this year
    COMING = "coming"  # Lindra does not track it yet


STATUS_LABELS = {
    TaskStatus.DONE: gettext_lazy("Gjort"),
    TaskStatus.NOT_YET: gettext_lazy("Ikke gjort"),
    TaskStatus.NOT_DUE: gettext_lazy("Frist senere"),
    TaskStatus.NOT_APPLICABLE: gettext_lazy("Gjelder ikke"),
    TaskStatus.COMING: gettext_lazy("Kommer"),
}
# The colour of a status's tag (Designsystemet's data-color).
STATUS_COLORS = {
    TaskStatus.DONE: "success",
    TaskStatus.NOT_YET: "danger",
    TaskStatus.NOT_DUE: "info",
    TaskStatus.NOT_APPLICABLE: "neutral",
    TaskStatus.COMING: "neutral",
}
OPEN_STATUSES = frozenset({TaskStatus.NOT_YET, TaskStatus.NOT_DUE})


class Owed(StrEnum):
    """What the nearest leader owes in a member's year."""

    AGREE_PLAN = "agree_plan"
    HOLD_MEETING = "hold_meeting"


OWED_LABELS = {
    Owed.AGREE_PLAN: gettext_lazy("Avtal arbeidsplanen"),
    Owed.HOLD_MEETING: gettext_lazy("Hold årlig møte og evaluer arbeidsplanen"),
}


@dataclass(frozen=True)
class Fagdag:
    on: dt.date
    attendance_recorded: bool


@dataclass(frozen=True)
class YearFacts:
    """What is known of one membership's year. Every fact is of that year: the meetings of
    the year, the fagdags of the year, the work plan and the yearly meeting for the year."""

    year: int
    starts_on: dt.date
    ends_on: dt.date | None
    leaves: tuple[LeavePeriod, ...]
    intro_course_completed_on: dt.date | None
    meetings: MemberObligation  # rules.member_obligation over the year's marks
    fagdags: tuple[Fagdag, ...]  # the network's fagdags of the year
    fagdag_attended_on: dt.date | None  # the day of a fagdag of the year she was present at
    gatherings_attended: int  # meetings of the year (GATHERING_KINDS) she was present at
    gatherings_reported: int  # of those, the ones she reported back from
    work_plan_status: str | None  # a WorkPlan.Status value; None without a plan for the year
    work_plan_agreed_on: dt.date | None
    yearly_meeting_on: dt.date | None  # the day the yearly meeting is booked for
    yearly_meeting_evaluated_on: dt.date | None
    work_plan_due: tuple[int, int]  # (month, day), the network's policy
    evaluation_due: tuple[int, int]


@dataclass(frozen=True)
class Said:
    """A task's text, put into words only when it is read, in the language of that moment: a
    network's table judges every member of the year for its counts and shows a page of them. A
    value is a number, a date (written out in full) or another Said."""

    message: str | Promise  # a msgid marked with gettext_noop, or a plural (ngettext_lazy of "n")
    values: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        message = _(self.message) if isinstance(self.message, str) else self.message
        if not self.values:
            return str(message)
        return message % {name: _word(value) for name, value in self.values}


def _word(value: object) -> object:
    if isinstance(value, dt.date):
        return _long(value)
    if isinstance(value, Said):
        return str(value)
    return value


def said(message, **values) -> Said:
    return Said(message, tuple(values.items()))


@dataclass(frozen=True)
class TaskOfYear:
    task: Task
    status: TaskStatus
    # The text is judged again from the facts only when it is read: a network's table judges
    # every member of the year for its counts and shows a page of them.
    facts: YearFacts
    on: dt.date  # the day it was judged on

    @property
    def said(self) -> Said:
        return _judge(self.facts, self.on).judged(self.task)[1]

    @property
    def text(self) -> str:
        return str(self.said)

    @property
    def label(self) -> str:
        return str(TASK_LABELS[self.task])

    @property
    def duty(self) -> str:
        return str(TASK_DUTIES[self.task])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def color(self) -> str:
        return STATUS_COLORS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True)
class MemberYear:
    year: int
    facts: YearFacts
    statuses: tuple[TaskStatus, ...]  # a status per task, in the order of Task
    on: dt.date  # the day it was judged on
    leader_owes: tuple[Owed, ...]
    on_leave_all_year: bool
    year_is_over: bool

    @property
    def tasks(self) -> tuple[TaskOfYear, ...]:
        """Each task with its status and text, made where it is read: a network's table keeps
        only the statuses of thousands of members."""
        return tuple(
            TaskOfYear(task, status, self.facts, self.on) for task, status in zip(Task, self.statuses, strict=True)
        )

    def task(self, task: Task) -> TaskOfYear:
        return next(t for t in self.tasks if t.task == task)

    @property
    def open_tasks(self) -> tuple[TaskOfYear, ...]:
        return tuple(t for t in self.tasks if t.is_open)

    @property
    def done(self) -> int:
        return self.statuses.count(TaskStatus.DONE)

    @property
    def counted(self) -> int:
        """The tasks asked of the member this year (done, or still open)."""
        return sum(1 for s in self.statuses if s in OPEN_STATUSES or s == TaskStatus.DONE)


@lru_cache(maxsize=1024)  # a network's table asks for the same few days for thousands of members
def due_date(year: int, month_day: tuple[int, int]) -> dt.date:
    """The policy's day in the year; a 29 February falls on the 28th in other years."""
    month, day = month_day
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _long(day: dt.date) -> str:
    return _long_in(day, get_language())


@lru_cache(maxsize=4096)
def _long_in(day: dt.date, language: str | None) -> str:
    # A network's table writes the same few dates thousands of times.
    return date_format(day, "DATE_FORMAT")


def _covered_by_leave(first: dt.date, last: dt.date, leaves: tuple[LeavePeriod, ...]) -> bool:
    """Whether every day from first to last is a day of leave."""
    day = first
    for leave in sorted(leaves, key=lambda p: p.starts_on):
        if leave.starts_on > day:
            break
        if leave.ends_on is None or leave.ends_on >= last:
            return True
        day = max(day, leave.ends_on + dt.timedelta(days=1))
    return day > last


def member_year(facts: YearFacts, today: dt.date) -> MemberYear:
    """Every fixed task of the year with its status and a short text. A task is done only when
    its own fact says so; it is open (not yet, or not due) while it is asked of the member, and
    not applicable when it is not (not a member that year, on leave all of it, joined after its
    time). A year that is over is judged as of its last day, whatever today is."""
    year = facts.year
    # Any day before the year is judged alike, and any day after it: the day before the year
    # begins, the day after it ends.
    on = min(max(today, dt.date(year - 1, 12, 31)), dt.date(year + 1, 1, 1))
    judge = _judge(facts, on)
    statuses = tuple(judge.judged(task)[0] for task in Task)
    owes = []
    if statuses[_WORK_PLAN] in OPEN_STATUSES and facts.work_plan_status == "submitted":
        owes.append(Owed.AGREE_PLAN)
    if statuses[_YEARLY_MEETING] in OPEN_STATUSES:
        owes.append(Owed.HOLD_MEETING)
    return MemberYear(
        year=year,
        facts=facts,
        statuses=statuses,
        on=on,
        leader_owes=tuple(owes),
        on_leave_all_year=judge.on_leave,
        year_is_over=judge.year_is_over,
    )


_WORK_PLAN, _YEARLY_MEETING = list(Task).index(Task.WORK_PLAN), list(Task).index(Task.YEARLY_MEETING)
_ABSENCES = ngettext_lazy("%(n)s fravær", "%(n)s fravær", "n")
_PLAN_STATES = {
    None: gettext_noop("Ingen plan ennå"),
    "draft": gettext_noop("Utkast"),
    "submitted": gettext_noop("Sendt til nærmeste leder"),
    "changes": gettext_noop("Lederen ber om endringer"),
}


def _judge(facts: YearFacts, on: dt.date) -> "_Judge":
    year_first, year_last = dt.date(facts.year, 1, 1), dt.date(facts.year, 12, 31)
    first = max(facts.starts_on, year_first)
    last = min(facts.ends_on or year_last, year_last)
    member = first <= last
    return _Judge(
        facts,
        as_of=min(on, year_last),
        first=first,
        last=last,
        year_is_over=on > year_last,
        future=on < year_first,
        member=member,
        on_leave=member and _covered_by_leave(first, last, facts.leaves),
    )


@dataclass(frozen=True, slots=True)
class _Judge:
    """Each task's status and text; the *_done methods say whether its fact is there, the
    others judge it once it is asked of the member (a member in the year, not on leave all of
    it)."""

    facts: YearFacts
    as_of: dt.date  # today, or the year's last day once it is over
    first: dt.date  # the first and last day of the membership within the year
    last: dt.date
    year_is_over: bool
    future: bool
    member: bool  # a member on some day of the year
    on_leave: bool  # on leave every day of it

    def judged(self, task: Task) -> tuple[TaskStatus, Said]:
        if task == Task.ANNUAL_REPORTING:
            return TaskStatus.COMING, said(gettext_noop("Det årlige spørreskjemaet er ikke tatt i bruk i Lindra ennå."))
        done, judged = _BY_TASK[task]
        if done(self):
            return TaskStatus.DONE, judged(self)[1]
        if not self.member:
            return TaskStatus.NOT_APPLICABLE, said(gettext_noop("Ikke medlem i %(year)s"), year=self.facts.year)
        if self.on_leave:
            return TaskStatus.NOT_APPLICABLE, said(gettext_noop("Permisjon hele året"))
        if self.future:
            return TaskStatus.NOT_DUE, said(gettext_noop("Året har ikke begynt"))
        return judged(self)

    def intro_course_done(self) -> bool:
        completed = self.facts.intro_course_completed_on
        return completed is not None and completed.year <= self.facts.year

    def intro_course(self) -> tuple[TaskStatus, Said]:
        if self.intro_course_done():
            return TaskStatus.DONE, said(gettext_noop("Fullført %(date)s"), date=self.facts.intro_course_completed_on)
        if self.year_is_over:
            return TaskStatus.NOT_YET, said(gettext_noop("Ikke fullført i %(year)s"), year=self.facts.year)
        return TaskStatus.NOT_YET, said(gettext_noop("Ikke fullført ennå"))

    def meetings_done(self) -> bool:
        o = self.facts.meetings
        return o.expected > 0 and o.attended >= o.expected

    def meetings(self) -> tuple[TaskStatus, Said]:
        o = self.facts.meetings
        if o.expected == 0:
            if self.year_is_over:
                return TaskStatus.NOT_APPLICABLE, said(
                    gettext_noop("Ingen møter å delta på i %(year)s"), year=self.facts.year
                )
            return TaskStatus.NOT_DUE, said(gettext_noop("Ingen møter holdt ennå i år"))
        text = said(gettext_noop("Deltok på %(attended)s av %(expected)s"), attended=o.attended, expected=o.expected)
        if self.meetings_done():
            return TaskStatus.DONE, text if self.year_is_over else said(gettext_noop("%(text)s så langt"), text=text)
        text = said("%(text)s, %(absences)s", text=text, absences=said(_ABSENCES, n=o.absences))
        if o.needs_follow_up:
            text = said(gettext_noop("%(text)s: følges opp"), text=text)
        return TaskStatus.NOT_YET, text

    def fagdag_done(self) -> bool:
        return self.facts.fagdag_attended_on is not None

    def _on_leave(self, day: dt.date) -> bool:
        return any(leave.covers(day) for leave in self.facts.leaves)

    def fagdag(self) -> tuple[TaskStatus, Said]:
        if self.fagdag_done():
            return TaskStatus.DONE, said(gettext_noop("Deltok %(date)s"), date=self.facts.fagdag_attended_on)
        days = sorted(self.facts.fagdags, key=lambda f: f.on)
        asked = [f for f in days if self.first <= f.on <= self.last and not self._on_leave(f.on)]
        upcoming = [f for f in asked if f.on > self.as_of]
        held = [f for f in asked if f.on <= self.as_of]
        if held and all(f.attendance_recorded for f in held):
            return TaskStatus.NOT_YET, said(gettext_noop("Deltok ikke på fagdagen %(date)s"), date=held[-1].on)
        if upcoming:
            return TaskStatus.NOT_DUE, said(gettext_noop("Fagdagen er %(date)s"), date=upcoming[0].on)
        if held:
            return TaskStatus.NOT_DUE, said(
                gettext_noop("Oppmøtet fra fagdagen %(date)s er ikke registrert ennå"), date=held[-1].on
            )
        if days:
            day = days[-1].on
            if day < self.first:
                return TaskStatus.NOT_APPLICABLE, said(gettext_noop("Ble medlem etter fagdagen %(date)s"), date=day)
            if day > self.last:
                return TaskStatus.NOT_APPLICABLE, said(gettext_noop("Sluttet før fagdagen %(date)s"), date=day)
            return TaskStatus.NOT_APPLICABLE, said(gettext_noop("Permisjon på fagdagen %(date)s"), date=day)
        if self.year_is_over:
            return TaskStatus.NOT_APPLICABLE, said(
                gettext_noop("Ingen fagdag i nettverket i %(year)s"), year=self.facts.year
            )
        return TaskStatus.NOT_DUE, said(gettext_noop("Ingen fagdag er satt opp ennå"))

    def reported_back_done(self) -> bool:
        f = self.facts
        return f.gatherings_attended > 0 and f.gatherings_reported >= f.gatherings_attended

    def reported_back(self) -> tuple[TaskStatus, Said]:
        f = self.facts
        if f.gatherings_attended == 0:
            if self.year_is_over:
                return TaskStatus.NOT_APPLICABLE, said(
                    gettext_noop("Ingen samlinger å referere fra i %(year)s"), year=f.year
                )
            return TaskStatus.NOT_DUE, said(gettext_noop("Ingen samlinger å referere fra ennå"))
        text = said(
            gettext_noop("Referert fra %(reported)s av %(attended)s samlinger"),
            reported=min(f.gatherings_reported, f.gatherings_attended),
            attended=f.gatherings_attended,
        )
        return (TaskStatus.DONE if self.reported_back_done() else TaskStatus.NOT_YET), text

    def _deadline(self, planned: dt.date) -> dt.date | None:
        """A deadline of the year for this membership: the policy's day, or, for one who joined
        after it, the evaluation day; None when the membership does not reach it."""
        evaluation = due_date(self.facts.year, self.facts.evaluation_due)
        deadline = planned if self.first <= planned else evaluation
        if self.first > evaluation or self.last < deadline:
            return None
        return deadline

    def _outside(self, planned: dt.date) -> tuple[TaskStatus, Said]:
        if self.first > planned:
            return TaskStatus.NOT_APPLICABLE, said(gettext_noop("Ble medlem etter fristen %(date)s"), date=planned)
        return TaskStatus.NOT_APPLICABLE, said(gettext_noop("Sluttet før fristen %(date)s"), date=planned)

    def work_plan_done(self) -> bool:
        return self.facts.work_plan_status == "agreed"

    def work_plan(self) -> tuple[TaskStatus, Said]:
        f = self.facts
        if self.work_plan_done():
            if f.work_plan_agreed_on:
                return TaskStatus.DONE, said(gettext_noop("Avtalt %(date)s"), date=f.work_plan_agreed_on)
            return TaskStatus.DONE, said(gettext_noop("Avtalt"))
        planned = due_date(f.year, f.work_plan_due)
        deadline = self._deadline(planned)
        if deadline is None:
            return self._outside(due_date(f.year, f.evaluation_due) if self.first > planned else planned)
        return self._against(deadline, said(_PLAN_STATES.get(f.work_plan_status, _PLAN_STATES[None])))

    def _against(self, deadline: dt.date, state: Said) -> tuple[TaskStatus, Said]:
        if self.as_of <= deadline:
            return TaskStatus.NOT_DUE, said(gettext_noop("%(state)s, frist %(date)s"), state=state, date=deadline)
        return TaskStatus.NOT_YET, said(gettext_noop("%(state)s, fristen var %(date)s"), state=state, date=deadline)

    def yearly_meeting_done(self) -> bool:
        return self.facts.yearly_meeting_evaluated_on is not None

    def yearly_meeting(self) -> tuple[TaskStatus, Said]:
        f = self.facts
        if self.yearly_meeting_done():
            return TaskStatus.DONE, said(gettext_noop("Evaluert %(date)s"), date=f.yearly_meeting_evaluated_on)
        planned = due_date(f.year, f.evaluation_due)
        if self.first > planned or self.last < planned:
            return self._outside(planned)
        if f.yearly_meeting_on and f.yearly_meeting_on <= self.as_of:
            state = said(gettext_noop("Holdt %(date)s, ikke evaluert"), date=f.yearly_meeting_on)
        elif f.yearly_meeting_on:
            state = said(gettext_noop("Møtet er %(date)s"), date=f.yearly_meeting_on)
        else:
            state = said(gettext_noop("Ikke avtalt"))
        return self._against(planned, state)


_BY_TASK = {
    Task.INTRO_COURSE: (_Judge.intro_course_done, _Judge.intro_course),
    Task.MEETINGS: (_Judge.meetings_done, _Judge.meetings),
    Task.FAGDAG: (_Judge.fagdag_done, _Judge.fagdag),
    Task.REPORTED_BACK: (_Judge.reported_back_done, _Judge.reported_back),
    Task.WORK_PLAN: (_Judge.work_plan_done, _Judge.work_plan),
    Task.YEARLY_MEETING: (_Judge.yearly_meeting_done, _Judge.yearly_meeting),
}
