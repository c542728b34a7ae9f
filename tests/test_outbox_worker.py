"""The real worker, as `make run` starts it (db_worker beside the periodic jobs), against a real
SMTP server: killed again and again in the middle of a batch, with the mail server gone for a
while, it loses nothing; a message may arrive twice when a worker dies between the server's
acceptance and marking the row (at least once), and its Message-ID, the same on every try,
lets the receiver drop the second copy. Two workers on one SQLite file never claim one e-mail."""

import collections
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from lindra.mail.models import OutboxMessage
from lindra.mail.services import queue_message
from tests.smtp import SMTPServer

ROOT = Path(__file__).resolve().parent.parent
MAILS = 1000
KILLS = 10
Status = OutboxMessage.Status

# The test and the worker processes share one database on disk: the test database on
# PostgreSQL, a file copied from the test database on SQLite.
shared_db = pytest.mark.django_db(transaction=True)


class SharedDatabase:
    """The database the worker processes see, and the way back into the test's connection."""

    def __init__(self, tmp_path: Path):
        self.file = tmp_path / "lindra.sqlite3"

    @property
    def url(self) -> str:
        if connection.vendor == "sqlite":
            return f"sqlite:///{self.file}"
        db = connection.settings_dict
        return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"

    def share(self) -> None:
        """Hands the test's data to the workers."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            copy = sqlite3.connect(self.file)
            connection.connection.backup(copy)
            copy.execute("PRAGMA journal_mode=WAL")
            copy.close()

    def unsent(self) -> int:
        """How many messages the workers have not yet marked as sent."""
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(self.file)
            table = OutboxMessage._meta.db_table
            (count,) = copy.execute(f"SELECT COUNT(*) FROM {table} WHERE status != ?", [Status.SENT]).fetchone()
            copy.close()
            return count
        return OutboxMessage.objects.exclude(status=Status.SENT).count()

    def take_back(self) -> None:
        """Reads what the workers left into the test's connection."""
        if connection.vendor == "sqlite":
            copy = sqlite3.connect(self.file)
            copy.backup(connection.connection)
            copy.close()


def environment(db: SharedDatabase, smtp_port: int, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db.url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "5",
        "DEBUG": "false",
        "CACHE_DIR": str(tmp_path / "cache"),
        # Seconds instead of minutes, so the retries and the take-back of a dead worker's
        # claim happen within the test.
        "OUTBOX_RETRY_SECONDS": "1",
        "OUTBOX_CLAIM_TIMEOUT_SECONDS": "3",
        "LOG_LEVEL": "ERROR",
    }


def manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class Worker:
    """The worker as scripts/run starts it: db_worker and the periodic jobs."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.processes: list[subprocess.Popen] = []

    def start(self) -> None:
        self.processes = [
            manage(
                "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-reload", "--no-startup-delay", env=self.env
            ),
            manage("periodic", "--every", "1", env=self.env),
        ]

    def kill(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGKILL)
            process.wait()


def queue_mails(count: int) -> None:
    with transaction.atomic():
        for n in range(count):
            queue_message(
                "sign_in_link",
                to=[f"medlem{n}@lindra.example"],
                context={"url": f"https://lindra.example/lenke/{n}/", "minutes": 15},
            )


def message_ids(smtp: SMTPServer) -> collections.Counter:
    """How many times each Message-ID arrived: a receiver that drops duplicates keeps the keys."""
    return collections.Counter(str(mail.message["Message-ID"]) for mail in smtp.messages)


def wait_for(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def task_database(settings):
    """The e-mail is sent by the worker processes: queue their task in the database."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@shared_db
def test_a_worker_killed_ten_times_mid_batch_loses_no_mail_and_the_receiver_sees_each_once(
    tmp_path, task_database, capsys
):
    started = time.monotonic()
    smtp = SMTPServer()
    smtp.start()
    db = SharedDatabase(tmp_path)
    queue_mails(MAILS)
    db.share()
    worker = Worker(environment(db, smtp.port, tmp_path))
    rng = random.Random(2026)
    downtime = 0.0
    kills = 0
    try:
        worker.start()
        for kill in range(KILLS):
            # Kill at a random moment while the batch is going out.
            progress = len(message_ids(smtp))
            assert wait_for(lambda p=progress, s=smtp: len(message_ids(s)) > p, 30), "the worker sends nothing"
            time.sleep(rng.uniform(0.05, 0.6))
            worker.kill()
            kills += 1
            if kill in (3, 6):
                # The mail server goes away for a while: the worker meets refused connections
                # and retries them after its delays.
                smtp.stop()
                down = time.monotonic()
                worker.start()
                time.sleep(rng.uniform(2, 3))
                smtp = _restart(smtp)
                downtime += time.monotonic() - down
            else:
                worker.start()
        assert wait_for(lambda s=smtp: len(message_ids(s)) >= MAILS, 90), f"only {len(message_ids(smtp))} arrived"
        # The last mail has arrived; the worker marks it sent a moment later.
        assert wait_for(lambda: db.unsent() == 0, 30), f"{db.unsent()} messages not marked as sent"
    finally:
        worker.kill()
        smtp.stop()
    db.take_back()

    received = message_ids(smtp)
    raw_duplicates = sum(received.values()) - len(received)
    rows = OutboxMessage.objects.all()
    assert rows.count() == MAILS
    assert set(rows.values_list("status", flat=True)) == {Status.SENT}  # none lost, none failed for good
    assert len(received) == MAILS  # after dropping duplicate Message-IDs: each exactly once
    # The same Message-ID on every try: every message the outbox holds arrived under its own id.
    assert {f"<outbox-{m.pk}-{m.created_at:%Y%m%d%H%M%S}@lindra>" for m in rows} == set(received)
    assert raw_duplicates <= kills  # at most one message in flight when a worker is killed
    with capsys.disabled():
        print(
            f"\n[outbox under kills] {MAILS} mails, {kills} kills, SMTP down {downtime:.1f} s, "
            f"{sum(received.values())} received raw, {raw_duplicates} raw duplicates, "
            f"{len(received)} after dropping duplicate Message-IDs, {time.monotonic() - started:.1f} s"
        )


def _restart(smtp: SMTPServer) -> SMTPServer:
    """Starts the mail server again on the same port, keeping what it had received."""
    again = SMTPServer.__new__(SMTPServer)
    again.handler = smtp.handler
    again.port = smtp.port
    from aiosmtpd.controller import Controller

    again.controller = Controller(again.handler, hostname="127.0.0.1", port=smtp.port)
    again.start()
    return again


@shared_db
def test_two_workers_on_one_database_never_both_claim_one_email(tmp_path, task_database, capsys):
    started = time.monotonic()
    smtp = SMTPServer()
    smtp.start()
    db = SharedDatabase(tmp_path)
    with transaction.atomic():
        queue_mails(300)
    db.share()
    env = environment(db, smtp.port, tmp_path)
    # Two workers, each with its own connection to the same database, start at the same
    # moment and claim in small batches, so that they reach for the same rows again and again.
    go = tmp_path / "go"
    script = (
        "import os, time\n"
        "from lindra.mail.delivery import deliver_due\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.01)\n"
        "sent = 0\n"
        "while (n := deliver_due(limit=5)):\n"
        "    sent += n\n"
        "print(sent)\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    try:
        time.sleep(2)  # both are connected and waiting
        go.touch()
        outputs = [process.communicate(timeout=120)[0] for process in workers]
    finally:
        smtp.stop()
    sent = [int(output.strip().splitlines()[-1]) for output in outputs]
    db.take_back()
    received = message_ids(smtp)
    assert sum(sent) == 300
    assert len(received) == 300 and sum(received.values()) == 300  # every message sent once
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.SENT}
    assert OutboxMessage.objects.filter(attempts=1).count() == 300  # never claimed twice
    with capsys.disabled():
        print(
            f"\n[two workers] 300 mails, sent {sent[0]} + {sent[1]}, each once; "
            f"{time.monotonic() - started:.1f} s on {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
        )
