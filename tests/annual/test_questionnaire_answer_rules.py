"""What a respondent's answers are worth, what the respondent is told of a wrong one, and how the
results are counted for their charts and tables."""

import datetime as dt
import itertools
import re

from hypothesis import example, given
from hypothesis import strategies as st

from lindra.annual import rules
from lindra.annual.rules import NumberFigures, QuestionFacts, QuestionnaireState, ReminderDay

YES_NO = QuestionFacts(1, "single", required=True, choices=("Ja", "Nei"))
MANY = QuestionFacts(2, "multiple", required=True, choices=("A", "B", "C"))
WHY = QuestionFacts(3, "text", required=True)
SCALE = QuestionFacts(4, "scale", low=1, high=5)
HOURS = QuestionFacts(5, "number", low=0, high=500)


def test_the_ticked_choices_are_kept_in_the_questions_order():
    values, errors = rules.clean_answers([MANY], {2: ["C", "A"]}, finishing=True)
    assert (values, errors) == ({2: ["A", "C"]}, {})


def test_a_choice_that_is_not_offered_is_refused_with_a_message():
    values, errors = rules.clean_answers([MANY], {2: ["A", "D"]}, finishing=False)
    assert (values, errors) == ({}, {2: "Velg blant svaralternativene."})


def test_the_ends_of_a_scale_are_answers():
    assert rules.clean_answers([SCALE], {4: "1"}, finishing=True) == ({4: 1}, {})
    assert rules.clean_answers([SCALE], {4: "5"}, finishing=True) == ({4: 5}, {})


def test_a_text_is_kept_without_the_spaces_around_it():
    assert rules.clean_answers([WHY], {3: "  Fordi vi lærte mye. "}, finishing=True) == ({3: "Fordi vi lærte mye."}, {})


def test_a_text_may_be_as_long_as_the_limit_and_no_longer():
    at_limit = "x" * rules.TEXT_LIMIT
    assert rules.clean_answers([WHY], {3: at_limit}, finishing=True) == ({3: at_limit}, {})
    assert rules.clean_answers([WHY], {3: at_limit + "x"}, finishing=False) == (
        {},
        {3: "Svaret kan være på høyst 5000 tegn."},
    )


def test_nothing_ticked_or_only_spaces_is_no_answer_to_a_required_question():
    values, errors = rules.clean_answers([MANY, WHY], {2: [], 3: "   "}, finishing=True)
    assert values == {}
    assert errors == {2: "Svar på dette spørsmålet.", 3: "Svar på dette spørsmålet."}


def test_a_question_left_empty_does_not_lose_the_answers_after_it():
    values, errors = rules.clean_answers([YES_NO, MANY, WHY], {1: "", 2: ["B"], 3: "Ja"}, finishing=False)
    assert (values, errors) == ({2: ["B"], 3: "Ja"}, {})


D = dt.date(2027, 3, 1)
CLOSES = D + dt.timedelta(days=20)


def test_the_questionnaire_is_open_on_its_closing_day():
    assert rules.questionnaire_state(D, CLOSES, True, CLOSES) == QuestionnaireState.OPEN
    assert rules.questionnaire_state(D, CLOSES, True, CLOSES + dt.timedelta(days=1)) == QuestionnaireState.CLOSED


def test_a_reminder_on_the_closing_day_is_sent():
    assert rules.reminders_due([ReminderDay(7, CLOSES, False)], CLOSES, D, CLOSES) == (7, [7])


def test_each_single_choice_is_counted():
    assert rules.counts_of(YES_NO, ["Ja", "Nei", "Ja", None]) == [("Ja", 2), ("Nei", 1)]


def test_numbers_are_counted_by_their_values():
    assert rules.counts_of(HOURS, [3, 5, 3, "", None]) == [("3", 2), ("4", 0), ("5", 1)]


def _bounds(label: str) -> tuple[int, int]:
    first, _dash, last = label.partition("–")
    return int(first), int(last or first)


@given(st.lists(st.integers(0, 500), min_size=1, max_size=50), st.integers(1, 10))
@example([5, 6], 8)  # few values far from 0
@example([1, 8], 8)  # as many values as there may be ranges
@example([0, 15], 8)  # a span that the ranges divide exactly
def test_few_values_are_shown_one_by_one_and_many_in_the_fewest_equal_ranges(values, most):
    ranges = rules.number_ranges(values, most)
    low, high = min(values), max(values)
    span = high - low + 1
    bounds = [_bounds(label) for label, _n in ranges]
    assert [n for _label, n in ranges] == [sum(1 for v in values if a <= v <= b) for a, b in bounds]
    if span <= most:
        assert [label for label, _n in ranges] == [str(v) for v in range(low, high + 1)]
        return
    width = bounds[0][1] - bounds[0][0] + 1
    assert (width - 1) * most < span <= width * most  # the narrowest ranges that fit in `most`
    assert bounds[0][0] == low and bounds[-1][1] == high
    assert all(b - a + 1 == width for a, b in bounds[:-1])
    assert all(next_a == b + 1 for (_a, b), (next_a, _b) in itertools.pairwise(bounds))
    assert all(re.fullmatch(r"\d+–\d+", label) for label, _n in ranges)


def test_the_figures_of_numbers_are_their_count_mean_median_and_ends():
    assert rules.number_figures([2, 1, 2, 10]) == NumberFigures(count=4, mean=3.8, median=2.0, low=1, high=10)
    assert rules.number_figures([1, 2, 2]) == NumberFigures(count=3, mean=1.7, median=2, low=1, high=2)
    assert rules.number_figures([]) == NumberFigures(count=0, mean=None, median=None, low=None, high=None)
