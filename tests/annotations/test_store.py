"""The store file: settings, permissions, foreign/newer files, migrations with backup."""
import os
import sqlite3
import stat

import pytest

from annotations.errors import StoreError
from annotations.services import add_span, get_spans, import_records
from annotations.store import HEAD_REVISION, Store, default_store_path, migrate
from annotations.types import DocumentRecord
from tests.conftest import table_dump


def test_new_store_settings_and_permissions(store):
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT value FROM glossator_info WHERE key='app'").fetchone()[0] == "glossator"
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    con.close()
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_schema_is_recorded_in_the_store(store):
    reopened = Store.open(store.path)
    assert reopened.schema.label_names == ("ACTOR", "FIGURE", "ASSERTION")
    assert reopened.schema.label("FIGURE").attribute("approximate").type == "boolean"
    assert "ASSERTION" in reopened.schema.relation("SOURCE").head
    assert "ACTOR" in reopened.schema.guidelines
    reopened.close()


def test_creating_over_an_existing_file_is_refused(store):
    with pytest.raises(StoreError, match="already exists"):
        Store.create(store.path)


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no store there"):
        Store.open(tmp_path / "nope.sqlite")


@pytest.mark.parametrize("content", [b"hello, not a database\n" * 10, os.urandom(4096), b""])
def test_foreign_files_are_refused_and_untouched(tmp_path, content):
    path = tmp_path / "foreign.sqlite"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a Glossator store"):
        Store.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["foreign.sqlite"]


def test_sqlite_file_of_another_program_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        Store.open(path)
    assert path.read_bytes() == before


def test_newer_store_is_refused_and_untouched(store):
    con = sqlite3.connect(store.path)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    store.close()
    before = table_dump(store.path)
    with pytest.raises(StoreError, match="newer Glossator"):
        Store.open(store.path)
    assert table_dump(store.path) == before


def make_revision_0001_store(path):
    """A store as the first release wrote it, with one document and one span."""
    sqlite3.connect(path).close()
    migrate(path, "0001")
    con = sqlite3.connect(path)
    con.executescript(
        """
        INSERT INTO glossator_info VALUES ('app', 'glossator'), ('schema_name', 'news-default'),
            ('language', 'en'), ('relations', '[]');
        INSERT INTO label VALUES ('ACTOR', 0, '#4E79A7', '1', 'who acts', '[{"name": "kind", "type": "text"}]');
        INSERT INTO document VALUES (1, 'abc', 'Old', NULL, '{}', 'Ruiz spoke.', 'new',
            '2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000');
        INSERT INTO span VALUES (1, 1, 0, 4, 'ACTOR', '{"kind": "person"}', 'manual', 'ana',
            '2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000');
        """
    )
    con.commit()
    con.close()


def test_older_store_is_upgraded_after_a_backup(tmp_path):
    path = tmp_path / "old.sqlite"
    make_revision_0001_store(path)
    old_tables = table_dump(path)
    store = Store.open(path)
    assert store.backup_path is not None and store.backup_path.exists()
    assert store.backup_path.parent == tmp_path
    assert stat.S_IMODE(store.backup_path.stat().st_mode) == 0o600
    assert table_dump(store.backup_path) == old_tables  # the backup is the old store, whole
    spans = get_spans(store, 1)
    assert [(s.start, s.end, s.label, s.status, s.annotator) for s in spans] == [(0, 4, "ACTOR", "accepted", "ana")]
    # the upgraded store takes new-style writes
    add_span(store, 1, 5, 10, "ACTOR", {"kind": "x"}, status="pending", suggester="rules", score=0.5)
    assert {s.status for s in get_spans(store, 1)} == {"accepted", "pending"}
    store.close()
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION


def test_default_location_and_environment_override(tmp_path, monkeypatch):
    monkeypatch.setenv("GLOSSATOR_STORE", str(tmp_path / "env.sqlite"))
    assert default_store_path() == tmp_path / "env.sqlite"
    monkeypatch.delenv("GLOSSATOR_STORE")
    assert default_store_path().name == "glossator.sqlite"
    assert "glossator" in str(default_store_path().parent).lower()


ADD_SPAN = """
import sys
from annotations.errors import StoreError
from annotations.services import add_span
from annotations.store import Store
store = Store.open(sys.argv[1])
try:
    add_span(store, int(sys.argv[2]), 0, 3, "ACTOR")
except StoreError as exc:
    print(exc)
    sys.exit(1)
"""


def test_read_only_store_gives_a_clear_error(store, doc_id):
    """As root too: the file is then read-only through a read-only bind mount."""
    import sys

    from tests.store.read_only import run_with_read_only_file

    store.close()
    before = table_dump(store.path)
    result = run_with_read_only_file(store.path, [sys.executable, "-c", ADD_SPAN, str(store.path), str(doc_id)])
    assert result.returncode == 1, result.stderr
    assert result.stdout.strip() == f"{store.path}: store is read-only; nothing was written"
    assert table_dump(store.path) == before


def test_import_batch_is_all_or_nothing(store):
    good = DocumentRecord(text="Chile imposed tariffs.")
    import_records(store, [good])
    before = table_dump(store.path)
    from annotations.errors import InputError
    from annotations.types import SpanRecord

    bad = DocumentRecord(text="Peru replied.", spans=[SpanRecord(0, 99, "ACTOR")], path="x.jsonl", line=2)
    with pytest.raises(InputError, match=r"x.jsonl:2: .*outside the text"):
        import_records(store, [DocumentRecord(text="New one."), bad])
    assert table_dump(store.path) == before
