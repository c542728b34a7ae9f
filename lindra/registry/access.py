"""Access helpers for the registry: find an object the user may see, or refuse."""

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.core.audit import record_view
from lindra.registry.models import (
    ChangeRequest,
    Committee,
    Leave,
    LocalGroup,
    Membership,
    Network,
    Person,
    Term,
    Workplace,
)


def get_network_for_user(
    request, pk: int, *, change: bool = False, viewed: bool = False, exported: bool = False
) -> Network:
    """With viewed (a list of the network's people) or exported (one as a spreadsheet), logs
    one entry naming the network."""
    network = Network.objects.filter(pk=pk).first()
    if network is None or not request.roles.sees_network(network.pk):
        refuse_to_show(request, f"network {pk}")
    if change and not request.roles.runs_network(network.pk):
        refuse_to_change(request, f"network {pk}", network)
    if viewed or exported:
        record_view(request, network, person_id=None, network=network, exported=exported)
    return network


def get_group_for_user(
    request, pk: int, *, change: bool = False, viewed: bool = False, exported: bool = False
) -> LocalGroup:
    """With viewed (the name list with contact details) or exported (it as a spreadsheet), logs
    one entry naming the group."""
    group = LocalGroup.objects.select_related("network").filter(pk=pk).first()
    if group is None or not request.roles.sees_group(group.pk, group.network_id):
        refuse_to_show(request, f"group {pk}")
    if change and not request.roles.runs_group(group.pk, group.network_id):
        refuse_to_change(request, f"group {pk}", group.network)
    if viewed or exported:
        record_view(request, group, person_id=None, network=group.network, exported=exported)
    return group


def may_change_person(roles, person: Person) -> bool:
    """Whether the user changes the person's details: the person themselves, and the
    secretariats of the networks the person is in, leads in, or is a nearest leader in."""
    if roles.is_superuser or person.pk == roles.person_id:
        return True
    networks = set(Membership.objects.filter(person=person).values_list("network_id", flat=True))
    networks |= set(Term.objects.filter(person=person).values_list("network_id", flat=True))
    networks |= set(Membership.objects.filter(nearest_leader=person).values_list("network_id", flat=True))
    return bool(networks & roles.secretariat_networks)


def _network_seen_through(roles, person: Person) -> int | None:
    """The network through which the user sees the person, for the log: the one the user runs,
    else the group the user leads, else the one where the user is the nearest leader."""
    rows = list(
        Membership.objects.filter(person=person).values_list("network_id", "local_group_id", "nearest_leader_id")
    )
    for sees in (
        lambda network, group, leader: network in roles.secretariat_networks,
        lambda network, group, leader: group in roles.led_groups,
        lambda network, group, leader: leader is not None and leader == roles.person_id,
        lambda network, group, leader: True,
    ):
        for network, group, leader in rows:
            if sees(network, group, leader):
                return network
    return None


def person_viewed(request, person: Person) -> None:
    """Logs that the user opened a page about the person (not when it is the user's own)."""
    if person.pk != request.roles.person_id:
        network_id = _network_seen_through(request.roles, person)
        record_view(request, person, person_id=person.pk, network=Network(pk=network_id) if network_id else None)


def get_person_for_user(request, pk: int, *, change: bool = False, viewed: bool = False) -> Person:
    """A person is seen by themselves, their nearest leader, the leaders of their groups and
    their networks' secretariats; changed by themselves and the secretariats. With viewed,
    logs that the user opened the person's page."""
    roles = request.roles
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        refuse_to_show(request, f"person {pk}")
    runs = may_change_person(roles, person)
    groups = set(Membership.objects.current().filter(person=person).values_list("local_group_id", flat=True))
    sees = runs or person.pk in roles.staff or bool(groups & roles.led_groups)
    if not sees:
        refuse_to_show(request, f"person {pk}")
    if change and not runs:
        refuse_to_change(request, f"person {pk}")
    if viewed:
        person_viewed(request, person)
    return person


def get_membership_for_user(request, pk: int, *, change: bool = False, viewed: bool = False) -> Membership:
    """A membership is seen by whoever sees its person; changed by its network's secretariat.
    With viewed, logs that the user opened a page of the membership."""
    membership = (
        Membership.objects.select_related("person", "network", "local_group", "workplace").filter(pk=pk).first()
    )
    if membership is None:
        refuse_to_show(request, f"membership {pk}")
    get_person_for_user(request, membership.person_id)
    if change and not request.roles.runs_network(membership.network_id):
        refuse_to_change(request, f"membership {pk}", membership.network)
    if viewed:
        membership_viewed(request, membership)
    return membership


def membership_viewed(request, membership: Membership, *, changes: dict | None = None) -> None:
    """Logs that the user opened a page of the membership (not when it is the user's own)."""
    record_view(request, membership, person_id=membership.person_id, network=membership.network, changes=changes)


def get_leave_for_user(request, pk: int, *, change: bool = False) -> Leave:
    """A leave is seen with its membership; changed by the membership's network's secretariat."""
    leave = Leave.objects.filter(pk=pk).first()
    if leave is None:
        refuse_to_show(request, f"leave {pk}")
    leave.membership = get_membership_for_user(request, leave.membership_id, change=change)
    return leave


def get_committee_for_user(request, pk: int, *, change: bool = False) -> Committee:
    committee = Committee.objects.select_related("network").filter(pk=pk).first()
    if committee is None or not (request.roles.sees_network(committee.network_id) or pk in request.roles.committees):
        refuse_to_show(request, f"committee {pk}")
    if change and not request.roles.runs_network(committee.network_id):
        refuse_to_change(request, f"committee {pk}", committee.network)
    return committee


def require_secretariat(request) -> None:
    """For pages only the secretariat uses (workplaces are shared by all networks)."""
    if not (request.roles.is_secretariat or request.roles.is_superuser):
        refuse_to_show(request, request.path)


def get_workplace_for_user(request, pk: int) -> Workplace:
    require_secretariat(request)
    workplace = Workplace.objects.select_related("municipality", "organisation").filter(pk=pk).first()
    if workplace is None:
        refuse_to_show(request, f"workplace {pk}")
    return workplace


def get_change_request_for_user(request, pk: int, *, change: bool = False) -> ChangeRequest:
    """Seen by whoever reported it and by the network's secretariat; handled by the secretariat."""
    change_request = (
        ChangeRequest.objects.select_related("membership__person", "membership__network", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if change_request is None:
        refuse_to_show(request, f"change request {pk}")
    runs = request.roles.runs_network(change_request.membership.network_id)
    if not (runs or change_request.requested_by_id == request.user.pk):
        refuse_to_show(request, f"change request {pk}")
    if change and not runs:
        refuse_to_change(request, f"change request {pk}", change_request.membership.network)
    return change_request


def get_group_to_manage(request, pk: int) -> LocalGroup:
    """A group whose registry data (name, municipalities, closing, merging) the user may
    change: only the network's secretariat; the group leader sees it but gets 403."""
    group = get_group_for_user(request, pk)
    if not request.roles.runs_network(group.network_id):
        refuse_to_change(request, f"group {pk}", group.network)
    return group
