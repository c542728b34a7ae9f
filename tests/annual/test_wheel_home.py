"""The home page leads each role to the wheels that concern it, the operations group's leader to
her drafts to the steering group, and the steering group to what it was sent."""

from django.urls import reverse
from django.utils import timezone

from tests.annual.steering_world import a_report, with_steering_group
from tests.personas import World


def test_members_find_their_groups_wheel_and_the_secretariat_its_networks(world: World, client_as):
    year = timezone.localdate().year
    member = client_as("member").get("/").text
    assert reverse("annual:group_wheel", args=[world.group_a1.pk, year]) in member
    assert reverse("annual:wheel", args=[world.network_a.pk, year]) not in member
    secretariat = client_as("secretariat").get("/").text
    assert reverse("annual:wheel", args=[world.network_a.pk, year]) in secretariat
    assert "Årshjulet for" not in client_as("nearest_leader").get("/").text


def test_the_leader_finds_her_draft_and_the_steering_group_the_report_sent(world: World, client_as):
    with_steering_group(world)
    draft, sent = a_report(world), a_report(world, sent=True)
    leader = client_as("committee_member").get("/").text
    assert draft.get_absolute_url() in leader and "Utkast til rapport fra Driftsgruppen" in leader
    steering = client_as("group_leader").get("/").text
    assert sent.get_absolute_url() in steering and draft.get_absolute_url() not in steering
