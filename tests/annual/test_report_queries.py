"""The report's page, its spreadsheet and its PDF take as many queries with some data as with
twice as much: groups, members, meetings, attendance, topics, committees, activities,
deviations and a questionnaire."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.annual import reports
from lindra.annual.models import AnnualReport, Deviation, Questionnaire, ReportRender, Respondent
from lindra.development.models import CompetenceActivity
from lindra.meetings.models import CompetenceTopic, Meeting, Registration
from lindra.registry.models import Committee, Term
from tests import factories as f

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def add_some(world, n: int) -> None:
    """A new group with three members, its three meetings held with a topic each, a committee
    with a member, a confirmed activity, a deviation and a questionnaire answered."""
    group = f.group(world.network_a, f"Gruppe {n}")
    workplace = f.workplace(f"Sykehjem {n}", organisation=f.organisation(f"Kommune {n}"))
    members = []
    for i in range(3):
        person = f.person(f"Medlem{i}", f"Gruppe{n}", profession="SP")
        members.append(f.membership(person, group, workplace=workplace, starts_on=dt.date(YEAR - 1, 3 + i, 1)))
    topic = CompetenceTopic.objects.create(network=world.network_a, title=f"Tema {n}")
    for month in (2, 6, 10):
        meeting = f.meeting(group, starts_at=f.at(dt.date(YEAR, month, 10), 12), hours=4)
        Meeting.objects.filter(pk=meeting.pk).update(attendance_recorded_at=meeting.ends_at)
        meeting.topics.add(topic)
        for membership in members:
            Registration.objects.create(
                meeting=meeting, person=membership.person, attendance=Registration.Attendance.PRESENT
            )
    committee = f.committee(world.network_a, f"Utvalg {n}", kind=Committee.Kind.WORKING)
    f.term(members[0].person, Term.Kind.COMMITTEE_MEMBER, committee=committee, starts_on=dt.date(YEAR, 1, 1))
    CompetenceActivity.objects.create(
        membership=members[1],
        kind=CompetenceActivity.Kind.HOSPITERING,
        title="Hospitering",
        starts_on=dt.date(YEAR, 4, 1),
        hours=7,
        confirmed_at=timezone.now(),
    )
    Deviation.objects.create(
        network=world.network_a,
        local_group=group,
        title="Innkalling kom for sent",
        description="Innkallingen kom to dager før.",
        reported_at=timezone.make_aware(dt.datetime(YEAR, 5, 1, 10)),
    )
    questionnaire, _ = Questionnaire.objects.get_or_create(
        network=world.network_a,
        year=YEAR,
        defaults={"title": "Årlig rapportering", "opens_on": dt.date(YEAR, 10, 1), "closes_on": dt.date(YEAR, 11, 1)},
    )
    for membership in members:
        Respondent.objects.create(
            questionnaire=questionnaire,
            person=membership.person,
            membership=membership,
            local_group=group,
            invited_at=timezone.now(),
            answered_on=dt.date(YEAR, 10, 5),
        )


def count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_and_the_spreadsheet_take_a_fixed_number_of_queries(world, client_as):
    client = client_as("secretariat")
    page = reverse("annual:report", args=[world.network_a.pk, YEAR])
    sheet = reverse("annual:report_xlsx", args=[world.network_a.pk, YEAR])
    add_some(world, 1)
    add_some(world, 2)
    before = (count(client, page), count(client, sheet))
    for n in range(3, 5):
        add_some(world, n)
    assert (count(client, page), count(client, sheet)) == before
    assert before[0] < 60


def test_the_pdf_takes_a_fixed_number_of_queries(world):
    def made() -> int:
        report, _ = AnnualReport.objects.get_or_create(network=world.network_a, year=YEAR)
        render = ReportRender.objects.create(report=report)
        with CaptureQueriesContext(connection) as captured:
            reports.make_pdf(render.pk)
        return len(captured)

    add_some(world, 1)
    before = made()
    add_some(world, 2)
    assert made() == before
