"""The annual cycle's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from django.db.models import Max

from lindra.accounts.roles import Roles
from lindra.registry.models import Network


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    found |= _annual_reports(roles, today)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}


# --- Annual report ----------------------------------------------------------------------------


def _annual_reports(roles: Roles, today: dt.date) -> dict:
    """For the secretariat and the committees: each network's newest annual report begun (last
    year's when none is), and the list of all years."""
    ids = roles.secretariat_networks | roles.committee_networks
    if not ids:
        return {}
    networks = list(Network.objects.filter(pk__in=ids).annotate(newest_report=Max("annual_reports__year")))
    for network in networks:
        network.report_year = network.newest_report or today.year - 1
    return {"annual_report_networks": networks}
