"""The whole OpenAPI description, property-based (schemathesis): generated calls of every
operation against Lindra in-process (WSGI), with a token of every scope and the personas'
data. No answer may be a server error, or break the description."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from lindra.api.endpoints import api
from tests.personas import World

EXAMPLES = 25  # per operation: the whole run takes about a minute


# The description as Lindra serves it (test_the_description_is_served checks that it is the
# same), called in-process through the WSGI application.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def calls_in_the_tests_transaction():
    """The calls go straight to the WSGI application: as Django's test client does, keep the
    database connection (the test's transaction) open between them."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def every_scope(world: World, token_for, settings, calls_in_the_tests_transaction) -> str:
    settings.API_CALLS_PER_MINUTE = 1_000_000
    return token_for()


def _personas_ids(world: World) -> dict[str, int]:
    return {"network_id": world.network_a.pk, "group_id": world.group_a1.pk, "meeting_id": world.meeting.pk}


@schema.parametrize()
@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
def test_every_answer_keeps_to_the_description(case, world, every_scope):
    # Where a case is valid, half its ids are made the personas' own, so that answers carry their
    # data, and it is sent with the token; a case made invalid there is sent as generated.
    meta = case.meta
    if not (meta and meta.is_negative_at(ParameterLocation.PATH)):
        ids = _personas_ids(world)
        for name, value in (case.path_parameters or {}).items():
            if name in ids and isinstance(value, int) and value % 2 == 0:
                case.path_parameters[name] = ids[name]
    headers = {}
    if not (meta and meta.is_negative_at(ParameterLocation.HEADER)):
        headers["Authorization"] = f"Bearer {every_scope}"
    case.call_and_validate(headers=headers)


def test_the_description_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content) == json.loads(json.dumps(api.get_openapi_schema()))
