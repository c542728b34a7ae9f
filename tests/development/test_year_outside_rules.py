"""A task of the member's year that fell outside the membership says why: the member joined after
its deadline, or left before it."""

import datetime as dt

from lindra.development.rules import Task, TaskStatus, member_year
from tests.development.test_year_rules import AFTER_THE_YEAR, YEAR, facts


def _said(the_facts, task):
    judged = member_year(the_facts, AFTER_THE_YEAR).task(task)
    return judged.status, judged.text


def test_one_who_joined_after_the_deadlines_is_told_so():
    joined = facts(starts_on=dt.date(YEAR, 12, 10))
    assert _said(joined, Task.WORK_PLAN) == (TaskStatus.NOT_APPLICABLE, "Ble medlem etter fristen 1. desember 2026")
    assert _said(joined, Task.YEARLY_MEETING) == (
        TaskStatus.NOT_APPLICABLE,
        "Ble medlem etter fristen 1. desember 2026",
    )


def test_one_who_left_before_the_deadlines_is_told_so():
    left = facts(ends_on=dt.date(YEAR, 2, 15))
    assert _said(left, Task.WORK_PLAN) == (TaskStatus.NOT_APPLICABLE, "Sluttet før fristen 31. mars 2026")
    assert _said(left, Task.YEARLY_MEETING) == (TaskStatus.NOT_APPLICABLE, "Sluttet før fristen 1. desember 2026")


def test_one_who_joined_on_the_evaluation_day_owes_the_yearly_meeting():
    joined = facts(starts_on=dt.date(YEAR, 12, 1))
    assert _said(joined, Task.YEARLY_MEETING)[0] != TaskStatus.NOT_APPLICABLE


def test_the_work_plan_is_owed_by_one_who_joined_on_its_due_day_or_left_on_it():
    joined = facts(starts_on=dt.date(YEAR, 3, 31))
    assert member_year(joined, dt.date(YEAR, 3, 31)).task(Task.WORK_PLAN).text == "Ingen plan ennå, frist 31. mars 2026"
    assert _said(facts(starts_on=dt.date(YEAR, 12, 1)), Task.WORK_PLAN)[0] != TaskStatus.NOT_APPLICABLE
    assert _said(facts(ends_on=dt.date(YEAR, 3, 31)), Task.WORK_PLAN)[0] != TaskStatus.NOT_APPLICABLE
