"""A user's roles, derived from the registry on a given day: terms, memberships, meetings.

A role is never a flag typed by hand: a group leader stops being one the day after the
term ends. Computed once per request (RolesMiddleware) with a fixed number of queries.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindra.meetings.models import Meeting
from lindra.registry.models import Membership, Term

ROLE_LABELS = {
    "superuser": _("Systemadministrator"),
    "secretariat": _("Sekretariat"),
    "committee_member": _("Utvalgsmedlem"),
    "group_leader": _("Gruppeleder"),
    "host": _("Arrangør"),
    "member": _("Medlem"),
    "nearest_leader": _("Nærmeste leder"),
}


@dataclass(frozen=True)
class Roles:
    person_id: int | None = None
    is_superuser: bool = False
    secretariat_networks: frozenset[int] = field(default_factory=frozenset)
    committee_networks: frozenset[int] = field(default_factory=frozenset)
    committees: frozenset[int] = field(default_factory=frozenset)
    led_groups: frozenset[int] = field(default_factory=frozenset)
    member_groups: frozenset[int] = field(default_factory=frozenset)
    member_networks: frozenset[int] = field(default_factory=frozenset)
    hosted_meetings: frozenset[int] = field(default_factory=frozenset)
    upcoming_hosted_meetings: frozenset[int] = field(default_factory=frozenset)
    staff: frozenset[int] = field(default_factory=frozenset)  # people whose nearest leader this is
    staff_groups: frozenset[int] = field(default_factory=frozenset)  # the local groups of that staff

    @property
    def is_secretariat(self) -> bool:
        return bool(self.secretariat_networks)

    @property
    def is_committee_member(self) -> bool:
        return bool(self.committees)

    @property
    def is_group_leader(self) -> bool:
        return bool(self.led_groups)

    @property
    def is_host(self) -> bool:
        return bool(self.upcoming_hosted_meetings)

    @property
    def is_member(self) -> bool:
        return bool(self.member_groups)

    @property
    def is_nearest_leader(self) -> bool:
        return bool(self.staff)

    def names(self) -> list[str]:
        """The keys of ROLE_LABELS that apply, most powerful first."""
        return [name for name in ROLE_LABELS if getattr(self, f"is_{name}")]

    def labels(self) -> list[str]:
        return [str(ROLE_LABELS[name]) for name in self.names()]

    # What the roles allow, by network and group; the access helpers build on these.
    def sees_network(self, network_id: int) -> bool:
        return self.is_superuser or network_id in self.secretariat_networks | self.committee_networks

    def runs_network(self, network_id: int) -> bool:
        return self.is_superuser or network_id in self.secretariat_networks

    def sees_group(self, group_id: int, network_id: int) -> bool:
        return self.sees_network(network_id) or group_id in self.led_groups or group_id in self.member_groups

    def runs_group(self, group_id: int, network_id: int) -> bool:
        return self.runs_network(network_id) or group_id in self.led_groups


NOBODY = Roles()


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
