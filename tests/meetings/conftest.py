import datetime as dt

import pytest

from lindra.registry.models import Membership, Term

LONG_AGO = dt.date(2020, 1, 1)


@pytest.fixture
def members_since_long_ago(world):
    """The personas' memberships and terms from 2020, so that a test may hold meetings on any
    day since."""
    Membership.objects.update(starts_on=LONG_AGO)
    Term.objects.update(starts_on=LONG_AGO)
