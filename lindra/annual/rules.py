"""The annual cycle's rules: pure functions of plain values, one section per part."""


# --- Questionnaire: the yearly electronic reporting (seed 004) -------------------------------
#
# Which questions a respondent sees (a question may be shown only after a given answer to an
# earlier one), what a filled-in form is worth, when the questionnaire opens, reminds and
# closes, and when a breakdown of the results may be shown without revealing anyone.

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

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
