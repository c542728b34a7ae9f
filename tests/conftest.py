"""Shared test set-up: every test sends its e-mail to a real local SMTP server, and the
worker's tasks run at once (after commit), as the db_worker would run them."""

import pytest

from tests.smtp import SMTPServer, mailer_settings

pytest_plugins = ["tests.personas"]


@pytest.fixture(scope="session")
def smtp_server():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _test_settings(settings, smtp_server):
    settings.MAILERS = mailer_settings(smtp_server.port)
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
