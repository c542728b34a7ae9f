"""The API's tests: tokens made as the secretariat makes them, calls through the whole stack."""

import uuid
from collections.abc import Callable

import pytest
from django.test import Client

from lindra.api import tokens
from lindra.api.models import Scope
from tests.personas import World, build_world


@pytest.fixture
def world(db) -> World:
    """The personas with the edges: Pål on leave, Frida a former member, Nils in network B."""
    return build_world(edges=True)


@pytest.fixture(autouse=True)
def own_cache(settings):
    """Each test counts its calls in a cache of its own (the default local-memory cache)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"api-{uuid.uuid4()}"}
    }


@pytest.fixture
def token_for(world: World) -> Callable[..., str]:
    """The text of a new token of network A (or the network given) with the scopes given."""

    def make(*scopes: Scope, network=None) -> str:
        _token, text = tokens.create_token(
            network or world.network_a,
            name="HR-systemet",
            scopes=list(scopes or Scope.values),
            by=world.users["secretariat"],
        )
        return text

    return make


@pytest.fixture
def api() -> Callable[..., object]:
    """GET an API path with a token (or none): the response."""
    client = Client()

    def get(path: str, token: str | None = None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.get(f"/api/v1{path}", params, headers=headers)

    return get
