"""What the home page shows each role: what is due for me now. A fixed number of queries
per role, whatever the size of the registry."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from lindra.accounts.roles import Roles
from lindra.mail.models import OutboxMessage
from lindra.meetings import attendance, follow_ups, invitations, minutes, rules
from lindra.meetings.deadlines import step_label
from lindra.meetings.models import DeadlineStep, Meeting
from lindra.registry.models import ChangeRequest, Committee, LocalGroup, Membership, Network


def _current_members(on):
    return Q(memberships__starts_on__lte=on) & (Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=on))


def home_sections(roles: Roles) -> dict:
    today = timezone.localdate()
    now = timezone.now()
    sections: dict = {"now": now}
    if roles.is_superuser:
        sections["all_networks"] = list(_with_counts(Network.objects.all(), today))
    if roles.is_secretariat:
        networks = list(_with_counts(Network.objects.filter(pk__in=roles.secretariat_networks), today))
        sections["networks"] = networks
        sections["waiting"] = waiting_for_secretariat(roles, today, networks)
    if roles.is_committee_member:
        sections["committees"] = list(Committee.objects.filter(pk__in=roles.committees).select_related("network"))
        sections["committee_meetings"] = list(
            Meeting.objects.upcoming(now).filter(committee__in=roles.committees).select_related("committee")[:5]
        )
    if roles.is_group_leader:
        sections["led_groups"] = list(
            LocalGroup.objects.filter(pk__in=roles.led_groups)
            .select_related("network")
            .annotate(member_count=Count("memberships", filter=_current_members(today), distinct=True))
        )
    if roles.is_host:
        sections["hosted_meetings"] = list(
            Meeting.objects.upcoming(now)
            .filter(pk__in=roles.upcoming_hosted_meetings)
            .select_related("local_group", "committee", "invitation")
        )
    if roles.is_group_leader or roles.is_committee_member:
        sections["meetings_in_progress"] = list(
            Meeting.objects.filter(Q(local_group__in=roles.led_groups) | Q(committee__in=roles.committees))
            .filter(starts_at__lte=now, ends_at__gte=now)
            .exclude(pk__in=roles.hosted_meetings)  # the host's own card leads there already
            .select_related("local_group", "committee")
            .order_by("starts_at")
        )
    if roles.is_host or roles.is_group_leader or roles.is_committee_member:
        sections["due_steps"] = due_steps(roles, today)
    # Attendance and follow-ups of absence
    if roles.is_group_leader:
        sections["open_follow_ups"] = follow_ups.open_for_leader(roles)
    if roles.hosted_meetings or roles.is_group_leader:
        sections["attendance_missing"] = attendance.missing_for(roles, now)
    # Minutes: those still to write after a meeting, and those waiting for the secretariat
    if roles.person_id:  # group leaders, committee members and any minute-taker
        sections["minutes_to_write"] = minutes.owed_by(roles, now)
    if roles.is_member:
        sections["memberships"] = list(
            Membership.objects.current(today)
            .filter(person_id=roles.person_id)
            .select_related("network", "local_group", "workplace", "nearest_leader")
        )
        sections["group_meetings"] = list(
            Meeting.objects.upcoming(now).filter(local_group__in=roles.member_groups).select_related("local_group")[:6]
        )
    if roles.is_nearest_leader:
        sections["staff"] = list(
            Membership.objects.current(today)
            .filter(nearest_leader_id=roles.person_id)
            .select_related("person", "local_group", "workplace", "network")
        )
    return sections


def _with_counts(networks, today):
    return networks.annotate(
        group_count=Count("groups", filter=Q(groups__closed_on__isnull=True), distinct=True),
        member_count=Count("memberships", filter=_current_members(today), distinct=True),
        open_requests=Subquery(
            ChangeRequest.objects.filter(membership__network=OuterRef("pk"), status=ChangeRequest.Status.OPEN)
            .values("membership__network")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
    )


@dataclass(frozen=True)
class SecretariatWork:
    """What waits on the secretariat of the user's networks, each with where to act on it."""

    invitations: list[invitations.Waiting]
    minutes: list
    change_requests: list[ChangeRequest]
    open_requests: int  # all of them; change_requests lists the oldest
    failed_mail: int
    follow_ups: list

    def __bool__(self) -> bool:
        return bool(self.invitations or self.minutes or self.open_requests or self.failed_mail or self.follow_ups)


CHANGE_REQUESTS_LISTED = 10


def waiting_for_secretariat(roles: Roles, today: dt.date, networks: list[Network]) -> SecretariatWork:
    return SecretariatWork(
        invitations=invitations.awaiting_sending(roles, today),
        minutes=minutes.awaiting_review(roles),
        change_requests=list(
            ChangeRequest.objects.filter(
                status=ChangeRequest.Status.OPEN, membership__network__in=roles.secretariat_networks
            )
            .select_related("membership__person", "membership__local_group", "requested_by__person")
            .order_by("requested_at")[:CHANGE_REQUESTS_LISTED]
        ),
        open_requests=sum(n.open_requests or 0 for n in networks),
        failed_mail=OutboxMessage.objects.filter(
            status=OutboxMessage.Status.FAILED, network__in=roles.secretariat_networks
        ).count(),
        follow_ups=follow_ups.open_for_secretariat(roles, today),
    )


def _owned_by(owners: set) -> Q:
    """The steps that these owners answer for, in each kind of meeting's own chain."""
    owned = Q()
    for kind in rules.MeetingKind:
        steps = [s.step for s in rules.chain(kind) if s.owner in owners]
        if steps:
            owned |= Q(meeting__kind=kind, step__in=steps)
    return owned


def due_steps(roles: Roles, today) -> list[dict]:
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
