"""The demo data shows work plans in each state, a yearly meeting booked and one held, on the
home pages of the demo member and the demo nearest leader."""

import pytest
from django.test import Client
from django.utils import timezone

from lindra.accounts.models import User
from lindra.demo import data as demo
from lindra.development.models import WorkPlan, WorkPlanReminder, YearlyMeeting
from lindra.development.workplan_reminders import send_work_plan_reminders
from lindra.mail.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def home_of(email: str) -> str:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client.get("/").text


def test_the_demo_leaders_staff_have_plans_in_each_state():
    year = timezone.localdate().year
    plans = WorkPlan.objects.filter(membership__nearest_leader__email=demo.NEAREST_LEADER.email, year=year)
    assert set(plans.values_list("status", flat=True)) == set(WorkPlan.Status.values)
    assert plans.get(membership__person__email=demo.MEMBER.email).status == WorkPlan.Status.DRAFT
    assert YearlyMeeting.objects.filter(year=year, evaluated_at=None).exists()
    held = YearlyMeeting.objects.get(membership__person__email=demo.MEMBER.email, year=year - 1)
    assert held.evaluation and held.evaluated_at


def test_the_member_and_the_leader_see_them_at_home():
    year = timezone.localdate().year
    assert f"Arbeidsplan {year}</a>: utkast" in home_of(demo.MEMBER.email)
    page = home_of(demo.NEAREST_LEADER.email)
    assert "Planer som venter på svar fra deg" in page and "Jonas Brekke" in page
    assert f"Årlige møter å holde i {year}" in page and ": booket" in page


def test_the_first_run_of_the_reminder_job_reminds_only_the_demo_member_and_her_leader():
    before = WorkPlanReminder.objects.count()
    queued = send_work_plan_reminders()
    sent = OutboxMessage.objects.filter(dedupe_key__startswith="work-plan:")
    assert queued == sent.count() <= 3
    assert {address for message in sent for address in message.to} <= {demo.MEMBER.email, demo.NEAREST_LEADER.email}
    assert WorkPlanReminder.objects.count() == before + queued
    assert send_work_plan_reminders() == 0
