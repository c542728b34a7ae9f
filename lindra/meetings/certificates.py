"""The certificate of completion of an intro course (seed 003: "introduksjonskurs / grunnkurs
for nye sykepleiere"; 004: "Delta på introduksjonskurs"): a PDF for each member marked
present at the course, downloadable by the member and by those who run the course, and sent
to the member by e-mail once, soon after the attendance is saved. Nobody marked absent gets
one, and neither do the nearest leaders who came with their staff: they took no course."""

import datetime as dt
from functools import partial

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from lindra.core.pdf import pdf_from_html
from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from lindra.meetings.models import AttendanceChange, Meeting, Registration
from lindra.registry.models import Membership

# How long after the attendance of a course was first saved its certificates are still mailed:
# after a stop of the worker, a certificate weeks late is no longer news (it can be downloaded).
MAIL_WITHIN_DAYS = 14


def earned() -> QuerySet[Registration]:
    """The registrations that earn a certificate: a member of the course's network, marked
    present at an intro course."""
    member = Membership.objects.filter(person=OuterRef("person_id"), network=OuterRef("meeting__network_id"))
    return (
        Registration.objects.filter(
            meeting__kind=Meeting.Kind.COURSE,
            kind=Registration.Kind.MEMBER,
            attendance=Registration.Attendance.PRESENT,
        )
        .filter(Exists(member))
        .select_related("person", "meeting__network", "meeting__committee")
    )


def certificate_of(pk: int, meeting_id: int) -> Registration | None:
    return earned().filter(pk=pk, meeting_id=meeting_id).first()


def earned_by(person_id: int) -> list[Registration]:
    """A person's certificates, newest course first."""
    return list(earned().filter(person_id=person_id).order_by("-meeting__starts_at"))


def earned_at(meeting: Meeting) -> dict[int, Registration]:
    """The certificates of one course, by registration."""
    return {r.pk: r for r in earned().filter(meeting=meeting)}


def filename(registration: Registration) -> str:
    day = timezone.localdate(registration.meeting.starts_at)
    return f"kursbevis-{day:%Y-%m-%d}-{registration.pk}.pdf"


def _certificate(registration: Registration) -> list[tuple[str, bytes, str]]:
    return [(filename(registration), render_pdf(registration), "application/pdf")]


def render_pdf(registration: Registration) -> bytes:
    meeting = registration.meeting
    html = render_to_string(
        "meetings/certificate_pdf.html",
        {
            "meeting": meeting,
            "person": registration.person,
            "network": meeting.network,
            "hours": _hours(meeting),
            "issued_on": timezone.localdate(meeting.ends_at),
        },
    )
    return pdf_from_html(html)


def _hours(meeting: Meeting) -> str:
    hours = (meeting.ends_at - meeting.starts_at).total_seconds() / 3600
    return f"{hours:.1f}".replace(".0", "").replace(".", ",")


def mail_key(registration: Registration) -> str:
    return f"certificate:{registration.pk}"


def mail_certificates(now: dt.datetime | None = None) -> int:
    """A periodic job: each member present at an intro course whose attendance was saved in the
    last two weeks, or who was marked present in a later correction within them, gets the
    certificate by e-mail, once (the outbox key). Returns how many."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=MAIL_WITHIN_DAYS)
    marked_present = AttendanceChange.objects.filter(
        registration=OuterRef("pk"), attendance=Registration.Attendance.PRESENT, changed_at__gte=since
    )
    recent = earned().filter(
        Q(meeting__attendance_recorded_at__gte=since) | Exists(marked_present), person__email__gt=""
    )
    pending = list(recent)
    if not pending:
        return 0
    sent = set(
        OutboxMessage.objects.filter(dedupe_key__in=[mail_key(r) for r in pending]).values_list("dedupe_key", flat=True)
    )
    queued = 0
    for registration in pending:
        if mail_key(registration) in sent:
            continue
        meeting = registration.meeting
        message = queue_message(
            "course_certificate",
            to=[registration.person.email],
            context={"meeting": meeting, "person": registration.person, "network": meeting.network},
            network=meeting.network,
            dedupe_key=mail_key(registration),
            attachments=partial(_certificate, registration),
        )
        queued += message is not None
    return queued
