"""The figures of a network's annual report, computed from what Lindra holds, as plain values
that can be frozen (JSON) when the report is published.

In the order KLB Helse Sør-Øst recommends: scope and organisation (local networks, members by
profession, municipality and kind of workplace), the committees, the year's professional focus
(competence-plan topics covered), activities (meetings held against the required number,
gathering hours against the minimum, attendance, fagdag, intro courses, hospitering and other
competence), organisational changes (members and groups), the yearly reporting's response and
the deviations. Each figure beside the previous year's.

The meeting cycle's figures come from lindra.meetings.yearly and the competence from
lindra.development.competence_figures, the same numbers their own pages show. A fixed number of
queries, whatever the size of the network.
"""

import dataclasses
import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.annual import rules
from lindra.annual.deviations import deviation_counts
from lindra.annual.models import Questionnaire, Respondent
from lindra.development.competence_figures import activities_by_group
from lindra.development.models import CompetenceActivity
from lindra.meetings.models import Meeting
from lindra.meetings.yearly import network_year, year_bounds
from lindra.registry.models import Change, ChangeKind, Committee, LocalGroup, Network, Profession, Term, Workplace
from lindra.registry.rules import norwegian
from lindra.registry.services import memberships_on

# How many years the chart of members over the years shows, the report's year the last.
YEARS_OF_MEMBERS = 5

HOSPITERING = CompetenceActivity.Kind.HOSPITERING
COMMITTEE_ORDER = [Committee.Kind.STEERING, Committee.Kind.WORKING, Committee.Kind.OPERATIONS]


def compute(network: Network, year: int, today: dt.date | None = None) -> dict:
    """Every figure of the report for the year, with the previous year's beside."""
    today = today or timezone.localdate()
    # The chart's years take in the previous one (YEARS_OF_MEMBERS is more than one).
    flows = rules.member_flows(_membership_periods(network), range(year - YEARS_OF_MEMBERS + 1, year + 1))
    deviations = deviation_counts(network, [year - 1, year])
    this = _year(network, year, today, flows[year], deviations[year])
    this["previous"] = _summary(_year(network, year - 1, today, flows[year - 1], deviations[year - 1], full=False))
    this["members_over_years"] = [[y, flow.carried_out] for y, flow in flows.items()]
    return this


def _year(
    network: Network,
    year: int,
    today: dt.date,
    flow: rules.MemberFlow,
    deviations: rules.DeviationCounts,
    *,
    full: bool = True,
) -> dict:
    meetings = network_year(network, year, today, deadlines=False)
    kinds = _competence_by_kind(network, year)
    figures = {
        "network": network.name,
        "year": year,
        "computed_on": today.isoformat(),
        "meetings_required": meetings.policy_required,
        "minimum_hours": meetings.minimum_hours,
        "members": {
            "carried_in": flow.carried_in,
            "new": flow.new,
            "ended": flow.ended,
            "carried_out": flow.carried_out,
        },
        "totals": _totals(meetings, kinds),
        "fagdags": [
            {"day": f.day.isoformat(), "title": f.meeting.title, "held": f.held, "present": f.present}
            for f in meetings.fagdags
        ],
        "courses": _courses(network, year),
        "competence": [
            {"kind": str(label), "count": kinds[kind][0], "hours": kinds[kind][1]}
            for kind, label in CompetenceActivity.Kind.choices
        ],
        "deviations": dataclasses.asdict(deviations),
        "questionnaire": _questionnaire(network, year),
    }
    if not full:
        return figures
    day = rules.reference_day(year, today)
    on_day = _members_on(network, day)
    topics = _topics(network, year)
    # Per group, the competence as its own page counts it: by the member's group on the day.
    competence_by_group = activities_by_group(network, year)
    figures |= {
        "reference_day": day.isoformat(),
        "members_on_day": on_day["total"],
        "by_profession": on_day["profession"],
        "by_municipality": on_day["municipality"],
        "by_workplace_kind": on_day["kind"],
        "groups": [
            _group(
                row,
                on_day["groups"].get(row.group.pk, 0),
                topics["groups"].get(row.group.pk, []),
                competence_by_group.get(row.group.pk),
            )
            for row in meetings.rows
        ],
        "topics": topics["network"],
        "topics_in_plan": topics["in_plan"],
        "events_topics": topics["events"],
        "committees": _committees(network, year),
        "group_changes": _group_changes(network, year),
    }
    return figures


def _summary(figures: dict) -> dict:
    """The previous year's figures the report compares with."""
    return {key: figures[key] for key in ("year", "members", "totals", "deviations", "questionnaire")} | {
        "fagdags_held": sum(1 for f in figures["fagdags"] if f["held"]),
        "courses_held": sum(1 for c in figures["courses"] if c["held"]),
        "hospitering": figures["competence"][0]["count"],
    }


def _totals(meetings, kinds: dict[str, tuple[int, float]]) -> dict:
    t = meetings.totals
    return {
        "groups": t.groups,
        "groups_meeting_required": t.meeting_required,
        "groups_meeting_hours": t.meeting_hours,
        "planned": t.planned,
        "held": t.held,
        "required": t.required,
        "hours": t.hours,
        "present": t.attendance.present,
        "marked": t.attendance.marked,
        "attendance_percent": t.attendance.percent,
        "hospitering": kinds[HOSPITERING][0],
        "hospitering_hours": kinds[HOSPITERING][1],
        "activities": sum(count for count, _hours in kinds.values()),
        "activity_hours": round(sum(hours for _count, hours in kinds.values()), 1),
    }


def _competence_by_kind(network: Network, year: int) -> dict[str, tuple[int, float]]:
    """Confirmed competence activities of the year (by their first day) by kind: how many, and
    their hours; the same rule as the network's competence page."""
    found = {kind: (0, 0.0) for kind in CompetenceActivity.Kind.values}
    rows = (
        CompetenceActivity.objects.filter(membership__network=network, starts_on__year=year, confirmed_at__isnull=False)
        .values("kind")
        .annotate(n=Count("id"), hours=Sum("hours"))
        .order_by()
    )
    for row in rows:
        found[row["kind"]] = (row["n"], float(row["hours"] or 0))
    return found


def _group(row, members: int, topics: list[str], competence) -> dict:
    m = row.meetings
    hospitering = competence.kinds[HOSPITERING] if competence else None
    return {
        "name": row.group.name,
        "members": members,
        "planned": m.planned,
        "held": m.held,
        "required": m.required,
        "meets_meetings": m.meets_meetings,
        "hours": m.hours,
        "minimum_hours": m.minimum_hours,
        "meets_hours": m.meets_hours,
        "present": row.attendance.present,
        "marked": row.attendance.marked,
        "attendance_percent": row.attendance.percent,
        "topics": topics,
        "hospitering": hospitering.count if hospitering else 0,
        "activities": competence.activities if competence else 0,
    }


def _membership_periods(network: Network) -> list[list[rules.Period]]:
    by_person: dict[int, list[rules.Period]] = defaultdict(list)
    for person_id, starts_on, ends_on in network.memberships.values_list(
        "person_id", "starts_on", "ends_on"
    ).order_by():
        by_person[person_id].append((starts_on, ends_on))
    return list(by_person.values())


def _members_on(network: Network, day: dt.date) -> dict:
    """Members on the day, where the history placed them: by group, profession, municipality
    and kind of workplace."""
    rows = list(
        memberships_on(day)
        .filter(network=network)
        .values_list(
            "local_group_id",
            "group_on",
            "workplace_on",
            "workplace_id",
            "workplace__kind",
            "workplace__municipality__name",
            "person__profession",
        )
        .order_by()
    )
    # The membership's own workplace comes with it; one the history placed the member in
    # instead is looked up (there are few: the history's latest is mostly the workplace itself).
    elsewhere = {
        pk: (kind, municipality)
        for pk, kind, municipality in Workplace.objects.filter(
            pk__in={w_on for _g, _g_on, w_on, w, *_rest in rows if w_on and w_on != w}
        ).values_list("pk", "kind", "municipality__name")
    }
    groups, professions, kinds, municipalities = Counter(), Counter(), Counter(), Counter()
    for group_id, group_on, workplace_on, workplace_id, kind, municipality, profession in rows:
        groups[group_on or group_id] += 1
        professions[profession] += 1
        if workplace_on and workplace_on != workplace_id:
            kind, municipality = elsewhere[workplace_on]
        kinds[kind] += 1
        municipalities[municipality] += 1
    profession_labels = {code: str(label) for code, label in Profession.choices} | {"": _("Ikke registrert")}
    return {
        "total": len(rows),
        "groups": groups,
        "profession": [[profession_labels[p], n] for p, n in _largest_first(professions)],
        "kind": [[str(label), kinds[kind]] for kind, label in Workplace.Kind.choices if kinds[kind]],
        "municipality": [[name, n] for name, n in _largest_first(municipalities)],
    }


def _largest_first(counts: Counter) -> list[tuple]:
    return sorted(counts.items(), key=lambda item: (-item[1], norwegian(str(item[0]))))


def _held_meetings(network: Network, year: int):
    start, end = year_bounds(year)
    return Meeting.objects.filter(
        network=network, starts_at__gte=start, starts_at__lt=end, attendance_recorded_at__isnull=False
    )


def _topics(network: Network, year: int) -> dict:
    """The competence-plan topics covered by the meetings held in the year: per local group, by
    the network's own events (fagdag, courses), and for the whole network (how many groups)."""
    links = Meeting.topics.through.objects.filter(meeting__in=_held_meetings(network, year)).values_list(
        "meeting__local_group_id", "competencetopic__title"
    )
    groups: dict[int, set[str]] = defaultdict(set)
    events: set[str] = set()
    for group_id, title in links:
        (groups[group_id] if group_id else events).add(title)
    covered = Counter(title for titles in groups.values() for title in titles)
    for title in events - set(covered):
        covered[title] = 0
    return {
        "groups": {pk: sorted(titles, key=norwegian) for pk, titles in groups.items()},
        "events": sorted(events, key=norwegian),
        "network": [[title, n] for title, n in sorted(covered.items(), key=lambda i: (-i[1], norwegian(i[0])))],
        "in_plan": network.competence_topics.filter(retired=False).count(),
    }


def _courses(network: Network, year: int) -> list[dict]:
    start, end = year_bounds(year)
    courses = Meeting.objects.filter(network=network, kind=Meeting.Kind.COURSE, starts_at__gte=start, starts_at__lt=end)
    return [
        {
            "day": timezone.localdate(starts_at).isoformat(),
            "title": title,
            "held": recorded is not None,
            "present": (counts or {}).get("present"),
        }
        for title, starts_at, recorded, counts in courses.order_by("starts_at").values_list(
            "title", "starts_at", "attendance_recorded_at", "attendance_counts"
        )
    ]


def _committees(network: Network, year: int) -> list[dict]:
    """Who sat in the steering, working and operations groups in the year, leaders first."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    terms = (
        Term.objects.filter(network=network, kind__in=[Term.Kind.COMMITTEE_LEADER, Term.Kind.COMMITTEE_MEMBER])
        .filter(starts_on__lte=last)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .filter(Q(committee__closed_on__isnull=True) | Q(committee__closed_on__gte=first))
        .values_list(
            "committee_id",
            "committee__name",
            "committee__kind",
            "kind",
            "person_id",
            "person__given_name",
            "person__family_name",
            "starts_on",
            "ends_on",
        )
    )
    committees: dict[int, dict] = {}
    seats: dict[tuple, dict] = {}  # a person's terms of one role in one committee: one line
    kinds = {kind: str(label) for kind, label in Committee.Kind.choices}
    for pk, name, kind, role, person_id, given, family, starts_on, ends_on in terms:
        committee = committees.setdefault(pk, {"name": name, "kind": kinds[kind], "order": kind, "members": []})
        seat = seats.get((pk, person_id, role))
        if seat is None:
            seat = seats[pk, person_id, role] = {
                "name": f"{given} {family}",
                "leader": role == Term.Kind.COMMITTEE_LEADER,
                "from": starts_on,
                "to": ends_on,
            }
            committee["members"].append(seat)
        else:
            seat["from"] = min(seat["from"], starts_on)
            seat["to"] = None if seat["to"] is None or ends_on is None else max(seat["to"], ends_on)
    for seat in seats.values():
        seat["from"] = seat["from"].isoformat() if seat["from"] > first else None
        seat["to"] = seat["to"].isoformat() if seat["to"] and seat["to"] < last else None
    for committee in committees.values():
        committee["members"].sort(key=lambda m: (not m["leader"], norwegian(m["name"])))
    return sorted(committees.values(), key=lambda c: (COMMITTEE_ORDER.index(c.pop("order")), norwegian(c["name"])))


def _group_changes(network: Network, year: int) -> dict:
    first_placed = dict(
        Change.objects.filter(membership__network=network, kind__in=[ChangeKind.JOINED, ChangeKind.LOCAL_GROUP])
        .values("local_group_id")
        .annotate(first=Min("effective_on"))
        .order_by()
        .values_list("local_group_id", "first")
    )
    facts = [
        rules.GroupFact(name, first_placed.get(pk), closed_on, merged_into)
        for pk, name, closed_on, merged_into in LocalGroup.objects.filter(network=network).values_list(
            "pk", "name", "closed_on", "merged_into__name"
        )
    ]
    changes = rules.group_changes(facts, year)
    return {"opened": list(changes.opened), "merged": [list(m) for m in changes.merged], "closed": list(changes.closed)}


def _questionnaire(network: Network, year: int) -> dict | None:
    """The response of the year's yearly reporting (its latest questionnaire, when there are
    several): how many were asked and how many answered."""
    questionnaire = (
        Questionnaire.objects.filter(network=network, year=year)
        .annotate(
            asked=Count("respondents", filter=Q(respondents__invited_at__isnull=False)),
            answered=Count(
                "respondents",
                filter=Q(respondents__invited_at__isnull=False, respondents__answered_on__isnull=False),
            ),
            members_asked=Count(
                "respondents",
                filter=Q(respondents__invited_at__isnull=False, respondents__role=Respondent.Role.MEMBER),
            ),
        )
        .order_by("-opens_on", "-pk")
        .first()
    )
    if questionnaire is None:
        return None
    return {
        "title": questionnaire.title,
        "opens_on": questionnaire.opens_on.isoformat(),
        "closes_on": questionnaire.closes_on.isoformat(),
        "asked": questionnaire.asked,
        "members_asked": questionnaire.members_asked,
        "answered": questionnaire.answered,
        "percent": rules.percent(questionnaire.answered, questionnaire.asked),
    }


def key_rows(figures: dict) -> list[tuple[str, object, object]]:
    """The report's main figures beside the previous year's: (label, this year, last year)."""
    t, p = figures["totals"], figures["previous"]
    pt = p["totals"]
    q, pq = figures["questionnaire"] or {}, p["questionnaire"] or {}
    m, pm = figures["members"], p["members"]
    d, pd = figures["deviations"], p["deviations"]
    return [
        (_("Lokale nettverk"), t["groups"], pt["groups"]),
        (_("Medlemmer ved inngangen til året"), m["carried_in"], pm["carried_in"]),
        (_("Nye medlemmer"), m["new"], pm["new"]),
        (_("Medlemmer som sluttet"), m["ended"], pm["ended"]),
        (_("Medlemmer ved utgangen av året"), m["carried_out"], pm["carried_out"]),
        (_("Nettverksmøter holdt"), t["held"], pt["held"]),
        (_("Nettverksmøter som kreves"), t["required"], pt["required"]),
        (_("Lokale nettverk som holdt møtene som kreves"), t["groups_meeting_required"], pt["groups_meeting_required"]),
        (_("Samlingstimer holdt"), t["hours"], pt["hours"]),
        (_("Lokale nettverk som holdt minste antall timer"), t["groups_meeting_hours"], pt["groups_meeting_hours"]),
        (_("Oppmøte (%)"), t["attendance_percent"], pt["attendance_percent"]),
        (_("Fagdager holdt"), sum(1 for f in figures["fagdags"] if f["held"]), p["fagdags_held"]),
        (_("Introduksjonskurs holdt"), sum(1 for c in figures["courses"] if c["held"]), p["courses_held"]),
        (_("Hospiteringer"), t["hospitering"], pt["hospitering"]),
        (_("Kompetanseaktiviteter i alt"), t["activities"], pt["activities"]),
        (_("Svar på den årlige rapporteringen (%)"), q.get("percent"), pq.get("percent")),
        (_("Avvik meldt"), d["reported"], pd["reported"]),
        (_("Avvik løst lokalt"), d["closed_locally"], pd["closed_locally"]),
        (_("Avvik sendt til driftsgruppen"), d["escalated"], pd["escalated"]),
        (_("Avvik lukket"), d["closed"], pd["closed"]),
    ]
