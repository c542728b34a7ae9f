"""The year's deviation figures of the annual report, counted by the database: each in the year
it happened by the Norwegian calendar, also at midnight on New Year's Eve, and the open ones at
one year's end those of the year before, plus those reported, less those closed."""

import datetime as dt

import pytest
from django.utils import timezone

from lindra.annual.deviations import deviation_counts
from lindra.annual.models import Deviation
from lindra.annual.rules import DeviationCounts

pytestmark = pytest.mark.django_db


def oslo(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def deviation(network, reported, *, escalated=None, closed=None, locally=False) -> Deviation:
    return Deviation.objects.create(
        network=network,
        title="Innkallingen kom for sent",
        description="Innkallingen kom to dager før møtet.",
        reported_at=reported,
        escalated_at=escalated,
        closed_at=closed,
        closed_locally=locally,
    )


def test_each_figure_is_counted_in_the_norwegian_year_it_happened(world):
    network = world.network_a
    # Reported at 23:30 on New Year's Eve in Norway (22:30 UTC), closed locally ten minutes into
    # the new year (23:10 UTC, still the old year in UTC).
    deviation(network, oslo(2024, 12, 31, 23, 30), closed=oslo(2025, 1, 1, 0, 10), locally=True)
    # Reported in 2024, sent to the operations group in 2025, still open.
    deviation(network, oslo(2024, 6, 1), escalated=oslo(2025, 2, 1))
    # Reported, sent on and closed in 2025 by the operations group.
    deviation(network, oslo(2025, 3, 1), escalated=oslo(2025, 3, 2), closed=oslo(2025, 4, 1))
    # Closed before 2024: counts in neither year.
    deviation(network, oslo(2022, 3, 1), closed=oslo(2023, 12, 31, 23, 59), locally=True)
    # Another network's.
    deviation(world.network_b, oslo(2025, 3, 1))

    counts = deviation_counts(network, [2025, 2024])

    assert list(counts) == [2024, 2025]
    assert counts[2024] == DeviationCounts(reported=2, closed_locally=0, escalated=0, closed=0, open_at_year_end=2)
    assert counts[2025] == DeviationCounts(reported=1, closed_locally=1, escalated=2, closed=2, open_at_year_end=1)
    this, before = counts[2025], counts[2024]
    assert this.open_at_year_end == before.open_at_year_end + this.reported - this.closed


def test_a_network_without_deviations_has_nothing_to_count(world):
    assert deviation_counts(world.network_a, [2025]) == {2025: DeviationCounts()}
