"""The meeting cycle's part of each role's home page: the meetings a user hosts, leads or is
called to, the steps of their chains that are due, attendance and minutes still owed, follow-ups
of absence, and what waits on the secretariat. A fixed number of queries per role."""

import datetime as dt

from django.db.models import Q

from lindra.accounts.roles import Roles
from lindra.core.shortlists import shortlist
from lindra.meetings import attendance, follow_ups, invitations, minutes, rules
from lindra.meetings.deadlines import step_label
from lindra.meetings.models import DeadlineStep, Meeting


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    if roles.is_committee_member:
        found["committee_meetings"] = list(
            Meeting.objects.upcoming(now).filter(committee__in=roles.committees).select_related("committee")[:5]
        )
    if roles.is_host:
        found["hosted_meetings"] = list(
            Meeting.objects.upcoming(now)
            .filter(pk__in=roles.upcoming_hosted_meetings)
            .select_related("local_group", "committee", "invitation")
        )
    if roles.is_group_leader or roles.is_committee_member:
        found["meetings_in_progress"] = list(
            Meeting.objects.filter(Q(local_group__in=roles.led_groups) | Q(committee__in=roles.committees))
            .filter(starts_at__lte=now, ends_at__gte=now)
            .exclude(pk__in=roles.hosted_meetings)  # the host's own card leads there already
            .select_related("local_group", "committee")
            .order_by("starts_at")
        )
    if roles.is_host or roles.is_group_leader or roles.is_committee_member:
        found["due_steps"] = due_steps(roles, today)
    if roles.is_group_leader:
        found["open_follow_ups"] = shortlist(follow_ups.open_for_leader(roles))
    if roles.hosted_meetings or roles.is_group_leader:
        found["attendance_missing"] = attendance.missing_for(roles, now)
    if roles.person_id:  # group leaders, committee members and any minute-taker
        found["minutes_to_write"] = minutes.owed_by(roles, now)
    if roles.is_member:
        found["group_meetings"] = list(
            Meeting.objects.upcoming(now).filter(local_group__in=roles.member_groups).select_related("local_group")[:6]
        )
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {
        "invitations": invitations.awaiting_sending(roles, today),
        "minutes": minutes.awaiting_review(roles),
        "follow_ups": shortlist(follow_ups.open_for_secretariat(roles, today)),
    }


def _owned_by(owners: set) -> Q:
    """The steps that these owners answer for, in each kind of meeting's own chain."""
    owned = Q()
    for kind in rules.MeetingKind:
        steps = [s.step for s in rules.chain(kind) if s.owner in owners]
        if steps:
            owned |= Q(meeting__kind=kind, step__in=steps)
    return owned


def due_steps(roles: Roles, today: dt.date) -> list[dict]:
    """The steps of the meeting chains this user answers for that are due within two weeks,
    or late: a host's own steps; a group leader's and the hosts' in the groups they lead; a
    committee's in the fagdag, courses and meetings it holds."""
    Owner = rules.Owner
    mine = (
        (Q(meeting__in=roles.hosted_meetings) & _owned_by({Owner.HOST}))
        | (Q(meeting__local_group__in=roles.led_groups) & _owned_by({Owner.HOST, Owner.GROUP_LEADER}))
        | (Q(meeting__committee__in=roles.committees) & _owned_by({Owner.COMMITTEE}))
    )
    steps = (
        DeadlineStep.objects.filter(mine, done_at__isnull=True)
        .filter(due_on__lte=today + dt.timedelta(days=14), due_on__gte=today - dt.timedelta(days=60))
        .select_related("meeting__local_group", "meeting__committee")
        .order_by("due_on")
    )
    return [
        {"step": s, "label": step_label(s.meeting.kind, s.step), "late": s.due_on < today, "meeting": s.meeting}
        for s in steps
    ]
