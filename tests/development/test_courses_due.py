"""An intro course is due (seed 003: "ved over 10 nye sykepleiere"): the network's page counts
the active members who have not taken it against the policy; when the number passes, the
committee that holds the courses and the secretariat are told once by e-mail, through a real
SMTP server, day after day, and again only after a course has been planned or held; their home
pages say "Introduksjonskurs bør holdes" while no course is planned."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindra.development import courses
from lindra.development.models import IntroCourseNotice
from lindra.home.periodic import JOBS
from lindra.meetings import services
from lindra.meetings.models import Meeting
from lindra.registry.models import Committee, Leave, Membership, Network
from tests import factories as f
from tests.personas import World

sends_mail = pytest.mark.django_db(transaction=True)
KLB = "lindrende.behandling@klb.example"
ULLA = "committee-member@lindra.example"
SUBJECT = "Introduksjonskurs bør holdes"


def three_waiting(world: World, threshold: int = 2) -> None:
    """Network A: Mona, Aina and Olav have not taken the course; it is held at more than two."""
    Network.objects.filter(pk=world.network_a.pk).update(intro_course_waiting_threshold=threshold)
    world.network_a.refresh_from_db()


def told(outbox) -> list:
    """The notices that an intro course is due, among all the mail the jobs sent."""
    return [m for m in outbox.messages if m.subject.startswith(SUBJECT)]


def run_jobs() -> None:
    for job in JOBS:
        job()


def plan_course(world: World, day: dt.date) -> Meeting:
    return services.plan_event(
        world.committee_a,
        kind=Meeting.Kind.COURSE,
        title="Introduksjonskurs",
        starts_at=f.at(day, 9),
        ends_at=f.at(day, 15),
        place="Haukeland",
        by=world.user("committee_member"),
    )


def test_the_network_page_counts_the_active_members_without_the_course(world: World, client_as):
    three_waiting(world, threshold=10)
    page = client_as("secretariat").get(reverse("registry:network", args=[world.network_a.pk])).text
    assert "3 aktive medlemmer har ikke tatt introduksjonskurset (kurs ved flere enn 10)." in page
    assert SUBJECT not in page


def test_members_on_leave_or_with_the_course_are_not_counted(world: World, client_as):
    Membership.objects.filter(person=world.person("member")).update(intro_course_completed_on=f.today())
    aina = Membership.objects.get(person=world.person("host"))
    Leave.objects.create(membership=aina, starts_on=f.today() - dt.timedelta(days=3))
    assert courses.course_need(world.network_a).waiting == 1  # Olav
    page = client_as("committee_member").get(reverse("registry:network", args=[world.network_a.pk])).text
    assert "1 aktivt medlem har ikke tatt introduksjonskurset (kurs ved flere enn 10)." in page


def test_over_the_threshold_the_page_says_a_course_should_be_held_with_a_way_to_plan_it(world: World, client_as):
    three_waiting(world)
    page = client_as("committee_member").get(reverse("registry:network", args=[world.network_a.pk])).text
    assert SUBJECT in page and "Driftsgruppen holder kursene." in page
    plan = reverse("meetings:new_event", args=[world.committee_a.pk]) + "?type=course"
    assert plan in page
    form = client_as("committee_member").get(plan).context["form"]
    assert form["kind"].value() == Meeting.Kind.COURSE


def test_the_home_pages_of_the_committee_and_the_secretariat_say_so_while_no_course_is_planned(world: World, client_as):
    three_waiting(world)
    for role in ("secretariat", "committee_member"):
        page = client_as(role).get("/").text
        assert SUBJECT in page, role
        assert "3 aktive medlemmer har ikke tatt introduksjonskurset (kurs ved flere enn 2)." in page
        assert reverse("meetings:new_event", args=[world.committee_a.pk]) + "?type=course" in page
    for role in ("group_leader", "member", "other_secretariat", "nearest_leader"):
        assert SUBJECT not in client_as(role).get("/").text, role
    plan_course(world, f.today() + dt.timedelta(days=40))
    assert SUBJECT not in client_as("secretariat").get("/").text
    page = client_as("secretariat").get(reverse("registry:network", args=[world.network_a.pk])).text
    assert "Neste kurs:" in page and SUBJECT not in page


def test_a_steering_group_member_is_not_asked_to_hold_the_course(world: World, client_as):
    three_waiting(world)
    steering = f.committee(world.network_a, "Styringsgruppen", kind=Committee.Kind.STEERING)
    f.term(world.person("group_leader"), "utvalgsmedlem", committee=steering)
    assert SUBJECT not in client_as("group_leader").get("/").text


def test_the_home_page_takes_as_many_queries_for_many_members_as_for_few(world: World, client_as):
    three_waiting(world)
    client = client_as("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    few = queries()
    for n in range(25):
        person = f.person(f"Ny{n}", "Medlem")
        membership = f.membership(person, world.group_a2)
        if n % 3 == 0:
            Leave.objects.create(membership=membership, starts_on=f.today())
    assert queries() == few


@sends_mail
def test_the_committee_and_the_secretariat_are_told_once_and_again_only_after_a_course(world: World, outbox):
    three_waiting(world)
    start = f.at(f.today(), 7)
    with time_machine.travel(start, tick=False) as traveller:
        run_jobs()
        [mail] = [m for m in outbox.messages if m.subject.startswith(SUBJECT)]
        assert set(mail.envelope_to) == {KLB, ULLA}
        text = mail.text
        assert "3 aktive ressurssykepleiere i Kompetansenettverk for lindrende behandling i Vestland" in text
        assert "Nettverket holder kurs ved flere enn 2, og ingen kurs er planlagt." in text
        assert re.search(rf"http://\S+/utvalg/{world.committee_a.pk}/arrangement/\?type=course", text)
        # Every minute, and every day for two weeks: nothing more.
        for n in range(1, 15):
            traveller.move_to(start + dt.timedelta(days=n, minutes=n))
            run_jobs()
        assert len([m for m in outbox.messages if m.subject.startswith(SUBJECT)]) == 1
        # A course is planned: nobody is told while it is ahead.
        course_day = f.today() + dt.timedelta(days=30)
        plan_course(world, course_day)
        traveller.move_to(start + dt.timedelta(days=20))
        run_jobs()
        # It was held; still more than two wait (no one came): they are told once more.
        traveller.move_to(f.at(course_day + dt.timedelta(days=1), 8))
        run_jobs()
        run_jobs()
    told = [m for m in outbox.messages if m.subject.startswith(SUBJECT)]
    assert len(told) == 2
    assert IntroCourseNotice.objects.filter(network=world.network_a).count() == 2


@sends_mail
def test_nobody_is_told_at_the_threshold_or_after_a_stop_about_what_is_no_longer_true(world: World, outbox):
    three_waiting(world, threshold=3)
    run_jobs()
    assert not told(outbox)
    # While the job was stopped a fourth joined, and then Mona took a course elsewhere: on its
    # return, three wait again, and nothing is sent about the day when four did.
    f.membership(f.person("Fjerde", "Medlem"), world.group_a2)
    Membership.objects.filter(person=world.person("member")).update(intro_course_completed_on=f.today())
    run_jobs()
    assert not told(outbox)
    assert not IntroCourseNotice.objects.exists()


def test_the_waiting_are_the_active_people_without_the_course_by_the_day_each_once(world: World):
    network = f.network("Kursnettverket")
    group, other = f.group(network, "Sentrum"), f.group(network, "Vest")
    day = f.today()
    long_ago, yesterday, tomorrow = dt.date(2020, 1, 1), day - dt.timedelta(days=1), day + dt.timedelta(days=1)

    def member(name: str, *, group=group, **fields) -> Membership:
        fields.setdefault("starts_on", long_ago)
        return f.membership(f.person(name, "Kurs"), group, **fields)

    member("Venter")  # waits
    twice = member("Toganger")  # waits, counted once for two memberships
    f.membership(twice.person, other, starts_on=long_ago)
    member("Tatt", intro_course_completed_on=day)  # took it on the day
    member("Senere", intro_course_completed_on=tomorrow)  # waits: took it only after the day
    elsewhere = member("Annensted")  # took it in another current membership of the network
    f.membership(elsewhere.person, other, starts_on=long_ago, intro_course_completed_on=yesterday)
    earlier = member("Tidligere")  # waits: the course is recorded on a membership that has ended
    f.membership(earlier.person, other, starts_on=long_ago, ends_on=yesterday, intro_course_completed_on=long_ago)
    on_leave = member("Permisjon")
    Leave.objects.create(membership=on_leave, starts_on=yesterday)
    back = member("Tilbake")  # waits: the leave ended yesterday
    Leave.objects.create(membership=back, starts_on=long_ago, ends_on=yesterday)
    member("Ny", starts_on=tomorrow)
    member("Sluttet", ends_on=yesterday)
    member("Slutter", ends_on=day)  # waits: still a member on the day
    assert courses.course_need(network, day).waiting == 6
