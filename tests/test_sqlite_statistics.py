"""The query planner's statistics on SQLite (lindra.core.sqlite.refresh_statistics), kept by
the periodic job: made for a table the first time it has rows, again when its size has changed
much, and not otherwise, so that running the job every minute costs next to nothing."""

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from lindra.core.sqlite import refresh_statistics, statistics_are_stale
from lindra.home.periodic import JOBS
from lindra.registry.models import Person

ROWS = st.integers(min_value=0, max_value=10_000_000)


@given(ROWS)
def test_a_table_never_analysed_is_stale_once_it_has_rows(rows):
    assert statistics_are_stale(None, rows) == (rows > 0)


@given(ROWS)
def test_a_table_of_the_size_it_was_analysed_at_is_not_stale(rows):
    assert not statistics_are_stale(rows, rows)


@given(analysed=ROWS, factor=st.floats(min_value=1.3, max_value=100))
def test_a_table_grown_by_a_third_or_more_is_stale_when_more_than_a_few_rows_came(analysed, factor):
    assert statistics_are_stale(analysed, int(analysed * factor) + 51)


@given(analysed=st.integers(min_value=200, max_value=10_000_000), kept=st.floats(min_value=0, max_value=0.7))
def test_a_table_that_lost_more_than_a_quarter_of_its_rows_is_stale(analysed, kept):
    assert statistics_are_stale(analysed, int(analysed * kept))


@given(analysed=st.integers(min_value=200, max_value=10_000_000), change=st.floats(min_value=-0.2, max_value=0.2))
def test_a_small_change_in_size_is_not_stale(analysed, change):
    assert not statistics_are_stale(analysed, int(analysed * (1 + change)))


def test_the_periodic_job_keeps_the_statistics():
    assert refresh_statistics in JOBS


def people(n: int, start: int = 0) -> None:
    Person.objects.bulk_create(
        Person(given_name="Kari", family_name=f"Nordmann{i}", email=f"kari{i}@lindra.example")
        for i in range(start, start + n)
    )


@pytest.mark.django_db
def test_statistics_are_made_once_and_again_when_a_table_has_grown():
    if connection.vendor != "sqlite":
        assert refresh_statistics() == []  # PostgreSQL keeps its own
        return
    people(100)
    assert "registry_person" in refresh_statistics()
    assert refresh_statistics() == []
    people(10, start=100)
    assert refresh_statistics() == []  # a small change: the statistics still hold
    people(200, start=110)
    assert refresh_statistics() == ["registry_person"]
    with connection.cursor() as cursor:
        (rows,) = cursor.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'registry_person' AND idx IS NOT NULL"
        ).fetchone()
    assert rows.split()[0] == str(Person.objects.count())
