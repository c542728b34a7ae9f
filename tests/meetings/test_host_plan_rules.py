"""The year's plan of hosts: its rows are judged in the order of their dates, undated ones last;
a row takes the suggestion only when asked; a workplace hosting alone takes its turn; and a
hosting on the meeting's own day is not one before it."""

import datetime as dt

from lindra.meetings.rules import HostCandidate, PlanRow, plan_hosts, rotation_order

ANNE, BJORN, CECILIE = HostCandidate(1, 10, "Anne"), HostCandidate(2, 20, "Bjørn"), HostCandidate(3, 30, "Cecilie")
FIRST_DAY = dt.date(2027, 1, 1)
MARCH, SEPTEMBER = dt.date(2027, 3, 1), dt.date(2027, 9, 1)


def _hosts(rows):
    found = plan_hosts(rows, [ANNE, BJORN, CECILIE], [], first_day=FIRST_DAY)
    return [r.host.name if r.host else None for r in found]


def test_rows_take_their_turns_in_the_order_of_their_dates_and_undated_rows_last():
    rows = [PlanRow(None, suggest=True), PlanRow(SEPTEMBER, suggest=True), PlanRow(MARCH, suggest=True)]
    assert _hosts(rows) == ["Cecilie", "Bjørn", "Anne"]


def test_a_row_without_a_host_takes_the_suggestion_only_when_asked():
    found = plan_hosts([PlanRow(MARCH)], [ANNE, BJORN], [], first_day=FIRST_DAY)
    assert (found[0].host, found[0].suggestion, found[0].status) == (None, ANNE, "")


def test_a_workplace_hosting_alone_has_had_its_turn():
    rows = [PlanRow(MARCH, workplace=10), PlanRow(SEPTEMBER, suggest=True)]
    assert _hosts(rows) == [None, "Bjørn"]


def test_a_hosting_on_the_day_itself_is_not_one_before_it():
    assert rotation_order([ANNE, BJORN], [(10, MARCH, None)], MARCH) == [ANNE, BJORN]
    assert rotation_order([ANNE, BJORN], [(10, MARCH, None)], MARCH + dt.timedelta(days=1)) == [BJORN, ANNE]
