"""Who sees a questionnaire and who changes it (DESIGN.md §2): the network's secretariat builds
and sends it and reads the results; the committees of the network read the response rate and
the results, which never carry names; others see nothing of it."""

from lindra.annual.models import Question, Questionnaire, Section
from lindra.core.access import refuse_to_change, refuse_to_show


def get_questionnaire_for_user(request, pk: int, *, change: bool = False) -> Questionnaire:
    questionnaire = Questionnaire.objects.select_related("network").filter(pk=pk).first()
    if questionnaire is None or not request.roles.sees_network(questionnaire.network_id):
        refuse_to_show(request, f"questionnaire {pk}")
    if change and not request.roles.runs_network(questionnaire.network_id):
        refuse_to_change(request, f"questionnaire {pk}", questionnaire.network)
    return questionnaire


def get_section_for_user(request, pk: int) -> Section:
    section = Section.objects.select_related("questionnaire__network").filter(pk=pk).first()
    if section is None or not request.roles.sees_network(section.questionnaire.network_id):
        refuse_to_show(request, f"questionnaire section {pk}")
    if not request.roles.runs_network(section.questionnaire.network_id):
        refuse_to_change(request, f"questionnaire section {pk}", section.questionnaire.network)
    return section


def get_question_for_user(request, pk: int) -> Question:
    question = Question.objects.select_related("section__questionnaire__network").filter(pk=pk).first()
    if question is None or not request.roles.sees_network(question.section.questionnaire.network_id):
        refuse_to_show(request, f"question {pk}")
    if not request.roles.runs_network(question.section.questionnaire.network_id):
        refuse_to_change(request, f"question {pk}", question.section.questionnaire.network)
    return question
