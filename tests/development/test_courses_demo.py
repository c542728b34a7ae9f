"""What the demo data shows of courses on `make run`: at Ahus more wait for the intro course
than the policy allows and none is planned, on the home pages of the secretariat and the
working group; in Bergen a full course with a waiting list and a held one whose certificate the
demo member downloads; and Ahus's fagdag of the year on its year page."""

import pytest
from django.test import Client
from django.urls import reverse

from lindra.accounts.models import User
from lindra.demo import data as demo
from lindra.development import courses
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]
SHOULD_HOLD = "Introduksjonskurs bør holdes"


def signed_in(user: demo.DemoUser) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=user.email))
    return client


def test_ahus_passes_the_threshold_with_no_course_planned():
    need = courses.course_need(Network.objects.get(short_name=demo.AHUS_NETWORK.short_name))
    assert need.should_hold and need.waiting > need.threshold == 10
    assert need.holder.name == "Arbeidsgruppen"


@pytest.mark.parametrize("user", [demo.AHUS_SECRETARIAT, demo.COMMITTEE_MEMBER], ids=lambda u: u.email)
def test_the_ahus_secretariat_and_working_group_are_asked_to_hold_a_course(user):
    page = signed_in(user).get("/").text
    assert SHOULD_HOLD in page and "?type=course" in page


def test_bergen_has_a_full_course_with_a_waiting_list_and_no_call_for_one():
    course = Meeting.objects.upcoming().get(kind=Meeting.Kind.COURSE)
    registered = Registration.objects.filter(meeting=course, answer=Registration.Answer.REGISTERED)
    assert registered.filter(waitlisted_at__isnull=True).count() == course.capacity
    assert registered.filter(waitlisted_at__isnull=False).count() >= 2
    page = signed_in(demo.SECRETARIAT).get(reverse("meetings:participants", args=[course.pk])).text
    assert "Ventelisten i rekkefølge" in page and ">Ledige plasser</dt><dd>0</dd>" in page
    assert SHOULD_HOLD not in signed_in(demo.SECRETARIAT).get("/").text


def test_the_demo_member_downloads_her_certificate_from_home():
    client = signed_in(demo.MEMBER)
    page = client.get("/").text
    assert "Kursbevis" in page
    link = next(part.split('"')[0] for part in page.split('href="')[1:] if "/kursbevis/" in part)
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_ahus_year_page_shows_its_fagdag_held():
    ahus = Network.objects.get(short_name=demo.AHUS_NETWORK.short_name)
    page = signed_in(demo.AHUS_SECRETARIAT).get(reverse("meetings:network_year", args=[ahus.pk])).text
    fagdag = Meeting.objects.get(network=ahus, kind=Meeting.Kind.FAGDAG, attendance_recorded_at__isnull=False)
    present = Registration.objects.filter(meeting=fagdag, attendance=Registration.Attendance.PRESENT).count()
    assert present > 0 and f"{present} medlemmer til stede" in page
