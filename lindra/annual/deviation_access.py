"""Who sees a deviation and who acts on it (DESIGN.md §2): the reporter sees what they reported;
the leader of its local group sees and handles the group's deviations; the operations group sees
and handles those sent to it, and the network's other committees see them; the network's
secretariat sees all and acts as the operations group. A deviation solved within a group stays
there: the committees see it only as a figure."""

from dataclasses import dataclass

from lindra.annual import rules
from lindra.annual.models import Deviation
from lindra.core.access import refuse_to_change, refuse_to_show


@dataclass(frozen=True)
class DeviationAccess:
    deviation: Deviation
    leads_group: bool  # leads its local group
    operates: bool  # sits in the operations group it was sent to, or runs the network
    reported_it: bool  # adds to it while it is open

    @property
    def actions(self) -> frozenset[str]:
        return rules.allowed_actions(
            self.deviation.status, leads_group=self.leads_group, operates=self.operates, reported_it=self.reported_it
        )

    @property
    def only_adds(self) -> bool:
        """Only comments: the reporter, or the group leader once it has been sent on."""
        return self.actions == {rules.COMMENT}


def get_deviation_for_user(request, pk: int, *, change: bool = False) -> DeviationAccess:
    roles = request.roles
    deviation = (
        Deviation.objects.select_related("network", "local_group", "committee", "reported_by").filter(pk=pk).first()
    )
    if deviation is None:
        refuse_to_show(request, f"deviation {pk}")
    leads = deviation.local_group_id is not None and deviation.local_group_id in roles.led_groups
    runs = roles.runs_network(deviation.network_id)
    sent_on = deviation.committee_id is not None
    in_committee = sent_on and deviation.committee_id in roles.committees
    committee_sees = sent_on and deviation.network_id in roles.committee_networks
    reported = roles.person_id is not None and deviation.reported_by_id == roles.person_id
    if not (leads or runs or committee_sees or reported):
        refuse_to_show(request, f"deviation {pk}", deviation.network)
    access = DeviationAccess(deviation, leads, runs or in_committee, reported)
    if change and not access.actions:
        refuse_to_change(request, f"deviation {pk}", deviation.network)
    return access
