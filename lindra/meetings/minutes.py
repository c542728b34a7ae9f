"""The minutes (referat, seeds 000 and 001): drafted from the network's template with the
meeting's facts filled in (who attended, who gave notice, the two parts), written by the
minute-taker or the group leader, sent to the secretariat within 14 days, reviewed there,
and then sent by rule: to every member of the group and every participant, with a copy to
the operations group's leader and the secretariat, and to the nearest leader of every
member ("KLB sender kopi av referatet til nærmeste leder for alle ressurssykepleierne").

The same machinery serves committee meetings, the fagdag and intro courses: there the
"members of the group" are the people called to the meeting.

The documents: a PDF (WeasyPrint) and a Word document from the network's own .docx
template (docxtpl), or from Lindra's default template, made here with python-docx.
"""

import dataclasses
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.accounts.roles import Roles
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.meetings import invitations, rules
from lindra.meetings.models import DeadlineStep, Meeting, Minutes, MinutesTemplate, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import Membership, Network, Person, Term

Status = Minutes.Status
EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
MAX_DOCX_BYTES = 5 * 1024 * 1024
# Meetings whose minutes are still owed show on the writers' home page this long after.
OWED_FOR_DAYS = 90


# --- The facts of the meeting ---------------------------------------------------------------


@dataclass(frozen=True)
class MinutesFacts:
    """What the minutes state about the meeting, read from the meeting and its attendance.
    Those absent without notice are not named: the minutes go to everyone (seed 001 asks
    for who attended and who gave notice, nothing more)."""

    network: str
    title: str
    kind: str
    is_group: bool
    organiser: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    host: str
    host_workplace: str
    minute_taker: str
    leaders: tuple[str, ...]
    attended: tuple[str, ...]  # members present
    guests: tuple[str, ...]  # guests present
    gave_notice: tuple[str, ...]
    attendance_marked: bool
    part1: str
    part2_title: str
    part2: str
    topics: tuple[str, ...]

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def date_text(self) -> str:
        return date_format(self.date, "l j. F Y")

    @property
    def time_text(self) -> str:
        return f"{timezone.localtime(self.starts_at):%H:%M}–{timezone.localtime(self.ends_at):%H:%M}"

    @property
    def host_text(self) -> str:
        return ", ".join(part for part in (self.host, self.host_workplace) if part)

    @classmethod
    def from_json(cls, data: dict) -> "MinutesFacts":
        """The facts as saved when the minutes were sent (Minutes.facts_as_sent)."""
        values = {}
        for name, value in data.items():
            if name in ("starts_at", "ends_at"):
                value = dt.datetime.fromisoformat(value)
            elif isinstance(value, list):
                value = tuple(value)
            values[name] = value
        return cls(**values)


def _person_key(person: Person) -> tuple[str, str]:
    return (person.family_name.casefold(), person.given_name.casefold())


def facts_for(minutes: Minutes) -> MinutesFacts:
    """The facts the minutes state: as sent, once approved; until then, as they stand now."""
    if minutes.status == Minutes.Status.APPROVED and minutes.facts_as_sent:
        return MinutesFacts.from_json(minutes.facts_as_sent)
    return facts(minutes.meeting)


def facts(meeting: Meeting) -> MinutesFacts:
    """The meeting's facts for the minutes. Attendance as marked on the day; before it is
    marked, those who answered that they could not come count as having given notice."""
    registrations = list(Registration.objects.filter(meeting=meeting).select_related("person"))
    members = sorted(
        (r for r in registrations if r.kind == Registration.Kind.MEMBER), key=lambda r: _person_key(r.person)
    )
    guests = sorted((r for r in registrations if r.kind == Registration.Kind.GUEST), key=lambda r: r.name.casefold())
    present = Registration.Attendance.PRESENT
    notice = [
        r.name
        for r in members
        if r.attendance == Registration.Attendance.NOTICE
        or (not r.attendance and r.answer == Registration.Answer.ABSENT)
    ]
    return MinutesFacts(
        network=meeting.network.name,
        title=meeting.title,
        kind=meeting.get_kind_display(),
        is_group=meeting.kind == Meeting.Kind.GROUP,
        organiser=str(meeting.organiser),
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        host=meeting.host.full_name if meeting.host_id else "",
        host_workplace=str(meeting.host_workplace) if meeting.host_workplace_id else "",
        minute_taker=meeting.minute_taker.full_name if meeting.minute_taker_id else "",
        leaders=tuple(p.full_name for p in _leaders(meeting, timezone.localdate(meeting.starts_at))),
        attended=tuple(r.name for r in members if r.attendance == present),
        guests=tuple(r.name for r in guests if r.attendance == present),
        gave_notice=tuple(notice),
        attendance_marked=meeting.attendance_recorded_at is not None or any(r.attendance for r in registrations),
        part1=meeting.part1,
        part2_title=meeting.part2_title,
        part2=meeting.part2,
        topics=tuple(str(t) for t in meeting.topics.all()),
    )


def _leaders(meeting: Meeting, on: dt.date) -> list[Person]:
    """Who leads the meeting: the group's leader, or the committee's leader (else its members)."""
    if meeting.local_group_id:
        terms = Term.objects.current(on).filter(local_group=meeting.local_group_id, kind=Term.Kind.GROUP_LEADER)
    else:
        terms = Term.objects.current(on).filter(committee=meeting.committee_id)
        if any(t.kind == Term.Kind.COMMITTEE_LEADER for t in terms):
            terms = terms.filter(kind=Term.Kind.COMMITTEE_LEADER)
    return sorted({t.person for t in terms.select_related("person")}, key=_person_key)


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
    """A draft not yet saved, as the writer will first see it."""
    return Minutes(meeting=meeting, **starting_text(guidance_for(meeting.network)))


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
    if not Minutes.objects.filter(pk=minutes.pk, version=expected_version, status__in=EDITABLE).update(
        version=F("version") + 1, **fields
    ):
        raise _refused_change(minutes)
    minutes.refresh_from_db()
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=minutes.meeting,
        network=minutes.meeting.network,
        changes={"minutes": "saved", "version": minutes.version},
    )
    return minutes


@transaction.atomic
def submit(minutes: Minutes, *, by, request=None) -> Minutes:
    """The writer sends the minutes to the secretariat (001: within 14 days after the meeting)."""
    meeting = minutes.meeting
    if meeting.ends_at > timezone.now():
        raise MeetingError(
            _("Referatet kan sendes til sekretariatet når møtet er over (%(when)s).")
            % {"when": date_format(timezone.localtime(meeting.ends_at), "j. F Y \\k\\l. H:i")}
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
    invitations._finish_step(meeting, rules.Step.MINUTES_TO_SECRETARIAT, by)
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
        obj=meeting,
        network=meeting.network,
        changes={"minutes": "submitted"},
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
    DeadlineStep.objects.filter(meeting=meeting, step=rules.Step.MINUTES_TO_SECRETARIAT).update(
        done_at=None, done_by=None
    )
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
        obj=meeting,
        network=meeting.network,
        changes={"minutes": "changes requested"},
    )
    return minutes


def writers_emails(minutes: Minutes, on: dt.date) -> list[str]:
    """Those who answer for the minutes: the group's leader (or the committee's), the
    minute-taker and whoever sent them in."""
    meeting = minutes.meeting
    emails = {p.email for p in _leaders(meeting, on) if p.email}
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
    participant and guest, each with their nearest leader in the network; copies to the
    operations group's leader and the secretariat (rules.minutes_recipients)."""
    if meeting.kind == Meeting.Kind.GROUP:
        called = list(
            Person.objects.filter(
                memberships__in=Membership.objects.current(on).filter(local_group=meeting.local_group_id)
            ).distinct()
        )
    else:
        called = invitations.participants(meeting, on)
    registrations = list(Registration.objects.filter(meeting=meeting).select_related("person"))
    people = {p.pk: p for p in called}
    people.update({r.person_id: r.person for r in registrations if r.person_id})
    leaders: dict[int, Person] = {}
    memberships = (
        Membership.objects.current(on)
        .filter(network=meeting.network_id, person__in=list(people), nearest_leader__isnull=False)
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


@transaction.atomic
def approve_and_send(minutes: Minutes, *, by, request=None) -> Sent:
    """The secretariat approves the minutes and sends them by rule, each address once: one
    e-mail per reader, one copy to the operations group's leader and the secretariat, and one
    to each nearest leader naming their staff in the group. The PDF is attached to all."""
    meeting = Meeting.objects.select_related(
        "network", "local_group", "committee", "host", "host_workplace", "minute_taker"
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
    pdf = render_pdf(minutes, meeting_facts)
    attachments = [(document_name(meeting, "pdf"), pdf, "application/pdf")]
    distribution = recipients(meeting, today)
    found = distribution.recipients
    context = {"meeting": meeting, "facts": meeting_facts, "minutes": minutes}
    guest_attachments = []
    if any(distribution.is_guest(address) for address in found.readers):
        guest_pdf = render_pdf(minutes, meeting_facts, for_guests=True)
        guest_attachments = [(document_name(meeting, "pdf"), guest_pdf, "application/pdf")]
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
    invitations._finish_step(meeting, rules.Step.MINUTES_TO_SECRETARIAT, by)
    invitations._finish_step(meeting, rules.Step.MINUTES_SENT, by)
    sent = Sent(readers=len(found.readers), copies=len(found.copies), leaders=len(found.leaders))
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes={"minutes": "approved", "readers": sent.readers, "copies": sent.copies, "leaders": sent.leaders},
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


def awaiting_review(roles: Roles) -> list[Minutes]:
    """Minutes sent to the secretariat of the user's networks, oldest first."""
    return list(
        Minutes.objects.filter(status=Status.SUBMITTED, meeting__network__in=roles.secretariat_networks)
        .select_related("meeting__local_group", "meeting__committee")
        .order_by("submitted_at")[:20]
    )


# --- Documents --------------------------------------------------------------------------------


def document_name(meeting: Meeting, extension: str) -> str:
    return f"referat-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.{extension}"


def render_pdf(minutes: Minutes, meeting_facts: MinutesFacts | None = None, *, for_guests: bool = False) -> bytes:
    """The minutes as a PDF; for guests, without part 1, which is for the group's members."""
    from weasyprint import HTML  # loaded only when a PDF is made: it needs pango

    html = render_to_string(
        "meetings/minutes_pdf.html",
        {
            "minutes": minutes,
            "facts": meeting_facts or facts_for(minutes),
            "approved": _approved(minutes),
            "for_guests": for_guests,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def _approved(minutes: Minutes) -> bool:
    return minutes.status == Status.APPROVED


class NameList(list):
    """A list of names that prints as "Kari Nordmann, Per Hansen" in a Word template, and
    can also be looped over ({%p for navn in til_stede %})."""

    def __str__(self) -> str:
        return ", ".join(self)


def _docx_text(text: str) -> str:
    # docxtpl turns "\a" into a new paragraph and "\n" into a line break.
    paragraphs = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    return "\a".join(p for p in paragraphs if p.strip())


def docx_context(minutes: Minutes, meeting_facts: MinutesFacts) -> dict:
    """The template's variables (documented on the template page, TEMPLATE_VARIABLES)."""
    f = meeting_facts
    return {
        "tittel": f.title,
        "nettverk": f.network,
        "gruppe": f.organiser,
        "dato": f.date_text,
        "tid": f.time_text,
        "sted": f.place,
        "arrangor": f.host_text,
        "referent": f.minute_taker,
        "gruppeleder": ", ".join(f.leaders),
        "til_stede": NameList(f.attended),
        "forfall": NameList(f.gave_notice),
        "gjester": NameList(f.guests),
        "del1": _docx_text(f.part1),
        "del2_tittel": f.part2_title,
        "del2": _docx_text(f.part2),
        "temaer": NameList(f.topics),
        "referat_del1": _docx_text(minutes.part1),
        "referat_del2": _docx_text(minutes.part2),
        "avtaler": _docx_text(minutes.agreements),
        "status": minutes.get_status_display(),
        "godkjent": date_format(timezone.localtime(minutes.approved_at), "j. F Y") if minutes.approved_at else "",
    }


TEMPLATE_VARIABLES = [
    ("tittel", gettext_lazy("Møtets tittel")),
    ("nettverk", gettext_lazy("Nettverkets navn")),
    ("gruppe", gettext_lazy("Lokalgruppen eller utvalget som holdt møtet")),
    ("dato", gettext_lazy("Datoen, f.eks. «tirsdag 3. mars 2026»")),
    ("tid", gettext_lazy("Klokkeslett, f.eks. «12:00–15:00»")),
    ("sted", gettext_lazy("Møtestedet")),
    ("arrangor", gettext_lazy("Arrangøren og arbeidsstedet")),
    ("referent", gettext_lazy("Den som skrev referatet")),
    ("gruppeleder", gettext_lazy("Gruppelederen (eller utvalgets leder)")),
    ("til_stede", gettext_lazy("Medlemmer som var til stede (liste)")),
    ("forfall", gettext_lazy("Medlemmer som meldte forfall (liste)")),
    ("gjester", gettext_lazy("Gjester som var til stede på del 2 (liste)")),
    ("del1", gettext_lazy("Programmet for del 1, erfaringsutveksling")),
    ("del2_tittel", gettext_lazy("Tittelen på del 2, faglig påfyll")),
    ("del2", gettext_lazy("Programmet for del 2")),
    ("temaer", gettext_lazy("Tema i kompetanseplanen (liste)")),
    ("referat_del1", gettext_lazy("Referatet fra del 1")),
    ("referat_del2", gettext_lazy("Referatet fra del 2")),
    ("avtaler", gettext_lazy("Avtaler og oppfølging")),
    ("status", gettext_lazy("Referatets status, f.eks. «Utkast»")),
    ("godkjent", gettext_lazy("Datoen sekretariatet godkjente referatet (tom før det)")),
]


def render_docx(minutes: Minutes, meeting_facts: MinutesFacts | None = None) -> bytes:
    """The minutes as a Word document, from the network's own template or Lindra's default."""
    template = MinutesTemplate.objects.filter(network=minutes.meeting.network_id).only("docx").first()
    source = bytes(template.docx) if template and template.docx else default_docx_template()
    return _render_docx(source, docx_context(minutes, meeting_facts or facts_for(minutes)))


def _sandbox():
    """The networks' templates are uploaded by people: their codes run in Jinja's sandbox,
    which lets them print and loop over the values but reach nothing else in Lindra."""
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(autoescape=True)


def _render_docx(source: bytes, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(source))
    document.render(context, jinja_env=_sandbox(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def default_docx_template() -> bytes:
    """Lindra's own Word template, made with python-docx: the network's name, the title, a
    table of facts, attendance, the two parts with their topics, and the agreements."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    blue = RGBColor(0x00, 0x62, 0xBA)
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.color.rgb = blue

    network = document.add_paragraph()
    run = network.add_run("{{ nettverk }}")
    run.font.size, run.font.color.rgb, run.bold = Pt(10), blue, True
    document.add_paragraph("{{ tittel }}", style="Title")
    document.add_paragraph(_("Referat") + " · {{ gruppe }}")

    table = document.add_table(rows=0, cols=2)
    table.style = "Light List Accent 1" if "Light List Accent 1" in document.styles else "Table Grid"
    rows = [
        (_("Dato"), "{{ dato }}"),
        (_("Tid"), "{{ tid }}"),
        (_("Sted"), "{{ sted }}"),
        (_("Arrangør"), "{{ arrangor }}"),
        (_("Møteleder"), "{{ gruppeleder }}"),
        (_("Referent"), "{{ referent }}"),
    ]
    for label, code in rows:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(4), Cm(12.6)
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(code)

    def name_list(heading: str, variable: str, empty: str) -> None:
        document.add_heading(heading, level=2)
        document.add_paragraph("{%p for navn in " + variable + " %}")
        document.add_paragraph("{{ navn }}", style="List Bullet")
        document.add_paragraph("{%p endfor %}")
        document.add_paragraph("{%p if not " + variable + " %}")
        document.add_paragraph(empty)
        document.add_paragraph("{%p endif %}")

    name_list(_("Til stede"), "til_stede", _("Ikke registrert."))
    name_list(_("Meldt forfall"), "forfall", _("Ingen."))
    document.add_paragraph("{%p if gjester %}")
    document.add_heading(_("Gjester på del 2"), level=2)
    document.add_paragraph("{{ gjester }}")
    document.add_paragraph("{%p endif %}")

    document.add_heading(_("Del 1: Erfaringsutveksling"), level=1)
    document.add_paragraph("{%p if del1 %}")
    program = document.add_paragraph()
    program.add_run(_("Fra programmet: ")).italic = True
    program.add_run("{{ del1 }}").italic = True
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ referat_del1 }}")

    document.add_heading(_("Del 2: Faglig påfyll") + "{% if del2_tittel %}: {{ del2_tittel }}{% endif %}", level=1)
    document.add_paragraph("{%p if temaer %}")
    topics = document.add_paragraph()
    topics.add_run(_("Tema i kompetanseplanen: ")).bold = True
    topics.add_run("{{ temaer }}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if del2 %}")
    program = document.add_paragraph()
    program.add_run(_("Fra programmet: ")).italic = True
    program.add_run("{{ del2 }}").italic = True
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ referat_del2 }}")

    document.add_heading(_("Avtaler og oppfølging"), level=1)
    document.add_paragraph("{{ avtaler }}")

    signature = document.add_paragraph()
    signature.paragraph_format.space_before = Pt(18)
    signature.add_run(_("Referent: ")).bold = True
    signature.add_run("{{ referent }}")
    status = document.add_paragraph()
    status.alignment = WD_ALIGN_PARAGRAPH.LEFT
    status_run = status.add_run(
        "{% if godkjent %}"
        + _("Godkjent av sekretariatet {{ godkjent }}.")
        + "{% else %}"
        + _("Utkast – ikke godkjent av sekretariatet.")
        + "{% endif %}"
    )
    status_run.italic, status_run.font.size = True, Pt(9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sample_context() -> dict:
    """Made-up values to try an uploaded template with."""
    return {
        "tittel": "Nettverksmøte 1/2026",
        "nettverk": "Kompetansenettverk i lindrende behandling",
        "gruppe": "Bergen sentrum",
        "dato": "tirsdag 3. mars 2026",
        "tid": "12:00–15:00",
        "sted": "Løvåsen sykehjem",
        "arrangor": "Kari Nordmann, Løvåsen sykehjem",
        "referent": "Per Hansen",
        "gruppeleder": "Gunn Berg",
        "til_stede": NameList(["Kari Nordmann", "Per Hansen"]),
        "forfall": NameList(["Ola Dahl"]),
        "gjester": NameList(["Eva Lie"]),
        "del1": "Nytt fra driftsgruppen",
        "del2_tittel": "Smertelindring",
        "del2": "Innlegg ved lege",
        "temaer": NameList(["Smertelindring"]),
        "referat_del1": "Vi snakket om …",
        "referat_del2": "Hovedpunkter …",
        "avtaler": "Neste møte 2. juni.",
        "status": "Utkast",
        "godkjent": "",
    }


def check_docx_template(content: bytes) -> None:
    """Refuses an uploaded file that is no Word template Lindra can fill in, with the reason
    in Norwegian on the upload field."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    if len(content) > MAX_DOCX_BYTES:
        raise MeetingError(_("Filen er større enn 5 MB. Ta ut bilder eller lagre den på nytt i Word."), field="docx")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise MeetingError(_("Filen er ikke et Word-dokument (.docx). Lagre malen som .docx i Word."), field="docx")
    try:
        document = DocxTemplate(io.BytesIO(content))
        unknown = sorted(document.get_undeclared_template_variables(jinja_env=_sandbox()) - set(sample_context()))
    except TemplateError as error:
        raise MeetingError(
            _(
                "Malen har en feil i en flettekode. Se over {{ … }} og {%% … %%} i dokumentet. "
                "(Teknisk melding: %(error)s)"
            )
            % {"error": error},
            field="docx",
        ) from error
    except Exception as error:  # any file docxtpl cannot read is refused the same way
        raise MeetingError(
            _("Lindra kan ikke lese filen som en Word-mal. Lagre den på nytt som .docx i Word."), field="docx"
        ) from error
    if unknown:
        raise MeetingError(
            _("Malen bruker flettekoder Lindra ikke kjenner: %(codes)s. Bruk kodene i listen på siden.")
            % {"codes": ", ".join(f"{{{{ {name} }}}}" for name in unknown)},
            field="docx",
        )
    try:
        _render_docx(content, sample_context())
    except Exception as error:  # the reason is told to the user below
        raise MeetingError(
            _("Malen kunne ikke fylles ut. Se over flettekodene i dokumentet. (Teknisk melding: %(error)s)")
            % {"error": error},
            field="docx",
        ) from error


@transaction.atomic
def save_template(
    network: Network,
    *,
    body: str,
    by,
    docx: bytes | None = None,
    docx_name: str = "",
    use_default: bool = False,
    request=None,
) -> MinutesTemplate:
    """The secretariat's guidance text and Word template for the network's minutes."""
    template = MinutesTemplate.objects.select_for_update().filter(network=network).first()
    template = template or MinutesTemplate(network=network)
    changes: dict = {}
    if template.body != body:
        changes["body"] = True
    template.body = body
    if docx is not None:
        check_docx_template(docx)
        template.docx, template.docx_name = docx, docx_name[:200]
        changes["docx"] = template.docx_name
    elif use_default and template.docx:
        template.docx, template.docx_name = None, ""
        changes["docx"] = "default"
    template.updated_at, template.updated_by = timezone.now(), by
    template.save()
    record(AuditAction.CHANGED, request=request, actor=by, obj=template, network=network, changes=changes)
    return template


# --- Helpers --------------------------------------------------------------------------------


def _page_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse("meetings:minutes", args=[meeting.pk])


def _name_of(user) -> str:
    person = getattr(user, "person", None) if user is not None else None
    return person.full_name if person is not None else str(user or "")
