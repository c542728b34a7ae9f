"""Reporting a deviation and handling it, through the pages: who may see and do what
(DESIGN.md §2), what the forms keep and refuse, and two handlers who act at once."""

import datetime as dt
import re

import lxml.html
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lindra.annual import rules
from lindra.annual.models import Deviation, DeviationStep
from lindra.core import shortlists
from lindra.core.models import AuditAction, AuditEvent
from lindra.registry.models import Committee
from tests import factories as f
from tests.annual.deviations_support import DESCRIPTION, page, report, step
from tests.language import text_of

Status = Deviation.Status
NEW = reverse("annual:deviation_new")


def form_for(world, where: str = "", **fields) -> dict:
    return {
        "where": where or f"gruppe-{world.group_a1.pk}",
        "title": "Innkallingen kom for sent",
        "description": DESCRIPTION,
        "happened_on": "",
        **fields,
    }


# --- Reporting --------------------------------------------------------------------------------


def test_the_form_warns_plainly_never_to_write_patient_information(world, client_as):
    response = client_as("member").get(NEW)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ikke skriv pasientopplysninger" in text
    assert "Skriv aldri navn, fødselsnummer eller annet som kan knytte saken til en pasient." in text


def test_a_member_chooses_among_her_group_and_her_network_as_a_whole(world, client_as):
    """Nothing is chosen for her: sending without choosing says so beside the field."""
    form = client_as("member").get(NEW).context["form"]
    assert dict(form.fields["where"].choices) == {
        "": "Velg hvor det gjelder",
        f"gruppe-{world.group_a1.pk}": "Bergen sentrum (KLB Vestland)",
        f"nettverk-{world.network_a.pk}": "KLB Vestland som helhet (går til Driftsgruppen)",
    }
    assert not form["where"].value()
    refused = client_as("member").post(NEW, {"title": "Innkallingen kom for sent", "description": "Fem dager før."})
    assert refused.context["form"].errors["where"] and Deviation.objects.count() == 0


def test_a_nearest_leader_reports_in_the_groups_of_his_staff(world, client_as):
    choices = dict(client_as("nearest_leader").get(NEW).context["form"].fields["where"].choices)
    assert f"gruppe-{world.group_a1.pk}" in choices


def test_a_member_reports_a_deviation_to_her_group_leader(world, client_as):
    client = client_as("member")
    happened = timezone.localdate() - dt.timedelta(days=5)
    response = client.post(NEW, form_for(world, happened_on=happened.isoformat()))

    deviation = Deviation.objects.get()
    assert response.status_code == 302 and response["Location"] == page(deviation)
    assert deviation.status == Status.REPORTED and deviation.local_group == world.group_a1
    assert deviation.reported_by == world.person("member") and deviation.committee is None
    assert deviation.due_on == timezone.localdate() + dt.timedelta(days=rules.GROUP_LEADER_DAYS)
    assert deviation.happened_on == happened
    assert [s.kind for s in deviation.steps.all()] == [DeviationStep.Kind.REPORTED]
    event = AuditEvent.objects.get(action=AuditAction.CREATED, object_id=str(deviation.pk))
    assert event.changes["status"] == "reported" and event.changes["description"] == "saved"
    assert DESCRIPTION not in str(event.changes)  # the text stays in its place
    followed = client.get(response["Location"])
    assert "Avviket er meldt til gruppelederen i Bergen sentrum" in followed.content.decode()


def test_one_for_the_network_as_a_whole_goes_straight_to_the_operations_group(world, client_as):
    client_as("member").post(NEW, form_for(world, where=f"nettverk-{world.network_a.pk}"))

    deviation = Deviation.objects.get()
    assert deviation.status == Status.ESCALATED and deviation.local_group is None
    assert deviation.committee == world.committee_a and deviation.escalated_at is not None
    assert deviation.due_on == timezone.localdate() + dt.timedelta(days=rules.OPERATIONS_GROUP_DAYS)


def test_one_in_a_group_without_a_leader_goes_straight_to_the_operations_group(world, client_as):
    client_as("other_member").post(NEW, form_for(world, where=f"gruppe-{world.group_a2.pk}"))
    assert Deviation.objects.get().status == Status.ESCALATED


def test_a_group_leader_reporting_in_his_own_group_sends_it_to_the_operations_group(world, client_as):
    client_as("group_leader").post(NEW, form_for(world))
    assert Deviation.objects.get().status == Status.ESCALATED


def test_bad_input_keeps_what_was_typed(world, client_as):
    response = client_as("member").post(NEW, form_for(world, description="", happened_on="2999-01-01"))

    assert response.status_code == 400
    form = response.context["form"]
    assert "description" in form.errors
    assert 'value="Innkallingen kom for sent"' in response.content.decode()
    assert not Deviation.objects.exists()


def test_a_date_in_the_future_is_refused(world, client_as):
    response = client_as("member").post(NEW, form_for(world, happened_on="2999-01-01"))
    assert response.status_code == 400
    assert response.context["form"].errors["happened_on"] == ["Datoen kan ikke være fram i tid."]


@pytest.mark.parametrize("number", ["01017012345", "010170 12345", "010170.12345"])
def test_text_that_looks_like_an_identity_number_is_refused_with_a_clear_norwegian_error(world, client_as, number):
    typed = f"Pasient {number} fikk ikke beskjed om at møtet var flyttet."
    response = client_as("member").post(NEW, form_for(world, description=typed))

    assert response.status_code == 400
    [error] = response.context["form"].errors["description"]
    assert error.startswith("Teksten ser ut til å inneholde et fødselsnummer (11 siffer).")
    assert "Skriv aldri pasientopplysninger" in error
    assert typed in response.content.decode()  # kept, for the reporter to correct
    assert not Deviation.objects.exists()


def test_a_group_one_is_not_in_cannot_be_chosen(world, client_as):
    response = client_as("member").post(NEW, form_for(world, where=f"gruppe-{world.group_a2.pk}"))
    assert response.status_code == 400 and "where" in response.context["form"].errors
    assert not Deviation.objects.exists()


def test_someone_with_no_part_in_a_network_cannot_report(world, client_as):
    assert client_as("superuser").get(NEW).status_code == 404


# --- Who sees a deviation --------------------------------------------------------------------

SEES_REPORTED = {"superuser", "secretariat", "group_leader", "member"}
SEES_ESCALATED = SEES_REPORTED | {"committee_member"}
EVERYONE = [
    "superuser",
    "secretariat",
    "committee_member",
    "group_leader",
    "host",
    "member",
    "nearest_leader",
    "other_member",
    "other_secretariat",
]


def test_a_reported_deviation_is_seen_by_its_reporter_its_group_leader_and_the_secretariat(world, client_as):
    deviation = report(world)
    got = {role: client_as(role).get(page(deviation)).status_code for role in EVERYONE}
    assert got == {role: 200 if role in SEES_REPORTED else 404 for role in EVERYONE}


def test_once_escalated_the_operations_group_sees_it_too(world, client_as):
    deviation = step(world, report(world), "group_leader", rules.ESCALATE, "Gjelder hele nettverket.")
    got = {role: client_as(role).get(page(deviation)).status_code for role in EVERYONE}
    assert got == {role: 200 if role in SEES_ESCALATED else 404 for role in EVERYONE}


def test_the_other_groups_leader_does_not_see_it(world, client_as):
    other_leader = f.person_with_user("Greta", "Gruppeleder", email="other-leader@lindra.example")
    f.term(other_leader, "gruppeleder", group=world.group_a2, starts_on=timezone.localdate() - dt.timedelta(days=9))
    deviation = report(world)
    client = client_as("member")
    client.force_login(other_leader.user)
    assert client.get(page(deviation)).status_code == 404
    assert client.post(page(deviation), {"handling": "close", "text": "x", "version": 1}).status_code == 404


def test_the_reporter_adds_to_it_but_does_not_handle_it(world, client_as):
    deviation = report(world)
    response = client_as("member").get(page(deviation))
    text = response.content.decode()
    assert "Behandle avviket" not in text and "Legg til en kommentar" in text and "Lukk med tiltaket" not in text
    posted = client_as("member").post(page(deviation), {"handling": "close", "text": "Løst", "version": 1})
    assert posted.status_code == 400 and deviation.steps.count() == 1
    added = client_as("member").post(
        page(deviation), {"handling": "comment", "text": "Det gjaldt også juni.", "version": 1}
    )
    assert added.status_code == 302 and deviation.steps.count() == 2
    closed = step(world, deviation, "group_leader", rules.CLOSE, "Ordnet.")
    refused = client_as("member").post(page(closed), {"handling": "comment", "text": "Takk", "version": closed.version})
    assert refused.status_code == 403
    stranger = client_as("host").post(page(deviation), {"handling": "close", "text": "Løst", "version": 1})
    assert stranger.status_code == 404


def test_the_committee_does_not_handle_one_still_with_the_group_leader(world, client_as):
    deviation = report(world)
    posted = client_as("committee_member").post(page(deviation), {"handling": "close", "text": "x", "version": 1})
    assert posted.status_code == 404


# --- Handling ---------------------------------------------------------------------------------


def post_step(client, deviation, action: str, text: str = "", version: int | None = None):
    deviation.refresh_from_db()
    data = {"handling": action, "text": text, "version": deviation.version if version is None else version}
    return client.post(page(deviation), data)


def test_the_group_leader_closes_it_locally_with_the_measure_taken(world, client_as):
    deviation = report(world)
    measure = "Innkallingen sendes nå senest 14 dager før; arrangøren har fått huskeliste."

    response = post_step(client_as("group_leader"), deviation, rules.CLOSE, measure)

    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.status == Status.CLOSED and deviation.closed_locally and deviation.measure == measure
    assert deviation.due_on is None and deviation.closed_at is not None
    assert [s.kind for s in deviation.steps.all()] == ["reported", "closed"]
    event = AuditEvent.objects.filter(action=AuditAction.CHANGED, object_id=str(deviation.pk)).get()
    assert event.changes["status"] == ["reported", "closed"] and event.changes["measure"] == "saved"
    shown = client_as("member").get(page(deviation)).content.decode()
    assert "Løst lokalt: tiltaket som er gjort" in shown and measure in shown


def test_closing_asks_for_the_measure_taken(world, client_as):
    deviation = report(world)
    response = post_step(client_as("group_leader"), deviation, rules.CLOSE, "  ")
    assert response.status_code == 400
    assert response.context["form"].errors["text"] == ["Skriv tiltaket som er gjort."]
    deviation.refresh_from_db()
    assert deviation.status == Status.REPORTED


def test_an_identity_number_in_a_comment_is_refused_and_the_text_kept(world, client_as):
    deviation = report(world)
    typed = "Gjelder 12345678901, ring meg"
    response = post_step(client_as("group_leader"), deviation, rules.COMMENT, typed)
    assert response.status_code == 400
    assert response.context["form"].errors["text"][0].startswith("Teksten ser ut til å inneholde et fødselsnummer")
    assert typed in response.content.decode()
    assert deviation.steps.count() == 1


def test_escalated_it_is_closed_by_the_operations_group(world, client_as):
    deviation = report(world)
    assert post_step(client_as("group_leader"), deviation, rules.ESCALATE, "Gjelder alle gruppene.").status_code == 302
    deviation.refresh_from_db()
    assert deviation.status == Status.ESCALATED and deviation.committee == world.committee_a
    assert deviation.due_on == timezone.localdate() + dt.timedelta(days=rules.OPERATIONS_GROUP_DAYS)

    # The group leader now only comments: closing is the operations group's.
    refused = post_step(client_as("group_leader"), deviation, rules.CLOSE, "Løst")
    assert refused.status_code == 400
    assert refused.context["form"].non_field_errors() == ["Velg hva du vil gjøre med avviket."]

    closed = post_step(client_as("committee_member"), deviation, rules.CLOSE, "Ny rutine for innkallinger.")
    assert closed.status_code == 302
    deviation.refresh_from_db()
    assert deviation.status == Status.CLOSED and not deviation.closed_locally
    assert [s.kind for s in deviation.steps.all()] == ["reported", "escalated", "closed"]
    assert AuditEvent.objects.filter(action=AuditAction.CHANGED, object_id=str(deviation.pk)).count() == 2


def test_the_secretariat_acts_as_the_operations_group(world, client_as):
    deviation = step(world, report(world), "group_leader", rules.ESCALATE)
    assert post_step(client_as("secretariat"), deviation, rules.CLOSE, "Tatt opp på fagdagen.").status_code == 302
    deviation.refresh_from_db()
    assert deviation.status == Status.CLOSED


def test_nothing_more_is_recorded_on_a_closed_deviation(world, client_as):
    deviation = step(world, report(world), "group_leader", rules.CLOSE, "Løst.")
    assert post_step(client_as("group_leader"), deviation, rules.COMMENT, "Mer").status_code == 403


def test_two_handlers_at_once_do_not_overwrite_each_other(world, client_as):
    deviation = report(world)
    opened = deviation.version
    step(world, deviation, "secretariat", rules.ESCALATE, "Tas i driftsgruppen.")

    response = post_step(client_as("group_leader"), deviation, rules.COMMENT, "Jeg ringer arrangøren.", version=opened)

    assert response.status_code == 400
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("Noen andre har behandlet avviket mens du skrev.")
    assert "Jeg ringer arrangøren." in response.content.decode()
    deviation.refresh_from_db()
    assert deviation.steps.count() == 2
    assert response.context["form"].data["version"] == deviation.version  # sending again is deliberate
    again = post_step(client_as("group_leader"), deviation, rules.COMMENT, "Jeg ringer arrangøren.")
    assert again.status_code == 302 and deviation.steps.count() == 3


# --- Lists and the home page -----------------------------------------------------------------


def test_the_group_leader_finds_it_on_his_home_page_and_the_reporter_its_status(world, client_as):
    report(world)
    leader_home = client_as("group_leader").get(reverse("home:home")).content.decode()
    assert "Avvik å behandle" in leader_home and "Innkallingen kom for sent" in leader_home
    member_home = client_as("member").get(reverse("home:home")).content.decode()
    assert "Dine meldte avvik" in member_home and "hos gruppelederen" in member_home
    assert "Avvik å behandle" not in client_as("committee_member").get(reverse("home:home")).content.decode()


def test_the_operations_group_finds_an_escalated_one_on_its_home_page(world, client_as):
    step(world, report(world), "group_leader", rules.ESCALATE)
    for role in ("committee_member", "secretariat"):
        home = client_as(role).get(reverse("home:home")).content.decode()
        assert "Avvik å behandle" in home and "Innkallingen kom for sent" in home, role
    assert "Avvik å behandle" not in client_as("group_leader").get(reverse("home:home")).content.decode()


def words(element) -> str:
    return " ".join(element.text_content().split())


def test_the_home_page_shows_the_most_urgent_to_handle_and_leads_to_all_of_them(world, client_as, monkeypatch):
    monkeypatch.setattr(shortlists, "SHOWN", 1)
    report(world, title="Innkallingen kom for sent")
    report(world, title="Referatet mangler")
    client = client_as("group_leader")
    document = lxml.html.document_fromstring(client.get(reverse("home:home")).text)
    [handle] = document.xpath("//section[@aria-labelledby='avvik-behandle-tittel']")
    assert words(handle).startswith("Avvik å behandle (2) Innkallingen kom for sent")
    assert "Referatet mangler" not in words(handle)
    [see_all] = handle.xpath(".//a[starts-with(text(), 'Se alle')]")
    assert words(see_all) == "Se alle 2" and see_all.get("href") == reverse("annual:deviations")
    everything = client.get(see_all.get("href")).text
    assert "Innkallingen kom for sent" in everything and "Referatet mangler" in everything


def test_my_list_has_what_i_reported_and_what_i_handle(world, client_as):
    report(world)
    mine = client_as("member").get(reverse("annual:deviations"))
    assert list(mine.context["mine"]) == list(Deviation.objects.all()) and not mine.context["to_handle"]
    leader = client_as("group_leader").get(reverse("annual:deviations"))
    assert len(leader.context["to_handle"]) == 1 and len(leader.context["of_my_groups"]) == 1


def test_the_networks_list_shows_the_committee_only_what_reached_it(world, client_as):
    local = report(world, title="Løst i gruppen")
    step(world, local, "group_leader", rules.CLOSE, "Ordnet.")
    step(world, report(world, title="Sendt videre"), "group_leader", rules.ESCALATE)
    url = reverse("annual:network_deviations", args=[world.network_a.pk])

    secretariat = client_as("secretariat").get(url)
    committee = client_as("committee_member").get(url)

    assert [d.title for d in secretariat.context["page"]] == ["Sendt videre", "Løst i gruppen"]
    assert [d.title for d in committee.context["page"]] == ["Sendt videre"]
    [(this_year, counts), _last] = committee.context["counts"]
    assert (counts.reported, counts.closed_locally, counts.escalated, counts.closed) == (2, 1, 1, 1)
    assert counts.open_at_year_end == 1 and this_year == timezone.localdate().year
    for role in ("group_leader", "member", "other_secretariat"):
        assert client_as(role).get(url).status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_take_as_many_queries_for_many_deviations_as_for_few(world, client_as):
    def some(n: int):
        for i in range(n):
            deviation = report(world, title=f"Avvik {i}")
            step(world, deviation, "group_leader", rules.COMMENT, "Ser på det.")
            if i % 2:
                step(world, deviation, "group_leader", rules.ESCALATE)

    some(3)
    first = report(world)
    urls = {
        "secretariat": [reverse("annual:network_deviations", args=[world.network_a.pk]), reverse("home:home")],
        "group_leader": [reverse("annual:deviations"), reverse("home:home"), page(first)],
        "member": [reverse("annual:deviations"), reverse("home:home")],
    }
    before = {(role, url): _queries(client_as(role), url) for role, found in urls.items() for url in found}
    some(6)
    step(world, first, "group_leader", rules.COMMENT, "Mer.")
    after = {(role, url): _queries(client_as(role), url) for role, found in urls.items() for url in found}
    assert after == before


def test_the_audit_log_tells_each_step_in_norwegian_words(world, client_as):
    deviation = report(world)
    step(world, deviation, "group_leader", rules.COMMENT, "Ser på det.")
    step(world, deviation, "group_leader", rules.ESCALATE)
    step(world, deviation, "committee_member", rules.CLOSE, "Ny rutine.")

    text = text_of(client_as("secretariat").get(reverse("home:audit_log")).text)

    assert "Innkallingen kom for sent" in text
    assert "Status: Meldt → Sendt til driftsgruppen" in text and "Status: Sendt til driftsgruppen → Lukket" in text
    assert "Steg i avvik: Kommentar (tekst: lagret)" in text and "Tiltak: lagret" in text
    assert "Ser på det." not in text and "Ny rutine." not in text  # the text stays in its place
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text) and "escalated" not in text


def test_the_network_page_tells_how_many_are_open_and_leads_to_them(world, client_as):
    report(world, title="Hos gruppelederen")
    step(world, report(world, title="Sendt videre"), "group_leader", rules.ESCALATE)
    step(world, report(world, title="Lukket"), "group_leader", rules.CLOSE, "Ordnet.")
    url = reverse("registry:network", args=[world.network_a.pk])

    secretariat = text_of(client_as("secretariat").get(url).text)
    committee = text_of(client_as("committee_member").get(url).text)

    assert "2 avvik i driften er åpne." in secretariat
    assert "1 avvik i driften er åpent." in committee
    assert reverse("annual:network_deviations", args=[world.network_a.pk]) in client_as("secretariat").get(url).text


def test_where_there_is_no_operations_group_the_working_group_takes_them(world, client_as):
    """At Ahus the working group does the operations group's work (seed 003)."""
    Committee.objects.filter(pk=world.committee_a.pk).update(kind=Committee.Kind.WORKING, name="Arbeidsgruppen")
    choices = dict(client_as("member").get(NEW).context["form"].fields["where"].choices)
    assert choices[f"nettverk-{world.network_a.pk}"] == "KLB Vestland som helhet (går til Arbeidsgruppen)"
    deviation = step(world, report(world), "group_leader", rules.ESCALATE)
    assert deviation.committee == world.committee_a
    assert post_step(client_as("committee_member"), deviation, rules.CLOSE, "Ordnet.").status_code == 302


def test_a_list_of_deviations_says_where_and_when_each_was_reported_and_marks_a_passed_due_date(world):
    reported_at = timezone.make_aware(dt.datetime(2026, 3, 2, 23, 30))  # 2 March in Norway, 1 March in UTC
    common = {"network": world.network_a, "description": DESCRIPTION, "reported_at": reported_at}
    Deviation.objects.create(title="Uten frist", local_group=world.group_a1, **common)
    Deviation.objects.create(title="Frist i dag", due_on=dt.date(2026, 3, 16), **common)
    Deviation.objects.create(title="Frist i går", local_group=world.group_a1, due_on=dt.date(2026, 3, 15), **common)
    deviations = Deviation.objects.select_related("network", "local_group", "committee").order_by("pk")
    lines = {
        today: re.findall(
            r'<span class="muted">(.*?)</span></li>',
            render_to_string(
                "annual/deviation/_list.html", {"deviations": deviations, **({"today": today} if today else {})}
            ),
        )
        for today in (dt.date(2026, 3, 16), None)
    }
    assert lines[dt.date(2026, 3, 16)] == [
        "Bergen sentrum · meldt 2. mars 2026",
        f"{world.network_a.short_name} · meldt 2. mars 2026 · frist 16. mars 2026",
        "Bergen sentrum · meldt 2. mars 2026 · <strong>fristen var 15. mars 2026</strong>",
    ]
    # A list given no day (the pages of all deviations) marks no due date as passed.
    assert lines[None][2] == "Bergen sentrum · meldt 2. mars 2026 · frist 15. mars 2026"
