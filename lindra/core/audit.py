"""Writing to the audit log. Services call record() once per action they perform.

`changes` is keyed by the field names of the object's model, with plain values: codes of
choices, ISO dates, names of related objects (or their ids), [old, new] for a change. The
log page turns them into Norwegian words (lindra.core.audit_display). A change to several
parts of an object at once is nested under the name of the relation, e.g. a meeting's
{"registrations": {"Mona Hansen": {"attendance": ["", "present"]}}}. Facts that are no
field are labelled by the model's `audit_labels`.
"""

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.functional import Promise

from lindra.core import audit_chain
from lindra.core.models import AuditAction, AuditEvent

# Who writes to the log waits for this lock (PostgreSQL), so that two entries never follow the
# same one. SQLite needs none: its transactions begin IMMEDIATE (settings.py), one writer at
# a time.
CHAIN_LOCK = 7_305_421_118


def chain_key() -> bytes:
    return audit_chain.chain_key(settings.SECRET_KEY, getattr(settings, "AUDIT_CHAIN_KEY", ""))


def _lock_chain(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def _row(event: AuditEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in [*audit_chain.SEALED_FIELDS, "id", "redacted_by"]}


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
    actor_label: str = "",
) -> AuditEvent:
    """`actor_label` names who acted when no user did (a system's API token)."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    event = AuditEvent(
        at=timezone.now(),
        actor=actor,
        actor_label=str(actor) if actor is not None else actor_label,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        target=target or (str(obj) if obj is not None else ""),
        changes=changes or {},
        network=network,
        ip=client_ip(request),
        path=request.path[:300] if request is not None else "",
    )
    using = router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        _lock_chain(using)
        previous = AuditEvent.objects.using(using).order_by("-id").values_list("chain_digest", flat=True).first()
        event.content_digest, event.chain_digest = audit_chain.seal(chain_key(), _row(event), previous or "")
        event.save(using=using, force_insert=True)
    return event


def record_view(
    request,
    obj: models.Model,
    *,
    person_id: int | None,
    network=None,
    exported: bool = False,
    changes: dict[str, Any] | None = None,
) -> AuditEvent | None:
    """Logs that the user opened a page or download that shows a person's data (GDPR art. 15:
    who has seen it): VIEWED, or EXPORTED for a spreadsheet. `person_id` is the person the
    page is about; a person looking at their own is not logged. One entry, one insert."""
    roles = getattr(request, "roles", None)
    if person_id is not None and roles is not None and person_id == roles.person_id:
        return None
    if not request.user.is_authenticated:
        return None
    action = AuditAction.EXPORTED if exported else AuditAction.VIEWED
    return record(action, request=request, obj=obj, network=network, changes=changes)


# Free text (what was agreed, the minutes) stays in its place: the log records only that it
# was saved.
TEXT_SAVED = "saved"


def plain(value: Any) -> Any:
    """A value as the log keeps it: objects by name, dates as ISO text, many as a list."""
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, models.Model | Promise):
        return str(value)
    if isinstance(value, dt.date | dt.time):  # datetimes are dates too
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, Iterable) and not isinstance(value, bytes):
        return [plain(item) for item in value]
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields that changed, as {field: [old, new]}, for an audit entry."""
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def changed_fields(model: type[models.Model], before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The model's fields that changed, for an audit entry: [old, new], or for free text only
    that it was saved (the text stays in its place)."""
    changes = {}
    for name, value in after.items():
        if before.get(name) == value:
            continue
        is_text = isinstance(model._meta.get_field(name), models.TextField)
        changes[name] = TEXT_SAVED if is_text else [plain(before.get(name)), plain(value)]
    return changes


REDACTED_TEXT = "[slettet]"
REDACTED_FIELDS = audit_chain.REDACTED_FIELDS


def _without(value: Any, pattern: re.Pattern) -> Any:
    """The value with every match replaced, through dicts (keys too) and lists."""
    if isinstance(value, str):
        return pattern.sub(REDACTED_TEXT, value)
    if isinstance(value, dict):
        return {_without(key, pattern): _without(item, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [_without(item, pattern) for item in value]
    return value


def redact(texts: Iterable[str], *, request=None, reason: str) -> int:
    """Takes the given texts (people's names, e-mail addresses, phone numbers) out of every
    entry of the log, in one pass over it, and logs that it did: how many entries and why
    (a code, no names, and which entries). Each entry changed is marked and sealed anew, so
    that the log's chain still verifies. Returns the number of entries changed."""
    wanted = sorted({text.strip() for text in texts if text and text.strip()}, key=len, reverse=True)
    if not wanted:
        return 0
    pattern = re.compile("|".join(re.escape(text) for text in wanted), re.IGNORECASE)
    with transaction.atomic():
        changed = []
        for event in AuditEvent.objects.only("id", *REDACTED_FIELDS).order_by("id").iterator(chunk_size=2000):
            before = [event.actor_label, event.target, event.changes, event.path]
            after = [_without(value, pattern) for value in before]
            if after != before:
                event.actor_label, event.target, event.changes, event.path = after
                changed.append(event)
        changes = {"entries": len(changed), "reason": reason}
        if changed:
            changes["ids"] = audit_chain.ids_text(event.pk for event in changed)
        redaction = record(AuditAction.REDACTED, request=request, changes=changes)
        key = chain_key()
        for event in changed:
            event.redacted_at, event.redacted_by = redaction.at, redaction.pk
            event.redacted_digest = audit_chain.redacted_digest(key, {"id": event.pk, **_row(event)})
        AuditEvent.objects.redact_rows(changed, [*REDACTED_FIELDS, "redacted_at", "redacted_by", "redacted_digest"])
    return len(changed)
