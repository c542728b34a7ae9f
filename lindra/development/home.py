"""People over time's part of each role's home page. A fixed number of queries per role."""

import datetime as dt

from django.db.models import Prefetch, Q

from lindra.accounts.roles import Roles
from lindra.core.shortlists import shortlist_of
from lindra.development import competence, courses, onboarding, terms
from lindra.development import year as member_years
from lindra.development.models import Acceptance, WorkPlan, YearlyMeeting
from lindra.meetings import certificates
from lindra.registry.models import LocalGroup, Membership, Network


def sections(roles: Roles, today: dt.date, now: dt.datetime) -> dict:
    found: dict = {}
    # Competence: the member is asked about the gatherings not yet reported back from; the
    # nearest leader sees what to confirm and what the staff reported back lately.
    if roles.is_member:
        found["report_back_asked"] = competence.awaiting_report_back(roles.person_id, now, today)
    if roles.is_nearest_leader:
        found["activities_to_confirm"] = competence.to_confirm_for(roles.person_id, today)
        found["staff_reports_back"] = competence.reports_back_from_staff(roles.person_id, today)
    found |= _onboarding(roles, today)
    if roles.is_secretariat or roles.is_committee_member:
        # Where most wait first; the rest are on each network's page.
        needs = sorted(courses.needs_for(roles, today, now), key=lambda need: -need.waiting)
        found["intro_course_needs"] = shortlist_of(needs)
    if roles.person_id:
        found["course_certificates"] = certificates.earned_by(roles.person_id)
    # Terms: the group leader and the secretariat see whose term ends and a new leader is due.
    if roles.is_group_leader or roles.is_secretariat:
        among = Q(local_group__in=roles.led_groups) | Q(network__in=roles.secretariat_networks)
        networks = LocalGroup.objects.filter(pk__in=roles.led_groups).values("network_id")
        found["leader_terms_ending"] = terms.ending_terms(
            today, among, networks=Network.objects.filter(Q(pk__in=roles.secretariat_networks) | Q(pk__in=networks))
        )
    found |= _work_plans(roles, today)
    if roles.is_member:
        # The member's year: "Mitt år" with the tasks still open. Nine queries.
        mine = Membership.objects.current(today).filter(person_id=roles.person_id)
        memberships = list(mine.select_related("local_group"))
        years = member_years.years_of_memberships(mine, today.year, today)
        found["my_years"] = [(m, years[m.pk]) for m in memberships]
    return found


def waiting_for_secretariat(roles: Roles, today: dt.date) -> dict:
    return {}


# Onboarding: the group leader's new members who miss something (seed 000: "Sikre at ny
# ressurssykepleier har fått velkomstbrev"), and the function description that waits on the
# member or on the nearest leader (seed 004).
def _onboarding(roles: Roles, today: dt.date) -> dict:
    found: dict = {}
    if roles.is_group_leader:
        counts = onboarding.incomplete_by_group(roles.led_groups, today)
        groups = LocalGroup.objects.filter(pk__in=counts).order_by("name")
        found["onboarding_groups"] = [(group, counts[group.pk]) for group in groups]
    if roles.is_member:
        mine = Membership.objects.filter(person_id=roles.person_id)
        found["description_to_accept"] = onboarding.awaiting_acceptance(mine, Acceptance.Party.MEMBER, today)
    if roles.is_nearest_leader:
        staff = Membership.objects.filter(nearest_leader_id=roles.person_id)
        found["staff_to_accept"] = onboarding.awaiting_acceptance(staff, Acceptance.Party.LEADER, today)
    return found


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
