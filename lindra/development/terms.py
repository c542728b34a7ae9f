"""Leader terms (seed 000: the role "går på rundgang mellom medlemmene av gruppen. Leder velges
for to år om gangen"): the fair suggestion of the next group leader, the notice before a term
ends, and the choice recorded as the new term. The seat in the operations group that follows a
leader's term is the registry's (registry.services.appoint and end_term)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindra.core.audit import record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.development import rules
from lindra.development.models import LeaderChoice, LeaderTermNotice
from lindra.mail.services import queue_message
from lindra.meetings import minutes as meeting_minutes
from lindra.meetings.models import Meeting
from lindra.registry import services as registry
from lindra.registry.models import Leave, LocalGroup, Membership, Network, Person, Term, period_text
from lindra.registry.rules import term_end

SUGGESTED = 3  # how many of the suggestion the notice names


class LeaderChoiceError(DomainError):
    """A choice that cannot be recorded; str() is the message for the user."""


# --- The suggestion -----------------------------------------------------------------------------


def _histories(group: LocalGroup, on: dt.date) -> list[rules.MemberHistory]:
    """The history in the group of everyone who is a member of it on the day. Three queries."""
    people = Membership.objects.current(on).filter(local_group=group).values("person_id")
    memberships = list(
        Membership.objects.filter(local_group=group, person__in=people).select_related("person").order_by("starts_on")
    )
    leaves: dict[int, list] = {}
    rows = Leave.objects.filter(membership__in=memberships).values_list("membership__person_id", "starts_on", "ends_on")
    for person_id, starts_on, ends_on in rows:
        leaves.setdefault(person_id, []).append((starts_on, ends_on))
    led: dict[int, list] = {}
    terms = Term.objects.filter(kind=Term.Kind.GROUP_LEADER, local_group=group, person__in=people)
    for term in terms.values("person_id", "starts_on", "ends_on"):
        led.setdefault(term["person_id"], []).append((term["starts_on"], term["ends_on"]))
    by_person: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_person.setdefault(membership.person_id, []).append(membership)
    return [
        rules.MemberHistory(
            person_id=person_id,
            name=rows[0].person.full_name,
            memberships=tuple((m.starts_on, m.ends_on) for m in rows),
            leaves=tuple(leaves.get(person_id, ())),
            led=tuple(led.get(person_id, ())),
        )
        for person_id, rows in by_person.items()
    ]


@dataclass(frozen=True)
class Succession:
    """What the choice after a leader's term is about: when the new term runs, and who is
    ranked for it."""

    term: Term
    starts_on: dt.date
    ends_on: dt.date
    ranking: list[rules.Ranked]

    @property
    def suggestion(self) -> list[rules.Ranked]:
        return rules.suggestion(self.ranking, SUGGESTED)

    @property
    def outgoing_ends_on(self) -> dt.date:
        return self.starts_on - dt.timedelta(days=1)


def succession(term: Term, today: dt.date | None = None) -> Succession:
    years = term.network.leader_term_years
    starts_on = rules.successor_starts_on(term.starts_on, term.ends_on, years, today or timezone.localdate())
    ranking = rules.leader_ranking(
        _histories(term.local_group, starts_on), starts_on=starts_on, outgoing_person_id=term.person_id
    )
    return Succession(term, starts_on, rules.term_end(starts_on, years), ranking)


def why(ranked: rules.Ranked, starts_on: dt.date) -> str:
    """What the suggestion weighed, in a few words."""
    if ranked.times_led:
        led = ngettext(
            "har ledet gruppen %(n)s gang, sist til %(date)s",
            "har ledet gruppen %(n)s ganger, sist til %(date)s",
            ranked.times_led,
        ) % {"n": ranked.times_led, "date": date_format(ranked.last_led_until, "DATE_FORMAT")}
    else:
        led = _("har aldri ledet gruppen")
    parts = [led, _("medlem siden %(date)s") % {"date": date_format(ranked.member_since, "DATE_FORMAT")}]
    if ranked.on_leave:
        parts.append(_("har permisjon %(date)s") % {"date": date_format(starts_on, "DATE_FORMAT")})
    if ranked.outgoing:
        parts.append(_("går av som gruppeleder"))
    return "; ".join(parts)


# --- Terms ending ------------------------------------------------------------------------------


def _successor_exists() -> Exists:
    """A later leader's term in the same group, beginning after this one ends (or, for a term
    recorded without an end, after it began)."""
    return Exists(
        Term.objects.filter(
            kind=Term.Kind.GROUP_LEADER,
            local_group=OuterRef("local_group"),
            starts_on__gt=Coalesce(OuterRef("ends_on"), OuterRef("starts_on")),
        )
    )


def ending_terms(
    today: dt.date, among: Q | None = None, networks: Iterable[int] | QuerySet | None = None
) -> list[Term]:
    """The group leaders' terms within their network's notice period today, with nobody chosen
    to follow them (rules.leader_notice_due), among the terms `among` picks (all: None) in the
    `networks` (all: None). A term recorded without an end ends after the network's term of
    years (seed 000: two). Each term found carries its `last_day`. Two queries, whatever the
    number of groups."""
    years_of: dict[int, int] = {}
    # The networks by their rules: most share them, so the condition stays short however many.
    alike: dict[tuple[int, int], list[int]] = defaultdict(list)
    in_networks = Network.objects.all() if networks is None else Network.objects.filter(pk__in=networks)
    for network_id, notice_days, years in in_networks.values_list("pk", "leader_term_notice_days", "leader_term_years"):
        years_of[network_id] = years
        alike[notice_days, years].append(network_id)
    within = Q(pk__in=[])
    for (notice_days, years), ids in alike.items():
        notice_ends = today + dt.timedelta(days=notice_days)
        within |= Q(network_id__in=ids, ends_on__gte=today, ends_on__lte=notice_ends)
        # Open-ended: a day's margin each side for 29 February; the exact end is checked below.
        within |= Q(
            network_id__in=ids,
            ends_on=None,
            starts_on__gt=today - relativedelta(years=years, days=1),
            starts_on__lte=notice_ends - relativedelta(years=years, days=-1),
        )
    terms = Term.objects.filter(within, kind=Term.Kind.GROUP_LEADER).filter(~_successor_exists())
    if among is not None:
        terms = terms.filter(among)
    found = []
    for term in terms.select_related("person", "local_group", "network"):
        term.last_day = term.ends_on or term_end(term.starts_on, years_of[term.network_id])
        notice_days = term.network.leader_term_notice_days
        if today <= term.last_day <= today + dt.timedelta(days=notice_days):
            found.append(term)
    return sorted(found, key=lambda term: (term.last_day, term.local_group.name))


def successor_of(term: Term) -> Term | None:
    if term.ends_on is None:
        return None
    return (
        Term.objects.filter(kind=Term.Kind.GROUP_LEADER, local_group=term.local_group_id, starts_on__gt=term.ends_on)
        .select_related("person")
        .order_by("starts_on")
        .first()
    )


def _absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def send_leader_term_notices() -> int:
    """A periodic job: when a leader's term comes within the notice period, tells the group's
    members (those not on leave), its leader and the secretariat, once per term, that a new
    leader must be chosen, with the suggestion. After a stop it catches up on every term still
    within its period; it sends nothing once a term has ended or a successor is chosen. Two
    runs at once send nothing twice: the notice row is unique per term, and so is each
    message's outbox key. Returns how many messages were queued."""
    today = timezone.localdate()
    queued = 0
    for term in ending_terms(today):
        with transaction.atomic():
            _notice, created = LeaderTermNotice.objects.get_or_create(term=term)
            if created:
                queued += _queue_notices(term, today)
    return queued


def _queue_notices(term: Term, today: dt.date) -> int:
    group, network = term.local_group, term.network
    found = succession(term, today)
    members = (
        Membership.objects.current(today)
        .filter(local_group=group)
        .exclude(leaves__in=Leave.objects.current(today))
        .exclude(person__email=None)
        .exclude(person=term.person)
        .values_list("person__email", flat=True)
    )
    context = {
        "group": group,
        "term": term,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "suggestion": [(r.name, why(r, found.starts_on)) for r in found.suggestion],
        "seat": registry.seat_committee(network),
        "group_url": _absolute("registry:group", group.pk),
        "choose_url": _absolute("development:choose_leader", term.pk),
    }
    recipients = [(address, False) for address in sorted(set(members))]
    if term.person.email:
        recipients.append((term.person.email, True))
    recipients.append((network.secretariat_email, True))
    queued = 0
    for address, records in recipients:
        queued += (
            queue_message(
                "leader_term_ending",
                to=[address],
                context={**context, "records": records},
                network=network,
                dedupe_key=f"leader_term:{term.pk}:{address}",
            )
            is not None
        )
    return queued


# --- The choice ---------------------------------------------------------------------------------


def meetings_to_choose_at(group: LocalGroup, now: dt.datetime | None = None):
    """The group's meetings a choice can have been made at: those begun, the latest first."""
    return Meeting.objects.filter(local_group=group, starts_at__lte=now or timezone.now()).order_by("-starts_at")


def warnings_in_words(found: Succession, person_id: int) -> list[str]:
    chosen = next(r for r in found.ranking if r.person_id == person_id)
    words = []
    for warning in rules.choice_warnings(found.ranking, person_id):
        if warning == rules.ChoiceWarning.ON_LEAVE:
            words.append(
                _("%(name)s har permisjon %(date)s, den dagen vervet begynner.")
                % {"name": chosen.name, "date": date_format(found.starts_on, "DATE_FORMAT")}
            )
        else:
            fairer = [r.name for r in rules.fairer_than(found.ranking, person_id)]
            words.append(
                _("%(name)s har ledet gruppen oftere eller nyere enn %(others)s.")
                % {"name": chosen.name, "others": get_text_list(fairer[:SUGGESTED], _("og"))}
            )
    return words


@transaction.atomic
def choose_leader(
    term: Term, *, person_id: int, meeting: Meeting | None, confirmed: bool, by, request=None
) -> LeaderChoice:
    """Records who was chosen to lead the group after the term: a new term from the day after
    it ends, for the network's years, with the seat in the operations group that follows it.
    A choice made at a meeting of the group is mentioned in its minutes while they are a draft.
    Someone on leave that day, or who has led more recently than others, is recorded only
    when the user has confirmed it."""
    term = (
        Term.objects.select_for_update(of=("self",)).select_related("network", "local_group", "person").get(pk=term.pk)
    )
    found = succession(term)
    successor = successor_of(term) if term.ends_on else None
    if successor is not None:
        raise LeaderChoiceError(
            _("Ny gruppeleder er allerede valgt: %(name)s fra %(date)s.")
            % {"name": successor.person, "date": date_format(successor.starts_on, "DATE_FORMAT")}
        )
    if not any(r.person_id == person_id for r in found.ranking):
        raise LeaderChoiceError(
            _("Velg en som er medlem av gruppen %(date)s.") % {"date": date_format(found.starts_on, "DATE_FORMAT")},
            field="person",
        )
    if meeting is not None and meeting.local_group_id != term.local_group_id:
        raise LeaderChoiceError(_("Velg et møte i gruppen."), field="meeting")
    warnings = warnings_in_words(found, person_id)
    if warnings and not confirmed:
        raise LeaderChoiceError(" ".join([*warnings, _("Kryss av for å registrere valget likevel.")]), field="confirm")
    if term.ends_on is None:
        registry.end_term(term, ends_on=found.outgoing_ends_on, by=by, request=request)
    new_term = registry.appoint(
        kind=Term.Kind.GROUP_LEADER,
        person=Person.objects.get(pk=person_id),
        network=term.network,
        local_group=term.local_group,
        starts_on=found.starts_on,
        ends_on=found.ends_on,
        by=by,
        request=request,
    )
    choice = LeaderChoice.objects.create(term=new_term, meeting=meeting, chosen_by=by)
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=choice,
        network=term.network,
        changes={"term": new_term.pk, "meeting": meeting.pk if meeting else None},
    )
    if meeting is not None:
        choice.in_minutes = _mention_in_minutes(meeting, new_term, by=by, request=request)
    return choice


def _mention_in_minutes(meeting: Meeting, new_term: Term, *, by, request=None) -> bool:
    """Adds the choice to the agreements of the meeting's minutes, while they are a draft."""
    minutes = meeting_minutes.minutes_for(meeting)
    if minutes.status not in meeting_minutes.EDITABLE:
        return False
    line = _("Ny gruppeleder: %(name)s, %(period)s.") % {
        "name": new_term.person,
        "period": period_text(new_term.starts_on, new_term.ends_on),
    }
    agreements = f"{minutes.agreements.rstrip()}\n{line}\n".lstrip("\n")
    meeting_minutes.save_draft(
        minutes,
        part1=minutes.part1,
        part2=minutes.part2,
        agreements=agreements,
        expected_version=minutes.version,
        by=by,
        request=request,
    )
    return True
