"""Backups of Lindra: the database and the uploaded files (MEDIA_ROOT) as one generation, a
folder with a manifest of checksums, and restoring one. SQLite is copied by its online backup
API (safe while Lindra runs), PostgreSQL by pg_dump and pg_restore.

A generation is written under a temporary name and renamed when complete, so a folder with a
generation's name is always whole; older generations are removed only after that."""

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from lindra.core.errors import DomainError

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_FOLDER = "media"
# lindra-2026-12-02_031500_123: the time in UTC, so that names sort as the generations were made.
GENERATION_NAME = re.compile(r"^lindra-\d{4}-\d{2}-\d{2}_\d{6}_\d{3}$")


class BackupError(DomainError):
    pass


# --- The pure part ---------------------------------------------------------------------------


def generation_name(when: dt.datetime) -> str:
    when = when.astimezone(dt.UTC)
    return f"lindra-{when:%Y-%m-%d_%H%M%S}_{when.microsecond // 1000:03d}"


def generations_to_remove(names: Iterable[str], keep: int) -> list[str]:
    """Of the folders in the backup folder, the generations beyond the `keep` newest, oldest
    first. Anything not named as a generation (an unfinished one, the operator's own) stays."""
    generations = sorted({name for name in names if GENERATION_NAME.match(name)}, reverse=True)
    return sorted(generations[max(keep, 1) :])


# --- Writing a generation --------------------------------------------------------------------


@dataclass(frozen=True)
class Generation:
    path: Path
    manifest: dict
    removed: list[str]

    @property
    def size(self) -> int:
        return sum(entry["size"] for entry in self.manifest["files"].values())


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(
            _("Sikkerhetskopi kan bare tas av SQLite og PostgreSQL, ikke %(engine)s.") % {"engine": vendor}
        )
    return vendor


def backup(folder: Path, *, keep: int, now: dt.datetime | None = None) -> Generation:
    """Writes one generation into `folder`, then removes the generations beyond `keep`."""
    kind = engine()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    name = generation_name(now)
    final = folder / name
    if final.exists():
        raise BackupError(_("Sikkerhetskopien %(name)s finnes allerede.") % {"name": name})
    partial = folder / f".{name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        if kind == "sqlite":
            _dump_sqlite(partial / SQLITE_FILE)
        else:
            _dump_postgres(partial / POSTGRES_FILE)
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            shutil.copytree(media, partial / MEDIA_FOLDER, symlinks=False)
        else:
            (partial / MEDIA_FOLDER).mkdir()
        manifest = {
            "lindra_backup": 1,
            "created_at": now.astimezone(dt.UTC).isoformat(),
            "engine": kind,
            "database": POSTGRES_FILE if kind == "postgresql" else SQLITE_FILE,
            "migrations": applied_migrations(),
            "files": checksums(partial),
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        _sync(partial)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    removed = generations_to_remove((p.name for p in folder.iterdir() if p.is_dir()), keep)
    for old in removed:
        shutil.rmtree(folder / old)
    return Generation(final, manifest, removed)


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def checksums(root: Path) -> dict[str, dict]:
    """Every file under root but the manifest: its size and SHA-256."""
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative != MANIFEST:
            files[relative] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sync(root: Path) -> None:
    """Puts the generation on the disk before it gets its name."""
    for path in [*root.rglob("*"), root]:
        if path.is_file():
            with path.open("rb") as file:
                os.fsync(file.fileno())
    descriptor = os.open(root, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _dump_sqlite(target: Path) -> None:
    # Through Lindra's own connection: the online backup API copies a consistent picture
    # while the web server and the worker go on writing.
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


# --- PostgreSQL's own tools -------------------------------------------------------------------


def _postgres_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("Finner ikke %(tool)s. Installer PostgreSQLs klientprogrammer (f.eks. postgresql-client-%(major)d).")
            % {"tool": name, "major": _server_major()}
        )
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    client = int(found.group(1)) if found else 0
    server = _server_major()
    if client != server:
        raise BackupError(
            _(
                "%(tool)s er versjon %(client)d, men databaseserveren er PostgreSQL %(server)d. "
                "Bruk %(tool)s fra samme hovedversjon som serveren (postgresql-client-%(server)d)."
            )
            % {"tool": name, "client": client, "server": server}
        )
    return path


def _server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def _postgres_arguments() -> tuple[list[str], dict[str, str]]:
    """The connection of Lindra's database as arguments and environment for pg_dump/pg_restore."""
    db = connection.settings_dict
    arguments = []
    if db.get("HOST"):
        arguments += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", str(db["USER"])]
    environment = {**os.environ}
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    return [*arguments, "--no-password", "--dbname", str(db["NAME"])], environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(
            _("%(tool)s feilet: %(error)s") % {"tool": tool, "error": result.stderr.strip() or result.returncode}
        )


def _dump_postgres(target: Path) -> None:
    tool = _postgres_tool("pg_dump")
    arguments, environment = _postgres_arguments()
    _run([tool, "--format=custom", "--file", str(target), *arguments], environment)


# --- Restoring --------------------------------------------------------------------------------


def read_generation(path: Path) -> dict:
    """The manifest of a generation, once every file in it is checked against it."""
    path = Path(path)
    manifest_file = path / MANIFEST
    if not manifest_file.is_file():
        raise BackupError(_("%(path)s er ikke en sikkerhetskopi av Lindra: manifest.json mangler.") % {"path": path})
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        files = manifest["files"]
        kind = manifest["engine"]
        database = manifest["database"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(
            _("Manifestet i %(path)s kan ikke leses: %(error)s") % {"path": path, "error": error}
        ) from error
    if kind != engine():
        raise BackupError(
            _(
                "Sikkerhetskopien er av en %(backup)s-database, men Lindra bruker nå %(current)s. "
                "Den kan bare legges tilbake i samme slags database."
            )
            % {"backup": kind, "current": connection.vendor}
        )
    damaged = []
    for relative, expected in files.items():
        file = path / relative
        if not file.is_file():
            damaged.append(_("%(file)s mangler") % {"file": relative})
        elif file.stat().st_size != expected["size"] or _sha256(file) != expected["sha256"]:
            damaged.append(_("%(file)s er endret eller skadet") % {"file": relative})
    if database not in files:
        damaged.append(_("%(file)s mangler") % {"file": database})
    if damaged:
        raise BackupError(
            _("Sikkerhetskopien er skadet, og ingenting er lagt tilbake: %(files)s.") % {"files": "; ".join(damaged)}
        )
    return manifest


def restore(path: Path, manifest: dict) -> None:
    """Puts the database and the uploaded files of a checked generation back."""
    path = Path(path)
    if manifest["engine"] == "sqlite":
        _restore_sqlite(path / manifest["database"])
    else:
        _restore_postgres(path / manifest["database"])
    _restore_media(path / MEDIA_FOLDER)


def unapplied_migrations() -> list[str]:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def _restore_sqlite(source: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()


def _restore_postgres(source: Path) -> None:
    tool = _postgres_tool("pg_restore")
    arguments, environment = _postgres_arguments()
    connection.close()  # our own connection must not hold a table that is dropped and made again
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(source),
        ],
        environment,
    )


def _restore_media(source: Path) -> None:
    """Replaces MEDIA_ROOT by the generation's files: copied beside it first, then swapped."""
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    incoming = media.with_name(f".{media.name}.restoring")
    outgoing = media.with_name(f".{media.name}.replaced")
    for leftover in (incoming, outgoing):
        shutil.rmtree(leftover, ignore_errors=True)
    if source.is_dir():
        shutil.copytree(source, incoming)
    else:
        incoming.mkdir()
    if media.exists():
        media.rename(outgoing)
    incoming.rename(media)
    shutil.rmtree(outgoing, ignore_errors=True)
