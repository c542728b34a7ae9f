"""The results: charts with their figures as tables, free text listed, filters by group,
profession and kind of workplace, no selection of fewer than five, the spreadsheet; and a
fixed number of queries whatever the number of answers."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lindra.annual.models import Questionnaire
from tests.annual import questionnaire_setup as setup

pytestmark = pytest.mark.django_db


def results_url(questionnaire, **query) -> str:
    url = reverse("annual:questionnaire_results", args=[questionnaire.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_each_question_has_a_chart_and_its_figures_as_a_table(world, client_as):
    questionnaire = setup.make(world)
    setup.fill(questionnaire, 6, local_group=world.group_a1)
    page = client_as("secretariat").get(results_url(questionnaire))
    assert page.status_code == 200
    assert page.text.count('<div class="chart"') >= 8  # every question but the free-text ones
    # Drawn as images, so that the charts' own styles need no inline styles on the page.
    assert '<div class="chart"><img src="data:image/svg+xml;base64,' in page.text
    assert "Tallene for Deltok du på fagdagen?" in page.text
    assert "Mer tid til fag." in page.text  # free text listed
    assert "Gjennomsnitt" in page.text


def test_a_filter_shows_a_group_of_five_and_hides_a_group_of_fewer(world, client_as):
    questionnaire = setup.make(world)
    setup.fill(questionnaire, 5, local_group=world.group_a1)
    setup.fill(questionnaire, 7, local_group=world.group_a2, profession="FT")
    client = client_as("committee_member")
    assert "12 svar i utvalget." in client.get(results_url(questionnaire)).text
    assert "5 svar i utvalget." in client.get(results_url(questionnaire, gruppe=world.group_a1.pk)).text
    fewer = client.get(results_url(questionnaire, gruppe=world.group_a1.pk, yrke="FT"))
    assert "Færre enn 5 svar" in fewer.text and 'class="chart"' not in fewer.text


def test_a_selection_a_few_short_of_a_larger_one_is_not_shown(world, client_as):
    """Seven in A2, of whom five are physiotherapists: the five would reveal the two others."""
    questionnaire = setup.make(world)
    setup.fill(questionnaire, 5, local_group=world.group_a2, profession="FT")
    setup.fill(questionnaire, 2, local_group=world.group_a2, profession="SP")
    setup.fill(questionnaire, 9, local_group=world.group_a1, profession="SP")
    page = client_as("secretariat").get(results_url(questionnaire, gruppe=world.group_a2.pk, yrke="FT"))
    assert "Færre enn 5 svar skiller dette utvalget fra et større" in page.text
    assert 'class="chart"' not in page.text


def test_an_unknown_filter_value_is_ignored(world, client_as):
    questionnaire = setup.make(world)
    setup.fill(questionnaire, 5, local_group=world.group_a1)
    page = client_as("secretariat").get(results_url(questionnaire, gruppe="x", yrke="ZZ", arbeidssted="<b>"))
    assert page.status_code == 200
    assert "5 svar i utvalget." in page.text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_results_page_runs_the_same_number_of_queries_with_twice_the_answers(world, client_as):
    questionnaire = setup.make(world)
    client = client_as("secretariat")
    setup.fill(questionnaire, 10, local_group=world.group_a1)
    setup.fill(questionnaire, 10, local_group=world.group_a2, profession="FT", workplace_kind="hjemmetjeneste")
    some = _queries(client, results_url(questionnaire))
    filtered = _queries(client, results_url(questionnaire, gruppe=world.group_a1.pk, yrke="SP"))
    setup.fill(questionnaire, 20, local_group=world.group_a1)
    setup.fill(questionnaire, 20, local_group=world.group_a2, profession="FT", workplace_kind="hjemmetjeneste")
    assert _queries(client, results_url(questionnaire)) == some
    assert _queries(client, results_url(questionnaire, gruppe=world.group_a1.pk, yrke="SP")) == filtered
    detail = _queries(client, questionnaire.get_absolute_url())
    setup.fill(questionnaire, 5, local_group=world.group_a1)
    assert _queries(client, questionnaire.get_absolute_url()) == detail


def _sheet(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_spreadsheet_has_every_answer_and_names_only_when_not_anonymous(world, client_as, client):
    questionnaire = setup.make(world, anonymous=False)
    client.post(setup.link(world, questionnaire), setup.full_answers(questionnaire))
    rows = _sheet(client_as("secretariat").get(reverse("annual:questionnaire_xlsx", args=[questionnaire.pk])))
    assert rows[0][:3] == ("Navn", "Rolle", "Lokalgruppe")
    assert rows[1][0] == "Mona Medlem" and rows[1][2] == "Bergen sentrum"
    committee = _sheet(client_as("committee_member").get(reverse("annual:questionnaire_xlsx", args=[questionnaire.pk])))
    assert committee[0][0] == "Rolle"
    assert "Mona Medlem" not in {cell for row in committee for cell in row}


def test_the_spreadsheet_of_an_anonymous_questionnaire_holds_nothing_that_points_to_a_person(world, client_as, client):
    questionnaire = setup.make(world)
    assert Questionnaire.objects.get(pk=questionnaire.pk).anonymous
    client.post(setup.link(world, questionnaire), setup.full_answers(questionnaire))
    rows = _sheet(client_as("secretariat").get(reverse("annual:questionnaire_xlsx", args=[questionnaire.pk])))
    assert rows[0][0] == "Hvor mange nettverksmøter i lokalgruppen deltok du på i år?"
    cells = {str(cell) for row in rows for cell in row}
    assert not cells & {"Mona Medlem", "Bergen sentrum", "Sykepleier", "Sykehjem"}


def test_when_leaders_answered_too_the_results_are_filtered_by_role(world, client_as):
    from lindra.annual.models import Response

    questionnaire = setup.make(world, leaders=True)
    setup.fill(questionnaire, 6, local_group=world.group_a1)
    leaders = setup.fill(questionnaire, 5, local_group=world.group_a1, workplace_kind="")
    Response.objects.filter(pk__in=[r.pk for r in leaders]).update(role="leader")
    client = client_as("secretariat")
    assert 'name="rolle"' in client.get(results_url(questionnaire)).text
    assert "5 svar i utvalget." in client.get(results_url(questionnaire, rolle="leader")).text
    assert "6 svar i utvalget." in client.get(results_url(questionnaire, rolle="member")).text
