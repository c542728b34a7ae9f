import pytest

from lindra.registry.models import Membership
from tests import factories
from tests.personas import World
from tests.privacy.kinds import everything


@pytest.fixture
def filled(world: World) -> World:
    """Rows of every kind for Mona (member of A1), for Olav (member of A2) and for Bjørn, a
    member of network B: each marked with the first name."""
    everything(world.person("member"), Membership.objects.get(person=world.person("member")), "Mona")
    everything(world.person("other_member"), Membership.objects.get(person=world.person("other_member")), "Olav")
    bjorn = factories.person_with_user("Bjørn", "Bmedlem", email="bjorn@lindra.example")
    everything(bjorn, factories.membership(bjorn, world.group_b1), "Bjørn")
    world.people["network_b_member"] = bjorn
    return world
