"""Making, finding and revoking API tokens, and counting their calls against the limit."""

import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.api import rules
from lindra.api.models import ApiToken, Scope
from lindra.core.audit import record
from lindra.core.errors import DomainError
from lindra.core.models import AuditAction
from lindra.registry.models import Network

SECRET_BYTES = 32  # 256 random bits, as 43 characters


def create_token(network: Network, *, name: str, scopes: list[str], by, request=None) -> tuple[ApiToken, str]:
    """Makes a token for the network with the scopes; returns it and the full token text,
    which is shown once and kept nowhere."""
    unknown = set(scopes) - set(Scope.values)
    if not scopes or unknown:
        raise DomainError(_("Velg minst én tilgang."), field="scopes")
    secret = secrets.token_urlsafe(SECRET_BYTES)
    with transaction.atomic():
        token = ApiToken.objects.create(
            network=network,
            name=name.strip(),
            scopes=[scope for scope in Scope.values if scope in scopes],
            key=secrets.token_hex(rules.KEY_LENGTH // 2),
            secret_digest=rules.digest(secret),
            created_by=by,
        )
        record(
            AuditAction.CREATED,
            request=request,
            actor=by,
            obj=token,
            network=network,
            changes={"name": token.name, "scopes": token.scopes},
        )
    return token, rules.token_text(token.key, secret)


def revoke_token(token: ApiToken, *, by, request=None) -> ApiToken:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise DomainError(_("Nøkkelen er allerede trukket tilbake."))
        locked.revoked_at, locked.revoked_by = timezone.now(), by
        locked.save(update_fields=["revoked_at", "revoked_by"])
        record(
            AuditAction.CHANGED,
            request=request,
            actor=by,
            obj=locked,
            network=locked.network,
            changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
        )
    return locked


def token_for(text: str) -> ApiToken | None:
    """The token the text is, revoked or not; None when it is no token Lindra made."""
    parsed = rules.parse_token(text)
    if parsed is None:
        return None
    key, secret = parsed
    token = ApiToken.objects.select_related("network").filter(key=key).first()
    if token is None or not rules.secret_matches(secret, token.secret_digest):
        return None
    return token


def mark_used(token: ApiToken) -> None:
    token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)


def count_call(token: ApiToken, now: float | None = None) -> int | None:
    """Counts the call in the token's minute (the cache framework, so all web processes share
    it when the cache is shared); None when within the limit, else the seconds to wait."""
    window, seconds_left = rules.minute_window(time.time() if now is None else now)
    cache_key = f"lindra-api-calls:{token.pk}:{window}"
    cache.add(cache_key, 0, timeout=seconds_left + 1)
    try:
        calls = cache.incr(cache_key)
    except ValueError:  # the entry expired between add and incr: this call starts the minute
        cache.set(cache_key, 1, timeout=seconds_left + 1)
        calls = 1
    if rules.within_limit(calls, settings.API_CALLS_PER_MINUTE):
        return None
    return seconds_left
