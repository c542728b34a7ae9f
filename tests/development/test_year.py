"""The member's year on the page (seed 004's fixed tasks): what the member, her nearest leader,
her group's leader and the secretariat see; the table of a group and of a network with its
spreadsheet; the nearest leader's page of their staff; and a fixed number of queries."""

import datetime as dt
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lindra.development.models import ReportBack, WorkPlan, YearlyMeeting
from lindra.mail.models import OutboxMessage
from lindra.meetings import minutes as minutes_service
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import ChangeRequest, Leave, Membership, Term
from tests import factories as f
from tests.personas import World

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 15, 10, 0)
YEAR = 2026
LAST_YEAR = 2025
LONG_AGO = dt.date(2020, 1, 1)
PRESENT = Registration.Attendance.PRESENT
ABSENT = Registration.Attendance.ABSENT


@pytest.fixture(autouse=True)
def _mid_june():
    """The tests run on 15 June 2026, with the personas members and leaders since 2020."""
    with time_machine.travel(timezone.make_aware(TODAY), tick=False):
        yield


@pytest.fixture(autouse=True)
def _since_long_ago(world):
    Membership.objects.update(starts_on=LONG_AGO)
    Term.objects.update(starts_on=LONG_AGO)


def mona(world: World) -> Membership:
    return Membership.objects.get(person=world.person("member"))


def aina(world: World) -> Membership:
    return Membership.objects.get(person=world.person("host"))


def held_meeting(organiser, day: dt.date, marks: dict, **fields) -> Meeting:
    meeting = f.meeting(organiser, starts_at=f.at(day, 12), **fields)
    meeting.attendance_recorded_at = meeting.ends_at
    meeting.save(update_fields=["attendance_recorded_at"])
    for person, mark in marks.items():
        Registration.objects.create(meeting=meeting, person=person, attendance=mark)
    return meeting


def last_year_of_mona(world: World) -> None:
    """2025 for Mona: intro course in 2021; present at two of three group meetings; at the
    fagdag; reported back from one gathering; work plan agreed; yearly meeting evaluated."""
    membership = mona(world)
    membership.intro_course_completed_on = dt.date(2021, 4, 20)
    membership.save()
    person = world.person("member")
    feb = held_meeting(world.group_a1, dt.date(LAST_YEAR, 2, 10), {person: PRESENT})
    held_meeting(world.group_a1, dt.date(LAST_YEAR, 5, 12), {person: ABSENT})
    held_meeting(world.group_a1, dt.date(LAST_YEAR, 9, 15), {person: PRESENT})
    held_meeting(world.committee_a, dt.date(LAST_YEAR, 10, 2), {person: PRESENT}, kind=Meeting.Kind.FAGDAG)
    ReportBack.objects.create(membership=membership, meeting=feb, reported_on=dt.date(LAST_YEAR, 2, 20), to_leader=True)
    WorkPlan.objects.create(
        membership=membership,
        year=LAST_YEAR,
        status=WorkPlan.Status.AGREED,
        agreed_at=f.at(dt.date(LAST_YEAR, 3, 2), 10),
    )
    YearlyMeeting.objects.create(
        membership=membership,
        year=LAST_YEAR,
        starts_at=f.at(dt.date(LAST_YEAR, 11, 3), 10),
        ends_at=f.at(dt.date(LAST_YEAR, 11, 3), 11),
        evaluated_at=f.at(dt.date(LAST_YEAR, 11, 3), 11),
    )


def year_url(membership: Membership, year: int) -> str:
    return reverse("development:member_year", args=[membership.pk, year])


# The member's year ----------------------------------------------------------------------------


def test_the_member_sees_each_task_of_her_year_with_its_status(world, client_as):
    last_year_of_mona(world)
    page = client_as("member").get(year_url(mona(world), LAST_YEAR)).content.decode()
    assert "Mitt år 2025" in page
    for text in (
        "Fullført 20. april 2021",
        "Deltok på 2 av 3, 1 fravær",
        "Deltok 2. oktober 2025",
        "Referert fra 1 av 3 samlinger",
        "Avtalt 2. mars 2025",
        "Evaluert 3. november 2025",
        "Det årlige spørreskjemaet er ikke tatt i bruk i Lindra ennå.",
        "Gi referat fra nettverkssamlinger til leder og til kolleger.",
    ):
        assert text in page, text
    assert "Meld fra om endring" in page


def test_the_year_pages_lead_from_year_to_year_within_the_membership(world, client_as):
    Membership.objects.filter(pk=mona(world).pk).update(starts_on=dt.date(LAST_YEAR, 8, 1))
    page = client_as("member").get(year_url(mona(world), YEAR)).content.decode()
    assert year_url(mona(world), LAST_YEAR) in page
    assert year_url(mona(world), YEAR + 1) not in page
    assert (
        year_url(mona(world), LAST_YEAR - 1)
        not in client_as("member").get(year_url(mona(world), LAST_YEAR)).content.decode()
    )


@pytest.mark.parametrize("year", [LAST_YEAR - 1, YEAR + 1, 1999])
def test_a_year_outside_the_membership_is_not_found(world, client_as, year):
    Membership.objects.filter(pk=mona(world).pk).update(starts_on=dt.date(LAST_YEAR, 8, 1))
    assert client_as("member").get(year_url(mona(world), year)).status_code == 404


def test_the_nearest_leader_sees_what_she_owes_herself(world, client_as):
    WorkPlan.objects.create(membership=mona(world), year=YEAR, status=WorkPlan.Status.SUBMITTED)
    page = client_as("nearest_leader").get(year_url(mona(world), YEAR)).content.decode()
    assert "Året 2026: Mona Medlem" in page
    assert "Dette venter på deg som nærmeste leder" in page
    assert "Avtal arbeidsplanen: den er sendt til deg." in page
    assert "Hold det årlige møtet og evaluer arbeidsplanen." in page
    # The group's leader sees the year, not what the nearest leader owes.
    page = client_as("group_leader").get(year_url(mona(world), YEAR)).content.decode()
    assert "Sendt til nærmeste leder, fristen var 31. mars 2026" in page
    assert "Dette venter på deg" not in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("member", 200),
        ("nearest_leader", 200),
        ("group_leader", 200),
        ("secretariat", 200),
        ("committee_member", 404),
        ("host", 404),
        ("other_member", 404),
        ("other_secretariat", 404),
    ],
)
def test_the_member_year_by_role(world, client_as, role, status):
    assert client_as(role).get(year_url(mona(world), YEAR)).status_code == status


def test_a_year_on_leave_is_not_held_against_her(world, client_as):
    Leave.objects.create(membership=mona(world), starts_on=dt.date(LAST_YEAR - 1, 12, 1), ends_on=None)
    page = client_as("member").get(year_url(mona(world), YEAR)).content.decode()
    assert "Permisjon hele 2026: oppgavene gjelder ikke for året." in page
    assert "Ikke gjort" not in page


def test_the_home_page_links_my_year_and_shows_what_is_open(world, client_as):
    page = client_as("member").get(reverse("home:home")).content.decode()
    assert "Mitt år 2026 i Bergen sentrum" in page
    assert year_url(mona(world), YEAR) in page
    assert "Ingen plan ennå, fristen var 31. mars 2026" in page
    leader_home = client_as("nearest_leader").get(reverse("home:home")).content.decode()
    assert reverse("development:staff") in leader_home


# The table of a group and of a network ---------------------------------------------------------


def group_table_url(world: World, year: int = LAST_YEAR) -> str:
    return reverse("development:group_members_year", args=[world.group_a1.pk, year])


def network_table_url(world: World, year: int = LAST_YEAR) -> str:
    return reverse("development:network_members_year", args=[world.network_a.pk, year])


def test_the_group_leader_sees_every_member_of_the_group_and_the_counts(world, client_as):
    last_year_of_mona(world)
    page = client_as("group_leader").get(group_table_url(world)).content.decode()
    assert "Medlemmenes år 2025: Bergen sentrum" in page
    assert "2 medlemmer" in page
    assert "Mona Medlem" in page and "Aina Arrangør" in page
    assert "Olav Annengruppe" not in page  # another group
    assert year_url(mona(world), LAST_YEAR) in page
    assert "1 av 2 gjort" in page  # the intro course: Mona's done, Aina's not


def test_the_network_table_has_every_member_of_the_network(world, client_as):
    page = client_as("secretariat").get(network_table_url(world)).content.decode()
    assert "3 medlemmer" in page
    assert "Olav Annengruppe" in page and "Åsane" in page


def test_the_spreadsheet_has_a_row_per_member_and_the_counts(world, client_as):
    last_year_of_mona(world)
    response = client_as("secretariat").get(network_table_url(world) + "?format=xlsx")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="medlemmenes-ar-2025-nettverk-{world.network_a.pk}.xlsx"'
    )
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "Etternavn",
        "Fornavn",
        "Lokalgruppe",
        "Arbeidssted",
        "Introduksjonskurs",
        "Introduksjonskurs: status",
    )
    by_name = {row[1]: row for row in rows[1:-1]}
    assert set(by_name) == {"Mona", "Aina", "Olav"}
    assert by_name["Mona"][4:8] == ("Gjort", "Fullført 20. april 2021", "Ikke gjort", "Deltok på 2 av 3, 1 fravær")
    assert by_name["Mona"][-2:] == ("Kommer", "Det årlige spørreskjemaet er ikke tatt i bruk i Lindra ennå.")
    assert rows[-1][:1] == ("Gjort",)
    assert rows[-1][4:6] == (1, "1 av 3")


# The table shows a page of rows; its counts and heading take every member of the year.


@pytest.fixture
def two_rows_a_page(monkeypatch):
    monkeypatch.setattr("lindra.development.views.year.ROWS_PER_PAGE", 2)


def rows_of(page: str) -> list[str]:
    return [name for name in ("Olav Annengruppe", "Aina Arrangør", "Mona Medlem") if f">{name}<" in page]


def test_the_first_page_of_the_network_table_counts_every_member(world, client_as, two_rows_a_page):
    last_year_of_mona(world)
    page = client_as("secretariat").get(network_table_url(world)).content.decode()
    assert "3 medlemmer" in page
    assert "1 av 3 gjort" in page  # the intro course, Mona's on the next page
    assert rows_of(page) == ["Olav Annengruppe", "Aina Arrangør"]  # by family name
    assert '<nav class="ds-pagination cluster" aria-label="Sider">' in page
    assert "Side 1 av 2" in page
    assert 'href="?side=2"' in page and 'href="?side=0"' not in page


def test_a_later_page_of_the_network_table_has_the_rows_after(world, client_as, two_rows_a_page):
    last_year_of_mona(world)
    page = client_as("secretariat").get(network_table_url(world), {"side": 2}).content.decode()
    assert "3 medlemmer" in page and "1 av 3 gjort" in page
    assert rows_of(page) == ["Mona Medlem"]
    assert "Fullført 20. april 2021" in page
    assert "Side 2 av 2" in page and 'href="?side=1"' in page and 'href="?side=3"' not in page


def test_the_group_leader_pages_through_her_group(world, client_as, monkeypatch):
    monkeypatch.setattr("lindra.development.views.year.ROWS_PER_PAGE", 1)
    client = client_as("group_leader")
    first = client.get(group_table_url(world)).content.decode()
    assert "2 medlemmer" in first and rows_of(first) == ["Aina Arrangør"]
    assert "Side 1 av 2" in first
    second = client.get(group_table_url(world), {"side": 2}).content.decode()
    assert rows_of(second) == ["Mona Medlem"]
    assert year_url(mona(world), LAST_YEAR) in second  # a member of her group today: she may open it


@pytest.mark.parametrize(("side", "shown"), [("99", "Side 2 av 2"), ("tja", "Side 1 av 2"), ("-1", "Side 2 av 2")])
def test_a_page_out_of_range_or_not_a_number_shows_the_last_or_the_first(
    world, client_as, two_rows_a_page, side, shown
):
    response = client_as("secretariat").get(network_table_url(world), {"side": side})
    assert response.status_code == 200
    assert shown in response.content.decode()


def test_one_page_has_no_paging_links(world, client_as):
    page = client_as("secretariat").get(network_table_url(world)).content.decode()
    assert "3 medlemmer" in page and len(rows_of(page)) == 3
    assert 'aria-label="Sider"' not in page


def test_the_spreadsheet_has_every_row_whatever_the_page(world, client_as, two_rows_a_page):
    response = client_as("secretariat").get(network_table_url(world), {"format": "xlsx", "side": 2})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:-1]] == ["Olav", "Aina", "Mona"]


@pytest.mark.parametrize(
    ("role", "group", "network"),
    [
        ("group_leader", 200, 404),
        ("secretariat", 200, 200),
        ("committee_member", 403, 403),
        ("member", 403, 404),
        ("nearest_leader", 404, 404),
        ("other_secretariat", 404, 404),
    ],
)
def test_the_tables_by_role(world, client_as, role, group, network):
    client = client_as(role)
    assert client.get(group_table_url(world)).status_code == group
    assert client.get(network_table_url(world)).status_code == network


@pytest.mark.parametrize("year", [1999, YEAR + 1])
def test_a_table_for_a_year_out_of_range_is_not_found(world, client_as, year):
    client = client_as("secretariat")
    assert client.get(group_table_url(world, year)).status_code == 404
    assert client.get(network_table_url(world, year)).status_code == 404


# The nearest leader's page ---------------------------------------------------------------------

STAFF = reverse("development:staff")


def test_the_nearest_leader_sees_her_staff_by_network_and_group(world, client_as):
    Leave.objects.create(membership=aina(world), starts_on=dt.date(YEAR, 5, 1), ends_on=dt.date(YEAR, 8, 31))
    WorkPlan.objects.create(membership=mona(world), year=YEAR, status=WorkPlan.Status.SUBMITTED)
    held_meeting(world.group_a1, dt.date(YEAR, 2, 10), {world.person("member"): ABSENT})
    page = client_as("nearest_leader").get(STAFF).content.decode()
    assert "Du er nærmeste leder for 2 ressurspersoner." in page
    assert world.network_a.name in page and "Bergen sentrum" in page
    assert "Møtt på 0 av 1 møter i år, 1 fravær (følges opp over 2)" in page
    assert page.count("permisjon</span>") == 1  # Aina, not Mona
    assert "permisjon</span> 1. mai 2026 – 31. august 2026" in page
    assert "Avtal arbeidsplanen til Mona Medlem: den er sendt til deg." in page
    assert "Hold det årlige møtet med Aina Arrangør" in page
    assert year_url(mona(world), YEAR) in page
    assert reverse("registry:report_change", args=[mona(world).pk]) in page


def test_reporting_a_change_starts_from_the_top_of_the_page(world, client_as):
    client = client_as("nearest_leader")
    response = client.get(STAFF, {"meld": mona(world).pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:report_change", args=[mona(world).pk])
    response = client.post(
        response["Location"], {"kind": ChangeRequest.Kind.END, "effective_on": "30.06.2026", "message": "Slutter."}
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.get(membership=mona(world)).kind == ChangeRequest.Kind.END
    assert OutboxMessage.objects.filter(kind="change_request_received", to=[world.network_a.secretariat_email]).exists()
    page = client.get(STAFF).content.decode()
    assert "Avslutter funksjonen" in page  # the open request shows beside her


@pytest.mark.parametrize("chosen", ["noe-annet", "999999"])
def test_reporting_for_someone_not_on_the_staff_is_refused_with_a_message(world, client_as, chosen):
    other = Membership.objects.get(person=world.person("other_member"))
    response = client_as("nearest_leader").get(STAFF, {"meld": other.pk if chosen == "999999" else chosen})
    assert response.status_code == 400
    assert "Velg en av dine ansatte i listen." in response.content.decode()


@pytest.mark.parametrize("role", ["member", "group_leader", "secretariat", "superuser"])
def test_anyone_who_leads_no_staff_is_told_why(world, client_as, role):
    response = client_as(role).get(STAFF)
    assert response.status_code == 404
    assert "Du er ikke nærmeste leder for noen" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_minutes_she_received_as_nearest_leader_are_listed(world, client_as, outbox):
    meeting = held_meeting(world.group_a1, dt.date(YEAR, 6, 1), {world.person("member"): PRESENT})
    Meeting.objects.filter(pk=meeting.pk).update(part1="Runde rundt bordet.")
    minutes = minutes_service.minutes_for(meeting)
    minutes = minutes_service.save_draft(
        minutes,
        part1="Vi delte erfaringer.",
        part2="",
        agreements="",
        expected_version=minutes.version,
        by=world.user("group_leader"),
    )
    minutes = minutes_service.submit(minutes, by=world.user("group_leader"))
    minutes_service.approve_and_send(minutes, by=world.user("secretariat"))
    page = client_as("nearest_leader").get(STAFF).content.decode()
    assert reverse("meetings:minutes", args=[meeting.pk]) in page
    assert meeting.title in page


# A fixed number of queries ---------------------------------------------------------------------


def populate(world: World, members: int) -> None:
    """More members in A1 led by Lars, with meetings, fagdag, reports, plans and yearly meetings."""
    lars = world.person("nearest_leader")
    people = [f.person() for _ in range(members)]
    memberships = [f.membership(p, world.group_a1, nearest_leader=lars, starts_on=LONG_AGO) for p in people]
    for year in (LAST_YEAR, YEAR):
        marks = {p: [PRESENT, ABSENT][i % 2] for i, p in enumerate(people)}
        meeting = held_meeting(world.group_a1, dt.date(year, 2, 3), marks)
        held_meeting(world.committee_a, dt.date(year, 3, 3), marks, kind=Meeting.Kind.FAGDAG)
        for i, membership in enumerate(memberships):
            Leave.objects.create(membership=membership, starts_on=dt.date(year, 7, 1), ends_on=dt.date(year, 7, 31))
            ReportBack.objects.create(
                membership=membership, meeting=meeting, reported_on=dt.date(year, 2, 4), to_leader=True
            )
            WorkPlan.objects.create(membership=membership, year=year, status=WorkPlan.Status.values[i % 4])
            YearlyMeeting.objects.create(
                membership=membership,
                year=year,
                starts_at=f.at(dt.date(year, 5, 5), 9),
                ends_at=f.at(dt.date(year, 5, 5), 10),
            )


def test_the_pages_run_as_many_queries_whatever_the_data(world, client_as):
    urls = {
        "member_year": ("member", year_url(mona(world), LAST_YEAR)),
        "group": ("group_leader", group_table_url(world)),
        "network": ("secretariat", network_table_url(world)),
        "xlsx": ("secretariat", network_table_url(world) + "?format=xlsx"),
        "staff": ("nearest_leader", STAFF),
        "home": ("member", reverse("home:home")),
    }
    clients = {role: client_as(role) for role, _url in urls.values()}

    def queries() -> dict[str, int]:
        counted = {}
        for name, (role, url) in urls.items():
            with CaptureQueriesContext(connection) as captured:
                assert clients[role].get(url).status_code == 200, name
            counted[name] = len(captured)
        return counted

    populate(world, 2)
    few = queries()
    populate(world, 12)
    assert queries() == few


@pytest.mark.parametrize("role", ["member", "nearest_leader", "group_leader", "secretariat"])
def test_from_the_year_each_role_reaches_the_work_plan_the_yearly_meeting_and_the_reports(world, client_as, role):
    client = client_as(role)
    page = client.get(reverse("development:member_year", args=[mona(world).pk, YEAR])).content.decode()
    for name, args in [
        ("development:work_plan", [mona(world).pk, YEAR]),
        ("development:yearly_meeting", [mona(world).pk, YEAR]),
        ("development:competence", [mona(world).pk]),
    ]:
        url = reverse(name, args=args)
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200


def test_the_nearest_leader_goes_from_her_staff_to_the_plan_she_is_to_agree(world, client_as):
    WorkPlan.objects.create(
        membership=mona(world), year=YEAR, goals="Lære mer om smertelindring", status=WorkPlan.Status.SUBMITTED
    )
    page = client_as("nearest_leader").get(reverse("development:staff")).content.decode()
    plan = reverse("development:work_plan", args=[mona(world).pk, YEAR])
    assert f'<a class="ds-link" href="{plan}">Avtal arbeidsplanen til Mona Medlem' in page
