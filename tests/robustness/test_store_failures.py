"""Two processes on one store, and stores that cannot be written: a read-only
file or filesystem, a full disk, a file that disappears while open. Each ends
in one clear line and no partial write; nothing acknowledged is ever lost."""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annotations.errors import StoreError
from annotations.services import add_span, import_records
from annotations.store import Store
from annotations.types import DocumentRecord

from tests.benchmarks.corpus_news import articles
from tests.benchmarks.store_figures import write_jsonl
from tests.conftest import table_dump
from tests.robustness.edit_script import TEXT, expected_state
from tests.robustness.test_crash_safety import integrity, start_child, store_state

CLI = [sys.executable, "-c", "import sys; from annotations.cli import main; main(sys.argv[1:])"]


def run_cli(store_path: Path, *args: str, **popen) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "--store", str(store_path), "--quiet", *args],
                          capture_output=True, text=True, timeout=120, **popen)


def one_line(stderr: str) -> str:
    lines = [x for x in stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_cli_import_while_another_process_edits(store, store_path, tmp_path):
    document_id = import_records(store, [DocumentRecord(text=TEXT, title="edits")]).document_ids[0]
    store.close()
    source = tmp_path / "many.jsonl"
    write_jsonl(articles(1500, seed=3), source)
    editor = start_child(store_path, document_id, 0, 900)
    imported = run_cli(store_path, "import", str(source))
    out, err = editor.communicate(timeout=120)
    acked = sum(1 for line in out.splitlines() if line.startswith("ack "))
    assert integrity(store_path) == "ok"
    assert editor.returncode == 0 or "store is busy" in err, err
    assert imported.returncode == 0 or "store is busy" in one_line(imported.stderr), imported.stderr
    state = store_state(store_path, document_id)
    assert state in (expected_state(acked), expected_state(acked + 1))
    con = sqlite3.connect(store_path)
    documents = con.execute("SELECT COUNT(*) FROM document").fetchone()[0]
    con.close()
    assert documents == (1501 if imported.returncode == 0 else 1)  # all of the import, or none
    assert acked == 900 or editor.returncode != 0


def test_held_write_lock_reports_store_is_busy(store, store_path, tmp_path):
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"text": "Ana Ruiz said so."}) + "\n", encoding="utf-8")
    store.close()
    before = table_dump(store_path)
    blocker = sqlite3.connect(store_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        result = run_cli(store_path, "import", str(source))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.returncode == 1
    assert "store is busy" in one_line(result.stderr)
    assert table_dump(store_path) == before


def _limited_fsize(limit: int):
    def setup() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return setup


def test_disk_full_during_import_leaves_store_unchanged(store, store_path, tmp_path):
    import_records(store, articles(5, seed=1))
    store.close()
    source = tmp_path / "big.jsonl"
    write_jsonl(articles(800, seed=2), source)
    before = table_dump(store_path)
    limit = store_path.stat().st_size + 64 * 1024
    result = run_cli(store_path, "import", str(source), preexec_fn=_limited_fsize(limit))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert str(store_path) in line and ("disk is full" in line or "cannot write" in line), line
    assert integrity(store_path) == "ok"
    assert table_dump(store_path) == before


def test_store_file_deleted_while_open_refuses_further_edits(store, store_path, doc_id):
    add_span(store, doc_id, 0, 8, "ACTOR")
    moved = store_path.with_name("moved.sqlite")
    os.rename(store_path, moved)
    with pytest.raises(StoreError, match="moved, deleted or replaced"):
        add_span(store, doc_id, 15, 20, "ACTOR")


def test_missing_store_path_is_one_line(tmp_path):
    result = run_cli(tmp_path / "gone" / "store.sqlite", "docs")
    assert result.returncode == 1
    assert "no store there" in one_line(result.stderr)


def test_read_only_store_file(store, store_path, tmp_path):
    """As root too (CI runs as root): the file is then read-only through a read-only bind mount."""
    from tests.store.read_only import run_with_read_only_file

    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"text": "Ana Ruiz said so."}) + "\n", encoding="utf-8")
    store.close()
    before = table_dump(store_path)
    result = run_with_read_only_file(store_path, [*CLI, "--store", str(store_path), "--quiet", "import", str(source)])
    assert result.returncode == 1
    assert "read-only" in one_line(result.stderr)
    assert table_dump(store_path) == before


@pytest.fixture
def tiny_mount():
    """A 2 MiB tmpfs (root only): for a real read-only and a real full filesystem."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a test filesystem needs root")
    where = Path(tempfile.mkdtemp(prefix="glossator-fs-"))
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "none", str(where)],
                      capture_output=True).returncode != 0:
        where.rmdir()
        pytest.skip("cannot mount tmpfs here")
    yield where
    subprocess.run(["umount", str(where)], check=False)
    where.rmdir()


def test_full_filesystem_during_import(tiny_mount, tmp_path):
    path = tiny_mount / "store.sqlite"
    with Store.create(path) as store:
        import_records(store, articles(5, seed=1))
    source = tmp_path / "big.jsonl"
    write_jsonl(articles(1500, seed=2), source)
    before = table_dump(path)
    result = run_cli(path, "import", str(source))
    assert result.returncode == 1
    assert "disk is full" in one_line(result.stderr)
    assert integrity(path) == "ok" and table_dump(path) == before


def test_read_only_filesystem(tiny_mount, tmp_path):
    path = tiny_mount / "store.sqlite"
    with Store.create(path) as store:
        import_records(store, articles(2, seed=1))
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"text": "Ana Ruiz said so."}) + "\n", encoding="utf-8")
    before = table_dump(path)
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_mount)], check=True)
    result = run_cli(path, "import", str(source))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert str(path) in line and "read-only" in line, line
    subprocess.run(["mount", "-o", "remount,rw", str(tiny_mount)], check=True)  # SQLite cannot even read WAL on ro
    assert table_dump(path) == before
