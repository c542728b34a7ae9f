"""The member's year shows the annual reporting as it stands: not sent in Lindra, open and
not answered (with the way to answer for the member only), answered."""

from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lindra.registry.models import Membership
from tests.annual import questionnaire_setup as setup

pytestmark = pytest.mark.django_db


def year_page(world, client_as, role: str) -> str:
    mona = Membership.objects.get(person=world.person("member"))
    return client_as(role).get(reverse("development:member_year", args=[mona.pk, timezone.localdate().year])).text


def test_the_member_s_year_shows_the_annual_reporting_as_it_stands(world, client_as, client):
    assert "Det årlige spørreskjemaet er ikke tatt i bruk i Lindra ennå." in year_page(world, client_as, "member")
    questionnaire = setup.make(world)
    # The link is signed with the time: the page's and this one are made in the same second.
    with time_machine.travel(timezone.now(), tick=False):
        link = setup.link(world, questionnaire)
        mine = year_page(world, client_as, "member")
    assert "Ikke svart ennå. Åpent til" in mine and link in mine
    leaders = year_page(world, client_as, "group_leader")
    assert "Ikke svart ennå." in leaders and "/sporreskjema/svar/" not in leaders
    client.post(link, setup.full_answers(questionnaire))
    assert "Svart " in year_page(world, client_as, "secretariat")


def test_the_members_years_of_a_group_count_who_answered(world, client_as, client):
    url = reverse("development:group_members_year", args=[world.group_a1.pk, timezone.localdate().year])
    assert "Kommer" in client_as("group_leader").get(url).text
    questionnaire = setup.make(world)
    client.post(setup.link(world, questionnaire), setup.full_answers(questionnaire))
    page = client_as("group_leader").get(url).text
    assert "1 av 2 svart" in page
    assert "Ikke svart ennå." in page and "Svart " in page
    assert "/sporreskjema/svar/" not in page


def test_the_members_years_spreadsheet_says_who_answered_the_annual_reporting(world, client_as, client):
    """The spreadsheet tells the annual reporting as the page does, and counts who answered."""
    url = reverse("development:group_members_year", args=[world.group_a1.pk, timezone.localdate().year])
    questionnaire = setup.make(world)
    client.post(setup.link(world, questionnaire), setup.full_answers(questionnaire))
    rows = list(load_workbook(BytesIO(client_as("group_leader").get(url + "?format=xlsx").content)).active.values)
    by_name = {row[1]: row for row in rows[1:-1]}
    assert by_name["Mona"][-2] == "Gjort" and by_name["Mona"][-1].startswith("Svart ")
    assert by_name["Aina"][-2] == "Frist senere" and by_name["Aina"][-1].startswith("Ikke svart ennå. Åpent til")
    assert rows[-1][-2:] == (1, "1 av 2")
