"""The demo's onboarding, as each role meets it on the home page after `make run`."""

import pytest
from django.test import Client
from django.urls import reverse

from lindra.accounts.models import User
from lindra.demo import data as demo
from lindra.development import onboarding
from lindra.development.models import Acceptance, FunctionDescription, WelcomeLetter
from lindra.registry.models import LocalGroup, Network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def home_of(user: demo.DemoUser) -> str:
    client = Client()
    client.force_login(User.objects.get(email=user.email))
    return client.get(reverse("home:home")).text


def test_every_network_has_a_function_description_and_klb_its_own_letter():
    assert FunctionDescription.objects.count() == Network.objects.count() == 3
    assert all(d.pdf.startswith(b"%PDF-") for d in FunctionDescription.objects.all())
    klb = Network.objects.get(short_name=demo.KLB.short_name)
    assert onboarding.template_text(klb) == demo.KLB_WELCOME_LETTER


def test_the_demo_group_has_new_members_with_a_letter_sent_and_one_to_print():
    group = LocalGroup.objects.get(name=demo.DEMO_GROUP, network__short_name=demo.KLB.short_name)
    letters = WelcomeLetter.objects.filter(membership__local_group=group)
    assert letters.filter(sent_at__isnull=False).count() >= 2
    assert letters.filter(sent_at__isnull=True).count() == 1
    assert Acceptance.objects.filter(membership__local_group=group).count() == 3
    # Everyone due a letter has one: the job's first run sends nothing more.
    assert onboarding.send_welcome_letters() == 0


def test_each_role_is_told_on_the_home_page_what_onboarding_waits_for():
    assert "3 nye medlemmer mangler noe" in home_of(demo.GROUP_LEADER)
    assert "Godta funksjonsbeskrivelsen" in home_of(demo.MEMBER)
    leader = home_of(demo.NEAREST_LEADER)
    assert "Godta funksjonsbeskrivelsen for Ingrid Dale" in leader
    assert leader.count("Godta funksjonsbeskrivelsen for") >= 3


def test_the_group_leader_sees_the_letter_to_print_for_the_member_without_email():
    client = Client()
    client.force_login(User.objects.get(email=demo.GROUP_LEADER.email))
    group = LocalGroup.objects.get(name=demo.DEMO_GROUP, network__short_name=demo.KLB.short_name)
    page = client.get(reverse("development:group_onboarding", args=[group.pk])).text
    assert "ingen e-postadresse" in page and "Skriv ut brevet (PDF)" in page
    assert page.count("ds-card") == 3
