"""The Ahus demo network has a steering group; its working group's leader has sent her report
for the first half-year and has a draft for the second. The network's wheel draws the six
local networks, and each group's wheel is one click away."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lindra.accounts.models import User
from lindra.annual.models import SteeringReport
from lindra.demo import data as demo
from lindra.registry.models import Committee, Network, Term

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def client_of(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def ahus() -> Network:
    return Network.objects.get(name=demo.AHUS_NETWORK.name)


def test_the_working_group_leader_has_sent_the_first_half_year_and_drafts_the_second():
    sent, draft = SteeringReport.objects.filter(network=ahus()).order_by("period_start")
    assert sent.status == SteeringReport.Status.SENT and draft.status == SteeringReport.Status.DRAFT
    assert (sent.period_start.month, sent.period_end.month, draft.period_start.month) == (1, 6, 7)
    assert sent.committee.kind == Committee.Kind.WORKING
    assert len(sent.figures["groups"]) == 6
    assert sent.figures["totals"]["held"] > 0
    steering = Committee.objects.get(network=ahus(), kind=Committee.Kind.STEERING)
    assert Term.objects.current().filter(committee=steering, person__email=demo.COMMITTEE_MEMBER.email).exists()


def test_the_secretariat_writes_and_the_committee_member_reads_in_the_steering_group():
    sent, draft = SteeringReport.objects.filter(network=ahus()).order_by("period_start")
    writer = client_of(demo.AHUS_SECRETARIAT.email)
    page = writer.get(reverse("annual:steering_reports", args=[ahus().pk])).text
    assert draft.get_absolute_url() in page and sent.get_absolute_url() in page
    assert "Send til styringsgruppen" in writer.get(draft.get_absolute_url()).text
    reader = client_of(demo.COMMITTEE_MEMBER.email)
    assert reader.get(sent.get_absolute_url()).status_code == 200
    assert reader.get(draft.get_absolute_url()).status_code == 404


def test_the_ahus_wheel_draws_its_six_local_networks():
    year = timezone.localdate().year
    page = client_of(demo.AHUS_SECRETARIAT.email).get(reverse("annual:wheel", args=[ahus().pk, year])).text
    for spec in demo.AHUS_NETWORK.groups:
        assert escape(spec.name) in page
    assert "Arbeidsgruppen" in page and "Fagdag" in page
    assert "gjennomført" in page
