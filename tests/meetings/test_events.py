"""The fagdag and the intro course (seeds 000, 003): a committee plans them for the whole
network, and they use the same machinery as the group meetings: the chain, the invitation to
those called, attendance and minutes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import attendance, invitations
from lindra.meetings import minutes_documents as documents
from lindra.meetings.models import DeadlineStep, Meeting, Registration
from lindra.registry.models import Change, Leave, Membership
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


# Who an intro course calls (seed 003: "for nye sykepleiere (og deres ledere)") ---------------------


def test_the_intro_course_calls_the_new_members_nearest_leaders_once_each(world: World):
    lars = world.person("nearest_leader")  # the nearest leader of both Mona and Aina
    vera = f.person("Vera", "Leder")
    Membership.objects.filter(person=world.person("other_member")).update(nearest_leader=vera)
    # Olav has taken the course: his leader is not called for him.
    Membership.objects.filter(person=world.person("other_member")).update(intro_course_completed_on=f.today())
    course = _event(world, Meeting.Kind.COURSE)

    who = invitations.called(course, f.today())

    assert set(who.members) == {world.person("member"), world.person("host")}
    assert who.others == [lars]
    assert invitations.participants(course, f.today()) == [*who.members, lars]


def test_a_leader_of_members_on_leave_only_is_not_called(world: World):
    for person in ("member", "host"):
        membership = Membership.objects.get(person=world.person(person))
        Leave.objects.create(membership=membership, starts_on=f.today() - dt.timedelta(days=10))
    who = invitations.called(_event(world, Meeting.Kind.COURSE), f.today())
    assert world.person("nearest_leader") not in who.participants
    assert set(who.on_leave) == {world.person("member"), world.person("host")}


def test_a_leader_who_is_a_new_member_too_is_called_once_as_a_member(world: World):
    lars = world.person("nearest_leader")
    f.membership(lars, world.group_a2)
    who = invitations.called(_event(world, Meeting.Kind.COURSE), f.today())
    assert lars in who.members and lars not in who.others


@pytest.mark.django_db
def test_a_leader_present_at_the_course_is_not_counted_and_has_taken_no_course(world: World):
    course = f.meeting(world.committee_a, kind=Meeting.Kind.COURSE, starts_at=timezone.now() - dt.timedelta(hours=2))
    sheet = attendance.attendance_sheet(course)
    [lars] = sheet.others
    assert (lars.name, lars.role) == ("Lars Leder", "Nærmeste leder")
    saved = attendance.record_attendance(
        course,
        {row.registration.pk: Registration.Attendance.PRESENT for row in sheet.rows},
        by=world.user("secretariat"),
    )
    # Mona, Aina and Olav, who are new; not their leader.
    assert saved.counts == {"present": 3, "notice": 0, "absent": 0, "guests": 0}
    assert not Change.objects.filter(person=world.person("nearest_leader")).exists()
    assert documents.facts(course).others_present == ("Lars Leder",)
