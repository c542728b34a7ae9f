"""The pure rules of reporting back and competence activities (seeds 003, 004): which attended
gatherings still await a report back, what makes an activity valid, and the network's figures."""

import datetime as dt
import zoneinfo
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lindra.development import rules

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
TODAY = dt.date(2027, 3, 3)
NOW = dt.datetime(2027, 3, 3, 12, tzinfo=OSLO)
KINDS = ["hospitering", "course", "conference", "education", "other"]


def gathering(meeting_id: int, *, days_ago: int, kind: str = "group", present: bool = True, hours: int = 3):
    day = TODAY - dt.timedelta(days=days_ago)
    starts = dt.datetime.combine(day, dt.time(12), OSLO)
    return rules.Gathering(meeting_id, kind, day, starts + dt.timedelta(hours=hours), present)


gatherings = st.lists(
    st.builds(
        gathering,
        st.integers(1, 10_000),
        days_ago=st.integers(-30, 400),
        kind=st.sampled_from(["group", "fagdag", "course", "committee"]),
        present=st.booleans(),
    ),
    unique_by=lambda g: g.meeting_id,
    max_size=30,
)


# Which attended gatherings still await a report back ------------------------------------------


def test_a_gathering_attended_last_week_awaits_a_report_back():
    waiting = rules.awaiting_report_back([gathering(1, days_ago=7)], reported=[], now=NOW, today=TODAY)
    assert [g.meeting_id for g in waiting] == [1]


def test_once_reported_back_it_is_no_longer_asked():
    assert rules.awaiting_report_back([gathering(1, days_ago=7)], reported=[1], now=NOW, today=TODAY) == []


def test_absent_members_and_committee_meetings_are_not_asked():
    waiting = rules.awaiting_report_back(
        [gathering(1, days_ago=7, present=False), gathering(2, days_ago=7, kind="committee")],
        reported=[],
        now=NOW,
        today=TODAY,
    )
    assert waiting == []


def test_a_fagdag_and_a_course_are_gatherings_too():
    found = rules.awaiting_report_back(
        [gathering(1, days_ago=3, kind="fagdag"), gathering(2, days_ago=10, kind="course")],
        reported=[],
        now=NOW,
        today=TODAY,
    )
    assert [g.meeting_id for g in found] == [1, 2]  # the latest first


def test_a_gathering_not_over_yet_is_not_asked():
    on_now = rules.Gathering(1, "group", TODAY, NOW + dt.timedelta(minutes=30), True)
    assert rules.awaiting_report_back([on_now], reported=[], now=NOW, today=TODAY) == []


def test_the_home_page_asks_only_about_the_last_months():
    days = rules.REPORT_BACK_ASKED_DAYS
    old, recent = gathering(1, days_ago=days + 1), gathering(2, days_ago=days)
    assert [g.meeting_id for g in rules.awaiting_report_back([old, recent], [], NOW, TODAY)] == [2]


@given(gatherings, st.sets(st.integers(1, 10_000)))
def test_what_awaits_a_report_back_was_attended_is_over_recent_and_not_reported(gatherings, reported):
    waiting = rules.awaiting_report_back(gatherings, reported, NOW, TODAY)
    since = TODAY - dt.timedelta(days=rules.REPORT_BACK_ASKED_DAYS)
    for g in waiting:
        assert g in gatherings
        assert g.present and g.kind in rules.GATHERING_KINDS
        assert g.ends_at <= NOW and g.day >= since
        assert g.meeting_id not in reported
    # Nothing that meets every condition is left out.
    expected = {
        g.meeting_id
        for g in gatherings
        if g.present and g.kind != "committee" and g.ends_at <= NOW and g.day >= since and g.meeting_id not in reported
    }
    assert {g.meeting_id for g in waiting} == expected
    assert [g.ends_at for g in waiting] == sorted((g.ends_at for g in waiting), reverse=True)


@given(gatherings, st.sets(st.integers(1, 10_000)), st.integers(1, 10_000))
def test_reporting_back_from_one_gathering_takes_away_that_one_only(gatherings, reported, one):
    before = {g.meeting_id for g in rules.awaiting_report_back(gatherings, reported, NOW, TODAY)}
    after = {g.meeting_id for g in rules.awaiting_report_back(gatherings, reported | {one}, NOW, TODAY)}
    assert after == before - {one}


# A report back ------------------------------------------------------------------------------


def test_a_report_back_is_given_on_or_after_the_meeting_day_to_someone():
    meeting = TODAY - dt.timedelta(days=5)
    assert rules.report_back_problems(meeting, meeting, TODAY, True, False) == []
    assert rules.report_back_problems(meeting, TODAY, TODAY, False, True) == []
    assert rules.report_back_problems(meeting, meeting - dt.timedelta(days=1), TODAY, True, True) == [
        ("reported_on", rules.BEFORE_MEETING)
    ]
    assert rules.report_back_problems(meeting, TODAY + dt.timedelta(days=1), TODAY, True, True) == [
        ("reported_on", rules.IN_FUTURE)
    ]
    assert rules.report_back_problems(meeting, TODAY, TODAY, False, False) == [("to_whom", rules.TO_NOBODY)]


@given(
    st.dates(dt.date(2026, 1, 1), TODAY),
    st.dates(dt.date(2025, 1, 1), dt.date(2028, 1, 1)),
    st.booleans(),
    st.booleans(),
)
def test_a_report_back_is_valid_exactly_when_dated_between_the_meeting_and_today_and_to_someone(
    meeting_day, reported_on, to_leader, to_colleagues
):
    problems = rules.report_back_problems(meeting_day, reported_on, TODAY, to_leader, to_colleagues)
    valid = meeting_day <= reported_on <= TODAY and (to_leader or to_colleagues)
    assert (problems == []) == valid


# An activity --------------------------------------------------------------------------------


def test_a_day_of_hospitering_with_seven_and_a_half_hours_is_valid():
    assert rules.activity_problems(TODAY, None, Decimal("7.5"), TODAY) == []


def test_an_activity_ends_on_or_after_it_starts():
    assert rules.activity_problems(TODAY, TODAY - dt.timedelta(days=1), Decimal(3), TODAY) == [
        ("ends_on", rules.ENDS_BEFORE_START)
    ]


def test_an_activity_is_recorded_once_it_has_begun():
    tomorrow = TODAY + dt.timedelta(days=1)
    assert ("starts_on", rules.STARTS_IN_FUTURE) in rules.activity_problems(tomorrow, None, Decimal(3), TODAY)
    # Further education that started goes on after today.
    assert rules.activity_problems(TODAY, dt.date(2028, 6, 1), Decimal(400), TODAY) == []


def test_hours_are_positive_and_sane():
    assert rules.activity_problems(TODAY, None, Decimal(0), TODAY) == [("hours", rules.HOURS_NOT_POSITIVE)]
    assert rules.activity_problems(TODAY, None, Decimal(-2), TODAY) == [("hours", rules.HOURS_NOT_POSITIVE)]
    assert rules.activity_problems(TODAY, None, Decimal(13), TODAY) == [("hours", rules.HOURS_TOO_MANY_A_DAY)]
    two_days = TODAY - dt.timedelta(days=1)
    assert rules.activity_problems(two_days, TODAY, Decimal(24), TODAY) == []
    years = dt.date(2020, 1, 1)
    assert rules.activity_problems(years, TODAY, Decimal(2001), TODAY) == [("hours", rules.HOURS_TOO_MANY)]


@given(
    st.dates(dt.date(2020, 1, 1), dt.date(2028, 1, 1)),
    st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2029, 1, 1))),
    st.decimals(min_value=-10, max_value=5000, places=1, allow_nan=False, allow_infinity=False),
)
def test_an_activity_is_valid_exactly_when_its_dates_and_hours_are(starts_on, ends_on, hours):
    problems = rules.activity_problems(starts_on, ends_on, hours, TODAY)
    days = ((ends_on or starts_on) - starts_on).days + 1
    valid = (
        starts_on <= TODAY
        and (ends_on is None or ends_on >= starts_on)
        and 0 < hours <= min(rules.MAX_HOURS, rules.MAX_HOURS_PER_DAY * days)
    )
    assert (problems == []) == valid
    if valid:
        assert hours <= rules.max_hours(starts_on, ends_on)
    assert all(field in {"starts_on", "ends_on", "hours"} for field, _reason in problems)


@given(st.booleans(), st.dictionaries(st.sampled_from(["title", "hours"]), st.integers(0, 3)))
def test_a_confirmation_is_taken_away_only_when_a_confirmed_activity_changes(confirmed, after):
    before = {"title": 1, "hours": 1}
    after = {**before, **after}
    assert rules.needs_new_confirmation(confirmed, before, after) == (confirmed and before != after)


# The figures --------------------------------------------------------------------------------

activity_facts = st.lists(
    st.builds(
        rules.ActivityFact,
        group_id=st.sampled_from([1, 2, 3, None]),
        kind=st.sampled_from(KINDS),
        hours=st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=1, allow_nan=False)),
        confirmed=st.booleans(),
    ),
    max_size=40,
)
attended_facts = st.lists(
    st.builds(rules.AttendedFact, group_id=st.sampled_from([1, 2, 3, None]), reported=st.booleans()), max_size=40
)


def test_only_confirmed_activities_count_by_kind_with_their_hours():
    figures = rules.competence_figures(
        KINDS,
        [1, 2],
        [
            rules.ActivityFact(1, "hospitering", Decimal("7.5"), True),
            rules.ActivityFact(1, "hospitering", Decimal("15"), True),
            rules.ActivityFact(1, "course", Decimal("6"), False),
            rules.ActivityFact(2, "conference", None, True),
        ],
        [rules.AttendedFact(1, True), rules.AttendedFact(1, False), rules.AttendedFact(2, True)],
    )
    one = figures.groups[1]
    assert (one.kinds["hospitering"].count, one.kinds["hospitering"].hours) == (2, Decimal("22.5"))
    assert one.kinds["course"].count == 0
    assert (one.attended, one.reported, one.reported_percent) == (2, 1, 50)
    assert figures.totals.activities == 3 and figures.totals.hours == Decimal("22.5")
    assert figures.totals.reported_percent == 67


def test_a_group_with_nothing_is_listed_with_zeros():
    figures = rules.competence_figures(KINDS, [7], [], [])
    assert figures.groups[7].activities == 0 and figures.groups[7].reported_percent is None


@given(activity_facts, attended_facts)
def test_the_network_is_the_sum_of_its_groups(activities, attended):
    figures = rules.competence_figures(KINDS, [1, 2, 3], activities, attended)
    confirmed = [a for a in activities if a.confirmed]
    assert figures.totals.activities == len(confirmed) == sum(g.activities for g in figures.groups.values())
    assert figures.totals.hours == sum((a.hours or 0 for a in confirmed), Decimal(0))
    assert figures.totals.hours == sum((g.hours for g in figures.groups.values()), Decimal(0))
    for kind in KINDS:
        assert figures.totals.kinds[kind].count == sum(g.kinds[kind].count for g in figures.groups.values())
    assert figures.totals.attended == len(attended) == sum(g.attended for g in figures.groups.values())
    assert figures.totals.reported == sum(a.reported for a in attended)
    for group in figures.groups.values():
        assert 0 <= group.reported <= group.attended
        assert group.reported_percent is None or 0 <= group.reported_percent <= 100


@given(activity_facts, attended_facts)
def test_an_unconfirmed_activity_changes_no_figure(activities, attended):
    with_unconfirmed = [*activities, rules.ActivityFact(1, "course", Decimal(10), False)]
    assert rules.competence_figures(KINDS, [1], activities, attended) == rules.competence_figures(
        KINDS, [1], with_unconfirmed, attended
    )
