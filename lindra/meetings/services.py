"""The meeting cycle's workflows: planning the year, choosing and replacing hosts, the
agenda, the deadline chain and its reminders. Rules come from lindra.meetings.rules."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core.audit import record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.meetings import rules
from lindra.meetings.models import DeadlineStep, HostChange, Meeting
from lindra.registry.models import Committee, Leave, LocalGroup, Membership, Term

STEP_LABELS = {
    rules.Step.PROGRAM: gettext_lazy("Program avtalt med gruppelederen"),
    rules.Step.INVITATION_TO_SECRETARIAT: gettext_lazy("Innkalling sendt til sekretariatet"),
    rules.Step.INVITATION_SENT: gettext_lazy("Innkalling sendt til gruppen"),
    rules.Step.REGISTRATION_DEADLINE: gettext_lazy("Påmeldingsfrist"),
    rules.Step.MINUTES_TO_SECRETARIAT: gettext_lazy("Referat sendt til sekretariatet"),
    rules.Step.MINUTES_SENT: gettext_lazy("Referat sendt ut"),
}
OWNER_LABELS = {
    rules.Owner.HOST: gettext_lazy("Arrangør"),
    rules.Owner.GROUP_LEADER: gettext_lazy("Gruppeleder"),
    rules.Owner.SECRETARIAT: gettext_lazy("Sekretariatet"),
}


class MeetingError(DomainError):
    """A change the meeting cycle refuses. On a conflict it carries the meeting's version now,
    so that the user, having seen the other save, can save again on purpose."""

    def __init__(self, message: str = "", *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


@dataclass
class PlannedRow:
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    host: Membership | None


def organiser_filter(organiser: LocalGroup | Committee) -> dict:
    if isinstance(organiser, LocalGroup):
        return {"local_group": organiser, "kind": Meeting.Kind.GROUP}
    return {"committee": organiser, "kind": Meeting.Kind.COMMITTEE}


def plan_warnings(organiser: LocalGroup | Committee, rows: list[PlannedRow]) -> list[str]:
    """The year's plan warnings, in Norwegian, for the group leader to look at before saving."""
    planned = [rules.PlannedMeeting(timezone.localtime(r.starts_at), timezone.localtime(r.ends_at)) for r in rows]
    texts = []
    for code in rules.plan_warnings(planned, organiser.network.policy, committee=isinstance(organiser, Committee)):
        kind, _sep, rest = code.partition(":")
        if kind == "fewer_meetings":
            count, required = rest.split(":")
            texts.append(
                _("Planen har %(count)s møter, men nettverket krever %(required)s i året.")
                % {"count": count, "required": required}
            )
        elif kind == "short_hours":
            hours, minimum = rest.split(":")
            texts.append(
                _("Møtene gir %(hours)s timer, men nettverket krever minst %(minimum)s timer samlinger i året.")
                % {"hours": number_format(Decimal(hours)), "minimum": minimum}
            )
        elif kind == "holiday":
            day, name = rest.split(":", 1)
            texts.append(
                _("%(date)s er en helligdag (%(name)s).")
                % {"date": dt.date.fromisoformat(day).strftime("%d.%m.%Y"), "name": name}
            )
        elif kind == "weekend":
            texts.append(_("%(date)s er en helgedag.") % {"date": dt.date.fromisoformat(rest).strftime("%d.%m.%Y")})
    return texts


@transaction.atomic
def plan_year(organiser: LocalGroup | Committee, rows: list[PlannedRow], *, by, request=None) -> list[Meeting]:
    """Creates the year's meetings (agreed at the last meeting of the year before) with their
    deadline chains and hosts."""
    if not rows:
        raise MeetingError(_("Legg inn minst ett møte."))
    network = organiser.network
    is_group = isinstance(organiser, LocalGroup)
    meetings = []
    for number, row in enumerate(sorted(rows, key=lambda r: r.starts_at), 1):
        if row.ends_at <= row.starts_at:
            raise MeetingError(_("Et møte må slutte etter at det begynner."))
        if row.host is not None and (not is_group or row.host.local_group_id != organiser.pk):
            raise MeetingError(_("Arrangøren må være medlem av gruppen."))
        title = (_("Nettverksmøte %(n)s/%(year)s") if is_group else _("Møte %(n)s/%(year)s i %(name)s")) % {
            "n": number,
            "year": timezone.localtime(row.starts_at).year,
            "name": organiser.name,
        }
        meeting = Meeting.objects.create(
            network=network,
            title=title,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            place=row.place,
            host=row.host.person if row.host else None,
            host_workplace=row.host.workplace if row.host else None,
            **organiser_filter(organiser),
        )
        if row.host:
            HostChange.objects.create(
                meeting=meeting, host=meeting.host, host_workplace=meeting.host_workplace, changed_by=by
            )
        create_steps(meeting)
        meetings.append(meeting)
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=organiser,
        network=network,
        changes={"meetings": [str(m) for m in meetings]},
    )
    return meetings


@transaction.atomic
def plan_event(
    committee: Committee,
    *,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    programme: str,
    by,
    request=None,
) -> Meeting:
    """A fagdag or an intro course: held by a committee (the operations group, seed 000) for
    the network, with its own programme, and the same chain, invitation, attendance and
    minutes as a group meeting."""
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
    )
    create_steps(meeting)
    record(AuditAction.CREATED, request=request, actor=by, obj=meeting, network=committee.network)
    return meeting


def create_steps(meeting: Meeting) -> None:
    """Writes (or moves) the due dates of the meeting's chain from the network's policy."""
    chain = rules.deadline_chain(
        timezone.localtime(meeting.starts_at).date(),
        timezone.localtime(meeting.ends_at).date(),
        meeting.network.policy,
        meeting.registration_deadline,
    )
    for step, due_on in chain.items():
        DeadlineStep.objects.update_or_create(meeting=meeting, step=step, defaults={"due_on": due_on})


def hosting_history(organiser: LocalGroup) -> list[tuple[int, dt.date]]:
    """(workplace, day) for every meeting of the group with a host workplace, past or planned."""
    return [
        (workplace_id, timezone.localtime(starts_at).date())
        for workplace_id, starts_at in Meeting.objects.filter(
            local_group=organiser, host_workplace__isnull=False
        ).values_list("host_workplace_id", "starts_at")
    ]


def suggest_hosts(group: LocalGroup, on: dt.date | None = None) -> list[Membership]:
    """The group's members in a fair order to host (rules.rotation_order)."""
    on = on or timezone.localdate()
    members = {
        m.pk: m for m in Membership.objects.current(on).filter(local_group=group).select_related("person", "workplace")
    }
    on_leave = set(Leave.objects.current(on).filter(membership__in=members).values_list("membership_id", flat=True))
    candidates = [rules.HostCandidate(m.pk, m.workplace_id, m.person.full_name) for m in members.values()]
    order = rules.rotation_order(candidates, hosting_history(group), on_leave)
    return [members[c.membership_id] for c in order]


@transaction.atomic
def replace_host(
    meeting: Meeting, *, host: Membership | None, workplace_only: bool, reason: str, by, request=None
) -> Meeting:
    """A host who withdraws is replaced by another member, or by their own workplace alone (001)."""
    if workplace_only:
        if meeting.host_workplace is None:
            raise MeetingError(_("Møtet har ikke noe arrangørsted som kan overta."))
        new_host, new_workplace = None, meeting.host_workplace
    else:
        if host is None:
            raise MeetingError(_("Velg en ny arrangør."))
        if meeting.local_group_id and host.local_group_id != meeting.local_group_id:
            raise MeetingError(_("Arrangøren må være medlem av gruppen."))
        new_host, new_workplace = host.person, host.workplace
    Meeting.objects.filter(pk=meeting.pk).update(host=new_host, host_workplace=new_workplace, version=F("version") + 1)
    meeting.host, meeting.host_workplace = new_host, new_workplace
    HostChange.objects.create(
        meeting=meeting, host=new_host, host_workplace=new_workplace, reason=reason, changed_by=by
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes={"host": str(new_host or ""), "host_workplace": str(new_workplace or ""), "reason": reason},
    )
    return meeting


@transaction.atomic
def update_agenda(meeting: Meeting, *, by, expected_version: int | None, topics, request=None, **fields) -> Meeting:
    rows = Meeting.objects.filter(pk=meeting.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, **fields):
        raise MeetingError(
            _("Noen andre har lagret programmet mens du skrev. Se over og lagre igjen."),
            current_version=Meeting.objects.filter(pk=meeting.pk).values_list("version", flat=True).first(),
        )
    meeting.refresh_from_db()
    meeting.topics.set(topics)
    if "registration_deadline" in fields:
        create_steps(meeting)
    record(
        AuditAction.CHANGED, request=request, actor=by, obj=meeting, network=meeting.network, changes={"agenda": True}
    )
    return meeting


def mark_step_done(meeting: Meeting, step: str, *, by, request=None) -> DeadlineStep:
    updated = DeadlineStep.objects.filter(meeting=meeting, step=step, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by
    )
    if not updated:
        raise MeetingError(_("Steget er allerede markert som utført."))
    record(AuditAction.CHANGED, request=request, actor=by, obj=meeting, network=meeting.network, changes={"done": step})
    return DeadlineStep.objects.get(meeting=meeting, step=step)


# --- Reminders and escalations ----------------------------------------------------------------


def _recipients(meeting: Meeting, owner: rules.Owner, on: dt.date) -> list[str]:
    if owner == rules.Owner.SECRETARIAT:
        return [meeting.network.secretariat_email]
    if owner == rules.Owner.HOST and meeting.host and meeting.host.email:
        return [meeting.host.email]
    # The group leader (or the committee's leader) also answers for a host who is only a workplace.
    leaders = Term.objects.current(on).filter(
        Q(local_group=meeting.local_group_id, kind=Term.Kind.GROUP_LEADER)
        if meeting.local_group_id
        else Q(committee=meeting.committee_id, kind=Term.Kind.COMMITTEE_LEADER)
    )
    emails = [e for e in leaders.values_list("person__email", flat=True) if e]
    return emails or [meeting.network.secretariat_email]


def send_deadline_notices(today: dt.date | None = None) -> int:
    """A periodic job: queues every reminder and escalation that is due, each exactly once
    (the outbox's dedupe key), so running it again, or on two machines, sends nothing twice."""
    today = today or timezone.localdate()
    window = today + dt.timedelta(days=max(rules.REMINDER_DAYS_BEFORE))
    steps = (
        DeadlineStep.objects.filter(done_at__isnull=True, due_on__lte=window)
        .filter(due_on__gte=today - dt.timedelta(days=max(rules.ESCALATION_DAYS_AFTER.values()) + 1))
        .select_related("meeting__network", "meeting__host", "meeting__local_group", "meeting__committee")
    )
    due = [
        (step, notice, f"meeting:{step.meeting_id}:{notice.key}")
        for step in steps
        for notice in rules.notices_due(step.due_on, rules.Step(step.step), today, done=False)
    ]
    # The job runs every minute and most notices went out on an earlier run: look their keys
    # up at once instead of rendering each again. The outbox's unique key still guards
    # against two machines queuing the same notice at the same moment.
    sent = set(
        OutboxMessage.objects.filter(dedupe_key__in=[key for _step, _notice, key in due]).values_list(
            "dedupe_key", flat=True
        )
    )
    queued = 0
    for step, notice, key in due:
        if key in sent:
            continue
        meeting = step.meeting
        message = queue_message(
            f"deadline_{notice.kind}",
            to=_recipients(meeting, notice.to, today),
            context={
                "meeting": meeting,
                "step": STEP_LABELS[notice.step],
                "owner": OWNER_LABELS[rules.STEP_OWNERS[notice.step]],
                "due_on": step.due_on,
                "late": step.due_on < today,
                "url": settings.SITE_URL + reverse("meetings:detail", args=[meeting.pk]),
            },
            network=meeting.network,
            dedupe_key=key,
        )
        queued += message is not None
    return queued


def chain_for(meeting: Meeting, today: dt.date | None = None) -> list[dict]:
    """The meeting's chain for display: label, owner, due date, done or late."""
    today = today or timezone.localdate()
    return [
        {
            "step": s.step,
            "label": STEP_LABELS[rules.Step(s.step)],
            "owner": OWNER_LABELS[rules.STEP_OWNERS[rules.Step(s.step)]],
            "due_on": s.due_on,
            "done_at": s.done_at,
            "late": s.done_at is None and s.due_on < today,
        }
        # Steps due the same day in the order of the chain (they were created in that order).
        for s in meeting.steps.order_by("due_on", "id")
    ]


def host_candidates(meeting: Meeting) -> list[Membership]:
    """Members who could take over as host, fairest first (committee meetings: none)."""
    return suggest_hosts(meeting.local_group) if meeting.local_group_id else []
