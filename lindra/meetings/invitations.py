"""The invitation (innkalling, seeds 000 and 001): the host drafts it from the network's
template and sends it to the secretariat at least 14 days before; the secretariat reviews it
and sends it to the whole group, with copies to the operations group's leader and the
secretariat, a PDF and a calendar file attached, and personal links to register, to give
notice of absence, and to confirm having read it."""

import datetime as dt

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
from lindra.meetings.models import Invitation, InvitationTemplate, Meeting, Registration
from lindra.meetings.services import MeetingError, finish_step
from lindra.registry.models import Committee, Leave, Membership, Person, Term

# How long after the invitation went out those who have not confirmed reading are reminded.
READ_REMINDER_DAYS = 3


def default_text(meeting: Meeting) -> str:
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
    finish_step(meeting, rules.Step.INVITATION_TO_SECRETARIAT, by)
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


def participants(meeting: Meeting, on: dt.date) -> list[Person]:
    """Who is called, leaving out members on leave: to a group meeting its members; to a
    committee meeting the committee; to the fagdag every member of the network; to an intro
    course the network's members who have not yet taken it (seed 000)."""
    if meeting.kind == Meeting.Kind.COMMITTEE:
        return list(
            Person.objects.filter(terms__in=Term.objects.current(on).filter(committee=meeting.committee_id)).distinct()
        )
    members = Membership.objects.current(on).filter(network=meeting.network_id)
    if meeting.kind == Meeting.Kind.GROUP:
        members = members.filter(local_group=meeting.local_group_id)
    elif meeting.kind == Meeting.Kind.COURSE:
        members = members.filter(intro_course_completed_on__isnull=True)
    on_leave = Leave.objects.current(on).values("membership_id")
    return list(Person.objects.filter(memberships__in=members.exclude(pk__in=on_leave)).distinct())


def copy_recipients(meeting: Meeting, on: dt.date) -> list[str]:
    """The operations group's leader and the secretariat get a copy (000)."""
    operations = Committee.objects.filter(
        network=meeting.network_id, kind=Committee.Kind.OPERATIONS, closed_on__isnull=True
    )
    leaders = Term.objects.current(on).filter(committee__in=operations, kind=Term.Kind.COMMITTEE_LEADER)
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
    pdf = render_pdf(meeting, invitation)
    attachments = [
        ("innkalling.pdf", pdf, "application/pdf"),
        ("mote.ics", meeting_ics(meeting), "text/calendar"),
    ]
    people = participants(meeting, today)
    existing = set(Registration.objects.filter(meeting=meeting, person__in=people).values_list("person_id", flat=True))
    Registration.objects.bulk_create(
        Registration(meeting=meeting, kind=Registration.Kind.MEMBER, person=p) for p in people if p.pk not in existing
    )
    registrations = Registration.objects.filter(meeting=meeting, kind=Registration.Kind.MEMBER).select_related("person")
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
    queue_message(
        "invitation_copy",
        to=copy_recipients(meeting, today),
        context={**context, "count": len(people), "url": _absolute(meeting.get_absolute_url())},
        network=meeting.network,
        dedupe_key=f"invitation:{meeting.pk}:copy",
        attachments=attachments,
    )
    finish_step(meeting, rules.Step.INVITATION_SENT, by)
    finish_step(meeting, rules.Step.INVITATION_TO_SECRETARIAT, by)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes={"invitation": "sent", "participants": len(people)},
    )
    return len(people)


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
