"""The fagdag and the intro course (seeds 000, 003): a committee plans them for the whole
network, and they use the same machinery as the group meetings: the chain, the invitation to
those called, attendance and minutes."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import attendance, invitations, services
from lindra.meetings import minutes_documents as documents
from lindra.meetings.models import DeadlineStep, Meeting, Registration
from lindra.registry.models import Change, Leave, Membership
from tests import factories as f
from tests.documents import docx_text, pdf_text
from tests.personas import World


def event_form(**fields) -> dict:
    day = f.today() + dt.timedelta(days=90)
    return {
        "kind": Meeting.Kind.FAGDAG,
        "title": "Fagdag i palliasjon",
        "day": day.strftime("%d.%m.%Y"),
        "starts": "09:00",
        "ends": "15:30",
        "place": "Haukeland, auditoriet",
        **fields,
    }


def test_the_committee_plans_the_fagdag_with_its_deadline_chain(world: World, client_as):
    response = client_as("committee_member").post(
        reverse("meetings:new_event", args=[world.committee_a.pk]), event_form()
    )
    meeting = Meeting.objects.get(title="Fagdag i palliasjon")
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert (meeting.kind, meeting.committee, meeting.network) == (
        Meeting.Kind.FAGDAG,
        world.committee_a,
        world.network_a,
    )
    assert DeadlineStep.objects.filter(meeting=meeting).count() == 6
    assert AuditEvent.objects.filter(action=AuditAction.CREATED, object_id=str(meeting.pk)).exists()
    page = client_as("committee_member").get(reverse("registry:committee", args=[world.committee_a.pk]))
    assert "Fagdag i palliasjon" in page.content.decode()


def _planned(world: World, kind: str) -> Meeting:
    """A fagdag or a course in two months, planned with its chain."""
    day = f.today() + dt.timedelta(days=60)
    return services.plan_event(
        world.committee_a,
        kind=kind,
        title=f"{kind} for alle",
        starts_at=f.at(day, 9),
        ends_at=f.at(day, 15),
        place="Haukeland",
        by=world.user("committee_member"),
    )


def chain_on_page(client, meeting: Meeting) -> list[tuple[str, str]]:
    """(step, who answers for it) from the chain on the meeting's page."""
    page = client.get(meeting.get_absolute_url()).content.decode()
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td><td[^>]*>([^<]+)</td>", page)
    return [(step, owner.strip()) for step, owner in rows]


@pytest.mark.parametrize("kind", [Meeting.Kind.FAGDAG, Meeting.Kind.COURSE])
def test_a_fagdag_or_course_has_its_own_chain_the_committees_to_prepare_and_no_host(world: World, client_as, kind):
    meeting = _planned(world, kind)
    first = {Meeting.Kind.FAGDAG: "Program for fagdagen klart", Meeting.Kind.COURSE: "Program for kurset klart"}
    sent = {
        Meeting.Kind.FAGDAG: "Innkalling sendt til nettverket",
        Meeting.Kind.COURSE: "Innkalling sendt til de nye og deres ledere",
    }
    assert chain_on_page(client_as("secretariat"), meeting) == [
        (first[kind], "Driftsgruppen, Ulla Utvalg"),
        ("Innkalling sendt til sekretariatet", "Driftsgruppen, Ulla Utvalg"),
        (sent[kind], "Sekretariatet"),
        ("Påmeldingsfrist", "Driftsgruppen, Ulla Utvalg"),
        ("Referat sendt til sekretariatet", "Driftsgruppen, Ulla Utvalg"),
        ("Referat sendt ut", "Sekretariatet"),
    ]


def test_a_committee_meeting_has_its_agenda_in_the_invitation_and_no_program_step(world: World, client_as):
    services.create_steps(world.committee_meeting)
    steps = [step for step, _owner in chain_on_page(client_as("committee_member"), world.committee_meeting)]
    assert steps == [
        "Innkalling med saksliste sendt til sekretariatet",
        "Innkalling sendt til utvalget",
        "Påmeldingsfrist",
        "Referat sendt til sekretariatet",
        "Referat sendt ut",
    ]
    # A committee without a leader answers through its members.
    page = client_as("committee_member").get(world.committee_meeting.get_absolute_url()).content.decode()
    assert "Driftsgruppen, Ulla Utvalg" in page


def test_the_committee_marks_its_own_steps_of_a_fagdag_and_not_the_secretariats(world: World, client_as):
    meeting = _planned(world, Meeting.Kind.FAGDAG)
    client = client_as("committee_member")
    assert client.post(reverse("meetings:mark_done", args=[meeting.pk, "program"])).status_code == 302
    assert client.post(reverse("meetings:mark_done", args=[meeting.pk, "invitation_sent"])).status_code == 403
    assert set(DeadlineStep.objects.filter(meeting=meeting, done_at__isnull=False).values_list("step", flat=True)) == {
        "program"
    }


def test_the_committee_finds_its_fagdags_steps_on_its_home_page(world: World, client_as):
    meeting = _planned(world, Meeting.Kind.FAGDAG)
    DeadlineStep.objects.filter(meeting=meeting, step="program").update(due_on=f.today() + dt.timedelta(days=3))
    page = client_as("committee_member").get("/").content.decode()
    assert "Frister for deg" in page and "Program for fagdagen klart" in page
    assert "Program avtalt med gruppelederen" not in page
    assert "Program for fagdagen klart" not in client_as("group_leader").get("/").content.decode()


def test_an_event_that_ends_before_it_starts_is_refused_and_the_form_keeps_what_was_typed(world: World, client_as):
    response = client_as("secretariat").post(
        reverse("meetings:new_event", args=[world.committee_a.pk]), event_form(starts="15:00", ends="09:00")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends"] == ["Møtet må slutte etter at det begynner."]
    assert 'value="Fagdag i palliasjon"' in response.content.decode()
    assert not Meeting.objects.filter(title="Fagdag i palliasjon").exists()


def test_an_unknown_kind_of_event_is_refused(world: World, client_as):
    response = client_as("secretariat").post(
        reverse("meetings:new_event", args=[world.committee_a.pk]), event_form(kind=Meeting.Kind.GROUP)
    )
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors
    assert not Meeting.objects.filter(title="Fagdag i palliasjon").exists()


@pytest.mark.parametrize(("role", "status"), [("group_leader", 404), ("member", 404), ("other_secretariat", 404)])
def test_only_the_committee_and_the_secretariat_plan_events(world: World, client_as, role, status):
    response = client_as(role).post(reverse("meetings:new_event", args=[world.committee_a.pk]), event_form())
    assert response.status_code == status
    assert not Meeting.objects.filter(title="Fagdag i palliasjon").exists()


def _event(world: World, kind: str) -> Meeting:
    return f.meeting(world.committee_a, kind=kind, title=f"{kind} for alle")


def test_the_fagdag_calls_every_member_of_the_network_but_not_those_on_leave_and_their_leaders(world: World):
    on_leave = Membership.objects.get(person=world.person("other_member"))
    Leave.objects.create(membership=on_leave, starts_on=f.today() - dt.timedelta(days=10))
    who = invitations.call_list(_event(world, Meeting.Kind.FAGDAG), f.today())
    network_a = {m.person for m in Membership.objects.current(f.today()).filter(network=world.network_a)}
    assert set(who.members) == network_a - {world.person("other_member")}
    assert world.person("member") in who.members
    # Seed 001 opens the professional part to the nearest leaders; the fagdag is all of that.
    assert who.others == [world.person("nearest_leader")]


def test_the_intro_course_calls_the_members_who_have_not_taken_it(world: World):
    Membership.objects.filter(person=world.person("member")).update(intro_course_completed_on=f.today())
    called = invitations.participants(_event(world, Meeting.Kind.COURSE), f.today())
    assert world.person("member") not in called
    assert world.person("host") in called
    assert all(m.network_id == world.network_a.pk for p in called for m in p.memberships.all())


# Who an intro course calls (seed 003: "for nye sykepleiere (og deres ledere)") ---------------------


def test_the_intro_course_calls_the_new_members_nearest_leaders_once_each(world: World):
    lars = world.person("nearest_leader")  # the nearest leader of both Mona and Aina
    vera = f.person("Vera", "Leder")
    Membership.objects.filter(person=world.person("other_member")).update(nearest_leader=vera)
    # Olav has taken the course: his leader is not called for him.
    Membership.objects.filter(person=world.person("other_member")).update(intro_course_completed_on=f.today())
    course = _event(world, Meeting.Kind.COURSE)

    who = invitations.call_list(course, f.today())

    assert set(who.members) == {world.person("member"), world.person("host")}
    assert who.others == [lars]
    assert invitations.participants(course, f.today()) == [*who.members, lars]


def test_a_leader_of_members_on_leave_only_is_not_called(world: World):
    for person in ("member", "host"):
        membership = Membership.objects.get(person=world.person(person))
        Leave.objects.create(membership=membership, starts_on=f.today() - dt.timedelta(days=10))
    who = invitations.call_list(_event(world, Meeting.Kind.COURSE), f.today())
    assert world.person("nearest_leader") not in who.participants
    assert set(who.people_on_leave) == {world.person("member"), world.person("host")}


def test_a_leader_who_is_a_new_member_too_is_called_once_as_a_member(world: World):
    lars = world.person("nearest_leader")
    f.membership(lars, world.group_a2)
    who = invitations.call_list(_event(world, Meeting.Kind.COURSE), f.today())
    assert lars in who.members and lars not in who.others


sends_mail = pytest.mark.django_db(transaction=True)


@sends_mail
def test_the_leaders_get_their_own_invitation_and_register_with_its_link(world: World, client_as, outbox, client):
    course = _event(world, Meeting.Kind.COURSE)
    course.programme = "09:00 Velkommen\n10:00 Hva er en ressurssykepleier?"
    course.save()
    response = client_as("secretariat").post(
        reverse("meetings:invitation", args=[course.pk]), {"text": "Velkommen til kurs!", "action": "send"}
    )
    assert response.status_code == 302
    [mail] = outbox.to(world.email("nearest_leader"))
    assert "Velkommen til kurs!" in mail.text and "10:00 Hva er en ressurssykepleier?" in mail.text
    assert "Del 1" not in mail.text and "Del 2" not in mail.text
    register = re.findall(r"http://\S+(/svar/\S+/)", mail.text)[0]
    client.post(register)
    lars = Registration.objects.get(meeting=course, person=world.person("nearest_leader"))
    assert lars.answer == Registration.Answer.REGISTERED


@pytest.mark.django_db
def test_a_leader_present_at_the_course_is_not_counted_and_has_taken_no_course(world: World):
    course = f.meeting(world.committee_a, kind=Meeting.Kind.COURSE, starts_at=timezone.now() - dt.timedelta(hours=2))
    sheet = attendance.attendance_sheet(course)
    [lars] = sheet.others
    assert (lars.name, lars.role) == ("Lars Leder", "Nærmeste leder")
    saved = attendance.record_attendance(
        course,
        {row.registration.pk: Registration.Attendance.PRESENT for row in sheet.rows},
        by=world.user("secretariat"),
    )
    # Mona, Aina and Olav, who are new; not their leader.
    assert saved.counts == {"present": 3, "notice": 0, "absent": 0, "guests": 0}
    assert not Change.objects.filter(person=world.person("nearest_leader")).exists()
    assert documents.facts(course).others_present == ("Lars Leder",)


# The programme of a fagdag, an intro course and a committee meeting ---------------------------------


def test_the_event_form_takes_the_programme_and_the_page_shows_it_not_the_two_parts(world: World, client_as):
    client = client_as("committee_member")
    client.post(
        reverse("meetings:new_event", args=[world.committee_a.pk]),
        event_form(programme="09:00 Åpning\n09:15 Smertelindring ved lege"),
    )
    meeting = Meeting.objects.get(title="Fagdag i palliasjon")
    assert meeting.programme == "09:00 Åpning\n09:15 Smertelindring ved lege"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "09:15 Smertelindring ved lege" in page
    assert "Del 1: Erfaringsutveksling" not in page and "Del 2: Faglig påfyll" not in page


def test_a_group_meetings_page_shows_the_two_parts(world: World, client_as):
    page = client_as("member").get(world.meeting.get_absolute_url()).content.decode()
    assert "Del 1: Erfaringsutveksling" in page and "Del 2: Faglig påfyll" in page


@pytest.mark.parametrize("kind", [Meeting.Kind.FAGDAG, Meeting.Kind.COURSE, Meeting.Kind.COMMITTEE])
def test_the_agenda_of_an_event_is_its_programme(world: World, client_as, kind):
    meeting = _event(world, kind)
    url = reverse("meetings:agenda", args=[meeting.pk])
    form = client_as("committee_member").get(url).context["form"]
    assert "programme" in form.fields and not {"part1", "part2_title", "part2"} & set(form.fields)
    response = client_as("committee_member").post(
        url, {"place": "Haukeland", "programme": "Kl. 9: Velkommen", "version": meeting.version}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.programme, meeting.place) == ("Kl. 9: Velkommen", "Haukeland")


def test_the_agenda_of_a_group_meeting_has_its_two_parts_and_no_programme(world: World, client_as):
    form = client_as("host").get(reverse("meetings:agenda", args=[world.meeting.pk])).context["form"]
    assert {"part1", "part2_title", "part2"} <= set(form.fields) and "programme" not in form.fields


@pytest.mark.django_db
def test_the_invitation_pdf_of_a_fagdag_has_its_programme(world: World, client_as, tmp_path):
    meeting = _event(world, Meeting.Kind.FAGDAG)
    meeting.programme = "09:00 Åpning ved KLB\n12:00 Lunsj"
    meeting.save()
    response = client_as("committee_member").get(reverse("meetings:invitation_pdf", args=[meeting.pk]))
    text = pdf_text(response.content, tmp_path)
    assert "09:00 Åpning ved KLB" in text and "12:00 Lunsj" in text
    assert "Erfaringsutveksling" not in text and "obligatorisk" not in text


@pytest.mark.django_db
def test_the_minutes_of_a_fagdag_follow_its_programme(world: World, client_as, tmp_path):
    meeting = f.meeting(
        world.committee_a,
        kind=Meeting.Kind.FAGDAG,
        title="Fagdag 2026",
        starts_at=timezone.now() - dt.timedelta(days=2),
        programme="09:00 Åpning\n10:00 Lindrende sedering",
    )
    client = client_as("committee_member")
    page = client.get(reverse("meetings:minutes", args=[meeting.pk]))
    form = page.context["form"]
    assert "part2" not in form.fields and form.fields["part1"].label == "Fra dagen"
    assert form["part1"].value().startswith("Hovedpunkter fra programmet:")
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"part1": "Godt oppmøte og gode spørsmål.", "agreements": "Neste fagdag i april.", "version": 1},
    )
    assert response.status_code == 302
    text = pdf_text(client.get(reverse("meetings:minutes_pdf", args=[meeting.pk])).content, tmp_path)
    assert "10:00 Lindrende sedering" in text and "Godt oppmøte og gode spørsmål." in text
    assert "Fra dagen" in text and "Erfaringsutveksling" not in text and "Faglig påfyll" not in text
    word = docx_text(client.get(reverse("meetings:minutes_docx", args=[meeting.pk])).content)
    assert "10:00 Lindrende sedering" in word and "Godt oppmøte og gode spørsmål." in word
    assert "Erfaringsutveksling" not in word
