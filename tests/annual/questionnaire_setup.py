"""A questionnaire of network A for the tests: the standard one, open from today, sent."""

import datetime as dt

from django.utils import timezone

from lindra.annual import questionnaires
from lindra.annual.models import Questionnaire, Respondent
from tests.personas import World


def make(
    world: World, *, anonymous: bool = True, send: bool = True, leaders: bool = False, days: int = 14
) -> Questionnaire:
    today = timezone.localdate()
    questionnaire = questionnaires.create_questionnaire(
        world.network_a,
        year=today.year,
        title="Årlig rapportering",
        opens_on=today,
        closes_on=today + dt.timedelta(days=days),
        start=questionnaires.STANDARD,
        by=world.user("secretariat"),
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(anonymous=anonymous, include_leaders=leaders)
    if send:
        questionnaires.open_questionnaires()
    questionnaire.refresh_from_db()
    return questionnaire


def respondent(world: World, questionnaire: Questionnaire, role: str = "member") -> Respondent:
    return Respondent.objects.get(questionnaire=questionnaire, person=world.person(role))


def link(world: World, questionnaire: Questionnaire, role: str = "member") -> str:
    return questionnaires.answer_path(respondent(world, questionnaire, role).pk)


def full_answers(questionnaire: Questionnaire, **overrides) -> dict:
    """A POST that answers every required question of the standard questionnaire."""
    data = {"handling": "send"}
    for question in questionnaires.questions_of(questionnaire):
        name = f"q{question.pk}"
        if question.kind == "number":
            data[name] = "3"
        elif question.kind == "scale":
            data[name] = "4"
        elif question.kind == "single":
            data[name] = question.choices[0]
        elif question.kind == "multiple":
            data[name] = [question.choices[0]]
        else:
            data[name] = "Godt å møtes."
    data.update(overrides)
    return data


def fill(
    questionnaire: Questionnaire, n: int, *, local_group=None, profession: str = "SP", workplace_kind: str = "sykehjem"
):
    """n finished responses straight in the database, each answering every question."""
    from lindra.annual.models import Answer, Response

    questions = questionnaires.questions_of(questionnaire, "member")
    responses = Response.objects.bulk_create(
        [
            Response(
                questionnaire=questionnaire,
                local_group=local_group,
                profession=profession,
                workplace_kind=workplace_kind,
                finished=True,
            )
            for _ in range(n)
        ]
    )
    values = {"number": 4, "scale": 3, "text": "Mer tid til fag."}
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=q,
                value=values.get(q.kind)
                or (q.choices[i % len(q.choices)] if q.kind == "single" else [q.choices[i % len(q.choices)]]),
            )
            for i, response in enumerate(responses)
            for q in questions
        ]
    )
    return responses
