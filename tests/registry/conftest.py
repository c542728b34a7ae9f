import pytest


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """A cache of this process alone: the import's progress is kept by batch id, and the
    test databases of parallel workers hand out the same ids."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
