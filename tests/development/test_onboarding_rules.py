"""The rules of onboarding, over every input: who is due a welcome letter on a day, which
function description a member accepts, the checklist, who the onboarding pages list, and the
template's variables."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lindra.development import rules
from lindra.development.rules import ChecklistFacts, Item, State

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
STALE = rules.WELCOME_LETTER_STALE_AFTER_DAYS


@given(starts_on=days, today=days, ends_in=st.none() | st.integers(0, 800), has_letter=st.booleans())
def test_a_letter_is_due_only_from_the_first_day_for_thirty_days_while_none_is_written(
    starts_on, today, ends_in, has_letter
):
    ends_on = None if ends_in is None else starts_on + dt.timedelta(days=ends_in)
    due = rules.is_due_welcome_letter(starts_on, ends_on, today, has_letter=has_letter)
    age = (today - starts_on).days
    assert due == (not has_letter and 0 <= age <= STALE and (ends_on is None or ends_on >= today))
    first, last = rules.welcome_letter_window(today)
    if due:
        assert first <= starts_on <= last


@given(starts_on=days)
def test_the_days_a_membership_is_due_are_its_first_thirty_one(starts_on):
    """Run every day, the job finds a membership due on these days and no other; the first run
    writes the letter, and after that it is never due again."""
    window = [starts_on + dt.timedelta(days=n) for n in range(-5, STALE + 10)]
    due = [day for day in window if rules.is_due_welcome_letter(starts_on, None, day, has_letter=False)]
    assert due == [starts_on + dt.timedelta(days=n) for n in range(STALE + 1)]
    assert not any(rules.is_due_welcome_letter(starts_on, None, day, has_letter=True) for day in window)


professions = st.sampled_from(["", "SP", "FT", "ET"])
descriptions = st.lists(
    st.builds(rules.Description, id=st.integers(1, 10_000), profession=professions, approved_on=days),
    unique_by=lambda d: d.id,
    max_size=8,
)


@given(descriptions=descriptions, profession=professions, on=days)
def test_a_member_accepts_the_newest_approved_for_her_profession_else_the_newest_for_all(descriptions, profession, on):
    found = rules.current_description(descriptions, profession, on)
    approved = [d for d in descriptions if d.approved_on <= on]
    own = [d for d in approved if profession and d.profession == profession]
    if found is None:
        assert not own and not [d for d in approved if not d.profession]
        return
    chosen = next(d for d in descriptions if d.id == found)
    assert chosen.approved_on <= on
    if own:
        assert chosen.profession == profession
        assert all((d.approved_on, d.id) <= (chosen.approved_on, chosen.id) for d in own)
    else:
        assert chosen.profession == ""
        assert all(d.approved_on <= chosen.approved_on for d in approved if not d.profession)


def test_a_description_approved_later_is_not_yet_the_one():
    old = rules.Description(1, "", dt.date(2024, 1, 1))
    new = rules.Description(2, "", dt.date(2026, 1, 1))
    assert rules.current_description([old, new], "SP", dt.date(2025, 6, 1)) == 1
    assert rules.current_description([old, new], "SP", dt.date(2026, 1, 1)) == 2


facts = st.builds(ChecklistFacts)


@given(facts=facts)
def test_the_checklist_is_complete_exactly_when_each_thing_is_done(facts):
    checklist = rules.checklist(facts)
    assert [item for item, _state in checklist.states] == list(Item)
    expected = {
        Item.LETTER: facts.letter_sent,
        Item.MEMBER_ACCEPTED: facts.member_accepted or facts.signed_on_paper,
        Item.LEADER_ACCEPTED: facts.leader_accepted or facts.signed_on_paper,
        Item.INTRO_COURSE: facts.intro_course_completed,
    }
    assert {item: checklist.state(item) == State.DONE for item in Item} == expected
    assert checklist.complete == all(expected.values())
    assert checklist.missing == [item for item in Item if not expected[item]]


@given(facts=facts)
def test_the_checklist_says_why_a_letter_or_a_leaders_acceptance_is_missing(facts):
    checklist = rules.checklist(facts)
    if facts.has_letter and not facts.letter_sent:
        assert checklist.state(Item.LETTER) == State.NO_EMAIL  # printed, not e-mailed
    if not facts.has_letter and not facts.letter_sent:
        assert checklist.state(Item.LETTER) == State.MISSING
    if not (facts.leader_accepted or facts.signed_on_paper):
        wanted = State.MISSING if facts.has_nearest_leader else State.NO_LEADER
        assert checklist.state(Item.LEADER_ACCEPTED) == wanted


@given(starts_on=days, today=days, has_letter=st.booleans(), complete=st.booleans())
def test_the_pages_list_the_years_new_and_older_ones_lindra_welcomed_who_still_miss_something(
    starts_on, today, has_letter, complete
):
    listed = rules.is_new_member(starts_on, today, has_letter=has_letter, complete=complete)
    age = (today - starts_on).days
    assert listed == (age >= 0 and (age <= rules.NEW_MEMBER_DAYS or (has_letter and not complete)))


names = st.sampled_from(["fornavn", "lokalgruppe", "gruppeleder", "neste_mote", "ukjent", "gruppe"])
plain = st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=20)


@given(parts=st.lists(st.tuples(plain, names, st.sampled_from(["{{ %s }}", "{{%s}}", "{{  %s }}"])), max_size=6))
def test_each_known_code_is_filled_in_and_each_unknown_one_named_once(parts):
    known = {"fornavn", "lokalgruppe", "gruppeleder", "neste_mote"}
    values = {name: f"<{name}>" for name in known}
    text = "".join(before + form % name for before, name, form in parts)
    filled = rules.fill_in(text, values)
    assert filled == "".join(before + (values[name] if name in known else form % name) for before, name, form in parts)
    unknown = rules.unknown_variables(text, known)
    assert unknown == list(dict.fromkeys(name for _before, name, _form in parts if name not in known))


def test_lindras_own_letter_uses_only_codes_it_fills_in():
    from lindra.development import onboarding

    text = onboarding.default_template_text()
    assert rules.unknown_variables(text, onboarding.VARIABLE_NAMES) == []
    assert set(rules.VARIABLE.findall(text)) == onboarding.VARIABLE_NAMES - {"navn", "startdato"}
