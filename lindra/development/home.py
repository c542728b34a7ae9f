"""People over time's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from django.db.models import Q

from lindra.accounts.roles import Roles
from lindra.development import terms


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    # Terms: the group leader and the secretariat see whose term ends and a new leader is due.
    if roles.is_group_leader or roles.is_secretariat:
        among = Q(local_group__in=roles.led_groups) | Q(network__in=roles.secretariat_networks)
        found["leader_terms_ending"] = terms.ending_terms(today, among)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}
