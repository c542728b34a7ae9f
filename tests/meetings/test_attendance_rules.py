"""The absence rules of seed 000 ("følge opp dersom noen har fravær over to ganger"), as
properties over any attendance history, any periods of leave and any year: what counts, the
threshold, the calendar year's edges, and leave that is registered after the marks were made.
And the rules of the attendance sheet: no one starts marked present, what is counted, "the rest
were present", and when a saved sheet has changed."""

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from lindra.meetings.rules import (
    ABSENCES,
    ABSENT_WITH_NOTICE,
    ABSENT_WITHOUT_NOTICE,
    ANSWERED_ABSENT,
    GUEST_ROW,
    MEMBER_ROW,
    OTHER_ROW,
    PRESENT,
    UNMARKED,
    AttendanceMark,
    LeavePeriod,
    SheetMark,
    absences_in_year,
    changed_since_saved,
    counted_marks,
    mark_the_rest_present,
    member_obligation,
    needs_follow_up,
    sheet_counts,
    suggested_mark,
)
from lindra.registry.rules import Policy

STATUSES = [PRESENT, ABSENT_WITH_NOTICE, ABSENT_WITHOUT_NOTICE]
# Three years around the one looked at, so that both of its edges are crossed often.
days = st.dates(min_value=dt.date(2025, 11, 1), max_value=dt.date(2027, 2, 28))
years = st.sampled_from([2025, 2026, 2027])
marks = st.builds(AttendanceMark, on=days, status=st.sampled_from(STATUSES))
histories = st.lists(marks, max_size=12)


@st.composite
def leave_periods(draw) -> LeavePeriod:
    starts_on = draw(days)
    length = draw(st.none() | st.integers(0, 200))  # None: open-ended, the leave lasts
    return LeavePeriod(starts_on, None if length is None else starts_on + dt.timedelta(days=length))


leaves = st.lists(leave_periods(), max_size=3)
policies = st.builds(Policy, absences_before_follow_up=st.integers(0, 6))


def on_leave(day: dt.date, periods: list[LeavePeriod]) -> bool:
    return any(p.starts_on <= day and (p.ends_on is None or day <= p.ends_on) for p in periods)


# What counts ------------------------------------------------------------------------------------


@given(history=histories, periods=leaves, year=years)
def test_only_marks_of_the_year_and_off_leave_count(history, periods, year):
    counted = counted_marks(history, periods, year)
    assert all(m.on.year == year and not on_leave(m.on, periods) for m in counted)
    expected = [m for m in history if m.on.year == year and not on_leave(m.on, periods)]
    assert counted == expected


@given(history=histories, periods=leaves, year=years)
def test_absences_are_the_counted_marks_with_or_without_notice(history, periods, year):
    counted = counted_marks(history, periods, year)
    assert absences_in_year(history, periods, year) == sum(m.status in ABSENCES for m in counted)


@given(history=histories, periods=leaves, year=years)
def test_notice_excuses_no_one(history, periods, year):
    """Giving notice tells the group in time; it is still an absence."""
    swapped = [
        AttendanceMark(m.on, ABSENT_WITHOUT_NOTICE if m.status == ABSENT_WITH_NOTICE else m.status) for m in history
    ]
    assert absences_in_year(swapped, periods, year) == absences_in_year(history, periods, year)


@given(history=histories, periods=leaves, year=years, data=st.data())
def test_the_order_of_the_marks_does_not_matter(history, periods, year, data):
    shuffled = data.draw(st.permutations(history))
    assert absences_in_year(shuffled, periods, year) == absences_in_year(history, periods, year)


@given(history=histories, year=years)
def test_presence_never_counts_as_absence(history, year):
    present = [AttendanceMark(m.on, PRESENT) for m in history]
    assert absences_in_year(present, [], year) == 0


# Leave ------------------------------------------------------------------------------------------


@given(history=histories, periods=leaves, extra=leave_periods(), year=years)
def test_more_leave_never_adds_absences(history, periods, extra, year):
    """Leave registered after the marks were made can only take absences away."""
    assert absences_in_year(history, [*periods, extra], year) <= absences_in_year(history, periods, year)


@given(history=histories, periods=leaves, year=years)
def test_a_meeting_on_a_day_of_leave_never_counts_whatever_was_marked(history, periods, year):
    assume(periods)
    on_leave_days = [m for m in history if on_leave(m.on, periods)]
    for mark in on_leave_days:
        for status in STATUSES:
            changed = [AttendanceMark(m.on, status) if m is mark else m for m in history]
            assert absences_in_year(changed, periods, year) == absences_in_year(history, periods, year)


@given(day=days, status=st.sampled_from(sorted(ABSENCES)))
def test_leave_covers_its_first_and_last_day(day, status):
    mark = [AttendanceMark(day, status)]
    assert absences_in_year(mark, [LeavePeriod(day, day)], day.year) == 0
    assert absences_in_year(mark, [LeavePeriod(day - dt.timedelta(days=30), None)], day.year) == 0
    assert absences_in_year(mark, [LeavePeriod(day + dt.timedelta(days=1), None)], day.year) == 1
    assert absences_in_year(mark, [LeavePeriod(day - dt.timedelta(days=9), day - dt.timedelta(days=1))], day.year) == 1


# The year ---------------------------------------------------------------------------------------


@given(history=histories, periods=leaves, year=years, other=days, status=st.sampled_from(STATUSES))
def test_a_mark_in_another_year_changes_nothing(history, periods, year, other, status):
    assume(other.year != year)
    assert absences_in_year([*history, AttendanceMark(other, status)], periods, year) == absences_in_year(
        history, periods, year
    )


@given(history=histories, periods=leaves)
def test_each_counted_mark_belongs_to_exactly_one_year(history, periods):
    total = sum(absences_in_year(history, periods, year) for year in range(2025, 2028))
    assert total == sum(m.status in ABSENCES and not on_leave(m.on, periods) for m in history)


def test_new_years_eve_and_new_years_day_are_in_different_years():
    dec31 = AttendanceMark(dt.date(2025, 12, 31), ABSENT_WITHOUT_NOTICE)
    jan1 = AttendanceMark(dt.date(2026, 1, 1), ABSENT_WITHOUT_NOTICE)
    history = [AttendanceMark(dt.date(2025, m, 10), ABSENT_WITH_NOTICE) for m in (3, 6)] + [dec31, jan1]
    assert absences_in_year(history, [], 2025) == 3
    assert absences_in_year(history, [], 2026) == 1
    assert needs_follow_up(3, Policy()) and not needs_follow_up(1, Policy())


# The threshold ----------------------------------------------------------------------------------


@given(policy=policies, absences=st.integers(0, 12))
def test_follow_up_comes_when_absences_pass_the_threshold_not_before(policy, absences):
    assert needs_follow_up(absences, policy) == (absences > policy.absences_before_follow_up)


def test_the_seeds_threshold_is_more_than_two():
    policy = Policy()
    assert not needs_follow_up(2, policy)
    assert needs_follow_up(3, policy)


@given(policy=policies, year=years, data=st.data())
def test_the_mark_that_passes_the_threshold_opens_the_follow_up(policy, year, data):
    """Absences one by one through the year: the follow-up is due from exactly the mark
    that makes them one more than the policy allows."""
    n = data.draw(st.integers(0, 10))
    meeting_days = sorted(
        data.draw(st.sets(st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)), min_size=n, max_size=n))
    )
    history = []
    for number, day in enumerate(meeting_days, start=1):
        history.append(AttendanceMark(day, data.draw(st.sampled_from(sorted(ABSENCES)))))
        assert needs_follow_up(absences_in_year(history, [], year), policy) == (
            number > policy.absences_before_follow_up
        )


# The obligation ---------------------------------------------------------------------------------


@given(history=histories, periods=leaves, year=years, policy=policies)
def test_the_obligation_adds_up(history, periods, year, policy):
    obligation = member_obligation(history, periods, year, policy)
    assert obligation.expected == len(counted_marks(history, periods, year))
    assert obligation.expected == obligation.attended + obligation.absences
    assert obligation.absences == absences_in_year(history, periods, year)
    assert obligation.follow_up_after == policy.absences_before_follow_up
    assert obligation.needs_follow_up == needs_follow_up(obligation.absences, policy)
    assert obligation.meets == (obligation.absences == 0)


# The attendance sheet ---------------------------------------------------------------------------

ROWS = [MEMBER_ROW, GUEST_ROW, OTHER_ROW]
MARKS = [PRESENT, ABSENT_WITH_NOTICE, ABSENT_WITHOUT_NOTICE, UNMARKED]
sheets = st.lists(st.builds(SheetMark, row=st.sampled_from(ROWS), mark=st.sampled_from(MARKS)), max_size=30)
answers = st.sampled_from(["none", "registered", ANSWERED_ABSENT])


@given(row=st.sampled_from(ROWS), answer=answers, saved_before=st.booleans())
def test_no_one_is_suggested_present_and_only_a_notice_before_the_first_save(row, answer, saved_before):
    suggestion = suggested_mark(row, answer, saved_before=saved_before)
    assert suggestion != PRESENT
    if saved_before or answer != ANSWERED_ABSENT:
        assert suggestion == UNMARKED
    else:
        assert suggestion in ABSENCES
        assert (suggestion == ABSENT_WITH_NOTICE) == (row == MEMBER_ROW)  # guests and others give no notice


@given(sheet=sheets)
def test_only_members_marks_and_guests_present_are_counted(sheet):
    counts = sheet_counts(sheet)
    members = [m.mark for m in sheet if m.row == MEMBER_ROW]
    assert counts["present"] == members.count(PRESENT)
    assert counts["notice"] == members.count(ABSENT_WITH_NOTICE)
    assert counts["absent"] == members.count(ABSENT_WITHOUT_NOTICE)
    assert counts["guests"] == sum(1 for m in sheet if m.row == GUEST_ROW and m.mark == PRESENT)
    # Those who are not members, and rows not marked, change nothing.
    assert sheet_counts([m for m in sheet if m.row != OTHER_ROW and m.mark != UNMARKED]) == counts


@given(marks=st.dictionaries(st.integers(), st.sampled_from(MARKS), max_size=20))
def test_the_rest_were_present_marks_only_the_rows_left_and_keeps_every_mark(marks):
    after = mark_the_rest_present(marks)
    assert set(after) == set(marks)
    assert all(after[key] == (mark or PRESENT) for key, mark in marks.items())
    assert UNMARKED not in after.values()
    assert mark_the_rest_present(after) == after


@given(saved=st.builds(sheet_counts, sheets), now=st.builds(sheet_counts, sheets), unmarked=st.integers(0, 5))
def test_a_saved_sheet_has_changed_when_someone_is_unmarked_or_the_counts_would_differ(saved, now, unmarked):
    assert changed_since_saved(saved, now, unmarked) == (unmarked > 0 or saved != now)
    assert not changed_since_saved(now, now, 0)
