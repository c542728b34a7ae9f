"""The fair suggestion of the next group leader (seed 000: the role "går på rundgang mellom
medlemmene av gruppen", two years at a time), and when the group is told, over random
histories of memberships, leaves and earlier terms."""

import datetime as dt
import itertools
import random

from hypothesis import given
from hypothesis import strategies as st

from lindra.development import rules
from lindra.development.rules import MemberHistory

START = dt.date(2027, 3, 1)  # the day the new term starts
EPOCH = dt.date(2015, 1, 1)
OUTGOING = 0


def days(n: int) -> dt.date:
    return EPOCH + dt.timedelta(days=n)


@st.composite
def periods(draw, *, max_size: int = 3) -> tuple:
    found = []
    for _ in range(draw(st.integers(0, max_size))):
        start = draw(st.integers(0, 5000))
        length = draw(st.one_of(st.none(), st.integers(0, 1500)))
        found.append((days(start), None if length is None else days(start + length)))
    return tuple(found)


@st.composite
def histories(draw) -> list[MemberHistory]:
    count = draw(st.integers(0, 8))
    names = draw(st.lists(st.sampled_from(["Åse", "Ola", "Kari", "Øyvind", "Per", "Anne"]), min_size=count))
    return [
        MemberHistory(
            person_id=i,
            name=names[i],
            memberships=draw(periods()),
            leaves=draw(periods(max_size=2)),
            led=draw(periods(max_size=3)),
        )
        for i in range(count)
    ]


def rank(people: list[MemberHistory], starts_on: dt.date = START, outgoing: int | None = OUTGOING):
    return rules.leader_ranking(people, starts_on=starts_on, outgoing_person_id=outgoing)


def is_member(history: MemberHistory, on: dt.date) -> bool:
    return any(s <= on and (e is None or on <= e) for s, e in history.memberships)


def is_on_leave(history: MemberHistory, on: dt.date) -> bool:
    return any(s <= on and (e is None or on <= e) for s, e in history.leaves)


def fairness(r: rules.Ranked) -> tuple:
    return (r.times_led, r.last_led_until or dt.date.min)


@given(histories())
def test_the_ranking_lists_exactly_the_members_on_the_day_the_term_starts(people):
    assert {r.person_id for r in rank(people)} == {h.person_id for h in people if is_member(h, START)}


@given(histories())
def test_nobody_on_leave_that_day_is_suggested(people):
    by_id = {h.person_id: h for h in people}
    for r in rank(people):
        assert r.on_leave == is_on_leave(by_id[r.person_id], START)
        assert not (r.suggested and r.on_leave)


@given(histories())
def test_the_outgoing_leader_is_suggested_only_when_nobody_else_can_be(people):
    ranking = rank(people)
    others = [r for r in ranking if not r.on_leave and not r.outgoing]
    outgoing = [r for r in ranking if r.outgoing and not r.on_leave]
    for r in outgoing:
        assert r.suggested == (not others)
    assert all(r.suggested for r in others)


@given(histories())
def test_the_suggested_come_first_least_led_and_longest_ago_first(people):
    ranking = rank(people)
    flags = [r.suggested for r in ranking]
    assert flags == sorted(flags, reverse=True)
    suggested = [r for r in ranking if r.suggested]
    for first, then in itertools.pairwise(suggested):
        assert fairness(first) <= fairness(then)
        if fairness(first) == fairness(then):
            assert first.member_since <= then.member_since  # the longer membership first


@given(histories())
def test_the_first_suggested_has_led_least_of_all_who_can_be_suggested(people):
    ranking = rank(people)
    suggested = [r for r in ranking if r.suggested]
    if suggested:
        assert suggested[0].times_led == min(r.times_led for r in suggested)


@given(histories())
def test_only_terms_begun_before_the_new_one_count_and_they_end_the_day_before_at_the_latest(people):
    by_id = {h.person_id: h for h in people}
    for r in rank(people):
        earlier = [t for t in by_id[r.person_id].led if t[0] < START]
        assert r.times_led == len(earlier)
        assert (r.last_led_until is None) == (not earlier)
        if r.last_led_until is not None:
            assert r.last_led_until < START


@given(histories(), st.randoms(use_true_random=False))
def test_the_order_of_the_histories_does_not_matter(people, rng: random.Random):
    shuffled = list(people)
    rng.shuffle(shuffled)
    assert rank(shuffled) == rank(people)


@given(histories())
def test_the_suggestion_is_the_first_three_of_those_suggested(people):
    ranking = rank(people)
    assert rules.suggestion(ranking) == [r for r in ranking if r.suggested][:3]


@given(histories())
def test_choosing_the_first_suggested_warns_of_nothing_and_someone_fairer_is_always_named(people):
    ranking = rank(people)
    suggested = [r for r in ranking if r.suggested]
    if suggested:
        assert rules.choice_warnings(ranking, suggested[0].person_id) == []
    for r in ranking:
        fairer = rules.fairer_than(ranking, r.person_id)
        assert (rules.ChoiceWarning.LED_MORE in rules.choice_warnings(ranking, r.person_id)) == bool(fairer)
        assert all(fairness(f) < fairness(r) and f.suggested for f in fairer)


def test_never_led_comes_before_led_long_ago_and_ties_go_by_membership_then_name():
    member = ((dt.date(2018, 1, 1), None),)
    people = [
        MemberHistory(1, "Kari Led", member, (), ((dt.date(2019, 1, 1), dt.date(2020, 12, 31)),)),
        MemberHistory(2, "Åse Ny", ((dt.date(2024, 1, 1), None),), (), ()),
        MemberHistory(3, "Anne Ny", ((dt.date(2024, 1, 1), None),), (), ()),
        MemberHistory(4, "Per Lenge", member, (), ()),
        MemberHistory(5, "Ola Nylig", member, (), ((dt.date(2023, 1, 1), dt.date(2024, 12, 31)),)),
        MemberHistory(6, "Liv Permisjon", member, ((dt.date(2027, 2, 1), dt.date(2027, 6, 30)),), ()),
        MemberHistory(0, "Gunnar Går", member, (), ((dt.date(2025, 3, 1), dt.date(2027, 2, 28)),)),
    ]
    ranking = rank(people)
    assert [r.name for r in ranking] == [
        "Per Lenge",  # never led, member longest
        "Anne Ny",  # never led, same start as Åse: by name, Å last in Norwegian
        "Åse Ny",
        "Kari Led",  # led once, longest ago
        "Ola Nylig",
        "Liv Permisjon",  # left out: on leave 1 March
        "Gunnar Går",  # left out: the outgoing leader
    ]
    assert [r.name for r in rules.suggestion(ranking)] == ["Per Lenge", "Anne Ny", "Åse Ny"]
    assert rules.choice_warnings(ranking, 6) == [rules.ChoiceWarning.ON_LEAVE]
    assert rules.choice_warnings(ranking, 0) == [rules.ChoiceWarning.LED_MORE]


def test_the_outgoing_leader_is_suggested_when_nobody_else_can_lead():
    member = ((dt.date(2018, 1, 1), None),)
    people = [
        MemberHistory(0, "Gunnar Går", member, (), ((dt.date(2025, 3, 1), dt.date(2027, 2, 28)),)),
        MemberHistory(1, "Liv Permisjon", member, ((dt.date(2027, 1, 1), None),), ()),
    ]
    assert [r.name for r in rules.suggestion(rank(people))] == ["Gunnar Går"]


END = dt.date(2027, 2, 28)


@given(st.integers(0, 400), st.integers(-500, 500), st.booleans())
def test_the_group_is_told_from_the_notice_days_before_until_the_last_day_unless_a_successor_is_chosen(
    notice_days, offset, successor
):
    today = END + dt.timedelta(days=offset)
    due = rules.leader_notice_due(END, notice_days, today, has_successor=successor)
    assert due == (not successor and END - dt.timedelta(days=notice_days) <= today <= END)


def test_a_term_without_an_end_is_never_due_a_notice():
    assert not rules.leader_notice_due(None, 60, END, has_successor=False)


def test_the_next_term_starts_the_day_after_and_a_term_without_an_end_is_followed_after_its_two_years():
    assert rules.successor_starts_on(dt.date(2025, 3, 1), END, 2, dt.date(2026, 1, 1)) == dt.date(2027, 3, 1)
    assert rules.successor_starts_on(dt.date(2025, 3, 1), None, 2, dt.date(2026, 1, 1)) == dt.date(2027, 3, 1)
    assert rules.successor_starts_on(dt.date(2020, 3, 1), None, 2, dt.date(2026, 1, 1)) == dt.date(2026, 1, 2)
