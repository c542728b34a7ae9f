"""The invitation (innkalling, seeds 000 and 001): the host drafts it from the network's
template and sends it to the secretariat at least 14 days before; the secretariat reviews it
and sends it to the whole group, with copies to the operations group's leader and the
secretariat, a PDF and a calendar file attached, and personal links to register, to give
notice of absence, and to confirm having read it."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.mail.services import queue_message
from lindra.meetings import links, rules
from lindra.meetings.calendars import meeting_ics
from lindra.meetings.models import DeadlineStep, Invitation, InvitationTemplate, Meeting, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import Committee, Leave, Membership, Person, Term

# How long after the invitation went out those who have not confirmed reading are reminded.
READ_REMINDER_DAYS = 3


def default_text(meeting: Meeting) -> str:
    """The network's template for its group meetings; a fagdag, a course or a committee
    meeting, which is not the group's obligatory meeting, starts from a text of its own."""
    if meeting.kind != Meeting.Kind.GROUP:
        return _("Velkommen til %(what)s. Programmet står under. Meld deg på innen fristen.") % {
            "what": meeting.get_kind_display().lower()
        }
    template = InvitationTemplate.objects.filter(network=meeting.network_id).first()
    if template:
        return template.body
    return _(
        "Velkommen til nettverksmøte. Møtet er obligatorisk for %(title)s i gruppen. "
        "Meld deg på innen fristen, og gi beskjed til din nærmeste leder og gruppelederen "
        "hvis du ikke kan komme."
    ) % {"title": meeting.network.member_title_plural}


def invitation_for(meeting: Meeting) -> Invitation:
    invitation, _created = Invitation.objects.get_or_create(meeting=meeting, defaults={"text": default_text(meeting)})
    return invitation


def _finish_step(meeting: Meeting, step: rules.Step, by) -> None:
    DeadlineStep.objects.filter(meeting=meeting, step=step, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=by
    )


@transaction.atomic
def save_draft(invitation: Invitation, *, text: str, by, request=None) -> Invitation:
    if invitation.status == Invitation.Status.SENT:
        raise MeetingError(_("Innkallingen er allerede sendt ut og kan ikke endres."))
    Invitation.objects.filter(pk=invitation.pk).update(text=text)
    invitation.text = text
    record(AuditAction.CHANGED, request=request, actor=by, obj=invitation.meeting, network=invitation.meeting.network)
    return invitation


@transaction.atomic
def submit_to_secretariat(invitation: Invitation, *, by, request=None) -> Invitation:
    """The host sends the draft to the secretariat for review (001: at the latest 2 weeks before)."""
    meeting = invitation.meeting
    if not Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.DRAFT).update(
        status=Invitation.Status.SUBMITTED, submitted_at=timezone.now()
    ):
        raise MeetingError(_("Innkallingen er allerede sendt til sekretariatet."))
    invitation.refresh_from_db()
    _finish_step(meeting, rules.Step.INVITATION_TO_SECRETARIAT, by)
    queue_message(
        "invitation_submitted",
        to=[meeting.network.secretariat_email],
        context={"meeting": meeting, "by": by, "url": _absolute(reverse("meetings:invitation", args=[meeting.pk]))},
        network=meeting.network,
    )
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes={"invitation": "submitted"},
    )
    return invitation


@dataclass(frozen=True)
class Called:
    """Who is called to a meeting, as on its day or on the day an invitation goes out."""

    members: list[Person]  # the members of the group, the committee or the network: they count
    on_leave: list[Person]  # members on leave that day: not called, never counted as absent
    # Called, but not members, and never counted: the operations group's representative at a
    # group meeting (001); the nearest leaders of the new members at an intro course (003).
    others: list[Person]

    @property
    def participants(self) -> list[Person]:
        return self.members + self.others


def called(meeting: Meeting, on: dt.date) -> Called:
    """To a group meeting its members and the operations group's representative; to a
    committee meeting the committee; to the fagdag every member of the network; to an intro
    course the network's members who had not taken it before the day of the course, and their
    nearest leaders ("for nye sykepleiere (og deres ledere)", seed 003). Members on leave are
    not called (their leaders are not called for them). Each person once."""
    if meeting.kind == Meeting.Kind.COMMITTEE:
        terms = Term.objects.current(on).filter(committee=meeting.committee_id)
        return Called(members=list(Person.objects.filter(terms__in=terms).distinct()), on_leave=[], others=[])
    memberships = Membership.objects.current(on).filter(network=meeting.network_id)
    if meeting.kind == Meeting.Kind.GROUP:
        memberships = memberships.filter(local_group=meeting.local_group_id)
    elif meeting.kind == Meeting.Kind.COURSE:
        # Those present are recorded as having taken it on the course's day: they stay called.
        memberships = memberships.filter(
            Q(intro_course_completed_on__isnull=True)
            | Q(intro_course_completed_on__gte=timezone.localdate(meeting.starts_at))
        )
    available = memberships.exclude(pk__in=Leave.objects.current(on).values("membership_id"))
    members = list(Person.objects.filter(memberships__in=available).distinct())
    member_ids = {p.pk for p in members}
    on_leave = [p for p in Person.objects.filter(memberships__in=memberships).distinct() if p.pk not in member_ids]
    others = Person.objects.none()
    if meeting.kind == Meeting.Kind.GROUP and meeting.operations_representative_id:
        others = Person.objects.filter(pk=meeting.operations_representative_id)
    elif meeting.kind == Meeting.Kind.COURSE:
        others = Person.objects.filter(led_memberships__in=available).distinct()
    left_out = member_ids | {p.pk for p in on_leave}
    return Called(members=members, on_leave=on_leave, others=[p for p in others if p.pk not in left_out])


def participants(meeting: Meeting, on: dt.date) -> list[Person]:
    """Everyone called (see `called`), members first."""
    return called(meeting, on).participants


def copy_recipients(meeting: Meeting, on: dt.date) -> list[str]:
    """The operations group's leader and the secretariat get a copy (000); not the meeting's
    representative from the operations group, who gets their own invitation."""
    operations = Committee.objects.filter(
        network=meeting.network_id, kind=Committee.Kind.OPERATIONS, closed_on__isnull=True
    )
    leaders = Term.objects.current(on).filter(committee__in=operations, kind=Term.Kind.COMMITTEE_LEADER)
    if meeting.kind == Meeting.Kind.GROUP and meeting.operations_representative_id:
        leaders = leaders.exclude(person=meeting.operations_representative_id)
    emails = [e for e in leaders.values_list("person__email", flat=True) if e]
    return sorted({*emails, meeting.network.secretariat_email})


def render_pdf(meeting: Meeting, invitation: Invitation) -> bytes:
    from weasyprint import HTML  # loaded only when a PDF is made: it needs pango

    html = render_to_string(
        "meetings/invitation_pdf.html", {"meeting": meeting, "invitation": invitation, "topics": meeting.topics.all()}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


@transaction.atomic
def send_invitation(invitation: Invitation, *, by, request=None) -> int:
    """The secretariat sends the invitation: one personal e-mail per participant (so that the
    links are theirs alone), and one copy to the operations group's leader and the
    secretariat. Returns the number of participants."""
    meeting = Meeting.objects.select_related("network", "local_group", "committee", "host").get(
        pk=invitation.meeting_id
    )
    if (
        not Invitation.objects.filter(pk=invitation.pk)
        .exclude(status=Invitation.Status.SENT)
        .update(status=Invitation.Status.SENT, sent_at=timezone.now(), sent_by=by)
    ):
        raise MeetingError(_("Innkallingen er allerede sendt ut."))
    invitation.refresh_from_db()
    today = timezone.localdate()
    attachments = _attachments(meeting, invitation)
    people = participants(meeting, today)
    existing = set(Registration.objects.filter(meeting=meeting, person__in=people).values_list("person_id", flat=True))
    Registration.objects.bulk_create(
        Registration(meeting=meeting, kind=Registration.Kind.MEMBER, person=p) for p in people if p.pk not in existing
    )
    registrations = Registration.objects.filter(meeting=meeting, kind=Registration.Kind.MEMBER).select_related("person")
    _queue_personal_invitations(meeting, invitation, registrations, attachments)
    context = {"meeting": meeting, "invitation": invitation, "topics": list(meeting.topics.all())}
    queue_message(
        "invitation_copy",
        to=copy_recipients(meeting, today),
        context={**context, "count": len(people), "url": _absolute(meeting.get_absolute_url())},
        network=meeting.network,
        dedupe_key=f"invitation:{meeting.pk}:copy",
        attachments=attachments,
    )
    _finish_step(meeting, rules.Step.INVITATION_SENT, by)
    _finish_step(meeting, rules.Step.INVITATION_TO_SECRETARIAT, by)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes={"invitation": "sent", "participants": len(people)},
    )
    return len(people)


def send_invitation_to(registration: Registration) -> bool:
    """Someone called after the invitation went out (a representative of the operations group
    chosen later) gets the same personal e-mail; before it goes out, nothing is sent. Returns
    whether it was sent."""
    meeting = registration.meeting
    invitation = Invitation.objects.filter(meeting=meeting, status=Invitation.Status.SENT).first()
    if invitation is None or not registration.person.email:
        return False
    _queue_personal_invitations(meeting, invitation, [registration], _attachments(meeting, invitation))
    return True


def _attachments(meeting: Meeting, invitation: Invitation) -> list[tuple[str, bytes, str]]:
    return [
        ("innkalling.pdf", render_pdf(meeting, invitation), "application/pdf"),
        ("mote.ics", meeting_ics(meeting), "text/calendar"),
    ]


def _queue_personal_invitations(meeting: Meeting, invitation: Invitation, registrations, attachments) -> None:
    """One e-mail per participant, so that the links in it are theirs alone."""
    context = {"meeting": meeting, "invitation": invitation, "topics": list(meeting.topics.all())}
    for registration in registrations:
        if not registration.person.email:
            continue
        queue_message(
            "invitation",
            to=[registration.person.email],
            reply_to=[meeting.host.email] if meeting.host and meeting.host.email else [],
            context={
                **context,
                "participant": registration.person,
                "register_url": links.link_for(registration, "register"),
                "absent_url": links.link_for(registration, "absent"),
                "read_url": links.link_for(registration, "read"),
            },
            network=meeting.network,
            dedupe_key=f"invitation:{meeting.pk}:{registration.pk}",
            attachments=attachments,
        )


def remind_unread(today: dt.date | None = None) -> int:
    """A periodic job: participants who have not confirmed reading the invitation a few days
    after it went out get one reminder (the dedupe key makes it once)."""
    now = timezone.now()
    cutoff = now - dt.timedelta(days=READ_REMINDER_DAYS)
    unread = Registration.objects.filter(
        Q(meeting__invitation__sent_at__lte=cutoff),
        meeting__starts_at__gt=now,
        kind=Registration.Kind.MEMBER,
        read_at__isnull=True,
        person__email__isnull=False,
    ).select_related("meeting__network", "person")
    queued = 0
    for registration in unread:
        meeting = registration.meeting
        message = queue_message(
            "invitation_read_reminder",
            to=[registration.person.email],
            context={
                "meeting": meeting,
                "participant": registration.person,
                "read_url": links.link_for(registration, "read"),
                "register_url": links.link_for(registration, "register"),
                "absent_url": links.link_for(registration, "absent"),
            },
            network=meeting.network,
            dedupe_key=f"invitation:{meeting.pk}:{registration.pk}:read-reminder",
        )
        queued += message is not None
    return queued


def _absolute(path: str) -> str:
    return settings.SITE_URL + path
