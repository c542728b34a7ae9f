"""The home page: the member sees her work plan of the year and its state; the nearest leader
sees the plans that wait on them and the yearly meetings still to hold."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.development.models import WorkPlan, YearlyMeeting
from lindra.registry.models import Membership
from tests import factories as f

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def membership(world, role: str) -> Membership:
    return Membership.objects.get(person=world.person(role))


def test_the_member_sees_her_plan_of_the_year_and_its_state(world, client_as):
    client = client_as("member")
    page = client.get("/").text
    url = reverse("development:work_plan", args=[membership(world, "member").pk, YEAR])
    assert "Arbeidsplanen din" in page and f'href="{url}"' in page
    assert f"Arbeidsplan {YEAR}</a>: ikke påbegynt" in page

    WorkPlan.objects.create(membership=membership(world, "member"), year=YEAR, status=WorkPlan.Status.SUBMITTED)
    assert f"Arbeidsplan {YEAR}</a>: sendt til nærmeste leder" in client.get("/").text
    WorkPlan.objects.update(status=WorkPlan.Status.AGREED)
    assert f"Arbeidsplan {YEAR}</a>: avtalt" in client.get("/").text


def test_the_nearest_leader_sees_plans_to_answer_and_meetings_to_hold(world, client_as):
    now = timezone.now()
    WorkPlan.objects.create(
        membership=membership(world, "member"), year=YEAR, status=WorkPlan.Status.SUBMITTED, submitted_at=now
    )
    YearlyMeeting.objects.create(
        membership=membership(world, "host"),
        year=YEAR,
        starts_at=now + dt.timedelta(hours=2),
        ends_at=now + dt.timedelta(hours=3),
    )

    page = client_as("nearest_leader").get("/").text

    assert "Arbeidsplaner og årlige møter" in page
    assert f"Arbeidsplan {YEAR}: Mona Medlem</a>" in page
    assert f"Årlige møter å holde i {YEAR}" in page
    assert "Aina Arrangør</a>: booket" in page and "Mona Medlem</a>: ikke booket" in page
    # Held and evaluated: nothing left to hold.
    YearlyMeeting.objects.update(evaluated_at=now, evaluation="Bra")
    assert "Aina Arrangør</a>:" not in client_as("nearest_leader").get("/").text


def test_others_do_not_see_the_leaders_section(world, client_as):
    WorkPlan.objects.create(membership=membership(world, "member"), year=YEAR, status=WorkPlan.Status.SUBMITTED)
    for role in ("group_leader", "secretariat", "other_member"):
        assert "Planer som venter på svar fra deg" not in client_as(role).get("/").text


def test_the_leaders_home_page_takes_as_many_queries_with_many_staff(world, client_as):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_as("nearest_leader").get("/")
        return len(captured)

    few = queries()
    lars = world.person("nearest_leader")
    for n in range(20):
        staff = f.membership(f.person(f"Ansatt{n}", "Hansen"), world.group_a1, nearest_leader=lars)
        WorkPlan.objects.create(
            membership=staff, year=YEAR, status=WorkPlan.Status.SUBMITTED, submitted_at=timezone.now()
        )
    assert queries() == few
