"""People over time's rules: pure functions over plain values, no database access.
Each part appends its own under a header naming it."""

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from lindra.meetings.rules import LeavePeriod, MemberObligation

# --- The member's year (year): every fixed task of the function description (seed 004) -------
#
# Seed 004, "Faste oppgaver": intro course, network meetings, the yearly fagdag, reporting back
# from gatherings to the leader and colleagues, the work plan made with the nearest leader, and
# the annual electronic reporting; "Leders ansvar": the yearly meeting to plan and evaluate the
# work plan. A year is judged by its own dates: what happened in it, and, for a year still
# running, whether a deadline of it has passed yet; never by facts of another year.

# The meetings a member reports back from (seed 003: "Referere fra samlinger og fagdager"):
# the local group's meetings, the fagdag and the intro course; not the committees' own.
GATHERING_KINDS = frozenset({"group", "fagdag", "course"})


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
class TaskOfYear:
    task: Task
    status: TaskStatus
    text: str

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
    tasks: tuple[TaskOfYear, ...]
    leader_owes: tuple[Owed, ...]
    on_leave_all_year: bool
    year_is_over: bool

    def task(self, task: Task) -> TaskOfYear:
        return next(t for t in self.tasks if t.task == task)

    @property
    def open_tasks(self) -> tuple[TaskOfYear, ...]:
        return tuple(t for t in self.tasks if t.is_open)

    @property
    def done(self) -> int:
        return sum(1 for t in self.tasks if t.status == TaskStatus.DONE)

    @property
    def counted(self) -> int:
        """The tasks asked of the member this year (done, or still open)."""
        return sum(1 for t in self.tasks if t.status in OPEN_STATUSES | {TaskStatus.DONE})


def due_date(year: int, month_day: tuple[int, int]) -> dt.date:
    """The policy's day in the year; a 29 February falls on the 28th in other years."""
    month, day = month_day
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _long(day: dt.date) -> str:
    return _long_in(day, get_language())


@lru_cache(maxsize=4096)
def _long_in(day: dt.date, language: str | None) -> str:
    # A network's table writes the same few dates thousands of times.
    return date_format(day, "j. F Y")


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
    year_first, year_last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    as_of = min(today, year_last)
    first = max(facts.starts_on, year_first)
    last = min(facts.ends_on or year_last, year_last)
    member = first <= last
    on_leave = member and _covered_by_leave(first, last, facts.leaves)
    judge = _Judge(facts, as_of, first, last, year_is_over=today > year_last, future=today < year_first)
    tasks = []
    for task, done, judged in (
        (Task.INTRO_COURSE, judge.intro_course_done, judge.intro_course),
        (Task.MEETINGS, judge.meetings_done, judge.meetings),
        (Task.FAGDAG, judge.fagdag_done, judge.fagdag),
        (Task.REPORTED_BACK, judge.reported_back_done, judge.reported_back),
        (Task.WORK_PLAN, judge.work_plan_done, judge.work_plan),
        (Task.YEARLY_MEETING, judge.yearly_meeting_done, judge.yearly_meeting),
    ):
        if done():
            status, text = TaskStatus.DONE, judged()[1]
        elif not member:
            status, text = TaskStatus.NOT_APPLICABLE, _("Ikke medlem i %(year)s") % {"year": year}
        elif on_leave:
            status, text = TaskStatus.NOT_APPLICABLE, _("Permisjon hele året")
        elif judge.future:
            status, text = TaskStatus.NOT_DUE, _("Året har ikke begynt")
        else:
            status, text = judged()
        tasks.append(TaskOfYear(task, status, text))
    tasks.append(
        TaskOfYear(
            Task.ANNUAL_REPORTING,
            TaskStatus.COMING,
            _("Det årlige spørreskjemaet er ikke tatt i bruk i Lindra ennå."),
        )
    )
    by_task = {t.task: t for t in tasks}
    owes = []
    if by_task[Task.WORK_PLAN].is_open and facts.work_plan_status == "submitted":
        owes.append(Owed.AGREE_PLAN)
    if by_task[Task.YEARLY_MEETING].is_open:
        owes.append(Owed.HOLD_MEETING)
    return MemberYear(
        year=year,
        facts=facts,
        tasks=tuple(tasks),
        leader_owes=tuple(owes),
        on_leave_all_year=on_leave,
        year_is_over=today > year_last,
    )


@dataclass(frozen=True)
class _Judge:
    """Each task's status and text once it is asked of the member (a member in the year, not
    on leave all of it); the *_done methods say whether its fact is there."""

    facts: YearFacts
    as_of: dt.date  # today, or the year's last day once it is over
    first: dt.date  # the first and last day of the membership within the year
    last: dt.date
    year_is_over: bool
    future: bool

    def intro_course_done(self) -> bool:
        completed = self.facts.intro_course_completed_on
        return completed is not None and completed.year <= self.facts.year

    def intro_course(self) -> tuple[TaskStatus, str]:
        if self.intro_course_done():
            return TaskStatus.DONE, _("Fullført %(date)s") % {"date": _long(self.facts.intro_course_completed_on)}
        if self.year_is_over:
            return TaskStatus.NOT_YET, _("Ikke fullført i %(year)s") % {"year": self.facts.year}
        return TaskStatus.NOT_YET, _("Ikke fullført ennå")

    def meetings_done(self) -> bool:
        o = self.facts.meetings
        return o.expected > 0 and o.attended >= o.expected

    def meetings(self) -> tuple[TaskStatus, str]:
        o = self.facts.meetings
        if o.expected == 0:
            if self.year_is_over:
                return TaskStatus.NOT_APPLICABLE, _("Ingen møter å delta på i %(year)s") % {"year": self.facts.year}
            return TaskStatus.NOT_DUE, _("Ingen møter holdt ennå i år")
        text = _("Deltok på %(attended)s av %(expected)s") % {"attended": o.attended, "expected": o.expected}
        if self.meetings_done():
            return TaskStatus.DONE, text if self.year_is_over else _("%(text)s så langt") % {"text": text}
        absences = ngettext("%(n)s fravær", "%(n)s fravær", o.absences) % {"n": o.absences}
        text = f"{text}, {absences}"
        if o.needs_follow_up:
            text = _("%(text)s: følges opp") % {"text": text}
        return TaskStatus.NOT_YET, text

    def fagdag_done(self) -> bool:
        return self.facts.fagdag_attended_on is not None

    def _on_leave(self, day: dt.date) -> bool:
        return any(leave.covers(day) for leave in self.facts.leaves)

    def fagdag(self) -> tuple[TaskStatus, str]:
        if self.fagdag_done():
            return TaskStatus.DONE, _("Deltok %(date)s") % {"date": _long(self.facts.fagdag_attended_on)}
        days = sorted(self.facts.fagdags, key=lambda f: f.on)
        asked = [f for f in days if self.first <= f.on <= self.last and not self._on_leave(f.on)]
        upcoming = [f for f in asked if f.on > self.as_of]
        held = [f for f in asked if f.on <= self.as_of]
        if held and all(f.attendance_recorded for f in held):
            return TaskStatus.NOT_YET, _("Deltok ikke på fagdagen %(date)s") % {"date": _long(held[-1].on)}
        if upcoming:
            return TaskStatus.NOT_DUE, _("Fagdagen er %(date)s") % {"date": _long(upcoming[0].on)}
        if held:
            return TaskStatus.NOT_DUE, _("Oppmøtet fra fagdagen %(date)s er ikke registrert ennå") % {
                "date": _long(held[-1].on)
            }
        if days:
            day = days[-1].on
            if day < self.first:
                return TaskStatus.NOT_APPLICABLE, _("Ble medlem etter fagdagen %(date)s") % {"date": _long(day)}
            if day > self.last:
                return TaskStatus.NOT_APPLICABLE, _("Sluttet før fagdagen %(date)s") % {"date": _long(day)}
            return TaskStatus.NOT_APPLICABLE, _("Permisjon på fagdagen %(date)s") % {"date": _long(day)}
        if self.year_is_over:
            return TaskStatus.NOT_APPLICABLE, _("Ingen fagdag i nettverket i %(year)s") % {"year": self.facts.year}
        return TaskStatus.NOT_DUE, _("Ingen fagdag er satt opp ennå")

    def reported_back_done(self) -> bool:
        f = self.facts
        return f.gatherings_attended > 0 and f.gatherings_reported >= f.gatherings_attended

    def reported_back(self) -> tuple[TaskStatus, str]:
        f = self.facts
        if f.gatherings_attended == 0:
            if self.year_is_over:
                return TaskStatus.NOT_APPLICABLE, _("Ingen samlinger å referere fra i %(year)s") % {"year": f.year}
            return TaskStatus.NOT_DUE, _("Ingen samlinger å referere fra ennå")
        text = _("Referert fra %(reported)s av %(attended)s samlinger") % {
            "reported": min(f.gatherings_reported, f.gatherings_attended),
            "attended": f.gatherings_attended,
        }
        return (TaskStatus.DONE if self.reported_back_done() else TaskStatus.NOT_YET), text

    def _deadline(self, planned: dt.date) -> dt.date | None:
        """A deadline of the year for this membership: the policy's day, or, for one who joined
        after it, the evaluation day; None when the membership does not reach it."""
        evaluation = due_date(self.facts.year, self.facts.evaluation_due)
        deadline = planned if self.first <= planned else evaluation
        if self.first > evaluation or self.last < deadline:
            return None
        return deadline

    def _outside(self, planned: dt.date) -> tuple[TaskStatus, str]:
        if self.first > planned:
            return TaskStatus.NOT_APPLICABLE, _("Ble medlem etter fristen %(date)s") % {"date": _long(planned)}
        return TaskStatus.NOT_APPLICABLE, _("Sluttet før fristen %(date)s") % {"date": _long(planned)}

    def work_plan_done(self) -> bool:
        return self.facts.work_plan_status == "agreed"

    def work_plan(self) -> tuple[TaskStatus, str]:
        f = self.facts
        if self.work_plan_done():
            if f.work_plan_agreed_on:
                return TaskStatus.DONE, _("Avtalt %(date)s") % {"date": _long(f.work_plan_agreed_on)}
            return TaskStatus.DONE, _("Avtalt")
        planned = due_date(f.year, f.work_plan_due)
        deadline = self._deadline(planned)
        if deadline is None:
            return self._outside(due_date(f.year, f.evaluation_due) if self.first > planned else planned)
        state = {
            None: _("Ingen plan ennå"),
            "draft": _("Utkast"),
            "submitted": _("Sendt til nærmeste leder"),
            "changes": _("Lederen ber om endringer"),
        }.get(f.work_plan_status, _("Ingen plan ennå"))
        return self._against(deadline, state)

    def _against(self, deadline: dt.date, state: str) -> tuple[TaskStatus, str]:
        if self.as_of <= deadline:
            return TaskStatus.NOT_DUE, _("%(state)s, frist %(date)s") % {"state": state, "date": _long(deadline)}
        return TaskStatus.NOT_YET, _("%(state)s, fristen var %(date)s") % {"state": state, "date": _long(deadline)}

    def yearly_meeting_done(self) -> bool:
        return self.facts.yearly_meeting_evaluated_on is not None

    def yearly_meeting(self) -> tuple[TaskStatus, str]:
        f = self.facts
        if self.yearly_meeting_done():
            return TaskStatus.DONE, _("Evaluert %(date)s") % {"date": _long(f.yearly_meeting_evaluated_on)}
        planned = due_date(f.year, f.evaluation_due)
        if self.first > planned or self.last < planned:
            return self._outside(planned)
        if f.yearly_meeting_on and f.yearly_meeting_on <= self.as_of:
            state = _("Holdt %(date)s, ikke evaluert") % {"date": _long(f.yearly_meeting_on)}
        elif f.yearly_meeting_on:
            state = _("Møtet er %(date)s") % {"date": _long(f.yearly_meeting_on)}
        else:
            state = _("Ikke avtalt")
        return self._against(planned, state)
