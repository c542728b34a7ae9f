"""Measures the outbox at scale: MAILS queued e-mails sent by WORKERS workers at once to a local
SMTP server, on PostgreSQL.

    make bench-mail                     # 10,000 mails, 3 workers, PostgreSQL on 127.0.0.1
    make bench-mail MAILS=2000 WORKERS=1
    DATABASE_URL=postgres://… make bench-mail

The database named by DATABASE_URL (default: lindra_bench_mail on the local PostgreSQL) is
created when missing and its outbox emptied first. Each worker is a process that runs the
outbox's task as the worker runs it (lindra.mail.tasks.deliver_outbox), all started at the same
moment; the SMTP server (aiosmtpd) counts the Message-ID of every message it accepts. Prints
the time from the start until every message is received and marked as sent, the mails per
second, and how many arrived twice or not at all.
"""

import collections
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MAILS = int(os.environ.get("MAILS", "10000"))
WORKERS = int(os.environ.get("WORKERS", "3"))
TIMEOUT = float(os.environ.get("TIMEOUT", "600"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lindra_bench_mail")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindra.settings")
# The workers are started by hand here: nothing is queued in a task database.
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.dummy.DummyBackend")
sys.path.insert(0, str(ROOT))
from bench.data import create_database  # noqa: E402

WORKER = """
import os, time
from lindra.mail.tasks import deliver_outbox
while not os.path.exists({go!r}):
    time.sleep(0.005)
print(deliver_outbox.call())
"""


class MessageIdCounter:
    """An aiosmtpd handler that counts each Message-ID it accepts, reading only the headers."""

    def __init__(self):
        self.seen: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        self.last_at = 0.0

    async def handle_DATA(self, server, session, envelope):
        headers = envelope.content.split(b"\r\n\r\n", 1)[0]
        lines = headers.split(b"\r\n")
        found = next((line.split(b":", 1)[1].strip() for line in lines if line.lower().startswith(b"message-id:")), b"")
        with self.lock:
            self.seen[found.decode()] += 1
            self.last_at = time.monotonic()
        return "250 OK"

    def received(self) -> int:
        with self.lock:
            return sum(self.seen.values())


def main() -> None:
    import django
    from django.conf import settings

    create_database(os.environ["DATABASE_URL"])
    django.setup()
    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.db import connection

    from lindra.mail.models import OutboxMessage

    if connection.vendor != "postgresql":
        print(f"Note: measuring on {connection.vendor}, not PostgreSQL.")
    call_command("migrate", verbosity=0)
    OutboxMessage.objects.all().delete()
    started = time.monotonic()
    print(f"Queuing {MAILS:,} mails …", flush=True)
    _queue(MAILS)
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    expected = {
        f"<outbox-{pk}-{created:%Y%m%d%H%M%S}@lindra>"
        for pk, created in OutboxMessage.objects.values_list("pk", "created_at")
    }
    connection.close()

    counter = MessageIdCounter()
    port = _free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "DEBUG": "false",
        "LOG_LEVEL": "ERROR",
    }
    with tempfile.TemporaryDirectory() as tmp:
        go = Path(tmp) / "go"
        workers = [
            subprocess.Popen(
                [sys.executable, "manage.py", "shell", "-c", WORKER.format(go=str(go))],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(WORKERS)
        ]
        time.sleep(3)  # every worker has started Django and waits
        started = time.monotonic()
        go.touch()
        outputs = [worker.communicate(timeout=TIMEOUT)[0] for worker in workers]
        seconds = time.monotonic() - started
    controller.stop()
    sent_by_worker = [output.strip().splitlines()[-1] if output.strip() else "?" for output in outputs]
    unsent = OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).count()
    received = counter.seen
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    missing = len(expected - set(received))
    print(
        f"\n{MAILS:,} mails, {WORKERS} workers on {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}: "
        f"{seconds:.1f} s, {MAILS / seconds:.0f} mails/s\n"
        f"sent per worker: {' + '.join(sent_by_worker)}\n"
        f"received {sum(received.values()):,}, duplicates {duplicates}, missing {missing}, "
        f"not marked as sent {unsent}"
    )
    if duplicates or missing or unsent:
        sys.exit(1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _queue(count: int) -> None:
    """Queues sign-in links, a thousand to a transaction, as the services queue them."""
    from django.db import transaction

    from lindra.mail.services import queue_message

    for start in range(0, count, 1000):
        with transaction.atomic():
            for n in range(start, min(start + 1000, count)):
                queue_message(
                    "sign_in_link",
                    to=[f"medlem{n}@lindra.example"],
                    context={"url": f"https://lindra.example/lenke/{n}/", "minutes": 15},
                )


if __name__ == "__main__":
    main()
