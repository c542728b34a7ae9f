"""The pages of the annual objects that the wheel links to are made by other parts of the annual
cycle. Until they are there, the tests that draw such objects stand in for them with a page
that says only its name; once they are there, nothing is added."""

from collections.abc import Iterator

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, clear_url_caches, path, reverse

from lindra.annual import urls

PAGES = {
    "questionnaire": ("sporreskjema/<int:pk>/", {"pk": 1}),
    "report": ("nettverk/<int:pk>/arsrapport/<int:year>/", {"pk": 1, "year": 2027}),
    "document": ("dokumenter/<int:pk>/", {"pk": 1}),
}


def _missing() -> list[str]:
    missing = []
    for name, (_route, kwargs) in PAGES.items():
        try:
            reverse(f"annual:{name}", kwargs=kwargs)
        except NoReverseMatch:
            missing.append(name)
    return missing


def _stand_in(request, **kwargs) -> HttpResponse:
    return HttpResponse(request.resolver_match.url_name)


@pytest.fixture
def annual_pages() -> Iterator[None]:
    added = [path(PAGES[name][0], _stand_in, name=name) for name in _missing()]
    urls.urlpatterns.extend(added)
    clear_url_caches()
    yield
    for pattern in added:
        urls.urlpatterns.remove(pattern)
    clear_url_caches()
