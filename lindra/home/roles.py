"""A user's roles, derived from the registry on a given day: terms, memberships, meetings.

A role is never a flag typed by hand: a group leader stops being one the day after the
term ends. Computed once per request (RolesMiddleware) with a fixed number of queries.
"""

import datetime as dt

from django.utils import timezone

from lindra.accounts.roles import NOBODY, Roles
from lindra.meetings.models import Meeting
from lindra.registry.models import Membership, Term


def roles_for(user, on: dt.date | None = None) -> Roles:
    if not user.is_authenticated:
        return NOBODY
    person = getattr(user, "person", None)
    if person is None:
        return Roles(is_superuser=user.is_superuser)
    on = on or timezone.localdate()
    terms = list(
        Term.objects.current(on).filter(person=person).values("kind", "network_id", "local_group_id", "committee_id")
    )
    memberships = list(Membership.objects.current(on).filter(person=person).values("local_group_id", "network_id"))
    staff = list(
        Membership.objects.current(on).filter(nearest_leader=person).values_list("person_id", "local_group_id")
    )
    hosted = list(Meeting.objects.filter(host=person).values_list("id", "ends_at"))
    now = timezone.now()
    return Roles(
        person_id=person.pk,
        is_superuser=user.is_superuser,
        secretariat_networks=frozenset(t["network_id"] for t in terms if t["kind"] == Term.Kind.SECRETARIAT),
        committee_networks=frozenset(t["network_id"] for t in terms if t["committee_id"]),
        committees=frozenset(t["committee_id"] for t in terms if t["committee_id"]),
        led_groups=frozenset(t["local_group_id"] for t in terms if t["kind"] == Term.Kind.GROUP_LEADER),
        member_groups=frozenset(m["local_group_id"] for m in memberships),
        member_networks=frozenset(m["network_id"] for m in memberships),
        hosted_meetings=frozenset(pk for pk, _ends in hosted),
        upcoming_hosted_meetings=frozenset(pk for pk, ends in hosted if ends >= now),
        staff=frozenset(person_id for person_id, _group in staff),
        staff_groups=frozenset(group_id for _person, group_id in staff),
    )


def two_factor_required(user) -> bool:
    """Whether the user must sign in with a second factor: the secretariat, the system
    administrators and anyone else who may open the administration. The accounts app reads
    this through settings.TWO_FACTOR_REQUIRED when someone signs in."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return roles_for(user).is_secretariat
