"""The year of the meeting cycle: the secretariat's overview of every group of a network and a
group's year with hours and each member's obligation. Correct figures on a year made by hand,
a fixed number of queries whatever the data, and who gets which page (DESIGN.md §2)."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lindra.meetings import yearly
from lindra.meetings.models import DeadlineStep, FollowUp, Meeting, Registration
from lindra.meetings.rules import Step
from lindra.meetings.services import create_steps
from lindra.registry.models import Leave, Term
from lindra.registry.services import change_placement
from tests import factories as f
from tests.personas import EVERYONE, expect, outcome

pytestmark = pytest.mark.django_db

YEAR = 2024
TODAY = dt.date(2025, 3, 1)  # the year is over; its last deadlines have passed
PRESENT = Registration.Attendance.PRESENT
NOTICE = Registration.Attendance.NOTICE
ABSENT = Registration.Attendance.ABSENT


def held(meeting: Meeting) -> Meeting:
    meeting.attendance_recorded_at = meeting.ends_at
    meeting.save(update_fields=["attendance_recorded_at"])
    return meeting


def done(meeting: Meeting, step: str, *, days_after_due: int = 0, hour: int = 12, minute: int = 0) -> None:
    """Marks a step done, the given number of days after its due date, Norwegian time."""
    due = DeadlineStep.objects.get(meeting=meeting, step=step).due_on
    at = f.at(due + dt.timedelta(days=days_after_due), hour, minute)
    DeadlineStep.objects.filter(meeting=meeting, step=step).update(done_at=at)


class Year:
    """Year 2024 of group Fana in network A (Ahus rules: 3 meetings and at least 12 hours):

    - 10 Feb, 4 hours, held: invitation on time, minutes done 23:30 on the due date (on time);
      Kari and Per present, Ola gave notice, a guest came.
    - 15 May, 4.5 hours, held: invitation a day late; minutes never sent (late);
      Kari present, Per absent (on leave in May), Ola gave notice.
    - 20 Oct, 3 hours, not held (no attendance recorded): invitation on time; minutes sent
      half past midnight the day after the due date (late).
    Tor was in Fana until he moved to Os on 1 March; Nina joined on 1 June; Eva left in 2023.
    """

    def __init__(self, world):
        network = world.network_a
        network.min_gathering_hours_per_year = 12
        network.save()
        self.network = network
        self.fana = f.group(network, "Fana")
        self.os = f.group(network, "Os")
        f.group(network, "Nedlagt i 2023", closed_on=dt.date(2023, 12, 31))
        self.closed_mid_year = f.group(network, "Lagt ned i juni", closed_on=dt.date(YEAR, 6, 30))
        long_ago = dt.date(2020, 1, 1)
        self.kari = f.person("Kari", "Andersen")
        self.per = f.person("Per", "Berg")
        self.ola = f.person("Ola", "Dahl")
        self.tor = f.person("Tor", "Eide")
        self.nina = f.person("Nina", "Fjell")
        self.eva = f.person("Eva", "Gran")
        f.membership(self.kari, self.fana, starts_on=long_ago)
        per = f.membership(self.per, self.fana, starts_on=long_ago)
        f.membership(self.ola, self.fana, starts_on=long_ago)
        tor = f.membership(self.tor, self.fana, starts_on=long_ago)
        f.membership(self.nina, self.fana, starts_on=dt.date(YEAR, 6, 1))
        f.membership(self.eva, self.fana, starts_on=long_ago, ends_on=dt.date(2023, 12, 31))
        Leave.objects.create(membership=per, starts_on=dt.date(YEAR, 5, 1), ends_on=dt.date(YEAR, 5, 31))
        change_placement(tor, effective_on=dt.date(YEAR, 3, 1), by=None, expected_version=None, local_group=self.os)

        self.february = held(f.meeting(self.fana, starts_at=f.at(dt.date(YEAR, 2, 10), 9), hours=4))
        self.may = held(f.meeting(self.fana, starts_at=f.at(dt.date(YEAR, 5, 15), 10), hours=4.5))
        self.october = f.meeting(self.fana, starts_at=f.at(dt.date(YEAR, 10, 20), 9), hours=3)
        for meeting in (self.february, self.may, self.october):
            create_steps(meeting)
        done(self.february, Step.INVITATION_SENT, days_after_due=-1)
        done(self.february, Step.MINUTES_TO_SECRETARIAT, hour=23, minute=30)
        done(self.february, Step.MINUTES_SENT)
        done(self.may, Step.INVITATION_SENT, days_after_due=1)
        done(self.october, Step.INVITATION_SENT)
        done(self.october, Step.MINUTES_TO_SECRETARIAT, days_after_due=1, hour=0, minute=30)
        mark_all = {self.kari: PRESENT, self.per: PRESENT, self.ola: NOTICE, self.tor: PRESENT}
        for person, attendance in mark_all.items():
            Registration.objects.create(meeting=self.february, person=person, attendance=attendance)
        Registration.objects.create(
            meeting=self.february,
            kind=Registration.Kind.GUEST,
            guest_name="Gjest Gjestesen",
            guest_email="gjest@sykehus.example",
            attendance=PRESENT,
        )
        for person, attendance in {self.kari: PRESENT, self.per: ABSENT, self.ola: NOTICE}.items():
            Registration.objects.create(meeting=self.may, person=person, attendance=attendance)
        for person in (self.kari, self.per, self.ola, self.nina):
            Registration.objects.create(meeting=self.october, person=person)  # answered, never marked
        # Tor at Os after his move: one held meeting of 6 hours, absent without notice.
        self.os_meeting = held(f.meeting(self.os, starts_at=f.at(dt.date(YEAR, 4, 2), 9), hours=6))
        Registration.objects.create(meeting=self.os_meeting, person=self.tor, attendance=ABSENT)
        # Meetings outside the year and of other kinds do not count.
        held(f.meeting(self.fana, starts_at=f.at(dt.date(YEAR + 1, 1, 2), 9), hours=8))
        held(f.meeting(self.fana, starts_at=f.at(dt.date(YEAR - 1, 12, 31), 20), hours=3))
        held(f.meeting(world.committee_a, starts_at=f.at(dt.date(YEAR, 3, 3), 9), hours=8))
        # Follow-ups: Ola's of the year is open, Kari's is closed, Ola's of last year still open.
        FollowUp.objects.create(network=network, person=self.ola, local_group=self.fana, year=YEAR, absences=3)
        FollowUp.objects.create(
            network=network,
            person=self.kari,
            local_group=self.fana,
            year=YEAR,
            absences=3,
            closed_at=f.at(dt.date(YEAR, 12, 1)),
        )
        FollowUp.objects.create(network=network, person=self.ola, local_group=self.fana, year=YEAR - 1, absences=3)


@pytest.fixture
def year(world) -> Year:
    return Year(world)


# The secretariat's overview ----------------------------------------------------------------------


def row_of(overview: yearly.NetworkYear, name: str) -> yearly.GroupRow:
    return next(r for r in overview.rows if r.group.name == name)


def test_the_overview_has_every_group_open_in_the_year(year):
    overview = yearly.network_year(year.network, YEAR, TODAY)
    names = [r.group.name for r in overview.rows]
    assert "Fana" in names and "Os" in names and "Lagt ned i juni" in names
    assert "Nedlagt i 2023" not in names
    assert names == sorted(names)


def test_meetings_held_are_those_with_attendance_recorded_and_only_they_count_as_hours(year):
    fana = row_of(yearly.network_year(year.network, YEAR, TODAY), "Fana").meetings
    assert (fana.planned, fana.held, fana.required) == (3, 2, 3)
    assert fana.hours == 8.5  # 4 + 4.5: October was not held
    assert fana.minimum_hours == 12
    assert not fana.meets_meetings and not fana.meets_hours


def test_invitations_and_minutes_on_time_and_late_by_the_norwegian_calendar(year):
    fana = row_of(yearly.network_year(year.network, YEAR, TODAY), "Fana")
    assert fana.invitations == yearly.Deadlines(on_time=2, late=1)
    # February at 23:30 on the due date is on time; October at 00:30 the day after is late; May never came.
    assert fana.minutes == yearly.Deadlines(on_time=1, late=2)


def test_a_step_done_in_the_first_hour_of_its_due_date_is_on_time(year):
    # Half past midnight in Norway is still the day before in UTC: on time all the same.
    done(year.february, Step.INVITATION_SENT, hour=0, minute=30)
    fana = row_of(yearly.network_year(year.network, YEAR, TODAY), "Fana")
    assert fana.invitations == yearly.Deadlines(on_time=2, late=1)
    assert yearly.group_year(year.fana, YEAR, TODAY).meetings[0].invitation == yearly.ON_TIME


def test_a_step_not_done_is_late_only_once_its_due_date_has_passed(year):
    due = DeadlineStep.objects.get(meeting=year.may, step=Step.MINUTES_TO_SECRETARIAT).due_on
    on_the_day = row_of(yearly.network_year(year.network, YEAR, due), "Fana")
    the_day_after = row_of(yearly.network_year(year.network, YEAR, due + dt.timedelta(days=1)), "Fana")
    assert the_day_after.minutes.late == on_the_day.minutes.late + 1


def test_the_attendance_rate_is_the_share_of_members_marks_that_say_present(year):
    fana = row_of(yearly.network_year(year.network, YEAR, TODAY), "Fana")
    # February: Kari, Per, Tor present, Ola notice; May: Kari present, Per absent, Ola notice.
    # The guest and October's unmarked registrations do not count.
    assert fana.attendance == yearly.Attendance(present=4, marked=7)
    assert fana.attendance.percent == 57


def test_open_follow_ups_are_those_of_the_year_not_closed(year):
    overview = yearly.network_year(year.network, YEAR, TODAY)
    assert row_of(overview, "Fana").open_follow_ups == 1
    assert row_of(overview, "Os").open_follow_ups == 0


def test_the_totals_add_up_the_groups(year):
    overview = yearly.network_year(year.network, YEAR, TODAY)
    t = overview.totals
    assert t.groups == len(overview.rows)
    assert (t.planned, t.held) == (4, 3)  # Fana's three and Os's one
    assert t.required == 3 * t.groups
    assert t.hours == 14.5
    assert t.meeting_required == 0
    assert t.meeting_hours == 0  # no group reached 12 hours
    assert t.attendance == yearly.Attendance(present=4, marked=8)
    assert t.open_follow_ups == 1


def test_without_a_minimum_every_group_meets_the_hours(year):
    year.network.min_gathering_hours_per_year = None
    year.network.save()
    overview = yearly.network_year(year.network, YEAR, TODAY)
    assert all(r.meetings.meets_hours for r in overview.rows)


def test_a_group_that_held_its_meetings_meets_the_rule(year, world):
    for month in (3, 6, 9):
        held(f.meeting(world.group_a2, starts_at=f.at(dt.date(YEAR, month, 5), 9), hours=4))
    a2 = row_of(yearly.network_year(year.network, YEAR, TODAY), world.group_a2.name).meetings
    assert a2.meets_meetings and a2.meets_hours and a2.hours == 12


# A group's year -------------------------------------------------------------------------------


def test_the_groups_year_lists_its_meetings_with_their_deadlines_and_marks(year):
    the_year = yearly.group_year(year.fana, YEAR, TODAY)
    assert [r.meeting for r in the_year.meetings] == [year.february, year.may, year.october]
    february, may, october = the_year.meetings
    assert (february.held, may.held, october.held) == (True, True, False)
    assert (february.invitation, may.invitation, october.invitation) == (yearly.ON_TIME, yearly.LATE, yearly.ON_TIME)
    assert (february.minutes, may.minutes, october.minutes) == (yearly.ON_TIME, yearly.LATE, yearly.LATE)
    assert february.minutes_sent == yearly.ON_TIME and may.minutes_sent == yearly.LATE
    assert (february.present, february.notice, february.absent) == (3, 1, 0)
    assert (may.present, may.notice, may.absent) == (1, 1, 1)
    assert (october.present, october.notice, october.absent) == (0, 0, 0)
    assert the_year.summary == row_of(yearly.network_year(year.network, YEAR, TODAY), "Fana").meetings


def test_the_groups_year_and_the_overview_agree(year):
    the_year = yearly.group_year(year.fana, YEAR, TODAY)
    row = row_of(yearly.network_year(year.network, YEAR, TODAY), "Fana")
    assert (the_year.invitations, the_year.minutes, the_year.attendance) == (
        row.invitations,
        row.minutes,
        row.attendance,
    )


def test_steps_still_to_come_are_pending(year):
    the_year = yearly.group_year(year.fana, YEAR, dt.date(YEAR, 5, 20))
    may = the_year.meetings[1]
    assert may.minutes == yearly.PENDING and may.minutes_sent == yearly.PENDING
    assert the_year.minutes == yearly.Deadlines(on_time=1, late=1)  # October's came in late


def test_the_members_are_those_placed_in_the_group_during_the_year(year):
    members = yearly.group_year(year.fana, YEAR, TODAY).members
    assert [m.person_id for m in members] == [p.pk for p in (year.kari, year.per, year.ola, year.tor, year.nina)]
    nina = members[-1]
    assert nina.joined_on == dt.date(YEAR, 6, 1) and nina.ended_on is None
    os_members = yearly.group_year(year.os, YEAR, TODAY).members
    assert [m.person_id for m in os_members] == [year.tor.pk]


def test_each_members_obligation_counts_their_marks_without_leave(year):
    by_person = {m.person_id: m for m in yearly.group_year(year.fana, YEAR, TODAY).members}
    kari, per, ola, tor, nina = (by_person[p.pk] for p in (year.kari, year.per, year.ola, year.tor, year.nina))
    assert (kari.obligation.expected, kari.obligation.attended, kari.obligation.absences) == (2, 2, 0)
    assert kari.obligation.meets
    # Per's absence in May fell in his leave: it does not count.
    assert (per.obligation.expected, per.obligation.attended, per.obligation.absences) == (1, 1, 0)
    assert per.leaves and per.leaves[0].starts_on == dt.date(YEAR, 5, 1)
    assert (ola.obligation.expected, ola.obligation.attended, ola.obligation.absences) == (2, 0, 2)
    assert not ola.obligation.needs_follow_up  # two absences; the policy follows up more than two
    assert ola.follow_up is not None and ola.follow_up.closed_at is None
    # Tor's marks are at the network's group meetings, Fana's and Os's alike.
    assert (tor.obligation.expected, tor.obligation.attended, tor.obligation.absences) == (2, 1, 1)
    assert (nina.obligation.expected, nina.obligation.attended) == (0, 0)


def test_a_third_absence_calls_for_a_follow_up(year):
    extra = held(f.meeting(year.fana, starts_at=f.at(dt.date(YEAR, 11, 20), 9), hours=3))
    Registration.objects.create(meeting=extra, person=year.ola, attendance=ABSENT)
    ola = next(m for m in yearly.group_year(year.fana, YEAR, TODAY).members if m.person_id == year.ola.pk)
    assert ola.obligation.absences == 3 and ola.obligation.needs_follow_up


# A fixed number of queries ----------------------------------------------------------------------


def populate(network, groups: int, meetings_per_group: int, members_per_group: int) -> list:
    made = []
    for _ in range(groups):
        group = f.group(network)
        people = [f.person() for _ in range(members_per_group)]
        memberships = [f.membership(p, group, starts_on=dt.date(2020, 1, 1)) for p in people]
        for membership in memberships[::3]:
            Leave.objects.create(membership=membership, starts_on=dt.date(YEAR, 4, 1), ends_on=dt.date(YEAR, 4, 30))
        for n in range(meetings_per_group):
            meeting = f.meeting(group, starts_at=f.at(dt.date(YEAR, 1 + n % 12, 1 + n), 9), hours=3)
            create_steps(meeting)
            if n % 2 == 0:
                held(meeting)
                done(meeting, Step.INVITATION_SENT, days_after_due=n % 3 - 1)
                for i, person in enumerate(people):
                    attendance = [PRESENT, PRESENT, NOTICE, ABSENT][(i + n) % 4]
                    Registration.objects.create(meeting=meeting, person=person, attendance=attendance)
        for person in people[:2]:
            FollowUp.objects.create(network=network, person=person, local_group=group, year=YEAR, absences=3)
        made.append(group)
    return made


def count_queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured)


def test_the_overview_runs_as_many_queries_for_ten_busy_groups_as_for_two_quiet_ones(world):
    small = f.network("Lite nettverk")
    populate(small, groups=2, meetings_per_group=3, members_per_group=2)
    big = f.network("Stort nettverk", min_gathering_hours_per_year=12)
    populate(big, groups=10, meetings_per_group=8, members_per_group=12)
    few = count_queries(yearly.network_year, small, YEAR, TODAY)
    many = count_queries(yearly.network_year, big, YEAR, TODAY)
    assert few == many == 7


def test_a_groups_year_runs_as_many_queries_for_a_big_group_as_for_a_small_one(world):
    network = f.network()
    small, big = populate(network, groups=1, meetings_per_group=3, members_per_group=2) + populate(
        network, groups=1, meetings_per_group=10, members_per_group=20
    )
    few = count_queries(yearly.group_year, small, YEAR, TODAY)
    many = count_queries(yearly.group_year, big, YEAR, TODAY)
    assert few == many == 7


def test_the_pages_run_as_many_queries_whatever_the_data(world, client_as):
    client = client_as("secretariat")
    network_url = reverse("meetings:network_year_for", args=[world.network_a.pk, YEAR])
    group_url = reverse("meetings:group_year_for", args=[world.group_a1.pk, YEAR])
    populate(world.network_a, groups=1, meetings_per_group=2, members_per_group=2)

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = (queries(network_url), queries(group_url))
    populate(world.network_a, groups=8, meetings_per_group=6, members_per_group=10)
    for n in range(6):
        meeting = held(f.meeting(world.group_a1, starts_at=f.at(dt.date(YEAR, n + 1, 10), 9)))
        create_steps(meeting)
        for role in ("member", "host", "group_leader"):
            Registration.objects.create(meeting=meeting, person=world.person(role), attendance=PRESENT)
    assert (queries(network_url), queries(group_url)) == few


# The pages --------------------------------------------------------------------------------------


NETWORK_YEAR = expect(404, superuser=200, secretariat=200, committee_member=200)
GROUP_YEAR = expect(404, superuser=200, secretariat=200, group_leader=200, committee_member=403, host=403, member=403)


@pytest.mark.parametrize("role", EVERYONE)
def test_who_sees_the_overview(world, client_as, role):
    url = reverse("meetings:network_year", args=[world.network_a.pk])
    assert outcome(client_as(role).get(url)) == NETWORK_YEAR[role]


@pytest.mark.parametrize("role", EVERYONE)
def test_who_sees_a_groups_year(world, client_as, role):
    url = reverse("meetings:group_year", args=[world.group_a1.pk])
    assert outcome(client_as(role).get(url)) == GROUP_YEAR[role]


def test_the_overview_shows_the_figures_to_the_secretariat(year, client_as):
    response = client_as("secretariat").get(reverse("meetings:network_year_for", args=[year.network.pk, YEAR]))
    assert response.status_code == 200
    page = response.text
    assert "Året 2024 i gruppene" in page
    assert reverse("meetings:group_year_for", args=[year.fana.pk, YEAR]) in page
    assert "2 av 3" in page and "8,5 av 12" in page and "57 %" in page
    assert "ikke oppfylt" in page  # 2024 is over
    assert 'role="region"' in page and 'tabindex="0"' in page


def test_the_committee_sees_figures_but_no_names_and_no_link_to_a_groups_year(year, client_as):
    page = client_as("committee_member").get(reverse("meetings:network_year_for", args=[year.network.pk, YEAR])).text
    assert "Fana" in page and "57 %" in page
    assert reverse("meetings:group_year_for", args=[year.fana.pk, YEAR]) not in page
    for person in (year.kari, year.per, year.ola):
        assert person.full_name not in page


def test_the_current_year_says_not_yet_rather_than_not_met(world, client_as):
    page = client_as("secretariat").get(reverse("meetings:network_year", args=[world.network_a.pk])).text
    assert f"Året {timezone.localdate().year} i gruppene" in page
    assert "ikke ennå" in page and "ikke oppfylt" not in page


def test_the_group_leader_sees_the_groups_year_with_its_members(year, world, client_as):
    Term.objects.filter(person=world.person("group_leader")).update(local_group=year.fana)
    response = client_as("group_leader").get(reverse("meetings:group_year_for", args=[year.fana.pk, YEAR]))
    assert response.status_code == 200
    page = response.text
    assert "Året 2024 i Fana" in page
    assert "Kari Andersen" in page and "Ola Dahl" in page and "Nina Fjell" in page
    assert "Eva Gran" not in page
    assert "oppfølging åpen" in page and "møtt på alle" in page
    assert "1.5.2024–31.5.2024" in page  # Per's leave
    assert "for sent" in page and "i tide" in page


def test_the_groups_year_links_back_to_the_overview_only_for_those_who_see_it(world, client_as):
    url = reverse("meetings:group_year", args=[world.group_a1.pk])
    overview = reverse("meetings:network_year_for", args=[world.network_a.pk, timezone.localdate().year])
    assert overview in client_as("secretariat").get(url).text
    assert overview not in client_as("group_leader").get(url).text


@pytest.mark.parametrize("name", ["meetings:network_year_for", "meetings:group_year_for"])
def test_a_year_outside_the_range_is_not_found(world, client_as, name):
    client = client_as("secretariat")
    pk = world.network_a.pk if name.startswith("meetings:network") else world.group_a1.pk
    this_year = timezone.localdate().year
    for bad in (0, 1999, this_year + 2, 99999):
        assert client.get(reverse(name, args=[pk, bad])).status_code == 404, bad
    for good in (2000, this_year - 1, this_year, this_year + 1):
        assert client.get(reverse(name, args=[pk, good])).status_code == 200, good


def test_the_year_navigation_stops_at_the_ends(world, client_as):
    client = client_as("secretariat")
    this_year = timezone.localdate().year
    first = client.get(reverse("meetings:network_year_for", args=[world.network_a.pk, 2000])).text
    assert 'rel="prev"' not in first
    assert reverse("meetings:network_year_for", args=[world.network_a.pk, 2001]) in first
    last = client.get(reverse("meetings:group_year_for", args=[world.group_a1.pk, this_year + 1])).text
    assert 'rel="next"' not in last
    assert reverse("meetings:group_year_for", args=[world.group_a1.pk, this_year]) in last


def test_the_year_navigation_goes_back_to_the_first_year_with_meetings(world, client_as):
    client = client_as("secretariat")
    f.meeting(world.group_a1, starts_at=f.at(dt.date(2021, 3, 10), 10))
    this_year = timezone.localdate().year
    page = client.get(reverse("meetings:group_year_for", args=[world.group_a1.pk, 2021])).text
    assert 'rel="prev"' not in page
    assert reverse("meetings:group_year_for", args=[world.group_a1.pk, 2022]) in page
    back = client.get(reverse("meetings:network_year_for", args=[world.network_a.pk, 2022])).text
    assert reverse("meetings:network_year_for", args=[world.network_a.pk, 2021]) in back
    # A group with no meetings before this year has nothing to go back to.
    fresh = client.get(reverse("meetings:group_year_for", args=[world.group_a2.pk, this_year])).text
    assert 'rel="prev"' not in fresh


def test_the_overview_downloads_as_a_spreadsheet(year, client_as):
    url = reverse("meetings:network_year_for", args=[year.network.pk, YEAR]) + "?format=xlsx"
    response = client_as("secretariat").get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Gruppe", "Møter planlagt", "Møter holdt")
    fana = next(r for r in rows if r[0] == "Fana")
    assert fana[1:6] == (3, 2, 3, 8.5, 12)
    assert [r[0] for r in rows[-3:] if r[0]] == ["Hele nettverket", "Fagdag"]
    assert rows[-1][1] == "ikke holdt"


def test_the_spreadsheet_is_refused_like_the_page(world, client_as):
    url = reverse("meetings:network_year", args=[world.network_a.pk]) + "?format=xlsx"
    assert client_as("group_leader").get(url).status_code == 404


def test_the_network_page_links_to_the_year_for_the_secretariat_and_the_committee(world, client_as):
    link = reverse("meetings:network_year", args=[world.network_a.pk])
    for role in ("secretariat", "committee_member"):
        page = client_as(role).get(reverse("registry:network", args=[world.network_a.pk])).text
        assert link in page and "Året i gruppene" in page, role


def test_the_group_page_links_to_the_groups_year_for_those_who_run_it(world, client_as):
    link = reverse("meetings:group_year", args=[world.group_a1.pk])
    group_page = reverse("registry:group", args=[world.group_a1.pk])
    assert link in client_as("group_leader").get(group_page).text
    assert link in client_as("secretariat").get(group_page).text
    assert link not in client_as("member").get(group_page).text
