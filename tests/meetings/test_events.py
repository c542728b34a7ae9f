"""The fagdag and the intro course (seeds 000, 003): a committee plans them for the whole
network, and they use the same machinery as the group meetings: the chain, the invitation to
those called, attendance and minutes."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import invitations, services
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


def _planned(world: World, kind: str) -> Meeting:
    """A fagdag or a course in two months, planned with its chain."""
    day = f.today() + dt.timedelta(days=60)
    return services.plan_event(
        world.committee_a,
        kind=kind,
        title=f"{kind} for alle",
        starts_at=f.at(day, 9),
        ends_at=f.at(day, 15),
        place="Haukeland",
        by=world.user("committee_member"),
    )


def chain_on_page(client, meeting: Meeting) -> list[tuple[str, str]]:
    """(step, who answers for it) from the chain on the meeting's page."""
    page = client.get(meeting.get_absolute_url()).content.decode()
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td><td[^>]*>([^<]+)</td>", page)
    return [(step, owner.strip()) for step, owner in rows]


@pytest.mark.parametrize("kind", [Meeting.Kind.FAGDAG, Meeting.Kind.COURSE])
def test_a_fagdag_or_course_has_its_own_chain_the_committees_to_prepare_and_no_host(world: World, client_as, kind):
    meeting = _planned(world, kind)
    first = {Meeting.Kind.FAGDAG: "Program for fagdagen klart", Meeting.Kind.COURSE: "Program for kurset klart"}
    sent = {
        Meeting.Kind.FAGDAG: "Innkalling sendt til nettverket",
        Meeting.Kind.COURSE: "Innkalling sendt til de nye og deres ledere",
    }
    assert chain_on_page(client_as("secretariat"), meeting) == [
        (first[kind], "Driftsgruppen, Ulla Utvalg"),
        ("Innkalling sendt til sekretariatet", "Driftsgruppen, Ulla Utvalg"),
        (sent[kind], "Sekretariatet"),
        ("Påmeldingsfrist", "Driftsgruppen, Ulla Utvalg"),
        ("Referat sendt til sekretariatet", "Driftsgruppen, Ulla Utvalg"),
        ("Referat sendt ut", "Sekretariatet"),
    ]


def test_a_committee_meeting_has_its_agenda_in_the_invitation_and_no_program_step(world: World, client_as):
    services.create_steps(world.committee_meeting)
    steps = [step for step, _owner in chain_on_page(client_as("committee_member"), world.committee_meeting)]
    assert steps == [
        "Innkalling med saksliste sendt til sekretariatet",
        "Innkalling sendt til utvalget",
        "Påmeldingsfrist",
        "Referat sendt til sekretariatet",
        "Referat sendt ut",
    ]
    # A committee without a leader answers through its members.
    page = client_as("committee_member").get(world.committee_meeting.get_absolute_url()).content.decode()
    assert "Driftsgruppen, Ulla Utvalg" in page


def test_the_committee_marks_its_own_steps_of_a_fagdag_and_not_the_secretariats(world: World, client_as):
    meeting = _planned(world, Meeting.Kind.FAGDAG)
    client = client_as("committee_member")
    assert client.post(reverse("meetings:mark_done", args=[meeting.pk, "program"])).status_code == 302
    assert client.post(reverse("meetings:mark_done", args=[meeting.pk, "invitation_sent"])).status_code == 403
    assert set(DeadlineStep.objects.filter(meeting=meeting, done_at__isnull=False).values_list("step", flat=True)) == {
        "program"
    }


def test_the_committee_finds_its_fagdags_steps_on_its_home_page(world: World, client_as):
    meeting = _planned(world, Meeting.Kind.FAGDAG)
    DeadlineStep.objects.filter(meeting=meeting, step="program").update(due_on=f.today() + dt.timedelta(days=3))
    page = client_as("committee_member").get("/").content.decode()
    assert "Frister for deg" in page and "Program for fagdagen klart" in page
    assert "Program avtalt med gruppelederen" not in page
    assert "Program for fagdagen klart" not in client_as("group_leader").get("/").content.decode()


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
