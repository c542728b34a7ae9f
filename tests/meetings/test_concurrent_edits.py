"""Two people edit the same competence-plan topic, minutes template, invitation or attendance
sheet at once: the second to save is told, keeps what they typed, and the first's change stands."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindra.meetings.models import CompetenceTopic, MinutesTemplate, Registration
from lindra.registry.models import Membership
from tests import factories as f
from tests.concurrency import assert_refused_keeping_what_was_typed, race
from tests.personas import World


def two_secretaries(world: World) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(world.user("secretariat"))
    second.force_login(world.user("superuser"))
    return first, second


def test_a_topic_of_the_competence_plan(world):
    topic = CompetenceTopic.objects.create(network=world.network_a, title="Smertelindring")
    first, second = two_secretaries(world)
    url = reverse("meetings:topic_edit", args=[world.network_a.pk, topic.pk])
    result = race(first, second, url, {"title": "Smerte og uro"}, {"title": "Smertebehandling"})
    assert_refused_keeping_what_was_typed(
        result.second,
        "Noen andre har endret dette i mellomtiden. Se over opplysningene under og lagre på nytt.",
        "Smertebehandling",
    )
    topic.refresh_from_db()
    assert topic.title == "Smerte og uro"


def test_the_minutes_template(world):
    first, second = two_secretaries(world)
    url = reverse("meetings:minutes_template", args=[world.network_a.pk])
    # The first save makes the template; the second started from none and is refused too.
    result = race(first, second, url, {"body": "Skriv kort."}, {"body": "Skriv utfyllende."})
    assert_refused_keeping_what_was_typed(
        result.second, "Noen andre har lagret referatmalen mens du skrev. Se over og lagre igjen.", "Skriv utfyllende."
    )
    assert MinutesTemplate.objects.get(network=world.network_a).body == "Skriv kort."
    result = race(first, second, url, {"body": "Skriv kort og greit."}, {"body": "Skriv alt."})
    assert_refused_keeping_what_was_typed(
        result.second, "Noen andre har lagret referatmalen mens du skrev. Se over og lagre igjen.", "Skriv alt."
    )
    assert MinutesTemplate.objects.get(network=world.network_a).body == "Skriv kort og greit."


def test_the_invitation_draft_of_the_host_and_the_secretariat(world):
    from lindra.meetings.models import Invitation

    host, secretary = Client(), Client()
    host.force_login(world.user("host"))
    secretary.force_login(world.user("secretariat"))
    url = reverse("meetings:invitation", args=[world.meeting.pk])
    result = race(host, secretary, url, {"text": "Velkommen til Løvåsen."}, {"text": "Husk å melde fra."})
    assert_refused_keeping_what_was_typed(
        result.second, "Noen andre har lagret innkallingen mens du skrev. Se over og lagre igjen.", "Husk å melde fra."
    )
    assert Invitation.objects.get(meeting=world.meeting).text == "Velkommen til Løvåsen."


def test_the_network_s_invitation_template(world):
    first, second = two_secretaries(world)
    url = reverse("meetings:invitation_template", args=[world.network_a.pk])
    first.post(url, {"body": "Velkommen."})  # the template exists
    result = race(first, second, url, {"body": "Velkommen til møtet."}, {"body": "Hjertelig velkommen."})
    assert_refused_keeping_what_was_typed(
        result.second,
        "Noen andre har endret dette i mellomtiden. Se over opplysningene under og lagre på nytt.",
        "Hjertelig velkommen.",
    )


def test_the_attendance_sheet_of_the_host_and_the_group_leader(world):
    """Both mark on their phones; the host saves first. The group leader's different mark for
    one member is not saved over the host's unseen: they are told whose, keep their marks, and
    saving again is then deliberate. A mark that agrees with the host's is no conflict."""
    Membership.objects.update(starts_on=dt.date(2020, 1, 1))
    meeting = f.meeting(world.group_a1, starts_at=timezone.now() - dt.timedelta(hours=1), host=world.person("host"))
    host, leader = Client(), Client()
    host.force_login(world.user("host"))
    leader.force_login(world.user("group_leader"))
    url = reverse("meetings:attendance", args=[meeting.pk])
    opened_by_host, opened_by_leader = host.get(url), leader.get(url)
    form = opened_by_host.context["form"]
    member = next(row for row in form.sheet.rows if row.name == world.person("member").full_name)
    everyone_present = {row.field_name: Registration.Attendance.PRESENT for row in form.sheet.rows}
    version = {"version": opened_by_host.context["form"]["version"].value()}
    assert host.post(url, {**version, **everyone_present}).status_code == 302

    same = leader.post(url, {"version": opened_by_leader.context["form"]["version"].value(), **everyone_present})
    assert same.status_code == 302

    leader_marks = {**everyone_present, member.field_name: Registration.Attendance.ABSENT}
    refused = leader.post(url, {**version, **leader_marks})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Noen andre lagret oppmøtet mens du hadde siden åpen" in text
    assert f"{member.name} (til stede)" in text
    assert refused.context["form"][member.field_name].value() == Registration.Attendance.ABSENT
    assert Registration.objects.get(pk=member.registration.pk).attendance == Registration.Attendance.PRESENT

    again = leader.post(url, {"version": refused.context["form"]["version"].value(), **leader_marks})
    assert again.status_code == 302
    assert Registration.objects.get(pk=member.registration.pk).attendance == Registration.Attendance.ABSENT


STALE_MEETING = "Noen andre har endret møtet mens du hadde siden åpen. Se over og lagre på nytt."


def test_replacing_the_host_while_someone_else_does(world):
    leader, secretary = Client(), Client()
    leader.force_login(world.user("group_leader"))
    secretary.force_login(world.user("secretariat"))
    mona = Membership.objects.get(person=world.person("member"), local_group=world.group_a1)
    url = reverse("meetings:replace_host", args=[world.meeting.pk])
    result = race(leader, secretary, url, {"host": mona.pk}, {"workplace_only": "on", "reason": "Aina er syk"})
    assert_refused_keeping_what_was_typed(result.second, STALE_MEETING, "Aina er syk")
    world.meeting.refresh_from_db()
    assert world.meeting.host == world.person("member")


def test_choosing_the_representative_while_someone_else_does(world):
    leader, secretary = Client(), Client()
    leader.force_login(world.user("group_leader"))
    secretary.force_login(world.user("secretariat"))
    ulla = world.person("committee_member")
    url = reverse("meetings:operations_representative", args=[world.meeting.pk])
    result = race(leader, secretary, url, {"representative": ulla.pk}, {"representative": ""})
    assert result.second.status_code == 400
    assert STALE_MEETING in result.second.content.decode()
    world.meeting.refresh_from_db()
    assert world.meeting.operations_representative == ulla
