"""The member's work plan: drafting it beside the network's year, sending it to the nearest
leader by e-mail, the leader's answer by the signed link or signed in (seeds 003, 004).

Tests that send mail commit for real: the outbox sends on commit, to the real SMTP server."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lindra.core.models import AuditEvent
from lindra.development import workplans
from lindra.development.models import WorkPlan
from lindra.meetings.models import CompetenceTopic, Meeting
from lindra.registry.models import Membership
from tests import factories as f

sends_mail = pytest.mark.django_db(transaction=True)
Status = WorkPlan.Status
YEAR = timezone.localdate().year
MONA, LARS = "member@lindra.example", "nearest-leader@lindra.example"
PLAN = {
    "goals": "Bli tryggere på smertelindring i livets sluttfase.",
    "activities": "Delta på alle nettverksmøtene og fagdagen. Undervise kollegene om symptomlindring.",
    "workplace_needs": "Flere pasienter med behov for lindrende behandling på sykehjemmet.",
    "support": "Fri til samlingene.",
}


def mona(world) -> Membership:
    return Membership.objects.get(person=world.person("member"))


def plan_page(world, year: int = YEAR) -> str:
    return reverse("development:work_plan", args=[mona(world).pk, year])


def post_plan(client, world, action: str, version: int = 0, **fields):
    return client.post(plan_page(world), {**PLAN, **fields, "version": version, "handling": action})


def answer_link(text: str) -> str:
    [url] = re.findall(r"https?://\S+/arbeidsplan/svar/\S+/", text)
    return url


def submitted_plan(world, **fields) -> WorkPlan:
    plan = WorkPlan(membership=mona(world), year=YEAR)
    return workplans.submit(plan, {**PLAN, **fields}, by=world.user("member"), expected_version=0)


# --- The member drafts the plan ---------------------------------------------------------------


def test_the_member_drafts_her_plan_beside_the_networks_year(world, client_as):
    group_meeting = f.meeting(world.group_a1, title="Nettverksmøte 2 / i år", starts_at=f.at(dt.date(YEAR, 6, 3), 9))
    f.meeting(world.group_a2, title="Møte i en annen gruppe", starts_at=f.at(dt.date(YEAR, 6, 4), 9))
    f.meeting(
        world.committee_a, title="Fagdag i Bergen", kind=Meeting.Kind.FAGDAG, starts_at=f.at(dt.date(YEAR, 4, 20))
    )
    CompetenceTopic.objects.create(network=world.network_a, title="Smertelindring", description="Kartlegging av smerte")
    CompetenceTopic.objects.create(network=world.network_a, title="Gammelt tema", retired=True)

    response = client_as("member").get(plan_page(world))

    assert response.status_code == 200
    page = response.text
    assert f"Arbeidsplanen din for {YEAR}" in page
    assert f"Nettverkets år {YEAR}" in page
    assert group_meeting.title in page and "Møte i en annen gruppe" not in page
    assert "Fagdag i Bergen" in page
    assert "Smertelindring" in page and "Kartlegging av smerte" in page and "Gammelt tema" not in page
    assert "Ikke påbegynt" in page
    for label in ("Mål for året", "Hva jeg skal gjøre", "Behov på arbeidsstedet", "Hva jeg trenger fra lederen"):
        assert label in page


def test_a_saved_draft_keeps_what_she_wrote_and_tells_nobody(world, client_as, outbox):
    client = client_as("member")
    response = post_plan(client, world, "lagre", support="")

    assert response.status_code == 302
    plan = WorkPlan.objects.get(membership=mona(world), year=YEAR)
    assert (plan.status, plan.goals, plan.support) == (Status.DRAFT, PLAN["goals"], "")
    page = client.get(plan_page(world)).text
    assert "Utkastet er lagret." in page and PLAN["activities"] in page
    assert outbox.messages == []
    assert AuditEvent.objects.filter(object_type="development.WorkPlan", object_id=str(plan.pk)).exists()


def test_sending_without_goals_says_what_is_missing_and_keeps_the_rest(world, client_as):
    response = post_plan(client_as("member"), world, "send", goals="  ")

    assert response.status_code == 400
    assert "Skriv dette før du sender planen til lederen." in response.text
    assert PLAN["activities"] in response.text
    assert not WorkPlan.objects.exists()


@sends_mail
def test_sending_the_plan_mails_the_leader_a_link_to_answer_without_signing_in(world, client_as, outbox):
    client = client_as("member")
    response = post_plan(client, world, "send")

    assert response.status_code == 302
    plan = WorkPlan.objects.get(membership=mona(world), year=YEAR)
    assert plan.status == Status.SUBMITTED and plan.submitted_at is not None
    page = client.get(plan_page(world)).text
    assert "Planen er sendt til Lars Leder" in page
    assert "Sendt til nærmeste leder" in page
    [mail] = outbox.messages
    assert mail.envelope_to == [LARS]
    assert mail.subject == f"Arbeidsplan {YEAR} fra Mona Medlem venter på deg"
    assert PLAN["goals"] in mail.text and PLAN["workplace_needs"] in mail.text
    assert mail.message["Reply-To"] == MONA
    link = answer_link(mail.text)
    assert link in mail.html  # a button in the HTML part
    assert workplans.plan_for_token(link.rstrip("/").rsplit("/", 1)[1]) == (plan, world.person("nearest_leader"))


def test_a_member_without_a_nearest_leader_is_told_to_report_one(world, client_as):
    Membership.objects.filter(pk=mona(world).pk).update(nearest_leader=None)
    response = post_plan(client_as("member"), world, "send")

    assert response.status_code == 400
    assert "Du har ingen nærmeste leder registrert" in response.text
    assert PLAN["goals"] in response.text


def test_two_saves_at_once_the_second_is_told_and_keeps_its_text(world, client_as):
    client = client_as("member")
    post_plan(client, world, "lagre")
    version = WorkPlan.objects.get().version
    post_plan(client, world, "lagre", version=version, goals="Fra telefonen.")

    response = post_plan(client, world, "lagre", version=version, goals="Fra PC-en.")

    assert response.status_code == 400
    assert "Noen andre har lagret planen mens du skrev." in response.text
    assert "Fra PC-en." in response.text
    assert WorkPlan.objects.get().goals == "Fra telefonen."
    # Having seen it, she saves again on purpose.
    version_now = int(re.search(r'name="version" value="(\d+)"', response.text).group(1))
    assert post_plan(client, world, "lagre", version=version_now, goals="Fra PC-en.").status_code == 302
    assert WorkPlan.objects.get().goals == "Fra PC-en."


@sends_mail
def test_a_sent_plan_is_not_edited_until_she_takes_it_back(world, client_as, outbox):
    plan = submitted_plan(world)
    client = client_as("member")

    response = post_plan(client, world, "lagre", version=plan.version, goals="Endret i smug.")
    assert response.status_code == 302
    assert "Planen er sendt til lederen og kan ikke endres nå." in client.get(plan_page(world)).text
    assert WorkPlan.objects.get().goals == PLAN["goals"]

    client.post(plan_page(world), {"handling": "ta-tilbake"})
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    page = client.get(plan_page(world)).text
    assert "Planen er tatt tilbake." in page and 'name="goals"' in page


# --- Who sees it, who changes it --------------------------------------------------------------


@pytest.mark.parametrize("role", ["group_leader", "secretariat", "nearest_leader"])
def test_the_leader_the_group_leader_and_the_secretariat_read_the_plan_but_do_not_write_it(world, client_as, role):
    submitted_plan(world)
    client = client_as(role)

    page = client.get(plan_page(world)).text
    assert PLAN["goals"] in page and 'name="goals"' not in page
    assert client.post(plan_page(world), {**PLAN, "version": 1, "handling": "lagre"}).status_code == 403


@pytest.mark.parametrize("role", ["other_member", "host", "committee_member", "other_secretariat"])
def test_others_do_not_find_the_plan(world, client_as, role):
    submitted_plan(world)
    assert client_as(role).get(plan_page(world)).status_code == 404


def test_a_year_outside_the_membership_is_not_found(world, client_as):
    started = mona(world).starts_on.year
    assert client_as("member").get(plan_page(world, started - 1)).status_code == 404
    assert client_as("member").get(plan_page(world, YEAR + 2)).status_code == 404
    assert client_as("member").get(plan_page(world, YEAR + 1)).status_code == 200


# --- The leader's answer by the e-mailed link -------------------------------------------------


@sends_mail
def test_opening_the_link_shows_the_plan_and_records_nothing(world, visitor, outbox):
    submitted_plan(world)
    link = answer_link(outbox.messages[0].text)
    events = AuditEvent.objects.count()

    response = visitor.get(link)

    assert response.status_code == 200
    assert f"Arbeidsplan {YEAR} fra Mona Medlem" in response.text
    assert PLAN["activities"] in response.text
    assert "Godta planen" in response.text and "Be om endringer" in response.text
    assert WorkPlan.objects.get().status == Status.SUBMITTED
    assert AuditEvent.objects.count() == events


@sends_mail
def test_the_leader_agrees_by_the_link_and_the_member_is_told(world, visitor, outbox):
    submitted_plan(world)
    link = answer_link(outbox.messages[0].text)
    outbox.clear()

    response = visitor.post(link, {"handling": "godta"})

    assert response.status_code == 302
    plan = WorkPlan.objects.get()
    assert plan.status == Status.AGREED and plan.agreed_by == world.person("nearest_leader")
    page = visitor.get(link).text
    assert "Du har godtatt planen. Mona Medlem får beskjed på e-post." in page
    assert "Planen er godtatt" in page and "Godtatt av Lars Leder" in page
    assert 'value="godta"' not in page
    [mail] = outbox.messages
    assert mail.envelope_to == [MONA]
    assert mail.subject == f"Arbeidsplanen din for {YEAR} er godtatt"
    assert "Lars Leder har godtatt arbeidsplanen din" in mail.text
    event = AuditEvent.objects.filter(object_type="development.WorkPlan").latest("at")
    assert event.actor is None and "svar fra Lars Leder i e-post" in event.target


@sends_mail
def test_a_used_link_says_what_was_decided_and_when(world, visitor, outbox):
    submitted_plan(world)
    link = answer_link(outbox.messages[0].text)
    visitor.post(link, {"handling": "godta"})
    plan = WorkPlan.objects.get()

    page = visitor.get(link).text  # days later, from the same e-mail
    page = visitor.get(link).text

    assert "Planen er godtatt" in page
    assert timezone.localtime(plan.agreed_at).strftime("%H:%M") in page
    assert visitor.post(link, {"handling": "endringer", "note": "Likevel ikke"}).status_code == 400
    assert WorkPlan.objects.get().status == Status.AGREED


@sends_mail
def test_asking_for_changes_needs_a_note_which_the_member_gets(world, visitor, outbox):
    submitted_plan(world)
    link = answer_link(outbox.messages[0].text)
    outbox.clear()

    response = visitor.post(link, {"handling": "endringer", "note": ""})
    assert response.status_code == 400
    assert "Skriv hva medlemmet bør endre." in response.text
    assert WorkPlan.objects.get().status == Status.SUBMITTED

    visitor.post(link, {"handling": "endringer", "note": "Legg inn hospitering på palliativ enhet."})
    plan = WorkPlan.objects.get()
    assert plan.status == Status.CHANGES_REQUESTED and plan.changes_requested_at is not None
    page = visitor.get(link).text
    assert "Du har bedt om endringer" in page and "Legg inn hospitering på palliativ enhet." in page
    [mail] = outbox.messages
    assert mail.envelope_to == [MONA]
    assert "Legg inn hospitering på palliativ enhet." in mail.text
    assert reverse("development:work_plan", args=[plan.membership_id, YEAR]) in mail.text


@sends_mail
def test_changed_after_changes_requested_and_sent_again_the_same_link_answers_the_new_plan(world, client_as, outbox):
    plan = submitted_plan(world)
    link = answer_link(outbox.messages[0].text)
    visitor = client_as("visitor")
    visitor.post(link, {"handling": "endringer", "note": "Mer om kollegaveiledning."})
    plan.refresh_from_db()

    member = client_as("member")
    page = member.get(plan_page(world)).text
    assert "Lederen ber om endringer" in page and "Mer om kollegaveiledning." in page
    post_plan(member, world, "send", version=plan.version, activities="Veilede to kolleger i måneden.")

    page = visitor.get(link).text
    assert "Veilede to kolleger i måneden." in page and 'value="godta"' in page


@sends_mail
def test_the_link_of_a_former_leader_no_longer_answers(world, visitor, outbox):
    submitted_plan(world)
    link = answer_link(outbox.messages[0].text)
    Membership.objects.filter(pk=mona(world).pk).update(nearest_leader=f.person("Nina", "Nyleder"))

    response = visitor.get(link)
    assert response.status_code == 410
    assert "Du er ikke lenger registrert som nærmeste leder for Mona Medlem" in response.text
    assert visitor.post(link, {"handling": "godta"}).status_code == 410
    assert WorkPlan.objects.get().status == Status.SUBMITTED


def test_a_damaged_link_is_not_found_and_says_what_to_do(world, visitor):
    response = visitor.get(reverse("development:work_plan_answer", args=["ikke-en-lenke"]))
    assert response.status_code == 404
    assert "Lenken er ikke gyldig" in response.text


# --- The leader's answer signed in ------------------------------------------------------------


@sends_mail
def test_the_leader_signed_in_agrees_on_the_plans_page(world, client_as, outbox):
    submitted_plan(world)
    outbox.clear()
    client = client_as("nearest_leader")
    assert "Planen venter på deg" in client.get(plan_page(world)).text

    response = client.post(reverse("development:work_plan_decide", args=[mona(world).pk, YEAR]), {"handling": "godta"})

    assert response.status_code == 302
    assert WorkPlan.objects.get().status == Status.AGREED
    assert "Du har godtatt planen." in client.get(plan_page(world)).text
    assert [m.envelope_to for m in outbox.messages] == [[MONA]]
    event = AuditEvent.objects.filter(object_type="development.WorkPlan").latest("at")
    assert event.actor == world.user("nearest_leader")


@sends_mail
def test_the_leader_signed_in_must_write_a_note_to_ask_for_changes(world, client_as, outbox):
    submitted_plan(world)
    url = reverse("development:work_plan_decide", args=[mona(world).pk, YEAR])
    response = client_as("nearest_leader").post(url, {"handling": "endringer", "note": ""})
    assert response.status_code == 400
    assert "Skriv hva medlemmet bør endre." in response.text


@pytest.mark.parametrize("role", ["member", "group_leader", "secretariat"])
def test_only_the_nearest_leader_answers_the_plan(world, client_as, role):
    submitted_plan(world)
    url = reverse("development:work_plan_decide", args=[mona(world).pk, YEAR])
    assert client_as(role).post(url, {"handling": "godta"}).status_code == 403
    assert WorkPlan.objects.get().status == Status.SUBMITTED


@sends_mail
def test_an_agreed_plan_taken_back_must_be_agreed_again(world, client_as, outbox):
    plan = submitted_plan(world)
    workplans.agree(plan, leader=world.person("nearest_leader"))
    member = client_as("member")
    page = member.get(plan_page(world)).text
    assert "må sendes og godtas av lederen på nytt" in page

    member.post(plan_page(world), {"handling": "ta-tilbake"})

    plan.refresh_from_db()
    assert (plan.status, plan.agreed_at, plan.agreed_by) == (Status.DRAFT, None, None)
    outbox.clear()
    post_plan(member, world, "send", version=plan.version)
    assert WorkPlan.objects.get().status == Status.SUBMITTED
    assert [m.envelope_to for m in outbox.messages] == [[LARS]]


def test_the_leader_reads_the_groups_meetings_beside_the_plan_without_links_to_pages_they_cannot_open(world, client_as):
    meeting = f.meeting(world.group_a1, title="Nettverksmøte om ernæring", starts_at=f.at(dt.date(YEAR, 6, 3), 9))
    url = meeting.get_absolute_url()
    assert f'href="{url}"' in client_as("member").get(plan_page(world)).text
    page = client_as("nearest_leader").get(plan_page(world)).text
    assert "Nettverksmøte om ernæring" in page and f'href="{url}"' not in page
