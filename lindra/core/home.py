"""What the home page shows each role: what is due for me now. A fixed number of queries
per role, whatever the size of the registry."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from lindra.accounts.roles import Roles
from lindra.mail.models import OutboxMessage
from lindra.meetings.models import Meeting
from lindra.registry.models import ChangeRequest, Committee, LocalGroup, Membership, Network


def _current_members(on):
    return Q(memberships__starts_on__lte=on) & (Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=on))


def home_sections(roles: Roles) -> dict:
    today = timezone.localdate()
    now = timezone.now()
    sections: dict = {}
    if roles.is_secretariat:
        sections["networks"] = list(
            Network.objects.filter(pk__in=roles.secretariat_networks).annotate(
                group_count=Count("groups", filter=Q(groups__closed_on__isnull=True), distinct=True),
                member_count=Count(
                    "memberships",
                    filter=Q(memberships__starts_on__lte=today)
                    & (Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today)),
                    distinct=True,
                ),
                open_requests=Subquery(
                    ChangeRequest.objects.filter(membership__network=OuterRef("pk"), status=ChangeRequest.Status.OPEN)
                    .values("membership__network")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
            )
        )
        sections["failed_mail"] = OutboxMessage.objects.filter(
            status=OutboxMessage.Status.FAILED, network__in=roles.secretariat_networks
        ).count()
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
            .select_related("local_group", "committee")
        )
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
