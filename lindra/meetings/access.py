"""Access helpers for meetings."""

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.meetings.models import Meeting
from lindra.registry.access import get_committee_for_user
from lindra.registry.models import Committee


def get_meeting_for_user(request, pk: int, *, change: bool = False) -> Meeting:
    roles = request.roles
    meeting = Meeting.objects.select_related("network", "local_group", "committee", "host").filter(pk=pk).first()
    if meeting is None:
        refuse_to_show(request, f"meeting {pk}")
    hosts = meeting.pk in roles.hosted_meetings
    if meeting.local_group_id:
        sees = roles.sees_group(meeting.local_group_id, meeting.network_id)
        runs = roles.runs_group(meeting.local_group_id, meeting.network_id)
    else:
        sees = roles.sees_network(meeting.network_id) or meeting.committee_id in roles.committees
        runs = roles.runs_network(meeting.network_id) or meeting.committee_id in roles.committees
    if not (sees or hosts):
        refuse_to_show(request, f"meeting {pk}")
    if change and not (runs or hosts):
        refuse_to_change(request, f"meeting {pk}", meeting.network)
    return meeting


def get_meeting_to_run(request, pk: int) -> Meeting:
    """A meeting whose host and chain the user may manage: the group leader, the committee,
    or the secretariat. The host sees it but gets 403: a host does not replace themselves."""
    meeting = get_meeting_for_user(request, pk)
    roles = request.roles
    if meeting.local_group_id:
        runs = roles.runs_group(meeting.local_group_id, meeting.network_id)
    else:
        runs = roles.runs_network(meeting.network_id) or meeting.committee_id in roles.committees
    if not runs:
        refuse_to_change(request, f"meeting {pk}", meeting.network)
    return meeting


def get_committee_to_plan(request, pk: int) -> Committee:
    """Committee meetings are planned by the committee's members and the secretariat."""
    committee = get_committee_for_user(request, pk)
    if not (request.roles.runs_network(committee.network_id) or committee.pk in request.roles.committees):
        refuse_to_change(request, f"committee {pk}", committee.network)
    return committee
