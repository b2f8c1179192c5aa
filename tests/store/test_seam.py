"""The store seam: one entry point for paths and URLs, SQLite specifics in one
backend module, connection settings read back, owner-only files, write
sessions, uids on every kind of insert, and database failures (a damaged page,
a damaged label schema, a raw driver error) as one line."""
from __future__ import annotations

import ast
import os
import re
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from annotations.errors import StoreError
from annotations.tables import DocumentRow, SpanRow
from annotations.services import add_span, get_spans, import_records
from annotations.store import Store, open_store
from annotations.types import DocumentRecord, SpanRecord
from tests.conftest import EXAMPLE
from tests.store.old_stores import make_0002_store, query

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "import sys; from annotations.cli import main; main(sys.argv[1:])"]


def run_cli(store_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "--store", str(store_path), "--quiet", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def one_line(stderr: str) -> str:
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in stderr, stderr
    return lines[0]


def test_a_path_and_an_sqlite_url_open_the_same_store(store, doc_id, tmp_path, monkeypatch):
    store.close()
    for location in (store.path, str(store.path), f"sqlite:///{store.path}"):
        with open_store(location) as again:
            assert again.dialect == "sqlite" and again.path == store.path and again.location == str(store.path)
            assert [d for d in query(again.path, "SELECT id FROM document")] == [(doc_id,)]
    monkeypatch.chdir(tmp_path)
    with Store.open("sqlite:///store.sqlite") as relative:
        assert relative.path == Path("store.sqlite")


@pytest.mark.parametrize("url", ["postgresql://ana:secret@db.example/news", "postgresql+psycopg://db/news",
                                 "postgres://db/news", "postgresql://ana@/news?host=/run/pg&password=secret"])
def test_postgresql_urls_get_the_postgresql_backend_without_the_password(url):
    from annotations.backends import backend_for

    backend = backend_for(url)  # nothing is connected until the store is opened
    assert backend.dialect == "postgresql" and backend.path is None
    assert "secret" not in backend.location and backend.location.startswith("postgresql://")
    assert backend.url().startswith("postgresql+psycopg://")


def test_unknown_kinds_of_url_are_refused(tmp_path):
    with pytest.raises(StoreError, match=r"unknown kind of store \(mysql://\)"):
        Store.open("mysql://db/news")
    with pytest.raises(StoreError, match="names a file"):
        Store.create("sqlite:///:memory:")
    assert list(tmp_path.iterdir()) == []


def test_only_the_sqlite_backend_imports_sqlite3():
    importers = []
    for path in sorted((ROOT / "annotations").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n == "sqlite3" or n.startswith("sqlite3.") for n in names):
                importers.append(path.relative_to(ROOT).as_posix())
    assert sorted(set(importers)) == ["annotations/backends/sqlite.py"]


def test_connection_settings_are_read_back(store):
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_a_write_session_holds_the_write_lock_from_its_start(store, doc_id):
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        with store.session(write=True) as s:
            s.exec(select(DocumentRow.id)).all()  # only a read so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released at commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def _uids(path, table="span") -> list[str]:
    return [r[0] for r in query(path, f"SELECT uid FROM {table} ORDER BY id")]


def test_every_kind_of_insert_gets_a_fresh_uid(store, doc_id):
    add_span(store, doc_id, 0, 8, "ACTOR")  # ORM
    now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    rows = [dict(document_id=doc_id, start=k, end=k + 3, label="ACTOR", attributes={}, origin="import",
                 status="accepted", annotator="ana", created_at=now, updated_at=now) for k in (10, 20, 30)]
    with store.transaction() as conn:  # Core executemany, no uid given
        conn.execute(insert(SpanRow.__table__), rows)
    con = sqlite3.connect(store.path)  # any other INSERT: the database's default
    con.execute("INSERT INTO span (document_id, start, \"end\", label, attributes, origin, status, created_at, "
                "updated_at) VALUES (?, 40, 44, 'ACTOR', '{}', 'manual', 'accepted', ?, ?)", (doc_id, str(now), str(now)))
    con.commit()
    con.close()
    uids = _uids(store.path)
    assert len(uids) == 5 and len(set(uids)) == 5
    assert all(re.fullmatch(r"[0-9a-f]{32}", u) for u in uids)
    assert re.fullmatch(r"[0-9a-f]{32}", _uids(store.path, "document")[0])


def test_insert_ignoring_duplicates_skips_what_the_unique_indexes_refuse(store, doc_id):
    now = datetime(2025, 1, 1, tzinfo=timezone.utc)
    row = dict(document_id=doc_id, start=0, end=8, label="ACTOR", attributes={}, origin="import",
               status="accepted", annotator="ana", created_at=now, updated_at=now)
    with store.transaction() as conn:
        conn.execute(store.insert_ignoring_duplicates(SpanRow), [row, row, {**row, "annotator": "bo"}])
    assert query(store.path, "SELECT annotator FROM span ORDER BY id") == [("ana",), ("bo",)]


def test_store_files_are_owner_only_even_under_umask_022(tmp_path):
    old_umask = os.umask(0o022)
    try:
        with Store.create(tmp_path / "new.sqlite") as store:
            import_records(store, [DocumentRecord(text=EXAMPLE)])
            add_span(store, 1, 0, 8, "ACTOR")
            written = list(tmp_path.iterdir())  # the store with its -wal and -shm, while open
            assert {p.name for p in written} >= {"new.sqlite", "new.sqlite-wal", "new.sqlite-shm"}
            for p in written:
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
        make_0002_store(tmp_path / "old.sqlite")
        os.chmod(tmp_path / "old.sqlite", 0o600)  # as Glossator wrote it
        with Store.open(tmp_path / "old.sqlite") as upgraded:
            assert upgraded.backup_path is not None
            for p in tmp_path.iterdir():
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    finally:
        os.umask(old_umask)


def _damage_table(path: Path, table: str) -> None:
    """Overwrite the first page of `table`'s b-tree with garbage."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * 64)


@pytest.fixture
def damaged(tmp_path) -> Path:
    path = tmp_path / "damaged.sqlite"
    with Store.create(path) as store:
        records = [DocumentRecord(text=f"Ana Ruiz said {i} things. " * 40, title=f"d{i}",
                                  spans=[SpanRecord(k, k + 3, "ACTOR") for k in range(0, 300, 4)])
                   for i in range(14)]
        import_records(store, records)
    _damage_table(path, "span")
    return path


def test_a_damaged_page_is_one_line_suggesting_a_backup(damaged):
    with Store.open(damaged) as store:
        with pytest.raises(StoreError) as refused:
            get_spans(store, 1)
        with pytest.raises(StoreError, match="damaged"):
            with store.session() as s:  # a raw driver cursor inside a unit of work, too
                s.connection().connection.driver_connection.execute("SELECT * FROM span").fetchall()
    message = str(refused.value)
    assert str(damaged) in message and "damaged" in message and "backup" in message and "\n" not in message


@pytest.mark.parametrize("command", [["stats"], ["export", "jsonl", "{out}"]])
def test_a_damaged_page_on_the_command_line_is_one_line(damaged, tmp_path, command):
    result = run_cli(damaged, *[c.format(out=tmp_path / "out.jsonl") for c in command])
    assert result.returncode == 1
    assert "damaged" in one_line(result.stderr)


def test_label_attributes_that_are_not_json_are_named(store):
    store.close()
    con = sqlite3.connect(store.path)
    con.execute("UPDATE label SET attributes = '[{\"name\": \"kind\", ' WHERE name = 'ACTOR'")
    con.commit()
    con.close()
    with pytest.raises(StoreError) as refused:  # what the desktop's "Open store" calls
        Store.open(store.path)
    message = str(refused.value)
    assert "label 'ACTOR'" in message and "'attributes'" in message and "not valid JSON" in message
    assert str(store.path) in message and "backup" in message and "\n" not in message
    result = run_cli(store.path, "stats")
    assert result.returncode == 1 and "label 'ACTOR'" in one_line(result.stderr)


@pytest.mark.parametrize("value", ['{"name": "kind"}', '[1, 2]', '[{"type": "text"}]'])
def test_label_attributes_of_the_wrong_shape_are_named(store, value):
    store.close()
    con = sqlite3.connect(store.path)
    con.execute("UPDATE label SET attributes = ? WHERE name = 'FIGURE'", (value,))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="label 'FIGURE': field 'attributes' is not a list"):
        Store.open(store.path)
