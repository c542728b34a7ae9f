"""The invitation (innkalling, seeds 000 and 001): the host drafts it from the network's
template and sends it to the secretariat at least 14 days before; the secretariat reviews it
and sends it to the whole group, with copies to the operations group's leader and the
secretariat, a PDF and a calendar file attached, and personal links to register, to give
notice of absence, and to confirm having read it."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.core.audit import TEXT_SAVED, record
from lindra.core.models import AuditAction
from lindra.core.pdf import pdf_from_html
from lindra.core.shortlists import Shortlist, shortlist
from lindra.core.versions import bump_version
from lindra.mail.languages import choices_known_for, once_per_language
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.meetings import links, rules
from lindra.meetings.calendars import meeting_ics
from lindra.meetings.deadlines import deadline_for
from lindra.meetings.models import Invitation, InvitationTemplate, Meeting, Registration
from lindra.meetings.services import MeetingError, finish_step
from lindra.registry.models import Committee, Leave, Membership, Person, Term

# How long after the invitation went out those who have not confirmed reading are reminded.
READ_REMINDER_DAYS = 3
# The personal e-mails put in the outbox in one transaction, between two counts of progress.
CHUNK = 200
# An invitation whose e-mails are not all in the outbox this long after it was sent has lost
# its worker on the way: a periodic job finishes it.
MAILING_TIMEOUT = dt.timedelta(minutes=15)


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


@transaction.atomic
def save_draft(
    invitation: Invitation, *, text: str, by, expected_version: int | None = None, request=None
) -> Invitation:
    """Saves the draft's text; refused when someone else saved it since it was opened."""
    if invitation.status == Invitation.Status.SENT:
        raise MeetingError(_("Innkallingen er allerede sendt ut og kan ikke endres."))
    invitation.version = bump_version(
        Invitation,
        invitation.pk,
        expected_version,
        stale=lambda current: MeetingError(
            _("Noen andre har lagret innkallingen mens du skrev. Se over og lagre igjen."), current_version=current
        ),
        text=text,
    )
    invitation.text = text
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=invitation.meeting,
        network=invitation.meeting.network,
        changes={"invitation": {"text": TEXT_SAVED}},
    )
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
        changes={"invitation": {"status": Invitation.Status.SUBMITTED}},
    )
    return invitation


@dataclass(frozen=True)
class Called:
    """One person an invitation calls."""

    person: Person
    # Who can pass word on to a member without an e-mail address.
    nearest_leader: Person | None = None
    # A member of the group, the committee or the network counts. The operations group's
    # representative at a group meeting (001) and the members' nearest leaders at a fagdag or an
    # intro course (003) are called, but never counted.
    counts: bool = True


@dataclass(frozen=True)
class OnLeave:
    person: Person
    leave: Leave


@dataclass(frozen=True)
class CallList:
    """Who an invitation calls on the meeting's date, and who is left out because of leave."""

    called: tuple[Called, ...]
    on_leave: tuple[OnLeave, ...] = ()

    @property
    def members(self) -> list[Person]:
        return [c.person for c in self.called if c.counts]

    @property
    def others(self) -> list[Person]:
        return [c.person for c in self.called if not c.counts]

    @property
    def participants(self) -> list[Person]:
        """Members first, then the others called."""
        return self.members + self.others

    @property
    def people_on_leave(self) -> list[Person]:
        return [o.person for o in self.on_leave]

    @property
    def by_email(self) -> list[Called]:
        return [c for c in self.called if c.person.email]

    @property
    def without_email(self) -> list[Called]:
        """Called, but the invitation cannot reach them: someone must tell them."""
        return [c for c in self.called if not c.person.email]


@dataclass(frozen=True)
class Sent:
    called: CallList
    copies: list[str]  # the addresses that got a copy


def call_list(meeting: Meeting, on: dt.date) -> CallList:
    """Who is called: to a group meeting its members and the operations group's
    representative; to a committee meeting the committee; to the fagdag every member of the
    network and their nearest leaders; to an intro course the network's members who had not
    taken it before the day of the course, and their nearest leaders ("for nye sykepleiere (og
    deres ledere)", seed 003).
    Members on leave that day are left out, and listed (their leaders are not called for
    them). Each person once."""
    if meeting.kind == Meeting.Kind.COMMITTEE:
        people = list(
            Person.objects.filter(terms__in=Term.objects.current(on).filter(committee=meeting.committee_id)).distinct()
        )
        leaders = _nearest_leaders(meeting.network_id, [p.pk for p in people if not p.email], on)
        return CallList(tuple(Called(p, leaders.get(p.pk)) for p in sorted(people, key=_by_name)))
    members = Membership.objects.current(on).filter(network=meeting.network_id)
    if meeting.kind == Meeting.Kind.GROUP:
        members = members.filter(local_group=meeting.local_group_id)
    elif meeting.kind == Meeting.Kind.COURSE:
        # Those present are recorded as having taken it on the course's day: they stay called.
        members = members.filter(
            Q(intro_course_completed_on__isnull=True)
            | Q(intro_course_completed_on__gte=timezone.localdate(meeting.starts_at))
        )
    leaves = {leave.membership_id: leave for leave in Leave.objects.current(on).filter(membership__in=members)}
    called: dict[int, Called] = {}
    on_leave: dict[int, OnLeave] = {}
    available: list[int] = []
    for membership in members.select_related("person", "nearest_leader"):
        leave = leaves.get(membership.pk)
        if leave is None:
            available.append(membership.pk)
            called.setdefault(membership.person_id, Called(membership.person, membership.nearest_leader))
        else:
            on_leave.setdefault(membership.person_id, OnLeave(membership.person, leave))
    on_leave = {pk: o for pk, o in on_leave.items() if pk not in called}
    others = Person.objects.none()
    if meeting.kind == Meeting.Kind.GROUP and meeting.operations_representative_id:
        others = Person.objects.filter(pk=meeting.operations_representative_id)
    elif meeting.kind in (Meeting.Kind.COURSE, Meeting.Kind.FAGDAG):
        others = Person.objects.filter(led_memberships__in=available).distinct()
    extra = [Called(p, counts=False) for p in others if p.pk not in called and p.pk not in on_leave]
    return CallList(
        tuple(sorted(called.values(), key=lambda c: _by_name(c.person)))
        + tuple(sorted(extra, key=lambda c: _by_name(c.person))),
        tuple(sorted(on_leave.values(), key=lambda o: _by_name(o.person))),
    )


def participants(meeting: Meeting, on: dt.date) -> list[Person]:
    """Everyone called to the meeting on that day (see call_list), members first."""
    return call_list(meeting, on).participants


def _nearest_leaders(network_id: int, person_ids: list[int], on: dt.date) -> dict[int, Person]:
    """Each person's nearest leader in the network on the day; of a person with two memberships
    naming a leader, the leader of the one begun last (their newest workplace)."""
    if not person_ids:
        return {}
    memberships = (
        Membership.objects.current(on)
        .filter(network=network_id, person__in=person_ids, nearest_leader__isnull=False)
        .select_related("nearest_leader")
        .order_by("starts_on", "pk")
    )
    return {m.person_id: m.nearest_leader for m in memberships}


def _by_name(person: Person) -> tuple[str, str]:
    return (person.family_name, person.given_name)


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
    """The invitation to the group: the text, the facts with the registration deadline, and
    both parts of the agenda."""
    return _pdf({"meeting": meeting, "invitation": invitation, "deadline": deadline_for(meeting)})


def render_guest_pdf(meeting: Meeting, *, deadline: dt.date) -> bytes:
    """The invitation a guest gets: part 2 only, at part 2's time. Part 1 and the group's
    invitation text are for the members."""
    return _pdf({"meeting": meeting, "guest": True, "deadline": deadline})


def _pdf(context: dict) -> bytes:
    html = render_to_string("meetings/invitation_pdf.html", {**context, "topics": context["meeting"].topics.all()})
    return pdf_from_html(html)


@transaction.atomic
def send_invitation(invitation: Invitation, *, by, request=None) -> Sent:
    """The secretariat sends the invitation: one personal e-mail per participant (so that the
    links are theirs alone), and one copy to the operations group's leader and the
    secretariat. The e-mails go into the outbox from a background task (queue_invitation_mail),
    so that an invitation to a whole network leaves the secretariat's page at once. Returns who
    was called, for the secretariat to tell those without an e-mail address some other way,
    and who gets the copy."""
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
    called = call_list(meeting, timezone.localdate(meeting.starts_at))
    people = called.participants
    copies = copy_recipients(meeting, timezone.localdate())
    finish_step(meeting, rules.Step.INVITATION_SENT, by)
    finish_step(meeting, rules.Step.INVITATION_TO_SECRETARIAT, by)
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.network,
        changes={
            "invitation": {"status": Invitation.Status.SENT},
            "registrations": len(people),
            "without_email": len(called.without_email),
            "on_leave": len(called.on_leave),
        },
    )
    from lindra.meetings.tasks import mail_invitation

    transaction.on_commit(lambda: mail_invitation.enqueue(invitation.pk))
    return Sent(called, copies)


def queue_invitation_mail(invitation_id: int) -> int:
    """Registers those the sent invitation calls and puts their personal e-mails in the outbox,
    CHUNK to a transaction, counting them on the invitation as they go in, and then the copy.
    The PDF and the calendar file are made once and stored once, however many carry them. Run
    again (a worker that died on the way), it queues only those not yet queued: each has its
    dedupe key. Returns how many it queued."""
    invitation = Invitation.objects.filter(pk=invitation_id, status=Invitation.Status.SENT).first()
    if invitation is None or invitation.mailed_at is not None:
        return 0
    meeting = Meeting.objects.select_related("network", "local_group", "committee", "host").get(
        pk=invitation.meeting_id
    )
    with transaction.atomic():
        people = call_list(meeting, timezone.localdate(meeting.starts_at)).participants
        listed = Registration.objects.filter(meeting=meeting, person__in=people).values_list("person_id", flat=True)
        registered = set(listed)
        unregistered = [p for p in people if p.pk not in registered]
        # ignore_conflicts: the sheet or the periodic job may register one at the same moment.
        Registration.objects.bulk_create(
            [Registration(meeting=meeting, kind=Registration.Kind.MEMBER, person=p) for p in unregistered],
            ignore_conflicts=True,
        )
        registrations = list(_mailed_registrations(meeting).select_related("person").order_by("pk"))
        Invitation.objects.filter(pk=invitation.pk).update(mails_total=len(registrations))
    attachments = _attachments(meeting, invitation)
    queued = 0
    for start in range(0, len(registrations), CHUNK):
        chunk = registrations[start : start + CHUNK]
        keys = {_personal_key(meeting, r): r for r in chunk}
        done = set(OutboxMessage.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True))
        new = [r for key, r in keys.items() if key not in done]
        with transaction.atomic(), choices_known_for(r.person.email for r in new):
            added = _queue_personal_invitations(meeting, invitation, new, attachments)
            Invitation.objects.filter(pk=invitation.pk).update(mails_queued=F("mails_queued") + added)
        queued += added
    with transaction.atomic():
        queue_message(
            "invitation_copy",
            to=copy_recipients(meeting, timezone.localdate()),
            context={
                **_mail_context(meeting, invitation),
                "count": len(registrations),
                "url": _absolute(meeting.get_absolute_url()),
            },
            network=meeting.network,
            dedupe_key=f"invitation:{meeting.pk}:copy",
            attachments=attachments,
        )
        Invitation.objects.filter(pk=invitation.pk).update(mailed_at=timezone.now())
    return queued


def finish_stalled_mailings() -> int:
    """A periodic job: the e-mails of an invitation that are still not all in the outbox a
    while after it was sent (the worker died on the way) are put there; those queued before
    are not queued again. Returns how many were queued."""
    stalled = Invitation.objects.filter(
        status=Invitation.Status.SENT,
        mailed_at__isnull=True,
        sent_at__lt=timezone.now() - MAILING_TIMEOUT,
    )
    return sum(queue_invitation_mail(pk) for pk in stalled.values_list("pk", flat=True))


def _mailed_registrations(meeting: Meeting):
    """The participants the invitation is mailed to: every member registration with an address."""
    return Registration.objects.filter(meeting=meeting, kind=Registration.Kind.MEMBER).exclude(
        Q(person__email__isnull=True) | Q(person__email="")
    )


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


def invite_those_called_since() -> int:
    """A periodic job: whoever has become called to a meeting since its invitation went out (a
    leave ended or removed, a member who joined the group, a leader of a new member at a
    course) gets the same personal invitation, once, while the meeting is still ahead. Those
    the invitation already reached keep theirs (the dedupe key). Returns how many were invited."""
    # Not before the invitation's own task has registered and mailed those it called.
    upcoming = Meeting.objects.filter(
        invitation__status=Invitation.Status.SENT, invitation__mailed_at__isnull=False, starts_at__gt=timezone.now()
    )
    invited = 0
    for meeting in upcoming.select_related("network", "local_group", "committee", "host", "invitation"):
        people = call_list(meeting, timezone.localdate(meeting.starts_at)).participants
        listed = Registration.objects.filter(meeting=meeting, person__in=people).values_list("person_id", flat=True)
        new = [p for p in people if p.pk not in set(listed)]
        if not new:
            continue
        with transaction.atomic():
            registrations = Registration.objects.bulk_create(
                [Registration(meeting=meeting, kind=Registration.Kind.MEMBER, person=p) for p in new],
                ignore_conflicts=True,  # the sheet or another run made one at the same moment
            )
            created = Registration.objects.filter(meeting=meeting, person__in=new).select_related("person")
            invitation = meeting.invitation
            _queue_personal_invitations(meeting, invitation, created, _attachments(meeting, invitation))
        invited += len(registrations)
    return invited


def _attachments(meeting: Meeting, invitation: Invitation) -> Callable[[], list[tuple[str, bytes, str]]]:
    """The invitation as a PDF and a calendar file, made once in each language it goes out in."""
    return once_per_language(
        lambda: [
            ("innkalling.pdf", render_pdf(meeting, invitation), "application/pdf"),
            ("mote.ics", meeting_ics(meeting), "text/calendar"),
        ]
    )


def _mail_context(meeting: Meeting, invitation: Invitation) -> dict:
    """What every e-mail of the invitation states: the text, the meeting and the last day to register."""
    return {
        "meeting": meeting,
        "invitation": invitation,
        "topics": list(meeting.topics.all()),
        "deadline": deadline_for(meeting),
    }


def _queue_personal_invitations(meeting: Meeting, invitation: Invitation, registrations, attachments) -> int:
    """One e-mail per participant, so that the links in it are theirs alone. Returns how many
    were queued (not those queued before: the dedupe key)."""
    context = _mail_context(meeting, invitation)
    queued = 0
    for registration in registrations:
        if not registration.person.email:
            continue
        message = queue_message(
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
            dedupe_key=_personal_key(meeting, registration),
            attachments=attachments,
        )
        queued += message is not None
    return queued


def _personal_key(meeting: Meeting, registration: Registration) -> str:
    return f"invitation:{meeting.pk}:{registration.pk}"


@dataclass(frozen=True)
class Waiting:
    """An invitation sent in to the secretariat and not yet sent out, against the rule."""

    invitation: Invitation
    due_on: dt.date  # the day it must be with the group at the latest
    days_left: int

    @property
    def late(self) -> bool:
        return self.days_left < 0


def awaiting_sending(roles, today: dt.date) -> Shortlist:
    """The invitations sent in to the secretariat of the user's networks, the soonest meetings
    first, and how many in all."""
    submitted = shortlist(
        Invitation.objects.filter(
            status=Invitation.Status.SUBMITTED,
            meeting__network__in=roles.secretariat_networks,
            meeting__starts_at__gte=timezone.now(),
        )
        .select_related("meeting__network", "meeting__local_group", "meeting__committee")
        .order_by("meeting__starts_at", "pk")
    )
    waiting = []
    for invitation in submitted:
        meeting = invitation.meeting
        due_on = rules.invitation_due_on(timezone.localdate(meeting.starts_at), meeting.network.policy)
        waiting.append(Waiting(invitation, due_on, rules.days_left(due_on, today)))
    return Shortlist(waiting, submitted.total)


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
