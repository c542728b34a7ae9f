"""The competence plan: its page lists the topics and, per topic, the meetings that link to it;
the matrix shows topics × local groups × years, what each group covered in its held meetings,
on the page and as a spreadsheet, in a fixed number of queries."""

import datetime as dt
from io import BytesIO

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lindra.annual import documents
from lindra.annual.models import Document
from lindra.meetings.models import CompetenceTopic, Meeting
from tests import factories as f
from tests.annual.conftest import document
from tests.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_march_2027():
    with time_machine.travel(dt.datetime(2027, 3, 3, 10, 0), tick=False):
        yield


def topic(world: World, title: str, **fields) -> CompetenceTopic:
    return CompetenceTopic.objects.create(network=world.network_a, title=title, **fields)


def held(group, day: dt.date, *topics: CompetenceTopic, recorded: bool = True, title: str = "Nettverksmøte") -> Meeting:
    meeting = f.meeting(group, title=title, starts_at=f.at(day, 12))
    if recorded:
        Meeting.objects.filter(pk=meeting.pk).update(attendance_recorded_at=f.at(day, 16))
    meeting.topics.set(topics)
    return meeting


def _coverage(pk: int, **query) -> str:
    url = reverse("annual:coverage", args=[pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_competence_plan_shows_its_topics_and_the_meetings_that_link_to_them(world: World, client_as):
    pain = topic(world, "Smertelindring", description="Kartlegging og behandling av smerte.")
    topic(world, "Ernæring ved alvorlig sykdom")
    topic(world, "Gammelt tema", retired=True)
    held(world.group_a1, dt.date(2026, 10, 1), pain, title="Høstmøte om smerte")
    world.meeting.topics.add(pain)
    plan = document(world.network_a, kind=Document.Kind.COMPETENCE_PLAN, title="Kompetanseplan")
    page = client_as("member").get(plan.get_absolute_url()).text
    assert "Temaene i kompetanseplanen" in page
    assert "Høstmøte om smerte" in page and world.meeting.title in page
    assert "Ingen møter er knyttet til temaet ennå." in page  # nutrition
    assert "ikke lenger i planen" in page
    topics = f'href="{reverse("meetings:topics", args=[world.network_a.pk])}"'
    assert topics not in page  # only the secretariat manages them
    assert topics in client_as("secretariat").get(plan.get_absolute_url()).text


def test_another_document_has_no_topics(world: World, client_as):
    topic(world, "Smertelindring")
    plan = document(world.network_a)
    assert "Temaene i kompetanseplanen" not in client_as("secretariat").get(plan.get_absolute_url()).text


def test_the_matrix_counts_what_each_group_covered_in_its_held_meetings(world: World):
    pain, talk, food = topic(world, "Smertelindring"), topic(world, "Samtaler"), topic(world, "Ernæring")
    held(world.group_a1, dt.date(2026, 2, 1), pain, talk)
    held(world.group_a1, dt.date(2026, 9, 1), pain)
    held(world.group_a2, dt.date(2027, 1, 20), talk)
    held(world.group_a2, dt.date(2027, 2, 20), food, recorded=False)  # not held: no attendance recorded
    held(world.group_b1, dt.date(2026, 2, 1))  # another network
    committee_meeting = world.committee_meeting
    committee_meeting.topics.add(food)  # not a group meeting
    found = documents.coverage_of(world.network_a, 2025, 2027)
    assert found.years == [2025, 2026, 2027]
    assert [g.name for g in found.groups] == ["Bergen sentrum", "Åsane"]
    a1, a2 = world.group_a1.pk, world.group_a2.pk
    assert found.counts == {(pain.pk, a1, 2026): 2, (talk.pk, a1, 2026): 1, (talk.pk, a2, 2027): 1}
    assert found.uncovered() == [food]


def test_a_group_closed_before_the_years_is_left_out(world: World):
    world.group_a2.closed_on = dt.date(2024, 6, 1)
    world.group_a2.save()
    assert [g.name for g in documents.coverage_of(world.network_a, 2025, 2027).groups] == ["Bergen sentrum"]


def test_the_page_has_a_year_selector_and_one_table_a_year(world: World, client_as):
    pain = topic(world, "Smertelindring")
    held(world.group_a1, dt.date(2024, 5, 1), pain)
    client = client_as("nearest_leader")
    page = client.get(_coverage(world.network_a.pk)).text
    assert 'id="ar-2025"' in page and 'id="ar-2027"' in page and 'id="ar-2024"' not in page
    page = client.get(_coverage(world.network_a.pk, fra=2024, til=2024)).text
    assert 'id="ar-2024"' in page and "1 møte" in page


@pytest.mark.parametrize(
    ("fra", "til", "field"), [("2027", "2025", "til"), ("tjue", "2027", "fra"), ("1999", "2027", "fra")]
)
def test_a_bad_range_is_shown_and_the_default_years_are_shown(world: World, client_as, fra, til, field):
    response = client_as("secretariat").get(_coverage(world.network_a.pk, fra=fra, til=til))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'value="{fra}"' in response.text
    assert response.context["coverage"].years == [2025, 2026, 2027]


def test_the_matrix_downloads_as_a_spreadsheet(world: World, client_as):
    pain = topic(world, "Smertelindring")
    held(world.group_a1, dt.date(2026, 2, 1), pain)
    held(world.group_a1, dt.date(2027, 2, 1), pain)
    response = client_as("secretariat").get(
        reverse("annual:coverage_xlsx", args=[world.network_a.pk]) + "?fra=2026&til=2027"
    )
    assert 'filename="kompetanseplan-dekning-2026-2027.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Tema", "Lokalgruppe", "2026", "2027", "Sum")
    assert ("Smertelindring", "Bergen sentrum", 1, 1, 2) in rows
    assert ("Smertelindring", "Åsane", 0, 0, 0) in rows


def _data(world: World, n: int) -> None:
    for i in range(n):
        group = f.group(world.network_a, f"Gruppe {world.network_a.groups.count()}-{i}")
        subject = topic(world, f"Tema {group.pk}")
        for month in (2, 6, 10):
            held(group, dt.date(2026, month, 1), subject, *CompetenceTopic.objects.filter(network=world.network_a)[:2])


def test_the_matrix_and_the_competence_plan_take_as_many_queries_for_many_as_for_few(world: World, client_as):
    client = client_as("secretariat")
    plan = document(world.network_a, kind=Document.Kind.COMPETENCE_PLAN, title="Kompetanseplan")
    urls = [
        _coverage(world.network_a.pk),
        plan.get_absolute_url(),
        reverse("annual:coverage_xlsx", args=[world.network_a.pk]),
    ]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    _data(world, 3)
    few = queries()
    _data(world, 3)
    assert queries() == few


def test_under_each_topic_the_newest_meetings_are_listed_and_the_rest_counted(world: World, client_as):
    pain = topic(world, "Smertelindring")
    for n in range(documents.MEETINGS_PER_TOPIC + 3):
        held(world.group_a1, dt.date(2024, 1, 10) + dt.timedelta(days=30 * n), pain, title=f"Møte nr. {n}")
    plan = document(world.network_a, kind=Document.Kind.COMPETENCE_PLAN, title="Kompetanseplan")
    page = client_as("secretariat").get(plan.get_absolute_url()).text
    assert "Møte nr. 12" in page and "Møte nr. 3<" in page and "Møte nr. 2<" not in page
    assert "og 3 eldre møter." in page
