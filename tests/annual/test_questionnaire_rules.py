"""The questionnaire's rules: which questions are shown, what an answer is worth, when it opens,
reminds and closes, and when a breakdown may be shown without revealing anyone."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.annual import rules
from lindra.annual.rules import QuestionFacts, QuestionnaireState, ReminderDay

YES_NO = ("Ja", "Nei")
GATE = QuestionFacts(1, "single", required=True, choices=YES_NO)
FOLLOW = QuestionFacts(2, "text", required=True, shown_if=1, shown_if_answer="Nei")
DEEPER = QuestionFacts(3, "number", required=True, low=0, high=10, shown_if=2, shown_if_answer="x")
SCALE = QuestionFacts(4, "scale", low=1, high=5)
MANY = QuestionFacts(5, "multiple", choices=("A", "B", "C"))


def test_a_question_with_a_condition_is_shown_only_after_its_answer():
    assert rules.shown([GATE, FOLLOW], {1: "Ja"}) == {1}
    assert rules.shown([GATE, FOLLOW], {1: "Nei"}) == {1, 2}
    assert rules.shown([GATE, FOLLOW], {}) == {1}


def test_a_condition_on_a_multiple_choice_is_met_when_the_choice_is_among_the_answers():
    q = QuestionFacts(6, "text", shown_if=5, shown_if_answer="B")
    assert rules.shown([MANY, q], {5: ["A", "B"]}) == {5, 6}
    assert rules.shown([MANY, q], {5: ["A"]}) == {5}


answers = st.dictionaries(
    st.sampled_from([1, 2, 3, 4, 5]),
    st.one_of(st.sampled_from(["Ja", "Nei", "x", "", "3", "11", "A"]), st.lists(st.sampled_from("ABCD"))),
)


@given(answers)
def test_a_shown_question_s_condition_is_itself_shown_and_answered_as_it_waits_for(given_answers):
    questions = [GATE, FOLLOW, DEEPER, SCALE, MANY]
    visible = rules.shown(questions, given_answers)
    for q in questions:
        if q.id in visible and q.shown_if is not None:
            assert q.shown_if in visible
            assert rules.gives(given_answers.get(q.shown_if), q.shown_if_answer)
        if q.shown_if is None:
            assert q.id in visible


@given(answers, st.booleans())
def test_what_is_kept_is_never_the_answer_to_a_hidden_question_and_is_always_valid(raw, finishing):
    questions = [GATE, FOLLOW, DEEPER, SCALE, MANY]
    values, errors = rules.clean_answers(questions, raw, finishing=finishing)
    visible = rules.shown(questions, values)
    assert set(values) <= visible
    assert set(errors) <= visible
    assert not set(values) & set(errors)
    for q in questions:
        if q.id in values and q.kind in ("number", "scale"):
            assert q.low <= values[q.id] <= q.high
        if q.id in values and q.kind == "single":
            assert values[q.id] in q.choices
        if finishing and q.required and q.id in visible:
            assert q.id in values or q.id in errors


def test_a_hidden_question_s_answer_is_dropped():
    values, errors = rules.clean_answers([GATE, FOLLOW], {1: "Ja", 2: "Fordi"}, finishing=True)
    assert values == {1: "Ja"}
    assert errors == {}


def test_finishing_asks_for_the_required_questions_shown_a_draft_does_not():
    assert rules.clean_answers([GATE, FOLLOW], {1: "Nei"}, finishing=True)[1] == {2: "Svar på dette spørsmålet."}
    assert rules.clean_answers([GATE, FOLLOW], {1: "Nei"}, finishing=False) == ({1: "Nei"}, {})


def test_numbers_and_scales_out_of_range_or_not_numbers_are_errors_in_norwegian():
    number = QuestionFacts(7, "number", low=0, high=20)
    assert rules.clean_answers([number], {7: "21"}, finishing=False)[1] == {7: "Svaret må være fra 0 til 20."}
    assert rules.clean_answers([number], {7: "tre"}, finishing=False)[1] == {7: "Skriv et helt tall."}
    assert rules.clean_answers([SCALE], {4: "0"}, finishing=False)[1] == {4: "Svaret må være fra 1 til 5."}
    assert rules.clean_answers([number], {7: " 20 "}, finishing=True)[0] == {7: 20}
    assert rules.clean_answers([GATE], {1: "Kanskje"}, finishing=False)[1] == {1: "Velg ett av svaralternativene."}


@given(st.integers(0, 60), st.lists(st.integers(0, 120), max_size=4))
def test_a_breakdown_is_shown_only_for_five_or_more_and_never_a_few_apart_from_a_larger(count, larger):
    larger = [count + extra for extra in larger]
    shown = rules.breakdown_shown(count, larger)
    if count < rules.ANONYMITY_MINIMUM:
        assert not shown
    if shown:
        assert all(n == count or n - count >= rules.ANONYMITY_MINIMUM for n in larger)
    if count >= rules.ANONYMITY_MINIMUM and all(n == count or n - count >= 5 for n in larger):
        assert shown


def test_four_answers_are_fewer_than_five():
    assert not rules.breakdown_shown(4)
    assert rules.breakdown_shown(5)
    assert not rules.breakdown_shown(5, [7])  # the two others would show
    assert rules.breakdown_shown(5, [5, 10])


D = dt.date(2027, 3, 1)


def test_the_state_follows_the_days_and_whether_it_was_sent():
    assert rules.questionnaire_state(D, D + dt.timedelta(days=9), False, D - dt.timedelta(days=1)) == "planned"
    assert rules.questionnaire_state(D, D + dt.timedelta(days=9), True, D) == QuestionnaireState.OPEN
    assert rules.questionnaire_state(D, D, True, D + dt.timedelta(days=1)) == QuestionnaireState.CLOSED
    assert rules.questionnaire_state(D, D, False, D + dt.timedelta(days=1)) == QuestionnaireState.NEVER_SENT


@given(st.integers(-5, 20), st.booleans())
def test_opening_is_due_from_the_opening_day_until_it_closes_once(offset, sent):
    closes = D + dt.timedelta(days=10)
    today = D + dt.timedelta(days=offset)
    assert rules.opening_due(D, closes, sent, today) == (not sent and D <= today <= closes)


days_strategy = st.lists(st.integers(1, 30), unique=True, max_size=5)


@given(days_strategy, st.integers(0, 40), st.integers(0, 10))
def test_at_most_one_reminder_is_sent_and_it_is_the_latest_due_before_closing(offsets, today_offset, sent_offset):
    days = [ReminderDay(i, D + dt.timedelta(days=o), False) for i, o in enumerate(offsets)]
    today = D + dt.timedelta(days=today_offset)
    sent_on = D + dt.timedelta(days=sent_offset)
    closes = D + dt.timedelta(days=25)
    send, settle = rules.reminders_due(days, today, sent_on, closes)
    due = [d for d in days if d.on <= today]
    assert set(settle) == {d.id for d in due}
    if send is not None:
        chosen = next(d for d in days if d.id == send)
        assert today <= closes and sent_on < chosen.on <= today
        assert chosen.on == max(d.on for d in due)
    elif today <= closes:
        assert not [d for d in due if d.on > sent_on]


def test_nothing_is_reminded_before_the_questionnaire_went_out():
    assert rules.reminders_due([ReminderDay(1, D, False)], D, None, D) == (None, [])


def test_counts_follow_the_choices_and_the_steps():
    assert rules.counts_of(MANY, [["A", "B"], ["B"]]) == [("A", 1), ("B", 2), ("C", 0)]
    assert rules.counts_of(SCALE, [1, 5, 5]) == [("1", 1), ("2", 0), ("3", 0), ("4", 0), ("5", 2)]


@given(st.lists(st.integers(0, 500), max_size=50))
def test_number_ranges_count_every_value_once(values):
    ranges = rules.number_ranges(values)
    assert sum(n for _label, n in ranges) == len(values)
    assert len(ranges) <= 8
