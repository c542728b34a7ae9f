"""A member's leave after it is registered: the secretariat ends it, corrects its dates or
removes it, each with a row in the member's history, an audit entry and a new version of the
membership. Overlaps are refused naming the other leave; whatever judges leave (invitations,
attendance, absences) sees the change at once; the group leader, the member and the nearest
leader see the leave, only the secretariat changes it."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindra.core.models import AuditAction, AuditEvent
from lindra.meetings import follow_ups, invitations
from lindra.meetings.models import Registration
from lindra.registry import services
from lindra.registry.models import Change, ChangeKind, ChangeRequest, Leave, Membership
from lindra.registry.services import ConflictError, RegistryError
from tests import factories as f
from tests.personas import World
from tests.registry.factories_registry import secretary

OSLO = ZoneInfo("Europe/Oslo")
TODAY = dt.date(2025, 6, 2)
CONFLICT = "Noen andre har endret dette i mellomtiden. Se over opplysningene under og lagre på nytt."
BAD_DATE = "Oppgi en gyldig dato."


@pytest.fixture(autouse=True)
def on_today():
    """Every test here happens on 2 June 2025, Norwegian time (Mona is a member since 2024)."""
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, 0, tzinfo=OSLO)) as traveller:
        yield traveller


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def mona(world: World) -> Membership:
    return Membership.objects.get(person=world.person("member"), network=world.network_a)


def on_leave(world: World, starts_on: str, ends_on: str | None = None) -> Leave:
    return services.put_on_leave(
        mona(world),
        starts_on=day(starts_on),
        ends_on=day(ends_on) if ends_on else None,
        by=world.user("secretariat"),
    )


def fresh(leave: Leave) -> Leave:
    return Leave.objects.select_related("membership").get(pk=leave.pk)


def version(world: World) -> int:
    return mona(world).version


def history(world: World, kind: str) -> list[Change]:
    return list(Change.objects.filter(membership=mona(world), kind=kind))


def leave_events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type="registry.Leave"))


def errors(response) -> dict[str, list[str]]:
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def person_page(client, world: World) -> str:
    return client.get(reverse("registry:person", args=[world.person("member").pk])).text


# Ending -------------------------------------------------------------------------------------


def test_an_open_ended_leave_is_ended_with_history_one_audit_entry_and_a_new_version(world):
    leave = on_leave(world, "2025-03-01")
    before = version(world)
    services.end_leave(
        fresh(leave), ends_on=day("2025-06-15"), by=world.user("secretariat"), expected_version=before, reason="Tilbake"
    )
    assert fresh(leave).ends_on == day("2025-06-15")
    assert version(world) == before + 1
    [ended] = history(world, ChangeKind.LEAVE_ENDED)
    assert (ended.effective_on, ended.details, ended.reason, ended.recorded_by) == (
        day("2025-06-15"),
        {"starts_on": "2025-03-01", "ends_on": "2025-06-15"},
        "Tilbake",
        world.user("secretariat"),
    )
    [event] = leave_events(AuditAction.CHANGED)
    assert event.changes == {"ends_on": [None, "2025-06-15"]}
    assert event.network == world.network_a


def test_a_leave_cannot_end_before_it_began_nor_on_the_day_it_already_ends(world):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    with pytest.raises(RegistryError, match=r"^Permisjonen kan ikke slutte før den begynner\.$") as refused:
        services.end_leave(fresh(leave), ends_on=day("2025-02-28"), by=world.user("secretariat"), expected_version=None)
    assert refused.value.field == "ends_on"
    with pytest.raises(RegistryError, match=r"^Permisjonen slutter allerede denne dagen\.$"):
        services.end_leave(fresh(leave), ends_on=day("2025-03-31"), by=world.user("secretariat"), expected_version=None)
    assert fresh(leave).ends_on == day("2025-03-31")
    assert history(world, ChangeKind.LEAVE_ENDED) == []
    assert leave_events(AuditAction.CHANGED) == []


def test_a_leave_can_end_on_its_first_day(world):
    leave = on_leave(world, "2025-06-02")
    services.end_leave(fresh(leave), ends_on=day("2025-06-02"), by=world.user("secretariat"), expected_version=None)
    assert (fresh(leave).starts_on, fresh(leave).ends_on) == (day("2025-06-02"), day("2025-06-02"))


def test_ending_a_leave_later_cannot_run_into_the_next_leave(world):
    first = on_leave(world, "2025-03-01", "2025-03-31")
    on_leave(world, "2025-05-01")
    with pytest.raises(
        RegistryError, match=re.escape("overlapper en annen permisjon (fra 1. mai 2025, uten sluttdato)")
    ):
        services.end_leave(fresh(first), ends_on=day("2025-05-10"), by=world.user("secretariat"), expected_version=None)
    assert fresh(first).ends_on == day("2025-03-31")


# Correcting ---------------------------------------------------------------------------------


def test_corrected_dates_keep_both_the_dates_before_and_after_in_the_history(world):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    services.change_leave(
        fresh(leave),
        starts_on=day("2025-03-03"),
        ends_on=None,
        by=world.user("secretariat"),
        expected_version=version(world),
        reason="Feil dato registrert",
    )
    assert (fresh(leave).starts_on, fresh(leave).ends_on) == (day("2025-03-03"), None)
    [changed] = history(world, ChangeKind.LEAVE_CHANGED)
    assert changed.effective_on == day("2025-03-03")
    assert changed.details == {
        "before": {"starts_on": "2025-03-01", "ends_on": "2025-03-31"},
        "after": {"starts_on": "2025-03-03", "ends_on": None},
    }
    [event] = leave_events(AuditAction.CHANGED)
    assert event.changes == {"starts_on": ["2025-03-01", "2025-03-03"], "ends_on": ["2025-03-31", None]}


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        ("2025-04-20", "2025-05-05", "ends_on"),  # runs into the next leave
        ("2025-05-10", "2025-05-20", "starts_on"),  # begins inside it
        ("2025-04-20", None, "ends_on"),  # open-ended: covers it
        ("2025-02-01", "2025-06-30", "ends_on"),  # around it
    ],
)
def test_a_correction_that_overlaps_another_leave_names_its_dates_on_the_right_field(world, starts_on, ends_on, field):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    on_leave(world, "2025-05-01", "2025-05-31")
    with pytest.raises(RegistryError) as refused:
        services.change_leave(
            fresh(leave),
            starts_on=day(starts_on),
            ends_on=day(ends_on) if ends_on else None,
            by=world.user("secretariat"),
            expected_version=None,
        )
    assert str(refused.value) == (
        "Permisjonen overlapper en annen permisjon (1. mai 2025 – 31. mai 2025). Velg andre datoer, "
        "eller endre eller avslutt den andre permisjonen først."
    )
    assert refused.value.field == field
    assert (fresh(leave).starts_on, fresh(leave).ends_on) == (day("2025-03-01"), day("2025-03-31"))
    assert history(world, ChangeKind.LEAVE_CHANGED) == []


def test_a_correction_must_change_something_and_stay_within_the_membership(world):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    with pytest.raises(RegistryError, match=r"^Ingenting er endret\.$"):
        services.change_leave(
            fresh(leave), starts_on=day("2025-03-01"), ends_on=day("2025-03-31"), by=None, expected_version=None
        )
    started = mona(world).starts_on
    with pytest.raises(RegistryError, match="Datoen kan ikke være før medlemskapet startet") as refused:
        services.change_leave(
            fresh(leave), starts_on=started - dt.timedelta(days=1), ends_on=None, by=None, expected_version=None
        )
    assert refused.value.field == "starts_on"
    assert Leave.objects.filter(pk=leave.pk, starts_on=day("2025-03-01")).exists()


def test_a_leave_may_be_moved_over_its_own_old_dates(world):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    services.change_leave(
        fresh(leave), starts_on=day("2025-03-15"), ends_on=day("2025-04-15"), by=None, expected_version=None
    )
    assert fresh(leave).ends_on == day("2025-04-15")


# Removing -----------------------------------------------------------------------------------


def test_a_removed_leave_is_gone_but_its_history_stays_with_one_audit_entry(world):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    before = version(world)
    services.remove_leave(
        fresh(leave), by=world.user("secretariat"), expected_version=before, reason="Registrert på feil person"
    )
    assert not Leave.objects.filter(pk=leave.pk).exists()
    assert version(world) == before + 1
    [removed] = history(world, ChangeKind.LEAVE_REMOVED)
    assert (removed.effective_on, removed.details, removed.reason) == (
        day("2025-03-01"),
        {"starts_on": "2025-03-01", "ends_on": "2025-03-31"},
        "Registrert på feil person",
    )
    assert len(history(world, ChangeKind.LEAVE)) == 1  # that it was registered is kept too
    [event] = leave_events(AuditAction.DELETED)
    assert (event.object_id, event.changes) == (str(leave.pk), {"starts_on": "2025-03-01", "ends_on": "2025-03-31"})


@pytest.mark.parametrize("action", ["new", "end", "change", "remove"])
def test_a_second_secretary_working_from_an_old_version_is_refused_and_nothing_changes(world, action):
    leave = on_leave(world, "2025-03-01")
    opened = version(world)
    services.put_on_leave(
        mona(world), starts_on=day("2025-01-01"), ends_on=day("2025-01-31"), by=world.user("secretariat")
    )
    sanna = secretary(world.network_a, "Sanna")
    before = (list(Leave.objects.values()), Change.objects.count(), AuditEvent.objects.count(), version(world))
    attempts = {
        "new": lambda: services.put_on_leave(
            mona(world), starts_on=day("2024-10-01"), ends_on=None, by=sanna, expected_version=opened
        ),
        "end": lambda: services.end_leave(fresh(leave), ends_on=TODAY, by=sanna, expected_version=opened),
        "change": lambda: services.change_leave(
            fresh(leave), starts_on=day("2025-03-02"), ends_on=None, by=sanna, expected_version=opened
        ),
        "remove": lambda: services.remove_leave(fresh(leave), by=sanna, expected_version=opened),
    }
    with pytest.raises(ConflictError, match=CONFLICT):
        attempts[action]()
    assert (list(Leave.objects.values()), Change.objects.count(), AuditEvent.objects.count(), version(world)) == before


# Whatever judges leave sees the change at once -------------------------------------------------


def absent_from(world: World, *days: str) -> None:
    for text in days:
        meeting = f.meeting(world.group_a1, starts_at=f.at(day(text), 18), host=world.person("host"))
        Registration.objects.create(
            meeting=meeting, person=world.person("member"), attendance=Registration.Attendance.ABSENT
        )


def monas_absences(world: World) -> int:
    return follow_ups.absences_in_year(world.network_a.pk, [world.person("member").pk], 2025)[world.person("member").pk]


def test_absences_during_a_removed_leave_count_again(world):
    absent_from(world, "2025-02-10", "2025-03-10", "2025-03-24", "2025-05-12")
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    assert monas_absences(world) == 2
    services.remove_leave(fresh(leave), by=world.user("secretariat"), expected_version=None)
    assert monas_absences(world) == 4


def test_absences_after_a_leave_ended_early_count_and_those_before_do_not(world):
    absent_from(world, "2025-03-10", "2025-04-14", "2025-05-12")
    leave = on_leave(world, "2025-03-01")
    assert monas_absences(world) == 0
    services.end_leave(fresh(leave), ends_on=day("2025-03-31"), by=world.user("secretariat"), expected_version=None)
    assert monas_absences(world) == 2


def test_a_member_back_from_leave_is_called_to_the_next_meeting_at_once(world):
    meeting = f.meeting(world.group_a1, starts_at=f.at(day("2025-06-20"), 12), host=world.person("host"))
    called = lambda: world.person("member") in invitations.participants(meeting, meeting.starts_at.date())  # noqa: E731
    leave = on_leave(world, "2025-05-01")
    assert not called()
    services.end_leave(fresh(leave), ends_on=day("2025-06-10"), by=world.user("secretariat"), expected_version=None)
    assert called()
    services.change_leave(fresh(leave), starts_on=day("2025-05-01"), ends_on=None, by=None, expected_version=None)
    assert not called()
    services.remove_leave(fresh(leave), by=world.user("secretariat"), expected_version=None)
    assert called()


# The pages ------------------------------------------------------------------------------------


def test_the_secretariat_ends_a_leave_from_the_member_page(world, client_as):
    leave = on_leave(world, "2025-03-01")
    siri = client_as("secretariat")
    page = person_page(siri, world)
    assert "Fra 1. mars 2025, uten sluttdato" in page
    assert "i permisjon nå" in page
    url = reverse("registry:leave_end", args=[leave.pk])
    assert url in page
    form = siri.get(url)
    assert "Permisjonen: fra 1. mars 2025, uten sluttdato." in form.text
    assert form.context["form"]["ends_on"].value() == TODAY
    response = siri.post(url, {"ends_on": "2025-06-15", "reason": "Tilbake i jobb", "version": str(version(world))})
    assert response["Location"] == reverse("registry:person", args=[world.person("member").pk])
    assert fresh(leave).ends_on == day("2025-06-15")
    page = person_page(siri, world)
    assert "1. mars 2025 – 15. juni 2025" in page
    assert "15. juni 2025: Permisjon avsluttet" in page


def test_ending_a_leave_with_a_bad_date_answers_400_beside_the_date_and_keeps_what_was_typed(world, client_as):
    leave = on_leave(world, "2025-03-01")
    siri = client_as("secretariat")
    url = reverse("registry:leave_end", args=[leave.pk])
    response = siri.post(url, {"ends_on": "2025-02-30", "reason": "Tilbake", "version": str(version(world))})
    assert response.status_code == 400
    assert errors(response) == {"ends_on": [BAD_DATE]}
    response = siri.post(url, {"ends_on": "2025-02-27", "reason": "Tilbake", "version": str(version(world))})
    assert response.status_code == 400
    assert errors(response) == {"ends_on": ["Permisjonen kan ikke slutte før den begynner."]}
    assert 'value="Tilbake"' in response.text
    assert 'value="2025-02-27"' in response.text
    response = siri.post(url, {"ends_on": "", "version": str(version(world))})
    assert errors(response) == {"ends_on": ["Feltet er påkrevet."]}
    assert fresh(leave).ends_on is None


def test_the_second_secretary_is_told_of_the_first_change_and_keeps_what_she_typed(world, client_as):
    leave = on_leave(world, "2025-03-01")
    siri = client_as("secretariat")
    sanna = client_as("secretariat")
    sanna.force_login(secretary(world.network_a, "Sanna"))
    opened = version(world)
    url = reverse("registry:leave_change", args=[leave.pk])
    first = siri.post(url, {"starts_on": "2025-03-01", "ends_on": "2025-04-30", "version": str(opened)})
    assert first.status_code == 302
    second = sanna.post(
        url, {"starts_on": "2025-03-05", "ends_on": "", "reason": "Startet senere", "version": str(opened)}
    )
    assert second.status_code == 400
    assert errors(second) == {"__all__": [CONFLICT]}
    assert 'value="Startet senere"' in second.text
    assert 'value="2025-03-05"' in second.text
    assert (fresh(leave).starts_on, fresh(leave).ends_on) == (day("2025-03-01"), day("2025-04-30"))
    # Having seen it, she saves again on purpose.
    again_version = re.search(r'name="version" value="(\d+)"', second.text).group(1)
    again = sanna.post(url, {"starts_on": "2025-03-05", "ends_on": "", "version": again_version})
    assert again.status_code == 302
    assert (fresh(leave).starts_on, fresh(leave).ends_on) == (day("2025-03-05"), None)


def test_correcting_the_dates_on_the_page_refuses_an_overlap_on_the_field(world, client_as):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    on_leave(world, "2025-05-01", "2025-05-31")
    siri = client_as("secretariat")
    url = reverse("registry:leave_change", args=[leave.pk])
    form = siri.get(url)
    assert 'value="2025-03-01"' in form.text and 'value="2025-03-31"' in form.text
    response = siri.post(url, {"starts_on": "2025-03-01", "ends_on": "2025-05-02", "version": str(version(world))})
    assert response.status_code == 400
    assert errors(response) == {
        "ends_on": [
            "Permisjonen overlapper en annen permisjon (1. mai 2025 – 31. mai 2025). Velg andre datoer, "
            "eller endre eller avslutt den andre permisjonen først."
        ]
    }
    response = siri.post(url, {"starts_on": "2025-03-01", "ends_on": "2025-04-30", "version": str(version(world))})
    assert response.status_code == 302
    page = person_page(siri, world)
    assert "Før: 1. mars 2025 – 31. mars 2025. Nå: 1. mars 2025 – 30. april 2025." in page


def test_removing_asks_first_and_says_what_it_means(world, client_as):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    siri = client_as("secretariat")
    url = reverse("registry:leave_remove", args=[leave.pk])
    confirm = siri.get(url)
    assert confirm.status_code == 200
    assert "Fjerne permisjonen til Mona Medlem?" in confirm.text
    assert "1. mars 2025 – 31. mars 2025" in confirm.text
    assert "Mona regnes som ikke i permisjon i disse dagene" in confirm.text
    assert "Fravær fra møter i perioden teller igjen" in confirm.text
    assert Leave.objects.filter(pk=leave.pk).exists()  # opening the page removes nothing
    response = siri.post(url, {"reason": "Feil person", "version": str(version(world))})
    assert response["Location"] == reverse("registry:person", args=[world.person("member").pk])
    assert not Leave.objects.filter(pk=leave.pk).exists()
    page = person_page(siri, world)
    assert "1. mars 2025: Permisjon fjernet" in page
    assert "Permisjonen 1. mars 2025 – 31. mars 2025 er fjernet" in page
    assert "Begrunnelse: Feil person" in page


def test_removing_with_an_old_version_keeps_the_leave_and_says_why(world, client_as):
    leave = on_leave(world, "2025-03-01", "2025-03-31")
    response = client_as("secretariat").post(
        reverse("registry:leave_remove", args=[leave.pk]), {"reason": "Feil", "version": str(version(world) - 1)}
    )
    assert response.status_code == 400
    assert CONFLICT in response.text
    assert Leave.objects.filter(pk=leave.pk).exists()


@pytest.mark.parametrize("role", ["group_leader", "member", "nearest_leader"])
def test_those_who_see_the_member_see_her_leave_but_may_not_change_it(world, client_as, role):
    leave = on_leave(world, "2025-03-01")
    client = client_as(role)
    page = person_page(client, world)
    assert "Fra 1. mars 2025, uten sluttdato" in page
    for name in ("registry:leave_end", "registry:leave_change", "registry:leave_remove"):
        url = reverse(name, args=[leave.pk])
        assert url not in page
        assert client.post(url, {"ends_on": "2025-06-15", "version": str(version(world))}).status_code == 403
    assert Leave.objects.get(pk=leave.pk).ends_on is None
    assert history(world, ChangeKind.LEAVE_ENDED) == history(world, ChangeKind.LEAVE_REMOVED) == []


@pytest.mark.parametrize("role", ["other_secretariat", "other_member", "host", "committee_member"])
def test_others_cannot_find_the_leave(world, client_as, role):
    leave = on_leave(world, "2025-03-01")
    client = client_as(role)
    for name in ("registry:leave_end", "registry:leave_change", "registry:leave_remove"):
        url = reverse(name, args=[leave.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"version": str(version(world))}).status_code == 404
    assert Leave.objects.filter(pk=leave.pk, ends_on=None).exists()


def test_the_history_writes_every_kind_of_leave_row_in_words_and_norwegian_dates(world, client_as):
    leave = on_leave(world, "2025-03-01")
    secretariat = world.user("secretariat")
    services.end_leave(fresh(leave), ends_on=day("2025-03-31"), by=secretariat, expected_version=None)
    services.change_leave(
        fresh(leave), starts_on=day("2025-03-03"), ends_on=day("2025-03-31"), by=secretariat, expected_version=None
    )
    services.remove_leave(fresh(leave), by=secretariat, expected_version=None)
    page = person_page(client_as("group_leader"), world)
    timeline = page[page.index('id="historikk"') :]
    assert "1. mars 2025: Permisjon" in timeline
    assert "Fra 1. mars 2025, uten sluttdato" in timeline
    assert "31. mars 2025: Permisjon avsluttet" in timeline
    assert "3. mars 2025: Permisjon endret" in timeline
    assert "Før: 1. mars 2025 – 31. mars 2025. Nå: 3. mars 2025 – 31. mars 2025." in timeline
    assert "3. mars 2025: Permisjon fjernet" in timeline
    assert not re.search(r"\d{4}-\d{2}-\d{2}", timeline)


def test_the_member_page_takes_the_same_queries_for_2_and_20_leaves(world, client_as):
    client = client_as("secretariat")
    url = reverse("registry:person", args=[world.person("member").pk])
    started = mona(world).starts_on

    def add_leaves(first: int, last: int) -> None:
        for n in range(first, last):
            leave = services.put_on_leave(
                mona(world), starts_on=started + dt.timedelta(days=10 * n), ends_on=None, by=None
            )
            services.end_leave(leave, ends_on=leave.starts_on + dt.timedelta(days=3), by=None, expected_version=None)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add_leaves(0, 2)
    queries()
    few = queries()
    add_leaves(2, 20)
    assert queries() == few


# A change request of kind leave ------------------------------------------------------------------


def leave_request(world: World, starts_on: str | None, ends_on: str | None = None) -> ChangeRequest:
    return ChangeRequest.objects.create(
        membership=mona(world),
        kind=ChangeRequest.Kind.LEAVE,
        effective_on=day(starts_on) if starts_on else None,
        ends_on=day(ends_on) if ends_on else None,
        message="Jeg har permisjon i høst.",
        requested_by=world.user("member"),
    )


def handle(client, change_request: ChangeRequest, **values):
    return client.post(reverse("registry:change_request", args=[change_request.pk]), values)


def test_a_leave_request_applied_registers_the_leave_with_the_dates_reported(world, client_as):
    change_request = leave_request(world, "2025-09-01", "2025-12-31")
    siri = client_as("secretariat")
    page = siri.get(reverse("registry:change_request", args=[change_request.pk])).text
    assert 'value="2025-09-01"' in page and 'value="2025-12-31"' in page
    assert "Registrer permisjonen med datoene under" in page
    response = handle(siri, change_request, decision="applied", starts_on="2025-09-01", ends_on="2025-12-31")
    assert response.status_code == 302
    [leave] = Leave.objects.filter(membership=mona(world))
    assert (leave.starts_on, leave.ends_on) == (day("2025-09-01"), day("2025-12-31"))
    [registered] = history(world, ChangeKind.LEAVE)
    assert registered.reason == "Endringsmelding fra Mona Medlem"
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.APPLIED


def test_a_leave_request_that_overlaps_is_refused_on_the_field_and_stays_open(world, client_as):
    on_leave(world, "2025-08-01", "2025-09-15")
    change_request = leave_request(world, "2025-09-01", "2025-12-31")
    siri = client_as("secretariat")
    response = handle(siri, change_request, decision="applied", starts_on="2025-09-01", ends_on="2025-12-31")
    assert response.status_code == 400
    assert errors(response) == {
        "starts_on": [
            "Permisjonen overlapper en annen permisjon (1. august 2025 – 15. september 2025). Velg andre datoer, "
            "eller endre eller avslutt den andre permisjonen først."
        ]
    }
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.OPEN
    assert Leave.objects.count() == 1
    # With the dates corrected it goes through.
    response = handle(siri, change_request, decision="applied", starts_on="2025-09-16", ends_on="2025-12-31")
    assert response.status_code == 302
    assert Leave.objects.count() == 2


def test_a_leave_request_needs_a_start_to_be_applied_but_not_to_be_rejected(world, client_as):
    change_request = leave_request(world, None)
    siri = client_as("secretariat")
    response = handle(siri, change_request, decision="applied", starts_on="", ends_on="")
    assert response.status_code == 400
    assert errors(response) == {"starts_on": ["Skriv når permisjonen begynner."]}
    response = handle(siri, change_request, decision="rejected", response="Meld fra når datoen er klar.")
    assert response.status_code == 302
    assert not Leave.objects.exists()
