"""Attendance on the day (seeds 000, 001: "det skrives referat hvor det påføres hvem som er til
stede og forfall"). The host or the group leader marks each member present, absent with notice
or absent without notice, prefilled from the registrations; guests are listed and marked too;
members on leave are listed apart and not counted. Every mark and every later correction is
kept as an AttendanceChange. Saving opens the follow-ups of absence that have become due.

The same sheet serves every kind of meeting; only group meetings count towards follow-ups."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.meetings import follow_ups
from lindra.meetings.invitations import participants
from lindra.meetings.models import AttendanceChange, FollowUp, Meeting, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import ChangeKind, Leave, Membership, Person
from lindra.registry.services import record_milestone

Attendance = Registration.Attendance
Answer = Registration.Answer

# Short labels for the buttons on a phone; the model's labels are used elsewhere.
MEMBER_CHOICES = [
    (Attendance.PRESENT, gettext_lazy("Til stede")),
    (Attendance.NOTICE, gettext_lazy("Forfall")),
    (Attendance.ABSENT, gettext_lazy("Uten forfall")),
]
GUEST_CHOICES = [
    (Attendance.PRESENT, gettext_lazy("Til stede")),
    (Attendance.ABSENT, gettext_lazy("Kom ikke")),
]


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.starts_at)


def check_may_record(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Attendance is taken from the moment the meeting starts, and corrected at any time after."""
    if (now or timezone.now()) < meeting.starts_at:
        raise MeetingError(
            _("Oppmøtet kan registreres når møtet har startet, %(when)s.")
            % {"when": date_format(timezone.localtime(meeting.starts_at), "l j. F Y \\k\\l. H:i")}
        )


def prefill(registration: Registration) -> str:
    """The mark the form starts with: the saved mark; else what the answer says (no answer:
    present, with a tag so that the host looks); a guest who declined did not come."""
    if registration.attendance:
        return registration.attendance
    if registration.answer == Answer.ABSENT:
        return Attendance.NOTICE if registration.kind == Registration.Kind.MEMBER else Attendance.ABSENT
    return Attendance.PRESENT


@dataclass
class SheetRow:
    registration: Registration
    mark: str  # the saved mark, or the prefill

    @property
    def field_name(self) -> str:
        return f"deltaker_{self.registration.pk}"

    @property
    def name(self) -> str:
        return self.registration.name

    @property
    def is_guest(self) -> bool:
        return self.registration.kind == Registration.Kind.GUEST

    @property
    def marked(self) -> bool:
        return bool(self.registration.attendance)

    @property
    def unanswered(self) -> bool:
        return not self.marked and self.registration.answer == Answer.NONE

    @property
    def choices(self):
        return GUEST_CHOICES if self.is_guest else MEMBER_CHOICES


@dataclass
class OnLeave:
    person: Person
    attendance: str = ""  # a mark made before the leave was registered: kept, never counted

    @property
    def label(self) -> str:
        return Attendance(self.attendance).label if self.attendance else ""


@dataclass
class AttendanceSheet:
    meeting: Meeting
    members: list[SheetRow]
    guests: list[SheetRow]
    on_leave: list[OnLeave]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> list[SheetRow]:
        return self.members + self.guests


def _on_leave(meeting: Meeting, day: dt.date, registered: set[int]) -> set[int]:
    """The people, called or on the list, whose membership in the network is on leave that day."""
    if meeting.kind == Meeting.Kind.COMMITTEE:
        return set()
    called = Membership.objects.current(day).filter(network=meeting.network_id)
    if meeting.kind == Meeting.Kind.GROUP:
        called = called.filter(local_group=meeting.local_group_id)
    elif meeting.kind == Meeting.Kind.COURSE:
        called = called.filter(intro_course_completed_on__isnull=True)
    leaves = Leave.objects.current(day).filter(membership__network=meeting.network_id)
    leaves = leaves.filter(Q(membership__in=called) | Q(membership__person__in=registered))
    return set(leaves.values_list("membership__person_id", flat=True))


def attendance_sheet(meeting: Meeting) -> AttendanceSheet:
    """The sheet for the day: every member called has a registration (made here if the
    invitation never made one), prefilled from their answer; guests after them; members on
    leave apart. A fixed number of queries, however large the meeting."""
    day = meeting_day(meeting)
    called = participants(meeting, day)
    existing = set(Registration.objects.filter(meeting=meeting, person__in=called).values_list("person_id", flat=True))
    # Two people opening the sheet at once: the unique constraint keeps one of each.
    Registration.objects.bulk_create(
        [
            Registration(meeting=meeting, kind=Registration.Kind.MEMBER, person=p)
            for p in called
            if p.pk not in existing
        ],
        ignore_conflicts=True,
    )
    rows = list(
        Registration.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("kind", "person__given_name", "person__family_name", "guest_name")
    )
    members = [r for r in rows if r.kind == Registration.Kind.MEMBER]
    leave = _on_leave(meeting, day, {r.person_id for r in members})
    on_leave = [OnLeave(r.person, r.attendance) for r in members if r.person_id in leave]
    listed = {r.person_id for r in members}
    on_leave += [OnLeave(p) for p in Person.objects.filter(pk__in=leave - listed).order_by("given_name")]
    return AttendanceSheet(
        meeting=meeting,
        members=[SheetRow(r, prefill(r)) for r in members if r.person_id not in leave],
        guests=[SheetRow(r, prefill(r)) for r in rows if r.kind == Registration.Kind.GUEST],
        on_leave=on_leave,
        counts=counts_for(meeting),
    )


def counts_for(meeting: Meeting) -> dict[str, int]:
    """The saved marks: members present, with notice, without notice; guests present. A
    member on leave that day is not counted, even if marked before the leave was registered."""
    member = Q(kind=Registration.Kind.MEMBER)
    rows = Registration.objects.filter(meeting=meeting)
    if meeting.kind != Meeting.Kind.COMMITTEE:
        on_leave = Leave.objects.current(meeting_day(meeting)).filter(membership__network=meeting.network_id)
        rows = rows.exclude(member & Q(person__in=on_leave.values("membership__person_id")))
    return rows.aggregate(
        present=Count("pk", filter=member & Q(attendance=Attendance.PRESENT)),
        notice=Count("pk", filter=member & Q(attendance=Attendance.NOTICE)),
        absent=Count("pk", filter=member & Q(attendance=Attendance.ABSENT)),
        guests=Count("pk", filter=Q(kind=Registration.Kind.GUEST, attendance=Attendance.PRESENT)),
    )


@dataclass
class Saved:
    changed: int
    first_time: bool
    counts: dict[str, int]
    opened: list[FollowUp]


def _by_name(registrations: dict[int, Registration], changes: list[AttendanceChange]) -> dict[str, dict]:
    """The changes for the audit log, by the participants' names (and address, for two of a name)."""
    named: dict[str, dict] = {}
    for change in changes:
        registration = registrations[change.registration_id]
        name = registration.name if registration.name not in named else f"{registration.name} ({registration.email})"
        named[name] = {"attendance": [change.previous, change.attendance]}
    return named


@transaction.atomic
def record_attendance(meeting: Meeting, marks: Mapping[int, str], *, by, request=None) -> Saved:
    """Saves the marks {registration id: mark}. Only what changed is written, each change with
    its history row (before → after, who, when); the first save records that the meeting was
    held. Then the follow-ups of absence that have become due are opened, in the same
    transaction: their e-mail leaves only if all of it is saved."""
    check_may_record(meeting)
    allowed = set(Attendance.values)
    for value in marks.values():
        if value not in allowed:
            raise MeetingError(
                _("«%(value)s» er ikke et gyldig oppmøte. Velg til stede, forfall eller uten forfall.")
                % {"value": value}
            )
    registrations = {
        r.pk: r
        for r in Registration.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(meeting=meeting, pk__in=list(marks))
    }
    if set(marks) - set(registrations):
        raise MeetingError(_("Listen over deltakere er endret. Last siden på nytt og registrer igjen."))
    now = timezone.now()
    changes, changed = [], []
    for pk, value in marks.items():
        registration = registrations[pk]
        if registration.attendance == value:
            continue
        changes.append(
            AttendanceChange(
                registration=registration,
                previous=registration.attendance,
                attendance=value,
                changed_at=now,
                changed_by=by,
            )
        )
        registration.attendance = value
        changed.append(registration)
    Registration.objects.bulk_update(changed, ["attendance"])
    AttendanceChange.objects.bulk_create(changes)
    first_time = bool(
        Meeting.objects.filter(pk=meeting.pk, attendance_recorded_at__isnull=True).update(attendance_recorded_at=now)
    )
    if first_time:
        meeting.attendance_recorded_at = now
    if changes or first_time:
        record(
            AuditAction.CHANGED,
            request=request,
            actor=by,
            obj=meeting,
            network=meeting.network,
            changes={"registrations": _by_name(registrations, changes)},
        )
    opened = follow_ups.open_due_follow_ups(meeting, by=by, request=request) if changes else []
    if meeting.kind == Meeting.Kind.COURSE:
        _complete_intro_course(meeting, [r for r in changed if r.attendance == Attendance.PRESENT], by, request)
    return Saved(changed=len(changes), first_time=first_time, counts=counts_for(meeting), opened=opened)


def _complete_intro_course(meeting: Meeting, present: list[Registration], by, request) -> None:
    """Those present at an intro course have taken it: the registry records it on their
    membership in the network, dated the day of the course, unless it was recorded before."""
    day = timezone.localtime(meeting.starts_at).date()
    waiting = Membership.objects.current(day).filter(
        network=meeting.network_id,
        person__in=[r.person_id for r in present if r.person_id],
        intro_course_completed_on__isnull=True,
    )
    for membership in waiting.select_related("network"):
        record_milestone(membership, kind=ChangeKind.INTRO_COURSE, on=day, by=by, request=request)


def history(meeting: Meeting) -> list[AttendanceChange]:
    """The corrections of marks made earlier, newest first (first marks are the sheet itself)."""
    return list(
        AttendanceChange.objects.filter(registration__meeting=meeting)
        .exclude(previous="")
        .select_related("registration__person", "changed_by__person")
        .order_by("-changed_at", "-id")
    )


def ended_without_attendance(meetings, now: dt.datetime | None = None):
    """Of the meetings given, those over without attendance recorded: still to be done."""
    return meetings.filter(ends_at__lt=now or timezone.now(), attendance_recorded_at__isnull=True)


# How long a meeting without attendance stays on the home page of its host and group leader.
MISSING_ATTENDANCE_DAYS = 60


def missing_for(roles, now: dt.datetime | None = None) -> list[Meeting]:
    """The meetings a host or group leader has held lately without recording attendance."""
    now = now or timezone.now()
    mine = Q(pk__in=roles.hosted_meetings) | Q(local_group__in=roles.led_groups)
    return list(
        ended_without_attendance(Meeting.objects.filter(mine), now)
        .filter(ends_at__gte=now - dt.timedelta(days=MISSING_ATTENDANCE_DAYS))
        .select_related("local_group", "committee")
        .order_by("starts_at")
    )
