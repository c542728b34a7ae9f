"""Access for API tokens (DESIGN.md §2: what its network and scope allow, read only).

A call without a valid token is refused with 401; a token without the scope the endpoint
needs with 403 (that says nothing about any object); another network's object, or one that
does not exist, with 404. Every refusal and every read is in the audit log, naming the
token (never its secret).
"""

from typing import NoReturn

from django.db import models
from django.utils.translation import gettext as _

from lindra.api.models import ApiToken, Scope
from lindra.core.audit import record
from lindra.core.models import AuditAction
from lindra.meetings.models import Meeting
from lindra.registry.models import LocalGroup, Network


class ApiRefusal(Exception):
    """A call the API refuses: its status and the message for the calling system."""

    def __init__(self, status: int, message: str, *, wait_seconds: int | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.wait_seconds = wait_seconds


def refuse(
    request, status: int, message: str, *, token: ApiToken | None = None, wait_seconds: int | None = None
) -> NoReturn:
    record(
        AuditAction.ACCESS_REFUSED,
        request=request,
        actor_label=token.actor_label if token else "",
        target=_("API: %(path)s") % {"path": request.path},
        changes={"status": status},
        network=token.network if token else None,
    )
    raise ApiRefusal(status, message, wait_seconds=wait_seconds)


def token_with_scope(request, scope: Scope) -> ApiToken:
    token = request.auth
    if scope not in token.scopes:
        refuse(
            request,
            403,
            _("API-nøkkelen gir ikke tilgang til dette. Den mangler tilgangen «%(scope)s».") % {"scope": scope.label},
            token=token,
        )
    return token


def _not_found(request, token: ApiToken) -> NoReturn:
    refuse(request, 404, _("Finnes ikke i nettverket API-nøkkelen hører til."), token=token)


def network_for(request, pk: int, scope: Scope) -> Network:
    token = token_with_scope(request, scope)
    if pk != token.network_id:
        _not_found(request, token)
    return token.network


def group_for(request, pk: int, scope: Scope) -> LocalGroup:
    token = token_with_scope(request, scope)
    group = LocalGroup.objects.filter(pk=pk, network_id=token.network_id).first()
    if group is None:
        _not_found(request, token)
    return group


def meeting_for(request, pk: int, scope: Scope) -> Meeting:
    token = token_with_scope(request, scope)
    meeting = Meeting.objects.filter(pk=pk, network_id=token.network_id).with_answer_counts().first()
    if meeting is None:
        _not_found(request, token)
    return meeting


def log_read(request, obj: models.Model, *, personal_data: bool = False) -> None:
    """One entry per call: what the token read; a name list, personal data handed to another
    system, as a handover (Utlevert)."""
    token: ApiToken = request.auth
    record(
        AuditAction.EXPORTED if personal_data else AuditAction.VIEWED,
        request=request,
        actor_label=token.actor_label,
        obj=obj,
        network=token.network,
    )
