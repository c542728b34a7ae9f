"""Attendance on the day (seeds 000, 001: "det skrives referat hvor det påføres hvem som er til
stede og forfall"). The host or the group leader marks each member present, absent with notice
or absent without notice; guests, and participants who are not members (the operations
group's representative, the new members' leaders at an intro course), are marked but counted
apart or not at all; members on leave are listed apart and not counted.

Nobody is marked present unless someone says so on the day: a row starts unmarked, or, on a
sheet never saved, with the participant's own notice of absence as a suggestion that saving
confirms. A sheet with rows not marked is not saved. Saving keeps every mark and correction as
an AttendanceChange and the counts in Meeting.attendance_counts; those stand until the sheet
is saved again, whoever is added or goes on leave meanwhile. Saving opens the follow-ups of
absence that have become due.

The same sheet serves every kind of meeting; only group meetings count towards follow-ups."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.meetings import follow_ups, rules
from lindra.meetings.invitations import CallList, call_list
from lindra.meetings.models import AttendanceChange, FollowUp, Meeting, Registration
from lindra.meetings.services import MeetingError
from lindra.registry.models import ChangeKind, Membership, Person
from lindra.registry.rules import norwegian
from lindra.registry.services import record_milestone

Attendance = Registration.Attendance
Answer = Registration.Answer

# Short labels for the buttons on a phone; the model's labels are used elsewhere.
MEMBER_CHOICES = [
    (Attendance.PRESENT, gettext_lazy("Til stede")),
    (Attendance.NOTICE, gettext_lazy("Forfall")),
    (Attendance.ABSENT, gettext_lazy("Uten forfall")),
]
# Guests and participants who are not members: whether they came, nothing more is counted.
CAME_OR_NOT_CHOICES = [
    (Attendance.PRESENT, gettext_lazy("Til stede")),
    (Attendance.ABSENT, gettext_lazy("Kom ikke")),
]
# Why a participant who is not a member is on the sheet.
FROM_OPERATIONS_GROUP = gettext_lazy("Fra driftsgruppen")
NEAREST_LEADER = gettext_lazy("Nærmeste leder")
NOT_CALLED = gettext_lazy("Ikke innkalt")


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.starts_at)


def check_may_record(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Attendance is taken from the moment the meeting starts, and corrected at any time after."""
    if (now or timezone.now()) < meeting.starts_at:
        raise MeetingError(
            _("Oppmøtet kan registreres når møtet har startet, %(when)s.")
            % {"when": date_format(timezone.localtime(meeting.starts_at), "WEEKDAY_DATETIME_FORMAT")}
        )


@dataclass
class SheetRow:
    registration: Registration
    row: str  # rules.MEMBER_ROW, GUEST_ROW or OTHER_ROW
    start: str  # what the form starts with: the saved mark, a suggestion, or rules.UNMARKED
    saved_before: bool  # the sheet has been saved before
    role: str = ""  # for a participant who is not a member: why they are on the sheet

    @property
    def field_name(self) -> str:
        return f"deltaker_{self.registration.pk}"

    @property
    def name(self) -> str:
        return self.registration.name

    @property
    def is_guest(self) -> bool:
        return self.row == rules.GUEST_ROW

    @property
    def marked(self) -> bool:
        """Marked on a saved sheet (a suggestion is not a mark until saved)."""
        return bool(self.registration.attendance)

    @property
    def suggested(self) -> bool:
        return bool(self.start) and not self.marked

    @property
    def new_since_saved(self) -> bool:
        """Not on the sheet when it was last saved: added since, or never marked."""
        return self.saved_before and not self.marked

    @property
    def answer(self) -> str:
        return self.registration.answer

    @property
    def choices(self):
        return MEMBER_CHOICES if self.row == rules.MEMBER_ROW else CAME_OR_NOT_CHOICES

    @property
    def allowed(self) -> set[str]:
        return {value for value, _label in self.choices}


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
    others: list[SheetRow]
    guests: list[SheetRow]
    on_leave: list[OnLeave]
    counts: dict[str, int] = field(default_factory=dict)  # what saving the marks now would count

    @property
    def rows(self) -> list[SheetRow]:
        return self.members + self.others + self.guests

    @property
    def saved(self) -> bool:
        return self.meeting.attendance_recorded_at is not None

    @property
    def saved_counts(self) -> dict[str, int] | None:
        """The counts as the sheet was last saved: what pages and the minutes show."""
        return self.meeting.attendance_counts

    @property
    def unmarked(self) -> list[SheetRow]:
        return [row for row in self.rows if not row.marked]

    @property
    def changed_since_saved(self) -> bool:
        return self.saved and rules.changed_since_saved(self.saved_counts, self.counts, len(self.unmarked))

    @property
    def added_since_saved(self) -> list[SheetRow]:
        return self.unmarked if self.saved else []

    @property
    def on_leave_since_saved(self) -> list[OnLeave]:
        """Marked when the sheet was saved, on leave that day as registered since; counted
        in the saved counts until it is saved again."""
        return [row for row in self.on_leave if row.attendance] if self.changed_since_saved else []


def attendance_sheet(meeting: Meeting) -> AttendanceSheet:
    """The sheet for the day: everyone called has a registration (made here if the invitation
    never made one); members, then participants who are not members, then guests; members on
    leave apart. A fixed number of queries, however large the meeting."""
    return _sheet(meeting, make_missing=True)


def saved_sheet(meeting: Meeting) -> AttendanceSheet:
    """The sheet as it stands, read without writing, for the minutes. Those called who have no
    registration yet are rows not marked."""
    return _sheet(meeting, make_missing=False)


def _sheet(meeting: Meeting, *, make_missing: bool) -> AttendanceSheet:
    who = call_list(meeting, meeting_day(meeting))
    registrations = list(Registration.objects.filter(meeting=meeting).select_related("person"))
    registered = {r.person_id for r in registrations if r.person_id}
    missing = [p for p in who.participants if p.pk not in registered]
    if missing and make_missing:
        # Two people opening the sheet at once: the unique constraint keeps one of each.
        Registration.objects.bulk_create(
            [Registration(meeting=meeting, kind=Registration.Kind.MEMBER, person=p) for p in missing],
            ignore_conflicts=True,
        )
        registrations = list(Registration.objects.filter(meeting=meeting).select_related("person"))
    elif missing:
        registrations += [Registration(meeting=meeting, kind=Registration.Kind.MEMBER, person=p) for p in missing]
    registrations.sort(key=_by_name)
    sheet = _sorted_into_rows(meeting, who, registrations)
    sheet.counts = rules.sheet_counts(rules.SheetMark(row.row, row.registration.attendance) for row in sheet.rows)
    return sheet


def _by_name(registration: Registration) -> tuple[str, str]:
    if registration.person_id:
        return (norwegian(registration.person.given_name), norwegian(registration.person.family_name))
    return (norwegian(registration.guest_name), "")


def _sorted_into_rows(meeting: Meeting, who: CallList, registrations: list[Registration]) -> AttendanceSheet:
    saved_before = meeting.attendance_recorded_at is not None
    members = {p.pk for p in who.members}
    on_leave = {p.pk for p in who.people_on_leave}
    roles = {p.pk: _role(meeting) for p in who.others}

    def row(registration: Registration, kind: str, role: str = "") -> SheetRow:
        start = registration.attendance or rules.suggested_mark(kind, registration.answer, saved_before=saved_before)
        return SheetRow(registration, kind, start, saved_before, str(role))

    sheet = AttendanceSheet(meeting=meeting, members=[], others=[], guests=[], on_leave=[])
    for registration in registrations:
        person = registration.person_id
        if registration.kind == Registration.Kind.GUEST:
            sheet.guests.append(row(registration, rules.GUEST_ROW))
        elif person in roles:
            sheet.others.append(row(registration, rules.OTHER_ROW, roles[person]))
        elif person in on_leave:
            sheet.on_leave.append(OnLeave(registration.person, registration.attendance))
        elif person in members:
            sheet.members.append(row(registration, rules.MEMBER_ROW))
        elif registration.attendance or registration.answer != Answer.NONE:
            # Called once, no longer (they left the group, or took the course before): what
            # they said or what was marked stays on the sheet, and is not counted.
            sheet.others.append(row(registration, rules.OTHER_ROW, NOT_CALLED))
    listed = {r.person_id for r in registrations}
    sheet.on_leave += [OnLeave(p) for p in who.people_on_leave if p.pk not in listed]
    return sheet


def _role(meeting: Meeting) -> str:
    return FROM_OPERATIONS_GROUP if meeting.kind == Meeting.Kind.GROUP else NEAREST_LEADER


@dataclass
class Saved:
    changed: int
    first_time: bool
    counts: dict[str, int]
    opened: list[FollowUp]


def _changes_by_name(registrations: dict[int, Registration], changes: list[AttendanceChange]) -> dict[str, dict]:
    """The changes for the audit log, by the participants' names (and address, for two of a name)."""
    named: dict[str, dict] = {}
    for change in changes:
        registration = registrations[change.registration_id]
        name = registration.name if registration.name not in named else f"{registration.name} ({registration.email})"
        named[name] = {"attendance": [change.previous, change.attendance]}
    return named


def sheet_version(meeting: Meeting) -> int:
    """The sheet's version: its latest change of a mark (0 before the first). A save that
    started from an older version is checked against the marks saved since."""
    return AttendanceChange.objects.filter(registration__meeting=meeting).aggregate(latest=Max("id"))["latest"] or 0


def _check_not_overwriting(meeting: Meeting, marks: Mapping[int, str], registrations, expected_version: int) -> None:
    """Refuses a save that would change a mark someone else saved after the sheet was opened.
    Marks that agree with what they saved, and rows nobody touched since, are no conflict."""
    since = AttendanceChange.objects.filter(registration__meeting=meeting, id__gt=expected_version)
    latest = since.aggregate(latest=Max("id"))["latest"]
    if latest is None:
        return
    touched = set(since.values_list("registration_id", flat=True))
    overwritten = [
        registrations[pk]
        for pk in sorted(touched & set(marks))
        if pk in registrations and marks[pk] != registrations[pk].attendance
    ]
    if overwritten:
        raise MeetingError(
            _(
                "Noen andre lagret oppmøtet mens du hadde siden åpen, og markerte annerledes for %(names)s. "
                "Se historikken under. Det du markerte, står fortsatt her: trykk «Lagre oppmøte» for å bruke det."
            )
            % {
                "names": get_text_list(
                    [f"{r.name} ({r.get_attendance_display().lower()})" for r in overwritten], _("og")
                )
            },
            current_version=latest,
        )


@transaction.atomic
def record_attendance(
    meeting: Meeting, marks: Mapping[int, str], *, expected_version: int | None = None, by, request=None
) -> Saved:
    """Saves the marks {registration id: mark} of the sheet. Every row must end up marked:
    those not in `marks` keep their saved mark, and if any has none, nothing is saved. Only
    what changed is written, each change with its history row (before → after, who, when); the
    counts are saved with the sheet; the first save records that the meeting was held. Then
    the follow-ups of absence that have become due are opened, in the same transaction: their
    e-mail leaves only if all of it is saved. With `expected_version` (the sheet's version when
    it was opened), a mark someone else saved since is not overwritten unseen."""
    check_may_record(meeting)
    # Locked, so that two saves of the sheet at once are taken one after the other, each
    # against the sheet as the other left it.
    state = (
        Meeting.objects.select_for_update().filter(pk=meeting.pk).values("attendance_recorded_at", "attendance_counts")
    )
    meeting.attendance_recorded_at, meeting.attendance_counts = state.get().values()
    sheet = attendance_sheet(meeting)
    rows = {row.registration.pk: row for row in sheet.rows}
    if set(marks) - set(rows):
        raise MeetingError(_("Listen over deltakere er endret. Last siden på nytt og registrer igjen."))
    for pk, value in marks.items():
        if value not in rows[pk].allowed:
            raise MeetingError(
                _("«%(value)s» er ikke et gyldig oppmøte for %(name)s. Velg ett av alternativene.")
                % {"value": value, "name": rows[pk].name}
            )
    registrations = {
        r.pk: r
        for r in Registration.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(meeting=meeting, pk__in=list(rows))
    }
    if expected_version is not None:
        _check_not_overwriting(meeting, marks, registrations, expected_version)
    unmarked = [rows[pk].name for pk, r in registrations.items() if not (marks.get(pk) or r.attendance)]
    if unmarked:
        raise MeetingError(
            _("Oppmøtet er ikke lagret: %(names)s er ikke markert. Marker alle, eller trykk «Resten var til stede».")
            % {"names": get_text_list(unmarked, _("og"))}
        )
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
    counts = rules.sheet_counts(rules.SheetMark(rows[pk].row, r.attendance) for pk, r in registrations.items())
    counts_changed = counts != sheet.saved_counts
    Meeting.objects.filter(pk=meeting.pk).update(attendance_counts=counts)
    first_time = bool(
        Meeting.objects.filter(pk=meeting.pk, attendance_recorded_at__isnull=True).update(attendance_recorded_at=now)
    )
    meeting.attendance_counts = counts
    if first_time:
        meeting.attendance_recorded_at = now
    if changes or counts_changed:
        changed_marks = {"registrations": _changes_by_name(registrations, changes)} if changes else {}
        record(
            AuditAction.CHANGED,
            request=request,
            actor=by,
            obj=meeting,
            network=meeting.network,
            changes={**changed_marks, **({"attendance_counts": counts} if counts_changed else {})},
        )
    opened = follow_ups.open_due_follow_ups(meeting, by=by, request=request) if changes else []
    if meeting.kind == Meeting.Kind.COURSE:
        present = [r for r in changed if rows[r.pk].row == rules.MEMBER_ROW and r.attendance == Attendance.PRESENT]
        _complete_intro_course(meeting, present, by, request)
    return Saved(changed=len(changes), first_time=first_time, counts=counts, opened=opened)


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
