"""Roles come from the registry on the day: terms, memberships, nearest leaders, meetings.

Nobody types a role by hand; a group leader stops being one the day after the term ends.
"""

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindra.accounts.models import User
from lindra.home.roles import roles_for
from lindra.registry.models import Term
from lindra.registry.rules import is_current
from tests import factories as f

LAST_DAY = dt.date(2026, 6, 30)
DAY_AFTER = LAST_DAY + dt.timedelta(days=1)


def on(day: dt.date, hour: int = 12, minute: int = 0):
    """Travel to a moment of a day, Norwegian time."""
    return time_machine.travel(f.at(day, hour, minute), tick=False)


@pytest.fixture
def group_a1(db):
    return f.group(f.network("KLB Vestland"), "Bergen sentrum")


def test_a_group_leader_leads_on_the_last_day_of_the_term_and_not_the_day_after(group_a1, client):
    gunnar = f.person_with_user("Gunnar", "Gruppeleder")
    f.term(gunnar, Term.Kind.GROUP_LEADER, group=group_a1, starts_on=dt.date(2024, 7, 1), ends_on=LAST_DAY)
    page = reverse("registry:group", args=[group_a1.pk])

    with on(LAST_DAY, 23, 59):
        roles = roles_for(gunnar.user)
        assert roles.is_group_leader
        assert roles.led_groups == {group_a1.pk}
        client.force_login(gunnar.user)
        assert client.get(page).status_code == 200

    with on(DAY_AFTER, 0, 1):
        assert not roles_for(gunnar.user).is_group_leader
        client.force_login(gunnar.user)
        assert client.get(page).status_code == 404


def test_a_group_leader_whose_term_ended_yesterday_is_no_longer_one_today(group_a1):
    gunnar = f.person_with_user("Gunnar", "Gruppeleder")
    f.term(gunnar, Term.Kind.GROUP_LEADER, group=group_a1, ends_on=f.today() - dt.timedelta(days=1))
    roles = roles_for(gunnar.user)
    assert not roles.is_group_leader
    assert "Gruppeleder" not in roles.labels()


def test_a_group_leader_is_not_one_before_the_term_starts(group_a1):
    gunnar = f.person_with_user("Gunnar", "Gruppeleder")
    f.term(gunnar, Term.Kind.GROUP_LEADER, group=group_a1, starts_on=DAY_AFTER)
    with on(LAST_DAY):
        assert not roles_for(gunnar.user).is_group_leader
    with on(DAY_AFTER, 0, 1):
        assert roles_for(gunnar.user).is_group_leader


def test_a_membership_ending_ends_the_member_role(group_a1, client):
    mona = f.person_with_user("Mona", "Medlem")
    f.membership(mona, group_a1, starts_on=dt.date(2025, 1, 1), ends_on=LAST_DAY)
    page = reverse("registry:group", args=[group_a1.pk])

    with on(LAST_DAY, 23, 59):
        roles = roles_for(mona.user)
        assert roles.is_member
        assert roles.member_groups == {group_a1.pk}
        client.force_login(mona.user)
        assert client.get(page).status_code == 200

    with on(DAY_AFTER, 0, 1):
        roles = roles_for(mona.user)
        assert not roles.is_member
        assert roles.names() == []
        client.force_login(mona.user)
        assert client.get(page).status_code == 404
        assert "Du har ingen roller i noe nettverk nå" in client.get("/").text


def test_the_nearest_leader_role_follows_current_memberships(group_a1, client):
    lars = f.person_with_user("Lars", "Leder")
    mona = f.person("Mona", "Medlem")
    nils = f.person("Nils", "Nyansatt")
    f.membership(mona, group_a1, nearest_leader=lars, starts_on=dt.date(2025, 1, 1), ends_on=LAST_DAY)
    f.membership(nils, group_a1, nearest_leader=lars, starts_on=DAY_AFTER + dt.timedelta(days=30))
    mona_page = reverse("registry:person", args=[mona.pk])

    with on(LAST_DAY):
        roles = roles_for(lars.user)
        assert roles.is_nearest_leader
        assert roles.staff == {mona.pk}  # Nils has not started yet
        assert roles.staff_groups == {group_a1.pk}  # whose minutes Lars reads
        client.force_login(lars.user)
        assert client.get(mona_page).status_code == 200

    with on(DAY_AFTER):
        roles = roles_for(lars.user)
        assert not roles.is_nearest_leader
        assert roles.staff == frozenset() and roles.staff_groups == frozenset()
        client.force_login(lars.user)
        assert client.get(mona_page).status_code == 404

    with on(DAY_AFTER + dt.timedelta(days=30)):
        assert roles_for(lars.user).staff == {nils.pk}


def test_a_new_nearest_leader_takes_over_when_the_membership_moves(group_a1):
    lars = f.person_with_user("Lars", "Leder")
    lise = f.person_with_user("Lise", "Nyleder")
    mona = f.person("Mona", "Medlem")
    f.membership(mona, group_a1, nearest_leader=lars, starts_on=dt.date(2025, 1, 1), ends_on=LAST_DAY)
    f.membership(mona, group_a1, nearest_leader=lise, starts_on=DAY_AFTER)
    with on(LAST_DAY):
        assert roles_for(lars.user).staff == {mona.pk}
        assert not roles_for(lise.user).is_nearest_leader
    with on(DAY_AFTER):
        assert not roles_for(lars.user).is_nearest_leader
        assert roles_for(lise.user).staff == {mona.pk}


def test_the_host_role_covers_upcoming_hosted_meetings(group_a1, client):
    aina = f.person_with_user("Aina", "Arrangør")
    f.membership(aina, group_a1, starts_on=dt.date(2025, 1, 1))
    meeting = f.meeting(group_a1, host=aina, starts_at=f.at(LAST_DAY, 12), hours=3)

    with on(LAST_DAY, 14, 59):
        roles = roles_for(aina.user)
        assert roles.is_host
        assert roles.upcoming_hosted_meetings == {meeting.pk}
        client.force_login(aina.user)
        assert "Møter du er arrangør for" in client.get("/").text

    with on(LAST_DAY, 15, 1):
        roles = roles_for(aina.user)
        assert not roles.is_host
        assert roles.hosted_meetings == {meeting.pk}  # still remembered, for fair rotation
        client.force_login(aina.user)
        assert "Møter du er arrangør for" not in client.get("/").text


def test_hosting_a_meeting_of_another_group_gives_no_other_role(group_a1):
    aina = f.person_with_user("Aina", "Arrangør")
    f.meeting(group_a1, host=aina)
    roles = roles_for(aina.user)
    assert roles.names() == ["host"]
    assert not roles.sees_group(group_a1.pk, group_a1.network_id)


def test_secretariat_and_committee_terms_give_their_roles_in_their_network_only(db):
    network_a, network_b = f.network(), f.network()
    siri = f.person_with_user("Siri", "Sekretær")
    ulla = f.person_with_user("Ulla", "Utvalg")
    committee = f.committee(network_a)
    f.term(siri, Term.Kind.SECRETARIAT, network=network_a)
    f.term(ulla, Term.Kind.COMMITTEE_MEMBER, committee=committee)

    siri_roles = roles_for(siri.user)
    assert siri_roles.secretariat_networks == {network_a.pk}
    assert siri_roles.runs_network(network_a.pk)
    assert not siri_roles.sees_network(network_b.pk)

    ulla_roles = roles_for(ulla.user)
    assert ulla_roles.committees == {committee.pk}
    assert ulla_roles.sees_network(network_a.pk)
    assert not ulla_roles.runs_network(network_a.pk)
    assert not ulla_roles.sees_network(network_b.pk)


def test_one_person_can_hold_several_roles(world):
    gunnar = world.person("group_leader")
    f.membership(gunnar, world.group_a1, nearest_leader=world.person("nearest_leader"))
    assert roles_for(gunnar.user).labels() == ["Gruppeleder", "Medlem"]


def test_a_user_without_a_person_has_no_roles_unless_superuser(db):
    assert roles_for(f.user()).names() == []
    assert roles_for(f.superuser()).names() == ["superuser"]


def test_roles_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    # One for the person, one each for terms, memberships, staff and hosted meetings.
    user = User.objects.get(pk=world.user("member").pk)
    with django_assert_num_queries(5):
        roles_for(user)
    for _ in range(5):
        f.membership(f.person(), world.group_a1, nearest_leader=world.person("member"))
        f.term(world.person("member"), Term.Kind.GROUP_LEADER, group=f.group(world.network_a))
        f.meeting(world.group_a1, host=world.person("member"))
    user = User.objects.get(pk=user.pk)
    with django_assert_num_queries(5):
        roles = roles_for(user)
    assert len(roles.led_groups) == 5
    assert len(roles.staff) == 5


# is_current: the rule behind every dated row --------------------------------------------

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))
lengths = st.one_of(st.none(), st.integers(min_value=0, max_value=3000))


@given(starts_on=dates, length=lengths, day=dates)
def test_is_current_holds_from_start_to_end_inclusive(starts_on, length, day):
    ends_on = None if length is None else starts_on + dt.timedelta(days=length)
    expected = starts_on <= day and (ends_on is None or day <= ends_on)
    assert is_current(starts_on, ends_on, day) is expected


@given(starts_on=dates, length=lengths)
def test_a_dated_row_holds_on_its_first_and_last_day_but_not_around_them(starts_on, length):
    ends_on = None if length is None else starts_on + dt.timedelta(days=length)
    assert is_current(starts_on, ends_on, starts_on)
    assert not is_current(starts_on, ends_on, starts_on - dt.timedelta(days=1))
    if ends_on is None:
        assert is_current(starts_on, None, dt.date(2099, 12, 31))
    else:
        assert is_current(starts_on, ends_on, ends_on)
        assert not is_current(starts_on, ends_on, ends_on + dt.timedelta(days=1))


@given(starts_on=dates, days=st.lists(dates, min_size=2, max_size=2, unique=True))
def test_an_open_ended_row_once_current_stays_current(starts_on, days):
    earlier, later = sorted(days)
    if is_current(starts_on, None, earlier):
        assert is_current(starts_on, None, later)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(dates, lengths), min_size=1, max_size=6), day=dates)
def test_the_database_agrees_with_is_current(rows, day):
    """Term.objects.current(on) selects exactly the rows is_current accepts."""
    with transaction.atomic():
        network = f.network()
        person = f.person()
        terms = [
            f.term(
                person,
                Term.Kind.SECRETARIAT,
                network=network,
                starts_on=starts_on,
                ends_on=None if length is None else starts_on + dt.timedelta(days=length),
            )
            for starts_on, length in rows
        ]
        expected = {t.pk for t in terms if is_current(t.starts_on, t.ends_on, day)}
        assert set(Term.objects.filter(person=person).current(day).values_list("pk", flat=True)) == expected
        transaction.set_rollback(True)
