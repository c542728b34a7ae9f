"""The registry's part of each role's home page: the networks, groups and committees a user
has, the member's own memberships, a nearest leader's staff, and the change requests that
wait on the secretariat. A fixed number of queries, whatever the size of the registry."""

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from lindra.accounts.roles import Roles
from lindra.core.shortlists import shortlist
from lindra.registry.models import ChangeRequest, Committee, LocalGroup, Membership, Network


def _current_members(on: dt.date) -> Q:
    return Q(memberships__starts_on__lte=on) & (Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=on))


def _count_of(rows, network_field: str) -> Subquery:
    """The number of the rows in the network (a subquery each, not a join: joining the groups
    and the memberships at once would count every group times every membership)."""
    return Subquery(
        rows.filter(**{network_field: OuterRef("pk")})
        .order_by()
        .values(network_field)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


def _with_counts(networks, today: dt.date):
    return networks.annotate(
        group_count=Coalesce(_count_of(LocalGroup.objects.filter(closed_on__isnull=True), "network"), 0),
        member_count=Coalesce(_count_of(Membership.objects.current(today), "network"), 0),
        open_requests=_count_of(ChangeRequest.objects.filter(status=ChangeRequest.Status.OPEN), "membership__network"),
    )


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    if roles.is_superuser:
        found["all_networks"] = list(_with_counts(Network.objects.all(), today))
    if roles.is_secretariat:
        found["networks"] = list(_with_counts(Network.objects.filter(pk__in=roles.secretariat_networks), today))
    if roles.is_committee_member:
        found["committees"] = list(Committee.objects.filter(pk__in=roles.committees).select_related("network"))
    if roles.is_group_leader:
        found["led_groups"] = list(
            LocalGroup.objects.filter(pk__in=roles.led_groups)
            .select_related("network")
            .annotate(member_count=Count("memberships", filter=_current_members(today), distinct=True))
        )
    if roles.is_member:
        found["memberships"] = list(
            Membership.objects.current(today)
            .filter(person_id=roles.person_id)
            .select_related("network", "local_group", "workplace", "nearest_leader")
        )
    if roles.is_nearest_leader:
        found["staff"] = list(
            Membership.objects.current(today)
            .filter(nearest_leader_id=roles.person_id)
            .select_related("person", "local_group", "workplace", "network")
        )
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    requests = ChangeRequest.objects.filter(
        status=ChangeRequest.Status.OPEN, membership__network__in=roles.secretariat_networks
    )
    return {
        "change_requests": shortlist(
            requests.select_related("membership__person", "membership__local_group", "requested_by__person").order_by(
                "requested_at", "pk"
            )
        )
    }
