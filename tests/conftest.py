"""Shared test set-up: every test sends its e-mail to a real local SMTP server, the worker's
tasks run at once (after commit), as the db_worker would run them, and passwords are hashed
with Argon2 at its lightest cost (tests/passwords.py)."""

import io
from pathlib import Path

import pytest
from django.conf import settings as project_settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

from tests.passwords import light_hashers
from tests.smtp import SMTPServer, mailer_settings

# Property tests judge rules, not speed: a busy machine must not fail them (speed is measured
# by the benchmarks in bench/).
hypothesis_settings.register_profile("lindra", deadline=None)
hypothesis_settings.load_profile("lindra")

pytest_plugins = ["tests.personas", "tests.oidc"]
CATALOGUES = [
    Path(__file__).parent.parent / "lindra" / "locale" / language / "LC_MESSAGES" / "django.po"
    for language in ["nb", "nn", "en"]
]


def pytest_sessionstart(session):
    """The pages read their texts from the compiled catalogues: they must be there and current."""
    for catalogue in CATALOGUES:
        compiled = catalogue.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < catalogue.stat().st_mtime:
            raise pytest.UsageError(
                "The translations are not compiled, or older than the catalogues: make translations"
            )


@pytest.fixture(scope="session")
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _test_settings(settings, smtp_server):
    settings.MAILERS = mailer_settings(smtp_server.port)
    settings.PASSWORD_HASHERS = light_hashers(settings.PASSWORD_HASHERS)
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    smtp_server.clear()
    yield


@pytest.fixture
def outbox(smtp_server):
    """The messages the SMTP server has received in this test."""
    return smtp_server


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Loads the demo data once for the module that asks, and takes it away afterwards."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PASSWORD_HASHERS=light_hashers(project_settings.PASSWORD_HASHERS)),
    ):
        call_command("load_demo_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
