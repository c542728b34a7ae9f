"""Access helpers for onboarding: find what the user may see, or refuse (DESIGN.md §2)."""

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.development.models import FunctionDescription
from lindra.registry.access import get_group_for_user
from lindra.registry.models import LocalGroup


def get_group_onboarding(request, pk: int) -> LocalGroup:
    """A group's new members and what they miss: its leader and the secretariat (seed 000:
    the group leader makes sure the new get their letter). Others who see the group get 403."""
    group = get_group_for_user(request, pk)
    if not request.roles.runs_group(group.pk, group.network_id):
        refuse_to_change(request, f"group {pk} onboarding", group.network)
    return group


def is_in_network(roles, network_id: int) -> bool:
    """Whether the user has a part in the network: its secretariat or committees, a member,
    a group leader, or the nearest leader of a member."""
    if roles.sees_network(network_id) or network_id in roles.member_networks:
        return True
    groups = roles.led_groups | roles.staff_groups
    return bool(groups) and LocalGroup.objects.filter(pk__in=groups, network=network_id).exists()


def get_description_for_user(request, pk: int) -> FunctionDescription:
    """A function description is read by everyone with a part in its network (004 binds the
    members and their leaders to it)."""
    description = FunctionDescription.objects.select_related("network").filter(pk=pk).first()
    if description is None or not is_in_network(request.roles, description.network_id):
        refuse_to_show(request, f"function description {pk}")
    return description
