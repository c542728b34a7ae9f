"""The access helpers (DESIGN.md §2): 404 for what a role may not see, 403 for what it may
see but not change; every refusal is written to the audit log."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from lindra.core.access import refuse_to_show
from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings.access import get_meeting_for_user
from lindra.registry.access import get_group_for_user, get_network_for_user, get_person_for_user
from tests import factories as f
from tests.personas import ROLES

CHANGES, SEES, NOTHING = "changes", "sees", "nothing"

# kind: (helper, the object in the world, its page, {role: what the role may do}).
# Roles left out may do nothing with it.
KINDS = {
    "network": (
        get_network_for_user,
        lambda w: w.network_a,
        "registry:network",
        {"superuser": CHANGES, "secretariat": CHANGES, "committee_member": SEES},
    ),
    "group": (
        get_group_for_user,
        lambda w: w.group_a1,
        "registry:group",
        {
            "superuser": CHANGES,
            "secretariat": CHANGES,
            "group_leader": CHANGES,
            "committee_member": SEES,
            "host": SEES,
            "member": SEES,
        },
    ),
    "person": (
        get_person_for_user,
        lambda w: w.person("member"),
        "registry:person",
        {
            "superuser": CHANGES,
            "secretariat": CHANGES,
            "member": CHANGES,  # themselves
            "group_leader": SEES,
            "nearest_leader": SEES,
        },
    ),
    "meeting": (
        get_meeting_for_user,
        lambda w: w.meeting,
        "meetings:detail",
        {
            "superuser": CHANGES,
            "secretariat": CHANGES,
            "group_leader": CHANGES,
            "host": CHANGES,
            "committee_member": SEES,
            "member": SEES,
        },
    ),
    "committee meeting": (
        get_meeting_for_user,
        lambda w: w.committee_meeting,
        "meetings:detail",
        {"superuser": CHANGES, "secretariat": CHANGES, "committee_member": CHANGES},
    ),
}

CASES = [(kind, role, rights.get(role, NOTHING)) for kind, (_h, _o, _p, rights) in KINDS.items() for role in ROLES]


def refusals():
    return list(AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED))


@pytest.mark.parametrize(("kind", "role", "right"), CASES)
def test_the_page_is_200_for_those_who_see_it_and_404_for_the_rest(world, client_as, kind, role, right):
    _helper, obj, page, _rights = KINDS[kind]
    response = client_as(role).get(reverse(page, args=[obj(world).pk]), REMOTE_ADDR="198.51.100.7")
    if right == NOTHING:
        assert response.status_code == 404
        [event] = refusals()
        assert event.actor == world.user(role)
        assert event.ip == "198.51.100.7"
        assert event.changes == {"status": 404}
        assert event.path == reverse(page, args=[obj(world).pk])
    else:
        assert response.status_code == 200
        assert refusals() == []


@pytest.mark.parametrize(("kind", "role", "right"), CASES)
def test_the_helper_refuses_a_change_with_403_to_those_who_only_see(world, request_as, kind, role, right):
    helper, obj, _page, _rights = KINDS[kind]
    target = obj(world)
    request = request_as(role)
    if right == CHANGES:
        assert helper(request, target.pk, change=True) == target
        assert refusals() == []
    elif right == SEES:
        assert helper(request, target.pk) == target
        with pytest.raises(PermissionDenied):
            helper(request, target.pk, change=True)
        [event] = refusals()
        assert event.changes == {"status": 403}
        assert event.actor == world.user(role)
        assert event.ip == "192.0.2.10"
        assert str(target.pk) in event.target
    else:
        with pytest.raises(Http404):
            helper(request, target.pk, change=True)
        [event] = refusals()
        assert event.changes == {"status": 404}
        assert event.actor == world.user(role)


@pytest.mark.parametrize("kind", KINDS)
def test_an_object_that_does_not_exist_is_404_and_logged(world, request_as, kind):
    helper = KINDS[kind][0]
    with pytest.raises(Http404):
        helper(request_as("superuser"), 987_654)
    [event] = refusals()
    assert "987654" in event.target


def test_a_refused_change_names_the_network_so_its_secretariat_sees_it(world, request_as):
    with pytest.raises(PermissionDenied):
        get_group_for_user(request_as("member"), world.group_a1.pk, change=True)
    [event] = refusals()
    assert event.network == world.network_a


def test_a_refused_look_names_the_network_so_its_secretariat_sees_it(world, request_as):
    """A 404 about something of network A (a deviation, a work plan) is logged under network A,
    where its secretariat reads the audit log."""
    with pytest.raises(Http404):
        refuse_to_show(request_as("other_secretariat"), "deviation 7", world.network_a)
    [event] = refusals()
    assert event.network == world.network_a
    assert event.target == "deviation 7"


# The group's name list (seed 000) ---------------------------------------------------------


def name_list(client_as, world, role: str) -> str:
    response = client_as(role).get(reverse("registry:group", args=[world.group_a1.pk]))
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("role", ["member", "host", "committee_member"])
def test_members_see_names_workplaces_and_email_but_not_phones_or_nearest_leaders(world, client_as, role):
    page = name_list(client_as, world, role)
    for name in ["Mona Medlem", "Aina Arrangør"]:
        assert name in page
    assert "Løvåsen sykehjem" in page
    assert "Årstad hjemmetjeneste" in page
    assert "member@lindra.example" in page
    assert "host@lindra.example" in page
    assert world.person("member").phone not in page
    assert world.person("host").phone not in page
    assert "Lars Leder" not in page
    assert "nearest-leader@lindra.example" not in page


@pytest.mark.parametrize("role", ["group_leader", "secretariat", "superuser"])
def test_those_who_run_the_group_also_see_phones_and_nearest_leaders(world, client_as, role):
    page = name_list(client_as, world, role)
    assert "Mona Medlem" in page
    assert world.person("member").phone in page
    assert world.person("host").phone in page
    assert "Lars Leder" in page
    assert "nearest-leader@lindra.example" in page


def test_the_name_list_leaves_out_members_of_other_groups_and_former_members(world, client_as):
    former = f.person("Frida", "Fratrådt")
    f.membership(former, world.group_a1, starts_on=f.today().replace(year=2020), ends_on=f.today().replace(year=2021))
    page = name_list(client_as, world, "group_leader")
    assert "Olav Annengruppe" not in page
    assert "Frida Fratrådt" not in page
