"""The secretariat builds the questionnaire; members answer by the e-mailed link; each role
gets what DESIGN.md §2 allows; bad input is answered in Norwegian beside its field, keeping
what was typed."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lindra.annual import questionnaires
from lindra.annual.models import Answer, Question, Questionnaire, Respondent, Response
from lindra.core.models import AuditEvent
from tests.annual import questionnaire_setup as setup
from tests.concurrency import assert_refused_keeping_what_was_typed, race

pytestmark = pytest.mark.django_db


def _new(client, world, **data):
    today = timezone.localdate()
    form = {
        "start": "standard",
        "year": today.year,
        "title": "Årlig rapportering",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=14)).isoformat(),
    }
    return client.post(reverse("annual:questionnaires", args=[world.network_a.pk]), form | data)


def test_the_secretariat_makes_the_standard_questionnaire_with_one_click(world, client_as):
    response = _new(client_as("secretariat"), world)
    questionnaire = Questionnaire.objects.get()
    assert response.status_code == 302 and response["Location"] == questionnaire.get_absolute_url()
    texts = [q.text for q in questionnaires.questions_of(questionnaire)]
    assert "Hvor mange nettverksmøter i lokalgruppen deltok du på i år?" in texts
    assert "Hva bør nettverket gjøre bedre?" in texts
    conditional = Question.objects.filter(section__questionnaire=questionnaire, shown_if__isnull=False)
    assert conditional.count() == 2
    assert questionnaire.anonymous


def test_copying_last_year_keeps_the_sections_questions_and_conditions(world, client_as):
    last = setup.make(world, send=False)
    Questionnaire.objects.filter(pk=last.pk).update(year=last.year - 1)
    _new(client_as("secretariat"), world, start="copy", title="Kopi")
    copy = Questionnaire.objects.get(title="Kopi")
    assert copy.copied_from == last
    old, new = questionnaires.questions_of(last), questionnaires.questions_of(copy)
    assert [(q.text, q.kind, q.choices) for q in old] == [(q.text, q.kind, q.choices) for q in new]
    for question in new:
        if question.shown_if_id:
            assert question.shown_if.section.questionnaire_id == copy.pk


def test_copying_without_an_earlier_questionnaire_says_so_beside_the_choice(world, client_as):
    response = _new(client_as("secretariat"), world, start="copy", title="Kopi")
    assert response.status_code == 400
    assert "Nettverket har ikke noe spørreskjema fra før å kopiere." in response.text
    assert 'value="Kopi"' in response.text  # what was typed stays


def test_closing_before_opening_is_refused_beside_the_field(world, client_as):
    today = timezone.localdate()
    response = _new(client_as("secretariat"), world, closes_on=(today - dt.timedelta(days=1)).isoformat())
    assert response.status_code == 400
    assert "Spørreskjemaet må stenge samme dag eller etter at det åpner." in response.text
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize("role", ["committee_member"])
def test_the_committee_reads_but_may_not_make_a_questionnaire(world, client_as, role):
    assert _new(client_as(role), world).status_code == 403
    assert not Questionnaire.objects.exists()


@pytest.mark.parametrize("role", ["member", "group_leader", "other_secretariat", "nearest_leader"])
def test_others_do_not_see_the_network_s_questionnaires(world, client_as, role):
    assert _new(client_as(role), world).status_code == 404
    questionnaire = setup.make(world)
    for name in ("annual:questionnaire", "annual:questionnaire_results", "annual:questionnaire_xlsx"):
        assert client_as(role).get(reverse(name, args=[questionnaire.pk])).status_code == 404


def test_a_question_is_added_with_a_condition_on_an_earlier_answer(world, client_as):
    questionnaire = setup.make(world, send=False)
    section = questionnaire.sections.order_by("position").last()
    gate = Question.objects.get(section__questionnaire=questionnaire, text="Deltok du på fagdagen?")
    url = reverse("annual:questionnaire_question_new", args=[section.pk])
    data = {
        "text": "Hva tok du med deg fra fagdagen?",
        "kind": "text",
        "scale_min": 1,
        "scale_max": 5,
        "shown_if": gate.pk,
        "shown_if_answer": "Ja",
    }
    assert client_as("secretariat").post(url, data).status_code == 302
    added = Question.objects.get(text="Hva tok du med deg fra fagdagen?")
    assert added.shown_if == gate and added.shown_if_answer == "Ja"


def test_a_condition_on_an_answer_that_is_no_choice_is_refused_beside_it(world, client_as):
    questionnaire = setup.make(world, send=False)
    section = questionnaire.sections.order_by("position").last()
    gate = Question.objects.get(section__questionnaire=questionnaire, text="Deltok du på fagdagen?")
    url = reverse("annual:questionnaire_question_new", args=[section.pk])
    data = {"text": "Hvorfor?", "kind": "text", "scale_min": 1, "scale_max": 5, "shown_if": gate.pk}
    response = client_as("secretariat").post(url, data | {"shown_if_answer": "Kanskje"})
    assert response.status_code == 400
    assert "Skriv ett av svaralternativene til spørsmålet: Ja, Nei." in response.text
    assert 'value="Hvorfor?"' in response.text


def test_a_choice_question_needs_two_choices(world, client_as):
    questionnaire = setup.make(world, send=False)
    url = reverse("annual:questionnaire_question_new", args=[questionnaire.sections.first().pk])
    data = {"text": "Velg", "kind": "single", "choices": "Bare én", "scale_min": 1, "scale_max": 5}
    response = client_as("secretariat").post(url, data)
    assert response.status_code == 400
    assert "Skriv minst to svaralternativer, ett per linje." in response.text


def test_the_questions_are_fixed_once_sent(world, client_as):
    questionnaire = setup.make(world)
    question = questionnaires.questions_of(questionnaire)[0]
    client = client_as("secretariat")
    response = client.post(reverse("annual:questionnaire_question", args=[question.pk]), {"handling": "slett"})
    assert response.status_code == 302
    assert Question.objects.filter(pk=question.pk).exists()
    with pytest.raises(questionnaires.QuestionnaireError):
        questionnaires.save_question(question.section, question, {"text": "Nytt"}, by=world.user("secretariat"))


def test_the_committee_may_not_change_a_question(world, client_as):
    questionnaire = setup.make(world, send=False)
    question = questionnaires.questions_of(questionnaire)[0]
    url = reverse("annual:questionnaire_question", args=[question.pk])
    assert client_as("committee_member").post(url, {"handling": "slett"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_settings_saved_by_someone_else_meanwhile_give_a_clear_message(world, client_as):
    questionnaire = setup.make(world, send=False)
    url = reverse("annual:questionnaire_settings", args=[questionnaire.pk])
    data = {
        "title": "Ny tittel",
        "opens_on": questionnaire.opens_on.isoformat(),
        "closes_on": questionnaire.closes_on.isoformat(),
        "version": questionnaire.version - 1 if questionnaire.version > 1 else 99,
    }
    response = client_as("secretariat").post(url, data)
    assert response.status_code == 400
    assert "Noen andre har lagret innstillingene mens du skrev." in response.text
    data["version"] = questionnaire.version
    data["reminder_1"] = (questionnaire.opens_on + dt.timedelta(days=7)).isoformat()
    assert client_as("secretariat").post(url, data).status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.title == "Ny tittel"
    assert [r.on for r in questionnaire.reminders.all()] == [questionnaire.opens_on + dt.timedelta(days=7)]


def test_a_reminder_outside_the_open_days_is_refused(world, client_as):
    questionnaire = setup.make(world, send=False)
    url = reverse("annual:questionnaire_settings", args=[questionnaire.pk])
    data = {
        "title": "T",
        "opens_on": questionnaire.opens_on.isoformat(),
        "closes_on": questionnaire.closes_on.isoformat(),
        "version": questionnaire.version,
        "reminder_1": (questionnaire.closes_on + dt.timedelta(days=1)).isoformat(),
    }
    response = client_as("secretariat").post(url, data)
    assert response.status_code == 400
    assert "En påminnelse må være etter åpningsdagen og senest stengedagen." in response.text


# --- Answering ------------------------------------------------------------------------------


def test_opening_the_link_records_nothing(world, client):
    questionnaire = setup.make(world)
    before = (Response.objects.count(), Answer.objects.count(), AuditEvent.objects.count())
    respondents = list(Respondent.objects.values_list("pk", "answered_on"))
    response = client.get(setup.link(world, questionnaire))
    assert response.status_code == 200
    assert "Hvor mange nettverksmøter i lokalgruppen deltok du på i år?" in response.text
    assert (Response.objects.count(), Answer.objects.count(), AuditEvent.objects.count()) == before
    assert list(Respondent.objects.values_list("pk", "answered_on")) == respondents


def test_a_forged_link_is_refused(world, client):
    setup.make(world)
    response = client.get(reverse("annual:questionnaire_answer", args=["ikke-en-lenke"]))
    assert response.status_code == 404
    assert "Lenken virker ikke" in response.text


def test_a_member_saves_a_draft_and_finishes_later_without_signing_in(world, client):
    questionnaire = setup.make(world, anonymous=False)
    link = setup.link(world, questionnaire)
    first = questionnaires.questions_of(questionnaire)[0]
    assert client.post(link, {"handling": "lagre", f"q{first.pk}": "2"}).status_code == 302
    page = client.get(link)
    assert 'value="2"' in page.text
    assert "Du fortsetter på utkastet du lagret." in page.text
    assert client.post(link, setup.full_answers(questionnaire)).status_code == 302
    respondent = setup.respondent(world, questionnaire)
    assert respondent.answered_on == timezone.localdate()
    assert respondent.response.finished
    assert "Du sendte inn svarene dine" in client.get(link).text


def test_bad_answers_are_shown_beside_their_fields_and_kept(world, client):
    questionnaire = setup.make(world)
    link = setup.link(world, questionnaire)
    number = questionnaires.questions_of(questionnaire)[0]
    data = setup.full_answers(questionnaire) | {f"q{number.pk}": "99"}
    response = client.post(link, data)
    assert response.status_code == 400
    assert "Svaret må være fra 0 til 20." in response.text
    assert 'value="99"' in response.text
    assert f'href="#id_q{number.pk}' in response.text
    assert not Response.objects.exists()


def test_finishing_without_a_required_answer_is_refused(world, client):
    questionnaire = setup.make(world)
    link = setup.link(world, questionnaire)
    number = questionnaires.questions_of(questionnaire)[0]
    data = setup.full_answers(questionnaire)
    del data[f"q{number.pk}"]
    response = client.post(link, data)
    assert response.status_code == 400
    assert "Svar på dette spørsmålet." in response.text
    assert setup.respondent(world, questionnaire).answered_on is None


def test_the_answer_to_a_question_hidden_by_the_earlier_answer_is_dropped(world, client):
    questionnaire = setup.make(world, anonymous=False)
    hidden = Question.objects.get(section__questionnaire=questionnaire, text="Hva gjorde at du ikke fikk gitt referat?")
    data = setup.full_answers(questionnaire) | {f"q{hidden.pk}": "Hadde ikke tid"}
    assert client.post(setup.link(world, questionnaire), data).status_code == 302
    assert not Answer.objects.filter(question=hidden).exists()


def test_answering_twice_is_refused(world, client):
    questionnaire = setup.make(world)
    link = setup.link(world, questionnaire)
    client.post(link, setup.full_answers(questionnaire))
    client.post(link, setup.full_answers(questionnaire))
    assert Response.objects.filter(finished=True).count() == 1


def test_after_closing_the_link_says_so_and_takes_nothing(world, client):
    questionnaire = setup.make(world)
    link = setup.link(world, questionnaire)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        opens_on=timezone.localdate() - dt.timedelta(days=9), closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert "stengte" in client.get(link).text
    client.post(link, setup.full_answers(questionnaire))
    assert not Response.objects.exists()


def test_the_member_s_home_page_asks_for_the_answer_while_open_and_not_finished(world, client_as, client):
    questionnaire = setup.make(world)
    home = client_as("member").get(reverse("home:home"))
    assert "Svar på årlig rapportering" in home.text
    shown = re.search(r'href="(/sporreskjema/svar/[^"]+)"', home.text).group(1)
    # The signed link carries the second it was made, so follow the one shown rather than compare it.
    assert questionnaires.respondent_for_token(shown.rstrip("/").rsplit("/", 1)[1]) == setup.respondent(
        world, questionnaire, "member"
    )
    client.post(shown, setup.full_answers(questionnaire))
    assert "Svar på årlig rapportering" not in client_as("member").get(reverse("home:home")).text


def test_nearest_leaders_are_asked_once_each_when_chosen(world):
    questionnaire = setup.make(world, leaders=True)
    leaders = Respondent.objects.filter(questionnaire=questionnaire, role=Respondent.Role.LEADER)
    assert [r.person for r in leaders] == [world.person("nearest_leader")]  # Lars leads Mona and Aina
    members = Respondent.objects.filter(questionnaire=questionnaire, role=Respondent.Role.MEMBER)
    assert {r.person.given_name for r in members} == {"Mona", "Aina", "Olav"}


# --- The secretariat's page and the results -------------------------------------------------


def test_the_response_rate_per_group_is_live(world, client_as, client):
    questionnaire = setup.make(world)
    client.post(setup.link(world, questionnaire), setup.full_answers(questionnaire))
    page = client_as("secretariat").get(questionnaire.get_absolute_url())
    assert "1 av 3 har svart." in page.text
    assert "50 %" in page.text  # Bergen sentrum: Mona of Mona and Aina
    assert "Mona" not in page.text


def test_a_results_page_of_fewer_than_five_answers_shows_none(world, client_as, client):
    questionnaire = setup.make(world)
    client.post(setup.link(world, questionnaire), setup.full_answers(questionnaire))
    page = client_as("committee_member").get(reverse("annual:questionnaire_results", args=[questionnaire.pk]))
    assert page.status_code == 200
    assert "Færre enn 5 svar" in page.text
    assert "Godt å møtes." not in page.text


def test_a_nearest_leader_is_asked_the_leaders_questions_and_a_member_the_members(world, client):
    questionnaire = setup.make(world, leaders=True, anonymous=False)
    leader_page = client.get(setup.link(world, questionnaire, "nearest_leader")).text
    member_page = client.get(setup.link(world, questionnaire, "member")).text
    leaders_question = "Har dere hatt det årlige møtet om ressurspersonens arbeidsplan?"
    members_question = "Hvor mange nettverksmøter i lokalgruppen deltok du på i år?"
    assert leaders_question in leader_page and members_question not in leader_page
    assert members_question in member_page and leaders_question not in member_page
    assert (
        client.post(setup.link(world, questionnaire, "nearest_leader"), setup.full_answers(questionnaire)).status_code
        == 302
    )
    response = setup.respondent(world, questionnaire, "nearest_leader").response
    assert response.role == "leader" and response.finished
    assert set(response.answers.values_list("question__audience", flat=True)) == {"leader"}


def test_two_secretaries_editing_one_section_the_second_is_told_and_keeps_what_they_typed(world, client_as):
    questionnaire = setup.make(world, send=False)
    section = questionnaire.sections.first()
    url = reverse("annual:questionnaire_section", args=[section.pk])
    result = race(
        client_as("secretariat"), client_as("superuser"), url, {"title": "Om møtene"}, {"title": "Møtene i året"}
    )
    assert_refused_keeping_what_was_typed(
        result.second, "Noen andre har lagret denne delen mens du skrev. Se over og lagre igjen.", "Møtene i året"
    )
    section.refresh_from_db()
    assert section.title == "Om møtene"


def test_two_secretaries_editing_one_question_the_second_is_told_and_keeps_what_they_typed(world, client_as):
    questionnaire = setup.make(world, send=False)
    question = questionnaires.questions_of(questionnaire)[0]
    url = reverse("annual:questionnaire_question", args=[question.pk])
    result = race(
        client_as("secretariat"),
        client_as("superuser"),
        url,
        {"text": "Hvor mange møter var du på?"},
        {"text": "Hvor mange møter deltok du på?"},
    )
    assert_refused_keeping_what_was_typed(
        result.second,
        "Noen andre har lagret dette spørsmålet mens du skrev. Se over og lagre igjen.",
        "Hvor mange møter deltok du på?",
    )
    question.refresh_from_db()
    assert question.text == "Hvor mange møter var du på?"
