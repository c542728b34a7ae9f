"""The demo: the Ahus network's questionnaire of this year is open, anonymous, answered by
many, with breakdowns for groups of five or more; the periodic jobs send nothing at once."""

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindra.accounts.models import User
from lindra.annual import questionnaires
from lindra.annual.models import Questionnaire, Response
from lindra.demo import data as demo
from lindra.mail.models import OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def client_of(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_the_ahus_network_has_this_year_s_questionnaire_open_with_answers_enough_for_breakdowns():
    questionnaire = Questionnaire.objects.get(
        network__short_name=demo.AHUS_NETWORK.short_name, year=timezone.localdate().year
    )
    assert questionnaires.state_of(questionnaire) == "open"
    last_year = questionnaire.copied_from
    assert last_year.year == questionnaire.year - 1 and questionnaires.state_of(last_year) == "closed"
    assert last_year.responses.filter(finished=True).count() >= 50
    assert questionnaire.anonymous
    assert not Response.objects.filter(respondent__isnull=False).exists()
    per_group = Response.objects.filter(questionnaire=questionnaire).values("local_group").annotate(n=Count("id"))
    assert sum(1 for row in per_group if row["n"] >= 5) >= 3
    answered = questionnaire.respondents.filter(answered_on__isnull=False).count()
    assert answered == Response.objects.filter(questionnaire=questionnaire, finished=True).count()


def test_the_ahus_secretariat_sees_the_response_rate_and_a_group_s_results():
    questionnaire = Questionnaire.objects.get(
        network__short_name=demo.AHUS_NETWORK.short_name, year=timezone.localdate().year
    )
    client = client_of(demo.AHUS_SECRETARIAT.email)
    home = client.get("/").text
    assert "Årets rapportering" in home and questionnaire.get_absolute_url() in home
    assert "har svart." in client.get(questionnaire.get_absolute_url()).text
    group = (
        Response.objects.filter(questionnaire=questionnaire)
        .values("local_group")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    url = reverse("annual:questionnaire_results", args=[questionnaire.pk]) + f"?gruppe={group['local_group']}"
    page = client.get(url).text
    assert f"{group['n']} svar i utvalget." in page
    assert 'class="chart"' in page


def test_the_periodic_jobs_send_nothing_of_the_demo_questionnaire_today():
    before = OutboxMessage.objects.count()
    questionnaires.open_questionnaires()
    questionnaires.send_questionnaire_reminders()
    assert OutboxMessage.objects.count() == before
