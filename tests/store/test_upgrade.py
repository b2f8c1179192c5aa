"""Upgrading older stores to revision 0003: every row, id and value kept,
duplicates merged, uids filled, id counters above every logged id, one
transaction (a failing upgrade changes nothing), a complete 0600 backup that
is never made twice, and clear one-line refusals."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from annotations.backends.sqlite import SQLiteBackend
from annotations.errors import StoreError
from annotations.store import HEAD_REVISION, Store
from tests.conftest import table_dump
from tests.store.old_stores import dump, make_0001_store, make_0002_store, query

SPAN_COLUMNS = 'id, document_id, start, "end", label, attributes, origin, annotator, created_at, updated_at'


def integrity(path) -> tuple[str, list]:
    return query(path, "PRAGMA integrity_check")[0][0], query(path, "PRAGMA foreign_key_check")


def test_upgrade_from_0001_keeps_rows_ids_and_contents(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0001_store(path)
    documents = dump(path, "document", "*")
    spans = dump(path, "span", SPAN_COLUMNS)
    events = dump(path, "event", "*")
    with Store.open(path) as store:
        assert store.backup_path is not None
    assert query(path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert dump(path, "document", "id, sha256, title, source, meta, text, status, created_at, updated_at") == documents
    # spans 2 and 6 repeated 1 and 5 (same document, offsets, label, annotator): merged into the lower id
    assert dump(path, "span", SPAN_COLUMNS) == [s for s in spans if s[0] not in (2, 6)]
    assert dump(path, "span", "id, status") == [(1, "accepted"), (3, "accepted"), (5, "accepted")]
    assert dump(path, "relation", "id, head_id, child_id, label") == [(1, 3, 1, "SOURCE")]  # re-pointed to 1
    new_events = dump(path, "event", "id, action, target, after")
    assert dump(path, "event", "*")[: len(events)] == events  # the log is kept as it was
    assert [(e[1], e[2], json.loads(e[3])["kept"]) for e in new_events[len(events):]] == [
        ("merge_duplicate_span", "span:2", 1), ("merge_duplicate_span", "span:6", 5)]
    assert integrity(path) == ("ok", [])


def test_upgrade_from_0002_merges_each_kind_of_duplicate(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0002_store(path)
    before = {r[0]: r for r in dump(path, "span", "*")}
    Store.open(path).close()
    after = dump(path, "span", "id, status, suggester, annotator, score")
    # pending per suggester (3 joins 2), rejected per annotator (6 joins 5); 4 is another suggester
    assert [r[0] for r in after] == [1, 2, 4, 5, 7, 9]
    assert [row[:14] for row in dump(path, "span", "*")] == [before[r[0]] for r in after]  # uid is appended
    # relation 1 pointed at 3, now at 2, and then equals relation 2: one is kept
    assert dump(path, "relation", "id, head_id, child_id, status") == [(1, 7, 2, "pending")]
    assert integrity(path) == ("ok", [])


@pytest.mark.parametrize("make", [make_0001_store, make_0002_store])
def test_uids_are_filled_unique_and_hex(tmp_path, make):
    path = tmp_path / "old.sqlite"
    make(path)
    Store.open(path).close()
    for table in ("document", "span", "relation"):
        uids = [r[0] for r in query(path, f"SELECT uid FROM {table}")]
        assert uids and len(set(uids)) == len(uids)
        assert all(re.fullmatch(r"[0-9a-f]{32}", u) for u in uids)
        assert query(path, f"SELECT COUNT(*) FROM pragma_index_list('{table}') "
                           f"WHERE name = 'ux_{table}_uid' AND \"unique\" = 1") == [(1,)]


def test_ids_deleted_before_the_upgrade_are_never_handed_out(tmp_path):
    from annotations.services import add_relation, add_span

    path = tmp_path / "old.sqlite"
    make_0001_store(path)  # the log names span 4 and relation 7 (deleted); the merge drops span 6
    with Store.open(path) as store:
        claim = add_span(store, 3, 9, 25, "ASSERTION").span_id
        actor = add_span(store, 3, 0, 8, "ACTOR").span_id
        relation = add_relation(store, claim, actor, "SOURCE").relation_id
    assert (claim, actor, relation) == (7, 8, 8)


def test_failed_upgrade_is_rolled_back_whole(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0002_store(path)
    con = sqlite3.connect(path)  # a relation pointing nowhere: the upgrade's last check refuses it
    con.execute("INSERT INTO relation VALUES (50, 1, 1, 777, 'SOURCE', 'manual', 'ana', '2025-01-01', 'accepted')")
    con.commit()
    con.close()
    before = table_dump(path)
    with pytest.raises(StoreError, match="dangling reference") as refused:
        Store.open(path)
    assert "\n" not in str(refused.value)
    assert table_dump(path) == before  # not one table rebuilt, not one duplicate merged
    assert query(path, "SELECT sql FROM sqlite_master WHERE name = 'span'")[0][0].count("AUTOINCREMENT") == 0


def test_backup_is_complete_owner_only_and_never_made_twice(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0002_store(path)
    old = table_dump(path)
    # an earlier upgrade was killed after its backup: the identical backup is reused
    first = SQLiteBackend(path).backup("0002")
    old_umask = os.umask(0o022)
    try:
        with Store.open(path) as store:
            assert store.backup_path == first
    finally:
        os.umask(old_umask)
    backups = sorted(p.name for p in tmp_path.iterdir() if ".backup-" in p.name)
    assert backups == [first.name]
    assert table_dump(first) == old
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["old.sqlite", first.name])


def test_stale_files_of_a_killed_run_are_removed(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0002_store(path)
    partial = tmp_path / "old.backup-r0002-20250101-000000.sqlite.partial"
    partial.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    creating = tmp_path / "old.sqlite.creating-123.tmp"
    creating.write_bytes(b"")
    (tmp_path / "old.sqlite.lock").write_bytes(b"")
    Store.open(path).close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2 and names[1] == "old.sqlite", names
    assert re.fullmatch(r"old\.backup-r0002-[0-9-]+\.sqlite", names[0])
    assert not partial.exists() and not creating.exists()


def test_empty_revision_record_is_not_called_newer(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0002_store(path)
    con = sqlite3.connect(path)
    con.execute("DELETE FROM alembic_version")
    con.commit()
    con.close()
    before = table_dump(path)
    with pytest.raises(StoreError) as refused:
        Store.open(path)
    message = str(refused.value)
    assert "newer" not in message and "None" not in message
    assert "records no schema revision" in message and str(path) in message and "\n" not in message
    assert table_dump(path) == before


OPENER = """
import sys, time
from pathlib import Path
from annotations.store import Store
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
with Store.open(sys.argv[1]) as store:
    print("backup" if store.backup_path else "waited")
"""


def test_two_processes_opening_one_old_store(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0002_store(path, documents=200, spans_per_document=40)
    spans = query(path, "SELECT COUNT(*) FROM span")[0][0]
    go = tmp_path / "go"
    children = [subprocess.Popen([sys.executable, "-c", OPENER, str(path), str(go)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(1.0)  # let both import and wait at the start line
    go.touch()
    results = [c.communicate(timeout=120) for c in children]
    assert [c.returncode for c in children] == [0, 0], results
    assert sorted(out.strip() for out, _ in results) == ["backup", "waited"]
    assert len([p for p in tmp_path.iterdir() if ".backup-" in p.name]) == 1
    assert query(path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert query(path, "SELECT COUNT(*) FROM span")[0][0] == spans - 2  # the two merged duplicates
    assert integrity(path) == ("ok", [])


def test_leftovers_next_to_an_upgraded_store_are_tidied_on_open(store):
    store.close()
    lock = store.path.with_name("store.sqlite.lock")
    partial = store.path.with_name("store.backup-r0002-20250101-000000.sqlite.partial")
    for leftover in (lock, partial):
        leftover.write_bytes(b"")
    with SQLiteBackend(store.path).upgrade_lock():  # while another process holds the lock: left alone
        Store.open(store.path).close()
        assert partial.exists()
    Store.open(store.path).close()
    assert not lock.exists() and not partial.exists()
