"""Who sees and changes a member's reports back and competence activities: seen by whoever
sees the membership (the member, the nearest leader, the group leader, the secretariat);
written only by the member; confirmed only by the member's nearest leader."""

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.development.models import CompetenceActivity
from lindra.registry.access import get_membership_for_user
from lindra.registry.models import Membership


def is_the_member(roles, membership: Membership) -> bool:
    return roles.person_id is not None and membership.person_id == roles.person_id


def is_the_leader(roles, membership: Membership) -> bool:
    return roles.person_id is not None and membership.nearest_leader_id == roles.person_id


def get_membership_to_record(request, pk: int) -> Membership:
    """A membership the user records reports back and activities on: their own."""
    membership = get_membership_for_user(request, pk)
    if not is_the_member(request.roles, membership):
        refuse_to_change(request, f"membership {pk} competence", membership.network)
    return membership


def get_activity_for_user(request, pk: int, *, change: bool = False) -> CompetenceActivity:
    activity = CompetenceActivity.objects.filter(pk=pk).select_related("confirmed_by").first()
    if activity is None:
        refuse_to_show(request, f"competence activity {pk}")
    activity.membership = get_membership_for_user(request, activity.membership_id)
    if change and not is_the_member(request.roles, activity.membership):
        refuse_to_change(request, f"competence activity {pk}", activity.membership.network)
    return activity


def get_activity_to_confirm(request, pk: int) -> CompetenceActivity:
    activity = get_activity_for_user(request, pk)
    if not is_the_leader(request.roles, activity.membership):
        refuse_to_change(request, f"competence activity {pk} confirm", activity.membership.network)
    return activity
