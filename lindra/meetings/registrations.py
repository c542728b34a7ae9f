"""Registration and notice of absence, guests and read confirmations (seeds 000, 001).

A member registers with the host, or gives notice of absence, which goes on to the member's
own nearest leader and the group's leader (001: "det skal meldes fra til egen leder og leder
for nettverksgruppen ved sykdom/fravær"). No reason for an absence is asked for or stored:
it may be health data. The registration deadline closes registering (001: "Det er viktig å
overholde tidsfrist for påmelding til arrangør"); notice of absence is taken until the
meeting starts, and goes to the same people after the deadline as before it.

A fagdag or an intro course may have a number of places (Meeting.capacity). Whoever registers
when every place is taken waits in turn on a list (Registration.waitlisted_at), and is told
their number; when someone with a place gives notice of absence, or places are added, the
first in turn gets the place and an e-mail. Places are counted with the meeting's row locked,
so that two registering for the last place at once cannot both get it.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.mail.services import queue_message
from lindra.meetings import links, rules
from lindra.meetings.calendars import meeting_ics
from lindra.meetings.deadlines import deadline_for
from lindra.meetings.invitations import render_guest_pdf
from lindra.meetings.models import Meeting, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import Membership, Person, Term

Answer = Registration.Answer


class RegistrationError(MeetingError):
    pass


@dataclass(frozen=True)
class AnswerWindow:
    """Which answers one participant may still give, and why not the others and what to do
    instead, in Norwegian."""

    phase: rules.AnswerPhase
    deadline: dt.date
    choices: tuple[str, ...]
    note: str

    @property
    def registering_open(self) -> bool:
        return self.phase == rules.AnswerPhase.OPEN


def answer_window(meeting: Meeting, registration: Registration | None, now: dt.datetime | None = None) -> AnswerWindow:
    now = now or timezone.now()
    deadline = deadline_for(meeting)
    phase = rules.answer_phase(
        now, timezone.localdate(now), starts_at=meeting.starts_at, ends_at=meeting.ends_at, deadline=deadline
    )
    current = registration.answer if registration is not None else Answer.NONE
    guest = registration is not None and registration.kind == Registration.Kind.GUEST
    return AnswerWindow(
        phase=phase,
        deadline=deadline,
        choices=rules.open_answers(phase, current),
        note=_note(meeting, phase, deadline, current, guest=guest),
    )


def labelled_choices(window: AnswerWindow, registration: Registration | None) -> list[tuple[str, str]]:
    """The open answers with the words of their buttons, which depend on what was said before."""
    current = registration.answer if registration is not None else Answer.NONE
    guest = registration is not None and registration.kind == Registration.Kind.GUEST
    waiting = registration is not None and registration.waitlisted_at is not None
    labels = {
        Answer.REGISTERED: _("Jeg kan likevel komme") if current == Answer.ABSENT else _("Meld meg på"),
        Answer.ABSENT: (
            _("Ta meg av ventelisten")
            if waiting and current == Answer.REGISTERED
            else _("Jeg kan likevel ikke komme")
            if current == Answer.REGISTERED
            else _("Jeg kan ikke komme")
            if guest
            else _("Meld forfall")
        ),
    }
    return [(answer, labels[answer]) for answer in window.choices]


def moment(when: dt.datetime) -> str:
    """A moment as people say it: "tirsdag 3. desember kl. 10:12"."""
    return date_format(timezone.localtime(when), "WEEKDAY_MONTH_DAY_TIME_FORMAT")


def expected(meeting: Meeting, *, guest: bool) -> tuple[dt.datetime, dt.datetime]:
    """When the participant is expected: a guest comes to part 2."""
    return (meeting.guest_starts_at, meeting.guest_ends_at) if guest else (meeting.starts_at, meeting.ends_at)


def span(meeting: Meeting, *, guest: bool) -> str:
    """When the participant is expected, as people say it: "tirsdag 3. desember 2026 kl.
    13:00–15:00"."""
    starts_at, ends_at = expected(meeting, guest=guest)
    return (
        date_format(timezone.localtime(starts_at), "WEEKDAY_DATETIME_FORMAT")
        + "–"
        + date_format(timezone.localtime(ends_at), "H:i")
    )


def contact_for(meeting: Meeting) -> str:
    """Whom to turn to when the page can no longer take the answer: the host, who takes the
    registrations (001), else the secretariat."""
    host = meeting.host if meeting.host_id else None
    if host is not None and host.email:
        return _("arrangøren, %(name)s (%(email)s)") % {"name": host.full_name, "email": host.email}
    if host is not None:
        return _("arrangøren, %(name)s") % {"name": host.full_name}
    return _("sekretariatet (%(email)s)") % {"email": meeting.network.secretariat_email}


def _note(meeting: Meeting, phase: rules.AnswerPhase, deadline: dt.date, current: str, *, guest: bool) -> str:
    facts = {
        "deadline": date_format(deadline, "WEEKDAY_MONTH_DAY_FORMAT"),
        "starts": moment(expected(meeting, guest=guest)[0]),
        "held": span(meeting, guest=guest),
        "contact": contact_for(meeting),
    }
    Phase = rules.AnswerPhase
    if phase == Phase.OVER:
        text = _(
            "Møtet ble holdt %(held)s. Oppmøtet føres av arrangøren, så her er det ikke noe mer å svare på. "
            "Har du spørsmål, ta kontakt med %(contact)s."
        )
    elif phase == Phase.STARTED:
        text = (
            _("Møtet har begynt, så svar tas ikke imot her lenger. Kommer du ikke, gi beskjed direkte til %(contact)s.")
            if guest
            else _(
                "Møtet har begynt, så svar tas ikke imot her lenger. Kommer du ikke, gi beskjed direkte til din "
                "nærmeste leder og gruppelederen."
            )
        )
    elif phase == Phase.LATE:
        text = _late_note(current, guest=guest)
    elif current == Answer.ABSENT:
        text = _("Du kan melde deg på igjen til og med %(deadline)s.")
    elif current == Answer.REGISTERED:
        text = (
            _(
                "Du kan endre svaret til og med %(deadline)s. Kan du likevel ikke komme etter det, kan du si fra her "
                "helt til møtet begynner."
            )
            if guest
            else _(
                "Du kan endre svaret til og med %(deadline)s. Etter det kan du fortsatt melde forfall fram til "
                "møtet begynner."
            )
        )
    else:
        text = (
            _("Svar innen %(deadline)s.")
            if guest
            else _("Svar innen %(deadline)s. Kan du ikke komme, kan du melde forfall helt fram til møtet begynner.")
        )
    return text % facts


def _late_note(current: str, *, guest: bool) -> str:
    if current == Answer.ABSENT:
        if guest:
            return _(
                "Du har sagt fra at du ikke kommer, og påmeldingsfristen var %(deadline)s. Kan du likevel komme, "
                "ta kontakt med %(contact)s."
            )
        return _(
            "Du har meldt forfall, og påmeldingsfristen var %(deadline)s, så du kan ikke melde deg på igjen her. "
            "Kan du likevel komme, ta kontakt med %(contact)s."
        )
    if current == Answer.REGISTERED:
        if guest:
            return _(
                "Påmeldingsfristen var %(deadline)s. Kan du likevel ikke komme, kan du si fra her fram til møtet "
                "begynner %(starts)s."
            )
        return _(
            "Påmeldingsfristen var %(deadline)s. Kan du likevel ikke komme, kan du melde forfall her fram til "
            "møtet begynner %(starts)s."
        )
    if guest:
        return _(
            "Påmeldingsfristen var %(deadline)s, så du kan ikke melde deg på her lenger. Vil du likevel komme, ta "
            "kontakt med %(contact)s. Kommer du ikke, kan du si fra her fram til møtet begynner %(starts)s."
        )
    return _(
        "Påmeldingsfristen var %(deadline)s, så du kan ikke melde deg på her lenger. Kan du ikke komme, kan du "
        "fortsatt melde forfall fram til møtet begynner %(starts)s. Vil du likevel komme, ta kontakt med "
        "%(contact)s."
    )


# --- Answering ------------------------------------------------------------------------------


@transaction.atomic
def answer(registration: Registration, answer: str, *, by=None, request=None) -> Registration:
    """Registers the participant, or records their notice of absence. Changing one's mind
    before the deadline is allowed, and notice until the meeting starts; giving the same
    answer again changes nothing. A guest who registers gets a confirmation with the time of
    part 2 in their calendar."""
    if answer not in (Answer.REGISTERED, Answer.ABSENT):
        raise RegistrationError(_("Velg om du kommer eller ikke."))
    # The meeting first, so that places are counted one answer at a time; then the
    # registration, so that two clicks at once send one notice.
    capacity = _lock_places(registration.meeting_id)
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("meeting__network", "meeting__local_group", "meeting__committee", "meeting__host", "person")
        .get(pk=registration.pk)
    )
    meeting = registration.meeting
    if registration.answer == answer:
        return registration
    window = answer_window(meeting, registration)
    if answer not in window.choices:
        raise RegistrationError(window.note)
    before = registration.answer
    held_a_place = before == Answer.REGISTERED and registration.waitlisted_at is None
    registration.answer = answer
    registration.answered_at = timezone.now()
    registration.waitlisted_at = None
    if answer == Answer.REGISTERED and not rules.has_place(capacity, _holding(meeting)):
        registration.waitlisted_at = registration.answered_at
    registration.save(update_fields=["answer", "answered_at", "waitlisted_at"])
    if answer == Answer.ABSENT and registration.kind == Registration.Kind.MEMBER:
        _send_absence_notice(registration)
    if registration.waitlisted_at is not None:
        _send_waitlisted(registration)
    elif answer == Answer.REGISTERED and registration.kind == Registration.Kind.GUEST:
        _send_guest_confirmation(registration)
    if held_a_place and answer == Answer.ABSENT:
        fill_free_places(meeting, by=by, request=request)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=registration,
        network=meeting.network,
        changes={"answer": [before, answer]},
    )
    return registration


def is_participant(meeting: Meeting, person: Person, on: dt.date | None = None) -> bool:
    """Whether the person is called to the meeting: a current member of the group, or of the
    committee, on the meeting's day. (Members on leave are not called, but may still come.)"""
    on = on or timezone.localdate(meeting.starts_at)
    if Registration.objects.filter(meeting=meeting, person=person, kind=Registration.Kind.MEMBER).exists():
        return True
    if meeting.local_group_id:
        return Membership.objects.current(on).filter(person=person, local_group=meeting.local_group_id).exists()
    return Term.objects.current(on).filter(person=person, committee=meeting.committee_id).exists()


def registration_of(meeting: Meeting, person: Person) -> Registration | None:
    return Registration.objects.filter(meeting=meeting, person=person).first()


@transaction.atomic
def answer_as_member(meeting: Meeting, person: Person, answer_: str, *, by, request=None) -> Registration:
    """A signed-in participant answers for themselves, also before the invitation has gone
    out (the invitation then keeps their registration)."""
    if not is_participant(meeting, person):
        raise RegistrationError(_("Du er ikke deltaker på dette møtet."))
    registration, _created = Registration.objects.get_or_create(
        meeting=meeting, person=person, defaults={"kind": Registration.Kind.MEMBER}
    )
    return answer(registration, answer_, by=by, request=request)


def absence_recipients(registration: Registration, on: dt.date | None = None) -> list[str]:
    """Who is told of a member's notice of absence: the member's own nearest leader, the
    group's leader (for a committee: its leader) and the host, who takes the registrations."""
    on = on or timezone.localdate()
    meeting = registration.meeting
    memberships = Membership.objects.current(on).filter(person=registration.person_id)
    if meeting.local_group_id:
        memberships = memberships.filter(local_group=meeting.local_group_id)
        leaders = Term.objects.current(on).filter(local_group=meeting.local_group_id, kind=Term.Kind.GROUP_LEADER)
    else:
        memberships = memberships.filter(network=meeting.network_id)
        leaders = Term.objects.current(on).filter(committee=meeting.committee_id, kind=Term.Kind.COMMITTEE_LEADER)
    emails = list(memberships.exclude(nearest_leader=None).values_list("nearest_leader__email", flat=True))
    emails += leaders.values_list("person__email", flat=True)
    if meeting.host_id:
        emails.append(meeting.host.email)
    own = (registration.person.email or "").lower()
    unique = []
    for email in emails:
        if email and email.lower() != own and email.lower() not in {e.lower() for e in unique}:
            unique.append(email)
    return unique or [meeting.network.secretariat_email]


def _send_absence_notice(registration: Registration) -> None:
    meeting = registration.meeting
    person = registration.person
    queue_message(
        "absence_notice",
        to=absence_recipients(registration),
        cc=[person.email] if person.email else [],
        reply_to=[person.email] if person.email else [],
        context={"meeting": meeting, "participant": person},
        network=meeting.network,
        dedupe_key=f"absence:{registration.pk}:{registration.answered_at.isoformat()}",
    )


@transaction.atomic
def confirm_read(registration: Registration, *, request=None) -> tuple[Registration, bool]:
    """The participant pressed the button to confirm having read the invitation (opening the
    link confirms nothing: mail scanners open links). Recorded the first time, harmless
    after; not once the meeting has begun."""
    now = timezone.now()
    window = answer_window(registration.meeting, registration, now)
    if window.phase in (rules.AnswerPhase.STARTED, rules.AnswerPhase.OVER):
        raise RegistrationError(window.note)
    confirmed = bool(Registration.objects.filter(pk=registration.pk, read_at__isnull=True).update(read_at=now))
    if confirmed:
        record(
            AuditAction.CHANGED,
            request=request,
            obj=registration,
            network=registration.meeting.network,
            changes={"read_at": now.isoformat()},
        )
    registration.read_at = Registration.objects.values_list("read_at", flat=True).get(pk=registration.pk)
    return registration, confirmed


# --- Guests ---------------------------------------------------------------------------------


@transaction.atomic
def invite_guest(meeting: Meeting, *, name: str, email: str, by, request=None) -> Registration:
    """The host (or the group leader, or the secretariat) invites a colleague or a nearest
    leader to part 2 (001: "inviterer kolleger (gjerne tverrfaglig) og nærmeste leder"). The
    guest gets an e-mail with their own links to register or decline."""
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise RegistrationError(_("Skriv navnet til gjesten."), field="name")
    phase = answer_window(meeting, None).phase
    if phase == rules.AnswerPhase.OVER:
        raise RegistrationError(_("Møtet er over."))
    if phase != rules.AnswerPhase.OPEN:
        raise RegistrationError(
            _("Påmeldingsfristen var %(date)s. Gjester kan ikke inviteres etter fristen.")
            % {"date": date_format(deadline_for(meeting), "DATE_FORMAT")}
        )
    taken = Registration.objects.filter(meeting=meeting).filter(
        Q(kind=Registration.Kind.GUEST, guest_email__iexact=email) | Q(person__email__iexact=email)
    )
    if taken.exists():
        raise RegistrationError(_("%(email)s er allerede invitert til dette møtet.") % {"email": email}, field="email")
    try:
        with transaction.atomic():
            guest = Registration.objects.create(
                meeting=meeting, kind=Registration.Kind.GUEST, guest_name=name, guest_email=email, invited_by=by
            )
    except IntegrityError as error:  # invited by someone else at the same moment
        raise RegistrationError(
            _("%(email)s er allerede invitert til dette møtet.") % {"email": email}, field="email"
        ) from error
    queue_message(
        "guest_invitation",
        to=[email],
        reply_to=_reply_to_host(meeting),
        context={
            "meeting": meeting,
            "guest_name": name,
            "invited_by": _inviter_name(by),
            "deadline": deadline_for(meeting),
            "topics": list(meeting.topics.all()),
            "register_url": links.link_for(guest, "register"),
            "absent_url": links.link_for(guest, "absent"),
        },
        network=meeting.network,
        dedupe_key=f"guest:{guest.pk}",
        attachments=lambda: [
            ("invitasjon.pdf", render_guest_pdf(meeting, deadline=deadline_for(meeting)), "application/pdf"),
            ("mote.ics", meeting_ics(meeting, guest=True), "text/calendar"),
        ],
    )
    record(
        AuditAction.CREATED,
        request=request,
        actor=by,
        obj=guest,
        network=meeting.network,
        changes={"kind": guest.kind, "guest_name": name, "guest_email": email},
    )
    return guest


def _send_guest_confirmation(guest: Registration) -> None:
    """Once per guest, however often they change their mind: the first confirmation holds."""
    meeting = guest.meeting
    queue_message(
        "guest_registered",
        to=[guest.guest_email],
        reply_to=_reply_to_host(meeting),
        context={
            "meeting": meeting,
            "guest_name": guest.guest_name,
            "topics": list(meeting.topics.all()),
            "absent_url": links.link_for(guest, "absent"),
        },
        network=meeting.network,
        dedupe_key=f"guest:{guest.pk}:registered",
        attachments=lambda: [("mote.ics", meeting_ics(meeting, guest=True), "text/calendar")],
    )


def _reply_to_host(meeting: Meeting) -> list[str]:
    host_email = meeting.host.email if meeting.host_id and meeting.host.email else None
    return [host_email] if host_email else [meeting.network.secretariat_email]


def _inviter_name(user) -> str:
    person = getattr(user, "person", None) if user is not None else None
    return person.full_name if person is not None else ""


# --- Places and the waiting list -------------------------------------------------------------


def _lock_places(meeting_id: int) -> int | None:
    """Locks the meeting's row until the transaction ends and returns its number of places:
    whoever counts places after this counts them alone."""
    return Meeting.objects.select_for_update().values_list("capacity", flat=True).get(pk=meeting_id)


def _holding(meeting: Meeting) -> int:
    """Registrations that hold a place: registered and not waiting."""
    return Registration.objects.filter(meeting=meeting, answer=Answer.REGISTERED, waitlisted_at__isnull=True).count()


def _waiting(meeting: Meeting) -> list[rules.Waiting]:
    return [
        rules.Waiting(since, pk)
        for pk, since in Registration.objects.filter(
            meeting=meeting, answer=Answer.REGISTERED, waitlisted_at__isnull=False
        ).values_list("pk", "waitlisted_at")
    ]


def place_in_line(registration: Registration | None) -> int | None:
    """The registration's number on the waiting list (1 is next), or None when not waiting."""
    if registration is None or registration.waitlisted_at is None or registration.answer != Answer.REGISTERED:
        return None
    return rules.place_in_line(_waiting(registration.meeting), registration.pk)


@transaction.atomic
def fill_free_places(meeting: Meeting, *, by=None, request=None) -> list[Registration]:
    """Gives the free places to those first in turn on the waiting list, each told by e-mail
    once: after a notice of absence from someone with a place, or when places are added. Not
    once the meeting has begun: then nobody can make use of the place."""
    capacity = _lock_places(meeting.pk)
    if meeting.starts_at <= timezone.now():
        return []
    chosen = rules.promotions(capacity, _holding(meeting), _waiting(meeting))
    if not chosen:
        return []
    promoted = list(
        Registration.objects.filter(pk__in=chosen)
        .select_related("meeting__network", "meeting__local_group", "meeting__committee", "meeting__host", "person")
        .order_by("waitlisted_at", "pk")
    )
    Registration.objects.filter(pk__in=chosen).update(waitlisted_at=None)
    for registration in promoted:
        _send_place_offered(registration)
        record(
            AuditAction.CHANGED,
            request=request,
            actor=by,
            obj=registration,
            network=meeting.network,
            changes={"waitlisted_at": [registration.waitlisted_at.isoformat(), None]},
        )
        registration.waitlisted_at = None
    return promoted


def _participant_context(registration: Registration) -> dict:
    meeting = registration.meeting
    return {
        "meeting": meeting,
        "name": registration.name,
        "guest": registration.kind == Registration.Kind.GUEST,
        "absent_url": links.link_for(registration, "absent"),
    }


def _send_waitlisted(registration: Registration) -> None:
    """Once per time on the list: the number in the queue as it was when they registered."""
    if not registration.email:
        return
    meeting = registration.meeting
    queue_message(
        "waitlisted",
        to=[registration.email],
        reply_to=_reply_to_host(meeting),
        context={**_participant_context(registration), "place": place_in_line(registration)},
        network=meeting.network,
        dedupe_key=f"waitlisted:{registration.pk}:{registration.waitlisted_at.isoformat()}",
    )


def _send_place_offered(registration: Registration) -> None:
    """Once per time on the list, with the meeting in the calendar."""
    if not registration.email:
        return
    meeting = registration.meeting
    guest = registration.kind == Registration.Kind.GUEST
    queue_message(
        "place_offered",
        to=[registration.email],
        reply_to=_reply_to_host(meeting),
        context={**_participant_context(registration), "topics": list(meeting.topics.all())},
        network=meeting.network,
        dedupe_key=f"place:{registration.pk}:{registration.waitlisted_at.isoformat()}",
        attachments=lambda: [("mote.ics", meeting_ics(meeting, guest=guest), "text/calendar")],
    )


# --- The host's list ------------------------------------------------------------------------


@dataclass
class ParticipantList:
    members: list[Registration]
    guests: list[Registration]
    counts: dict[str, int] = field(default_factory=dict)
    waiting: list[Registration] = field(default_factory=list)  # in turn
    holding: int = 0  # registered with a place
    capacity: int | None = None
    free: int | None = None  # places left; None without a limit


def registrations_for(meeting: Meeting) -> ParticipantList:
    """The participants with their answers and read confirmations, members before guests,
    and the counts the host plans the day by."""
    rows = list(
        Registration.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("kind", "person__family_name", "person__given_name", "guest_name")
    )
    members = [r for r in rows if r.kind == Registration.Kind.MEMBER]
    guests = [r for r in rows if r.kind == Registration.Kind.GUEST]
    counts = {
        "members": len(members),
        "guests": len(guests),
        "registered": sum(r.answer == Answer.REGISTERED for r in rows),
        "absent": sum(r.answer == Answer.ABSENT for r in rows),
        "unanswered": sum(r.answer == Answer.NONE for r in rows),
        "read": sum(r.read_at is not None for r in members),
        # Registered with a place; those waiting are on the waiting list.
        "members_registered": sum(r.answer == Answer.REGISTERED and r.waitlisted_at is None for r in members),
        "guests_registered": sum(r.answer == Answer.REGISTERED and r.waitlisted_at is None for r in guests),
    }
    holding = sum(r.answer == Answer.REGISTERED and r.waitlisted_at is None for r in rows)
    by_key = {r.pk: r for r in rows}
    line = rules.in_turn(
        rules.Waiting(r.waitlisted_at, r.pk) for r in rows if r.answer == Answer.REGISTERED and r.waitlisted_at
    )
    return ParticipantList(
        members=members,
        guests=guests,
        counts=counts,
        waiting=[by_key[pk] for pk in line],
        holding=holding,
        capacity=meeting.capacity,
        free=rules.free_places(meeting.capacity, holding),
    )
