"""Leader terms in the demo data, as `make run` shows them: the demo group leader's term ends
within the notice period, the group has had leaders before her, and every leader's seat in
the operations group (at Ahus, the working group) follows the leader's term."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lindra.accounts.models import User
from lindra.demo import data as demo
from lindra.development import terms
from lindra.registry import services
from lindra.registry.models import Term

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def leaders_term() -> Term:
    return Term.objects.current().get(person__email=demo.GROUP_LEADER.email, kind=Term.Kind.GROUP_LEADER)


def page(demo_user: demo.DemoUser, url: str) -> str:
    client = Client()
    client.force_login(User.objects.get(email=demo_user.email))
    return " ".join(client.get(url).content.decode().split())


def test_the_demo_leaders_term_ends_within_the_notice_period_and_lasts_two_years():
    term = leaders_term()
    today = timezone.localdate()
    assert today < term.ends_on <= today + dt.timedelta(days=term.network.leader_term_notice_days)
    assert term.ends_on == services.rules.term_end(term.starts_on, term.network.leader_term_years)
    assert term in terms.ending_terms(today)


def test_the_group_has_had_leaders_before_and_the_suggestion_puts_them_last():
    term = leaders_term()
    earlier = Term.objects.filter(local_group=term.local_group, kind=Term.Kind.GROUP_LEADER, ends_on__lt=term.starts_on)
    assert earlier.count() == 2
    found = terms.succession(term)
    suggested = [r for r in found.ranking if r.suggested]
    assert [r.times_led for r in suggested[:3]] == [0, 0, 0]
    assert any(r.times_led for r in suggested)  # the earlier leaders, still members, come after


@pytest.mark.parametrize("demo_user", [demo.GROUP_LEADER, demo.SECRETARIAT])
def test_the_home_page_of_the_leader_and_the_bergen_secretariat_says_a_new_leader_must_be_chosen(demo_user):
    term = leaders_term()
    home = page(demo_user, "/")
    assert f"{demo.DEMO_GROUP}</a>: innen {date_format(term.ends_on, 'j. F Y')}" in home
    assert reverse("development:choose_leader", args=[term.pk]) in home


def test_every_group_leaders_seat_follows_the_term():
    for term in Term.objects.filter(kind=Term.Kind.GROUP_LEADER).select_related("network"):
        [seat] = term.seats.all()
        assert (seat.starts_on, seat.ends_on, seat.person_id) == (term.starts_on, term.ends_on, term.person_id)
        assert seat.committee == services.seat_committee(term.network)
    committee = leaders_term().seats.get().committee
    shown = page(demo.SECRETARIAT, reverse("registry:committee", args=[committee.pk]))
    assert f"Følger vervet som gruppeleder i {demo.DEMO_GROUP}" in shown
