"""The audit log's chain of seals: a changed, deleted or reordered entry is found.

Each entry is sealed when written:
- content_digest = HMAC(key, the entry's fields in canonical JSON);
- chain_digest = HMAC(key, the previous entry's chain_digest + this content_digest).

Taking personal data out of entries (redact) rewrites them on purpose. A redacted entry keeps
its content_digest and chain_digest as written, so the chain still holds, and is marked:
redacted_at, redacted_by (the id of the REDACTED entry that did it, which comes later in the
chain and lists the ids it redacted) and redacted_digest = HMAC(key, its id, its fields as
they are now, redacted_by). So a redacted entry changed afterwards, an entry marked redacted
that no REDACTED entry accounts for, and a REDACTED entry whose entries were put back are all
found.

The key is AUDIT_CHAIN_KEY, or derived from SECRET_KEY: whoever can change the database but
does not know the key cannot seal a forged entry. Deleting the newest entries leaves a chain
that holds: compare the head the verifier prints with the one it printed before.

The functions here are pure: they work on plain rows (dicts), not on the database.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

GENESIS = ""
# The fields an entry's seal covers. The actor's account (actor_id) is not among them:
# deleting an account clears it; the actor's name as written (actor_label) is sealed.
SEALED_FIELDS = [
    "at",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "target",
    "changes",
    "network_id",
    "ip",
    "path",
]
REDACTED_FIELDS = ["actor_label", "target", "changes", "path"]


def chain_key(secret_key: str, audit_chain_key: str = "") -> bytes:
    if audit_chain_key:
        return audit_chain_key.encode()
    return hashlib.sha256(b"lindra.audit.chain:" + secret_key.encode()).digest()


def _number(value: float) -> Any:
    # PostgreSQL's jsonb gives 1e20 back as an integer: whole numbers are sealed as integers.
    return int(value) if value.is_integer() else value


def _normal(value: Any) -> Any:
    """The value as the database gives it back: JSON's types, whole numbers as integers."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        return {str(key): _normal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(item) for item in value]
    return str(value)


def _moment(value: Any) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _ip(value: Any) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(str(value).split("/")[0]))
    except ValueError:
        return str(value)


def canonical(row: dict[str, Any], fields: Iterable[str] = SEALED_FIELDS) -> bytes:
    values = {}
    for name in fields:
        value = row.get(name)
        if name == "at":
            value = _moment(value)
        elif name == "ip":
            value = _ip(value)
        elif name == "changes":
            value = _normal(json.loads(value) if isinstance(value, str) else value)
        elif name in ("network_id", "redacted_by") and value is not None:
            value = int(value)
        else:
            value = _normal(value)
        values[name] = value
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _mac(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def content_digest(key: bytes, row: dict[str, Any]) -> str:
    return _mac(key, canonical(row))


def chain_digest(key: bytes, previous: str, content: str) -> str:
    return _mac(key, f"{previous}:{content}".encode())


def redacted_digest(key: bytes, row: dict[str, Any]) -> str:
    return _mac(key, f"{row['id']}:".encode() + canonical(row, [*REDACTED_FIELDS, "redacted_by"]))


def seal(key: bytes, row: dict[str, Any], previous: str) -> tuple[str, str]:
    """(content_digest, chain_digest) for a new entry after the one sealed with `previous`."""
    content = content_digest(key, row)
    return content, chain_digest(key, previous, content)


# The ids a REDACTED entry names, kept short: "3-7,12".


def ids_text(ids: Iterable[int]) -> str:
    ids = sorted(set(ids))
    spans: list[list[int]] = []
    for number in ids:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def ids_of(text: Any) -> set[int]:
    ids: set[int] = set()
    if not isinstance(text, str) or not re.fullmatch(r"(\d+(-\d+)?)(,\d+(-\d+)?)*", text):
        return ids
    for part in text.split(","):
        first, _, last = part.partition("-")
        ids.update(range(int(first), int(last or first) + 1))
    return ids


# Verifying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    id: int
    problem: str


@dataclass
class Walk:
    """Where a verification stands between chunks of rows."""

    previous: str = GENESIS
    count: int = 0
    last_id: int | None = None
    # Redacted entries by id: the id of the REDACTED entry each says did it.
    marked: dict[int, int] = field(default_factory=dict)
    # The same, by the REDACTED entry's id, for those not yet reached.
    waiting: dict[int, set[int]] = field(default_factory=dict)


def verify(key: bytes, rows: Iterable[dict[str, Any]], walk: Walk | None = None) -> Iterator[Break]:
    """The broken places among rows given in id order. Pass the same Walk for each chunk, then
    call finish(walk) for what only the end shows."""
    walk = walk if walk is not None else Walk()
    for row in rows:
        walk.count += 1
        number = int(row["id"])
        if walk.last_id is not None and number <= walk.last_id:
            yield Break(number, "out of order")
        walk.last_id = number
        content, link = row.get("content_digest") or "", row.get("chain_digest") or ""
        if not content or not link:
            yield Break(number, "not sealed")
        elif chain_digest(key, walk.previous, content) != link:
            yield Break(number, "chain broken: an entry before it is missing, moved or changed, or its seal is")
        walk.previous = link
        redacted_at, redacted_by = row.get("redacted_at"), row.get("redacted_by")
        if redacted_at is None and redacted_by is None:
            if content and content_digest(key, row) != content:
                yield Break(number, "content changed")
        elif redacted_at is None or redacted_by is None:
            yield Break(number, "marked redacted in part")
        elif redacted_digest(key, row) != row.get("redacted_digest"):
            yield Break(number, "redacted entry changed")
        elif int(redacted_by) <= number:
            yield Break(number, f"marked redacted by {redacted_by}, which comes before it")
        else:
            walk.marked[number] = int(redacted_by)
            walk.waiting.setdefault(int(redacted_by), set()).add(number)
        waiting = walk.waiting.pop(number, set())
        if row.get("action") == "redacted":
            named = ids_of((row.get("changes") or {}).get("ids", "") if isinstance(row.get("changes"), dict) else "")
            for redacted in sorted(waiting - named):
                yield Break(redacted, f"marked redacted by {number}, which does not name it")
            for redacted in sorted(named):
                if redacted < number and walk.marked.get(redacted, 0) < number:
                    yield Break(redacted, f"redaction {number} names it, but it is not marked redacted")
        else:
            for redacted in sorted(waiting):
                yield Break(redacted, f"marked redacted by {number}, which is no redaction")


def finish(walk: Walk) -> Iterator[Break]:
    for by, ids in sorted(walk.waiting.items()):
        for redacted in sorted(ids):
            yield Break(redacted, f"marked redacted by {by}, which is missing")


def verify_all(key: bytes, rows: Iterable[dict[str, Any]]) -> list[Break]:
    walk = Walk()
    return [*verify(key, rows, walk), *finish(walk)]
