"""What a user may be in Lindra: the roles as plain values, which every access helper reads.
They are derived from the registry and the meetings on the top floor (lindra.home.roles)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

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
