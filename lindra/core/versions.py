"""Concurrent edits: a record's version rises with every save, and a save that started from
an older version is refused, so that nobody overwrites what someone else saved meanwhile."""

from collections.abc import Callable

from django.db.models import F


def bump_version(
    model, pk: int, expected_version: int | None, *, stale: Callable[[int | None], Exception], **updates
) -> int:
    """Raises the record's version (and saves `updates` with it) and returns the new one;
    raises stale(current version) when it is no longer expected_version (None: save whatever
    the version)."""
    rows = model.objects.filter(pk=pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, **updates):
        raise stale(model.objects.filter(pk=pk).values_list("version", flat=True).first())
    return model.objects.values_list("version", flat=True).get(pk=pk)
