"""What every benchmark starts from: Django set up on the bench database (SQLite beside
this file unless DATABASE_URL names another, e.g. PostgreSQL), migrated, and the
national-scale data of bench/generate.py made once (and a coming meeting in every group
whenever none is ahead), with the query planner's statistics the periodic job keeps."""

import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCALE = int(os.environ.get("SCALE", "1"))


def configure() -> None:
    """Points Django at the bench database of SCALE (made when it is a PostgreSQL database
    that does not exist yet) and sets it up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindra.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{HERE / f'bench-scale{SCALE}.sqlite3'}")
    create_database(os.environ["DATABASE_URL"])
    if str(HERE.parent) not in sys.path:
        sys.path.insert(0, str(HERE.parent))
    import django

    django.setup()


def prepare() -> None:
    """Migrates the bench database and generates its data the first time."""
    configure()
    from django.core.management import call_command
    from django.utils import timezone

    from bench.generate import generate, generate_coming_meetings, generate_meetings
    from lindra.core.sqlite import refresh_statistics
    from lindra.meetings.models import Meeting
    from lindra.registry.models import Network

    call_command("migrate", verbosity=0)
    if not Network.objects.exists():
        started = time.monotonic()
        print(f"Generating data at scale {SCALE} …", flush=True)
        generate(SCALE, timezone.localdate())
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    if not Meeting.objects.exists():
        started = time.monotonic()
        print(f"Generating ten years of meetings at scale {SCALE} …", flush=True)
        generate_meetings(SCALE, timezone.localdate())
        print(f"  done in {time.monotonic() - started:.0f} s", flush=True)
    if not Meeting.objects.filter(starts_at__gt=timezone.now()).exists():
        generate_coming_meetings(timezone.localdate())
    refresh_statistics()


def create_database(url: str) -> None:
    """Creates the PostgreSQL database named in the URL when it does not exist."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        return
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')
