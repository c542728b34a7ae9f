"""The minutes (referat, seeds 000 and 001): drafted from the network's template with the
meeting's facts filled in (who attended, who gave notice, the two parts), written by the
minute-taker or the group leader, sent to the secretariat within 14 days, reviewed there,
and then sent by rule: to every member of the group and every participant, with a copy to
the operations group's leader and the secretariat, and to the nearest leader of every
member ("KLB sender kopi av referatet til nærmeste leder for alle ressurssykepleierne").

The same machinery serves committee meetings, the fagdag and intro courses: there the
"members of the group" are the people called to the meeting.

The minutes as a document (the facts they state, the PDF, the Word file) are in
lindra.meetings.minutes_documents.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.accounts.roles import Roles
from lindra.core.audit import TEXT_SAVED, record
from lindra.core.models import AuditAction
from lindra.core.shortlists import Shortlist, shortlist
from lindra.mail.languages import once_per_language
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.meetings import invitations, rules
from lindra.meetings.minutes_documents import document_name, facts, meeting_leaders, render_pdf
from lindra.meetings.models import Meeting, Minutes, MinutesTemplate, Registration
from lindra.meetings.services import MeetingError, finish_step, reopen_step
from lindra.registry.models import Membership, Network, Person

Status = Minutes.Status
EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
# Meetings whose minutes are still owed show on the writers' home page this long after.
OWED_FOR_DAYS = 90


# --- The draft ------------------------------------------------------------------------------

# The network's guidance text starts a new draft. Lines with these markers split it between
# the three fields; without them, all of it goes to part 1.
SECTION_MARKERS = {"[del 1]": "part1", "[del 2]": "part2", "[avtaler]": "agreements"}


def default_guidance() -> str:
    return _(
        "[Del 1]\n"
        "Nytt fra driftsgruppen:\n\n"
        "Erfaringsutveksling – hva vi snakket om:\n\n"
        "[Del 2]\n"
        "Hovedpunkter fra det faglige innlegget:\n\n"
        "[Avtaler]\n"
        "Avtaler og hvem som følger opp:\n\n"
        "Neste møte:\n"
    )


def starting_text(guidance: str) -> dict[str, str]:
    """The three fields of a new draft, from the network's guidance text."""
    fields = {"part1": [], "part2": [], "agreements": []}
    current = "part1"
    for line in guidance.splitlines():
        marker = SECTION_MARKERS.get(line.strip().casefold())
        if marker:
            current = marker
            continue
        fields[current].append(line)
    return {name: "\n".join(lines).strip("\n") + ("\n" if any(lines) else "") for name, lines in fields.items()}


def guidance_for(network: Network) -> str:
    template = MinutesTemplate.objects.filter(network=network).only("body").first()
    return template.body if template and template.body.strip() else default_guidance()


def new_minutes(meeting: Meeting) -> Minutes:
    """A draft not yet saved, as the writer will first see it. The network's guidance is for
    the two parts of a group meeting; the minutes of a fagdag, a course or a committee meeting
    are one text, following the programme, with the network's agreements."""
    text = starting_text(guidance_for(meeting.network))
    if meeting.kind != Meeting.Kind.GROUP:
        text = {**text, "part1": _("Hovedpunkter fra programmet:\n\nSpørsmål og diskusjon:\n"), "part2": ""}
    return Minutes(meeting=meeting, **text)


def minutes_for(meeting: Meeting) -> Minutes:
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        draft = new_minutes(meeting)
        minutes, _created = Minutes.objects.get_or_create(
            meeting=meeting, defaults={"part1": draft.part1, "part2": draft.part2, "agreements": draft.agreements}
        )
    minutes.meeting = meeting
    return minutes


def _refused_change(minutes: Minutes) -> MeetingError:
    current = Minutes.objects.filter(pk=minutes.pk).values("status", "version").first()
    if current["status"] == Status.SUBMITTED:
        return MeetingError(
            _("Referatet er sendt til sekretariatet, og kan ikke endres med mindre sekretariatet sender det tilbake.")
        )
    if current["status"] == Status.APPROVED:
        return MeetingError(_("Referatet er godkjent og sendt ut, og kan ikke endres."))
    return MeetingError(
        _("Noen andre har lagret referatet mens du skrev. Se over teksten din og lagre igjen."),
        current_version=current["version"],
    )


@transaction.atomic
def save_draft(
    minutes: Minutes, *, part1: str, part2: str, agreements: str, expected_version: int, by, request=None
) -> Minutes:
    """Saves the writer's text. Refused once the minutes are with the secretariat, and when
    someone else saved since the writer opened the page (the view keeps what was typed)."""
    fields = {"part1": part1, "part2": part2, "agreements": agreements}
    saved = {name: TEXT_SAVED for name, text in fields.items() if getattr(minutes, name) != text}
    if not Minutes.objects.filter(pk=minutes.pk, version=expected_version, status__in=EDITABLE).update(
        version=F("version") + 1, **fields
    ):
        raise _refused_change(minutes)
    minutes.refresh_from_db()
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=minutes,
        target=str(minutes.meeting),
        network=minutes.meeting.network,
        changes=saved,
    )
    return minutes


@transaction.atomic
def submit(minutes: Minutes, *, by, request=None) -> Minutes:
    """The writer sends the minutes to the secretariat (001: within 14 days after the meeting)."""
    meeting = minutes.meeting
    if meeting.ends_at > timezone.now():
        raise MeetingError(
            _("Referatet kan sendes til sekretariatet når møtet er over (%(when)s).")
            % {"when": date_format(timezone.localtime(meeting.ends_at), "DATE_AT_TIME_FORMAT")}
        )
    if not (minutes.part1.strip() or minutes.part2.strip() or minutes.agreements.strip()):
        raise MeetingError(_("Skriv referatet før du sender det til sekretariatet."), field="part1")
    now = timezone.now()
    if not Minutes.objects.filter(pk=minutes.pk, status__in=EDITABLE).update(
        status=Status.SUBMITTED, submitted_at=now, submitted_by=by, version=F("version") + 1
    ):
        if Minutes.objects.filter(pk=minutes.pk, status=Status.SUBMITTED).exists():
            raise MeetingError(_("Referatet er allerede sendt til sekretariatet."))
        raise _refused_change(minutes)
    minutes.refresh_from_db()
    finish_step(meeting, rules.Step.MINUTES_TO_SECRETARIAT, by)
    submissions = OutboxMessage.objects.filter(dedupe_key__startswith=f"minutes:{meeting.pk}:submitted:").count()
    queue_message(
        "minutes_submitted",
        to=[meeting.network.secretariat_email],
        context={"meeting": meeting, "by": _name_of(by), "again": submissions > 0, "url": _page_url(meeting)},
        network=meeting.network,
        dedupe_key=f"minutes:{meeting.pk}:submitted:{submissions + 1}",
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=minutes,
        target=str(meeting),
        network=meeting.network,
        changes={"status": Status.SUBMITTED},
    )
    return minutes


def _not_under_review(minutes: Minutes) -> MeetingError:
    status = Minutes.objects.filter(pk=minutes.pk).values_list("status", flat=True).first()
    if status == Status.APPROVED:
        return MeetingError(_("Referatet er allerede godkjent og sendt ut."))
    return MeetingError(_("Referatet er ikke sendt til sekretariatet ennå."))


@transaction.atomic
def request_changes(minutes: Minutes, *, note: str, by, request=None) -> Minutes:
    """The secretariat sends the minutes back with a note of what to change."""
    meeting = minutes.meeting
    note = note.strip()
    if not note:
        raise MeetingError(_("Skriv hva som må endres, så referenten vet hva som skal rettes."), field="note")
    if not Minutes.objects.filter(pk=minutes.pk, status=Status.SUBMITTED).update(
        status=Status.CHANGES_REQUESTED, review_note=note, version=F("version") + 1
    ):
        raise _not_under_review(minutes)
    minutes.refresh_from_db()
    # The minutes are not in until they come back: the step is open again, with its reminders.
    reopen_step(meeting, rules.Step.MINUTES_TO_SECRETARIAT)
    rounds = OutboxMessage.objects.filter(dedupe_key__startswith=f"minutes:{meeting.pk}:changes:").count()
    queue_message(
        "minutes_changes",
        to=writers_emails(minutes, timezone.localdate()),
        reply_to=[meeting.network.secretariat_email],
        context={"meeting": meeting, "note": note, "url": _page_url(meeting)},
        network=meeting.network,
        dedupe_key=f"minutes:{meeting.pk}:changes:{rounds + 1}",
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=minutes,
        target=str(meeting),
        network=meeting.network,
        changes={"status": Status.CHANGES_REQUESTED, "review_note": TEXT_SAVED},
    )
    return minutes


def writers_emails(minutes: Minutes, on: dt.date) -> list[str]:
    """Those who answer for the minutes: the group's leader (or the committee's), the
    minute-taker and whoever sent them in."""
    meeting = minutes.meeting
    emails = {p.email for p in meeting_leaders(meeting, on) if p.email}
    if meeting.minute_taker_id and meeting.minute_taker.email:
        emails.add(meeting.minute_taker.email)
    if minutes.submitted_by_id and minutes.submitted_by.email:
        emails.add(minutes.submitted_by.email)
    unique = {e.casefold(): e for e in sorted(emails)}
    return sorted(unique.values(), key=str.casefold) or [meeting.network.secretariat_email]


# --- Who receives the approved minutes ------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """The recipients by rule, with the names to greet them by."""

    recipients: rules.MinutesRecipients
    names: dict[str, str] = field(default_factory=dict)  # casefolded address -> name
    leader_names: dict[str, str] = field(default_factory=dict)
    # Guests came for part 2 only (DESIGN.md §1): their minutes leave out part 1.
    guests: frozenset[str] = frozenset()  # casefolded addresses of guests who are not members

    def is_guest(self, address: str) -> bool:
        return address.casefold() in self.guests

    def name_of(self, address: str) -> str:
        return self.names.get(address.casefold(), "")

    def leader_name_of(self, address: str) -> str:
        return self.leader_names.get(address.casefold(), "")


def recipients(meeting: Meeting, on: dt.date) -> Distribution:
    """The members of the group (for other kinds of meeting: the people called), every
    participant and guest, each member with their nearest leader in the network; the
    participants who are not members (the operations group's representative, the new members'
    leaders at an intro course) read them too, but their own leaders get no copy; copies to the
    operations group's leader and the secretariat (rules.minutes_recipients)."""
    who = invitations.call_list(meeting, on)
    registrations = list(Registration.objects.filter(meeting=meeting).select_related("person"))
    # A group's minutes go to all its members, also those on leave that day.
    members = who.members + who.people_on_leave if meeting.kind == Meeting.Kind.GROUP else who.members
    people = {p.pk: p for p in [*members, *who.others]}
    people.update({r.person_id: r.person for r in registrations if r.person_id})
    not_members = {p.pk for p in who.others}
    leaders: dict[int, Person] = {}
    memberships = (
        Membership.objects.current(on)
        .filter(network=meeting.network_id, person__in=list(people.keys() - not_members), nearest_leader__isnull=False)
        .select_related("nearest_leader")
        .order_by("-starts_on")
    )
    # The membership in the meeting's own group wins where a person has two in the network.
    for membership in sorted(memberships, key=lambda m: m.local_group_id != meeting.local_group_id):
        leaders.setdefault(membership.person_id, membership.nearest_leader)
    readers = []
    for person in people.values():
        leader = leaders.get(person.pk)
        readers.append(
            rules.MinutesReader(
                email=person.email or "",
                name=person.full_name,
                leader_email=(leader.email or "") if leader else "",
                leader_name=leader.full_name if leader else "",
            )
        )
    readers += [
        rules.MinutesReader(email=r.guest_email, name=r.guest_name)
        for r in registrations
        if not r.person_id and r.guest_email
    ]
    names: dict[str, str] = {}
    leader_names: dict[str, str] = {}
    for reader in readers:
        names.setdefault(reader.email.casefold(), reader.name)
        if reader.leader_email:
            leader_names.setdefault(reader.leader_email.casefold(), reader.leader_name)
    people_addresses = {p.email.casefold() for p in people.values() if p.email}
    guests = {r.guest_email.casefold() for r in registrations if not r.person_id and r.guest_email}
    return Distribution(
        recipients=rules.minutes_recipients(readers, invitations.copy_recipients(meeting, on)),
        names=names,
        leader_names=leader_names,
        guests=frozenset(guests - people_addresses),
    )


@dataclass(frozen=True)
class Sent:
    readers: int
    copies: int
    leaders: int


def _key(meeting: Meeting, kind: str, address: str = "") -> str:
    key = f"minutes:{meeting.pk}:{kind}"
    if address:
        key += f":{address.casefold()}"
    return key[:200]


def sent_to_leader(address: str, start: dt.datetime, end: dt.datetime, *, limit: int) -> dict[int, dt.datetime]:
    """The meetings whose minutes went to `address` as a nearest leader between start and end,
    newest first, with when they were sent (or queued): read from the outbox rows `_key` named.
    One query."""
    sent: dict[int, dt.datetime] = {}
    rows = (
        OutboxMessage.objects.filter(kind="minutes_leader", created_at__gte=start, created_at__lt=end)
        .filter(dedupe_key__startswith="minutes:", dedupe_key__endswith=f":leader:{address.casefold()}")
        .values_list("dedupe_key", "created_at", "sent_at")
        .order_by("-created_at")[:limit]
    )
    for key, created_at, sent_at in rows:
        meeting_id = key.split(":")[1]
        if meeting_id.isdigit():
            sent.setdefault(int(meeting_id), sent_at or created_at)
    return sent


@transaction.atomic
def approve_and_send(minutes: Minutes, *, by, request=None) -> Sent:
    """The secretariat approves the minutes and sends them by rule, each address once: one
    e-mail per reader, one copy to the operations group's leader and the secretariat, and one
    to each nearest leader naming their staff in the group. The PDF is attached to all."""
    meeting = Meeting.objects.select_related(
        "network", "local_group", "committee", "host", "host_workplace", "minute_taker", "operations_representative"
    ).get(pk=minutes.meeting_id)
    if not Minutes.objects.filter(pk=minutes.pk, status=Status.SUBMITTED).update(
        status=Status.APPROVED, approved_at=timezone.now(), approved_by=by, version=F("version") + 1
    ):
        raise _not_under_review(minutes)
    minutes.refresh_from_db()
    minutes.meeting = meeting
    today = timezone.localdate()
    meeting_facts = facts(meeting)
    minutes.facts_as_sent = dataclasses.asdict(meeting_facts)
    Minutes.objects.filter(pk=minutes.pk).update(facts_as_sent=minutes.facts_as_sent)
    # The PDF in each language the e-mails are written in; for guests, without part 1.
    filename = document_name(meeting, "pdf")
    attachments = once_per_language(lambda: [(filename, render_pdf(minutes, meeting_facts), "application/pdf")])
    guest_attachments = once_per_language(
        lambda: [(filename, render_pdf(minutes, meeting_facts, for_guests=True), "application/pdf")]
    )
    distribution = recipients(meeting, today)
    found = distribution.recipients
    context = {"meeting": meeting, "facts": meeting_facts, "minutes": minutes}
    for address in found.readers:
        guest = distribution.is_guest(address)
        queue_message(
            "minutes",
            to=[address],
            context={**context, "name": distribution.name_of(address), "for_guests": guest},
            network=meeting.network,
            dedupe_key=_key(meeting, "reader", address),
            attachments=guest_attachments if guest else attachments,
        )
    if found.copies:
        queue_message(
            "minutes_copy",
            to=list(found.copies),
            context={
                **context,
                "readers": len(found.readers),
                "leaders": len(found.leaders),
                "url": _page_url(meeting),
            },
            network=meeting.network,
            dedupe_key=_key(meeting, "copy"),
            attachments=attachments,
        )
    for address, staff in found.leaders.items():
        queue_message(
            "minutes_leader",
            to=[address],
            context={**context, "name": distribution.leader_name_of(address), "staff": list(staff)},
            network=meeting.network,
            dedupe_key=_key(meeting, "leader", address),
            attachments=attachments,
        )
    finish_step(meeting, rules.Step.MINUTES_TO_SECRETARIAT, by)
    finish_step(meeting, rules.Step.MINUTES_SENT, by)
    sent = Sent(readers=len(found.readers), copies=len(found.copies), leaders=len(found.leaders))
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=minutes,
        target=str(meeting),
        network=meeting.network,
        changes={"status": Status.APPROVED, "readers": sent.readers, "copies": sent.copies, "leaders": sent.leaders},
    )
    return sent


# --- Who received what ----------------------------------------------------------------------

DISTRIBUTION_KINDS = {
    "reader": gettext_lazy("Medlem eller deltaker"),
    "copy": gettext_lazy("Kopi"),
    "leader": gettext_lazy("Nærmeste leder"),
}


@dataclass(frozen=True)
class DistributionRow:
    message_id: int
    to: tuple[str, ...]
    kind: str
    kind_label: str
    status: str
    status_label: str
    sent_at: dt.datetime | None
    attempts: int
    last_error: str

    @property
    def failed(self) -> bool:
        return self.status == OutboxMessage.Status.FAILED


def distribution(meeting: Meeting) -> list[DistributionRow]:
    """The minutes' e-mails: to whom, as what, and whether they arrived (the outbox)."""
    prefix = f"minutes:{meeting.pk}:"
    wanted = Q()
    for kind in DISTRIBUTION_KINDS:
        wanted |= Q(dedupe_key__startswith=prefix + kind)
    rows = []
    for message in OutboxMessage.objects.filter(wanted).only(
        "id", "to", "dedupe_key", "status", "sent_at", "attempts", "last_error"
    ):
        kind = message.dedupe_key[len(prefix) :].split(":", 1)[0]
        rows.append(
            DistributionRow(
                message_id=message.pk,
                to=tuple(message.to),
                kind=kind,
                kind_label=str(DISTRIBUTION_KINDS[kind]),
                status=message.status,
                status_label=message.get_status_display(),
                sent_at=message.sent_at,
                attempts=message.attempts,
                last_error=message.last_error,
            )
        )
    order = list(DISTRIBUTION_KINDS)
    return sorted(rows, key=lambda r: (order.index(r.kind), [a.casefold() for a in r.to]))


# --- The home page ----------------------------------------------------------------------------


def owed_by(roles: Roles, now: dt.datetime | None = None) -> list[Meeting]:
    """Ended meetings whose minutes this user writes and has not yet sent to the secretariat:
    the group leader's and the committee's meetings, and those the user takes minutes for."""
    now = now or timezone.now()
    mine = Q(local_group__in=roles.led_groups) | Q(committee__in=roles.committees)
    if roles.person_id:
        mine |= Q(minute_taker=roles.person_id)
    return list(
        Meeting.objects.filter(mine, ends_at__lte=now, ends_at__gte=now - dt.timedelta(days=OWED_FOR_DAYS))
        .filter(Q(minutes__isnull=True) | Q(minutes__status__in=EDITABLE))
        .select_related("local_group", "committee", "minutes")
        .order_by("ends_at")[:10]
    )


def awaiting_review(roles: Roles) -> Shortlist:
    """Minutes sent to the secretariat of the user's networks, oldest first, and how many in all."""
    return shortlist(
        Minutes.objects.filter(status=Status.SUBMITTED, meeting__network__in=roles.secretariat_networks)
        .select_related("meeting__local_group", "meeting__committee")
        .order_by("submitted_at", "pk")
    )


# --- Helpers --------------------------------------------------------------------------------


def _page_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:minutes", args=[meeting.pk])


def _name_of(user) -> str:
    person = getattr(user, "person", None) if user is not None else None
    return person.full_name if person is not None else str(user or "")
