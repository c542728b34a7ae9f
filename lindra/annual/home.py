"""The annual cycle's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from lindra.accounts.roles import Roles


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    found |= _questionnaires(roles, today)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}


# --- Questionnaire: "Svar på årlig rapportering" while a questionnaire the person was asked is
# open and not finished. One query.
from lindra.annual import questionnaires  # noqa: E402
from lindra.registry.models import Network  # noqa: E402


def _questionnaires(roles: Roles, today: dt.date) -> dict:
    """The questionnaires to answer; for the secretariat and the committees, this year's
    questionnaires of their networks with the response so far, and the way to each network's
    list of them. Three queries."""
    found: dict = {}
    if roles.person_id is not None:
        asked = questionnaires.open_for(roles.person_id, today)
        found["questionnaires_to_answer"] = [(r.questionnaire, questionnaires.answer_path(r)) for r in asked]
    networks = roles.secretariat_networks | roles.committee_networks
    if networks:
        found["questionnaires_of_year"] = questionnaires.of_year(networks, today)
        found["questionnaire_networks"] = list(Network.objects.filter(pk__in=networks).order_by("name"))
    return found
