"""SQLite compares letters outside ASCII case-sensitively in LIKE, so a search for «årstad»
would not find «Årstad», nor «ødegård» find «Ødegård». Django's icontains, istartswith and
friends use LIKE on SQLite: give each SQLite connection a LIKE that folds case for every
letter. PostgreSQL needs nothing of this."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _pattern(pattern: str, escape: str | None) -> re.Pattern:
    parts, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


@lru_cache(maxsize=512)
def _matcher(pattern: str, escape: str | None):
    """A function telling whether a value matches the pattern. A search (`%text%`, what
    icontains asks for on every row of a table) is a substring test on lower-cased text, several
    times quicker than the regular expression; other patterns use the expression."""
    inner = pattern[1:-1]
    plain = "%" not in inner and "_" not in inner and not (escape and escape in inner)
    if len(pattern) >= 2 and pattern[0] == pattern[-1] == "%" and plain:
        needle = inner.lower()
        return lambda value: needle in value.lower()
    expression = _pattern(pattern, escape)
    return lambda value: expression.fullmatch(value) is not None


def like(pattern: str | None, value, escape: str | None = None) -> bool | None:
    """SQL's `value LIKE pattern [ESCAPE escape]`, case-insensitive for all letters."""
    if pattern is None or value is None:
        return None
    return _matcher(pattern, escape)(str(value))


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)


def install() -> None:
    connection_created.connect(_register, dispatch_uid="lindra.core.sqlite.like")
