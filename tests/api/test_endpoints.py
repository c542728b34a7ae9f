"""Every endpoint of the read API for every scope and none, a revoked token, another network's
token; what the answers hold and leave out; the log, the limit and the queries of each call."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lindra.annual import report_figures
from lindra.annual.models import AnnualReport
from lindra.api import rules, tokens
from lindra.api.models import ApiToken, Scope
from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings.models import Meeting, Registration
from tests import factories
from tests.language import not_norwegian

# Each endpoint: the scope it needs, and its path for network A's objects.
ENDPOINTS = {
    "networks": (Scope.GROUPS, lambda w: "/nettverk"),
    "network": (Scope.GROUPS, lambda w: f"/nettverk/{w.network_a.pk}"),
    "groups": (Scope.GROUPS, lambda w: f"/nettverk/{w.network_a.pk}/grupper"),
    "group": (Scope.GROUPS, lambda w: f"/grupper/{w.group_a1.pk}"),
    "network_name_list": (Scope.PEOPLE, lambda w: f"/nettverk/{w.network_a.pk}/navneliste"),
    "group_name_list": (Scope.PEOPLE, lambda w: f"/grupper/{w.group_a1.pk}/navneliste"),
    "meetings": (Scope.MEETINGS, lambda w: f"/nettverk/{w.network_a.pk}/moter"),
    "meeting": (Scope.MEETINGS, lambda w: f"/moter/{w.meeting.pk}"),
    "report": (Scope.REPORTS, lambda w: f"/nettverk/{w.network_a.pk}/arsrapport/{timezone.localdate().year - 1}"),
}


def _detail(response) -> str:
    detail = response.json()["detail"]
    assert not not_norwegian(detail), detail
    return detail


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_endpoint_answers_only_a_token_of_its_network_with_its_scope(world, token_for, api, endpoint):
    needed, path_of = ENDPOINTS[endpoint]
    path = path_of(world)
    assert api(path, token_for(needed)).status_code == 200
    for other in set(Scope) - {needed}:
        refused = api(path, token_for(other))
        assert refused.status_code == 403, other
        assert str(needed.label) in _detail(refused)
    nothing = api(path)
    assert nothing.status_code == 401
    assert nothing["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in _detail(nothing)
    assert api(path, "lindra_0123456789abcdef_gjettet").status_code == 401
    assert api(path, "noe helt annet").status_code == 401
    other_network = api(path, token_for(needed, network=world.network_b))
    if endpoint == "networks":  # a list: its own network only
        assert [n["id"] for n in other_network.json()["items"]] == [world.network_b.pk]
    else:
        assert other_network.status_code == 404
        assert "nettverket" in _detail(other_network)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_revoked_token_is_refused(world, token_for, api, endpoint):
    needed, path_of = ENDPOINTS[endpoint]
    text = token_for(needed)
    token = ApiToken.objects.get()
    assert api(path_of(world), text).status_code == 200
    tokens.revoke_token(token, by=world.users["secretariat"])
    refused = api(path_of(world), text)
    assert refused.status_code == 401
    assert "trukket tilbake" in _detail(refused)


def test_a_token_with_the_right_key_and_a_wrong_secret_is_refused(world, token_for, api):
    text = token_for(Scope.GROUPS)
    assert api("/nettverk", text[:-2] + ("aa" if not text.endswith("aa") else "bb")).status_code == 401


def test_objects_that_do_not_exist_are_404(world, token_for, api):
    text = token_for()
    for path in ["/nettverk/999999", "/grupper/999999", "/moter/999999", "/grupper/999999/navneliste"]:
        assert api(path, text).status_code == 404, path
    assert api(f"/nettverk/{world.network_a.pk}/arsrapport/2099", text).status_code == 404


def test_bad_parameters_are_refused_with_a_norwegian_message(world, token_for, api):
    text = token_for()
    for path, params in [
        ("/nettverk", {"page": 0}),
        ("/nettverk", {"page_size": 501}),
        (f"/nettverk/{world.network_a.pk}/moter", {"ar": 1800}),
        (f"/nettverk/{world.network_a.pk}/moter", {"type": "fest"}),
        ("/nettverk/abc", {}),
    ]:
        response = api(path, text, **params)
        assert response.status_code == 422, (path, params)
        assert _detail(response) == "Ugyldige parametre i forespørselen."
        assert response.json()["errors"]


# --- What the answers hold ---------------------------------------------------------------------


def test_groups_come_with_their_municipalities_and_leaders(world, token_for, api):
    world.group_a1.municipalities.add(factories.municipality("4601", "Bergen"))
    groups = api(f"/nettverk/{world.network_a.pk}/grupper", token_for(Scope.GROUPS)).json()
    assert groups["count"] == 2
    a1 = next(g for g in groups["items"] if g["id"] == world.group_a1.pk)
    assert a1["municipalities"] == [{"number": "4601", "name": "Bergen"}]
    assert [(leader["given_name"], leader["until"]) for leader in a1["leaders"]] == [("Gunnar", None)]
    a2 = next(g for g in groups["items"] if g["id"] == world.group_a2.pk)
    assert [leader["given_name"] for leader in a2["leaders"]] == ["Gro"]


def test_the_name_list_has_the_members_of_today_with_their_nearest_leader(world, token_for, api):
    rows = api(f"/grupper/{world.group_a1.pk}/navneliste", token_for(Scope.PEOPLE)).json()["items"]
    by_name = {row["given_name"]: row for row in rows}
    assert set(by_name) == {"Aina", "Mona", "Pål"}  # not Frida, who ended; not Gunnar, who leads
    assert by_name["Mona"]["nearest_leader"] == {
        "given_name": "Lars",
        "family_name": "Leder",
        "email": "nearest-leader@lindra.example",
    }
    assert by_name["Mona"]["workplace"]["name"] == "Løvåsen sykehjem"
    assert by_name["Pål"]["on_leave"] is True
    assert by_name["Mona"]["on_leave"] is False
    assert all(row["local_group_id"] == world.group_a1.pk for row in rows)
    assert "555 00" not in str(rows)  # no phone numbers


def test_the_networks_name_list_has_every_group_and_pages(world, token_for, api):
    text = token_for(Scope.PEOPLE)
    path = f"/nettverk/{world.network_a.pk}/navneliste"
    everyone = api(path, text).json()
    assert everyone["count"] == 4  # Aina, Mona, Olav, Pål; Nils is in network B
    assert {row["given_name"] for row in everyone["items"]} == {"Aina", "Mona", "Olav", "Pål"}
    pages = [api(path, text, page=page, page_size=3).json()["items"] for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [3, 1, 0]
    assert [row["membership_id"] for page in pages for row in page] == [r["membership_id"] for r in everyone["items"]]


def _registrations(meeting: Meeting, world) -> None:
    answers = {"member": "registered", "host": "registered", "member_on_leave": "absent"}
    for role, answer in answers.items():
        Registration.objects.create(meeting=meeting, person=world.person(role), answer=answer)
    Registration.objects.create(meeting=meeting, person=world.person("other_member"))
    Registration.objects.create(meeting=meeting, kind="guest", guest_name="Gjest", guest_email="g@example.no")


def test_a_meeting_comes_with_its_figures_and_no_reasons(world, token_for, api):
    _registrations(world.meeting, world)
    answer = api(f"/moter/{world.meeting.pk}", token_for(Scope.MEETINGS)).json()
    assert answer["figures"] == {
        "members_called": 4,
        "guests_invited": 1,
        "registered": 2,
        "notices_of_absence": 1,
        "unanswered": 2,
        "attendance_recorded": False,
        "present": None,
        "absent_with_notice": None,
        "absent_without_notice": None,
        "guests_present": None,
    }
    Meeting.objects.filter(pk=world.meeting.pk).update(
        attendance_recorded_at=timezone.now(), attendance_counts={"present": 2, "notice": 1, "absent": 1, "guests": 1}
    )
    figures = api(f"/moter/{world.meeting.pk}", token_for(Scope.MEETINGS)).json()["figures"]
    assert (figures["present"], figures["absent_with_notice"], figures["absent_without_notice"]) == (2, 1, 1)
    assert figures["guests_present"] == 1
    assert "reason" not in str(answer) and "årsak" not in str(answer)


def test_meetings_are_of_the_year_asked_and_of_the_kind_asked(world, token_for, api):
    text = token_for(Scope.MEETINGS)
    path = f"/nettverk/{world.network_a.pk}/moter"
    last_year = factories.meeting(world.group_a1, starts_at=factories.at(dt.date(timezone.localdate().year - 1, 5, 5)))
    this_year = {m["id"] for m in api(path, text).json()["items"]}
    assert last_year.pk not in this_year
    assert [m["id"] for m in api(path, text, ar=last_year.starts_at.year).json()["items"]] == [last_year.pk]
    committee = api(path, text, type="committee", ar=world.committee_meeting.starts_at.year).json()["items"]
    assert [m["id"] for m in committee] == [world.committee_meeting.pk]
    in_a1 = api(path, text, gruppe=world.group_a1.pk, ar=world.meeting.starts_at.year).json()["items"]
    assert [m["id"] for m in in_a1] == [world.meeting.pk]


def test_the_report_figures_are_frozen_once_published(world, token_for, api):
    text = token_for(Scope.REPORTS)
    year = timezone.localdate().year - 1
    path = f"/nettverk/{world.network_a.pk}/arsrapport/{year}"
    draft = api(path, text).json()
    assert draft["published"] is False
    assert draft["figures"]["year"] == year
    assert draft["figures"]["totals"]["groups"] == 2
    AnnualReport.objects.create(
        network=world.network_a,
        year=year,
        status=AnnualReport.Status.PUBLISHED,
        published_at=timezone.now(),
        published_figures=report_figures.compute(world.network_a, year),
    )
    factories.group(world.network_a, "Ny gruppe etter publisering")
    published = api(path, text).json()
    assert published["published"] is True
    assert published["figures"]["totals"]["groups"] == 2


# --- The log, the limit, the queries -------------------------------------------------------------


def test_every_call_is_in_the_log_with_the_token_and_never_its_secret(world, token_for, api):
    text = token_for(Scope.PEOPLE)
    token = ApiToken.objects.get()
    before = AuditEvent.objects.count()
    api(f"/grupper/{world.group_a1.pk}/navneliste", text)
    api(f"/grupper/{world.group_a1.pk}", text)  # without the scope
    api(f"/grupper/{world.group_b1.pk}/navneliste", text)  # another network's
    api("/nettverk")  # no token
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.action, e.changes.get("status")) for e in events] == [
        (AuditAction.EXPORTED, None),
        (AuditAction.ACCESS_REFUSED, 403),
        (AuditAction.ACCESS_REFUSED, 404),
        (AuditAction.ACCESS_REFUSED, 401),
    ]
    assert events[0].object_id == str(world.group_a1.pk) and events[0].network == world.network_a
    assert all(token.key in e.actor_label for e in events[:3])
    assert events[0].path == f"/api/v1/grupper/{world.group_a1.pk}/navneliste"
    assert (events[3].actor_label, events[3].target) == ("", "API: /api/v1/nettverk")  # no token to name
    _key, secret = rules.parse_token(text)
    assert not AuditEvent.objects.filter(actor_label__contains=secret).exists()
    assert not any(secret in str(e.changes) + e.target + e.path for e in AuditEvent.objects.all())


def test_a_refusal_says_why_and_is_logged_with_the_token_and_its_network(world, token_for, api):
    """The calling system is told what is missing or where to look, and the log names the token
    of network A for each refused call, as for each read; a read of groups and meetings is a
    look, not a handover of personal data."""
    text, text_with_meetings = token_for(Scope.GROUPS), token_for(Scope.MEETINGS)
    token = ApiToken.objects.order_by("pk").first()  # the first, of groups
    other_meeting = factories.meeting(world.group_b1)
    before = AuditEvent.objects.count()
    assert api(f"/grupper/{world.group_a1.pk}", text).status_code == 200
    missing = api(f"/grupper/{world.group_a1.pk}/navneliste", text)
    elsewhere = [
        api(f"/nettverk/{world.network_b.pk}", text),
        api(f"/grupper/{world.group_b1.pk}", text),
    ]
    elsewhere.append(api(f"/moter/{other_meeting.pk}", text_with_meetings))
    assert missing.status_code == 403
    assert _detail(missing) == (
        "API-nøkkelen gir ikke tilgang til dette. Den mangler tilgangen «Navnelister med nærmeste leder»."
    )
    for refused in elsewhere:
        assert refused.status_code == 404
        assert _detail(refused) == "Finnes ikke i nettverket API-nøkkelen hører til."
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == [AuditAction.VIEWED] + [AuditAction.ACCESS_REFUSED] * 4
    assert all(e.network == world.network_a for e in events)
    assert all(token.key in e.actor_label for e in events[:4])
    refused_at = f"/api/v1/grupper/{world.group_a1.pk}/navneliste"
    assert (events[1].path, events[1].target) == (refused_at, f"API: {refused_at}")


def test_the_last_use_of_a_token_is_kept(world, token_for, api):
    text = token_for(Scope.GROUPS)
    assert ApiToken.objects.get().last_used_at is None
    api("/nettverk", text)
    assert ApiToken.objects.get().last_used_at is not None


def test_each_token_has_its_calls_a_minute(world, token_for, api, settings):
    settings.API_CALLS_PER_MINUTE = 3
    first, second = token_for(Scope.GROUPS), token_for(Scope.GROUPS)
    assert [api("/nettverk", first).status_code for _ in range(3)] == [200, 200, 200]
    refused = api("/nettverk", first)
    assert refused.status_code == 429
    assert "For mange kall" in _detail(refused)
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert api("/nettverk", second).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED, changes__status=429).count() == 1


def test_the_limit_starts_again_the_next_minute(world):
    token, _text = tokens.create_token(world.network_a, name="X", scopes=["groups"], by=None)
    waits = [tokens.count_call(token, now=120.0 + i / 2) for i in range(61)]
    assert waits[:60] == [None] * 60
    assert waits[60] == 30  # seconds left of the minute
    assert tokens.count_call(token, now=180.0) is None


def _queries(api, path: str, text: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api(path, text).status_code == 200
    return len(queries)


def _more_data(world) -> None:
    for n in range(5):
        group = factories.group(world.network_a, f"Gruppe {n}")
        leader = factories.person()
        factories.term(leader, "gruppeleder", group=group)
        group.municipalities.add(factories.municipality(f"46{n:02d}", f"Kommune {n}"))
        for _member in range(3):
            factories.membership(factories.person(), group, nearest_leader=leader)
            factories.membership(factories.person(), world.group_a1, nearest_leader=leader)
        meeting = factories.meeting(group)
        _registrations(meeting, world)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_each_call_runs_the_same_number_of_queries_whatever_the_data(world, token_for, api, endpoint):
    needed, path_of = ENDPOINTS[endpoint]
    text = token_for(needed)
    _registrations(world.meeting, world)
    small = _queries(api, path_of(world), text)
    _more_data(world)
    assert _queries(api, path_of(world), text) == small
