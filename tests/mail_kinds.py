"""One of every kind of e-mail Lindra sends, each made the way a user makes it: the services
of the meeting cycle, the registry and signing in, run on the personas' world on a fixed
Wednesday in March. Tests of what every e-mail looks like start here."""

import datetime as dt
import zoneinfo
from pathlib import Path

import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindra.annual import deviations, news, reports
from lindra.annual.documents import send_revision_reminders
from lindra.annual.models import Document, DocumentVersion, NewsItem
from lindra.development import competence
from lindra.development.courses import tell_when_intro_course_due
from lindra.development.onboarding import send_welcome_letters
from lindra.development.terms import send_leader_term_notices
from lindra.mail.models import OutboxMessage
from lindra.meetings import certificates, follow_ups, invitations, minutes, registrations, services
from lindra.meetings.deadlines import send_deadline_notices
from lindra.meetings.models import Meeting, Registration
from lindra.meetings.services import create_steps
from lindra.registry.models import ChangeRequest, Network, Term
from lindra.registry.services import handle_change_request, report_change
from tests import factories as f
from tests.annual.steering_world import a_report, with_steering_group
from tests.personas import World, build_world

OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
TODAY = dt.datetime(2027, 3, 3, 10, tzinfo=OSLO)
Attendance = Registration.Attendance


def kinds() -> set[str]:
    """Every kind of e-mail there is a template for."""
    folder = Path(settings.BASE_DIR) / "lindra" / "templates" / "mail"
    return {path.name.removesuffix("_subject.txt") for path in folder.glob("*_subject.txt")}


def every_kind(*, member_name: tuple[str, str] | None = None) -> tuple[World, dict[str, OutboxMessage]]:
    """Builds the world and queues at least one e-mail of every kind; returns the first of each.
    `member_name` renames Mona, the member who appears in most of them."""
    with time_machine.travel(TODAY, tick=False) as traveller:
        world = build_world()
        if member_name:
            mona = world.person("member")
            mona.given_name, mona.family_name = member_name
            mona.save(update_fields=["given_name", "family_name"])
        _sign_in_and_new_password(world)
        _invitation_and_answers(world, traveller)
        _absences_and_minutes(world)
        _change_request(world)
        _competence_activity(world)
        _welcome_letter(world)
        _courses(world)
        _leader_term_ending(world)
        _document_revision_due(world)
        _news(world)
        _steering_report(world)
        _deviations(world, traveller)
        _annual_report(world)
        _questionnaire(world, traveller)
    first: dict[str, OutboxMessage] = {}
    for message in OutboxMessage.objects.order_by("pk"):
        first.setdefault(message.kind, message)
    return world, first


def _sign_in_and_new_password(world: World) -> None:
    Client().post(reverse("accounts:sign_in"), {"lenke-email": world.email("member")})
    Client().post(reverse("accounts:password_reset"), {"email": world.email("member")})


def _invitation_and_answers(world: World, traveller) -> None:
    meeting = world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        part1="Runde rundt bordet.", part2_title="Smerte & kvalme", part2="Innlegg ved overlege Hanne Hjelp."
    )
    meeting.refresh_from_db()
    create_steps(meeting)
    invitation = invitations.invitation_for(meeting)
    invitations.save_draft(invitation, text="Velkommen til Løvåsen! Vi serverer lunsj.", by=world.user("host"))
    invitations.submit_to_secretariat(invitation, by=world.user("host"))
    invitations.send_invitation(invitation, by=world.user("secretariat"))
    invitations.queue_invitation_mail(invitation.pk)  # the worker's task, once the sending commits
    gerd = registrations.invite_guest(meeting, name="Gerd Gjest", email="gerd@sykehus.example", by=world.user("host"))
    registrations.answer(gerd, Registration.Answer.REGISTERED)
    mona = Registration.objects.get(meeting=meeting, person=world.person("member"))
    registrations.answer(mona, Registration.Answer.ABSENT)
    traveller.shift(dt.timedelta(days=invitations.READ_REMINDER_DAYS, hours=1))
    invitations.remind_unread()
    # The host has not marked the registration deadline: reminded before it, escalated after.
    start = timezone.now()
    for n in range(21):
        traveller.move_to(start + dt.timedelta(days=n))
        send_deadline_notices()
    traveller.move_to(TODAY)


def _absences_and_minutes(world: World) -> None:
    """Mona misses three meetings this year; the last one's minutes go back once, then out."""
    held = []
    for day in (dt.date(2027, 1, 13), dt.date(2027, 2, 3), dt.date(2027, 2, 24)):
        meeting = f.meeting(world.group_a1, starts_at=f.at(day, 12), host=world.person("host"), title="Nettverksmøte")
        Meeting.objects.filter(pk=meeting.pk).update(attendance_recorded_at=meeting.ends_at)
        for role, attendance in (("member", Attendance.ABSENT), ("host", Attendance.PRESENT)):
            Registration.objects.create(meeting=meeting, person=world.person(role), attendance=attendance)
        held.append(meeting)
    [follow_up] = follow_ups.open_due_follow_ups(held[-1])
    follow_ups.inform_leader(follow_up, by=world.user("group_leader"))
    writer = world.user("group_leader")
    draft = minutes.minutes_for(held[-1])
    draft = minutes.save_draft(
        draft,
        part1="Vi delte erfaringer.",
        part2="Om smertepumper.",
        agreements="Neste møte i mars.",
        expected_version=draft.version,
        by=writer,
    )
    draft = minutes.submit(draft, by=writer)
    draft = minutes.request_changes(draft, note="Skriv hvem som ledet del 2.", by=world.user("secretariat"))
    draft = minutes.submit(draft, by=writer)
    minutes.approve_and_send(draft, by=world.user("secretariat"))


def _change_request(world: World) -> None:
    change = report_change(
        world.person("member").memberships.get(),
        by=world.user("member"),
        kind=ChangeRequest.Kind.WORKPLACE,
        message="Jeg begynner på Årstad hjemmetjeneste fra april.",
    )
    handle_change_request(
        change, decision=ChangeRequest.Status.APPLIED, response="Ført inn.", by=world.user("secretariat")
    )


def _competence_activity(world: World) -> None:
    competence.record_activity(
        world.person("member").memberships.get(),
        by=world.user("member"),
        kind="hospitering",
        title="Hospitering ved palliativ enhet",
        place="Haraldsplass",
        starts_on=dt.date(2027, 2, 15),
        ends_on=dt.date(2027, 2, 16),
        hours=15,
        description="",
    )


def _welcome_letter(world: World) -> None:
    """Nina begins today in group A1, with Lars as nearest leader: her letter and his copy."""
    from tests.development.conftest import description, new_member

    description(world.network_a, title="Funksjon og ansvar for ressurssykepleiere")
    new_member(world, starts_on=timezone.localdate())
    send_welcome_letters()


def _courses(world: World) -> None:
    """More than the policy's number wait for the intro course; a course in May is full, and
    Aina gets Mona's place; Mona was at February's course and gets her certificate."""
    Network.objects.filter(pk=world.network_a.pk).update(intro_course_waiting_threshold=1)
    tell_when_intro_course_due()
    day = dt.date(2027, 5, 5)
    course = services.plan_event(
        world.committee_a,
        kind=Meeting.Kind.COURSE,
        title="Introduksjonskurs i mai",
        starts_at=f.at(day, 9),
        ends_at=f.at(day, 15),
        place="Haukeland",
        capacity=1,
        by=world.user("committee_member"),
    )
    mona, aina = (Registration.objects.create(meeting=course, person=world.person(r)) for r in ("member", "host"))
    registrations.answer(mona, Registration.Answer.REGISTERED)
    registrations.answer(aina, Registration.Answer.REGISTERED)
    registrations.answer(mona, Registration.Answer.ABSENT)
    held = f.meeting(
        world.committee_a, kind=Meeting.Kind.COURSE, title="Introduksjonskurs i februar", starts_at=f.at(day, 9)
    )
    Meeting.objects.filter(pk=held.pk).update(
        starts_at=f.at(dt.date(2027, 2, 24), 9), ends_at=f.at(dt.date(2027, 2, 24), 15), attendance_recorded_at=TODAY
    )
    Registration.objects.create(meeting=held, person=world.person("member"), attendance=Attendance.PRESENT)
    certificates.mail_certificates()


def _leader_term_ending(world: World) -> None:
    """The group leader's term ends within the notice period: the group is told."""
    Term.objects.filter(person=world.person("group_leader")).update(ends_on=TODAY.date() + dt.timedelta(days=30))
    send_leader_term_notices()


def _document_revision_due(world: World) -> None:
    """The action plan was to be revised yesterday: the network has no working group, so the
    secretariat is reminded."""
    plan = Document.objects.create(network=world.network_a, kind=Document.Kind.ACTION_PLAN, title="Handlingsplan")
    DocumentVersion.objects.create(
        document=plan,
        number=1,
        body="Mål og tiltak.",
        approved_on=dt.date(2025, 3, 1),
        approved_by_text="Styringsgruppen",
        next_revision_on=TODAY.date() - dt.timedelta(days=1),
    )
    send_revision_reminders()


def _news(world: World) -> None:
    """The secretariat publishes news to group A1: its members and leader get it."""
    fields = {"title": "Ny kompetanseplan", "body": "Planen er vedtatt.", "committee": None, "public": False}
    item = news.save_news(
        NewsItem(network=world.network_a),
        fields,
        [world.group_a1],
        publish=True,
        by=world.user("secretariat"),
        expected_version=0,
    )
    news.mail_news(item.pk)


def _steering_report(world: World) -> None:
    """The operations group's leader sends her report for the half-year to the steering group."""
    with_steering_group(world)
    a_report(world, sent=True, text="Alle gruppene har holdt vårens møter. Fagdagen er planlagt til oktober.")


def _deviations(world: World, traveller) -> None:
    """Mona reports a deviation; the group leader comments and she adds to it; past his deadline
    and reminded, he sends it to the operations group, which closes it with the measure taken."""
    deviation = deviations.report_deviation(
        network=world.network_a,
        local_group=world.group_a1,
        title="Innkallingen kom for sent",
        description="Innkallingen til marsmøtet kom to dager før møtet.",
        happened_on=dt.date(2027, 2, 24),
        reporter=world.person("member"),
        by=world.user("member"),
    )

    def take(role: str, action: str, text: str) -> None:
        deviation.refresh_from_db()
        deviations.take_step(deviation, action, text, by=world.user(role), expected_version=deviation.version)

    take("group_leader", "comment", "Jeg tar det opp med arrangøren.")
    take("member", "comment", "Det samme skjedde før jul.")
    traveller.shift(dt.timedelta(days=20))
    deviations.send_deviation_reminders()
    take("group_leader", "escalate", "Gjelder rutinen for hele nettverket.")
    take("committee_member", "close", "Ny rutine: innkallingen går ut senest 14 dager før.")
    traveller.move_to(TODAY)


def _annual_report(world: World) -> None:
    """Last year's annual report, its PDF made, sent to the collaboration committee."""
    network, year = world.network_a, TODAY.year - 1
    reports.add_recipient(network, name="Samarbeidsutvalget", email="su@helse.example", by=world.user("secretariat"))
    made = reports.request_render(network, year, by=world.user("secretariat"))
    reports.make_pdf(made.pk)
    dispatch, _count = reports.send_report(network, year, to_members=False, by=world.user("secretariat"))
    reports.queue_dispatch(dispatch.pk)  # the background task's work


def _questionnaire(world: World, traveller) -> None:
    """The yearly questionnaire opens today with a reminder tomorrow: everyone is invited, and
    those who have not answered are reminded."""
    from lindra.annual import questionnaires
    from lindra.annual.models import QuestionnaireReminder

    today = timezone.localdate()
    questionnaire = questionnaires.create_questionnaire(
        world.network_a,
        year=today.year,
        title="Årlig rapportering",
        opens_on=today,
        closes_on=today + dt.timedelta(days=14),
        start=questionnaires.STANDARD,
        by=world.user("secretariat"),
    )
    QuestionnaireReminder.objects.create(questionnaire=questionnaire, on=today + dt.timedelta(days=1))
    questionnaires.open_questionnaires()
    traveller.shift(dt.timedelta(days=1))
    questionnaires.send_questionnaire_reminders()
    traveller.move_to(TODAY)
