"""Access helpers of the steering reports (DESIGN.md §2): 404 for who may not see them, 403 for
who reads but may not write."""

from django.utils import timezone

from lindra.annual import steering
from lindra.annual.models import SteeringReport
from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.registry.models import Network


def get_network_for_steering(request, pk: int, *, write: bool = False) -> tuple[Network, steering.SteeringRights]:
    """The network's reports are read by its secretariat, its steering group and the leaders who
    write them; others get 404. Writing a new one is for the leaders and the secretariat: the
    steering group gets 403."""
    network = Network.objects.filter(pk=pk).first()
    rights = steering.rights_for(request.roles, network, timezone.localdate()) if network else None
    if rights is None or not rights.reads_any:
        refuse_to_show(request, f"steering reports of network {pk}")
    if write and not rights.writes_any:
        refuse_to_change(request, f"new steering report of network {pk}", network)
    return network, rights


def get_steering_report_for_user(
    request, pk: int, *, write: bool = False
) -> tuple[SteeringReport, steering.SteeringRights]:
    """A report is read by its writers (its committee's leader, the secretariat) and, once sent,
    by the steering group; it is changed only by its writers (403 for the steering group)."""
    report = SteeringReport.objects.select_related("network", "committee", "written_by").filter(pk=pk).first()
    rights = steering.rights_for(request.roles, report.network, timezone.localdate()) if report else None
    if rights is None or not rights.reads(report):
        refuse_to_show(request, f"steering report {pk}")
    if write and not rights.writer_of(report):
        refuse_to_change(request, f"steering report {pk}", report.network)
    return report, rights
