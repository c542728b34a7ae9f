"""The demo shows reporting back and competence to each role it concerns, on `make run`."""

import pytest
from django.test import Client
from django.urls import reverse

from lindra.accounts.models import User
from lindra.demo import data as demo
from lindra.development.models import CompetenceActivity, ReportBack
from lindra.registry.models import Membership, Network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def signed_in(user: demo.DemoUser) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=user.email))
    return client


def test_the_demo_member_is_asked_about_her_latest_gathering_and_has_activities():
    home = signed_in(demo.MEMBER).get(reverse("home:home")).text
    assert "Har du gitt referat fra" in home
    membership = Membership.objects.get(person__email=demo.MEMBER.email)
    assert ReportBack.objects.filter(membership=membership).exists()
    page = signed_in(demo.MEMBER).get(reverse("development:competence", args=[membership.pk])).text
    assert "Hospitering ved palliativ enhet" in page and "Bekreftet av Trond Myklebust" in page
    assert "Kurs i symptomlindring" in page and "Venter på bekreftelse fra leder" in page


def test_the_demo_leader_has_an_activity_to_confirm():
    home = signed_in(demo.NEAREST_LEADER).get(reverse("home:home")).text
    assert "Aktiviteter du skal bekrefte" in home and "Ingrid Dale: Kurs i symptomlindring" in home


def test_the_networks_have_competence_figures():
    assert (
        CompetenceActivity.objects.filter(confirmed_at__isnull=False).values("membership__network").distinct().count()
        >= 2
    )
    network = Network.objects.get(memberships__person__email=demo.MEMBER.email)
    page = signed_in(demo.SECRETARIAT).get(reverse("development:network_competence", args=[network.pk])).text
    assert "Kompetanse i nettverket" in page and "Hospitering" in page
