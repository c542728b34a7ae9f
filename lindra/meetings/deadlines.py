"""The deadline chain as people meet it (seeds 000, 001): each kind of meeting's steps in
words, who answers for each step (name, role, e-mail, phone), what they are told and when,
and the periodic job that tells them. The rules are in lindra.meetings.rules."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lindra.mail.languages import choices_known_for, writing_to
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.meetings import rules
from lindra.meetings.models import DeadlineStep, Meeting
from lindra.registry.models import Term

Kind, Step, Owner = rules.MeetingKind, rules.Step, rules.Owner

STEP_LABELS = {
    Step.PROGRAM: gettext_lazy("Program klart"),
    Step.INVITATION_TO_SECRETARIAT: gettext_lazy("Innkalling sendt til sekretariatet"),
    Step.INVITATION_SENT: gettext_lazy("Innkalling sendt ut"),
    Step.REGISTRATION_DEADLINE: gettext_lazy("Påmeldingsfrist"),
    Step.MINUTES_TO_SECRETARIAT: gettext_lazy("Referat sendt til sekretariatet"),
    Step.MINUTES_SENT: gettext_lazy("Referat sendt ut"),
}
# Where a kind of meeting words a step its own way.
KIND_STEP_LABELS = {
    (Kind.GROUP, Step.PROGRAM): gettext_lazy("Program avtalt med gruppelederen"),
    (Kind.GROUP, Step.INVITATION_SENT): gettext_lazy("Innkalling sendt til gruppen"),
    (Kind.COMMITTEE, Step.INVITATION_TO_SECRETARIAT): gettext_lazy("Innkalling med saksliste sendt til sekretariatet"),
    (Kind.COMMITTEE, Step.INVITATION_SENT): gettext_lazy("Innkalling sendt til utvalget"),
    (Kind.FAGDAG, Step.PROGRAM): gettext_lazy("Program for fagdagen klart"),
    (Kind.FAGDAG, Step.INVITATION_SENT): gettext_lazy("Innkalling sendt til nettverket"),
    (Kind.COURSE, Step.PROGRAM): gettext_lazy("Program for kurset klart"),
    (Kind.COURSE, Step.INVITATION_SENT): gettext_lazy("Innkalling sendt til de nye og deres ledere"),
}
OWNER_LABELS = {
    Owner.HOST: gettext_lazy("Arrangør"),
    Owner.GROUP_LEADER: gettext_lazy("Gruppeleder"),
    Owner.COMMITTEE: gettext_lazy("Utvalget"),
    Owner.SECRETARIAT: gettext_lazy("Sekretariatet"),
}


def step_label(kind: str, step: str) -> str:
    return KIND_STEP_LABELS.get((Kind(kind), Step(step)), STEP_LABELS[Step(step)])


def owner_label(meeting: Meeting, owner: Owner) -> str:
    """The owner, for a table: "Arrangør", or the committee by its name ("Driftsgruppen"),
    whose leader answers, or its members when it has none."""
    if owner == Owner.COMMITTEE and meeting.committee_id:
        return meeting.committee.name
    return str(OWNER_LABELS[owner])


def owner_in_sentence(meeting: Meeting, owner: Owner) -> str:
    """The owner's role inside a sentence: "arrangøren", "lederen av Driftsgruppen"."""
    if owner == Owner.COMMITTEE and meeting.committee_id:
        return _("lederen av %(committee)s") % {"committee": meeting.committee.name}
    return {
        Owner.HOST: _("arrangøren"),
        Owner.GROUP_LEADER: _("gruppelederen"),
        Owner.COMMITTEE: _("lederen av utvalget"),
        Owner.SECRETARIAT: _("sekretariatet"),
    }[owner]


# --- Who answers for a step ---------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    role: str  # as in a sentence: "arrangør", "gruppeleder", "leder av Driftsgruppen", "sekretariatet"
    email: str
    phone: str
    is_person: bool = True  # False for the secretariat, known by its shared address


class People:
    """Who answers for the steps of some meetings on a day: their hosts, the leaders of their
    groups and committees (a committee without a leader answers through its members), and
    their secretariats. Two queries, whatever the number of meetings."""

    def __init__(self, meetings: list[Meeting], on: dt.date):
        groups = {m.local_group_id for m in meetings if m.local_group_id}
        committees = {m.committee_id for m in meetings if m.committee_id}
        self.leaders: dict[tuple[str, int], list[Contact]] = {}
        members: dict[int, list[Contact]] = {}
        terms = (
            Term.objects.current(on)
            .filter(
                Q(local_group__in=groups, kind=Term.Kind.GROUP_LEADER)
                | Q(committee__in=committees, kind__in=[Term.Kind.COMMITTEE_LEADER, Term.Kind.COMMITTEE_MEMBER])
            )
            .select_related("person", "committee")
            .order_by("person__family_name", "person__given_name")
        )
        for term in terms:
            person = term.person
            if term.kind == Term.Kind.GROUP_LEADER:
                contact = Contact(person.full_name, _("gruppeleder"), person.email or "", person.phone)
                self.leaders.setdefault(("group", term.local_group_id), []).append(contact)
            elif term.kind == Term.Kind.COMMITTEE_LEADER:
                role = _("leder av %(committee)s") % {"committee": term.committee.name}
                contact = Contact(person.full_name, role, person.email or "", person.phone)
                self.leaders.setdefault(("committee", term.committee_id), []).append(contact)
            else:
                role = _("medlem av %(committee)s") % {"committee": term.committee.name}
                members.setdefault(term.committee_id, []).append(
                    Contact(person.full_name, role, person.email or "", person.phone)
                )
        for committee_id, found in members.items():
            self.leaders.setdefault(("committee", committee_id), found)

    def _leaders(self, meeting: Meeting) -> list[Contact]:
        if meeting.local_group_id:
            return self.leaders.get(("group", meeting.local_group_id), [])
        return self.leaders.get(("committee", meeting.committee_id), [])

    def _secretariat(self, meeting: Meeting) -> Contact:
        network = meeting.network
        return Contact(
            _("Sekretariatet i %(network)s") % {"network": network},
            _("sekretariatet"),
            network.secretariat_email,
            "",
            is_person=False,
        )

    def responsible(self, meeting: Meeting, owner: Owner) -> list[Contact]:
        """Who answers for the owner's steps: the host in person; for a host that is a
        workplace alone, the group's leader (who follows up the host, 000)."""
        if owner == Owner.HOST:
            host = meeting.host
            if host is not None:
                return [Contact(host.full_name, _("arrangør"), host.email or "", host.phone)]
            return self._leaders(meeting)
        if owner == Owner.SECRETARIAT:
            return [self._secretariat(meeting)]
        return self._leaders(meeting)

    def addresses(self, meeting: Meeting, owner: Owner) -> list[str]:
        """Where the owner's notices go: to those who answer, else the leader, else the
        secretariat, so that no notice is lost."""
        for contacts in (self.responsible(meeting, owner), self._leaders(meeting)):
            found = sorted({c.email for c in contacts if c.email})
            if found:
                return found
        return [meeting.network.secretariat_email]


# --- Who is told, and when --------------------------------------------------------------------


def _days(n: int) -> str:
    return ngettext("%(n)s dag", "%(n)s dager", n) % {"n": n}


def _told(meeting: Meeting, step: DeadlineStep) -> list[rules.Notice]:
    """The step's notices that can go out: one about a step before the meeting does not
    once the meeting's day has passed (rules.next_notice_on)."""
    notices = rules.step_notices(meeting.kind, step.step, step.due_on)
    if rules.chain_step(meeting.kind, step.step).before_meeting:
        starts_on = timezone.localdate(meeting.starts_at)
        notices = [n for n in notices if n.on <= starts_on]
    return notices


def who_is_told(meeting: Meeting, step: DeadlineStep) -> str:
    """For one step, in words and with the rules' own numbers: when its owner is reminded, and
    whom its being late is told after how many days."""
    notices = _told(meeting, step)
    before = [(step.due_on - n.on).days for n in notices if n.kind == rules.NoticeKind.REMINDER]
    after = [
        _("%(who)s etter %(days)s")
        % {"who": owner_in_sentence(meeting, n.to), "days": _days((n.on - step.due_on).days)}
        for n in notices
        if n.kind == rules.NoticeKind.ESCALATION
    ]
    parts = []
    if before:
        parts.append(
            _("Påminnelse %(days)s før fristen.") % {"days": get_text_list([_days(d) for d in before], _("og"))}
        )
    if after:
        parts.append(_("Beskjed når fristen er passert: %(told)s.") % {"told": ", ".join(after)})
    return " ".join(parts)


def rules_in_words() -> str:
    """Who is told what, when, in general: the rules' own numbers, for the deadline pages."""
    reminders = get_text_list([_days(d) for d in rules.REMINDER_DAYS_BEFORE], _("og"))
    return _(
        "Den ansvarlige får påminnelse %(reminders)s før fristen. Er steget ikke markert som utført, får "
        "gruppelederen (for fagdager, kurs og utvalgsmøter: lederen av utvalget) beskjed %(leader)s etter fristen, "
        "og sekretariatet %(secretariat)s etter, om det ikke er deres eget steg. Påminnelser sendes ikke etter "
        "fristen, og om steg som skal være gjort før møtet, sendes ingenting etter at møtet har begynt."
    ) % {
        "reminders": reminders,
        "leader": _days(rules.LEADER_ESCALATION_DAYS),
        "secretariat": _days(rules.SECRETARIAT_ESCALATION_DAYS),
    }


def step_rows(steps: list[DeadlineStep], today: dt.date) -> list[dict]:
    """The steps as shown on the meeting's page and the secretariat's overview: what, who
    answers for it, by when, whether late, and who is told when. Steps that are no longer in
    their meeting's chain are left out. Two queries, whatever the number of steps."""
    steps = [s for s in steps if rules.chain_step(s.meeting.kind, s.step) is not None]
    people = People([s.meeting for s in steps], today)
    rows = []
    for s in steps:
        meeting = s.meeting
        owner = rules.step_owner(meeting.kind, s.step)
        rows.append(
            {
                "step": s,
                "label": step_label(meeting.kind, s.step),
                "owner": owner_label(meeting, owner),
                "responsible": people.responsible(meeting, owner),
                "due_on": s.due_on,
                "done_at": s.done_at,
                "late": s.done_at is None and s.due_on < today,
                "told": who_is_told(meeting, s),
            }
        )
    return rows


def chain_for(meeting: Meeting, today: dt.date | None = None) -> list[dict]:
    """The meeting's chain for display, in the order of the chain."""
    order = {s.step: i for i, s in enumerate(rules.chain(meeting.kind))}
    steps = sorted(meeting.steps.all(), key=lambda s: (s.due_on, order.get(s.step, len(order))))
    for s in steps:
        s.meeting = meeting
    return step_rows(steps, today or timezone.localdate())


# --- The periodic job ---------------------------------------------------------------------------


def send_deadline_notices() -> int:
    """A periodic job: queues the reminders and escalations whose day has come, each exactly
    once, however long the job was stopped, and none that has gone stale (rules.notices_due).
    It looks only at open steps whose next notice is due, and moves that day on. Two runs at
    once do not send anything twice: the second passes over the steps the first has locked,
    and the outbox's unique key guards the rest. Returns how many notices were queued."""
    now = timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        steps = list(
            DeadlineStep.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(done_at__isnull=True, next_notice_on__lte=today)
            .select_related("meeting__network", "meeting__host", "meeting__local_group", "meeting__committee")
        )
        due = []
        for step in steps:
            meeting = step.meeting
            if rules.chain_step(meeting.kind, step.step) is None:
                step.next_notice_on = None
                continue
            found = rules.notices_due(
                meeting.kind,
                step.step,
                step.due_on,
                since=step.next_notice_on,
                today=today,
                meeting_starts_on=timezone.localdate(meeting.starts_at),
                meeting_started=meeting.starts_at <= now,
            )
            step.next_notice_on = found.next_on
            due += [(step, notice, f"meeting:{meeting.pk}:{notice.key}") for notice in found.send]
        DeadlineStep.objects.bulk_update(steps, ["next_notice_on"])
        sent = set(
            OutboxMessage.objects.filter(dedupe_key__in=[key for _s, _n, key in due]).values_list(
                "dedupe_key", flat=True
            )
        )
        people = People([step.meeting for step, _notice, _key in due], today)
        queued = 0
        with choices_known_for(a for step, notice, _key in due for a in people.addresses(step.meeting, notice.to)):
            for step, notice, key in due:
                if key not in sent:
                    queued += _queue_notice(step, notice, key, people, today) is not None
    return queued


def _queue_notice(step: DeadlineStep, notice: rules.Notice, key: str, people: People, today: dt.date):
    meeting = step.meeting
    owner = rules.step_owner(meeting.kind, step.step)
    # What comes next if the step stays undone: the first escalation after a reminder, the
    # next one after an escalation (unless it goes out today too, after a stop).
    later = [n for n in _told(meeting, step) if n.kind == rules.NoticeKind.ESCALATION and n.on > today]
    to = people.addresses(meeting, notice.to)
    # The names of the step and of those who own it, in the language of those told.
    with writing_to(to, meeting.network):
        return queue_message(
            f"deadline_{notice.kind}",
            to=to,
            context={
                "meeting": meeting,
                "step": step_label(meeting.kind, step.step),
                "owner": owner_in_sentence(meeting, owner),
                "responsible": people.responsible(meeting, owner),
                "to": notice.to,
                "due_on": step.due_on,
                "days_late": (today - step.due_on).days,
                "next_on": later[0].on if later else None,
                "next_told": owner_in_sentence(meeting, later[0].to) if later else "",
                "url": settings.SITE_URL + reverse("meetings:detail", args=[meeting.pk]),
            },
            network=meeting.network,
            dedupe_key=key,
        )


def deadline_for(meeting: Meeting) -> dt.date:
    """The last day to register for the meeting: the host's own deadline, else the chain's step, else the
    default the chain would have had."""
    if meeting.registration_deadline:
        return meeting.registration_deadline
    step = (
        DeadlineStep.objects.filter(meeting=meeting, step=rules.Step.REGISTRATION_DEADLINE)
        .values_list("due_on", flat=True)
        .first()
    )
    if step:
        return step
    starts_on = timezone.localdate(meeting.starts_at)
    return rules.deadline_chain(starts_on, timezone.localdate(meeting.ends_at), meeting.network.policy)[
        rules.Step.REGISTRATION_DEADLINE
    ]
