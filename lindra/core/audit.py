"""Writing to the audit log. Services call record() once per action they perform."""

from typing import Any

from django.db import models

from lindra.core.models import AuditAction, AuditEvent


def client_ip(request) -> str | None:
    # Behind a proxy REMOTE_ADDR is the proxy; deployments set the proxy to pass the
    # client's address as REMOTE_ADDR (gunicorn --forwarded-allow-ips), so trust only it.
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def record(
    action: AuditAction,
    *,
    request=None,
    actor=None,
    obj: models.Model | None = None,
    target: str = "",
    changes: dict[str, Any] | None = None,
    network=None,
) -> AuditEvent:
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=str(actor) if actor is not None else "",
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        target=target or (str(obj) if obj is not None else ""),
        changes=changes or {},
        network=network,
        ip=client_ip(request),
        path=request.path[:300] if request is not None else "",
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as {field: [old, new]}, for an audit entry."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}
