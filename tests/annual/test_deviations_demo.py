"""The demo's deviations: at Ahus one closed locally, one closed by the working group and one
waiting on it; in Bergen nord the demo member's, waiting on the demo group leader. The figures
for the annual report count them as a person counting the pages would."""

import pytest
from django.test import Client
from django.utils import timezone

from lindra.accounts.models import User
from lindra.annual import deviations
from lindra.annual.models import Deviation
from lindra.demo import data as demo
from lindra.home.periodic import JOBS
from lindra.mail.models import OutboxMessage
from lindra.registry.models import Network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def home_of(email: str) -> str:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client.get("/").text


def test_ahus_has_one_of_each():
    ahus = Network.objects.get(short_name=demo.AHUS_NETWORK.short_name)
    found = {d.title: d for d in Deviation.objects.filter(network=ahus)}
    assert len(found) == 3
    local = found["Referatet fra vårmøtet kom aldri ut"]
    assert local.status == Deviation.Status.CLOSED and local.closed_locally and local.measure
    closed = found["Fagdagen kolliderte med gruppemøtet"]
    assert (
        closed.status == Deviation.Status.CLOSED
        and not closed.closed_locally
        and closed.committee.name == "Arbeidsgruppen"
    )
    waiting = found["Nye medlemmer fikk ikke tilbud om introduksjonskurs"]
    assert waiting.status == Deviation.Status.ESCALATED and waiting.due_on > timezone.localdate()
    assert [s.kind for s in closed.steps.all()] == ["reported", "escalated", "closed"]


def test_the_figures_count_what_the_pages_show():
    ahus = Network.objects.get(short_name=demo.AHUS_NETWORK.short_name)
    year = timezone.localdate().year
    rows = list(Deviation.objects.filter(network=ahus))
    in_year = [d for d in rows if timezone.localdate(d.reported_at).year == year]
    counts = deviations.deviation_counts(ahus, [year])[year]
    assert counts.reported == len(in_year)
    assert counts.closed == sum(1 for d in rows if d.closed_at and timezone.localdate(d.closed_at).year == year)
    assert counts.closed_locally == sum(
        1 for d in rows if d.closed_locally and timezone.localdate(d.closed_at).year == year
    )
    assert counts.escalated == sum(
        1 for d in rows if d.escalated_at and timezone.localdate(d.escalated_at).year == year
    )
    assert counts.open_at_year_end == sum(1 for d in rows if d.status != Deviation.Status.CLOSED)


def test_the_demo_group_leader_has_one_to_handle_and_the_member_sees_hers():
    leader = home_of(demo.GROUP_LEADER.email)
    assert "Avvik å behandle" in leader and "Innkallingen kom for sent" in leader
    member = home_of(demo.MEMBER.email)
    assert "Dine meldte avvik" in member and "hos gruppelederen" in member


def test_the_working_group_and_the_ahus_secretariat_have_one_to_handle():
    for email in (demo.COMMITTEE_MEMBER.email, demo.AHUS_SECRETARIAT.email):
        page = home_of(email)
        assert "Avvik å behandle" in page and "Nye medlemmer fikk ikke tilbud om introduksjonskurs" in page


def test_the_first_run_of_the_periodic_jobs_sends_no_deviation_reminder():
    for job in JOBS:
        job()
    assert not OutboxMessage.objects.filter(kind="deviation_reminder").exists()
