"""What SQLite needs that PostgreSQL does by itself.

A LIKE that folds case: SQLite compares letters outside ASCII case-sensitively in LIKE, so a
search for «årstad» would not find «Årstad», nor «ødegård» find «Ødegård». Django's icontains,
istartswith and friends use LIKE on SQLite: each SQLite connection gets a LIKE that folds case
for every letter.

Statistics for the query planner: without them SQLite guesses how many rows each condition
keeps, and at national scale it guessed wrong (a nearest leader's page read the meetings of
whole networks to find the marks of nineteen people: 18 ms for one query instead of 1 ms).
PostgreSQL keeps its own up to date (autovacuum); on SQLite a periodic job analyses each table
whose size has changed much since it was last analysed."""

import re
from functools import lru_cache

from django.db import connection
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


def statistics_are_stale(rows_when_analysed: int | None, rows_now: int) -> bool:
    """Whether a table's planner statistics should be made again: it has rows and was never
    analysed, or its size has changed by more than a quarter (and by more than a few rows)."""
    if rows_when_analysed is None:
        return rows_now > 0
    return abs(rows_now - rows_when_analysed) > max(rows_when_analysed // 4, 50)


def refresh_statistics() -> list[str]:
    """On SQLite, analyses the tables whose statistics are missing or stale; returns their
    names. Idempotent: a second run finds nothing to do."""
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        tables = [
            name
            for (name,) in cursor.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        ]
        analysed: dict[str, int] = {}
        if cursor.execute("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'").fetchone():
            for table, stat in cursor.execute("SELECT tbl, stat FROM sqlite_stat1").fetchall():
                analysed[table] = max(analysed.get(table, 0), int(stat.split()[0]))
        stale = []
        for table in tables:
            (rows,) = cursor.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            if statistics_are_stale(analysed.get(table), rows):
                stale.append(table)
        for table in stale:  # whole tables: exact counts, a second or so at national scale
            cursor.execute(f'ANALYZE "{table}"')
    return stale
