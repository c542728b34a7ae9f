"""The home page as each role starts the day there: the secretariat's list of everything waiting
on it, a meeting in progress for those who run it, and every network for the system
administrator. Each entry leads to a page that works for the one who sees it."""

import datetime as dt

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lindra.core import shortlists
from lindra.mail.models import OutboxMessage
from lindra.meetings import invitations
from lindra.meetings.models import FollowUp, Invitation, Meeting, Minutes
from lindra.registry.models import ChangeRequest, Term
from tests import factories as f
from tests.personas import World

pytestmark = pytest.mark.django_db


def section(page: str, heading_id: str) -> lxml.html.HtmlElement:
    document = lxml.html.document_fromstring(page)
    [found] = document.xpath(f"//section[@aria-labelledby='{heading_id}']")
    return found


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def links_of(element) -> list[str]:
    return [a.get("href") for a in element.iter("a") if a.get("href", "").startswith("/")]


def rows_of(element) -> list[list[str]]:
    return [[text_of(cell) for cell in tr.xpath("./td")] for tr in element.xpath(".//tbody/tr")]


def submitted(meeting: Meeting, **fields) -> Invitation:
    invitation = invitations.invitation_for(meeting)
    Invitation.objects.filter(pk=invitation.pk).update(
        status=Invitation.Status.SUBMITTED, submitted_at=timezone.now(), **fields
    )
    return invitation


def in_days(days: int) -> dt.datetime:
    return f.at(f.today() + dt.timedelta(days=days), 12)


def one_of_everything(world: World) -> dict[str, object]:
    """What may wait on network A's secretariat, and what must not show up there."""
    held = f.meeting(world.group_a1, title="Nettverksmøte 1", starts_at=in_days(-10), host=world.person("host"))
    Minutes.objects.create(meeting=held, status=Minutes.Status.SUBMITTED, submitted_at=timezone.now())
    change = ChangeRequest.objects.create(
        membership=world.person("member").memberships.get(),
        kind=ChangeRequest.Kind.LEAVE,
        message="Permisjon fra mai.",
        requested_by=world.user("member"),
    )
    OutboxMessage.objects.create(
        kind="invitation", to=["borte@lindra.example"], subject="Innkalling", body_text="x", network=world.network_a
    )
    OutboxMessage.objects.create(
        kind="invitation", to=["borte@fe.example"], subject="Innkalling", body_text="x", network=world.network_b
    )
    for message in OutboxMessage.objects.all():
        OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.FAILED)
    year = f.today().year
    # Olav's group A2 has no leader; Gunnar is absent from the group he leads; Mona's is Gunnar's.
    leaderless = FollowUp.objects.create(
        network=world.network_a, person=world.person("other_member"), local_group=world.group_a2, year=year, absences=3
    )
    leaders_own = FollowUp.objects.create(
        network=world.network_a, person=world.person("group_leader"), local_group=world.group_a1, year=year, absences=4
    )
    FollowUp.objects.create(
        network=world.network_a, person=world.person("member"), local_group=world.group_a1, year=year, absences=3
    )
    closed = FollowUp.objects.create(
        network=world.network_a, person=world.person("host"), local_group=world.group_a2, year=year - 1, absences=3
    )
    FollowUp.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    soon = f.meeting(world.group_a2, title="Nettverksmøte i Åsane", starts_at=in_days(10))
    submitted(world.meeting)
    submitted(soon)
    submitted(f.meeting(world.group_b1, title="Fysiomøte", starts_at=in_days(30)))
    sent = f.meeting(world.group_a2, title="Allerede sendt", starts_at=in_days(40))
    Invitation.objects.filter(pk=invitations.invitation_for(sent).pk).update(status=Invitation.Status.SENT)
    return {"held": held, "change": change, "leaderless": leaderless, "leaders_own": leaders_own, "soon": soon}


# The secretariat ---------------------------------------------------------------------------------


def test_the_secretariat_sees_everything_waiting_on_it_in_its_networks(world, client_as):
    things = one_of_everything(world)
    waiting = section(client_as("secretariat").get("/").text, "venter-tittel")
    text = text_of(waiting)
    assert "1 e-post kom ikke fram." in text
    assert "Innkallinger som skal sendes ut (2)" in text
    assert "Referater til gjennomgang (1)" in text and "Referat: Nettverksmøte 1" in text
    assert "Endringsmeldinger (1)" in text and "Mona Medlem: permisjon (Bergen sentrum)" in text
    assert "Oppfølging av fravær som sekretariatet har (2)" in text
    assert "Olav Annengruppe (Åsane): 3 fravær" in text and "Gunnar Gruppeleder (Bergen sentrum): 4 fravær" in text
    assert "Mona Medlem (Bergen sentrum): 3 fravær" not in text  # the group leader follows her up
    assert "Aina Arrangør" not in text  # closed
    assert "Fysiomøte" not in text and "Allerede sendt" not in text
    assert reverse("meetings:invitation", args=[things["soon"].pk]) in links_of(waiting)
    assert reverse("registry:change_request", args=[things["change"].pk]) in links_of(waiting)
    assert things["leaderless"].get_absolute_url() in links_of(waiting)


@pytest.fixture
def one_shown(monkeypatch):
    """Of each list, the home page shows only the first: two of everything is then a long list."""
    monkeypatch.setattr(shortlists, "SHOWN", 1)


def test_of_each_kind_the_secretariat_sees_the_most_urgent_and_how_many_there_are(world, client_as, one_shown):
    things = one_of_everything(world)
    Minutes.objects.create(meeting=things["soon"], status=Minutes.Status.SUBMITTED, submitted_at=timezone.now())
    ChangeRequest.objects.create(
        membership=world.person("other_member").memberships.get(),
        kind=ChangeRequest.Kind.OTHER,
        message="Ny e-post.",
        requested_by=world.user("other_member"),
    )
    waiting = section(client_as("secretariat").get("/").text, "venter-tittel")
    text = text_of(waiting)
    assert "Innkallinger som skal sendes ut (2)" in text
    assert "Nettverksmøte i Åsane" in text and "Gruppemøte om smertelindring" not in text  # the sooner one
    assert "Referater til gjennomgang (2)" in text and "Referat: Nettverksmøte 1" in text
    assert "Endringsmeldinger (2)" in text and "Mona Medlem: permisjon" in text and "Olav Annengruppe:" not in text
    assert "Oppfølging av fravær som sekretariatet har (2)" in text
    assert "Olav Annengruppe (Åsane): 3 fravær" in text and "Gunnar Gruppeleder" not in text  # the older one
    assert text.count("De som haster mest vises her.") == 2 and "De eldste vises her." in text
    [see_all] = waiting.xpath(".//a[starts-with(text(), 'Se alle')]")
    assert text_of(see_all) == "Se alle 2"
    assert see_all.get("href") == reverse("meetings:secretariat_follow_ups")


def test_the_secretariat_finds_all_its_follow_ups_oldest_first_on_their_own_page(world, client_as, one_shown):
    one_of_everything(world)
    page = client_as("secretariat").get(reverse("meetings:secretariat_follow_ups"))
    items = [text_of(li) for li in lxml.html.document_fromstring(page.text).xpath("//main//li")]
    year = f.today().year
    assert items == [
        f"Olav Annengruppe (Åsane): 3 fravær i {year}",
        f"Gunnar Gruppeleder (Bergen sentrum): 4 fravær i {year}",
    ]
    assert (
        "Ingen åpne oppfølginger."
        in client_as("other_secretariat").get(reverse("meetings:secretariat_follow_ups")).text
    )


def test_the_group_leader_sees_the_oldest_follow_up_and_how_many_there_are(world, client_as, one_shown):
    one_of_everything(world)
    text = text_of(section(client_as("group_leader").get("/").text, "oppfolging-tittel"))
    assert text.startswith("Oppfølging av fravær (2)")
    assert "Gunnar Gruppeleder (Bergen sentrum): 4 fravær" in text and "Mona Medlem" not in text
    assert "Alle står under hver gruppe du leder nedenfor." in text


def test_the_secretariat_sees_each_network_in_a_row_with_what_waits_there(world, client_as):
    one_of_everything(world)
    client = client_as("secretariat")
    networks = section(client.get("/").text, "sekretariat-tittel")
    assert rows_of(networks) == [
        ["Kompetansenettverk for lindrende behandling i Vestland", "2", "3 Medlemmer", "1", "KLB Vestland"]
    ]  # the member count is a link to the member list, named so for screen readers
    for link in links_of(networks):
        assert client.get(link).status_code == 200, link
    assert reverse("registry:change_requests", args=[world.network_a.pk]) in links_of(networks)
    assert reverse("registry:members", args=[world.network_a.pk]) in links_of(networks)


def test_each_invitation_says_how_many_days_are_left_against_the_rule_and_late_ones_are_marked(world, client_as):
    one_of_everything(world)
    items = section(client_as("secretariat").get("/").text, "venter-tittel").xpath(".//li")
    [on_time] = [text_of(li) for li in items if "Gruppemøte om smertelindring" in text_of(li)]
    [late] = [text_of(li) for li in items if "Nettverksmøte i Åsane" in text_of(li)]
    # Three weeks ahead and fourteen days' rule: a week left. Ten days ahead: four days late.
    assert on_time.endswith(f"Sendes ut senest {date_format(f.today() + dt.timedelta(days=7), 'j. F Y')}, om 7 dager.")
    assert "for sent" not in on_time
    assert late.startswith("for sent Innkalling: Nettverksmøte i Åsane")
    assert late.endswith(f"Skulle vært sendt ut {date_format(f.today() - dt.timedelta(days=4), 'j. F Y')}.")


def test_the_rule_is_the_networks_own(world, client_as):
    world.network_a.invitation_days_before = 21
    world.network_a.save(update_fields=["invitation_days_before"])
    submitted(world.meeting)
    assert "Sendes ut i dag." in text_of(section(client_as("secretariat").get("/").text, "venter-tittel"))


def test_every_link_of_what_is_waiting_works_for_the_secretariat(world, client_as):
    one_of_everything(world)
    client = client_as("secretariat")
    links = links_of(section(client.get("/").text, "venter-tittel"))
    assert len(links) == 7
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_other_secretariat_sees_only_its_own_network(world, client_as):
    one_of_everything(world)
    text = text_of(section(client_as("other_secretariat").get("/").text, "venter-tittel"))
    assert "Innkallinger som skal sendes ut (1)" in text and "Fysiomøte" in text
    assert "Gruppemøte om smertelindring" not in text and "Referat" not in text and "Olav" not in text


def test_with_nothing_waiting_the_secretariat_is_told_so(world, client_as):
    assert "Ingenting venter på sekretariatet nå." in client_as("secretariat").get("/").text


@pytest.mark.parametrize("role", ["group_leader", "host", "member", "committee_member"])
def test_only_the_secretariat_gets_the_list(world, client_as, role):
    one_of_everything(world)
    assert "Venter på sekretariatet" not in client_as(role).get("/").text


def test_the_secretariats_home_takes_as_many_queries_with_much_more_waiting(world, client_as):
    one_of_everything(world)
    client = client_as("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(12):
        group = f.group(world.network_a)
        member = f.person()
        membership = f.membership(member, group)
        submitted(f.meeting(group, starts_at=in_days(5 + n)))
        held = f.meeting(group, starts_at=in_days(-5 - n))
        Minutes.objects.create(meeting=held, status=Minutes.Status.SUBMITTED, submitted_at=timezone.now())
        ChangeRequest.objects.create(
            membership=membership, kind=ChangeRequest.Kind.OTHER, message="x", requested_by=world.user("member")
        )
        OutboxMessage.objects.create(
            kind="x", to=["x@lindra.example"], subject="x", body_text="x", network=world.network_a, status="failed"
        )
        FollowUp.objects.create(network=world.network_a, person=member, local_group=group, year=2026, absences=3)
    assert queries() == few


# A meeting in progress -------------------------------------------------------------------------------


def in_progress(meeting: Meeting) -> Meeting:
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - dt.timedelta(minutes=30), ends_at=now + dt.timedelta(hours=2)
    )
    meeting.refresh_from_db()
    return meeting


def test_the_group_leader_is_led_to_the_attendance_of_a_meeting_in_progress(world, client_as):
    meeting = in_progress(world.meeting)
    client = client_as("group_leader")
    on = section(client.get("/").text, "i-gang-tittel")
    assert "Møtet er i gang." in text_of(on) and "Gruppemøte om smertelindring" in text_of(on)
    [button] = on.xpath(".//a[contains(@class, 'ds-button')]")
    assert button.text_content() == "Registrer oppmøte"
    assert button.get("href") == reverse("meetings:attendance", args=[meeting.pk])
    assert client.get(button.get("href")).status_code == 200


def test_a_committee_meeting_in_progress_leads_its_members_to_the_attendance(world, client_as):
    meeting = in_progress(world.committee_meeting)
    on = section(client_as("committee_member").get("/").text, "i-gang-tittel")
    assert reverse("meetings:attendance", args=[meeting.pk]) in links_of(on)


@pytest.mark.parametrize(("starts", "ends"), [(dt.timedelta(minutes=30), dt.timedelta(hours=3)), (-3, -1)])
def test_before_it_starts_and_after_it_ends_it_is_not_in_progress(world, client_as, starts, ends):
    now = timezone.now()
    if isinstance(starts, int):
        starts, ends = dt.timedelta(hours=starts), dt.timedelta(hours=ends)
    Meeting.objects.filter(pk=world.meeting.pk).update(starts_at=now + starts, ends_at=now + ends)
    assert "Møter som er i gang" not in client_as("group_leader").get("/").text


@pytest.mark.parametrize("role", ["member", "other_member", "secretariat"])
def test_those_who_do_not_run_the_meeting_are_not_led_there(world, client_as, role):
    in_progress(world.meeting)
    assert "Møter som er i gang" not in client_as(role).get("/").text


def test_a_host_who_leads_the_group_finds_the_meeting_once(world, client_as):
    meeting = in_progress(world.meeting)
    Meeting.objects.filter(pk=meeting.pk).update(host=world.person("group_leader"))
    page = client_as("group_leader").get("/").text
    assert page.count(reverse("meetings:attendance", args=[meeting.pk])) == 1


# The system administrator ------------------------------------------------------------------------


def test_the_system_administrator_reaches_every_network_and_its_year(world, client_as):
    client = client_as("superuser")
    admin = section(client.get("/").text, "admin-tittel")
    assert rows_of(admin) == [
        ["Fysio- og ergoterapinettverket", "1", "0 Medlemmer", "0", "FE-nettverket"],
        ["Kompetansenettverk for lindrende behandling i Vestland", "2", "3 Medlemmer", "0", "KLB Vestland"],
    ]
    links = links_of(admin)
    for network in (world.network_a, world.network_b):
        assert reverse("meetings:network_year", args=[network.pk]) in links
        assert reverse("registry:network", args=[network.pk]) in links
    for link in links:
        if not link.startswith("/admin/"):
            assert client.get(link).status_code == 200, link


def test_without_networks_the_system_administrator_is_told_where_to_begin(db, client):
    client.force_login(f.superuser())
    assert "Ingen nettverk er lagt inn ennå" in client.get("/").text


def test_the_system_administrators_home_takes_as_many_queries_with_more_networks(world, client_as):
    client = client_as("superuser")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    few = queries()
    for _ in range(6):
        network = f.network()
        f.group(network)
        f.term(f.person(), Term.Kind.SECRETARIAT, network=network)
    assert queries() == few
    assert len(rows_of(section(client.get("/").text, "admin-tittel"))) == 8
