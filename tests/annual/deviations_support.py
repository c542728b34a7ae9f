"""Shared steps of the deviation tests: reporting one as a persona, and its page."""

from django.urls import reverse

from lindra.annual import deviations
from lindra.annual.models import Deviation

DESCRIPTION = "Innkallingen til marsmøtet kom to dager før møtet, så halve gruppen kunne ikke komme."


def report(world, role: str = "member", group=None, **fields) -> Deviation:
    group = world.group_a1 if group is None else group
    return deviations.report_deviation(
        network=world.network_a if group is False else group.network,
        local_group=None if group is False else group,
        title=fields.get("title", "Innkallingen kom for sent"),
        description=fields.get("description", DESCRIPTION),
        happened_on=None,
        reporter=world.person(role),
        by=world.user(role),
    )


def step(world, deviation: Deviation, role: str, action: str, text: str = "") -> Deviation:
    deviation.refresh_from_db()
    return deviations.take_step(deviation, action, text, by=world.user(role), expected_version=deviation.version)


def page(deviation: Deviation) -> str:
    return reverse("annual:deviation", args=[deviation.pk])
