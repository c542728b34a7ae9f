"""Lindra serves its icon and the Inter font itself: the font's Latin files in the weights the
pages use, and nothing else of the package."""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from lindra.core.staticfiles import SelectedFilesFinder

USED = [f"inter-{script}-{weight}-normal.woff2" for script in ("latin", "latin-ext") for weight in (400, 500, 600, 700)]


@pytest.mark.parametrize("name", USED)
def test_the_fonts_weights_and_latin_scripts_are_served(client, name):
    response = client.get(f"{settings.STATIC_URL}vendor/inter/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "font/woff2"


@pytest.mark.parametrize("name", ["inter-cyrillic-400-normal.woff2", "inter-latin-300-normal.woff2", "index.css"])
def test_the_rest_of_the_font_package_is_not(client, name):
    assert not finders.find(f"vendor/inter/{name}")
    assert client.get(f"{settings.STATIC_URL}vendor/inter/{name}").status_code == 404


def test_collectstatic_copies_the_chosen_files_only():
    listed = sorted(path for path, storage in SelectedFilesFinder().list(None) if storage.prefix == "vendor/inter")
    assert listed == sorted(USED)


def test_a_missing_file_is_reported_by_the_checks(settings, tmp_path):
    settings.STATICFILES_SELECTED = {"vendor/inter": (tmp_path, ["inter-latin-400-normal.woff2"])}
    [warning] = SelectedFilesFinder().check()
    assert warning.id == "lindra.W001" and "npm ci" in warning.msg


@pytest.mark.parametrize("name", ["favicon.svg", "favicon.ico", "apple-touch-icon.png"])
def test_the_icons_are_served(client, name):
    assert client.get(f"{settings.STATIC_URL}lindra/{name}").status_code == 200
