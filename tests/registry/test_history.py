"""The member's history through lindra.registry.services: every change is dated, kept with
who made it and why, and the registry on any past date can be rebuilt from it."""

import datetime as dt
import re
import threading
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindra.accounts.models import User
from lindra.core.models import AuditAction, AuditEvent
from lindra.home import periodic
from lindra.home.roles import roles_for
from lindra.registry import services
from lindra.registry.models import (
    Change,
    ChangeKind,
    Leave,
    LocalGroup,
    Membership,
    Network,
    Person,
    Workplace,
)
from lindra.registry.queries import member_list, name_list
from lindra.registry.services import ConflictError, RegistryError
from tests import factories as f
from tests.registry.factories_registry import leader, secretary

OSLO = ZoneInfo("Europe/Oslo")
TODAY = dt.date(2025, 6, 2)
STARTED = dt.date(2025, 1, 1)
CONFLICT = "Noen andre har endret dette i mellomtiden. Se over opplysningene under og lagre på nytt."


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def on_today():
    """Every test here happens on 2 June 2025, Norwegian time."""
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, 0, tzinfo=OSLO)) as traveller:
        yield traveller


@dataclass
class Registry:
    network: Network
    bergen: LocalGroup
    aasane: LocalGroup
    fana: LocalGroup
    loevaasen: Workplace
    aarstad: Workplace
    haukeland: Workplace
    liv: Person  # nearest leader
    per: Person  # nearest leader
    siri: User  # the secretariat
    kari: Person  # the member whose history the tests follow


@pytest.fixture
def reg(db) -> Registry:
    network = f.network("KLB Vestland", secretariat_email="lindrende.behandling@klb.example")
    return Registry(
        network=network,
        bergen=f.group(network, "Bergen sentrum"),
        aasane=f.group(network, "Åsane"),
        fana=f.group(network, "Fana"),
        loevaasen=f.workplace("Løvåsen sykehjem"),
        aarstad=f.workplace("Årstad hjemmetjeneste", kind=Workplace.Kind.HOME_CARE),
        haukeland=f.workplace("Haukeland, kreftavdelingen", kind=Workplace.Kind.HOSPITAL_WARD),
        liv=leader("Liv", "Leder"),
        per=leader("Per", "Avdelingsleder"),
        siri=secretary(network, "Siri", "Sekretær"),
        kari=f.person("Kari", "Nordmann", email="kari@lindra.example"),
    )


def join(reg: Registry, person: Person | None = None, *, starts_on: dt.date = STARTED, **where) -> Membership:
    where = {"local_group": reg.bergen, "workplace": reg.loevaasen, "nearest_leader": reg.liv} | where
    return services.add_member(
        network=reg.network,
        person=person or reg.kari,
        starts_on=starts_on,
        by=reg.siri,
        reason="Ny i nettverket",
        **where,
    )


def move(reg: Registry, membership: Membership, effective_on: dt.date, **changes) -> Membership:
    return services.change_placement(
        membership, effective_on=effective_on, by=reg.siri, expected_version=None, **changes
    )


def fresh(membership: Membership) -> Membership:
    return Membership.objects.get(pk=membership.pk)


def names_on(group: LocalGroup, on: dt.date) -> list[str]:
    return [row.person.full_name for row in name_list(group, on)]


def placed(membership: Membership) -> tuple:
    m = fresh(membership)
    return m.local_group, m.workplace, m.nearest_leader


# Joining ----------------------------------------------------------------------------------


def test_joining_starts_the_history_with_who_added_the_member_and_why(reg):
    membership = join(reg)
    [joined] = Change.objects.filter(membership=membership)
    assert (joined.kind, joined.effective_on, joined.recorded_by, joined.reason) == (
        ChangeKind.JOINED,
        STARTED,
        reg.siri,
        "Ny i nettverket",
    )
    assert (joined.local_group, joined.workplace, joined.nearest_leader) == (reg.bergen, reg.loevaasen, reg.liv)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATED, object_type="registry.Membership", object_id=str(membership.pk), actor=reg.siri
    ).exists()
    assert names_on(reg.bergen, STARTED) == ["Kari Nordmann"]
    assert names_on(reg.bergen, STARTED - dt.timedelta(days=1)) == []


def test_a_member_cannot_join_a_group_of_another_network_or_lead_themselves(reg):
    elsewhere = f.group(f.network(), "Bergen fysio")
    with pytest.raises(RegistryError, match=re.escape("Lokalgruppen hører til et annet nettverk.")):
        join(reg, local_group=elsewhere)
    with pytest.raises(RegistryError, match=re.escape("En person kan ikke være sin egen nærmeste leder.")):
        join(reg, nearest_leader=reg.kari)
    assert not Membership.objects.exists()


def test_a_member_cannot_join_a_group_closed_before_the_start(reg):
    services.close_group(reg.fana, closed_on=day("2025-05-01"), by=reg.siri)
    with pytest.raises(RegistryError, match=re.escape("Lokalgruppen Fana er avsluttet.")):
        join(reg, local_group=reg.fana, starts_on=day("2025-05-02"))


# Moving and changing the leader ---------------------------------------------------------------


def test_a_move_dated_back_counts_from_its_date_and_keeps_who_and_why(reg):
    membership = join(reg)
    services.change_placement(
        membership,
        effective_on=day("2025-03-01"),
        local_group=reg.aasane,
        reason="Flyttet til Åsane sykehjem i mars",
        by=reg.siri,
        expected_version=membership.version,
    )
    assert placed(membership) == (reg.aasane, reg.loevaasen, reg.liv)
    assert names_on(reg.bergen, day("2025-02-28")) == ["Kari Nordmann"]
    assert names_on(reg.bergen, day("2025-03-01")) == []
    assert names_on(reg.aasane, day("2025-03-01")) == ["Kari Nordmann"]
    latest = Change.objects.filter(membership=membership).first()  # newest first
    assert (latest.kind, latest.effective_on, latest.local_group) == (
        ChangeKind.LOCAL_GROUP,
        day("2025-03-01"),
        reg.aasane,
    )
    assert (latest.recorded_by, latest.reason) == (reg.siri, "Flyttet til Åsane sykehjem i mars")
    assert fresh(membership).version == 2


def test_a_move_dated_today_takes_effect_at_once(reg):
    membership = join(reg)
    move(reg, membership, TODAY, workplace=reg.aarstad, nearest_leader=reg.per)
    assert placed(membership) == (reg.bergen, reg.aarstad, reg.per)
    kinds = set(Change.objects.filter(membership=membership, effective_on=TODAY).values_list("kind", flat=True))
    assert kinds == {ChangeKind.WORKPLACE, ChangeKind.NEAREST_LEADER}


def test_a_move_dated_ahead_takes_effect_on_its_day(reg, on_today):
    membership = join(reg)
    move(reg, membership, day("2025-07-01"), local_group=reg.fana, nearest_leader=reg.per)
    assert placed(membership) == (reg.bergen, reg.loevaasen, reg.liv)  # not yet
    assert names_on(reg.fana, day("2025-07-01")) == ["Kari Nordmann"]  # but planned
    assert services.apply_changes_due() == 0

    assert services.apply_changes_due in periodic.JOBS  # run every minute on the server

    on_today.move_to(dt.datetime(2025, 6, 30, 23, 59, tzinfo=OSLO))
    assert services.apply_changes_due() == 0
    assert placed(membership) == (reg.bergen, reg.loevaasen, reg.liv)

    on_today.move_to(dt.datetime(2025, 7, 1, 0, 1, tzinfo=OSLO))
    assert services.apply_changes_due() == 1
    assert placed(membership) == (reg.fana, reg.loevaasen, reg.per)
    assert services.apply_changes_due() == 0  # a second run changes nothing
    assert roles_for_person(membership.person).member_groups == frozenset({reg.fana.pk})


def roles_for_person(person: Person):
    user = f.user(person.email)
    Person.objects.filter(pk=person.pk).update(user=user)
    return roles_for(User.objects.get(pk=user.pk))


def test_a_move_dated_back_between_two_others_changes_only_its_own_stretch(reg):
    membership = join(reg)
    move(reg, membership, day("2025-05-01"), local_group=reg.fana)
    move(reg, membership, day("2025-03-01"), local_group=reg.aasane)  # recorded later, dated earlier
    assert placed(membership) == (reg.fana, reg.loevaasen, reg.liv)
    assert names_on(reg.bergen, day("2025-02-28")) == ["Kari Nordmann"]
    assert names_on(reg.aasane, day("2025-04-30")) == ["Kari Nordmann"]
    assert names_on(reg.fana, day("2025-05-01")) == ["Kari Nordmann"]


def test_a_second_change_on_the_same_date_replaces_the_first(reg):
    membership = join(reg)
    move(reg, membership, day("2025-03-01"), nearest_leader=reg.per)
    move(reg, membership, day("2025-03-01"), nearest_leader=None)
    [row] = name_list(reg.bergen, day("2025-03-01"))
    assert row.nearest_leader is None
    assert placed(membership) == (reg.bergen, reg.loevaasen, None)


def test_a_change_that_changes_nothing_is_refused(reg):
    membership = join(reg)
    with pytest.raises(RegistryError, match=re.escape("Ingenting er endret.")):
        move(reg, membership, day("2025-03-01"), local_group=reg.bergen, nearest_leader=reg.liv)
    assert Change.objects.filter(membership=membership).count() == 1


def test_a_change_outside_the_membership_is_refused_with_the_date(reg):
    membership = join(reg)
    with pytest.raises(RegistryError, match=r"Datoen kan ikke være før medlemskapet startet \(1\. januar 2025\)\."):
        move(reg, membership, day("2024-12-31"), local_group=reg.aasane)
    services.end_membership(membership, ends_on=day("2025-04-30"), by=reg.siri, expected_version=None)
    with pytest.raises(
        RegistryError, match=re.escape("Datoen kan ikke være etter at medlemskapet sluttet (30. april 2025).")
    ):
        move(reg, membership, day("2025-05-01"), local_group=reg.aasane)
    assert not Change.objects.filter(membership=membership, kind=ChangeKind.LOCAL_GROUP).exists()


def test_a_member_cannot_be_moved_to_another_networks_group_or_left_without_group_or_workplace(reg):
    membership = join(reg)
    elsewhere = f.group(f.network())
    with pytest.raises(RegistryError, match=re.escape("Lokalgruppen hører til et annet nettverk.")):
        move(reg, membership, TODAY, local_group=elsewhere)
    with pytest.raises(RegistryError, match=re.escape("Velg en lokalgruppe.")):
        move(reg, membership, TODAY, local_group=None)
    with pytest.raises(RegistryError, match=re.escape("Velg et arbeidssted.")):
        move(reg, membership, TODAY, workplace=None)
    with pytest.raises(RegistryError, match=re.escape("En person kan ikke være sin egen nærmeste leder.")):
        move(reg, membership, TODAY, nearest_leader=reg.kari)
    assert placed(membership) == (reg.bergen, reg.loevaasen, reg.liv)


def test_the_state_on_a_past_date_names_the_leader_of_the_time(reg):
    """Who was in group X on 1 March 2025, and who was their leader?"""
    kari = join(reg)
    ola = join(
        reg, f.person("Ola", "Olsen"), starts_on=day("2025-02-01"), workplace=reg.aarstad, nearest_leader=reg.per
    )
    move(reg, kari, day("2025-04-01"), nearest_leader=reg.per)
    move(reg, ola, day("2025-03-02"), local_group=reg.aasane)
    on_1_march = [
        (r.person.given_name, r.workplace.name, r.nearest_leader.full_name)
        for r in name_list(reg.bergen, day("2025-03-01"))
    ]
    assert on_1_march == [
        ("Kari", "Løvåsen sykehjem", "Liv Leder"),
        ("Ola", "Årstad hjemmetjeneste", "Per Avdelingsleder"),
    ]
    assert [(r.person.given_name, r.nearest_leader.full_name) for r in name_list(reg.bergen, TODAY)] == [
        ("Kari", "Per Avdelingsleder")
    ]
    leaders = {m.person_id: m.leader_on for m in services.memberships_on(day("2025-03-01"))}
    assert leaders == {kari.person_id: reg.liv.pk, ola.person_id: reg.per.pk}


# The property: the registry on any day is what a naive replay of the history says ----------

GROUPS = ("bergen", "aasane", "fana")
WORKPLACES = ("loevaasen", "aarstad", "haukeland")
LEADERS = ("liv", "per", None)
CHOICES = {"local_group": GROUPS, "workplace": WORKPLACES, "nearest_leader": LEADERS}
HORIZON = 300  # days after the start that changes and probes reach; today is day 152

placement_steps = st.tuples(
    st.just("place"),
    st.integers(min_value=0, max_value=HORIZON),
    st.dictionaries(st.sampled_from(tuple(CHOICES)), st.integers(min_value=0, max_value=2), min_size=1),
)
end_steps = st.tuples(st.just("end"), st.integers(min_value=0, max_value=HORIZON), st.just({}))


class NaiveHistory:
    """What a member's placement was on each day, kept as a plain list of what was recorded."""

    def __init__(self, starts_on: dt.date, placement: dict):
        self.starts_on = starts_on
        self.ends_on: dt.date | None = None
        self.records = [(starts_on, attribute, value) for attribute, value in placement.items()]

    def on(self, when: dt.date) -> dict:
        state = dict.fromkeys(CHOICES)
        for effective_on, attribute, value in sorted(self.records, key=lambda r: r[0]):  # stable: recorded order
            if effective_on <= when:
                state[attribute] = value
        return state

    def is_member_on(self, when: dt.date) -> bool:
        return self.starts_on <= when and (self.ends_on is None or when <= self.ends_on)

    def current(self, today: dt.date) -> dict:
        return self.on(max(min(today, self.ends_on or today), self.starts_on))


def pk(obj) -> int | None:
    return obj.pk if obj is not None else None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(st.one_of(placement_steps, placement_steps, placement_steps, end_steps), max_size=8),
    probes=st.lists(st.integers(min_value=-5, max_value=HORIZON + 5), min_size=3, max_size=8),
)
def test_the_registry_on_any_day_agrees_with_a_naive_replay_of_the_history(reg, on_today, steps, probes):
    def obj(attribute: str, index: int):
        name = CHOICES[attribute][index]
        return getattr(reg, name) if name else None

    on_today.move_to(dt.datetime(2025, 6, 2, 10, 0, tzinfo=OSLO))  # whatever an earlier example did
    with transaction.atomic():
        bystander = join(reg, f.person("Berit", "Bysted"))
        membership = join(reg)
        model = NaiveHistory(
            STARTED, {"local_group": reg.bergen.pk, "workplace": reg.loevaasen.pk, "nearest_leader": reg.liv.pk}
        )
        for kind, offset, wanted in steps:
            when = STARTED + dt.timedelta(days=offset)
            if kind == "end":
                if model.ends_on is not None:
                    with pytest.raises(RegistryError, match="allerede avsluttet"):
                        services.end_membership(membership, ends_on=when, by=reg.siri, expected_version=None)
                else:
                    services.end_membership(membership, ends_on=when, by=reg.siri, expected_version=None)
                    model.ends_on = when
                continue
            values = {attribute: obj(attribute, index) for attribute, index in wanted.items()}
            before = model.on(when)
            changed = {a: pk(v) for a, v in values.items() if before[a] != pk(v)}
            if model.ends_on is not None and when > model.ends_on:
                with pytest.raises(RegistryError, match="etter at medlemskapet sluttet"):
                    move(reg, membership, when, **values)
            elif not changed:
                with pytest.raises(RegistryError, match=re.escape("Ingenting er endret.")):
                    move(reg, membership, when, **values)
            else:
                move(reg, membership, when, **values)
                model.records += [(when, attribute, value) for attribute, value in changed.items()]

        for offset in probes:
            when = STARTED + dt.timedelta(days=offset)
            expected = model.on(when)
            annotated = {m.pk: m for m in services.memberships_on(when)}
            if not model.is_member_on(when):
                assert membership.pk not in annotated
            else:
                m = annotated[membership.pk]
                assert (m.group_on, m.workplace_on, m.leader_on) == (
                    expected["local_group"],
                    expected["workplace"],
                    expected["nearest_leader"],
                ), when
            for group_name in GROUPS:
                group = getattr(reg, group_name)
                rows = {row.membership.pk: row for row in name_list(group, when)}
                if model.is_member_on(when) and expected["local_group"] == group.pk:
                    row = rows[membership.pk]
                    assert (pk(row.workplace), pk(row.nearest_leader)) == (
                        expected["workplace"],
                        expected["nearest_leader"],
                    )
                else:
                    assert membership.pk not in rows, (group_name, when)
                assert (bystander.pk in rows) == (group is reg.bergen and when >= STARTED)

        # Today the membership's own fields show the placement of today ...
        m = fresh(membership)
        assert (m.local_group_id, m.workplace_id, m.nearest_leader_id) == tuple(model.current(TODAY).values())
        # ... and the changes dated ahead take effect on their days, as the periodic job runs.
        for when in sorted({r[0] for r in model.records if r[0] > TODAY}):
            on_today.move_to(dt.datetime.combine(when, dt.time(0, 5), tzinfo=OSLO))
            services.apply_changes_due()
            m = fresh(membership)
            assert (m.local_group_id, m.workplace_id, m.nearest_leader_id) == tuple(model.current(when).values())
        transaction.set_rollback(True)


# Leave --------------------------------------------------------------------------------------


def test_leave_shows_on_the_name_list_and_in_the_history_for_its_period(reg):
    membership = join(reg)
    leave = services.put_on_leave(
        membership, starts_on=day("2025-03-01"), ends_on=day("2025-03-31"), by=reg.siri, reason="Avtalt med leder"
    )
    assert (leave.starts_on, leave.ends_on) == (day("2025-03-01"), day("2025-03-31"))
    assert [r.on_leave for r in name_list(reg.bergen, day("2025-02-28"))] == [False]
    assert [r.on_leave for r in name_list(reg.bergen, day("2025-03-31"))] == [True]
    assert [r.on_leave for r in name_list(reg.bergen, day("2025-04-01"))] == [False]
    change = Change.objects.get(membership=membership, kind=ChangeKind.LEAVE)
    assert (change.effective_on, change.details, change.reason, change.recorded_by) == (
        day("2025-03-01"),
        {"ends_on": "2025-03-31"},
        "Avtalt med leder",
        reg.siri,
    )


def test_leave_until_further_notice_makes_the_member_on_leave_in_the_member_list(reg):
    membership = join(reg)
    services.put_on_leave(membership, starts_on=day("2025-05-01"), ends_on=None, by=reg.siri)
    on_leave = member_list([reg.network.pk], status="permisjon", day=TODAY)
    active = member_list([reg.network.pk], status="aktive", day=TODAY)
    assert [m.pk for m in on_leave] == [membership.pk]
    assert list(active) == []


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        ("2025-03-15", "2025-04-15"),  # overlaps the end
        ("2025-02-15", "2025-03-01"),  # touches the first day
        ("2025-03-10", "2025-03-20"),  # inside
        ("2025-02-01", None),  # open-ended, covers it
        ("2025-03-31", None),
    ],
)
def test_leave_that_overlaps_another_leave_is_refused(reg, starts_on, ends_on):
    membership = join(reg)
    services.put_on_leave(membership, starts_on=day("2025-03-01"), ends_on=day("2025-03-31"), by=reg.siri)
    with pytest.raises(
        RegistryError, match=r"^Permisjonen overlapper en annen permisjon \(1\. mars 2025 – 31\. mars 2025\)\."
    ):
        services.put_on_leave(
            membership, starts_on=day(starts_on), ends_on=day(ends_on) if ends_on else None, by=reg.siri
        )
    assert Leave.objects.filter(membership=membership).count() == 1
    assert Change.objects.filter(membership=membership, kind=ChangeKind.LEAVE).count() == 1


def test_leave_right_after_another_is_allowed(reg):
    membership = join(reg)
    services.put_on_leave(membership, starts_on=day("2025-03-01"), ends_on=day("2025-03-31"), by=reg.siri)
    services.put_on_leave(membership, starts_on=day("2025-04-01"), ends_on=None, by=reg.siri)
    assert Leave.objects.filter(membership=membership).count() == 2


def test_leave_that_ends_before_it_begins_or_begins_before_the_membership_is_refused(reg):
    membership = join(reg)
    with pytest.raises(RegistryError, match=re.escape("Permisjonen kan ikke slutte før den begynner.")):
        services.put_on_leave(membership, starts_on=day("2025-03-10"), ends_on=day("2025-03-09"), by=reg.siri)
    with pytest.raises(RegistryError, match="Datoen kan ikke være før medlemskapet startet"):
        services.put_on_leave(membership, starts_on=day("2024-12-01"), ends_on=day("2025-01-31"), by=reg.siri)
    assert not Leave.objects.exists()


# Ending -----------------------------------------------------------------------------------


def test_ending_the_membership_keeps_the_member_on_lists_up_to_the_last_day(reg):
    membership = join(reg)
    services.end_membership(
        membership, ends_on=day("2025-05-31"), by=reg.siri, expected_version=1, reason="Ny jobb i Oslo"
    )
    assert fresh(membership).ends_on == day("2025-05-31")
    assert names_on(reg.bergen, day("2025-05-31")) == ["Kari Nordmann"]
    assert names_on(reg.bergen, TODAY) == []
    assert [m.pk for m in member_list([reg.network.pk], status="sluttet", day=TODAY)] == [membership.pk]
    ended = Change.objects.get(membership=membership, kind=ChangeKind.ENDED)
    assert (ended.effective_on, ended.reason, ended.recorded_by) == (day("2025-05-31"), "Ny jobb i Oslo", reg.siri)


def test_a_membership_cannot_end_twice_or_before_it_began(reg):
    membership = join(reg)
    with pytest.raises(RegistryError, match=re.escape("Sluttdatoen kan ikke være før medlemskapet startet.")):
        services.end_membership(membership, ends_on=day("2024-12-31"), by=reg.siri, expected_version=None)
    services.end_membership(membership, ends_on=day("2025-05-31"), by=reg.siri, expected_version=None)
    with pytest.raises(RegistryError, match=re.escape("Medlemskapet er allerede avsluttet.")):
        services.end_membership(fresh(membership), ends_on=day("2025-06-30"), by=reg.siri, expected_version=None)
    assert fresh(membership).ends_on == day("2025-05-31")


def test_a_member_who_left_can_join_again_later_but_not_twice_at_once(reg):
    membership = join(reg)
    with pytest.raises(RegistryError, match=re.escape("Kari Nordmann er allerede medlem av KLB Vestland.")):
        join(reg, starts_on=day("2025-06-01"))
    services.end_membership(membership, ends_on=day("2025-03-31"), by=reg.siri, expected_version=None)
    with pytest.raises(RegistryError, match="allerede medlem"):
        join(reg, starts_on=day("2025-03-31"))
    again = join(reg, starts_on=day("2025-05-01"), local_group=reg.fana)
    assert names_on(reg.bergen, day("2025-03-31")) == ["Kari Nordmann"]
    assert names_on(reg.bergen, day("2025-04-01")) == []
    assert names_on(reg.fana, day("2025-05-01")) == ["Kari Nordmann"]
    assert Membership.objects.filter(person=reg.kari).count() == 2
    assert again.pk != membership.pk


# Milestones and further education ----------------------------------------------------------------


def test_intro_course_and_signed_function_description_are_recorded_with_their_dates(reg):
    membership = join(reg)
    services.record_milestone(membership, kind=ChangeKind.INTRO_COURSE, on=day("2025-04-10"), by=reg.siri)
    services.record_milestone(membership, kind=ChangeKind.FUNCTION_DESCRIPTION, on=day("2025-02-01"), by=reg.siri)
    m = fresh(membership)
    assert (m.intro_course_completed_on, m.function_description_signed_on) == (day("2025-04-10"), day("2025-02-01"))
    rows = Change.objects.filter(membership=membership).exclude(kind=ChangeKind.JOINED)
    assert [(c.kind, c.effective_on, c.recorded_by) for c in rows] == [
        (ChangeKind.INTRO_COURSE, day("2025-04-10"), reg.siri),
        (ChangeKind.FUNCTION_DESCRIPTION, day("2025-02-01"), reg.siri),
    ]


def test_a_milestone_cannot_lie_ahead_or_long_before_the_membership(reg):
    membership = join(reg)
    with pytest.raises(RegistryError, match=re.escape("Datoen kan ikke være fram i tid.")):
        services.record_milestone(
            membership, kind=ChangeKind.INTRO_COURSE, on=TODAY + dt.timedelta(days=1), by=reg.siri
        )
    with pytest.raises(RegistryError, match=re.escape("Datoen er mer enn ett år før medlemskapet startet.")):
        services.record_milestone(membership, kind=ChangeKind.INTRO_COURSE, on=day("2023-12-01"), by=reg.siri)
    assert fresh(membership).intro_course_completed_on is None


def test_further_education_and_contact_details_go_into_the_history(reg):
    join(reg)
    services.update_person(
        reg.kari,
        by=reg.siri,
        expected_version=1,
        reason="Meldt av leder",
        further_education="Videreutdanning i kreftsykepleie, 2024",
        phone="900 11 222",
    )
    education = Change.objects.get(person=reg.kari, kind=ChangeKind.FURTHER_EDUCATION)
    contact = Change.objects.get(person=reg.kari, kind=ChangeKind.CONTACT_DETAILS)
    assert education.details == {"further_education": "Videreutdanning i kreftsykepleie, 2024"}
    assert (education.effective_on, education.reason, education.recorded_by) == (TODAY, "Meldt av leder", reg.siri)
    assert list(contact.details) == ["phone"]
    assert contact.details["phone"][1] == "900 11 222"


# Several networks ---------------------------------------------------------------------------


def test_a_person_can_be_a_member_of_several_networks_at_once(reg):
    fysio = f.network("Fysio- og ergoterapinettverket")
    fysio_group = f.group(fysio, "Bergen fysio")
    berit = secretary(fysio, "Berit")
    in_klb = join(reg)
    in_fysio = services.add_member(
        network=fysio,
        person=reg.kari,
        local_group=fysio_group,
        workplace=reg.haukeland,
        nearest_leader=reg.per,
        starts_on=day("2025-04-01"),
        by=berit,
    )
    move(reg, in_klb, day("2025-05-01"), local_group=reg.aasane)
    assert names_on(reg.aasane, TODAY) == ["Kari Nordmann"]
    assert names_on(fysio_group, TODAY) == ["Kari Nordmann"]
    assert placed(in_fysio) == (fysio_group, reg.haukeland, reg.per)
    roles = roles_for_person(reg.kari)
    assert roles.member_networks == frozenset({reg.network.pk, fysio.pk})
    assert roles.member_groups == frozenset({reg.aasane.pk, fysio_group.pk})
    with pytest.raises(RegistryError, match=re.escape("Lokalgruppen hører til et annet nettverk.")):
        move(reg, in_fysio, TODAY, local_group=reg.bergen)


# Groups: merge and close ------------------------------------------------------------------------


def test_merging_moves_every_current_member_and_closes_the_group_with_its_history_kept(reg):
    kari = join(reg)
    ola = join(reg, f.person("Ola", "Olsen"), starts_on=day("2025-03-01"))
    services.put_on_leave(ola, starts_on=day("2025-05-01"), ends_on=None, by=reg.siri)
    gone = join(reg, f.person("Gunn", "Gikk"))
    services.end_membership(gone, ends_on=day("2025-04-30"), by=reg.siri, expected_version=None)
    already_there = join(reg, f.person("Anne", "Åsane"), local_group=reg.aasane)

    moved = services.merge_groups(reg.bergen, reg.aasane, effective_on=TODAY, by=reg.siri)

    assert moved == 2
    assert names_on(reg.aasane, TODAY) == ["Kari Nordmann", "Ola Olsen", "Anne Åsane"]
    assert names_on(reg.bergen, TODAY) == []
    assert names_on(reg.bergen, TODAY - dt.timedelta(days=1)) == ["Kari Nordmann", "Ola Olsen"]
    assert names_on(reg.bergen, day("2025-04-30")) == ["Gunn Gikk", "Kari Nordmann", "Ola Olsen"]
    assert placed(kari)[0] == placed(ola)[0] == reg.aasane
    assert placed(gone)[0] == reg.bergen
    assert placed(already_there)[0] == reg.aasane
    bergen = LocalGroup.objects.get(pk=reg.bergen.pk)
    assert (bergen.closed_on, bergen.merged_into) == (TODAY - dt.timedelta(days=1), reg.aasane)
    reasons = set(Change.objects.filter(kind=ChangeKind.LOCAL_GROUP).values_list("reason", "recorded_by"))
    assert reasons == {("Gruppen Bergen sentrum ble slått sammen med Åsane.", reg.siri.pk)}


def test_a_merge_dated_back_also_moves_those_who_joined_after_its_date(reg):
    join(reg)
    newcomer = join(reg, f.person("Nils", "Nykommer"), starts_on=day("2025-05-15"))
    services.merge_groups(reg.bergen, reg.aasane, effective_on=day("2025-05-01"), by=reg.siri)
    assert names_on(reg.aasane, TODAY) == ["Kari Nordmann", "Nils Nykommer"]
    assert names_on(reg.bergen, TODAY) == []
    assert placed(newcomer)[0] == reg.aasane


def test_a_merge_dated_ahead_leaves_a_member_who_is_due_to_move_elsewhere_first(reg):
    kari = join(reg)
    ola = join(reg, f.person("Ola", "Olsen"))
    move(reg, kari, day("2025-07-01"), local_group=reg.fana)
    moved = services.merge_groups(reg.bergen, reg.aasane, effective_on=day("2025-08-01"), by=reg.siri)
    assert moved == 1
    assert names_on(reg.fana, day("2025-08-01")) == ["Kari Nordmann"]
    assert names_on(reg.aasane, day("2025-08-01")) == ["Ola Olsen"]
    assert names_on(reg.bergen, TODAY) == ["Kari Nordmann", "Ola Olsen"]  # until the merge
    assert placed(ola)[0] == reg.bergen


def test_a_group_can_be_closed_from_the_day_its_last_member_is_due_to_move_out(reg):
    kari = join(reg)
    move(reg, kari, day("2025-07-01"), local_group=reg.fana)
    with pytest.raises(RegistryError, match=re.escape("Gruppen har fortsatt 1 medlem.")):
        services.close_group(reg.bergen, closed_on=day("2025-06-30"), by=reg.siri)
    services.close_group(reg.bergen, closed_on=day("2025-07-01"), by=reg.siri)
    assert LocalGroup.objects.get(pk=reg.bergen.pk).closed_on == day("2025-07-01")


def test_a_group_cannot_be_merged_with_itself_or_another_networks_group(reg):
    join(reg)
    with pytest.raises(RegistryError, match=re.escape("Velg en annen gruppe å slå sammen med.")):
        services.merge_groups(reg.bergen, reg.bergen, effective_on=TODAY, by=reg.siri)
    with pytest.raises(RegistryError, match=re.escape("Gruppene hører til forskjellige nettverk.")):
        services.merge_groups(reg.bergen, f.group(f.network()), effective_on=TODAY, by=reg.siri)
    assert LocalGroup.objects.get(pk=reg.bergen.pk).closed_on is None
    assert names_on(reg.bergen, TODAY) == ["Kari Nordmann"]


def test_a_group_cannot_be_closed_while_members_remain(reg):
    kari = join(reg)
    still = "Gruppen har fortsatt 1 medlem. Flytt medlemmet eller slå gruppen sammen med en annen først."
    with pytest.raises(RegistryError, match=re.escape(still)):
        services.close_group(reg.bergen, closed_on=TODAY, by=reg.siri)
    assert LocalGroup.objects.get(pk=reg.bergen.pk).closed_on is None
    move(reg, kari, TODAY, local_group=reg.fana)
    services.close_group(reg.bergen, closed_on=TODAY, by=reg.siri)
    assert LocalGroup.objects.get(pk=reg.bergen.pk).closed_on == TODAY
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGED, object_type="registry.LocalGroup", object_id=str(reg.bergen.pk)
    ).exists()


def test_a_group_cannot_be_closed_while_someone_is_due_to_join_it(reg):
    join(reg, local_group=reg.fana, starts_on=day("2025-08-01"))
    with pytest.raises(RegistryError, match=re.escape("Gruppen har fortsatt 1 medlem.")):
        services.close_group(reg.fana, closed_on=TODAY, by=reg.siri)
    assert LocalGroup.objects.get(pk=reg.fana.pk).closed_on is None


def test_a_group_whose_members_have_left_can_be_closed(reg):
    kari = join(reg)
    services.end_membership(kari, ends_on=day("2025-05-31"), by=reg.siri, expected_version=None)
    services.close_group(reg.bergen, closed_on=TODAY, by=reg.siri)
    assert names_on(reg.bergen, day("2025-05-31")) == ["Kari Nordmann"]


# Two secretaries at once --------------------------------------------------------------------------


def test_the_second_of_two_secretaries_saving_a_person_gets_a_conflict_and_overwrites_nothing(reg):
    sanna = secretary(reg.network, "Sanna")
    siris_copy, sannas_copy = Person.objects.get(pk=reg.kari.pk), Person.objects.get(pk=reg.kari.pk)
    services.update_person(siris_copy, by=reg.siri, expected_version=siris_copy.version, phone="111 11 111")
    with pytest.raises(ConflictError, match=CONFLICT):
        services.update_person(sannas_copy, by=sanna, expected_version=sannas_copy.version, phone="222 22 222")
    kari = Person.objects.get(pk=reg.kari.pk)
    assert (kari.phone, kari.version) == ("111 11 111", 2)
    assert Change.objects.filter(person=kari, kind=ChangeKind.CONTACT_DETAILS).count() == 1


def test_the_second_of_two_secretaries_moving_a_member_gets_a_conflict_and_records_nothing(reg):
    membership = join(reg)
    opened_by_siri, opened_by_sanna = fresh(membership), fresh(membership)
    services.change_placement(
        opened_by_siri, effective_on=TODAY, local_group=reg.aasane, by=reg.siri, expected_version=opened_by_siri.version
    )
    with pytest.raises(ConflictError, match=CONFLICT):
        services.change_placement(
            opened_by_sanna,
            effective_on=TODAY,
            local_group=reg.fana,
            by=reg.siri,
            expected_version=opened_by_sanna.version,
        )
    with pytest.raises(ConflictError):
        services.end_membership(opened_by_sanna, ends_on=TODAY, by=reg.siri, expected_version=opened_by_sanna.version)
    assert placed(membership)[0] == reg.aasane
    assert fresh(membership).ends_on is None
    assert Change.objects.filter(membership=membership).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_saving_at_the_same_moment_do_not_both_win(reg):
    if connection.vendor != "postgresql":
        pytest.skip("an in-memory SQLite test database cannot take writes from two threads")
    sanna = secretary(reg.network, "Sanna")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def save(by: User, phone: str) -> None:
        try:
            person = Person.objects.get(pk=reg.kari.pk)
            start.wait()
            services.update_person(person, by=by, expected_version=1, phone=phone)
            outcomes.append(phone)
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(reg.siri, "111 11 111")),
        threading.Thread(target=save, args=(sanna, "222 22 222")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("conflict") == 1
    [winner] = [o for o in outcomes if o != "conflict"]
    kari = Person.objects.get(pk=reg.kari.pk)
    assert (kari.phone, kari.version) == (winner, 2)


def version_in(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_the_page_tells_the_second_secretary_and_keeps_what_she_typed(reg):
    sanna = secretary(reg.network, "Sanna")
    join(reg)
    siri, other = Client(), Client()
    siri.force_login(reg.siri)
    other.force_login(sanna)
    url = reverse("registry:person_edit", args=[reg.kari.pk])
    opened = {"siri": version_in(siri.get(url).text), "sanna": version_in(other.get(url).text)}
    form = {"given_name": "Kari", "family_name": "Nordmann", "email": "kari@lindra.example", "profession": "SP"}

    first = siri.post(url, {**form, "phone": "111 11 111", "version": opened["siri"]})
    assert first.status_code == 302
    second = other.post(
        url, {**form, "phone": "222 22 222", "further_education": "Master i palliasjon", "version": opened["sanna"]}
    )
    assert second.status_code == 400
    assert CONFLICT in second.text
    assert 'value="222 22 222"' in second.text
    assert 'value="Master i palliasjon"' in second.text
    kari = Person.objects.get(pk=reg.kari.pk)
    assert (kari.phone, kari.further_education) == ("111 11 111", "")

    # Having seen the other change, she saves again on purpose, and that goes through.
    again = other.post(url, {**form, "phone": "222 22 222", "version": version_in(second.text)})
    assert again.status_code == 302
    assert Person.objects.get(pk=reg.kari.pk).phone == "222 22 222"


def test_the_move_page_tells_the_second_secretary_about_the_first_move(reg):
    sanna = secretary(reg.network, "Sanna")
    membership = join(reg)
    siri, other = Client(), Client()
    siri.force_login(reg.siri)
    other.force_login(sanna)
    url = reverse("registry:membership_placement", args=[membership.pk])
    opened = {"siri": version_in(siri.get(url).text), "sanna": version_in(other.get(url).text)}
    form = {"effective_on": "2025-06-02", "workplace": reg.loevaasen.pk, "leader_email": reg.liv.email}

    assert siri.post(url, {**form, "local_group": reg.aasane.pk, "version": opened["siri"]}).status_code == 302
    second = other.post(url, {**form, "local_group": reg.fana.pk, "reason": "Ønsket selv", "version": opened["sanna"]})
    assert second.status_code == 400
    assert CONFLICT in second.text
    assert 'value="Ønsket selv"' in second.text
    # The form opened with suggestions (today's date), not all of it stored: nothing is compared.
    assert second.context["form"].stored_now == []
    assert placed(membership)[0] == reg.aasane


def test_a_merge_leaves_alone_moves_recorded_after_a_membership_that_ended_earlier(reg):
    kari = join(reg, local_group=reg.aasane)
    move(reg, kari, day("2025-05-01"), local_group=reg.bergen)
    services.end_membership(kari, ends_on=day("2025-04-15"), by=reg.siri, expected_version=None)  # dated back
    ola = join(reg, f.person("Ola", "Olsen"))
    assert services.merge_groups(reg.bergen, reg.fana, effective_on=day("2025-03-01"), by=reg.siri) == 1
    assert placed(ola)[0] == reg.fana
    assert placed(kari)[0] == reg.aasane  # her last day was in Åsane
