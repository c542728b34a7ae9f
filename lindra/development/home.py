"""People over time's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from django.db.models import Prefetch

from lindra.accounts.roles import Roles
from lindra.development.models import WorkPlan, YearlyMeeting
from lindra.registry.models import Membership


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    found |= _work_plans(roles, today)
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}


# --- Work plans -----------------------------------------------------------------------------


def _work_plans(roles: Roles, today: dt.date) -> dict:
    """The member's plan for this year, in each network; the nearest leader's plans to answer
    and yearly meetings to hold. Two queries for each role."""
    found: dict = {}
    year = today.year
    if roles.is_member:
        memberships = (
            Membership.objects.current(today)
            .filter(person_id=roles.person_id)
            .select_related("network")
            .prefetch_related(Prefetch("work_plans", WorkPlan.objects.filter(year=year), to_attr="plans_of_year"))
        )
        found["my_work_plans"] = [(m, m.plans_of_year[0] if m.plans_of_year else None, year) for m in memberships]
    if roles.is_nearest_leader:
        staff = (
            Membership.objects.current(today)
            .filter(nearest_leader_id=roles.person_id)
            .select_related("person")
            .prefetch_related(
                Prefetch(
                    "work_plans",
                    WorkPlan.objects.filter(status=WorkPlan.Status.SUBMITTED, year__gte=year - 1),
                    to_attr="plans_waiting",
                ),
                Prefetch("yearly_meetings", YearlyMeeting.objects.filter(year=year), to_attr="meetings_of_year"),
            )
        )
        found["plans_to_agree"] = sorted(
            ((m, plan) for m in staff for plan in m.plans_waiting), key=lambda row: row[1].submitted_at
        )
        to_hold = [
            (m, m.meetings_of_year[0] if m.meetings_of_year else None)
            for m in staff
            if not (m.meetings_of_year and m.meetings_of_year[0].evaluated_at)
        ]
        # Booked meetings first, soonest first; then those not booked, by name.
        found["yearly_meetings_to_hold"] = [row for row in to_hold if row[1]]
        found["yearly_meetings_to_hold"].sort(key=lambda row: row[1].starts_at)
        found["yearly_meetings_to_hold"] += [row for row in to_hold if not row[1]]
        found["yearly_meetings_year"] = year
    return found
