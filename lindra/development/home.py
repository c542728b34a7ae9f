"""People over time's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from lindra.accounts.roles import Roles
from lindra.development import competence


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    # Competence: the member is asked about the gatherings not yet reported back from; the
    # nearest leader sees what to confirm and what the staff reported back lately.
    if roles.is_member:
        found["report_back_asked"] = competence.awaiting_report_back(roles.person_id, now, today)
    if roles.is_nearest_leader:
        found["activities_to_confirm"] = competence.to_confirm_for(roles.person_id)
        found["staff_reports_back"] = competence.reports_back_from_staff(roles.person_id, today)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}
