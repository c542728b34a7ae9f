"""An anonymous questionnaire: nobody in Lindra can tie an answer to a person. The response
keeps no respondent and no time; the respondent keeps only the day it finished; a draft is
found again only by a random key the respondent's browser holds; no page, spreadsheet or log
entry carries both a person and an answer."""

import io

import pytest
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook

from lindra.annual import questionnaires
from lindra.annual.models import Answer, Respondent, Response
from lindra.core.models import AuditEvent
from lindra.mail.models import OutboxMessage
from tests.annual import questionnaire_setup as setup

pytestmark = pytest.mark.django_db


def test_no_field_of_a_response_or_answer_points_to_a_person_or_a_moment():
    for model in (Response, Answer):
        for field in model._meta.get_fields():
            assert not isinstance(field, (models.DateTimeField, models.DateField, models.TimeField)), field
            related = getattr(field, "related_model", None)
            if related is not None and field.concrete:
                assert related._meta.label not in {"registry.Person", "registry.Membership", "accounts.User"}, field
    assert isinstance(Respondent._meta.get_field("answered_on"), models.DateField)
    assert not isinstance(Respondent._meta.get_field("answered_on"), models.DateTimeField)


def _answer_as(world, client, questionnaire, role: str, text: str):
    free = [q for q in questionnaires.questions_of(questionnaire, "member") if q.kind == "text"][-1]
    return client.post(
        setup.link(world, questionnaire, role), setup.full_answers(questionnaire, **{f"q{free.pk}": text})
    )


def test_no_query_page_spreadsheet_or_log_entry_ties_an_anonymous_answer_to_its_person(world, client_as):
    questionnaire = setup.make(world)
    secrets = {"member": "Mona skriver dette", "host": "Aina skriver dette", "other_member": "Olav skriver dette"}
    for role, text in secrets.items():
        assert _answer_as(world, client_as("visitor"), questionnaire, role, text).status_code == 302
    setup.fill(questionnaire, 5, local_group=world.group_a1)

    # The database: no response names its respondent, keeps a key, or carries a time.
    assert not Response.objects.filter(respondent__isnull=False).exists()
    assert not Response.objects.exclude(resume_key_hash="").exists()
    assert Respondent.objects.filter(answered_on__isnull=False).count() == 3
    # Nothing written alongside: the log says nothing of responses or answers; no e-mail quotes one.
    assert not AuditEvent.objects.filter(object_type__in=["annual.Response", "annual.Answer"]).exists()
    assert not [e for e in AuditEvent.objects.all() if any(t in str(e.changes) for t in secrets.values())]
    assert not [m for m in OutboxMessage.objects.all() if any(t in m.body_text for t in secrets.values())]

    # The pages and the spreadsheet, as the secretariat: answers without names, names without answers.
    client = client_as("secretariat")
    results = client.get(reverse("annual:questionnaire_results", args=[questionnaire.pk])).text
    assert all(text in results for text in secrets.values())
    for role in secrets:
        assert world.person(role).full_name not in results
    detail = client.get(questionnaire.get_absolute_url()).text
    assert not any(text in detail for text in secrets.values())
    sheet = load_workbook(io.BytesIO(client.get(reverse("annual:questionnaire_xlsx", args=[questionnaire.pk])).content))
    rows = [[str(c) for c in row] for row in sheet.active.iter_rows(values_only=True)]
    cells = {cell for row in rows for cell in row}
    assert not cells & {world.person(role).full_name for role in secrets}
    # The rows are in the order of their answers, not of their answering.
    assert rows[1:] == sorted(rows[1:])
    # Free text is listed in alphabetical order, not the order it came in.
    positions = [results.index(secrets[r]) for r in ("host", "member", "other_member")]
    assert positions == sorted(positions)


def test_an_anonymous_draft_is_found_again_only_by_the_browser_that_saved_it(world, client_as):
    questionnaire = setup.make(world)
    link = setup.link(world, questionnaire)
    first = questionnaires.questions_of(questionnaire)[0]
    phone = client_as("visitor")
    response = phone.post(link, {"handling": "lagre", f"q{first.pk}": "7"})
    cookie = response.cookies[questionnaires.cookie_name(questionnaire)]
    assert cookie["httponly"] and cookie["path"] == link
    draft = Response.objects.get()
    assert draft.respondent is None and not draft.finished
    assert draft.resume_key_hash == questionnaires.hash_key(cookie.value)
    assert cookie.value not in draft.resume_key_hash
    assert 'value="7"' in phone.get(link).text
    assert 'value="7"' not in client_as("visitor").get(link).text  # another browser: a fresh form
    phone.post(link, setup.full_answers(questionnaire))
    finished = Response.objects.get(pk=draft.pk)
    assert finished.finished and finished.resume_key_hash == ""
    assert Response.objects.count() == 1


def test_a_questionnaire_that_is_not_anonymous_ties_the_response_to_its_respondent(world, client):
    questionnaire = setup.make(world, anonymous=False)
    client.post(setup.link(world, questionnaire), setup.full_answers(questionnaire))
    response = Response.objects.get()
    assert response.respondent == setup.respondent(world, questionnaire)
    assert AuditEvent.objects.filter(object_type="annual.Response", object_id=str(response.pk)).exists()
