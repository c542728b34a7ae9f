"""Deviations (avvik) in the running of a network (seed 000: the operations group "skal håndtere
eventuelle avvik som blir meldt i forbindelse med driften av nettverket, og som ikke løses
internt hos den aktuelle parten").

Anyone with a part in a network reports one; the leader of its local group handles it: comments,
closes it with the measure taken, or sends it on to the network's operations group, which closes
it. One without a group, or whose group has no other leader than the reporter, goes straight to
the operations group. The reporter is told by e-mail of each step, the handler when one arrives
and once when its deadline has passed (lindra.annual.rules). Every step is a DeviationStep and an
entry in the audit log. Never patient information: text that looks like a national identity
number is refused.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.accounts.roles import Roles
from lindra.annual import rules
from lindra.annual.models import Deviation, DeviationStep
from lindra.core.audit import TEXT_SAVED, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.mail.services import queue_message
from lindra.meetings.yearly import year_bounds
from lindra.registry.models import Committee, LocalGroup, Network, Person, Term

Status = Deviation.Status
STEP_OF_ACTION = {
    rules.COMMENT: DeviationStep.Kind.COMMENT,
    rules.ESCALATE: DeviationStep.Kind.ESCALATED,
    rules.CLOSE: DeviationStep.Kind.CLOSED,
}
# How long the reporter keeps seeing a closed deviation on the home page.
CLOSED_SHOWN_DAYS = 30


class DeviationError(DomainError):
    """A step refused. On a conflict it carries the version now, so that the user, having seen
    what the other handler did, can act again on purpose."""

    def __init__(self, message: str = "", *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


IDENTITY_NUMBER_REFUSED = gettext_lazy(
    "Teksten ser ut til å inneholde et fødselsnummer (11 siffer). Skriv aldri pasientopplysninger i et "
    "avvik: ta bort nummeret, og beskriv det som skjedde uten å nevne hvem det gjaldt."
)


def refuse_identity_numbers(**texts: str) -> None:
    for field, text in texts.items():
        if rules.looks_like_identity_number(text):
            raise DeviationError(str(IDENTITY_NUMBER_REFUSED), field=field)


# --- Who handles a deviation ------------------------------------------------------------------


def handling_committees(network_ids) -> dict[int, Committee]:
    """The committee each network's deviations are sent on to: its operations group; where there
    is none, its working group (at Ahus the working group runs the network, seed 003). One query."""
    committees = Committee.objects.filter(
        network__in=network_ids, closed_on__isnull=True, kind__in=[Committee.Kind.OPERATIONS, Committee.Kind.WORKING]
    )
    chosen: dict[int, Committee] = {}
    for committee in sorted(committees, key=lambda c: (c.kind != Committee.Kind.OPERATIONS, c.name), reverse=True):
        chosen[committee.network_id] = committee
    return chosen


def handling_committee(network: Network | int) -> Committee | None:
    network_id = network.pk if isinstance(network, Network) else network
    return handling_committees([network_id]).get(network_id)


def group_leaders(group: LocalGroup | int, on: dt.date, *, besides: Person | None = None) -> list[Person]:
    terms = Term.objects.current(on).filter(local_group=group, kind=Term.Kind.GROUP_LEADER).select_related("person")
    return [t.person for t in terms if besides is None or t.person_id != besides.pk]


def committee_people(committee: Committee | int, on: dt.date) -> list[Person]:
    terms = Term.objects.current(on).filter(committee=committee).select_related("person")
    return list({t.person_id: t.person for t in terms}.values())


def handlers(deviation: Deviation, on: dt.date) -> list[Person]:
    """Who the deviation waits on: its group's leaders, or the operations group's members."""
    if deviation.status == Status.REPORTED and deviation.local_group_id:
        return group_leaders(deviation.local_group_id, on, besides=deviation.reported_by)
    if deviation.status == Status.ESCALATED and deviation.committee_id:
        return committee_people(deviation.committee_id, on)
    return []


def handler_addresses(deviation: Deviation, on: dt.date) -> list[str]:
    """The handlers' addresses; the secretariat's, which acts as the operations group, when
    none has one."""
    if deviation.status == Status.CLOSED:
        return []
    return sorted({p.email for p in handlers(deviation, on) if p.email}) or [deviation.network.secretariat_email]


# --- Reporting --------------------------------------------------------------------------------


@transaction.atomic
def report_deviation(
    *,
    network: Network,
    local_group: LocalGroup | None,
    title: str,
    description: str,
    happened_on: dt.date | None,
    reporter: Person,
    by,
    request=None,
) -> Deviation:
    refuse_identity_numbers(title=title, description=description)
    if local_group is not None and local_group.network_id != network.pk:
        raise DeviationError(_("Gruppen hører ikke til nettverket."), field="where")
    today, now = timezone.localdate(), timezone.now()
    if happened_on is not None and happened_on > today:
        raise DeviationError(_("Datoen kan ikke være fram i tid."), field="happened_on")
    leaders = group_leaders(local_group, today, besides=reporter) if local_group else []
    status = rules.first_status(has_group=local_group is not None, group_has_leader=bool(leaders))
    escalated = status == Status.ESCALATED
    deviation = Deviation.objects.create(
        network=network,
        local_group=local_group,
        committee=handling_committee(network) if escalated else None,
        reported_by=reporter,
        title=title,
        description=description,
        happened_on=happened_on,
        reported_at=now,
        status=status,
        due_on=rules.due_on_for(status, today),
        escalated_at=now if escalated else None,
    )
    DeviationStep.objects.create(deviation=deviation, kind=DeviationStep.Kind.REPORTED, at=now, by=by)
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=deviation,
        network=network,
        changes={
            "status": status,
            "local_group": str(local_group) if local_group else None,
            "committee": str(deviation.committee) if deviation.committee else None,
            "reported_by": str(reporter),
            "description": TEXT_SAVED,
            "due_on": deviation.due_on.isoformat(),
        },
    )
    _tell_reporter(deviation, "deviation_received")
    _tell_handlers(deviation, today)
    return deviation


# --- Handling ---------------------------------------------------------------------------------


@transaction.atomic
def take_step(deviation: Deviation, action: str, text: str, *, by, expected_version: int, request=None) -> Deviation:
    """Comments on the deviation, sends it to the operations group, or closes it with the
    measure taken (the text). A comment from the reporter goes to the handler, one from anyone
    else to the reporter. Refused when someone else has acted since the user opened it."""
    refuse_identity_numbers(text=text)
    text = text.strip()
    if action in (rules.COMMENT, rules.CLOSE) and not text:
        message = _("Skriv tiltaket som er gjort.") if action == rules.CLOSE else _("Skriv kommentaren.")
        raise DeviationError(message, field="text")
    before = deviation.status
    try:
        after = rules.status_after(before, action)
    except ValueError:
        raise DeviationError(_("Avviket er lukket, og ingenting mer kan føres på det.")) from None
    today, now = timezone.localdate(), timezone.now()
    fields: dict = {"status": after}
    if action == rules.ESCALATE:
        committee = handling_committee(deviation.network_id)
        fields |= {"committee": committee, "escalated_at": now, "due_on": rules.due_on_for(after, today)}
    elif action == rules.CLOSE:
        fields |= {"closed_at": now, "closed_locally": before == Status.REPORTED, "measure": text, "due_on": None}
    rows = Deviation.objects.filter(pk=deviation.pk, version=expected_version, status=before)
    if not rows.update(version=F("version") + 1, **fields):
        raise DeviationError(
            _("Noen andre har behandlet avviket mens du skrev. Se hva som er gjort, og send igjen om det trengs."),
            current_version=Deviation.objects.filter(pk=deviation.pk).values_list("version", flat=True).first(),
        )
    deviation.refresh_from_db()
    kind = STEP_OF_ACTION[action]
    DeviationStep.objects.create(deviation=deviation, kind=kind, text=text, at=now, by=by)
    changes: dict = {"steps": {str(kind.label): {"text": TEXT_SAVED if text else ""}}}
    if after != before:
        changes["status"] = [before, after]
    if action == rules.ESCALATE:
        changes["committee"] = str(deviation.committee) if deviation.committee else None
    if action == rules.CLOSE:
        changes["measure"] = TEXT_SAVED
    record(AuditAction.CHANGED, request=request, actor=by, obj=deviation, network=deviation.network, changes=changes)
    if action == rules.ESCALATE:
        _tell_reporter(deviation, "deviation_escalated", text=text)
        _tell_handlers(deviation, today)
    elif action == rules.CLOSE:
        _tell_reporter(deviation, "deviation_closed")
    elif getattr(getattr(by, "person", None), "pk", None) == deviation.reported_by_id:
        queue_message(
            "deviation_reporter_comment",
            to=handler_addresses(deviation, today),
            context=_context(deviation, text=text),
            network=deviation.network,
        )
    else:
        _tell_reporter(deviation, "deviation_comment", text=text)
    return deviation


# --- E-mail -----------------------------------------------------------------------------------


def _context(deviation: Deviation, **extra) -> dict:
    reported = deviation.status == Status.REPORTED
    return {
        "deviation": deviation,
        # Where the group leader may send it on: named, as the network calls its committee.
        "escalates_to": handling_committee(deviation.network_id) if reported else None,
        "network": deviation.network,
        "where": deviation.local_group or deviation.network,
        "committee": deviation.committee,
        "url": settings.SITE_URL + deviation.get_absolute_url(),
        **extra,
    }


def _tell_reporter(deviation: Deviation, kind: str, **extra) -> None:
    reporter = deviation.reported_by
    if reporter is None or not reporter.email:
        return
    handler_names = [p.full_name for p in handlers(deviation, timezone.localdate())]
    queue_message(
        kind,
        to=[reporter.email],
        context=_context(deviation, reporter=reporter, handler_names=handler_names, **extra),
        network=deviation.network,
    )


def _tell_handlers(deviation: Deviation, today: dt.date) -> None:
    queue_message(
        "deviation_to_handle",
        to=handler_addresses(deviation, today),
        context=_context(deviation),
        network=deviation.network,
    )


# --- The periodic job -------------------------------------------------------------------------


def send_deviation_reminders() -> int:
    """Reminds the handler of each open deviation whose deadline has passed, once per deadline
    (reminded_for); a job that was not running catches up. Returns how many were queued."""
    today = timezone.localdate()
    overdue = (
        Deviation.objects.exclude(status=Status.CLOSED)
        .filter(due_on__lt=today)
        .exclude(reminded_for=F("due_on"), reminded_for__isnull=False)
        .select_related("network", "local_group", "committee", "reported_by")
    )
    queued = 0
    for deviation in overdue:
        if not rules.reminder_due(deviation.status, deviation.due_on, deviation.reminded_for, today):
            continue
        with transaction.atomic():
            # Only one runner claims the reminder; a step taken meanwhile changed status or due_on.
            claimed = (
                Deviation.objects.filter(pk=deviation.pk, status=deviation.status, due_on=deviation.due_on)
                .exclude(reminded_for=deviation.due_on, reminded_for__isnull=False)
                .update(reminded_for=deviation.due_on)
            )
            if not claimed:
                continue
            message = queue_message(
                "deviation_reminder",
                to=handler_addresses(deviation, today),
                context=_context(deviation, days_late=(today - deviation.due_on).days),
                network=deviation.network,
                dedupe_key=f"deviation:{deviation.pk}:reminder:{deviation.due_on.isoformat()}",
            )
            queued += message is not None
    return queued


# --- Lists and figures ------------------------------------------------------------------------


def _listed(deviations: QuerySet) -> QuerySet:
    return deviations.select_related("network", "local_group", "committee", "reported_by")


def to_handle_by(roles: Roles) -> QuerySet:
    """The open deviations waiting on the user: of the groups they lead, and those sent to the
    operations groups they sit in or to the networks whose secretariat they are."""
    waiting = Q(status=Status.REPORTED, local_group__in=roles.led_groups) | Q(
        Q(committee__in=roles.committees) | Q(network__in=roles.secretariat_networks), status=Status.ESCALATED
    )
    return _listed(Deviation.objects.filter(waiting)).order_by("due_on", "reported_at")


def reported_by(person_id: int | None, *, since: dt.datetime | None = None) -> QuerySet:
    """What the person reported; with `since`, the open ones and those closed since then."""
    mine = Deviation.objects.filter(reported_by_id=person_id)
    if since is not None:
        mine = mine.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since))
    return _listed(mine)


def of_groups(group_ids) -> QuerySet:
    return _listed(Deviation.objects.filter(local_group__in=group_ids))


def of_network(network: Network, *, runs: bool) -> QuerySet:
    """The network's deviations: all for its secretariat; for its committees those that reached
    the operations group (a matter solved within a group stays there)."""
    found = Deviation.objects.filter(network=network)
    return _listed(found if runs else found.filter(committee__isnull=False))


def deviation_counts(network: Network | int, years: Iterable[int]) -> dict[int, rules.DeviationCounts]:
    """Each year's figures for the annual report, each counted in the year it happened by the
    Norwegian calendar: reported, closed locally by the group's leader, sent to the operations
    group, closed, and still open at the year's end (reported by then, not closed by then).
    Counted by the database in one query for all the years."""

    def within(moment: str, year: int) -> Q:
        start, end = year_bounds(year)
        return Q(**{f"{moment}__gte": start, f"{moment}__lt": end})

    def counts_of(year: int) -> dict:
        _start, after = year_bounds(year)
        return {
            "reported": Count("pk", filter=within("reported_at", year)),
            "closed_locally": Count("pk", filter=within("closed_at", year) & Q(closed_locally=True)),
            "escalated": Count("pk", filter=within("escalated_at", year)),
            "closed": Count("pk", filter=within("closed_at", year)),
            "open_at_year_end": Count(
                "pk", filter=Q(reported_at__lt=after) & (Q(closed_at__isnull=True) | Q(closed_at__gte=after))
            ),
        }

    counts = {year: counts_of(year) for year in set(years)}
    found = Deviation.objects.filter(network=network).aggregate(
        **{f"{key}_{year}": count for year, of_year in counts.items() for key, count in of_year.items()}
    )
    return {
        year: rules.DeviationCounts(**{key: found[f"{key}_{year}"] for key in of_year})
        for year, of_year in sorted(counts.items())
    }


@dataclass(frozen=True)
class Place:
    """Where a deviation may be reported: a local group, or the network as a whole."""

    value: str
    label: str
    network: Network
    group: LocalGroup | None


def reporting_places(roles: Roles) -> list[Place]:
    """The groups the user is a member, leader or nearest leader in, and their networks as a
    whole (with the networks of their committees and secretariat). Three queries."""
    if roles.person_id is None:
        return []
    groups = list(
        LocalGroup.objects.filter(
            pk__in=roles.member_groups | roles.led_groups | roles.staff_groups, closed_on__isnull=True
        ).select_related("network")
    )
    network_ids = {g.network_id for g in groups} | roles.committee_networks | roles.secretariat_networks
    committees = handling_committees(network_ids)
    places = []
    for network in Network.objects.filter(pk__in=network_ids).order_by("name"):
        for group in sorted((g for g in groups if g.network_id == network.pk), key=lambda g: g.name):
            places.append(Place(f"gruppe-{group.pk}", f"{group.name} ({network.short_name})", network, group))
        label = _("%(network)s som helhet (går til %(committee)s)") % {
            "network": network.short_name,
            "committee": committees.get(network.pk) or _("sekretariatet"),
        }
        places.append(Place(f"nettverk-{network.pk}", label, network, None))
    return places
