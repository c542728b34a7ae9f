"""Access helpers for the registry: find an object the user may see, or refuse."""

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.registry.models import LocalGroup, Membership, Network, Person, Term


def get_network_for_user(request, pk: int, *, change: bool = False) -> Network:
    network = Network.objects.filter(pk=pk).first()
    if network is None or not request.roles.sees_network(network.pk):
        refuse_to_show(request, f"network {pk}")
    if change and not request.roles.runs_network(network.pk):
        refuse_to_change(request, f"network {pk}", network)
    return network


def get_group_for_user(request, pk: int, *, change: bool = False) -> LocalGroup:
    group = LocalGroup.objects.select_related("network").filter(pk=pk).first()
    if group is None or not request.roles.sees_group(group.pk, group.network_id):
        refuse_to_show(request, f"group {pk}")
    if change and not request.roles.runs_group(group.pk, group.network_id):
        refuse_to_change(request, f"group {pk}", group.network)
    return group


def get_person_for_user(request, pk: int, *, change: bool = False) -> Person:
    """A person is seen by themselves, their nearest leader, the leaders of their groups and
    their networks' secretariats; changed by themselves and the secretariats."""
    roles = request.roles
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        refuse_to_show(request, f"person {pk}")
    networks = set(Membership.objects.filter(person=person).values_list("network_id", flat=True))
    networks |= set(Term.objects.filter(person=person).values_list("network_id", flat=True))
    groups = set(Membership.objects.current().filter(person=person).values_list("local_group_id", flat=True))
    runs = roles.is_superuser or person.pk == roles.person_id or bool(networks & roles.secretariat_networks)
    sees = runs or person.pk in roles.staff or bool(groups & roles.led_groups)
    if not sees:
        refuse_to_show(request, f"person {pk}")
    if change and not runs:
        refuse_to_change(request, f"person {pk}")
    return person
