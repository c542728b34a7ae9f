"""The meeting cycle's workflows: planning the year, choosing and replacing hosts, the
agenda, and the deadline chain's steps. Rules come from lindra.meetings.rules; what people are
told about the steps, and when, is in lindra.meetings.deadlines."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindra.core.audit import changed_fields, plain, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.core.versions import bump_version
from lindra.meetings import rules
from lindra.meetings.deadlines import step_label
from lindra.meetings.models import DeadlineStep, HostChange, Invitation, Meeting, Registration
from lindra.registry.models import Committee, Leave, LocalGroup, Membership, Workplace
from lindra.registry.rules import Status, status_on


class MeetingError(DomainError):
    """A change the meeting cycle refuses. On a conflict it carries the meeting's version now,
    so that the user, having seen the other save, can save again on purpose."""

    def __init__(self, message: str = "", *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


def organiser_filter(organiser: LocalGroup | Committee) -> dict:
    if isinstance(organiser, LocalGroup):
        return {"local_group": organiser, "kind": Meeting.Kind.GROUP}
    return {"committee": organiser, "kind": Meeting.Kind.COMMITTEE}


def _day(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment) if isinstance(moment, dt.datetime) else moment, "DATE_FORMAT")


# --- Who may host, judged on the meeting's day --------------------------------------------------


@dataclass
class Hosts:
    """The members of a group who could host at some time in a period, each with the dates
    that decide whether they can on a given day (rules.HostCandidate)."""

    memberships: dict[int, Membership]
    candidates: list[rules.HostCandidate]

    @classmethod
    def of(cls, group: LocalGroup, first: dt.date, last: dt.date) -> "Hosts":
        memberships = {
            m.pk: m
            for m in Membership.objects.filter(local_group=group, starts_on__lte=last)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
            .select_related("person", "workplace")
        }
        leaves: dict[int, list[tuple[dt.date, dt.date | None]]] = {}
        for membership_id, starts_on, ends_on in Leave.objects.filter(membership__in=list(memberships)).values_list(
            "membership_id", "starts_on", "ends_on"
        ):
            leaves.setdefault(membership_id, []).append((starts_on, ends_on))
        candidates = [
            rules.HostCandidate(
                m.pk,
                m.workplace_id,
                m.person.full_name,
                m.starts_on,
                m.ends_on,
                tuple(leaves.get(m.pk, ())),
                m.person_id,
            )
            for m in memberships.values()
        ]
        return cls(memberships, candidates)

    def membership_of(self, meeting: Meeting) -> Membership | None:
        """The membership through which the meeting's host person hosts."""
        same = [m for m in self.memberships.values() if meeting.host_id and m.person_id == meeting.host_id]
        return next((m for m in same if m.workplace_id == meeting.host_workplace_id), same[0] if same else None)


def hosting_history(organiser: LocalGroup, *, exclude: list[int] = ()) -> list[rules.Hosted]:
    """Every meeting of the group with a host workplace, past or planned, except the meetings
    excluded (those being planned or replaced): who hosted, and when."""
    return [
        rules.Hosted(workplace_id, timezone.localtime(starts_at).date(), host_id)
        for workplace_id, starts_at, host_id in Meeting.objects.filter(
            local_group=organiser, host_workplace__isnull=False
        )
        .exclude(pk__in=exclude)
        .values_list("host_workplace_id", "starts_at", "host_id")
    ]


def suggest_hosts(group: LocalGroup, on: dt.date | None = None, *, exclude: list[int] = ()) -> list[Membership]:
    """The group's members who can host on the day (members then, not on leave), in the fair
    order of the rotation (rules.rotation_order)."""
    on = on or timezone.localdate()
    hosts = Hosts.of(group, on, on)
    order = rules.rotation_order(hosts.candidates, hosting_history(group, exclude=exclude), on)
    return [hosts.memberships[c.membership_id] for c in order]


def host_candidates(meeting: Meeting) -> list[Membership]:
    """Members who could take over as host on the meeting's day, fairest first (committee
    meetings: none)."""
    if not meeting.local_group_id:
        return []
    return suggest_hosts(meeting.local_group, timezone.localdate(meeting.starts_at), exclude=[meeting.pk])


def _unavailable(name: str, status: str, day: dt.date) -> str:
    """Why a member cannot host on the day, in Norwegian; empty when they can."""
    reasons = {
        Status.ON_LEAVE: _("%(name)s har permisjon %(date)s."),
        Status.ENDED: _("%(name)s er ikke lenger medlem av gruppen %(date)s."),
        Status.NOT_STARTED: _("%(name)s er ikke medlem av gruppen ennå %(date)s."),
    }
    return reasons[status] % {"name": name, "date": _day(day)} if status in reasons else ""


def host_status(membership: Membership, day: dt.date) -> str:
    """The member's status on the day (registry Status): only an active member can host."""
    leaves = list(Leave.objects.filter(membership=membership).values_list("starts_on", "ends_on"))
    return status_on(membership.starts_on, membership.ends_on, leaves, day)


def _set_host(meeting: Meeting, membership: Membership | None, workplace: Workplace | None, reason: str, by):
    """Sets the meeting's host (a member with their workplace, or a workplace alone) and
    remembers it in the meeting's history of hosts."""
    meeting.host = membership.person if membership else None
    meeting.host_workplace = membership.workplace if membership else workplace
    HostChange.objects.create(
        meeting=meeting, host=meeting.host, host_workplace=meeting.host_workplace, reason=reason, changed_by=by
    )


def stale_meeting(current: int | None) -> MeetingError:
    """The refusal of a change to a meeting someone else changed since the page was opened."""
    return MeetingError(
        _("Noen andre har endret møtet mens du hadde siden åpen. Se over og lagre på nytt."), current_version=current
    )


@transaction.atomic
def replace_host(
    meeting: Meeting,
    *,
    host: Membership | None,
    workplace_only: bool,
    reason: str,
    by,
    expected_version: int | None = None,
    request=None,
) -> Meeting:
    """A host who withdraws is replaced by another member who can host on the meeting's day,
    or by their own workplace alone (001). Refused when someone else changed the meeting since
    it was opened at expected_version."""
    if workplace_only:
        if meeting.host_workplace is None:
            raise MeetingError(_("Møtet har ikke noe arrangørsted som kan overta."))
        host = None
    else:
        if host is None:
            raise MeetingError(_("Velg en ny arrangør."))
        if meeting.local_group_id and host.local_group_id != meeting.local_group_id:
            raise MeetingError(_("Arrangøren må være medlem av gruppen."))
        day = timezone.localdate(meeting.starts_at)
        status = host_status(host, day)
        if status != Status.ACTIVE:
            raise MeetingError(
                _unavailable(host.person.full_name, status, day) + " " + _("Velg en annen arrangør."), field="host"
            )
    _set_host(meeting, host, meeting.host_workplace, reason, by)
    meeting.version = bump_version(
        Meeting,
        meeting.pk,
        expected_version,
        stale=stale_meeting,
        host=meeting.host,
        host_workplace=meeting.host_workplace,
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes={
            "host": str(meeting.host or ""),
            "host_workplace": str(meeting.host_workplace or ""),
            "reason": reason,
        },
    )
    return meeting


# --- The year's plan ---------------------------------------------------------------------------


@dataclass
class PlannedRow:
    """One meeting of a year's plan: a new one, or one already planned (`meeting`)."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    host: Membership | None
    meeting: Meeting | None = None
    keep_host: bool = False  # the meeting keeps the host it has (also a workplace hosting alone)
    remove: bool = False  # the meeting is taken out of the plan
    version: int | None = None  # the meeting's version when the plan was opened


def locked_reason(meeting: Meeting) -> str:
    """Why a planned meeting is no longer changed in the year's plan, with what to do instead;
    empty while it may be. Once people have been told the time and place, or the meeting has
    been held, a change must reach them."""
    if meeting.attendance_recorded_at:
        return _("Møtet er holdt, og oppmøtet ble registrert %(date)s.") % {
            "date": _day(meeting.attendance_recorded_at)
        }
    invitation = getattr(meeting, "invitation", None)
    if invitation is not None and invitation.status == Invitation.Status.SENT:
        return _(
            "Innkallingen ble sendt ut %(date)s, så møtet endres ikke her. En ny arrangør velger du på "
            "møtesiden; andre endringer avtaler du med sekretariatet, som gir beskjed til deltakerne."
        ) % {"date": _day(invitation.sent_at)}
    if any(r.kind == Registration.Kind.GUEST for r in meeting.registrations.all()):
        return _(
            "Gjester er invitert til møtet med e-post, så møtet endres ikke her. Avtal endringer med "
            "arrangøren, som gir beskjed til gjestene."
        )
    return ""


@dataclass
class YearPlan:
    """A group's or committee's plan for a year: the meetings already planned, who could host,
    and the hostings outside the year that the rotation goes on from."""

    organiser: LocalGroup | Committee
    year: int
    meetings: list[Meeting]
    hosts: Hosts | None  # None for a committee: its meetings have no host
    history: list[rules.Hosted] = field(default_factory=list)

    @property
    def first_day(self) -> dt.date:
        """The day on which a meeting not yet dated is judged: the year's first, or today."""
        return max(dt.date(self.year, 1, 1), timezone.localdate())

    @property
    def required(self) -> int:
        network = self.organiser.network
        return network.meetings_per_group_per_year if self.hosts else network.committee_meetings_per_year

    def meeting(self, pk) -> Meeting | None:
        return next((m for m in self.meetings if str(m.pk) == str(pk)), None)


def year_plan(organiser: LocalGroup | Committee, year: int) -> YearPlan:
    meetings = list(
        Meeting.objects.filter(starts_at__year=year, **organiser_filter(organiser))
        .select_related("invitation", "host", "host_workplace")
        .prefetch_related("registrations")
        .order_by("starts_at")
    )
    if not isinstance(organiser, LocalGroup):
        return YearPlan(organiser, year, meetings, None)
    hosts = Hosts.of(organiser, dt.date(year, 1, 1), dt.date(year, 12, 31))
    # Hosts of the year's meetings who have since left the group stay recognisable.
    hosts.memberships |= {
        m.pk: m
        for m in Membership.objects.filter(
            local_group=organiser, person__in=[m.host_id for m in meetings if m.host_id]
        ).select_related("person", "workplace")
    }
    history = hosting_history(organiser, exclude=[m.pk for m in meetings])
    return YearPlan(organiser, year, meetings, hosts, history)


def plan_host_of(
    meeting: Meeting | None, host: Membership | None, *, keep: bool, hosts: Hosts
) -> tuple[int | None, int | None]:
    """The host of a row of the plan as the rotation sees it: (membership, workplace). A row
    that keeps its meeting's host counts that host, also a workplace hosting alone."""
    if keep and meeting is not None:
        membership = hosts.membership_of(meeting)
        return (membership.pk if membership else None, meeting.host_workplace_id)
    return (host.pk, host.workplace_id) if host else (None, None)


def why_not_host(plan: YearPlan, membership: Membership, day: dt.date) -> str:
    """A word on why a member cannot host on the day, for the plan's list of hosts."""
    candidate = next((c for c in plan.hosts.candidates if c.membership_id == membership.pk), None)
    status = candidate.status_on(day) if candidate else Status.ENDED
    return {Status.ON_LEAVE: _("i permisjon"), Status.NOT_STARTED: _("ikke medlem ennå")}.get(
        status, _("ikke lenger medlem")
    )


def plan_hosting(plan: YearPlan, rows: list[rules.PlanRow]) -> list[rules.RowHosting]:
    """Each row of the plan judged on its own date (rules.plan_hosts)."""
    known = {c.membership_id for c in plan.hosts.candidates}
    extra = [  # hosts of the year's meetings who are no longer members in the year
        rules.HostCandidate(m.pk, m.workplace_id, m.person.full_name, m.starts_on, m.ends_on, (), m.person_id)
        for m in plan.hosts.memberships.values()
        if m.pk not in known
    ]
    return rules.plan_hosts(rows, plan.hosts.candidates + extra, plan.history, first_day=plan.first_day)


def _kept(rows: list[PlannedRow]) -> list[PlannedRow]:
    return sorted((r for r in rows if not r.remove), key=lambda r: r.starts_at)


def plan_warnings(organiser: LocalGroup | Committee, rows: list[PlannedRow], plan: YearPlan | None = None) -> list[str]:
    """The year's plan warnings, in Norwegian, for the group leader to look at before saving:
    the meetings and hours against the policy, holidays and weekends, the rotation of hosts,
    and meetings taken out of the plan."""
    kept = _kept(rows)
    planned = [rules.PlannedMeeting(timezone.localtime(r.starts_at), timezone.localtime(r.ends_at)) for r in kept]
    texts = []
    for code in rules.plan_warnings(planned, organiser.network.policy, committee=isinstance(organiser, Committee)):
        kind, _sep, rest = code.partition(":")
        if kind == "fewer_meetings":
            count, required = (int(n) for n in rest.split(":"))
            texts.append(
                ngettext(
                    "Planen har %(count)s møte, men nettverket krever %(required)s i året.",
                    "Planen har %(count)s møter, men nettverket krever %(required)s i året.",
                    count,
                )
                % {"count": count, "required": required}
            )
        elif kind == "short_hours":
            hours, minimum = rest.split(":")
            texts.append(
                ngettext(
                    "Møtet gir %(hours)s, men nettverket krever minst %(minimum)s timer samlinger i året.",
                    "Møtene gir %(hours)s, men nettverket krever minst %(minimum)s timer samlinger i året.",
                    len(kept),
                )
                % {"hours": _hours(Decimal(hours)), "minimum": minimum}
            )
        elif kind == "holiday":
            day, name = rest.split(":", 1)
            texts.append(
                _("%(date)s er en helligdag (%(name)s).") % {"date": _day(dt.date.fromisoformat(day)), "name": name}
            )
        elif kind == "weekend":
            day = dt.date.fromisoformat(rest)
            texts.append(_("%(date)s er en %(weekday)s.") % {"date": _day(day), "weekday": date_format(day, "l")})
    if isinstance(organiser, LocalGroup) and kept:
        texts += _host_warnings(plan or year_plan(organiser, timezone.localtime(kept[0].starts_at).year), kept)
    texts += [
        _("%(title)s (%(date)s) tas ut av planen og slettes.")
        % {"title": r.meeting.title, "date": _day(r.meeting.starts_at)}
        for r in rows
        if r.remove and r.meeting is not None
    ]
    return texts


def _hours(hours: Decimal) -> str:
    return ngettext("%(hours)s time", "%(hours)s timer", 1 if hours == 1 else 2) % {"hours": number_format(hours)}


def _host_warnings(plan: YearPlan, kept: list[PlannedRow]) -> list[str]:
    days = [timezone.localdate(r.starts_at) for r in kept]
    hosting = plan_hosting(
        plan,
        [
            rules.PlanRow(day, *plan_host_of(r.meeting, r.host, keep=r.keep_host, hosts=plan.hosts))
            for day, r in zip(days, kept, strict=True)
        ],
    )
    workplaces = {m.workplace_id: m.workplace for m in plan.hosts.memberships.values()}
    texts = []
    for day, row, found in zip(days, kept, hosting, strict=True):
        if row.meeting is not None and locked_reason(row.meeting):
            continue
        problems = []
        if found.host and found.status != Status.ACTIVE:
            problems.append(_unavailable(found.host.name, found.status, day))
        if found.waiting:
            workplace = workplaces[found.host.workplace_id] if found.host else row.meeting.host_workplace
            waiting = [str(workplaces[w]) for w in found.waiting]
            shown = waiting if len(waiting) <= 3 else [*waiting[:2], _("%(n)s andre") % {"n": len(waiting) - 2}]
            problems.append(
                _("%(workplace)s arrangerer igjen %(date)s før %(waiting)s har arrangert.")
                % {"workplace": workplace, "date": _day(day), "waiting": get_text_list(shown, _("og"))}
            )
        if problems and found.suggestion and found.suggestion != found.host:
            suggested = plan.hosts.memberships[found.suggestion.membership_id]
            problems.append(
                _("Forslag: %(host)s (%(workplace)s).") % {"host": suggested.person, "workplace": suggested.workplace}
            )
        if problems:
            texts.append(" ".join(problems))
    return texts


def _title(organiser: LocalGroup | Committee, number: int, year: int) -> str:
    if isinstance(organiser, LocalGroup):
        return _("Nettverksmøte %(n)s / %(year)s") % {"n": number, "year": year}
    return _("Møte %(n)s / %(year)s i %(name)s") % {"n": number, "year": year, "name": organiser.name}


def _check_row(organiser: LocalGroup | Committee, year: int, row: PlannedRow) -> None:
    if row.ends_at <= row.starts_at:
        raise MeetingError(_("Et møte må slutte etter at det begynner."))
    if timezone.localtime(row.starts_at).year != year:
        raise MeetingError(_("Alle møtene i planen må være i %(year)s.") % {"year": year})
    if (
        row.host is not None
        and not row.keep_host
        and (not isinstance(organiser, LocalGroup) or row.host.local_group_id != organiser.pk)
    ):
        raise MeetingError(_("Arrangøren må være medlem av gruppen."))
    if row.meeting is not None and not _belongs(row.meeting, organiser, year):
        raise MeetingError(_("Møtet hører ikke til denne planen."))


def _belongs(meeting: Meeting, organiser: LocalGroup | Committee, year: int) -> bool:
    holder = meeting.local_group_id if isinstance(organiser, LocalGroup) else meeting.committee_id
    return (
        holder == organiser.pk
        and meeting.kind == organiser_filter(organiser)["kind"]
        and timezone.localtime(meeting.starts_at).year == year
    )


def _changes(row: PlannedRow) -> dict:
    """What the row changes in its meeting, by field."""
    meeting = row.meeting
    changes = {
        name: value
        for name, value in (("starts_at", row.starts_at), ("ends_at", row.ends_at), ("place", row.place))
        if getattr(meeting, name) != value
    }
    host = (row.host.person_id, row.host.workplace_id) if row.host else (None, None)
    if not row.keep_host and host != (meeting.host_id, meeting.host_workplace_id):
        changes["host"] = row.host
    return changes


def _change_meeting(meeting: Meeting, row: PlannedRow, changes: dict, by) -> dict:
    """Changes a planned meeting as the plan says: its times and place (its chain follows),
    and its host (remembered in its history of hosts). Returns what changed, for the audit."""
    before = {name: getattr(meeting, name) for name in changes if name != "host"}
    if "host" in changes:
        before["host"] = meeting.host or meeting.host_workplace
    fields = {name: value for name, value in changes.items() if name != "host"}
    moved = timezone.localdate(row.starts_at) - timezone.localdate(meeting.starts_at)
    if moved and meeting.registration_deadline:
        # The host's own deadline keeps its distance to the meeting.
        fields["registration_deadline"] = meeting.registration_deadline + moved
    if "host" in changes:
        _set_host(meeting, changes["host"], None, _("Endret i møteplanen"), by)
        fields |= {"host": meeting.host, "host_workplace": meeting.host_workplace}
    rows = Meeting.objects.filter(pk=meeting.pk)
    if row.version is not None:
        rows = rows.filter(version=row.version)
    if not rows.update(version=F("version") + 1, **fields):
        raise MeetingError(
            _("Noen andre har endret %(title)s mens du planla. Se over planen og lagre igjen.")
            % {"title": meeting.title}
        )
    for name, value in fields.items():
        setattr(meeting, name, value)
    if moved or "ends_at" in fields:
        create_steps(meeting)
    after = {name: getattr(meeting, name) for name in before if name != "host"}
    if "host" in changes:
        after["host"] = meeting.host or meeting.host_workplace
    return {name: [plain(before[name]), plain(after[name])] for name in before}


@transaction.atomic
def plan_year(
    organiser: LocalGroup | Committee, rows: list[PlannedRow], *, year: int | None = None, by, request=None
) -> list[Meeting]:
    """Saves the year's plan (agreed at the last meeting of the year before): the meetings
    already planned as the rows change them, those taken out deleted, new ones created with
    their deadline chains and hosts, numbered on from the year's last. A meeting whose people
    have been told of it, or that has been held, is not changed here (locked_reason).
    Returns the year's meetings."""
    kept = _kept(rows)
    if not kept:
        raise MeetingError(_("Legg inn minst ett møte."))
    year = year or timezone.localtime(kept[0].starts_at).year
    for row in rows:
        _check_row(organiser, year, row)
    changed, removed = {}, []
    for row in rows:
        if row.meeting is None:
            continue
        changes = {} if row.remove else _changes(row)
        if (changes or row.remove) and locked_reason(row.meeting):
            raise MeetingError(f"{row.meeting.title}: {locked_reason(row.meeting)}")
        if row.remove:
            removed.append(str(row.meeting))
            row.meeting.delete()
        elif changes:
            as_planned = str(row.meeting)
            changed[as_planned] = _change_meeting(row.meeting, row, changes, by)
    meetings = Meeting.objects.filter(starts_at__year=year, **organiser_filter(organiser))
    first = rules.next_number(meetings.values_list("title", flat=True), year)
    created = []
    for number, row in enumerate((r for r in kept if r.meeting is None), first):
        meeting = Meeting(
            network=organiser.network,
            title=_title(organiser, number, year),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            place=row.place,
            **organiser_filter(organiser),
        )
        meeting.save()
        if row.host:
            _set_host(meeting, row.host, None, "", by)
            meeting.save(update_fields=["host", "host_workplace"])
        create_steps(meeting)
        created.append(str(meeting))
    record(
        AuditAction.CHANGED if changed or removed or len(created) < len(kept) else AuditAction.CREATED,
        request=request,
        actor=by,
        obj=organiser,
        network=organiser.network,
        changes={"year": year, "created": created, "meetings": changed, "removed": removed},
    )
    return list(meetings.order_by("starts_at"))


@transaction.atomic
def plan_event(
    committee: Committee,
    *,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    programme: str = "",
    capacity: int | None = None,
    by,
    request=None,
) -> Meeting:
    """A fagdag or an intro course: held by a committee (the operations group, seed 000) for
    the network, with its own programme and chain, and the invitation, attendance and minutes
    of a meeting."""
    if kind not in (Meeting.Kind.FAGDAG, Meeting.Kind.COURSE):
        raise MeetingError(_("Velg fagdag eller introduksjonskurs."), field="kind")
    if ends_at <= starts_at:
        raise MeetingError(_("Et møte må slutte etter at det begynner."), field="ends")
    meeting = Meeting.objects.create(
        network=committee.network,
        committee=committee,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        programme=programme,
        capacity=capacity,
    )
    create_steps(meeting)
    record(AuditAction.CREATED, request=request, actor=by, obj=meeting, network=committee.network)
    return meeting


def event_warnings(network, *, kind: str, day: dt.date, exclude: int | None = None) -> list[str]:
    """What to look over before planning an event: a second fagdag in the same year (000,
    003: one a year for the network)."""
    if kind != Meeting.Kind.FAGDAG:
        return []
    first, last = dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    others = Meeting.objects.filter(network=network, kind=Meeting.Kind.FAGDAG).exclude(pk=exclude)
    days = [
        timezone.localdate(starts_at)
        for starts_at in others.filter(starts_at__date__gte=first - dt.timedelta(days=1))
        .filter(starts_at__date__lte=last + dt.timedelta(days=1))
        .values_list("starts_at", flat=True)
    ]
    held = rules.fagdags_in_year(days, day.year)
    if not held:
        return []
    return [
        ngettext(
            "Nettverket har allerede en fagdag i %(year)s: %(days)s. Det skal være én fagdag i året.",
            "Nettverket har allerede %(count)d fagdager i %(year)s: %(days)s. Det skal være én fagdag i året.",
            len(held),
        )
        % {"year": day.year, "count": len(held), "days": get_text_list([_day(d) for d in held], _("og"))}
    ]


# --- The deadline chain's steps -----------------------------------------------------------------


def create_steps(meeting: Meeting) -> None:
    """Writes the due dates of the meeting's chain from the network's policy, or moves them.
    A step whose date is new or moved is next looked at on its first notice from today on; a
    notice whose day went by before the date was set is not sent late."""
    starts_on = timezone.localdate(meeting.starts_at)
    chain = rules.deadline_chain(
        starts_on,
        timezone.localdate(meeting.ends_at),
        meeting.network.policy,
        meeting.registration_deadline,
        kind=meeting.kind,
    )
    existing = {s.step: s for s in DeadlineStep.objects.filter(meeting=meeting)}
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for step, due_on in chain.items():
        current = existing.get(step)
        if current is not None and current.due_on == due_on:
            continue
        next_on = rules.next_notice_on(meeting.kind, step, due_on, after=yesterday, meeting_starts_on=starts_on)
        if current is None:
            DeadlineStep.objects.create(meeting=meeting, step=step, due_on=due_on, next_notice_on=next_on)
        else:
            DeadlineStep.objects.filter(pk=current.pk).update(
                due_on=due_on, next_notice_on=next_on if current.done_at is None else None
            )


def finish_step(meeting: Meeting, step: str, by) -> bool:
    """Marks an open step done: nothing more is said about it. Returns whether it was open."""
    return bool(
        DeadlineStep.objects.filter(meeting=meeting, step=step, done_at__isnull=True).update(
            done_at=timezone.now(), done_by=by, next_notice_on=None
        )
    )


def reopen_step(meeting: Meeting, step: str) -> None:
    """A step that is not done after all (minutes sent back) is open again, with its notices
    from today on."""
    found = DeadlineStep.objects.filter(meeting=meeting, step=step).first()
    if found is None:
        return
    next_on = rules.next_notice_on(
        meeting.kind,
        step,
        found.due_on,
        after=timezone.localdate() - dt.timedelta(days=1),
        meeting_starts_on=timezone.localdate(meeting.starts_at),
    )
    DeadlineStep.objects.filter(pk=found.pk).update(done_at=None, done_by=None, next_notice_on=next_on)


def mark_step_done(meeting: Meeting, step: str, *, by, request=None) -> DeadlineStep:
    if rules.chain_step(meeting.kind, step) is None:
        raise MeetingError(_("Dette møtet har ikke det steget."))
    if not finish_step(meeting, step, by):
        raise MeetingError(_("Steget er allerede markert som utført."))
    done = {str(step_label(meeting.kind, step)): {"done_at": timezone.now().isoformat()}}
    record(
        AuditAction.CHANGED, request=request, actor=by, obj=meeting, network=meeting.network, changes={"steps": done}
    )
    return DeadlineStep.objects.get(meeting=meeting, step=step)


# --- The agenda --------------------------------------------------------------------------------


@transaction.atomic
def update_agenda(meeting: Meeting, *, by, expected_version: int | None, topics, request=None, **fields) -> Meeting:
    rows = Meeting.objects.filter(pk=meeting.pk)
    before = {**rows.values(*fields).first(), "topics": sorted(str(t) for t in meeting.topics.all())}
    bump_version(
        Meeting,
        meeting.pk,
        expected_version,
        stale=lambda current: MeetingError(
            _("Noen andre har lagret programmet mens du skrev. Se over og lagre igjen."), current_version=current
        ),
        **fields,
    )
    meeting.refresh_from_db()
    meeting.topics.set(topics)
    if "registration_deadline" in fields:
        create_steps(meeting)
    after = {**fields, "topics": sorted(str(t) for t in topics)}
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes=changed_fields(Meeting, before, after),
    )
    return meeting
