from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lindra.meetings.models import Meeting
from lindra.registry.access import get_group_for_user, get_network_for_user, get_person_for_user
from lindra.registry.models import Membership, Term


@require_GET
def network(request, pk: int):
    network = get_network_for_user(request, pk)
    today = timezone.localdate()
    current = Q(memberships__starts_on__lte=today) & (
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=today)
    )
    groups = network.groups.filter(closed_on__isnull=True).annotate(member_count=Count("memberships", filter=current))
    return render(
        request,
        "registry/network.html",
        {"network": network, "groups": groups, "committees": network.committees.all()},
    )


@require_GET
def group(request, pk: int):
    """The group's name list (seed 000). Members see names, workplaces and e-mail; those who
    run the group also see phone numbers and nearest leaders."""
    group = get_group_for_user(request, pk)
    today = timezone.localdate()
    members = (
        Membership.objects.current(today)
        .in_group(group)
        .select_related("person", "workplace", "nearest_leader")
        .order_by("person__family_name", "person__given_name")
    )
    leaders = Term.objects.current(today).filter(local_group=group).select_related("person")
    meetings = Meeting.objects.upcoming().filter(local_group=group)[:5]
    return render(
        request,
        "registry/group.html",
        {
            "group": group,
            "members": members,
            "leaders": leaders,
            "meetings": meetings,
            "full_details": request.roles.runs_group(group.pk, group.network_id),
        },
    )


@require_GET
def person(request, pk: int):
    person = get_person_for_user(request, pk)
    memberships = person.memberships.select_related("network", "local_group", "workplace", "nearest_leader")
    terms = person.terms.select_related("network", "local_group", "committee")
    return render(request, "registry/person.html", {"person": person, "memberships": memberships, "terms": terms})
