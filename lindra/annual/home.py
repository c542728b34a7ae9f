"""The annual cycle's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from lindra.accounts.roles import Roles
from lindra.annual import deviations


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    found |= _deviations(roles, today, now)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}


# --- Deviations: what waits on the group leader, the operations group and the secretariat; the
# reporter's own, open or closed lately. One query for each.


def _deviations(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {"deviations_today": today}
    if roles.is_group_leader or roles.is_committee_member or roles.is_secretariat:
        found["deviations_to_handle"] = list(deviations.to_handle_by(roles))
    if roles.person_id is not None:
        since = now - dt.timedelta(days=deviations.CLOSED_SHOWN_DAYS)
        found["my_deviations"] = list(deviations.reported_by(roles.person_id, since=since))
    return found
