"""The annual cycle's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from lindra.accounts.roles import Roles
from lindra.annual import documents, news


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    found |= _documents(roles, today)
    found |= _news(roles)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}


# Documents: "Dokumenter som skal revideres" for the secretariat and the working group (003 §6).
def _documents(roles: Roles, today: dt.date) -> dict:
    if not (roles.is_secretariat or roles.is_committee_member):
        return {}
    return {"documents_to_revise": documents.due_for_revision(roles, today)}


# --- News to the network: the newest published news for the user's groups and networks.
def _news(roles: Roles) -> dict:
    if not (roles.is_superuser or roles.person_id):
        return {}
    return {"news_for_me": news.for_home_page(roles)}
