"""The first few of a long list and how many there are in all: what a home page shows of a
list that is worked on elsewhere, so that the page stays as short, and as quick, with a
thousand rows as with ten. One query, the count taken by the database beside the rows."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Window

SHOWN = 10  # a busy secretary's glance: the oldest or most urgent, then "Se alle"


@dataclass(frozen=True)
class Shortlist:
    rows: list
    total: int

    def __iter__(self) -> Iterator:
        return iter(self.rows)

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.total - len(self.rows)


def shortlist(rows: QuerySet) -> Shortlist:
    """The first SHOWN of the ordered rows, and the number of all of them."""
    first = list(rows.annotate(shortlist_total=Window(Count("pk")))[:SHOWN])
    return Shortlist(first, first[0].shortlist_total if first else 0)


def shortlist_of(rows: list) -> Shortlist:
    """The same of rows already in hand, in their order."""
    return Shortlist(rows[:SHOWN], len(rows))
