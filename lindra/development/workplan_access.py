"""Who sees a member's work plan and yearly meeting, and who changes them (DESIGN.md §2): the
member writes the plan; the nearest leader agrees to it; both book the yearly meeting and
record its evaluation; the group's leader and the network's secretariat read."""

from dataclasses import dataclass

from django.utils import timezone

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.development import rules
from lindra.registry.access import membership_viewed
from lindra.registry.models import Membership


@dataclass(frozen=True)
class PlanAccess:
    membership: Membership
    year: int
    is_member: bool  # the member themselves: writes the plan
    is_leader: bool  # the member's nearest leader: agrees to it

    @property
    def takes_part(self) -> bool:
        """Member and leader book the yearly meeting and record its evaluation."""
        return self.is_member or self.is_leader


def get_plan_access(
    request, membership_id: int, year: int, *, change: bool = False, viewed: bool = False
) -> PlanAccess:
    """The membership whose plan of the year the user opens, or 404 for those who may not see
    it and for a year the membership has no plan (before it began, after it ended); with
    change, 403 for those who only read. With viewed, logs that the user opened the plan (not
    when it is the member's own)."""
    roles = request.roles
    membership = (
        Membership.objects.select_related("person", "network", "local_group", "workplace", "nearest_leader")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        refuse_to_show(request, f"work plan {membership_id}/{year}")
    is_member = roles.person_id is not None and membership.person_id == roles.person_id
    is_leader = roles.person_id is not None and membership.nearest_leader_id == roles.person_id
    reads = membership.local_group_id in roles.led_groups or roles.runs_network(membership.network_id)
    if not (is_member or is_leader or reads):
        refuse_to_show(request, f"work plan {membership_id}/{year}", membership.network)
    if year not in rules.plan_years(membership.starts_on, membership.ends_on, timezone.localdate()):
        refuse_to_show(request, f"work plan {membership_id}/{year}", membership.network)
    access = PlanAccess(membership, year, is_member, is_leader)
    if change and not access.takes_part:
        refuse_to_change(request, f"work plan {membership_id}/{year}", membership.network)
    if viewed:
        membership_viewed(request, membership)
    return access
