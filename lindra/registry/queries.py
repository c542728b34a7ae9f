"""Read-side queries of the registry, each with a fixed number of database queries."""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from lindra.core.forms import as_id
from lindra.registry.models import Change, Leave, LocalGroup, Membership, Person, Workplace
from lindra.registry.rules import norwegian
from lindra.registry.services import memberships_on


@dataclass
class NameListRow:
    membership: Membership
    person: Person
    workplace: Workplace | None
    nearest_leader: Person | None
    on_leave: bool


def _placed_in_group_on(group: LocalGroup, day: dt.date) -> QuerySet[Membership]:
    """The group's members on the day, as the history says they were placed then, each with
    its workplace and nearest leader of the day (ids) and whether on leave that day."""
    ever_in_group = Change.objects.filter(local_group=group).values("membership_id")
    return (
        memberships_on(day)
        .filter(pk__in=ever_in_group)
        .filter(group_on=group.pk)
        .annotate(on_leave=Exists(Leave.objects.current(day).filter(membership=OuterRef("pk"))))
    )


def _by_name(rows: list, person) -> list:
    return sorted(rows, key=lambda row: (norwegian(person(row).family_name), norwegian(person(row).given_name)))


def name_list(group: LocalGroup, day: dt.date) -> list[NameListRow]:
    """The group's members on the day, as the history says they were placed then."""
    memberships = list(_placed_in_group_on(group, day).select_related("person"))
    workplaces = Workplace.objects.in_bulk({m.workplace_on for m in memberships if m.workplace_on})
    leaders = Person.objects.in_bulk({m.leader_on for m in memberships if m.leader_on})
    rows = [
        NameListRow(m, m.person, workplaces.get(m.workplace_on), leaders.get(m.leader_on), m.on_leave)
        for m in memberships
    ]
    return _by_name(rows, lambda row: row.person)


@dataclass(frozen=True)
class NameListLine:
    """A line of the group's name list as its page shows it: names, e-mail and phone only."""

    person_id: int
    given_name: str
    family_name: str
    email: str
    phone: str
    workplace: str | None  # the workplace's name
    leader: str | None  # the nearest leader's full name
    leader_email: str
    on_leave: bool

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


def name_list_lines(group: LocalGroup, day: dt.date) -> list[NameListLine]:
    """name_list as the page shows it, read as values: the same members in the same order, with
    the few fields shown rather than every member, workplace and leader made a model instance."""
    members = list(
        _placed_in_group_on(group, day).values_list(
            "person_id",
            "person__given_name",
            "person__family_name",
            "person__email",
            "person__phone",
            "workplace_on",
            "leader_on",
            "on_leave",
        )
    )
    workplaces = dict(Workplace.objects.filter(pk__in={m[5] for m in members if m[5]}).values_list("pk", "name"))
    leaders = {
        pk: (f"{given} {family}", email)
        for pk, given, family, email in Person.objects.filter(pk__in={m[6] for m in members if m[6]}).values_list(
            "pk", "given_name", "family_name", "email"
        )
    }
    lines = []
    for person_id, given, family, email, phone, workplace, leader, on_leave in members:
        leader_name, leader_email = leaders.get(leader, (None, ""))
        lines.append(
            NameListLine(
                person_id, given, family, email, phone, workplaces.get(workplace), leader_name, leader_email, on_leave
            )
        )
    return _by_name(lines, lambda line: line)


SORTS = {
    "navn": ("person__family_name", "person__given_name"),
    "gruppe": ("local_group__name", "person__family_name"),
    "arbeidssted": ("workplace__name", "person__family_name"),
    "start": ("-starts_on", "person__family_name"),
}
STATUSES = ("aktive", "permisjon", "sluttet", "alle")


def member_list(
    network_ids,
    *,
    q: str = "",
    group: str = "",
    municipality: str = "",
    profession: str = "",
    status: str = "aktive",
    sort: str = "navn",
    day: dt.date,
) -> QuerySet[Membership]:
    """The secretariat's member list: filtered, sorted, ready to paginate or export."""
    members = Membership.objects.filter(network_id__in=network_ids).select_related(
        "person", "local_group", "workplace__municipality", "nearest_leader"
    )
    on_leave = Exists(Leave.objects.current(day).filter(membership=OuterRef("pk")))
    members = members.annotate(on_leave=on_leave)
    current = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    if status == "aktive":
        members = members.filter(current, on_leave=False)
    elif status == "permisjon":
        members = members.filter(current, on_leave=True)
    elif status == "sluttet":
        members = members.filter(ends_on__lt=day)
    for word in q.split():
        members = members.filter(
            Q(person__given_name__icontains=word)
            | Q(person__family_name__icontains=word)
            | Q(person__email__icontains=word)
            | Q(workplace__name__icontains=word)
        )
    if as_id(group) is not None:
        members = members.filter(local_group_id=as_id(group))
    if len(municipality) == 4 and municipality.isascii() and municipality.isdigit():  # its number
        members = members.filter(workplace__municipality_id=municipality)
    if profession:
        members = members.filter(person__profession=profession)
    return members.order_by(*SORTS.get(sort, SORTS["navn"]), "pk")


# A typed choice of workplace: the list offered while typing, and what a typed text names.

OWN_WORKPLACES_LISTED = 300  # offered before anything is typed (and without JavaScript)
WORKPLACES_MATCHING = 30  # offered for what is typed


def workplace_suggestions(network, text: str = "") -> list[Workplace]:
    """Open workplaces to offer: the network's own (where it has or had members) first, then
    the others matching what is typed; before anything is typed, its own alone."""
    rows = Workplace.objects.open().with_own(network).select_related("organisation", "municipality")
    if text.strip():
        rows, limit = rows.matching(text), WORKPLACES_MATCHING
    else:
        rows, limit = rows.filter(own=True), OWN_WORKPLACES_LISTED
    return list(rows.order_by("-own", "name", "organisation__name")[:limit])


def workplaces_named(text: str) -> list[Workplace]:
    """The open workplaces a typed text names: «name (owner)» as offered, or a name alone."""
    text = " ".join(text.split())
    rows = Workplace.objects.open().select_related("organisation")
    labelled = re.fullmatch(r"(.+) \((.+)\)", text)
    if labelled:
        found = list(rows.filter(name__iexact=labelled[1], organisation__name__iexact=labelled[2]))
        if found:
            return found
    return list(rows.filter(name__iexact=text).order_by("organisation__name"))
