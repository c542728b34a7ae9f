"""Access helpers for the secretariat's token page: find a token the user may see, or refuse."""

from lindra.api.models import ApiToken
from lindra.core.access import refuse_to_change, refuse_to_show


def get_token_to_revoke(request, pk: int) -> ApiToken:
    token = ApiToken.objects.select_related("network").filter(pk=pk).first()
    if token is None or not request.roles.sees_network(token.network_id):
        refuse_to_show(request, f"api token {pk}")
    if not request.roles.runs_network(token.network_id):
        refuse_to_change(request, f"api token {pk}", token.network)
    return token
