"""Access helpers for meetings."""

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.meetings.models import Meeting


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
