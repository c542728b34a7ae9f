"""Registration and notice of absence, guests and read confirmations (seeds 000, 001).

A member registers with the host, or gives notice of absence, which goes on to the member's
own nearest leader and the group's leader (001: "det skal meldes fra til egen leder og leder
for nettverksgruppen ved sykdom/fravær"). No reason for an absence is asked for or stored:
it may be health data. Answers close at the registration deadline (001: "Det er viktig å
overholde tidsfrist for påmelding til arrangør").
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
from lindra.meetings.models import DeadlineStep, Meeting, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import Membership, Person, Term

Answer = Registration.Answer


class RegistrationError(MeetingError):
    pass


# --- The deadline ---------------------------------------------------------------------------


def deadline_for(meeting: Meeting) -> dt.date:
    """The last day to answer: the host's own deadline, else the chain's step, else the
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


def closed_reason(meeting: Meeting, now: dt.datetime | None = None) -> str:
    """Why answers are no longer taken, in Norwegian; empty while they are."""
    now = now or timezone.now()
    if meeting.ends_at <= now:
        return _("Møtet er over.")
    deadline = deadline_for(meeting)
    if timezone.localdate(now) > deadline:
        return _(
            "Fristen for påmelding og forfall var %(date)s. Ta kontakt med arrangøren direkte hvis du må endre svaret."
        ) % {"date": date_format(deadline, "j. F Y")}
    return ""


# --- Answering ------------------------------------------------------------------------------


@transaction.atomic
def answer(registration: Registration, answer: str, *, by=None, request=None) -> Registration:
    """Registers the participant, or records their notice of absence. Changing one's mind
    before the deadline is allowed; giving the same answer again changes nothing."""
    if answer not in (Answer.REGISTERED, Answer.ABSENT):
        raise RegistrationError(_("Velg om du kommer eller ikke."))
    # Locked, so that two clicks at once send one notice.
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("meeting__network", "meeting__local_group", "meeting__committee", "meeting__host", "person")
        .get(pk=registration.pk)
    )
    meeting = registration.meeting
    reason = closed_reason(meeting)
    if reason:
        raise RegistrationError(reason)
    if registration.answer == answer:
        return registration
    before = registration.answer
    registration.answer = answer
    registration.answered_at = timezone.now()
    registration.save(update_fields=["answer", "answered_at"])
    if answer == Answer.ABSENT and registration.kind == Registration.Kind.MEMBER:
        _send_absence_notice(registration)
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
    committee. (Members on leave are not called, but may still come.)"""
    on = on or timezone.localdate()
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
def confirm_read(registration: Registration, *, request=None) -> Registration:
    """The participant has read the invitation: recorded the first time, harmless after."""
    now = timezone.now()
    if Registration.objects.filter(pk=registration.pk, read_at__isnull=True).update(read_at=now):
        record(
            AuditAction.CHANGED,
            request=request,
            obj=registration,
            network=registration.meeting.network,
            changes={"read_at": now.isoformat()},
        )
    registration.read_at = Registration.objects.values_list("read_at", flat=True).get(pk=registration.pk)
    return registration


# --- Guests ---------------------------------------------------------------------------------


@transaction.atomic
def invite_guest(meeting: Meeting, *, name: str, email: str, by, request=None) -> Registration:
    """The host (or the group leader, or the secretariat) invites a colleague or a nearest
    leader to part 2 (001: "inviterer kolleger (gjerne tverrfaglig) og nærmeste leder"). The
    guest gets an e-mail with their own links to register or decline."""
    name, email = name.strip(), email.strip().lower()
    if not name:
        raise RegistrationError(_("Skriv navnet til gjesten."), field="name")
    if meeting.ends_at <= timezone.now():
        raise RegistrationError(_("Møtet er over."))
    if closed_reason(meeting):
        raise RegistrationError(
            _("Påmeldingsfristen var %(date)s. Gjester kan ikke inviteres etter fristen.")
            % {"date": date_format(deadline_for(meeting), "j. F Y")}
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
    from lindra.meetings.calendars import meeting_ics

    host_email = meeting.host.email if meeting.host_id and meeting.host.email else None
    queue_message(
        "guest_invitation",
        to=[email],
        reply_to=[host_email] if host_email else [meeting.network.secretariat_email],
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
        attachments=[("mote.ics", meeting_ics(meeting), "text/calendar")],
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


def _inviter_name(user) -> str:
    person = getattr(user, "person", None) if user is not None else None
    return person.full_name if person is not None else ""


# --- The host's list ------------------------------------------------------------------------


@dataclass
class ParticipantList:
    members: list[Registration]
    guests: list[Registration]
    counts: dict[str, int] = field(default_factory=dict)


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
        "members_registered": sum(r.answer == Answer.REGISTERED for r in members),
        "guests_registered": sum(r.answer == Answer.REGISTERED for r in guests),
    }
    return ParticipantList(members=members, guests=guests, counts=counts)
