"""The development rules at their edges: a one-day activity with the most hours allowed, a
member's last day as a new member, and who among equally often leaders led longer ago."""

import datetime as dt
from decimal import Decimal

from lindra.development import rules

TODAY = dt.date(2027, 5, 10)


def test_an_activity_of_one_day_ending_the_day_it_starts_is_valid():
    assert rules.activity_problems(TODAY, TODAY, Decimal(6), TODAY) == []


def test_an_activity_may_have_the_most_hours_its_period_allows():
    long_ago = TODAY - dt.timedelta(days=400)
    assert rules.max_hours(long_ago, TODAY) == rules.MAX_HOURS
    assert rules.activity_problems(long_ago, TODAY, Decimal(rules.MAX_HOURS), TODAY) == []
    assert rules.activity_problems(long_ago, TODAY, Decimal(rules.MAX_HOURS) + 1, TODAY) == [
        ("hours", rules.HOURS_TOO_MANY)
    ]


def test_a_member_is_new_until_the_last_of_the_new_member_days():
    began = TODAY - dt.timedelta(days=rules.NEW_MEMBER_DAYS)
    assert rules.is_new_member(began, TODAY, has_letter=False, complete=False)
    assert not rules.is_new_member(began - dt.timedelta(days=1), TODAY, has_letter=False, complete=False)


def _ranked(person_id, times_led, last_led_until):
    return rules.Ranked(
        person_id=person_id,
        name=f"Medlem {person_id}",
        times_led=times_led,
        last_led_until=last_led_until,
        member_since=dt.date(2015, 1, 1),
        on_leave=False,
        outgoing=False,
        suggested=True,
    )


def test_one_who_led_as_often_but_longer_ago_is_fairer_than_the_chosen():
    chosen = _ranked(1, 1, dt.date(2024, 12, 31))
    longer_ago = _ranked(2, 1, dt.date(2020, 12, 31))
    more_recently = _ranked(3, 1, dt.date(2026, 12, 31))
    assert rules.fairer_than([chosen, longer_ago, more_recently], 1) == [longer_ago]


def test_one_who_joined_on_the_work_plans_due_day_is_reminded_of_it():
    due = rules.due_date(2027, (3, 31))
    joined = rules.PlanFacts(membership_id=1, starts_on=due, ends_on=None)
    assert rules.plan_missing(joined, due + dt.timedelta(days=1), (3, 31)) == (rules.PARTY_MEMBER,)
