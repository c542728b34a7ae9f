"""The annual cycle's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from lindra.accounts.roles import Roles
from lindra.annual import news


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    found |= _news(roles)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}


# --- News to the network: the newest published news for the user's groups and networks.
def _news(roles: Roles) -> dict:
    if not (roles.is_superuser or roles.person_id):
        return {}
    return {"news_for_me": news.for_home_page(roles)}
