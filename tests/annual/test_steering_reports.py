"""Reports to the steering group: the operations group's leader drafts one for a period, with
the period's figures from Lindra, and sends it once to the steering group and the secretariat;
the figures are frozen when sent; the steering group and the secretariat read; others do not."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindra.annual.models import Deviation, SteeringReport
from lindra.core.models import AuditEvent
from lindra.mail.models import OutboxMessage
from lindra.meetings.models import Meeting, Registration
from lindra.registry.models import Term
from tests import factories as f
from tests.annual.steering_world import STINE, a_report, with_steering_group
from tests.personas import World

sends_mail = pytest.mark.django_db(transaction=True)
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
KLB = "lindrende.behandling@klb.example"
Status = SteeringReport.Status


@pytest.fixture
def steering_group(world: World):
    return with_steering_group(world)


def new_url(world: World) -> str:
    return reverse("annual:steering_report_new", args=[world.network_a.pk])


def list_url(world: World) -> str:
    return reverse("annual:steering_reports", args=[world.network_a.pk])


def form(**fields) -> dict:
    return {
        "committee": fields.pop("committee", ""),
        "period_start": "2026-01-01",
        "period_end": "2026-06-30",
        "text": "Alle gruppene har holdt møtene sine.",
        "version": 0,
        "handling": "lagre",
        **fields,
    }


def held_meeting(world: World, day: dt.date, *, present: int = 1) -> Meeting:
    meeting = f.meeting(world.group_a1, starts_at=f.at(day))
    Meeting.objects.filter(pk=meeting.pk).update(attendance_recorded_at=meeting.ends_at)
    Registration.objects.create(
        meeting=meeting, person=world.person("member"), attendance="present" if present else "absent"
    )
    return meeting


@pytest.mark.usefixtures("steering_group")
def test_the_operations_leader_saves_a_draft_with_the_periods_figures(world: World, client_as):
    held_meeting(world, dt.date(2026, 3, 4))
    client = client_as("committee_member")
    page = client.get(new_url(world))
    assert page.status_code == 200 and "Driftsgruppen" in page.text
    response = client.post(new_url(world), form(committee=world.committee_a.pk))
    report = SteeringReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.status == Status.DRAFT and report.figures is None
    assert report.written_by == world.user("committee_member")
    page = client.get(report.get_absolute_url()).text
    assert "Utkastet er lagret." in page
    assert "Tallene er slik de er nå" in page
    assert "1 av 1,5" in page  # A1 held one meeting of the half-year's 1.5
    assert AuditEvent.objects.filter(object_type="annual.SteeringReport", object_id=str(report.pk)).exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.usefixtures("steering_group")
def test_a_period_that_ends_before_it_begins_is_refused_and_the_text_kept(world: World, client_as):
    response = client_as("committee_member").post(
        new_url(world), form(committee=world.committee_a.pk, period_end="2025-12-31", text="Skrevet i toget.")
    )
    assert response.status_code == 400
    assert "Perioden må slutte etter at den begynner." in response.text
    assert "Skrevet i toget." in response.text
    assert not SteeringReport.objects.exists()


@pytest.mark.usefixtures("steering_group")
def test_a_stale_draft_is_not_saved_over_and_what_was_typed_stays(world: World, client_as):
    report = a_report(world)
    client = client_as("committee_member")
    fields = form(version=report.version, text="Min versjon.", period_start="2026-01-01")
    fields.pop("committee")
    assert client.post(report.get_absolute_url(), fields).status_code == 302
    stale = client.post(report.get_absolute_url(), {**fields, "text": "Sekretariatets versjon."})
    assert stale.status_code == 400
    assert "Noen andre har lagret rapporten mens du skrev." in stale.text
    assert "Sekretariatets versjon." in stale.text
    report.refresh_from_db()
    assert report.text == "Min versjon."


@pytest.mark.usefixtures("steering_group")
def test_sending_without_text_is_refused_and_nothing_is_sent(world: World, client_as):
    report = a_report(world, text="")
    fields = form(version=report.version, text="  ", handling="send")
    fields.pop("committee")
    response = client_as("committee_member").post(report.get_absolute_url(), fields)
    assert response.status_code == 400 and "Skriv rapporten før du sender den." in response.text
    report.refresh_from_db()
    assert report.status == Status.DRAFT and not OutboxMessage.objects.exists()


@sends_mail
def test_a_sent_report_reaches_the_steering_group_and_the_secretariat_once_with_its_figures_frozen(
    world: World, client_as, outbox
):
    with_steering_group(world)
    with time_machine.travel(dt.datetime(2026, 7, 2, 9, tzinfo=OSLO), tick=False):
        held_meeting(world, dt.date(2026, 3, 4))
        Deviation.objects.create(network=world.network_a, title="Innkalling kom for sent", description="…")
        report = a_report(world, text="")
        client = client_as("committee_member")
        fields = form(version=report.version, text="Et godt halvår.", handling="send")
        fields.pop("committee")
        response = client.post(report.get_absolute_url(), fields)
        assert response.status_code == 302
        again = client.post(report.get_absolute_url(), {**fields, "version": report.version + 1}, follow=True)
        assert "Rapporten er allerede sendt til styringsgruppen og kan ikke endres." in again.text
    report.refresh_from_db()
    assert report.status == Status.SENT and report.sent_at is not None
    assert report.figures["totals"]["held"] == 1
    assert report.figures["deviations"]["reported"] == 0  # reported in July, after the period
    mails = [m for m in outbox.messages if m.subject.startswith("Rapport fra Driftsgruppen")]
    assert sorted(a for m in mails for a in m.envelope_to) == sorted([STINE, world.email("group_leader"), KLB])
    assert "Et godt halvår." in mails[0].text and "Møter holdt: 1 (1 planlagt)" in mails[0].text
    assert report.get_absolute_url() in mails[0].text
    # Later changes to the period's data do not change what was sent.
    held_meeting(world, dt.date(2026, 4, 1))
    page = client_as("group_leader").get(report.get_absolute_url()).text
    assert "Tallene er slik de var da rapporten ble sendt" in page
    assert "1 av 1,5" in page


def test_the_default_period_is_the_half_year_of_today(world: World, client_as):
    with_steering_group(world)
    with time_machine.travel(dt.datetime(2026, 9, 14, 9, tzinfo=OSLO), tick=False):
        page = client_as("committee_member").get(new_url(world)).text
    assert 'value="2026-07-01"' in page and 'value="2026-12-31"' in page


@pytest.mark.parametrize(
    ("role", "listed", "new", "draft", "sent"),
    [
        ("committee_member", 200, 200, 200, 200),  # the operations group's leader
        ("secretariat", 200, 200, 200, 200),
        ("superuser", 200, 200, 200, 200),
        ("group_leader", 200, 403, 404, 200),  # sits in the steering group
        ("member", 404, 404, 404, 404),
        ("host", 404, 404, 404, 404),
        ("nearest_leader", 404, 404, 404, 404),
        ("other_secretariat", 404, 404, 404, 404),
    ],
)
@pytest.mark.usefixtures("steering_group")
def test_who_reads_and_who_writes(world: World, client_as, role, listed, new, draft, sent):
    drafted, sent_report = a_report(world), a_report(world, sent=True)
    client = client_as(role)
    assert client.get(list_url(world)).status_code == listed
    assert client.get(new_url(world)).status_code == new
    assert client.get(drafted.get_absolute_url()).status_code == draft
    assert client.get(sent_report.get_absolute_url()).status_code == sent


@pytest.mark.usefixtures("steering_group")
def test_the_steering_group_reads_but_cannot_change_and_is_told_why(world: World, client_as):
    report = a_report(world, sent=True)
    response = client_as("group_leader").post(report.get_absolute_url(), form(version=report.version))
    assert response.status_code == 403
    assert "rollen din gir ikke lov til å endre det" in response.text
    page = client_as("group_leader").get(list_url(world)).text
    assert report.get_absolute_url() in page
    assert new_url(world) not in page


def test_a_committee_member_who_does_not_lead_it_sees_no_reports(world: World, client_as):
    with_steering_group(world)
    report = a_report(world, sent=True)
    Term.objects.filter(kind=Term.Kind.COMMITTEE_LEADER, committee=world.committee_a).delete()
    assert client_as("committee_member").get(report.get_absolute_url()).status_code == 404
    network_page = client_as("committee_member").get(reverse("registry:network", args=[world.network_a.pk])).text
    assert list_url(world) not in network_page
    assert list_url(world) in client_as("secretariat").get(reverse("registry:network", args=[world.network_a.pk])).text


@pytest.mark.usefixtures("steering_group")
def test_the_report_takes_as_many_queries_for_twice_the_data(world: World, client_as):
    report = a_report(world)
    client = client_as("committee_member")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(report.get_absolute_url()).status_code == 200
            assert client.get(list_url(world)).status_code == 200
        return len(captured)

    def more(n: int) -> None:
        for i in range(n):
            group = f.group(world.network_a, f"Gruppe {SteeringReport.objects.count()}-{i}")
            held_meeting(world, f.today() - dt.timedelta(days=10 + i))
            f.membership(f.person(f"Ny{i}", "Medlem"), group, starts_on=f.today() - dt.timedelta(days=20))
            Deviation.objects.create(network=world.network_a, title=f"Avvik {i}", description="…")
            a_report(world, sent=True)

    more(3)
    some = queries()
    more(6)
    assert queries() == some
