"""Who reaches what, and whom Lindra's e-mail reaches, told by the personas at the edges: Gro,
who leads group A2 and none of A1's members; Nils, a member of network B; Frida, whose
membership of A1 ended a month ago; and Pål, a member of A1 on leave now (tests/personas.py).

A group's leader follows up only her own group's members; fagdag and course invitations go to
the network's own members; minutes go to those who are members of the group now (on leave or
not: they are still members, and read what the group agreed); questionnaires and news to the
network's current members."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lindra.annual import news
from lindra.annual.models import NewsItem, Respondent
from lindra.mail.delivery import deliver_due
from lindra.meetings import invitations
from lindra.meetings import minutes as minutes_service
from lindra.meetings.models import FollowUp, Meeting
from lindra.registry.models import Membership
from tests import factories as f
from tests.annual import questionnaire_setup
from tests.meetings.test_minutes import hold, submitted
from tests.personas import World, build_world

sends_mail = pytest.mark.django_db(transaction=True)
OUTSIDERS = ("other_network_member", "former_member")


@pytest.fixture
def world(db) -> World:
    return build_world(edges=True)


def membership(world: World, role: str) -> Membership:
    return Membership.objects.get(person=world.person(role))


def follow_up(world: World, role: str, group) -> FollowUp:
    return FollowUp.objects.create(
        network=world.network_a,
        person=world.person(role),
        local_group=group,
        year=timezone.localdate().year,
        absences=3,
    )


def status(client, name: str, **kwargs) -> int:
    return client.get(reverse(name, kwargs=kwargs)).status_code


# --- A group's leader and the other group ---------------------------------------------------


def pages_of(world: World, role: str, group) -> dict[str, dict]:
    """The pages about one member that only those who see her may open."""
    year = timezone.localdate().year
    pk = membership(world, role).pk
    return {
        "meetings:follow_ups": {"pk": group.pk},
        "meetings:follow_up": {"pk": follow_up(world, role, group).pk},
        "registry:person": {"pk": world.person(role).pk},
        "meetings:member_attendance": {"pk": pk},
        "meetings:member_attendance_year": {"pk": pk, "year": year},
        "development:member_year": {"membership_id": pk, "year": year},
        "development:work_plan": {"membership_id": pk, "year": year},
        "development:yearly_meeting": {"membership_id": pk, "year": year},
        "development:competence": {"pk": pk},
    }


def test_the_leader_of_another_group_finds_none_of_a1s_follow_ups_or_monas_pages(world: World, client_as):
    gro = client_as("other_group_leader")
    got = {name: status(gro, name, **kwargs) for name, kwargs in pages_of(world, "member", world.group_a1).items()}
    assert got == dict.fromkeys(got, 404)


def test_the_leader_of_a1_opens_the_same_pages_of_her_own_member(world: World, client_as):
    gunnar = client_as("group_leader")
    got = {name: status(gunnar, name, **kwargs) for name, kwargs in pages_of(world, "member", world.group_a1).items()}
    assert got == dict.fromkeys(got, 200)


def test_the_leader_of_a2_opens_the_pages_of_her_own_member_and_not_gunnar_those(world: World, client_as):
    pages = pages_of(world, "other_member", world.group_a2)
    gro = {name: status(client_as("other_group_leader"), name, **kwargs) for name, kwargs in pages.items()}
    assert gro == dict.fromkeys(pages, 200)
    gunnar = {name: status(client_as("group_leader"), name, **kwargs) for name, kwargs in pages.items()}
    assert gunnar == dict.fromkeys(pages, 404)


def test_a_follow_up_of_a1_is_not_in_the_list_of_a2(world: World, client_as):
    follow_up(world, "member", world.group_a1)
    page = client_as("other_group_leader").get(reverse("meetings:follow_ups", args=[world.group_a2.pk]))
    assert page.status_code == 200
    assert "Mona Medlem" not in page.text


# --- A former member and a member on leave ---------------------------------------------------


def test_a_former_member_still_sees_her_own_page_and_year_but_not_the_group(world: World, client_as):
    frida = client_as("former_member")
    pk = membership(world, "former_member").pk
    year = timezone.localdate().year
    assert status(frida, "registry:person", pk=world.person("former_member").pk) == 200
    assert status(frida, "development:member_year", membership_id=pk, year=year) == 200
    assert status(frida, "registry:group", pk=world.group_a1.pk) == 404
    assert status(frida, "meetings:detail", pk=world.meeting.pk) == 404
    assert status(frida, "registry:person", pk=world.person("member").pk) == 404


def test_a_member_on_leave_still_sees_the_group_but_not_another_members_pages(world: World, client_as):
    paal = client_as("member_on_leave")
    assert status(paal, "registry:group", pk=world.group_a1.pk) == 200
    assert status(paal, "meetings:detail", pk=world.meeting.pk) == 200
    assert status(paal, "registry:person", pk=world.person("member").pk) == 404
    assert status(paal, "registry:person", pk=world.person("member_on_leave").pk) == 200


# --- Fagdag and intro course invitations -----------------------------------------------------


def send(meeting: Meeting, world: World) -> invitations.Sent:
    invitation = invitations.save_draft(
        invitations.invitation_for(meeting), text="Velkommen til fagdag.", by=world.user("secretariat")
    )
    sent = invitations.send_invitation(invitation, by=world.user("secretariat"))
    deliver_due()
    return sent


def invited(outbox, world: World, role: str) -> int:
    return len([m for m in outbox.to(world.email(role)) if m.subject.startswith("Innkalling:")])


@sends_mail
@pytest.mark.parametrize("kind", [Meeting.Kind.FAGDAG, Meeting.Kind.COURSE])
def test_fagdag_and_course_invitations_reach_only_the_networks_own_members(world: World, outbox, kind):
    event = f.meeting(world.committee_a, kind=kind, title="Fagdag om lindrende sedering")
    sent = send(event, world)
    got = {role: invited(outbox, world, role) for role in world.users if role != "superuser"}
    called = {"member", "host", "other_member", "nearest_leader"}  # Lars: the leader of Mona and Aina
    assert got == {role: int(role in called) for role in got}
    assert {p.pk for p in sent.called.people_on_leave} == {world.person("member_on_leave").pk}
    # Not a word of it to network B.
    for role in ("other_network_member", "other_secretariat"):
        assert outbox.to(world.email(role)) == []


@pytest.mark.django_db
def test_the_call_list_of_a_fagdag_leaves_out_other_networks_and_ended_memberships(world: World):
    fagdag = f.meeting(world.committee_a, kind=Meeting.Kind.FAGDAG)
    who = invitations.call_list(fagdag, f.today())
    people = {p.pk for p in who.participants}
    assert world.person("member").pk in people
    for role in (*OUTSIDERS, "member_on_leave"):
        assert world.person(role).pk not in people
    # On the day Frida was still a member, she was called.
    past = f.today() - dt.timedelta(days=60)
    assert world.person("former_member").pk in {p.pk for p in invitations.call_list(fagdag, past).members}


# --- Minutes ---------------------------------------------------------------------------------


@sends_mail
def test_minutes_reach_the_groups_members_now_also_on_leave_and_not_a_former_member(world: World, outbox):
    meeting = hold(world)
    minutes = submitted(meeting, world.user("group_leader"))
    outbox.clear()
    minutes_service.approve_and_send(minutes, by=world.user("secretariat"))
    deliver_due()
    readers = {a for m in outbox.messages if m.subject.startswith("Referat:") for a in m.envelope_to}
    assert world.email("member") in readers and world.email("host") in readers
    assert world.email("member_on_leave") in readers  # on leave, still a member of A1
    for role in (*OUTSIDERS, "other_member", "other_group_leader", "other_secretariat"):
        assert outbox.to(world.email(role)) == [], role


@pytest.mark.django_db
def test_the_distribution_of_minutes_on_a_day_follows_the_memberships_of_that_day(world: World):
    meeting = hold(world)
    today = minutes_service.recipients(meeting, f.today()).recipients
    addresses = set(today.readers)
    assert world.email("former_member") not in addresses
    assert world.email("member_on_leave") in addresses
    # Frida's nearest leader then is told of her.
    vera = f.person("Vera", "Virksomhetsleder", email="vera@lindra.example")
    Membership.objects.filter(person=world.person("former_member")).update(nearest_leader=vera)
    before = minutes_service.recipients(meeting, f.today() - dt.timedelta(days=60)).recipients
    assert world.email("former_member") in before.readers
    assert before.leaders["vera@lindra.example"] == ("Frida Tidligere",)


@pytest.mark.django_db
def test_a_members_nearest_leader_in_another_network_gets_no_copy_of_the_groups_minutes(world: World):
    """Nils joins A1 as well, with no nearest leader given in network A; Bjørn is his leader in
    network B."""
    nils = world.person("other_network_member")
    f.membership(nils, world.group_a1)
    bjorn = f.person("Bjørn", "Bleder", email="bjorn@fe.example")
    Membership.objects.filter(person=nils, local_group=world.group_b1).update(nearest_leader=bjorn)
    found = minutes_service.recipients(hold(world), f.today()).recipients
    assert world.email("other_network_member") in found.readers
    assert "bjorn@fe.example" not in found.leaders


@pytest.mark.django_db
def test_a_fagdags_minutes_go_to_those_called_and_not_to_a_member_on_leave(world: World):
    fagdag = f.meeting(world.committee_a, kind=Meeting.Kind.FAGDAG, starts_at=f.at(f.today() - dt.timedelta(days=3)))
    found = minutes_service.recipients(fagdag, f.today()).recipients
    called = {"member", "host", "other_member", "nearest_leader"}  # Lars: the leader of Mona and Aina
    assert set(found.readers) == {world.email(role) for role in called}
    assert world.email("member_on_leave") not in found.readers  # not called: on leave that day


# --- Questionnaires and news -----------------------------------------------------------------


@sends_mail
def test_the_yearly_questionnaire_asks_the_networks_members_now_and_not_those_on_leave(world: World, outbox):
    questionnaire = questionnaire_setup.make(world)
    deliver_due()
    asked = set(Respondent.objects.filter(questionnaire=questionnaire).values_list("person_id", flat=True))
    assert asked == {world.person(role).pk for role in ("member", "host", "other_member")}
    for role in (*OUTSIDERS, "member_on_leave"):
        assert outbox.to(world.email(role)) == [], role


@pytest.mark.django_db
@pytest.mark.parametrize("to_a1", [False, True])
def test_news_reaches_the_networks_members_now_and_not_other_networks_or_former_members(world: World, to_a1):
    item = NewsItem.objects.create(
        network=world.network_a, committee=world.committee_a, title="Ny fagdag", body="Sett av datoen."
    )
    if to_a1:
        item.local_groups.set([world.group_a1])
    reached = set(news.recipients_of(item, f.today()))
    expected = {"member", "host", "group_leader"}
    if not to_a1:
        expected |= {"other_member", "other_group_leader", "committee_member"}
    assert reached == {world.person(role).pk for role in expected}
