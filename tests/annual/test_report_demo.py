"""The Ahus demo network's draft annual report: its figures, computed by the report, against
counts done here independently with plain ORM queries on the same demo data."""

import datetime as dt

import pytest
from django.db.models import F, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindra.accounts.models import User
from lindra.annual import report_figures
from lindra.annual.models import AnnualReport, ReportText
from lindra.demo import data as demo
from lindra.development.models import CompetenceActivity
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import LocalGroup, Membership, Network, Term

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


@pytest.fixture
def ahus():
    return Network.objects.get(short_name=demo.AHUS_NETWORK.short_name)


@pytest.fixture
def figures(ahus):
    return report_figures.compute(ahus, timezone.localdate().year)


def year_of(year: int) -> Q:
    first = timezone.make_aware(dt.datetime(year, 1, 1))
    return Q(starts_at__gte=first, starts_at__lt=timezone.make_aware(dt.datetime(year + 1, 1, 1)))


def test_the_demo_has_a_draft_report_with_texts_and_recipients(ahus):
    report = AnnualReport.objects.get(network=ahus)
    assert report.status == AnnualReport.Status.DRAFT and report.year == timezone.localdate().year
    assert ReportText.objects.filter(report=report, section="historikk").count() == 2
    assert ahus.report_recipients.count() == 2


def test_the_meetings_held_and_the_hours_are_those_of_the_meetings(ahus, figures):
    year = figures["year"]
    for row in figures["groups"]:
        group = LocalGroup.objects.get(network=ahus, name=row["name"])
        held = Meeting.objects.filter(year_of(year), local_group=group, attendance_recorded_at__isnull=False)
        assert row["held"] == held.count(), row["name"]
        hours = sum((m.ends_at - m.starts_at).total_seconds() / 3600 for m in held)
        assert row["hours"] == pytest.approx(hours), row["name"]
        assert row["required"] == ahus.meetings_per_group_per_year
        assert row["minimum_hours"] == ahus.min_gathering_hours_per_year == 12
        marks = Registration.objects.filter(meeting__in=held, kind=Registration.Kind.MEMBER).exclude(attendance="")
        marks = marks.exclude(person_id=F("meeting__operations_representative_id"))  # attends for the group
        present = marks.filter(attendance=Registration.Attendance.PRESENT).count()
        assert (row["present"], row["marked"]) == (present, marks.count()), row["name"]
    assert figures["totals"]["groups"] == LocalGroup.objects.filter(network=ahus, closed_on__isnull=True).count() == 6
    assert figures["totals"]["held"] == sum(r["held"] for r in figures["groups"]) > 0


def test_the_members_are_those_of_the_registry(ahus, figures):
    year = figures["year"]
    day = dt.date.fromisoformat(figures["reference_day"])
    current = Membership.objects.filter(network=ahus, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    assert figures["members_on_day"] == current.count()
    assert sum(n for _kind, n in figures["by_workplace_kind"]) == current.count()
    nurses = current.filter(person__profession="SP").count()
    assert dict(figures["by_profession"])["Sykepleier"] == nurses
    memberships = Membership.objects.filter(network=ahus)
    assert (
        figures["members"]["new"]
        == memberships.filter(starts_on__year=year)
        .exclude(
            person__memberships__network=ahus, person__memberships__ends_on=dt.date(year, 1, 1) - dt.timedelta(days=1)
        )
        .count()
    )
    assert figures["members"]["ended"] == memberships.filter(ends_on__year=year).count()
    assert figures["members_over_years"][-1] == [year, figures["members"]["carried_out"]]


def test_the_committees_and_the_competence(ahus, figures):
    year = figures["year"]
    seats = Term.objects.filter(
        network=ahus,
        kind__in=[Term.Kind.COMMITTEE_MEMBER, Term.Kind.COMMITTEE_LEADER],
        starts_on__lte=dt.date(year, 12, 31),
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=dt.date(year, 1, 1)))
    people = {(t.committee_id, t.person_id, t.kind) for t in seats}
    assert sum(len(c["members"]) for c in figures["committees"]) == len(people)
    confirmed = CompetenceActivity.objects.filter(
        membership__network=ahus, starts_on__year=year, confirmed_at__isnull=False
    )
    assert figures["totals"]["activities"] == confirmed.count()
    assert figures["totals"]["hospitering"] == confirmed.filter(kind=CompetenceActivity.Kind.HOSPITERING).count()
    fagdags = Meeting.objects.filter(year_of(year), network=ahus, kind=Meeting.Kind.FAGDAG)
    assert len(figures["fagdags"]) == fagdags.count()
    courses = Meeting.objects.filter(year_of(year), network=ahus, kind=Meeting.Kind.COURSE)
    assert len(figures["courses"]) == courses.count()


def test_the_topics_covered_are_those_linked_to_the_meetings_held(ahus, figures):
    held = Meeting.objects.filter(year_of(figures["year"]), network=ahus, attendance_recorded_at__isnull=False)
    titles = set(held.filter(topics__isnull=False).values_list("topics__title", flat=True))
    assert {title for title, _n in figures["topics"]} == titles and titles
    for row in figures["groups"]:
        mine = held.filter(local_group__name=row["name"], topics__isnull=False)
        assert set(row["topics"]) == set(mine.values_list("topics__title", flat=True))


def test_the_secretariat_and_the_committee_open_the_demo_report(ahus):
    year = timezone.localdate().year
    for user in (demo.AHUS_SECRETARIAT, demo.COMMITTEE_MEMBER):
        client = Client()
        client.force_login(User.objects.get(email=user.email))
        response = client.get(reverse("annual:report", args=[ahus.pk, year]))
        if response.status_code == 404:  # the demo committee member sits at KLB
            continue
        assert response.status_code == 200
        assert "Kompetansenettverket i palliasjon ble startet i 2012" in response.text


def test_the_ahus_secretariat_finds_the_draft_from_the_home_page(ahus):
    client = Client()
    client.force_login(User.objects.get(email=demo.AHUS_SECRETARIAT.email))
    home = client.get(reverse("home:home")).text
    assert reverse("annual:report", args=[ahus.pk, timezone.localdate().year]) in home
