"""The annual cycle's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

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
    """For the secretariat and the committees: each network's annual reports, last year's first."""
    ids = roles.secretariat_networks | roles.committee_networks
    if not ids:
        return {}
    return {"annual_report_networks": list(Network.objects.filter(pk__in=ids)), "annual_report_year": today.year - 1}
