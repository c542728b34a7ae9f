"""The audit log's chain of seals finds an entry changed, deleted or moved, also when done
behind Lindra's back in the database, and survives the redaction Lindra does on purpose."""

import copy
import datetime as dt
import io
import time

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from lindra.core import audit_chain
from lindra.core.audit import record, redact
from lindra.core.models import AuditAction, AuditEvent

KEY = b"test-key"
T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


# The pure verifier, over plain rows ---------------------------------------------------------

texts = st.text(alphabet="abcdefgh æøå@.", max_size=12)
entries = st.fixed_dictionaries(
    {
        "action": st.sampled_from(["changed", "viewed", "sign_in"]),
        "actor_label": texts,
        "target": texts,
        "object_type": st.sampled_from(["", "registry.Person"]),
        "object_id": st.sampled_from(["", "1", "2"]),
        "changes": st.dictionaries(texts, st.one_of(texts, st.integers(), st.lists(texts, max_size=2)), max_size=3),
        "network_id": st.one_of(st.none(), st.integers(1, 3)),
        "ip": st.sampled_from([None, "127.0.0.1", "2001:db8::1"]),
        "path": texts,
    }
)


def sealed(contents: list[dict]) -> list[dict]:
    rows, previous = [], audit_chain.GENESIS
    for number, content in enumerate(contents, start=1):
        row = {**content, "id": number, "at": T0 + dt.timedelta(minutes=number)}
        row["content_digest"], row["chain_digest"] = audit_chain.seal(KEY, row, previous)
        previous = row["chain_digest"]
        rows.append(row)
    return rows


def redacted(rows: list[dict], text: str) -> list[dict]:
    """What redact() does, on plain rows: the text out of each entry, and a REDACTED entry after."""
    rows = copy.deepcopy(rows)
    changed = [row for row in rows if any(text in str(row[name]) for name in audit_chain.REDACTED_FIELDS)]
    number = rows[-1]["id"] + 1
    entry = {"id": number, "at": T0 + dt.timedelta(days=1), "action": "redacted", "actor_label": "", "target": ""}
    entry |= {"object_type": "", "object_id": "", "network_id": None, "ip": None, "path": ""}
    entry["changes"] = {
        "entries": len(changed),
        "reason": "erased",
        "ids": audit_chain.ids_text(r["id"] for r in changed),
    }
    entry["content_digest"], entry["chain_digest"] = audit_chain.seal(KEY, entry, rows[-1]["chain_digest"])
    for row in changed:
        for name in ["actor_label", "target", "path"]:
            row[name] = row[name].replace(text, "[slettet]")
        row["changes"] = {"[slettet]": "[slettet]"}
        row["redacted_at"], row["redacted_by"] = entry["at"], number
        row["redacted_digest"] = audit_chain.redacted_digest(KEY, row)
    return [*rows, entry]


@given(st.lists(entries, max_size=8))
def test_an_untouched_log_verifies(contents):
    assert audit_chain.verify_all(KEY, sealed(contents)) == []


@given(st.lists(entries, min_size=1, max_size=8), st.data())
def test_any_change_to_a_sealed_field_is_found(contents, data):
    rows = sealed(contents)
    row = data.draw(st.sampled_from(rows))
    name = data.draw(st.sampled_from([n for n in audit_chain.SEALED_FIELDS if n != "at"]))
    forged = {"network_id": (row["network_id"] or 0) + 1, "ip": "10.9.9.9" if row["ip"] != "10.9.9.9" else None}
    forged |= {"changes": {**row["changes"], "lagt til": 1}}
    row[name] = forged.get(name, f"{row[name]}x")
    assert audit_chain.verify_all(KEY, rows) != []


@given(st.lists(entries, min_size=1, max_size=8), st.data())
def test_a_changed_time_is_found(contents, data):
    rows = sealed(contents)
    data.draw(st.sampled_from(rows))["at"] += dt.timedelta(seconds=1)
    assert audit_chain.verify_all(KEY, rows) != []


@given(st.lists(entries, min_size=2, max_size=8), st.data())
def test_a_deleted_entry_is_found_unless_it_was_the_newest(contents, data):
    rows = sealed(contents)
    index = data.draw(st.integers(0, len(rows) - 2))
    del rows[index]
    assert audit_chain.verify_all(KEY, rows) != []


@given(st.lists(entries, min_size=2, max_size=8), st.data())
def test_two_entries_swapped_are_found(contents, data):
    rows = sealed(contents)
    i = data.draw(st.integers(0, len(rows) - 2))
    j = data.draw(st.integers(i + 1, len(rows) - 1))
    rows[i], rows[j] = rows[j], rows[i]
    assert audit_chain.verify_all(KEY, rows) != []
    # Also with the ids kept in their places: the contents and seals moved.
    for row, number in [(rows[i], i + 1), (rows[j], j + 1)]:
        row["id"] = number
    rows.sort(key=lambda row: row["id"])
    assert audit_chain.verify_all(KEY, rows) != []


@given(st.lists(entries, min_size=1, max_size=8))
def test_a_seal_made_without_the_key_is_found(contents):
    rows = sealed(contents)
    rows[-1]["target"] += "x"
    rows[-1]["content_digest"], rows[-1]["chain_digest"] = audit_chain.seal(
        b"another-key", rows[-1], rows[-2]["chain_digest"] if len(rows) > 1 else ""
    )
    assert audit_chain.verify_all(KEY, rows) != []


with_mona = st.lists(entries, min_size=1, max_size=6).map(lambda rows: [*rows, {**rows[0], "target": "Mona Medlem"}])


@given(with_mona)
def test_a_log_redacted_as_redact_does_verifies(contents):
    assert audit_chain.verify_all(KEY, redacted(sealed(contents), "Mona")) == []


@given(with_mona, st.data())
def test_a_redacted_entry_changed_afterwards_is_found(contents, data):
    rows = redacted(sealed(contents), "Mona")
    row = data.draw(st.sampled_from([r for r in rows if r.get("redacted_at")]))
    row[data.draw(st.sampled_from(["target", "actor_label", "path"]))] += "x"
    assert audit_chain.verify_all(KEY, rows) != []


@given(with_mona, st.data())
def test_an_entry_marked_redacted_that_no_redaction_names_is_found(contents, data):
    rows = redacted(sealed(contents), "Mona")
    row = data.draw(st.sampled_from([r for r in rows if not r.get("redacted_at") and r["action"] != "redacted"]))
    row["target"] = "[slettet]"
    row["redacted_at"], row["redacted_by"] = rows[-1]["at"], rows[-1]["id"]
    row["redacted_digest"] = data.draw(st.sampled_from(["", "0" * 64, rows[-2].get("redacted_digest") or ""]))
    assert audit_chain.verify_all(KEY, rows) != []


@given(with_mona)
def test_a_redaction_whose_entries_were_put_back_is_found(contents):
    rows = redacted(sealed(contents), "Mona")
    for row in rows:
        if row.get("redacted_at"):
            del row["redacted_at"], row["redacted_by"], row["redacted_digest"]
    assert audit_chain.verify_all(KEY, rows) != []


@given(st.lists(st.integers(1, 60), max_size=20))
def test_ids_read_back_as_written(ids):
    assert audit_chain.ids_of(audit_chain.ids_text(ids)) == set(ids)


# The log in the database --------------------------------------------------------------------


def verify() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit_log", "--chunk", "2", stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def log(world):
    for n in range(5):
        record(
            AuditAction.CHANGED,
            actor=world.user("secretariat"),
            target=f"Mona Medlem {n}",
            changes={"phone": ["", "90000000"], "hours": 1.5, "n": n},
            network=world.network_a,
        )
    record(AuditAction.SIGN_IN, target="mona@lindra.example", changes={"method": "password"})
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))


def test_the_log_as_written_verifies(log):
    code, out = verify()
    assert code == 0
    assert f"OK: {len(log)} entries" in out


def test_an_entry_changed_in_the_database_is_found(log):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET target = %s WHERE id = %s", ["Ola Nordmann", log[2]])
    code, out = verify()
    assert code == 1
    assert f"entry {log[2]}: content changed" in out


def test_an_entry_deleted_in_the_database_is_found(log):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [log[1]])
    code, out = verify()
    assert code == 1
    assert f"entry {log[2]}: chain broken" in out


def test_entries_swapped_in_the_database_are_found(log):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET target = CASE id WHEN %s THEN %s ELSE %s END, "
            "content_digest = (SELECT content_digest FROM core_auditevent o WHERE o.id = %s) WHERE id = %s",
            [log[1], "Mona Medlem 2", "Mona Medlem 1", log[2], log[1]],
        )
    assert verify()[0] == 1


def test_the_newest_entries_deleted_are_found_from_the_head_printed_before(log):
    head = verify()[1].split("head: ")[1].strip()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [log[-1]])
    assert verify()[0] == 0  # what is left still holds
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("verify_audit_log", "--head", head, stdout=out)
    assert exit.value.code == 1
    assert "head given is missing" in out.getvalue()


def test_a_log_redacted_still_verifies_and_a_redacted_entry_changed_afterwards_is_found(log):
    assert redact(["Mona Medlem", "mona@lindra.example"], reason="erased") == 6
    code, out = verify()
    assert code == 0
    assert "OK: 7 entries" in out
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET target = %s WHERE id = %s", ["Mona Medlem", log[0]])
    code, out = verify()
    assert code == 1
    assert f"entry {log[0]}: redacted entry changed" in out


def test_an_entry_marked_redacted_in_the_database_is_found(log):
    redact(["mona@lindra.example"], reason="erased")
    redaction = AuditEvent.objects.get(action=AuditAction.REDACTED)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET target = %s, redacted_at = %s, redacted_by = %s, redacted_digest = "
            "(SELECT redacted_digest FROM core_auditevent o WHERE o.id = %s) WHERE id = %s",
            ["[slettet]", redaction.at, redaction.pk, log[-1], log[0]],
        )
    code, out = verify()
    assert code == 1
    assert f"entry {log[0]}" in out


def test_writing_an_entry_is_timed(world, capsys):
    """What sealing costs: the time of record() with its lock, read and write."""
    record(AuditAction.SIGN_IN, target="first")
    count = 200
    start = time.perf_counter()
    for n in range(count):
        record(AuditAction.VIEWED, target=f"Mona {n}", network=world.network_a)
    each = (time.perf_counter() - start) / count
    with capsys.disabled():
        print(f"\nrecord(): {each * 1000:.2f} ms per entry on {connection.vendor}")
    assert verify()[0] == 0
