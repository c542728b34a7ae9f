"""People over time's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from lindra.accounts.roles import Roles
from lindra.development import year as member_years
from lindra.registry.models import Membership


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    if roles.is_member:
        # The member's year: "Mitt år" with the tasks still open. Seven queries.
        memberships = list(
            member_years.with_leaves(Membership.objects.current(today).filter(person_id=roles.person_id))
        )
        years = member_years.years_of_memberships(memberships, today.year, today)
        found["my_years"] = [(m, years[m.pk]) for m in memberships]
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}
