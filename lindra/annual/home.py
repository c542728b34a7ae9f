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


def _questionnaires(roles: Roles, today: dt.date) -> dict:
    if roles.person_id is None:
        return {}
    asked = questionnaires.open_for(roles.person_id, today)
    return {"questionnaires_to_answer": [(r.questionnaire, questionnaires.answer_path(r)) for r in asked]}
