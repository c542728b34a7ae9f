"""Leader terms as people meet them (seed 000): the seat in the operations group follows the
leader's term, the old leader loses access the day after the term, the choice of the next
leader is recorded from the fair suggestion, and where a term ending shows."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lindra.development.models import LeaderChoice
from lindra.development.terms import LeaderChoiceError, choose_leader, succession
from lindra.home.roles import roles_for
from lindra.meetings import minutes
from lindra.meetings.models import Meeting
from lindra.registry import services
from lindra.registry.models import Committee, Leave, Membership, Term
from lindra.registry.rules import term_end
from tests import factories as f
from tests.personas import World


def today() -> dt.date:
    return f.today()


def long(day: dt.date) -> str:
    return date_format(day, "j. F Y")


def text(response) -> str:
    return response.content.decode()


def checked(page: str, person_id: int) -> bool:
    """Whether the person's radio button is the one selected."""
    [button] = re.findall(rf'<input[^>]*name="person" value="{person_id}"[^>]*>', page)
    return " checked" in button


@pytest.fixture
def kari(world: World):
    """Kari, a member of A1 since long, who led the group once before Gunnar."""
    kari = f.person("Kari", "Karlsen", email="kari@lindra.example")
    f.membership(kari, world.group_a1, starts_on=today() - dt.timedelta(days=3000))
    f.term(
        kari,
        Term.Kind.GROUP_LEADER,
        group=world.group_a1,
        starts_on=today() - dt.timedelta(days=1500),
        ends_on=today() - dt.timedelta(days=401),
    )
    return kari


@pytest.fixture
def ending(world: World, kari) -> Term:
    """Gunnar's term in A1 ends in 30 days: within network A's notice period (60 days)."""
    term = Term.objects.get(person=world.person("group_leader"), kind=Term.Kind.GROUP_LEADER)
    term.ends_on = today() + dt.timedelta(days=30)
    term.save()
    return term


# --- The seat in the operations group follows the term ----------------------------------------


def appoint(world: World, person, *, starts_on=None, ends_on=None, group=None, end_current=False) -> Term:
    group = group or world.group_a1
    return services.appoint(
        kind=Term.Kind.GROUP_LEADER,
        person=person,
        network=group.network,
        local_group=group,
        starts_on=starts_on or today(),
        ends_on=ends_on,
        end_current=end_current,
        by=world.user("secretariat"),
    )


def test_a_new_group_leader_sits_in_the_operations_group_for_the_same_days(world):
    ends_on = today() + dt.timedelta(days=700)
    term = appoint(world, world.person("member"), ends_on=ends_on)
    [seat] = term.seats.all()
    assert (seat.kind, seat.committee, seat.person) == (Term.Kind.COMMITTEE_MEMBER, world.committee_a, term.person)
    assert (seat.starts_on, seat.ends_on) == (today(), ends_on)
    assert world.committee_a.pk in roles_for(world.user("member")).committees


def test_the_seat_ends_and_moves_with_the_term_and_the_old_leaders_seat_ends_the_day_before_the_new(world):
    term = appoint(world, world.person("member"), ends_on=today() + dt.timedelta(days=700))
    services.end_term(term, ends_on=today() + dt.timedelta(days=100), by=world.user("secretariat"))
    assert term.seats.get().ends_on == today() + dt.timedelta(days=100)
    services.end_term(term, ends_on=today() + dt.timedelta(days=200), by=world.user("secretariat"))
    assert term.seats.get().ends_on == today() + dt.timedelta(days=200)
    follower = appoint(world, world.person("host"), starts_on=today() + dt.timedelta(days=50), end_current=True)
    assert term.seats.get().ends_on == today() + dt.timedelta(days=49)
    assert follower.seats.get().starts_on == today() + dt.timedelta(days=50)


def test_a_seat_cannot_be_ended_on_its_own(world, client_as):
    term = appoint(world, world.person("member"), ends_on=today() + dt.timedelta(days=700))
    seat = term.seats.get()
    with pytest.raises(services.RegistryError):
        services.end_term(seat, ends_on=today(), by=world.user("secretariat"))
    committee_page = reverse("registry:committee", args=[world.committee_a.pk])
    response = client_as("secretariat").post(
        reverse("registry:end_term", args=[seat.pk]), {"next": committee_page}, follow=True
    )
    assert "Setet følger vervet som gruppeleder og endres bare sammen med det." in text(response)
    seat.refresh_from_db()
    assert seat.ends_on == today() + dt.timedelta(days=700)


def test_the_committee_page_shows_the_seat_as_following_the_term_without_its_own_end_button(world, client_as):
    appoint(world, world.person("member"), ends_on=today() + dt.timedelta(days=700))
    page = text(client_as("secretariat").get(reverse("registry:committee", args=[world.committee_a.pk])))
    assert "Følger vervet som gruppeleder i Bergen sentrum" in page
    assert "Endres med gruppeledervervet" in page
    assert "Avslutt for Mona Medlem i dag" not in page
    assert "Avslutt for Ulla Utvalg i dag" in page


def test_without_an_operations_group_the_leader_sits_in_the_working_group_and_without_either_in_none(world):
    assert (
        services.appoint(
            kind=Term.Kind.GROUP_LEADER,
            person=world.person("other_secretariat"),
            network=world.network_b,
            local_group=world.group_b1,
            starts_on=today(),
            ends_on=None,
            by=world.user("other_secretariat"),
        ).seats.count()
        == 0
    )
    working = f.committee(world.network_b, "Arbeidsgruppen", kind=Committee.Kind.WORKING)
    f.committee(world.network_b, "Styringsgruppen", kind=Committee.Kind.STEERING)
    term = services.appoint(
        kind=Term.Kind.GROUP_LEADER,
        person=world.person("other_member"),
        network=world.network_b,
        local_group=world.group_b1,
        starts_on=today(),
        ends_on=None,
        by=world.user("other_secretariat"),
    )
    assert term.seats.get().committee == working


def test_the_term_form_proposes_two_years_and_a_term_left_without_an_end_gets_two_years(world, client_as):
    client = client_as("secretariat")
    url = reverse("registry:appoint_group_leader", args=[world.group_a1.pk])
    assert term_end(today(), 2).isoformat() in text(client.get(url))
    mona = world.person("member")
    starts_on = today() + dt.timedelta(days=10)
    client.post(url, {"person": mona.pk, "starts_on": starts_on.isoformat(), "ends_on": "", "end_current": "on"})
    term = Term.objects.get(person=mona, kind=Term.Kind.GROUP_LEADER)
    assert term.ends_on == term_end(starts_on, 2) == starts_on.replace(year=starts_on.year + 2) - dt.timedelta(days=1)
    assert term.seats.get().ends_on == term.ends_on


def test_a_term_that_would_end_past_the_calendar_is_refused_on_its_first_day_keeping_what_was_typed(world, client_as):
    client = client_as("secretariat")
    url = reverse("registry:appoint_group_leader", args=[world.group_a1.pk])
    mona = world.person("member")
    page = client.post(url, {"person": mona.pk, "starts_on": "9999-12-31", "ends_on": "", "end_current": "on"})
    assert page.status_code == 400
    assert "Velg en dato innen år 9997." in text(page)
    assert 'value="9999-12-31"' in page.text
    assert not Term.objects.filter(person=mona, kind=Term.Kind.GROUP_LEADER).exists()


# --- The old leader loses access the day after ------------------------------------------------


def test_the_old_leader_leads_on_the_last_day_and_not_the_day_after(world, ending, client_as):
    group_year = reverse("meetings:group_year", args=[world.group_a1.pk])
    secretariat_chooses(world, ending, "member")
    gunnar, mona = world.user("group_leader"), world.user("member")
    last_day = ending.ends_on
    with time_machine.travel(f.at(last_day, 12), tick=False):
        assert world.group_a1.pk in roles_for(gunnar).led_groups
        assert world.group_a1.pk not in roles_for(mona).led_groups
        assert client_as("group_leader").get(group_year).status_code == 200
    with time_machine.travel(f.at(last_day + dt.timedelta(days=1), 12), tick=False):
        assert roles_for(gunnar).led_groups == frozenset()
        assert roles_for(gunnar).committees == frozenset()
        assert world.group_a1.pk in roles_for(mona).led_groups
        assert world.committee_a.pk in roles_for(mona).committees
        assert client_as("group_leader").get(group_year).status_code == 404
        assert client_as("group_leader").get(reverse("home:home")).content.decode().count("Gruppene du leder") == 0
        assert client_as("member").get(group_year).status_code == 200


# --- Recording the choice ---------------------------------------------------------------------


def secretariat_chooses(world: World, term: Term, role: str) -> None:
    choose_leader(term, person_id=world.person(role).pk, meeting=None, confirmed=False, by=world.user("secretariat"))


def choose_url(term: Term) -> str:
    return reverse("development:choose_leader", args=[term.pk])


def test_the_page_ranks_the_members_with_why_and_leaves_the_choice_to_whoever_records_it(world, ending, client_as):
    response = client_as("secretariat").get(choose_url(ending))
    page = text(response)
    starts_on = ending.ends_on + dt.timedelta(days=1)
    assert response.status_code == 200
    assert f"fra {long(starts_on)} til og med {long(term_end(starts_on, 2))}" in page
    # Aina and Mona have never led (by membership length, then name); Kari led, 401 days ago.
    assert page.index("Aina Arrangør – har aldri ledet gruppen") < page.index("Mona Medlem – har aldri ledet")
    assert page.index("Mona Medlem – har aldri") < page.index("Kari Karlsen – har ledet gruppen 1 gang, sist til")
    # The suggestion is named first, but nobody is ticked: the choice is the group's to record.
    assert not any(checked(page, world.person(role).pk) for role in ("host", "member"))


def test_saving_without_choosing_anyone_records_nothing_and_asks_whom(world, ending, client_as):
    response = client_as("secretariat").post(choose_url(ending), {})
    assert response.status_code == 400
    assert 'id="id_person_error">Feltet er påkrevet.' in response.content.decode()
    assert not Term.objects.filter(kind=Term.Kind.GROUP_LEADER, starts_on__gt=ending.ends_on).exists()


def test_the_leader_records_the_choice_at_a_meeting_and_the_minutes_mention_it(world, ending, client_as):
    held = f.meeting(world.group_a1, starts_at=f.at(today() - dt.timedelta(days=3), 12), title="Høstmøtet")
    mona = world.person("member")
    response = client_as("group_leader").post(choose_url(ending), {"person": mona.pk, "meeting": held.pk}, follow=True)
    starts_on = ending.ends_on + dt.timedelta(days=1)
    assert f"Mona Medlem er valgt som gruppeleder fra {long(starts_on)}." in text(response)
    assert "Valget er skrevet inn i referatet fra møtet." in text(response)
    new = Term.objects.get(person=mona, kind=Term.Kind.GROUP_LEADER)
    assert (new.starts_on, new.ends_on) == (starts_on, term_end(starts_on, 2))
    assert new.seats.get().committee == world.committee_a
    choice = LeaderChoice.objects.get(term=new)
    assert (choice.meeting, choice.chosen_by) == (held, world.user("group_leader"))
    agreements = minutes.minutes_for(held).agreements
    assert f"Ny gruppeleder: Mona Medlem, {long(starts_on)} – {long(new.ends_on)}." in agreements


def test_a_choice_at_a_meeting_whose_minutes_are_sent_in_is_recorded_and_says_the_minutes_lack_it(
    world, ending, client_as
):
    held = f.meeting(world.group_a1, starts_at=f.at(today() - dt.timedelta(days=3), 12))
    draft = minutes.minutes_for(held)
    minutes.submit(draft, by=world.user("group_leader"))
    response = client_as("secretariat").post(
        choose_url(ending), {"person": world.person("host").pk, "meeting": held.pk}, follow=True
    )
    assert "Referatet fra møtet er sendt inn, så valget står ikke i det." in text(response)
    assert Term.objects.filter(person=world.person("host"), kind=Term.Kind.GROUP_LEADER).exists()


def test_choosing_someone_on_leave_that_day_or_who_led_more_recently_asks_to_confirm_and_keeps_the_choice(
    world, ending, client_as, kari
):
    mona = Membership.objects.get(person=world.person("member"))
    Leave.objects.create(membership=mona, starts_on=ending.ends_on, ends_on=ending.ends_on + dt.timedelta(days=90))
    held = f.meeting(world.group_a1, starts_at=f.at(today() - dt.timedelta(days=3), 12))
    client = client_as("secretariat")
    response = client.post(choose_url(ending), {"person": mona.person_id, "meeting": held.pk})
    page = text(response)
    assert response.status_code == 400
    starts_on = long(ending.ends_on + dt.timedelta(days=1))
    assert f"Mona Medlem har permisjon {starts_on}, den dagen vervet begynner." in page
    assert "Registrer valget likevel" in page
    assert checked(page, mona.person_id)
    assert f'<option value="{held.pk}" selected>' in page
    assert not Term.objects.filter(person=mona.person, kind=Term.Kind.GROUP_LEADER).exists()

    response = client.post(choose_url(ending), {"person": kari.pk})
    assert response.status_code == 400
    assert "Kari Karlsen har ledet gruppen oftere eller nyere enn Aina Arrangør." in text(response)

    client.post(choose_url(ending), {"person": kari.pk, "confirm": "on"})
    assert Term.objects.filter(person=kari, kind=Term.Kind.GROUP_LEADER, starts_on__gt=today()).exists()


def test_bad_input_gets_a_norwegian_error(world, ending, client_as):
    client = client_as("secretariat")
    response = client.post(choose_url(ending), {"person": "999999"})
    assert response.status_code == 400
    assert "Velg et gyldig valg. 999999 er ikke et av de tilgjengelige valgene." in text(response)
    response = client.post(choose_url(ending), {})
    assert response.status_code == 400
    assert "Feltet er påkrevet." in text(response)
    other = f.meeting(world.group_a2, starts_at=f.at(today() - dt.timedelta(days=3), 12))
    response = client.post(choose_url(ending), {"person": world.person("host").pk, "meeting": other.pk})
    assert response.status_code == 400
    assert LeaderChoice.objects.count() == 0


def test_someone_who_is_no_member_the_day_the_term_starts_cannot_be_chosen(world, ending):
    with pytest.raises(LeaderChoiceError) as refused:
        choose_leader(ending, person_id=world.person("other_member").pk, meeting=None, confirmed=True, by=None)
    assert refused.value.field == "person"


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("committee_member", 403), ("other_member", 404)])
def test_only_the_secretariat_and_the_groups_leader_record_the_choice(world, ending, client_as, role, status):
    response = client_as(role).post(choose_url(ending), {"person": world.person("host").pk})
    assert response.status_code == status
    assert LeaderChoice.objects.count() == 0


def test_once_a_successor_is_chosen_the_page_says_so_and_records_nothing_more(world, ending, client_as):
    secretariat_chooses(world, ending, "host")
    client = client_as("secretariat")
    page = text(client.get(choose_url(ending)))
    starts_on = long(ending.ends_on + dt.timedelta(days=1))
    assert f"Ny gruppeleder er allerede valgt: Aina Arrangør fra {starts_on}." in page
    client.post(choose_url(ending), {"person": world.person("member").pk})
    assert LeaderChoice.objects.count() == 1
    with pytest.raises(LeaderChoiceError):
        choose_leader(ending, person_id=world.person("member").pk, meeting=None, confirmed=True, by=None)


def test_a_term_without_an_end_is_followed_after_its_two_years_and_then_ends(world, kari):
    term = Term.objects.get(person=world.person("group_leader"), kind=Term.Kind.GROUP_LEADER)
    assert term.ends_on is None
    found = succession(term)
    assert found.starts_on == term_end(term.starts_on, 2) + dt.timedelta(days=1)
    choose_leader(term, person_id=world.person("host").pk, meeting=None, confirmed=False, by=world.user("secretariat"))
    term.refresh_from_db()
    assert term.ends_on == found.starts_on - dt.timedelta(days=1)


# --- Where it shows -----------------------------------------------------------------------------


def test_the_group_page_says_a_new_leader_must_be_chosen_with_the_link_for_those_who_record_it(
    world, ending, client_as
):
    group = reverse("registry:group", args=[world.group_a1.pk])
    notice = f"Ny gruppeleder må velges innen {long(ending.ends_on)}, da vervet til Gunnar Gruppeleder slutter."
    for role in ("group_leader", "secretariat"):
        page = text(client_as(role).get(group))
        assert notice in page
        assert choose_url(ending) in page
        assert f"Gunnar Gruppeleder (til {long(ending.ends_on)})" in page
    page = text(client_as("member").get(group))
    assert notice in page
    assert choose_url(ending) not in page


def test_the_group_page_is_quiet_before_the_notice_period_and_names_the_successor_once_chosen(world, ending, client_as):
    group = reverse("registry:group", args=[world.group_a1.pk])
    with time_machine.travel(f.at(ending.ends_on - dt.timedelta(days=61), 12), tick=False):
        assert "Ny gruppeleder må velges" not in text(client_as("secretariat").get(group))
    secretariat_chooses(world, ending, "host")
    page = text(client_as("secretariat").get(group))
    assert "Ny gruppeleder må velges" not in page
    assert f"Ny gruppeleder fra {long(ending.ends_on + dt.timedelta(days=1))}: Aina Arrangør." in page


@pytest.mark.parametrize("role", ["group_leader", "secretariat"])
def test_the_home_page_of_the_leader_and_the_secretariat_shows_the_choice_to_make(world, ending, client_as, role):
    page = text(client_as(role).get(reverse("home:home")))
    assert "Ny gruppeleder må velges" in page
    assert f"innen {long(ending.ends_on)}, da vervet til Gunnar Gruppeleder slutter" in page
    assert choose_url(ending) in page


def test_the_home_page_of_a_member_or_another_network_does_not(world, ending, client_as):
    for role in ("member", "other_secretariat", "committee_member"):
        assert "Ny gruppeleder må velges" not in text(client_as(role).get(reverse("home:home")))


def test_a_meeting_of_the_group_can_be_named_but_not_one_still_to_come(world, ending, client_as):
    upcoming = world.meeting
    assert upcoming.starts_at > timezone.now()
    page = text(client_as("secretariat").get(choose_url(ending)))
    assert f'<option value="{upcoming.pk}"' not in page
    held = f.meeting(world.group_a1, starts_at=f.at(today() - dt.timedelta(days=3), 12), title="Høstmøtet")
    page = text(client_as("secretariat").get(choose_url(ending)))
    assert f'<option value="{held.pk}">Høstmøtet, {long(today() - dt.timedelta(days=3))}</option>' in page
    assert Meeting.objects.count() == 3


def test_the_audit_log_tells_of_the_choice_and_the_seat_in_words(world, ending, client_as):
    secretariat_chooses(world, ending, "host")
    page = text(client_as("secretariat").get(reverse("home:audit_log")))
    assert "Valg av gruppeleder: Aina Arrangør: Leder av lokalgruppe, Bergen sentrum" in page
    assert "Sete som følger vervet" in page


def test_the_terms_ending_cost_the_same_queries_however_many_groups_have_one(world, ending, client_as):
    client = client_as("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert "Ny gruppeleder må velges" in text(client.get(reverse("home:home")))
        return len(captured)

    first = queries()
    for n in range(4):
        group = f.group(world.network_a, f"Gruppe {n}")
        leader = f.person(f"Leder{n}", "Lund")
        f.term(leader, Term.Kind.GROUP_LEADER, group=group, ends_on=today() + dt.timedelta(days=9))
    assert queries() == first
