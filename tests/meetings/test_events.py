"""The fagdag and the intro course (seeds 000, 003): a committee plans them for the whole
network, and they use the same machinery as the group meetings: the chain, the invitation to
those called, attendance and minutes."""

import datetime as dt

import pytest
from django.urls import reverse

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import invitations
from lindra.meetings.models import DeadlineStep, Meeting
from lindra.registry.models import Leave, Membership
from tests import factories as f
from tests.personas import World


@pytest.fixture(autouse=True)
def _quick_passwords(fast_password_hashing):
    """These tests sign in with force_login."""


def event_form(**fields) -> dict:
    day = f.today() + dt.timedelta(days=90)
    return {
        "kind": Meeting.Kind.FAGDAG,
        "title": "Fagdag i palliasjon",
        "day": day.strftime("%d.%m.%Y"),
        "starts": "09:00",
        "ends": "15:30",
        "place": "Haukeland, auditoriet",
        **fields,
    }


def test_the_committee_plans_the_fagdag_with_its_deadline_chain(world: World, client_as):
    response = client_as("committee_member").post(
        reverse("meetings:new_event", args=[world.committee_a.pk]), event_form()
    )
    meeting = Meeting.objects.get(title="Fagdag i palliasjon")
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.kind, meeting.committee, meeting.network) == (
        Meeting.Kind.FAGDAG,
        world.committee_a,
        world.network_a,
    )
    assert DeadlineStep.objects.filter(meeting=meeting).count() == 6
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, object_id=str(meeting.pk)).exists()
    page = client_as("committee_member").get(reverse("registry:committee", args=[world.committee_a.pk]))
    assert "Fagdag i palliasjon" in page.content.decode()


def test_an_event_that_ends_before_it_starts_is_refused_and_the_form_keeps_what_was_typed(world: World, client_as):
    response = client_as("secretariat").post(
        reverse("meetings:new_event", args=[world.committee_a.pk]), event_form(starts="15:00", ends="09:00")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends"] == ["Møtet må slutte etter at det begynner."]
    assert 'value="Fagdag i palliasjon"' in response.content.decode()
    assert not Meeting.objects.filter(title="Fagdag i palliasjon").exists()


def test_an_unknown_kind_of_event_is_refused(world: World, client_as):
    response = client_as("secretariat").post(
        reverse("meetings:new_event", args=[world.committee_a.pk]), event_form(kind=Meeting.Kind.GROUP)
    )
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert not Meeting.objects.filter(title="Fagdag i palliasjon").exists()


@pytest.mark.parametrize(("role", "status"), [("group_leader", 404), ("member", 404), ("other_secretariat", 404)])
def test_only_the_committee_and_the_secretariat_plan_events(world: World, client_as, role, status):
    response = client_as(role).post(reverse("meetings:new_event", args=[world.committee_a.pk]), event_form())
    assert response.status_code == status
    assert not Meeting.objects.filter(title="Fagdag i palliasjon").exists()


def _event(world: World, kind: str) -> Meeting:
    return f.meeting(world.committee_a, kind=kind, title=f"{kind} for alle")


def test_the_fagdag_calls_every_member_of_the_network_but_not_those_on_leave(world: World):
    on_leave = Membership.objects.get(person=world.person("other_member"))
    Leave.objects.create(membership=on_leave, starts_on=f.today() - dt.timedelta(days=10))
    called = invitations.participants(_event(world, Meeting.Kind.FAGDAG), f.today())
    network_a = {m.person for m in Membership.objects.current(f.today()).filter(network=world.network_a)}
    assert set(called) == network_a - {world.person("other_member")}
    assert world.person("member") in called


def test_the_intro_course_calls_the_members_who_have_not_taken_it(world: World):
    Membership.objects.filter(person=world.person("member")).update(intro_course_completed_on=f.today())
    called = invitations.participants(_event(world, Meeting.Kind.COURSE), f.today())
    assert world.person("member") not in called
    assert world.person("host") in called
    assert all(m.network_id == world.network_a.pk for p in called for m in p.memberships.all())
