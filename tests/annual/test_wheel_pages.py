"""The annual wheel of a network and of a local group: who sees which, what it draws and lists
in which state, its one printable page, and a fixed number of queries."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.annual.models import AnnualReport, Document, DocumentVersion, Questionnaire
from lindra.home.roles import roles_for
from lindra.meetings.models import Meeting, Minutes
from tests import factories as f
from tests.documents import pdf_text
from tests.personas import World, build_world

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
TODAY = dt.datetime(2027, 6, 15, 10, tzinfo=OSLO)
YEAR = 2027


@pytest.fixture
def world(db) -> World:
    """The personas, made in June of the wheel's year."""
    with time_machine.travel(TODAY, tick=False):
        return build_world()


def wheel_url(world: World, year: int = YEAR) -> str:
    return reverse("annual:wheel", args=[world.network_a.pk, year])


def group_url(world: World, year: int = YEAR) -> str:
    return reverse("annual:group_wheel", args=[world.group_a1.pk, year])


def held(meeting: Meeting, *, minutes: bool) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(attendance_recorded_at=meeting.ends_at)
    if minutes:
        Minutes.objects.create(meeting=meeting, status=Minutes.Status.APPROVED, approved_at=meeting.ends_at)
    return meeting


def a_year_of_meetings(world: World, group=None) -> dict[str, Meeting]:
    """In A1 (or the group): one held in March with its minutes out, one in May never recorded,
    one in September ahead."""
    group = group or world.group_a1
    return {
        "done": held(f.meeting(group, title="Vårmøte", starts_at=f.at(dt.date(YEAR, 3, 10))), minutes=True),
        "late": f.meeting(group, title="Maimøte", starts_at=f.at(dt.date(YEAR, 5, 12))),
        "planned": f.meeting(group, title="Høstmøte", starts_at=f.at(dt.date(YEAR, 9, 15))),
    }


def list_item(page: str, title: str) -> str:
    """The list's line of an item: its date, title, kind and state."""
    found = re.search(rf"<li>[^\n]*{title}[^\n]*</li>", page)
    assert found, f"{title} is not listed"
    return found.group(0)


@time_machine.travel(TODAY, tick=False)
def test_the_secretariat_sees_the_network_year_with_each_item_in_its_state(world: World, client_as):
    meetings = a_year_of_meetings(world)
    fagdag = f.meeting(
        world.committee_a, kind=Meeting.Kind.FAGDAG, title="Fagdag om lindring", starts_at=f.at(dt.date(YEAR, 10, 20))
    )
    response = client_as("secretariat").get(wheel_url(world))
    assert response.status_code == 200
    page = response.text
    assert "<svg" in page and "Årshjul 2027" in page
    assert "gjennomført" in list_item(page, "Vårmøte")
    assert "forsinket" in list_item(page, "Maimøte")
    assert "planlagt" in list_item(page, "Høstmøte")
    assert "planlagt" in list_item(page, "Fagdag om lindring")
    for meeting in [*meetings.values(), fagdag]:
        assert meeting.get_absolute_url() in page
    # Every group has its lane, leading to its own wheel; the committee its own.
    assert reverse("annual:group_wheel", args=[world.group_a2.pk, YEAR]) in page
    assert "Driftsgruppen" in page
    assert "Møte i driftsgruppen" in page


@time_machine.travel(TODAY, tick=False)
def test_a_meeting_held_without_its_minutes_out_is_planned_until_they_are_due_then_late(world: World, client_as):
    meeting = held(f.meeting(world.group_a1, title="Junimøte", starts_at=f.at(dt.date(YEAR, 6, 10))), minutes=False)
    assert "planlagt" in list_item(client_as("secretariat").get(wheel_url(world)).text, "Junimøte")
    with time_machine.travel(dt.datetime(YEAR, 7, 20, 10, tzinfo=OSLO), tick=False):
        assert "forsinket" in list_item(client_as("secretariat").get(wheel_url(world)).text, "Junimøte")
        Minutes.objects.create(meeting=meeting, status=Minutes.Status.APPROVED)
        assert "gjennomført" in list_item(client_as("secretariat").get(wheel_url(world)).text, "Junimøte")


@time_machine.travel(TODAY, tick=False)
def test_the_questionnaire_the_annual_report_and_revisions_are_on_the_network_line(world: World, client_as):
    network = world.network_a
    questionnaire = Questionnaire.objects.create(
        network=network,
        year=YEAR,
        title="Årlig rapportering",
        opens_on=dt.date(YEAR, 5, 1),
        closes_on=dt.date(YEAR, 5, 31),
    )
    report = AnnualReport.objects.create(
        network=network,
        year=YEAR - 1,
        status=AnnualReport.Status.PUBLISHED,
        published_at=timezone.make_aware(dt.datetime(YEAR, 3, 20, 12)),
    )
    plan = Document.objects.create(network=network, kind=Document.Kind.COMPETENCE_PLAN, title="Kompetanseplan")
    DocumentVersion.objects.create(document=plan, number=1, next_revision_on=dt.date(YEAR, 4, 1))
    DocumentVersion.objects.create(document=plan, number=2, next_revision_on=dt.date(YEAR, 11, 1))
    agreement = Document.objects.create(network=network, kind=Document.Kind.AGREEMENT, title="Nettverksavtale")
    DocumentVersion.objects.create(document=agreement, number=1, next_revision_on=dt.date(YEAR, 2, 1))
    page = client_as("secretariat").get(wheel_url(world)).text
    # Opened on 1 May and never sent out: late.
    assert "forsinket" in list_item(page, "Årlig rapportering")
    assert questionnaire.get_absolute_url() in page
    assert "gjennomført" in list_item(page, "Årsrapport 2026")
    assert report.get_absolute_url() in page
    # The current version's revision only: November, ahead; the agreement's is past.
    assert "1. november" in list_item(page, "Kompetanseplan") and "planlagt" in list_item(page, "Kompetanseplan")
    assert "1. april" not in page
    assert "forsinket" in list_item(page, "Nettverksavtale")
    assert plan.get_absolute_url() in page
    # The committee sees the same items; their pages are the secretariat's.
    committee = client_as("committee_member").get(wheel_url(world)).text
    assert "Årlig rapportering" in committee and "Kompetanseplan" in committee
    for url in (questionnaire.get_absolute_url(), report.get_absolute_url(), plan.get_absolute_url()):
        assert url not in committee


@time_machine.travel(TODAY, tick=False)
def test_an_annual_report_not_published_is_planned_until_the_spring_then_late(world: World, client_as):
    with time_machine.travel(dt.datetime(YEAR, 3, 31, 10, tzinfo=OSLO), tick=False):
        assert "planlagt" in list_item(client_as("secretariat").get(wheel_url(world)).text, "Årsrapport 2026")
    with time_machine.travel(dt.datetime(YEAR, 4, 1, 10, tzinfo=OSLO), tick=False):
        assert "forsinket" in list_item(client_as("secretariat").get(wheel_url(world)).text, "Årsrapport 2026")


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat", 200),
        ("superuser", 200),
        ("committee_member", 200),
        ("group_leader", 404),
        ("member", 404),
        ("nearest_leader", 404),
        ("other_secretariat", 404),
    ],
)
def test_the_network_wheel_is_for_its_secretariat_and_committees(world: World, client_as, role, expected):
    assert client_as(role).get(wheel_url(world)).status_code == expected
    assert client_as(role).get(reverse("annual:wheel_pdf", args=[world.network_a.pk, YEAR])).status_code == expected


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat", 200),
        ("committee_member", 200),
        ("group_leader", 200),
        ("host", 200),
        ("member", 200),
        ("nearest_leader", 404),
        ("other_member", 404),
        ("other_secretariat", 404),
    ],
)
def test_a_group_wheel_is_for_whoever_sees_the_group(world: World, client_as, role, expected):
    assert client_as(role).get(group_url(world)).status_code == expected


@time_machine.travel(TODAY, tick=False)
def test_a_member_sees_her_groups_meetings_and_the_network_events_not_other_groups(world: World, client_as):
    a_year_of_meetings(world)
    f.meeting(world.group_a2, title="Åsanemøte", starts_at=f.at(dt.date(YEAR, 4, 2)))
    f.meeting(world.committee_a, kind=Meeting.Kind.COURSE, title="Introkurs", starts_at=f.at(dt.date(YEAR, 9, 1)))
    page = client_as("member").get(group_url(world)).text
    assert "Vårmøte" in page and "Introkurs" in page
    assert "Åsanemøte" not in page and "Møte i driftsgruppen" not in page
    # The group's meeting leads to its page; the network's pages are not hers.
    assert world.meeting.get_absolute_url() in page or "Høstmøte" in page
    assert reverse("registry:network", args=[world.network_a.pk]) not in page


@time_machine.travel(TODAY, tick=False)
def test_a_year_far_off_is_not_found(world: World, client_as):
    assert client_as("secretariat").get(wheel_url(world, 1999)).status_code == 404
    assert client_as("secretariat").get(wheel_url(world, YEAR + 2)).status_code == 404
    assert client_as("secretariat").get(wheel_url(world, YEAR + 1)).status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_with_many_groups_the_network_wheel_counts_them_per_month_and_lists_each(world: World, client_as):
    groups = [f.group(world.network_a, f"Gruppe {n:02}") for n in range(12)]
    a_year_of_meetings(world, groups[0])
    page = client_as("secretariat").get(wheel_url(world)).text
    assert "14 grupper: møter per måned" in page
    assert "Gruppenes møter per måned" in page
    for group in groups:
        assert reverse("annual:group_wheel", args=[group.pk, YEAR]) in page
    # The meetings are counted, not listed one by one.
    assert "Vårmøte" not in page


@time_machine.travel(TODAY, tick=False)
def test_the_network_and_group_pages_lead_to_this_years_wheel(world: World, client_as):
    network_page = client_as("committee_member").get(reverse("registry:network", args=[world.network_a.pk])).text
    assert wheel_url(world) in network_page
    group_page = client_as("member").get(reverse("registry:group", args=[world.group_a1.pk])).text
    assert group_url(world) in group_page


@time_machine.travel(TODAY, tick=False)
def test_the_wheel_prints_on_one_a4_page(world: World, client_as, tmp_path):
    a_year_of_meetings(world)
    for group in [world.group_a2, *[f.group(world.network_a, f"Gruppe {n}") for n in range(4)]]:
        a_year_of_meetings(world, group)
    for url in (reverse("annual:wheel_pdf", args=[world.network_a.pk, YEAR]), group_url(world).rstrip("/") + ".pdf"):
        response = client_as("secretariat").get(url)
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content, tmp_path)
        assert text.count("\f") == 1  # one page
        assert "Årshjul 2027" in text and "Gjennomført" in text


@time_machine.travel(TODAY, tick=False)
def test_the_annual_report_can_embed_the_wheel(world: World):
    a_year_of_meetings(world)
    request = RequestFactory().get("/")
    request.user = world.user("secretariat")
    request.roles = roles_for(request.user)
    html = Template("{% load annual_wheel %}{% annual_wheel network year %}").render(
        Context({"request": request, "network": world.network_a, "year": YEAR})
    )
    assert "<svg" in html and "Vårmøte" in html


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("many", [5, 20], ids=["drawn", "counted"])
def test_the_wheels_take_as_many_queries_for_twice_the_data(world: World, client_as, many):
    client = client_as("secretariat")

    made = iter(range(1000))

    def more(n: int) -> None:
        for _ in range(n):
            i = next(made)
            group = f.group(world.network_a, f"Ny gruppe {i}")
            a_year_of_meetings(world, group)
            a_year_of_meetings(world)
            f.meeting(world.committee_a, title=f"Utvalgsmøte {i}", starts_at=f.at(dt.date(YEAR, 2, 1 + i % 28)))
            Questionnaire.objects.create(
                network=world.network_a,
                year=YEAR,
                title=f"Skjema {i}",
                opens_on=dt.date(YEAR, 4, 1),
                closes_on=dt.date(YEAR, 4, 30),
            )
            document = Document.objects.create(network=world.network_a, kind=Document.Kind.OTHER, title=f"Dokument {i}")
            DocumentVersion.objects.create(document=document, number=1, next_revision_on=dt.date(YEAR, 8, 1))

    more(many // 2 if many == 5 else many)
    some = (_queries(client, wheel_url(world)), _queries(client, group_url(world)))
    more(many // 2 if many == 5 else many)
    assert (_queries(client, wheel_url(world)), _queries(client, group_url(world))) == some
