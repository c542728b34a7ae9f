"""Access helpers for meetings."""

from dataclasses import dataclass

from django.urls import reverse

from lindra.accounts.roles import Roles
from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.core.audit import record_view
from lindra.meetings.models import Meeting
from lindra.registry.access import get_committee_for_user, get_group_for_user
from lindra.registry.models import Committee, LocalGroup


@dataclass(frozen=True)
class MeetingRights:
    """What one user may do with one meeting, derived once from their roles."""

    secretariat: bool  # runs the meeting's network
    leads: bool  # leads the group, or sits in the committee, that holds the meeting
    hosts: bool
    takes_minutes: bool  # the minute-taker the host chose
    sees: bool

    @property
    def runs(self) -> bool:
        """Manages the meeting: its hosts, its plan, its chain."""
        return self.secretariat or self.leads

    @property
    def edits(self) -> bool:
        """Changes the program and the invitation draft."""
        return self.runs or self.hosts

    @property
    def marks_attendance(self) -> bool:
        """On the day: the host, the group leader (or the committee), the secretariat."""
        return self.runs or self.hosts

    @property
    def writes_minutes(self) -> bool:
        """The minute-taker or the group leader writes them; the secretariat may too."""
        return self.runs or self.takes_minutes

    @property
    def reviews_minutes(self) -> bool:
        """Only the secretariat approves the minutes and sends them out."""
        return self.secretariat


def rights_for(roles: Roles, meeting: Meeting) -> MeetingRights:
    secretariat = roles.runs_network(meeting.network_id)
    if meeting.local_group_id:
        leads = meeting.local_group_id in roles.led_groups
        sees = roles.sees_group(meeting.local_group_id, meeting.network_id)
    else:
        leads = meeting.committee_id in roles.committees
        sees = roles.sees_network(meeting.network_id) or leads
    hosts = meeting.pk in roles.hosted_meetings
    takes_minutes = roles.person_id is not None and meeting.minute_taker_id == roles.person_id
    # The operations group's representative sees the meeting they attend, also once their term ends.
    represents = roles.person_id is not None and meeting.operations_representative_id == roles.person_id
    return MeetingRights(
        secretariat=secretariat,
        leads=leads,
        hosts=hosts,
        takes_minutes=takes_minutes,
        sees=sees or hosts or takes_minutes or represents,
    )


def meeting_url_for(roles: Roles, meeting: Meeting) -> str:
    """Where a link to the meeting takes this user: its page when they see the meeting; for a
    nearest leader of a member of the group, its minutes (DESIGN.md §2); else nowhere."""
    if rights_for(roles, meeting).sees:
        return meeting.get_absolute_url()
    if meeting.local_group_id in roles.staff_groups:
        return reverse("meetings:minutes", args=[meeting.pk])
    return ""


def get_meeting_for_user(request, pk: int, *, change: bool = False) -> Meeting:
    meeting = (
        Meeting.objects.select_related("network", "local_group", "committee", "host", "operations_representative")
        .filter(pk=pk)
        .first()
    )
    if meeting is None or not rights_for(request.roles, meeting).sees:
        refuse_to_show(request, f"meeting {pk}")
    if change and not rights_for(request.roles, meeting).edits:
        refuse_to_change(request, f"meeting {pk}", meeting.network)
    return meeting


def get_meeting_for_minutes(request, pk: int) -> Meeting:
    """A meeting whose minutes the user may read: whoever sees the meeting, and the nearest
    leader of a member of the group (DESIGN.md §2: a leader reads their staff's minutes; the
    minutes page shows them only once approved)."""
    meeting = (
        Meeting.objects.select_related("network", "local_group", "committee", "host", "operations_representative")
        .filter(pk=pk)
        .first()
    )
    staff_in_group = meeting is not None and meeting.local_group_id in request.roles.staff_groups
    if meeting is None or not (rights_for(request.roles, meeting).sees or staff_in_group):
        refuse_to_show(request, f"minutes {pk}")
    return meeting


def get_meeting_to_run(request, pk: int) -> Meeting:
    """A meeting whose host and chain the user may manage: the group leader, the committee,
    or the secretariat. The host sees it but gets 403: a host does not replace themselves."""
    meeting = get_meeting_for_user(request, pk)
    if not rights_for(request.roles, meeting).runs:
        refuse_to_change(request, f"meeting {pk}", meeting.network)
    return meeting


def get_committee_to_plan(request, pk: int) -> Committee:
    """Committee meetings are planned by the committee's members and the secretariat."""
    committee = get_committee_for_user(request, pk)
    if not (request.roles.runs_network(committee.network_id) or committee.pk in request.roles.committees):
        refuse_to_change(request, f"committee {pk}", committee.network)
    return committee


def get_follow_up_for_user(request, pk: int, *, viewed: bool = False):
    """A follow-up of absence is seen and handled by the leader of the member's group and the
    network's secretariat; to anyone else it does not exist (it is about one person's absence).
    With viewed, logs that the user opened it."""
    from lindra.meetings.models import FollowUp

    follow_up = FollowUp.objects.select_related("network", "person", "local_group", "closed_by").filter(pk=pk).first()
    roles = request.roles
    if follow_up is None or not (
        roles.runs_network(follow_up.network_id) or follow_up.local_group_id in roles.led_groups
    ):
        refuse_to_show(request, f"follow-up {pk}")
    if viewed:
        record_view(request, follow_up, person_id=follow_up.person_id, network=follow_up.network)
    return follow_up


def get_group_year_for_user(request, pk: int, *, viewed: bool = False, exported: bool = False) -> LocalGroup:
    """A group's year names its members and their absences: the secretariat and the group's
    leader see it; others who see the group (committee, members, hosts) get 403. With viewed
    or exported, logs one entry naming the group."""
    group = get_group_for_user(request, pk)
    if not request.roles.runs_group(group.pk, group.network_id):
        refuse_to_change(request, f"group {pk} year", group.network)
    if viewed or exported:
        record_view(request, group, person_id=None, network=group.network, exported=exported)
    return group
