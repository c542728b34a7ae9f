"""Rows of every kind about a person, each marked with a word, so that a test can see whose
data ended up where."""

import datetime as dt
import secrets

from django.utils import timezone

from lindra.accounts.models import SignInLink, hash_token
from lindra.annual.models import (
    Answer,
    Deviation,
    NewsOptOut,
    Question,
    Questionnaire,
    Respondent,
    Response,
    Section,
)
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.development.models import (
    Acceptance,
    CompetenceActivity,
    ReportBack,
    WelcomeLetter,
    WorkPlan,
    WorkPlanReminder,
    YearlyMeeting,
)
from lindra.mail.models import OutboxMessage
from lindra.meetings.models import AttendanceChange, FollowUp, HostChange, Meeting, Registration
from lindra.registry.models import ChangeRequest, Committee, Leave, Membership, Person, Term
from tests import factories


def questionnaire(network, *, anonymous: bool, title: str) -> Question:
    today = timezone.localdate()
    made = Questionnaire.objects.create(
        network=network, year=today.year, title=title, opens_on=today, closes_on=today, anonymous=anonymous
    )
    section = Section.objects.create(questionnaire=made, title="Om året")
    return Question.objects.create(section=section, kind=Question.Kind.TEXT, text="Hva lærte du?")


def everything(person: Person, membership: Membership, marker: str, *, committee: Committee | None = None) -> None:
    """One row of each kind about the person, with `marker` in its free text."""
    today = timezone.localdate()
    network, group, user = membership.network, membership.local_group, person.user
    Leave.objects.create(membership=membership, starts_on=today - dt.timedelta(days=100), ends_on=today)
    committee = committee or factories.committee(network, f"Arbeidsgruppe {marker}", Committee.Kind.WORKING)
    Term.objects.create(
        person=person,
        kind=Term.Kind.COMMITTEE_MEMBER,
        network=network,
        committee=committee,
        starts_on=today - dt.timedelta(days=30),
    )
    ChangeRequest.objects.create(
        membership=membership, kind=ChangeRequest.Kind.OTHER, message=f"Endringsmelding {marker}", requested_by=user
    )
    meeting = factories.meeting(
        group, title=f"Gruppemøte {marker}", starts_at=factories.at(today - dt.timedelta(days=10))
    )
    Meeting.objects.filter(pk=meeting.pk).update(minute_taker=person)
    registration = Registration.objects.create(
        meeting=meeting,
        person=person,
        answer=Registration.Answer.ABSENT,
        answered_at=timezone.now(),
        attendance=Registration.Attendance.NOTICE,
    )
    AttendanceChange.objects.create(registration=registration, attendance=Registration.Attendance.NOTICE)
    HostChange.objects.create(meeting=meeting, host=person, reason=f"Byttet arrangør {marker}")
    course_committee = factories.committee(network, f"Kursgruppe {marker}", Committee.Kind.WORKING)
    course = factories.meeting(
        course_committee,
        kind=Meeting.Kind.COURSE,
        title=f"Introduksjonskurs {marker}",
        starts_at=factories.at(today - dt.timedelta(days=20)),
    )
    Registration.objects.create(meeting=course, person=person, attendance=Registration.Attendance.PRESENT)
    FollowUp.objects.create(
        network=network, person=person, local_group=group, year=today.year, absences=3, agreed=f"Avtalt {marker}"
    )
    WelcomeLetter.objects.create(membership=membership, text=f"Velkommen {marker}", copy_to="leder@lindra.example")
    Acceptance.objects.create(membership=membership, party=Acceptance.Party.MEMBER, person=person)
    WorkPlan.objects.create(membership=membership, year=today.year, goals=f"Mål {marker}")
    start = factories.at(today - dt.timedelta(days=5), 10)
    YearlyMeeting.objects.create(
        membership=membership,
        year=today.year,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        evaluation=f"Evaluering {marker}",
    )
    WorkPlanReminder.objects.create(
        membership=membership, year=today.year, about=WorkPlanReminder.About.PLAN, party=WorkPlanReminder.Party.MEMBER
    )
    CompetenceActivity.objects.create(
        membership=membership, kind=CompetenceActivity.Kind.COURSE, title=f"Kurs {marker}", starts_on=today
    )
    ReportBack.objects.create(
        membership=membership, meeting=meeting, reported_on=today, to_leader=True, how=f"Referat {marker}"
    )

    named = questionnaire(network, anonymous=False, title=f"Skjema med navn {marker}")
    respondent = Respondent.objects.create(
        questionnaire=named.section.questionnaire, person=person, membership=membership, answered_on=today
    )
    response = Response.objects.create(questionnaire=named.section.questionnaire, respondent=respondent, finished=True)
    Answer.objects.create(response=response, question=named, value=f"Svar med navn {marker}")
    anonymous = questionnaire(network, anonymous=True, title=f"Anonymt skjema {marker}")
    Respondent.objects.create(
        questionnaire=anonymous.section.questionnaire, person=person, membership=membership, answered_on=today
    )
    untied = Response.objects.create(questionnaire=anonymous.section.questionnaire, finished=True)
    Answer.objects.create(response=untied, question=anonymous, value=f"Anonymt svar {marker}")

    Deviation.objects.create(network=network, reported_by=person, title=f"Avvik {marker}", description="Kom for sent.")
    NewsOptOut.objects.create(person=person)
    if user is not None:
        SignInLink.objects.create(
            user=user, token_hash=hash_token(secrets.token_urlsafe()), expires_at=timezone.now() + dt.timedelta(hours=1)
        )
        record(AuditAction.SIGN_IN, actor=user, target=user.email)
    OutboxMessage.objects.create(kind="minutes", to=[person.email], subject=f"Referat {marker}", body_text="…")
    record(AuditAction.CHANGED, obj=membership, changes={"workplace": ["a", "b"]}, network=network)
