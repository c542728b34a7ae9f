"""The home page tells the host and the group leader which steps of their meetings' chains
are due now, and which are late; members are not bothered with them."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.meetings.models import DeadlineStep, Invitation, Meeting
from lindra.meetings.rules import Step
from lindra.meetings.services import create_steps
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    # The world's meeting is three weeks ahead: the invitation is due in a week, the program is late.
    create_steps(world.meeting)
    return world.meeting


def test_the_host_sees_its_steps_due_and_late(client_as, chain):
    page = client_as("host").get("/").content.decode()
    assert "Frister for deg" in page
    assert "Innkalling sendt til sekretariatet" in page
    assert "Program avtalt med gruppelederen" in page and "for sent" in page
    assert "Referat sendt til sekretariatet" not in page  # the group leader's, and weeks away


def test_the_group_leader_follows_the_hosts_steps(client_as, chain):
    page = client_as("group_leader").get("/").content.decode()
    assert "Frister for deg" in page and "Innkalling sendt til sekretariatet" in page


def test_a_step_marked_done_is_gone(client_as, chain):
    DeadlineStep.objects.filter(meeting=chain, step=Step.PROGRAM).update(done_at=dt.datetime.now(dt.UTC))
    page = client_as("host").get("/").content.decode()
    assert "Program avtalt med gruppelederen" not in page


def test_members_do_not_get_the_deadlines(client_as, chain):
    assert "Frister for deg" not in client_as("member").get("/").content.decode()


def test_the_home_page_takes_as_many_queries_with_many_meetings(world, client_as, chain):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_as("group_leader").get("/")
        return len(captured)

    few = queries()
    for n in range(30):
        create_steps(f.meeting(world.group_a1, title=f"Møte {n}", host=world.person("host")))
    assert queries() == few


def test_while_the_meeting_is_on_the_host_is_led_straight_to_the_attendance(world, client_as):
    Meeting.objects.filter(pk=world.meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=20), ends_at=timezone.now() + dt.timedelta(hours=2)
    )
    page = client_as("host").get("/").content.decode()
    assert "Møtet er i gang." in page and "Om 0" not in page
    assert reverse("meetings:attendance", args=[world.meeting.pk]) in page


@pytest.mark.parametrize(
    ("status", "said", "not_said"),
    [
        (None, "send innkallingen til sekretariatet i god tid", "Innkallingen er"),
        (Invitation.Status.DRAFT, "send innkallingen til sekretariatet i god tid", "Innkallingen er"),
        (Invitation.Status.SUBMITTED, "Innkallingen er hos sekretariatet", "send innkallingen"),
        (Invitation.Status.SENT, "Innkallingen er sendt ut til gruppen.", "send innkallingen"),
    ],
)
def test_the_hosts_card_says_where_the_invitation_is(world, client_as, status, said, not_said):
    if status:
        Invitation.objects.create(meeting=world.meeting, status=status)
    page = client_as("host").get("/").content.decode()
    assert said in page and not_said not in page


def test_the_hosts_cards_take_as_many_queries_with_many_invitations(world, client_as):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_as("host").get("/")
        return len(captured)

    Invitation.objects.create(meeting=world.meeting, status=Invitation.Status.SENT)
    few = queries()
    for n in range(10):
        meeting = f.meeting(world.group_a1, title=f"Møte {n}", host=world.person("host"))
        Invitation.objects.create(meeting=meeting, status=Invitation.Status.SUBMITTED)
    assert queries() == few
