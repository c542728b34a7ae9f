"""The secretariat's page of API tokens: make one (its secret shown once), see when each was
last used, revoke."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindra.api import tokens
from lindra.api.forms import TokenForm
from lindra.api.token_access import get_token_to_revoke
from lindra.core.errors import DomainError
from lindra.core.views_helpers import render_form, run_form
from lindra.registry.access import get_network_for_user


def token_list(request, pk: int):
    network = get_network_for_user(request, pk, change=True)
    form = TokenForm(request.POST or None)
    made = run_form(
        request,
        form,
        lambda data: tokens.create_token(
            network, name=data["name"], scopes=data["scopes"], by=request.user, request=request
        ),
    )
    if made:
        token, text = made
        return render(request, "api/token_made.html", {"network": network, "token": token, "text": text})
    return render_form(
        request,
        "api/tokens.html",
        form,
        network=network,
        tokens=network.api_tokens.select_related("created_by", "revoked_by"),
    )


@require_POST
def token_revoke(request, pk: int):
    token = get_token_to_revoke(request, pk)
    try:
        tokens.revoke_token(token, by=request.user, request=request)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        message = _("Nøkkelen «%(name)s» er trukket tilbake. Den virker ikke lenger.")
        messages.success(request, message % {"name": token.name})
    return redirect("api_tokens:list", token.network_id)
