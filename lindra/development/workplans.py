"""The member's work plan for a year and the yearly meeting with the nearest leader (seeds
003, 004: "Utarbeide egen arbeidsplan i samarbeid med nærmeste leder med utgangspunkt i
nettverkets årsplan og behovene på arbeidsstedet"; "Ha årlig møte med ressursperson for å
planlegge og evaluere arbeidsplan").

The member drafts the plan and sends it to the nearest leader, who agrees to it or asks for
changes, from the e-mailed link without a password or signed in. While the plan is with the
leader or agreed, it is not edited: to change it the member takes it back, and then it must
be sent and agreed again (the agreement was to the plan as it stood).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Event

from lindra.core import signed_links
from lindra.core.audit import changed_fields, record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.development.models import WorkPlan, YearlyMeeting
from lindra.mail.languages import once_per_language, writing_to
from lindra.mail.services import queue_message
from lindra.meetings.calendars import events_ics, uid
from lindra.meetings.models import CompetenceTopic, Meeting
from lindra.registry.models import Membership, Person

Status = WorkPlan.Status
PLAN_FIELDS = ("goals", "activities", "workplace_needs", "support")
# Sending asks for what the plan is for and what the member will do; the rest may stay empty.
REQUIRED_TO_SUBMIT = ("goals", "activities")
EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
LINK_SALT = "lindra.development.work-plan-link"


class WorkPlanError(DomainError):
    """A change to a work plan or a yearly meeting that is refused. On a conflict it carries
    the version now, so that the user, having seen the other save, can save again on purpose."""

    def __init__(self, message: str = "", *, field: str | None = None, current_version: int | None = None):
        super().__init__(message, field=field)
        self.current_version = current_version


def moment(when: dt.datetime) -> str:
    """A moment as people say it: "tirsdag 3. mars 2027 kl. 10:12"."""
    return date_format(timezone.localtime(when), "WEEKDAY_DATETIME_FORMAT")


def plan_url(membership: Membership, year: int) -> str:
    return reverse("development:work_plan", args=[membership.pk, year])


def yearly_meeting_url(membership: Membership, year: int) -> str:
    return reverse("development:yearly_meeting", args=[membership.pk, year])


def plan_of(membership: Membership, year: int) -> WorkPlan:
    """The year's plan, or a new empty draft (not saved) when there is none yet."""
    return WorkPlan.objects.filter(membership=membership, year=year).first() or WorkPlan(
        membership=membership, year=year
    )


# --- The network's year beside the plan ------------------------------------------------------


@dataclass(frozen=True)
class NetworkYear:
    group_meetings: list[Meeting]
    events: list[Meeting]  # the network's fagdag and intro courses
    topics: list[CompetenceTopic]


def network_year(membership: Membership, year: int) -> NetworkYear:
    """What the plan starts from ("nettverkets årsplan"): the group's meetings of the year, the
    network's fagdag and intro courses, and the competence plan's topics. Two queries."""
    tz = timezone.get_current_timezone()
    in_year = {
        "starts_at__gte": dt.datetime(year, 1, 1, tzinfo=tz),
        "starts_at__lt": dt.datetime(year + 1, 1, 1, tzinfo=tz),
    }
    meetings = list(
        Meeting.objects.filter(
            network=membership.network_id, kind__in=[Meeting.Kind.GROUP, Meeting.Kind.FAGDAG, Meeting.Kind.COURSE]
        )
        .filter(**in_year)
        .select_related("local_group", "committee")
        .order_by("starts_at")
    )
    topics = list(CompetenceTopic.objects.filter(network=membership.network_id, retired=False))
    return NetworkYear(
        group_meetings=[
            m for m in meetings if m.kind == Meeting.Kind.GROUP and m.local_group_id == membership.local_group_id
        ],
        events=[m for m in meetings if m.kind != Meeting.Kind.GROUP],
        topics=topics,
    )


# --- Drafting and sending -------------------------------------------------------------------


def _save_fields(plan: WorkPlan, fields: dict, expected_version: int | None, extra: dict) -> WorkPlan:
    """Saves the plan's fields (creating it the first time), raising on someone else's save."""
    if plan.pk is None:
        if (
            expected_version not in (None, 0)
            or WorkPlan.objects.filter(membership=plan.membership, year=plan.year).exists()
        ):
            raise WorkPlanError(
                _("Noen andre har lagret planen mens du skrev. Se over og lagre igjen."),
                current_version=WorkPlan.objects.filter(membership=plan.membership, year=plan.year)
                .values_list("version", flat=True)
                .first(),
            )
        for name, value in {**fields, **extra}.items():
            setattr(plan, name, value)
        plan.save()
        return plan
    rows = WorkPlan.objects.filter(pk=plan.pk, status__in=EDITABLE)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, **fields, **extra):
        current = WorkPlan.objects.filter(pk=plan.pk).values_list("status", "version").first()
        if current and current[0] not in EDITABLE:
            raise WorkPlanError(_("Planen er sendt til lederen og kan ikke endres nå."))
        raise WorkPlanError(
            _("Noen andre har lagret planen mens du skrev. Se over og lagre igjen."),
            current_version=current[1] if current else None,
        )
    plan.refresh_from_db()
    return plan


def _check_editable(plan: WorkPlan) -> None:
    if plan.pk is not None and plan.status not in EDITABLE:
        raise WorkPlanError(_("Planen er sendt til lederen og kan ikke endres nå."))


@transaction.atomic
def save_draft(plan: WorkPlan, fields: dict, *, by, expected_version: int | None, request=None) -> WorkPlan:
    """Keeps what the member has written so far; nobody is told."""
    _check_editable(plan)
    before = {name: getattr(plan, name) for name in PLAN_FIELDS}
    created = plan.pk is None
    plan = _save_fields(plan, fields, expected_version, {})
    _record(plan, request, by, created=created, changes=changed_fields(WorkPlan, before, fields))
    return plan


@transaction.atomic
def submit(plan: WorkPlan, fields: dict, *, by, expected_version: int | None, request=None) -> WorkPlan:
    """Saves the plan and sends it to the nearest leader, who gets an e-mail with a link to
    agree to it or ask for changes without signing in."""
    _check_editable(plan)
    membership = plan.membership
    leader = membership.nearest_leader
    if leader is None:
        raise WorkPlanError(
            _(
                "Du har ingen nærmeste leder registrert, så planen kan ikke sendes. Meld fra til sekretariatet "
                "om hvem lederen din er, og send planen etterpå."
            )
        )
    for name in REQUIRED_TO_SUBMIT:
        if not fields.get(name, "").strip():
            raise WorkPlanError(_("Skriv dette før du sender planen til lederen."), field=name)
    before = {"status": plan.status, **{name: getattr(plan, name) for name in PLAN_FIELDS}}
    created = plan.pk is None
    now = timezone.now()
    extra = {"status": Status.SUBMITTED, "submitted_at": now, "agreed_at": None, "agreed_by": None}
    plan = _save_fields(plan, fields, expected_version, extra)
    _record(
        plan,
        request,
        by,
        created=created,
        changes=changed_fields(WorkPlan, before, {"status": Status.SUBMITTED, **fields}),
    )
    if leader.email:
        queue_message(
            "work_plan_submitted",
            to=[leader.email],
            reply_to=[membership.person.email] if membership.person.email else [],
            context={
                "plan": plan,
                "member": membership.person,
                "leader": leader,
                "link": link_for(plan, leader),
                "url": settings.SITE_URL + plan_url(membership, plan.year),
            },
            network=membership.network,
        )
    return plan


@transaction.atomic
def take_back(plan: WorkPlan, *, by, request=None) -> WorkPlan:
    """The member takes a plan that is with the leader, or agreed, back to change it. It must
    then be sent and agreed again."""
    if plan.pk is None or plan.status not in (Status.SUBMITTED, Status.AGREED):
        raise WorkPlanError(_("Planen er ikke sendt, så det er ingenting å ta tilbake."))
    updated = WorkPlan.objects.filter(pk=plan.pk, status=plan.status).update(
        status=Status.DRAFT, agreed_at=None, agreed_by=None, version=F("version") + 1
    )
    if not updated:
        raise WorkPlanError(_("Lederen har nettopp svart på planen. Se hva lederen svarte."))
    before = plan.status
    plan.refresh_from_db()
    _record(plan, request, by, changes={"status": [before, Status.DRAFT]})
    return plan


# --- The leader's answer --------------------------------------------------------------------


@transaction.atomic
def agree(plan: WorkPlan, *, leader: Person, by=None, request=None) -> WorkPlan:
    """The nearest leader agrees to the plan as sent. The member is told."""
    plan = _answer(plan, leader, {"status": Status.AGREED, "agreed_at": timezone.now(), "agreed_by": leader})
    _record(plan, request, by, target_leader=leader, changes={"status": [Status.SUBMITTED, Status.AGREED]})
    _tell_member(plan, "work_plan_agreed", leader)
    return plan


@transaction.atomic
def ask_for_changes(plan: WorkPlan, note: str, *, leader: Person, by=None, request=None) -> WorkPlan:
    """The nearest leader sends the plan back with a note of what to change. The member is told."""
    if not note.strip():
        raise WorkPlanError(_("Skriv hva medlemmet bør endre."), field="note")
    fields = {"status": Status.CHANGES_REQUESTED, "leader_note": note.strip(), "changes_requested_at": timezone.now()}
    plan = _answer(plan, leader, fields)
    _record(
        plan,
        request,
        by,
        target_leader=leader,
        changes={"status": [Status.SUBMITTED, Status.CHANGES_REQUESTED], "leader_note": "saved"},
    )
    _tell_member(plan, "work_plan_changes", leader)
    return plan


def _answer(plan: WorkPlan, leader: Person, fields: dict) -> WorkPlan:
    if plan.membership.nearest_leader_id != leader.pk:
        raise WorkPlanError(_("Bare medlemmets nærmeste leder kan svare på planen."))
    if not WorkPlan.objects.filter(pk=plan.pk, status=Status.SUBMITTED).update(version=F("version") + 1, **fields):
        raise WorkPlanError(_("Planen venter ikke på svar nå."))
    plan.refresh_from_db()
    return plan


def _tell_member(plan: WorkPlan, kind: str, leader: Person) -> None:
    membership = plan.membership
    if not membership.person.email:
        return
    queue_message(
        kind,
        to=[membership.person.email],
        reply_to=[leader.email] if leader.email else [],
        context={
            "plan": plan,
            "member": membership.person,
            "leader": leader,
            "url": settings.SITE_URL + plan_url(membership, plan.year),
            "meeting_url": settings.SITE_URL + yearly_meeting_url(membership, plan.year),
        },
        network=membership.network,
    )


def _record(plan: WorkPlan, request, by, *, created: bool = False, target_leader=None, changes: dict) -> None:
    target = str(plan)
    if by is None and target_leader is not None:
        target = _("%(plan)s (svar fra %(leader)s i e-post)") % {"plan": plan, "leader": target_leader}
    record(
        AuditAction.CREATED if created else AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=plan,
        target=target,
        network=plan.membership.network,
        changes=changes,
    )


# --- The signed link ------------------------------------------------------------------------


def token_for(plan: WorkPlan, leader: Person) -> str:
    """A link for the plan's nearest leader; it stops working for anyone who is no longer
    the member's leader."""
    return signed_links.sign({"p": plan.pk, "l": leader.pk}, salt=LINK_SALT)


def link_for(plan: WorkPlan, leader: Person) -> str:
    return settings.SITE_URL + reverse("development:work_plan_answer", args=[token_for(plan, leader)])


def plan_for_token(token: str) -> tuple[WorkPlan, Person] | None:
    """The plan and the leader a token names, or None when it is forged, damaged or names
    nothing that exists."""
    data = signed_links.unsign(token, salt=LINK_SALT)
    if data is None:
        return None
    plan = (
        WorkPlan.objects.select_related(
            "membership__person", "membership__network", "membership__local_group", "membership__workplace"
        )
        .filter(pk=data.get("p"))
        .first()
    )
    leader = Person.objects.filter(pk=data.get("l")).first()
    if plan is None or leader is None:
        return None
    return plan, leader


# --- The yearly meeting ---------------------------------------------------------------------


def yearly_meeting_of(membership: Membership, year: int) -> YearlyMeeting | None:
    return YearlyMeeting.objects.filter(membership=membership, year=year).first()


@transaction.atomic
def book_yearly_meeting(
    membership: Membership,
    year: int,
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    by,
    expected_version: int | None,
    request=None,
) -> YearlyMeeting:
    """Books the year's meeting of member and leader, or moves it; both get it by e-mail as a
    calendar file, which updates the same event in their calendars when it is moved."""
    if timezone.localtime(starts_at).year != year:
        raise WorkPlanError(_("Møtet for %(year)s må holdes i %(year)s.") % {"year": year}, field="day")
    if ends_at <= starts_at:
        raise WorkPlanError(_("Møtet må slutte etter at det begynner."), field="ends")
    fields = {"starts_at": starts_at, "ends_at": ends_at, "place": place.strip(), "booked_by": by}
    meeting = yearly_meeting_of(membership, year)
    if meeting is None:
        if expected_version not in (None, 0):
            raise WorkPlanError(_("Møtet ble slettet mens du skrev."))
        meeting = YearlyMeeting.objects.create(membership=membership, year=year, **fields)
        action, before = AuditAction.CREATED, {}
    else:
        if meeting.evaluated_at is not None:
            raise WorkPlanError(_("Møtet er holdt og evaluert, og kan ikke flyttes."))
        rows = YearlyMeeting.objects.filter(pk=meeting.pk)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        before = {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place}
        if not rows.update(version=F("version") + 1, **fields):
            raise WorkPlanError(
                _("Noen andre har endret møtet mens du skrev. Se over og lagre igjen."),
                current_version=YearlyMeeting.objects.filter(pk=meeting.pk).values_list("version", flat=True).first(),
            )
        meeting.refresh_from_db()
        action = AuditAction.CHANGED
    after = {"starts_at": starts_at, "ends_at": ends_at, "place": fields["place"]}
    record(
        action,
        request=request,
        actor=by,
        obj=meeting,
        network=membership.network,
        changes=changed_fields(YearlyMeeting, before, after),
    )
    _send_booking(meeting, moved=action == AuditAction.CHANGED)
    return meeting


def yearly_meeting_ics(meeting: YearlyMeeting) -> bytes:
    membership = meeting.membership
    leader = membership.nearest_leader
    summary = _("Årlig møte om arbeidsplanen: %(member)s og %(leader)s") % {
        "member": membership.person.full_name,
        "leader": leader.full_name if leader else _("nærmeste leder"),
    }
    url = settings.SITE_URL + yearly_meeting_url(membership, meeting.year)
    event = Event.new(
        uid=uid("yearly-meeting", meeting.pk),
        stamp=timezone.now(),
        sequence=meeting.version,
        start=timezone.localtime(meeting.starts_at),
        end=timezone.localtime(meeting.ends_at),
        summary=summary,
        location=meeting.place or None,
        description=_("Planlegge og evaluere arbeidsplanen for %(year)s.") % {"year": meeting.year} + f"\n{url}",
        url=url,
    )
    return events_ics([event], name=summary)


def _send_booking(meeting: YearlyMeeting, *, moved: bool) -> None:
    membership = meeting.membership
    member, leader = membership.person, membership.nearest_leader
    attachment = once_per_language(lambda: [("arlig-mote.ics", yearly_meeting_ics(meeting), "text/calendar")])
    url = settings.SITE_URL + yearly_meeting_url(membership, meeting.year)
    for person, other in ((member, leader), (leader, member)):
        if person is None or not person.email:
            continue
        with writing_to([person.email], membership.network):  # the time written their way
            queue_message(
                "yearly_meeting_booked",
                to=[person.email],
                reply_to=[other.email] if other is not None and other.email else [],
                context={
                    "meeting": meeting,
                    "person": person,
                    "other": other,
                    "moved": moved,
                    "when": moment(meeting.starts_at),
                    "ends": date_format(timezone.localtime(meeting.ends_at), "H:i"),
                    "url": url,
                },
                network=membership.network,
                attachments=attachment,
            )


@transaction.atomic
def record_evaluation(
    meeting: YearlyMeeting, evaluation: str, *, by, expected_version: int | None, request=None
) -> YearlyMeeting:
    """After the meeting, member or leader records how the year's plan went."""
    if not evaluation.strip():
        raise WorkPlanError(_("Skriv evalueringen."), field="evaluation")
    if meeting.starts_at > timezone.now():
        raise WorkPlanError(
            _("Evalueringen skrives etter møtet, fra %(when)s.") % {"when": moment(meeting.starts_at)},
            field="evaluation",
        )
    rows = YearlyMeeting.objects.filter(pk=meeting.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    first_time = meeting.evaluated_at is None
    if not rows.update(version=F("version") + 1, evaluation=evaluation.strip(), evaluated_at=timezone.now()):
        raise WorkPlanError(
            _("Noen andre har endret møtet mens du skrev. Se over og lagre igjen."),
            current_version=YearlyMeeting.objects.filter(pk=meeting.pk).values_list("version", flat=True).first(),
        )
    meeting.refresh_from_db()
    record(
        AuditAction.CHANGED,
        request=request,
        actor=by,
        obj=meeting,
        network=meeting.membership.network,
        changes={"evaluation": "saved", **({"evaluated_at": meeting.evaluated_at.isoformat()} if first_time else {})},
    )
    return meeting
