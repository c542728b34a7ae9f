"""The network's competence in a year, read side: confirmed activities by kind (count and
hours) and reports back of gatherings attended, per local group and for the whole network.

An activity belongs to the year and the local group of its first day, a report back to those
of its gathering: the member's group on that day, read from the history. A fixed number of
queries, whatever the size of the network.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from lindra.development import rules
from lindra.development.models import CompetenceActivity, ReportBack
from lindra.meetings.models import Registration
from lindra.meetings.yearly import year_bounds
from lindra.registry.models import Change, ChangeKind, LocalGroup, Network
from lindra.registry.rules import AttributeChange, is_current, value_on
from lindra.registry.services import group_on_day

Kind = CompetenceActivity.Kind


@dataclass
class GroupRow:
    group: LocalGroup | None  # None: members whose group on the day is not known
    figures: rules.CompetenceFigures

    @property
    def kinds(self) -> list[tuple[str, rules.KindFigures]]:
        return [(label, self.figures.kinds[value]) for value, label in Kind.choices]


@dataclass
class NetworkCompetenceYear:
    network: Network
    year: int
    rows: list[GroupRow]
    totals: GroupRow


def _groups_of_year(network: Network, year: int) -> list[LocalGroup]:
    return list(
        LocalGroup.objects.filter(network=network)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=dt.date(year, 1, 1)))
        .order_by("name")
    )


def _histories(network: Network) -> dict[int, list[AttributeChange]]:
    """Each membership's changes of local group, for its group on any day."""
    histories: dict[int, list[AttributeChange]] = defaultdict(list)
    rows = Change.objects.filter(
        membership__network=network, kind__in=[ChangeKind.JOINED, ChangeKind.LOCAL_GROUP]
    ).values_list("membership_id", "effective_on", "pk", "local_group_id")
    for membership_id, effective_on, pk, group_id in rows:
        histories[membership_id].append(AttributeChange("local_group", effective_on, pk, group_id))
    return histories


def _activities(network: Network, year: int) -> list[rules.ActivityFact]:
    """The confirmed activities of the year, each in the member's group on its first day."""
    return [
        rules.ActivityFact(group_id, kind, hours, confirmed=True)
        for group_id, kind, hours in CompetenceActivity.objects.filter(
            membership__network=network, starts_on__year=year, confirmed_at__isnull=False
        )
        .annotate(group_on=group_on_day("membership", "starts_on"))
        .values_list("group_on", "kind", "hours")
    ]


def activities_by_group(network: Network, year: int) -> dict[int | None, rules.CompetenceFigures]:
    """The confirmed activities of the year per local group, as network_competence counts
    them, for the groups that have any."""
    return rules.competence_figures(Kind.values, [], _activities(network, year), []).groups


def network_competence(network: Network, year: int) -> NetworkCompetenceYear:
    first, after = year_bounds(year)
    histories = _histories(network)
    memberships = list(network.memberships.values("pk", "person_id", "local_group_id", "starts_on", "ends_on"))

    def group_on(membership: dict, day: dt.date) -> int | None:
        return value_on(histories.get(membership["pk"], []), "local_group", day) or membership["local_group_id"]

    activities = _activities(network, year)
    by_person = defaultdict(list)
    for membership in memberships:
        by_person[membership["person_id"]].append(membership)
    reported = set(
        ReportBack.objects.filter(
            meeting__network=network, meeting__starts_at__gte=first, meeting__starts_at__lt=after
        ).values_list("membership_id", "meeting_id")
    )
    present = Registration.objects.filter(
        meeting__network=network,
        meeting__kind__in=rules.GATHERING_KINDS,
        meeting__starts_at__gte=first,
        meeting__starts_at__lt=after,
        meeting__ends_at__lte=timezone.now(),
        attendance=Registration.Attendance.PRESENT,
        person__isnull=False,
    ).values_list("person_id", "meeting_id", "meeting__starts_at")
    attended = []
    for person_id, meeting_id, starts_at in present:
        day = timezone.localdate(starts_at)
        membership = next(
            (m for m in by_person.get(person_id, []) if is_current(m["starts_on"], m["ends_on"], day)), None
        )
        if membership is None:  # a participant who is no member: a leader at a course, say
            continue
        attended.append(
            rules.AttendedFact(group_on(membership, day), reported=(membership["pk"], meeting_id) in reported)
        )
    groups = _groups_of_year(network, year)
    figures = rules.competence_figures(Kind.values, [g.pk for g in groups], activities, attended)
    rows = [GroupRow(group, figures.groups[group.pk]) for group in groups]
    named = {g.pk for g in groups}
    rows += [GroupRow(None, f) for pk, f in figures.groups.items() if pk not in named and (f.activities or f.attended)]
    return NetworkCompetenceYear(network, year, rows, GroupRow(None, figures.totals))


def confirmed_activities(network: Network, year: int):
    """The confirmed activities of the year with the members' names, for the secretariat."""
    return (
        CompetenceActivity.objects.filter(membership__network=network, starts_on__year=year, confirmed_at__isnull=False)
        .select_related("membership__person", "membership__local_group", "confirmed_by")
        .order_by("starts_on", "pk")
    )
