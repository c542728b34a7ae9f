"""Access helpers of people over time: find an object the user may see, or refuse."""

from lindra.core.access import refuse_to_change, refuse_to_show
from lindra.registry.access import get_group_for_user
from lindra.registry.models import Term

# --- Terms ---------------------------------------------------------------------------------------


def get_leader_term_for_user(request, pk: int, *, change: bool = False) -> Term:
    """A group leader's term is seen by whoever sees the group; the choice of who follows it
    is recorded by the network's secretariat and by the group's leader."""
    term = Term.objects.select_related("network", "local_group", "person").filter(pk=pk).first()
    if term is None or term.kind != Term.Kind.GROUP_LEADER:
        refuse_to_show(request, f"term {pk}")
    term.local_group = get_group_for_user(request, term.local_group_id)
    if change and not request.roles.runs_group(term.local_group_id, term.network_id):
        refuse_to_change(request, f"term {pk}", term.network)
    return term
