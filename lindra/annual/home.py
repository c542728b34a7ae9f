"""The annual cycle's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from lindra.accounts.roles import Roles


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}
