"""People over time's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from lindra.accounts.roles import Roles
from lindra.development import courses
from lindra.meetings import certificates


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    if roles.is_secretariat or roles.is_committee_member:
        found["intro_course_needs"] = courses.needs_for(roles, today, now)
    if roles.person_id:
        found["course_certificates"] = certificates.earned_by(roles.person_id)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}
