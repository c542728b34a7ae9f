"""The demo data, as someone trying Lindra meets it: the networks, the groups, the people,
and one demo user per role who can sign in with the printed password."""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lindra.accounts.models import User
from lindra.demo import data as demo
from lindra.home.roles import roles_for
from lindra.mail.models import OutboxMessage
from lindra.meetings import rules
from lindra.meetings.deadlines import send_deadline_notices
from lindra.meetings.models import DeadlineStep, FollowUp, Invitation, Meeting, Minutes, Registration
from lindra.registry.models import Change, Committee, Leave, LocalGroup, Membership, Municipality, Network, Person, Term

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Network, LocalGroup, Person, Membership, Leave, Term, Meeting, Change, User)
    return {model.__name__: model.objects.count() for model in models}


def test_it_has_the_three_networks():
    assert set(Network.objects.values_list("name", flat=True)) == {
        "Nettverk i kreftomsorg og lindrende behandling i Helse Bergen",
        "Fysio- og ergoterapinettverket i Helse Bergen",
        "Kompetansenettverk i palliasjon, Ahus",
    }


def test_ahus_has_its_six_local_networks_and_its_rules():
    ahus = Network.objects.get(name="Kompetansenettverk i palliasjon, Ahus")
    assert set(ahus.groups.values_list("name", flat=True)) == {
        "Øvre Romerike",
        "Nedre Romerike",
        "Kongsvinger",
        "Follo",
        "Bydelene i Ahus' opptaksområde",
        "Ahus",
    }
    assert sorted(ahus.committees.values_list("kind", flat=True)) == ["arbeidsgruppe", "styringsgruppe"]
    policy = ahus.policy
    assert (policy.min_gathering_hours_per_year, policy.committee_meetings_per_year) == (12, 4)
    assert policy.intro_course_waiting_threshold == 10


def test_no_real_address_is_ever_mailed():
    addresses = [
        *Person.objects.exclude(email=None).values_list("email", flat=True),
        *Network.objects.values_list("secretariat_email", flat=True),
        *User.objects.values_list("email", flat=True),
    ]
    assert all(address.endswith(".example") for address in addresses)


def test_it_has_a_few_hundred_members():
    assert 250 <= Membership.objects.current().count() <= 500
    assert Membership.objects.exclude(ends_on=None).exists()
    assert Leave.objects.current().exists()
    assert Membership.objects.current().filter(nearest_leader=None).exists()


def test_every_member_works_in_a_municipality_of_the_group():
    covered = {
        group.pk: set(group.municipalities.values_list("number", flat=True)) for group in LocalGroup.objects.all()
    }
    for membership in Membership.objects.select_related("workplace"):
        assert membership.workplace.municipality_id in covered[membership.local_group_id], membership


def test_the_municipalities_are_the_real_ones():
    for number, name in demo.MUNICIPALITIES.items():
        assert Municipality.objects.get(number=number).name == name


def test_every_group_has_a_leader_and_upcoming_meetings():
    for group in LocalGroup.objects.all():
        assert Term.objects.current().filter(local_group=group, kind=Term.Kind.GROUP_LEADER).count() == 1, group
        assert Meeting.objects.upcoming().filter(local_group=group).exists(), group


def test_the_host_hosts_the_next_meeting_of_the_group():
    host = Person.objects.get(email=demo.HOST.email)
    group = host.memberships.current().get().local_group
    assert Meeting.objects.upcoming().filter(local_group=group).first().host == host


def test_a_meeting_is_held_on_a_weekday_from_nine_to_three():
    meeting = Meeting.objects.filter(local_group__isnull=False).first()
    starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    assert starts.weekday() < 5
    assert (starts.hour, ends.hour) == (9, 15)


def test_held_meetings_have_attendance_and_minutes_and_two_wait_for_review():
    held = Meeting.objects.filter(kind=Meeting.Kind.GROUP, ends_at__lt=timezone.now())
    assert held.exists()
    assert not held.filter(attendance_recorded_at__isnull=True).exists()
    marks = set(Registration.objects.filter(meeting__in=held).values_list("attendance", flat=True))
    assert marks == {"present", "notice", "absent"}
    waiting = Minutes.objects.filter(status=Minutes.Status.SUBMITTED)
    assert set(waiting.values_list("meeting__local_group__name", flat=True)) == {"Bergen nord", "Nedre Romerike"}
    assert Minutes.objects.filter(status=Minutes.Status.APPROVED).count() >= held.count() - 3


def test_the_demo_group_leader_has_an_absence_to_follow_up():
    leader = Person.objects.get(email=demo.GROUP_LEADER.email)
    group = Term.objects.current().get(person=leader, kind=Term.Kind.GROUP_LEADER).local_group
    follow_up = FollowUp.objects.filter(local_group=group).latest("year")
    assert follow_up.absences > group.network.absences_before_follow_up


def home_of(demo_user: demo.DemoUser) -> tuple[Client, str]:
    client = Client()
    client.force_login(User.objects.get(email=demo_user.email))
    return client, " ".join(client.get("/").content.decode().split())


def test_the_ahus_secretariat_reaches_the_ahus_year_and_its_six_local_networks_from_home():
    ahus = Network.objects.get(short_name=demo.AHUS_NETWORK.short_name)
    client, home = home_of(demo.AHUS_SECRETARIAT)
    year = reverse("meetings:network_year", args=[ahus.pk])
    assert f'href="{year}"' in home
    page = client.get(year).content.decode()
    for group in demo.AHUS_NETWORK.groups:
        assert escape(group.name) in page
    assert "Nettverk i kreftomsorg" not in home  # the Bergen networks are Hilde's


def test_the_system_administrator_reaches_every_networks_year_from_home():
    _client, home = home_of(demo.SUPERUSER)
    for network in Network.objects.all():
        assert f'href="{reverse("meetings:network_year", args=[network.pk])}"' in home


@pytest.mark.parametrize(
    ("demo_user", "expected"),
    [
        (demo.SECRETARIAT, ["Innkallinger som skal sendes ut (1)", "Referater til gjennomgang (1)"]),
        (
            demo.AHUS_SECRETARIAT,
            [
                "Innkallinger som skal sendes ut (2)",
                "Referater til gjennomgang (1)",
                "Oppfølging av fravær som sekretariatet har (1)",
            ],
        ),
    ],
    ids=["bergen", "ahus"],
)
def test_each_secretariat_has_work_waiting(demo_user, expected):
    _client, home = home_of(demo_user)
    for text in expected:
        assert text in home


def test_the_ahus_secretariat_is_told_of_a_member_without_an_email_address_before_sending():
    client, _home = home_of(demo.AHUS_SECRETARIAT)
    invitation = (
        Invitation.objects.filter(status=Invitation.Status.SUBMITTED, meeting__network__short_name="Ahus-nettverket")
        .order_by("meeting__starts_at")
        .first()
    )
    page = " ".join(client.get(reverse("meetings:invitation", args=[invitation.meeting_id])).content.decode().split())
    assert "1 deltaker har ingen e-postadresse" in page and "nærmeste leder" in page


def test_every_network_with_an_operations_group_has_a_fagdag_coming():
    assert Meeting.objects.upcoming().filter(kind=Meeting.Kind.FAGDAG).count() == 2


def test_every_meeting_title_has_one_format():
    titles = {kind: list(Meeting.objects.filter(kind=kind).values_list("title", flat=True)) for kind in Meeting.Kind}
    assert all(re.fullmatch(r"Nettverksmøte \d / 20\d\d", t) for t in titles[Meeting.Kind.GROUP])
    committees = "|".join(Committee.objects.values_list("name", flat=True))
    assert all(re.fullmatch(rf"Møte \d / 20\d\d i ({committees})", t) for t in titles[Meeting.Kind.COMMITTEE])
    assert titles[Meeting.Kind.COMMITTEE]


def test_each_kind_of_meeting_has_its_own_chain():
    fagdag = Meeting.objects.filter(kind=Meeting.Kind.FAGDAG).first()
    committee_meeting = Meeting.objects.filter(kind=Meeting.Kind.COMMITTEE).first()
    assert [s.step for s in DeadlineStep.objects.filter(meeting=fagdag)] == [s.step for s in rules.chain("fagdag")]
    assert not DeadlineStep.objects.filter(meeting=committee_meeting, step=rules.Step.PROGRAM).exists()


def test_the_first_run_of_the_deadline_job_catches_up_the_late_steps_escalation():
    late = DeadlineStep.objects.get(done_at__isnull=True, due_on__lt=timezone.localdate())
    assert late.next_notice_on == late.due_on - dt.timedelta(days=7)

    assert send_deadline_notices() >= 1

    [escalation] = OutboxMessage.objects.filter(dedupe_key__startswith=f"meeting:{late.meeting_id}:")
    assert escalation.subject == f"Frist passert: Referat sendt til sekretariatet ({late.meeting.title})"
    assert escalation.to == [late.meeting.network.secretariat_email]
    # No reminder about a step whose due date has passed.
    assert not OutboxMessage.objects.filter(kind="deadline_reminder", subject__contains=late.meeting.title).exists()
    assert send_deadline_notices() == 0


EXPECTED_ROLES = {
    "admin@lindra.example": ["superuser"],
    "sekretariat@lindra.example": ["secretariat"],
    # At Ahus the secretariat leads the working group (seed 003).
    "sekretariat.ahus@lindra.example": ["secretariat", "committee_member"],
    "utvalg@lindra.example": ["committee_member"],
    # A group leader in Bergen sits in the operations group while leading (seed 000).
    "gruppeleder@lindra.example": ["committee_member", "group_leader", "member"],
    "arrangor@lindra.example": ["host", "member"],
    "medlem@lindra.example": ["member"],
    "leder@lindra.example": ["nearest_leader"],
}


@pytest.mark.parametrize("demo_user", demo.DEMO_USERS, ids=lambda u: u.email)
def test_each_demo_user_has_the_role_it_is_named_for(demo_user):
    roles = roles_for(User.objects.get(email=demo_user.email))
    assert roles.names() == EXPECTED_ROLES[demo_user.email]
    assert demo_user.role in roles.names()


def test_the_member_is_a_member_and_nothing_more():
    roles = roles_for(User.objects.get(email=demo.MEMBER.email))
    assert roles.is_member
    assert not roles.is_secretariat
    assert not roles.is_host


def test_the_nearest_leader_leads_several_members_and_is_none():
    roles = roles_for(User.objects.get(email=demo.NEAREST_LEADER.email))
    assert len(roles.staff) >= 3
    assert not Person.objects.get(email=demo.NEAREST_LEADER.email).memberships.exists()


def test_if_empty_changes_nothing_when_data_is_there():
    before = counts()
    output = run("load_demo_data", "--if-empty")
    assert counts() == before
    assert len(output.strip().splitlines()) == 1


def test_reset_loads_the_same_people_again():
    names = sorted(Person.objects.values_list("given_name", "family_name", "email"))
    before = counts()
    run("load_demo_data", "--reset")
    assert counts() == before
    assert sorted(Person.objects.values_list("given_name", "family_name", "email")) == names


@pytest.mark.parametrize("demo_user", demo.DEMO_USERS, ids=lambda u: u.email)
def test_every_demo_user_can_sign_in_with_the_printed_password(demo_user):
    output = run("demo_users", "--url", "http://127.0.0.1:8000")
    assert demo_user.email in output
    assert demo.PASSWORD in output
    user = authenticate(email=demo_user.email, password=demo.PASSWORD)
    assert user is not None
    assert user.email == demo_user.email
    validate_password(demo.PASSWORD, user)


def test_demo_users_tells_where_the_demo_mailbox_is(settings):
    settings.DEMO_MAILBOX = True
    output = run("demo_users", "--url", "http://localhost:8000/")
    assert "http://localhost:8000/e-post/demo-postkasse/" in output
    assert "Hilde Solberg" in output


def test_demo_users_sends_no_one_to_the_demo_mailbox_when_it_is_off(settings, client):
    # With a mail server configured, the mailbox page is not found: the link comes by e-mail.
    settings.DEMO_MAILBOX = False
    output = run("demo_users", "--url", "http://localhost:8000/")
    assert client.get("/e-post/demo-postkasse/").status_code == 404
    assert "demo-postkasse" not in output and "demopostkassen" not in output
    assert "innloggingslenke på e-post; den sendes med e-postserveren" in output


def test_demo_users_tells_which_networks_each_secretariat_serves():
    lines = run("demo_users").splitlines()
    [hilde] = [line for line in lines if "Hilde Solberg" in line]
    [elisabeth] = [line for line in lines if "Elisabeth Strand" in line]
    assert "Sekretariat (Fysio- og ergonettverket, KLB-nettverket)" in hilde
    assert "Sekretariat (Ahus-nettverket)" in elisabeth and "sekretariat.ahus@lindra.example" in elisabeth


def test_demo_users_says_so_when_there_are_none():
    User.objects.filter(email__in=[u.email for u in demo.DEMO_USERS]).delete()
    assert run("demo_users").strip() == "Ingen demobrukere er lastet inn."


@pytest.mark.parametrize("demo_user", demo.TWO_FACTOR_USERS, ids=lambda u: u.email)
def test_the_demo_secretariat_and_administrator_walk_the_code_step_with_the_code_on_the_page(demo_user, settings):
    settings.DEMO_MAILBOX = True
    client = Client()
    client.post(reverse("accounts:sign_in"), {"email": demo_user.email, "password": demo.PASSWORD})
    assert client.get(reverse("home:home"))["Location"].startswith(reverse("accounts:two_factor"))
    page = client.get(reverse("accounts:two_factor")).text
    code = re.search(r"Demo: koden nå er (\d{3}) (\d{3})", page)
    assert code, "the demo shows the code"
    response = client.post(reverse("accounts:two_factor"), {"code": "".join(code.groups())})
    assert response["Location"] == reverse("home:home")
    assert client.get(reverse("home:home")).status_code == 200


def test_the_other_demo_users_sign_in_without_a_code():
    client = Client()
    client.post(reverse("accounts:sign_in"), {"email": demo.MEMBER.email, "password": demo.PASSWORD})
    assert client.get(reverse("home:home")).status_code == 200


def test_demo_users_tells_who_gives_a_code_and_where_it_is(settings):
    settings.DEMO_MAILBOX = True
    output = run("demo_users")
    assert (
        "admin@lindra.example, sekretariat@lindra.example, sekretariat.ahus@lindra.example logger inn med en kode"
        in output
    )
    assert "I demoen står koden på siden der du skriver den" in output
