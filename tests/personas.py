"""Named personas: one user for each role, and outsiders who must not see network A's group A1.

network A (KLB Vestland)                       network B (Fysio- og ergoterapinettverket)
  committee "Driftsgruppen": Ulla (committee)    secretariat: Berit (other_secretariat)
  secretariat: Siri                              group B1: Nils (other_network_member)
  group A1 "Bergen sentrum"
    leader: Gunnar (group_leader)
    members: Mona (member), Aina (host of the next A1 meeting),
      Pål (member_on_leave: on leave since ten days ago, still a member)
    nearest leader of Mona and Aina: Lars (nearest_leader)
    Frida (former_member): a member until a month ago
  group A2 "Åsane": Olav (other_member), led by Gro (other_group_leader)
Ada: superuser, no person in the registry.   A signed-out visitor: `visitor`.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from lindra.accounts.models import User
from lindra.home.roles import roles_for
from lindra.meetings.models import Meeting
from lindra.registry.models import (
    Change,
    ChangeKind,
    Committee,
    Leave,
    LocalGroup,
    Membership,
    Network,
    Person,
    Term,
    Workplace,
)
from tests import factories

ROLES = (
    "superuser",
    "secretariat",
    "committee_member",
    "group_leader",
    "host",
    "member",
    "nearest_leader",
    "other_member",
    "other_secretariat",
)
# The edges of who may see what: Gro, Nils, Frida and Pål. Only in the world that tests ask for
# with `world_with_edges` (build_world(edges=True)): the URL × role table and the tests of whom
# e-mail reaches (tests/test_who_is_reached.py).
EDGE_ROLES = ("other_group_leader", "other_network_member", "former_member", "member_on_leave")
ALL_ROLES = (*ROLES, *EDGE_ROLES)
VISITOR = "visitor"
EVERYONE = (VISITOR, *ROLES)
SIGN_IN = "sign in"  # a signed-out visitor is sent to the sign-in page


def outcome(response) -> object:
    """What a persona got from a page: SIGN_IN, or the status code."""
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign_in")):
        return SIGN_IN
    return response.status_code


def expect(default: object, **roles: object) -> dict[str, object]:
    """What each persona should get: `default` unless named; a visitor is sent to sign in."""
    return {VISITOR: SIGN_IN, **{role: roles.get(role, default) for role in ROLES}}


@dataclass
class World:
    network_a: Network
    network_b: Network
    group_a1: LocalGroup
    group_a2: LocalGroup
    group_b1: LocalGroup
    committee_a: Committee
    workplace: Workplace
    meeting: Meeting  # group A1's next meeting, hosted by the host
    committee_meeting: Meeting
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def person(self, role: str) -> Person:
        return self.people[role]

    def user(self, role: str) -> User:
        return self.users[role]

    def email(self, role: str) -> str:
        return self.users[role].email


def build_world(*, edges: bool = False) -> World:
    f = factories
    today = f.today()
    started = today - dt.timedelta(days=400)
    network_a = f.network(
        "Kompetansenettverk for lindrende behandling i Vestland",
        short_name="KLB Vestland",
        secretariat_email="lindrende.behandling@klb.example",
    )
    network_b = f.network(
        "Fysio- og ergoterapinettverket", short_name="FE-nettverket", secretariat_email="post@fe.example"
    )
    group_a1 = f.group(network_a, "Bergen sentrum")
    group_a2 = f.group(network_a, "Åsane")
    group_b1 = f.group(network_b, "Bergen fysio")
    committee_a = f.committee(network_a, "Driftsgruppen")
    owner = f.organisation("Bergen kommune")
    loevaasen = f.workplace("Løvåsen sykehjem", organisation=owner)
    aarstad = f.workplace("Årstad hjemmetjeneste", kind="hjemmetjeneste", organisation=owner)

    def someone(role: str, given: str, family: str, phone: str) -> Person:
        return f.person_with_user(given, family, email=f"{role.replace('_', '-')}@lindra.example", phone=phone)

    people = {
        "secretariat": someone("secretariat", "Siri", "Sekretær", "555 00 001"),
        "committee_member": someone("committee_member", "Ulla", "Utvalg", "555 00 002"),
        "group_leader": someone("group_leader", "Gunnar", "Gruppeleder", "555 00 003"),
        "host": someone("host", "Aina", "Arrangør", "555 00 004"),
        "member": someone("member", "Mona", "Medlem", "555 00 005"),
        "nearest_leader": someone("nearest_leader", "Lars", "Leder", "555 00 006"),
        "other_member": someone("other_member", "Olav", "Annengruppe", "555 00 007"),
        "other_secretariat": someone("other_secretariat", "Berit", "Bergsekretær", "555 00 008"),
    }
    if edges:
        people |= {
            "other_group_leader": someone("other_group_leader", "Gro", "Gruppeleder", "555 00 009"),
            "other_network_member": someone("other_network_member", "Nils", "Nabonett", "555 00 010"),
            "former_member": someone("former_member", "Frida", "Tidligere", "555 00 011"),
            "member_on_leave": someone("member_on_leave", "Pål", "Permisjon", "555 00 012"),
        }
    lars = people["nearest_leader"]
    f.term(people["secretariat"], Term.Kind.SECRETARIAT, network=network_a, starts_on=started)
    f.term(people["other_secretariat"], Term.Kind.SECRETARIAT, network=network_b, starts_on=started)
    f.term(people["committee_member"], Term.Kind.COMMITTEE_MEMBER, committee=committee_a, starts_on=started)
    f.term(people["group_leader"], Term.Kind.GROUP_LEADER, group=group_a1, starts_on=started)
    f.membership(people["member"], group_a1, workplace=loevaasen, nearest_leader=lars, starts_on=started)
    f.membership(people["host"], group_a1, workplace=aarstad, nearest_leader=lars, starts_on=started)
    f.membership(people["other_member"], group_a2, workplace=aarstad, starts_on=started)
    if edges:
        f.term(people["other_group_leader"], Term.Kind.GROUP_LEADER, group=group_a2, starts_on=started)
        f.membership(people["other_network_member"], group_b1, workplace=aarstad, starts_on=started)
        ended = f.membership(people["former_member"], group_a1, workplace=loevaasen, starts_on=started)
        Membership.objects.filter(pk=ended.pk).update(ends_on=today - dt.timedelta(days=30))
        Change.objects.create(
            person=ended.person, membership=ended, kind=ChangeKind.ENDED, effective_on=today - dt.timedelta(days=30)
        )
        on_leave = f.membership(people["member_on_leave"], group_a1, workplace=loevaasen, starts_on=started)
        leave = Leave.objects.create(membership=on_leave, starts_on=today - dt.timedelta(days=10))
        Change.objects.create(
            person=on_leave.person,
            membership=on_leave,
            kind=ChangeKind.LEAVE,
            effective_on=leave.starts_on,
            details={"ends_on": None},
        )

    meeting = f.meeting(
        group_a1, title="Gruppemøte om smertelindring", host=people["host"], place="Løvåsen sykehjem, møterom 2"
    )
    committee_meeting = f.meeting(
        committee_a, title="Møte i driftsgruppen", starts_at=f.at(today + dt.timedelta(days=30), 9)
    )
    users = {role: person.user for role, person in people.items()}
    users["superuser"] = f.superuser("ada@lindra.example")
    return World(
        network_a=network_a,
        network_b=network_b,
        group_a1=group_a1,
        group_a2=group_a2,
        group_b1=group_b1,
        committee_a=committee_a,
        workplace=loevaasen,
        meeting=meeting,
        committee_meeting=committee_meeting,
        people=people,
        users=users,
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def world_with_edges(db) -> World:
    """The world with Gro, Nils, Frida and Pål. A module that wants them everywhere defines
    `world` as this (client_as and the persona fixtures then sign them in)."""
    return build_world(edges=True)


@pytest.fixture
def superuser(world) -> User:
    return world.user("superuser")


@pytest.fixture
def secretariat(world) -> User:
    return world.user("secretariat")


@pytest.fixture
def committee_member(world) -> User:
    return world.user("committee_member")


@pytest.fixture
def group_leader(world) -> User:
    return world.user("group_leader")


@pytest.fixture
def host(world) -> User:
    return world.user("host")


@pytest.fixture
def member(world) -> User:
    return world.user("member")


@pytest.fixture
def nearest_leader(world) -> User:
    return world.user("nearest_leader")


@pytest.fixture
def other_member(world) -> User:
    """A member of group A2: same network, another group."""
    return world.user("other_member")


@pytest.fixture
def other_secretariat(world) -> User:
    """The secretariat of network B."""
    return world.user("other_secretariat")


@pytest.fixture
def visitor() -> Client:
    """Someone who has not signed in."""
    return Client()


@pytest.fixture
def client_as(world) -> Callable[[str], Client]:
    """A test client signed in as the named persona ("visitor": signed out)."""

    def make(role: str) -> Client:
        client = Client()
        if role != VISITOR:
            client.force_login(world.user(role))
        return client

    return make


@pytest.fixture
def request_as(world) -> Callable[..., object]:
    """A request from the named persona, with roles, as the middleware would make it."""
    factory = RequestFactory()

    def make(role: str, path: str = "/", ip: str = "192.0.2.10"):
        request = factory.get(path, REMOTE_ADDR=ip)
        request.user = world.user(role)
        request.roles = roles_for(request.user)
        return request

    return make
