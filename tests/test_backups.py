"""Backup and restore: a generation holds the database and the uploaded files with their
checksums; the drill destroys Lindra's data and gets the same pages back from a generation."""

import datetime as dt
import io
import json
import re
import shutil
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from lindra.annual.models import Document, DocumentVersion
from lindra.core import backups
from lindra.meetings.models import Registration

drill = pytest.mark.django_db(transaction=True)


def pdf_of(text: str) -> bytes:
    return f"%PDF-1.4\n% {text}\n".encode()


# --- Which generations are kept ----------------------------------------------------------------

moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2040, 1, 1), timezones=st.just(dt.UTC))


@given(st.lists(moments, unique=True, max_size=30), st.integers(min_value=1, max_value=40), st.lists(st.text()))
def test_the_newest_generations_are_kept_and_nothing_else_is_touched(times, keep, others):
    names = [backups.generation_name(t) for t in times]
    folders = [*names, *others, ".lindra-2026-01-01_000000_000.partial"]
    removed = backups.generations_to_remove(folders, keep)
    ours = sorted(set(names))
    assert removed == ours[: max(len(ours) - keep, 0)]
    assert set(ours) - set(removed) == set(ours[-keep:])  # the newest stay
    assert all(backups.GENERATION_NAME.match(name) for name in removed)  # nothing that is not a generation


@given(moments, moments)
def test_generation_names_sort_as_they_were_made(first, second):
    if first.replace(microsecond=first.microsecond // 1000 * 1000) < second.replace(
        microsecond=second.microsecond // 1000 * 1000
    ):
        assert backups.generation_name(first) < backups.generation_name(second)


# --- The commands -------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def backup(folder: Path, *args: str) -> Path:
    before = {p.name for p in folder.iterdir()} if folder.exists() else set()
    run("backup", "--to", str(folder), *args)
    [made] = [p for p in folder.iterdir() if p.name not in before]
    return made


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "vedlegg").mkdir(parents=True)
    (settings.MEDIA_ROOT / "vedlegg" / "program.pdf").write_bytes(pdf_of("Program for gruppemøtet"))
    return settings.MEDIA_ROOT


@drill
def test_a_generation_holds_the_database_and_the_files_with_their_checksums(world, media, tmp_path):
    generation = backup(tmp_path / "kopier")
    manifest = json.loads((generation / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["registry"]
    assert set(manifest["files"]) == {manifest["database"], "media/vedlegg/program.pdf"}
    pdf = manifest["files"]["media/vedlegg/program.pdf"]
    assert pdf["size"] == (media / "vedlegg" / "program.pdf").stat().st_size
    assert len(pdf["sha256"]) == 64
    assert not [p for p in (tmp_path / "kopier").iterdir() if p.name.endswith(".partial")]


@drill
def test_only_the_newest_generations_are_kept(world, media, tmp_path, settings):
    folder = tmp_path / "kopier"
    (folder / "egen-mappe").mkdir(parents=True)
    made = [backup(folder, "--keep", "2") for _ in range(3)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(["egen-mappe", made[1].name, made[2].name])


@drill
def test_a_damaged_generation_is_refused_and_nothing_is_restored(world, media, tmp_path):
    generation = backup(tmp_path / "kopier")
    with (generation / "media" / "vedlegg" / "program.pdf").open("ab") as file:
        file.write(b"x")
    with pytest.raises(CommandError, match=r"skadet.*media/vedlegg/program.pdf er endret eller skadet"):
        run("restore", str(generation), "--yes")
    (generation / "media" / "vedlegg" / "program.pdf").unlink()
    with pytest.raises(CommandError, match=r"program.pdf mangler"):
        run("restore", str(generation), "--yes")


@drill
def test_a_generation_of_another_database_engine_is_refused(world, media, tmp_path):
    generation = backup(tmp_path / "kopier")
    manifest = json.loads((generation / "manifest.json").read_text())
    manifest["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (generation / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="Den kan bare legges tilbake i samme slags database"):
        run("restore", str(generation), "--yes")


@drill
def test_a_folder_that_is_no_generation_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match=r"manifest.json mangler"):
        run("restore", str(tmp_path), "--yes")


@drill
def test_restore_asks_first_and_does_nothing_without_a_yes(world, media, tmp_path, monkeypatch):
    generation = backup(tmp_path / "kopier")
    (media / "ny.txt").write_text("lagt til etter kopien")
    monkeypatch.setattr("builtins.input", lambda prompt: "nei")
    with pytest.raises(CommandError, match="Ingenting er lagt tilbake"):
        run("restore", str(generation))
    assert (media / "ny.txt").exists()


def test_pg_dump_missing_or_of_another_version_is_told_clearly(db, monkeypatch, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is for PostgreSQL; this run uses " + connection.vendor)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(backups.BackupError, match="Finner ikke pg_dump"):
        backups._postgres_tool("pg_dump")
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake.chmod(0o755)
    with pytest.raises(backups.BackupError, match=r"pg_dump er versjon 9, men databaseserveren er PostgreSQL \d+"):
        backups._postgres_tool("pg_dump")


# --- The drill: make data, back up, destroy, restore, see the same pages ----------------------------


def _same_page(content: bytes) -> str:
    """A page without what changes on every request: the CSRF token and the script nonce."""
    text = content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


def _destroy_everything() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DELETE FROM "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


def _drill(world, client_as, media, tmp_path):
    member = world.people["member"]
    Registration.objects.update_or_create(
        meeting=world.meeting, person=member, defaults={"attendance": Registration.Attendance.PRESENT}
    )
    document = Document.objects.create(
        network=world.network_a, kind=Document.Kind.AGREEMENT, title="Nettverksavtale 2026"
    )
    pdf = pdf_of("Nettverksavtale")
    version = DocumentVersion.objects.create(
        document=document, number=1, file=pdf, filename="avtale.pdf", content_type="application/pdf"
    )
    client = client_as("secretariat")
    pages = [
        reverse("registry:person", args=[member.pk]),
        reverse("registry:group", args=[world.group_a1.pk]),
        reverse("meetings:detail", args=[world.meeting.pk]),
        document.get_absolute_url(),
        reverse("annual:version_download", args=[version.pk]),
    ]
    before = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        before[page] = _same_page(response.content) if "html" in response["Content-Type"] else response.content
    assert before[pages[-1]] == pdf
    assert member.full_name in before[pages[0]] and member.full_name in before[pages[1]]
    uploaded = (media / "vedlegg" / "program.pdf").read_bytes()

    generation = backup(tmp_path / "kopier")

    _destroy_everything()
    shutil.rmtree(media)
    if connection.vendor == "postgresql":
        assert connection.introspection.table_names() == []
    else:
        gone = Client()
        gone.cookies = SimpleCookie(client.cookies)  # a second browser with the same session
        assert gone.get(pages[0]).status_code == 302  # no such session, no such person: signed out

    output = run("restore", str(generation), "--yes")
    assert "Sikkerhetskopien er lagt tilbake." in output
    assert "migrate" not in output  # the same migrations as the code

    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        after = _same_page(response.content) if "html" in response["Content-Type"] else response.content
        assert after == before[page], page
    assert (media / "vedlegg" / "program.pdf").read_bytes() == uploaded
    assert Registration.objects.get(meeting=world.meeting, person=member).attendance == Registration.Attendance.PRESENT


@drill
def test_the_drill_on_sqlite(world, client_as, media, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("this drill is SQLite's; this run uses " + connection.vendor + " (its own drill runs)")
    _drill(world, client_as, media, tmp_path)


@drill
def test_the_drill_on_postgresql(world, client_as, media, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("this drill is PostgreSQL's; this run uses " + connection.vendor + " (its own drill runs)")
    assert connection.settings_dict["NAME"].startswith("test_")  # pg_dump and pg_restore work on the test database
    _drill(world, client_as, media, tmp_path)
