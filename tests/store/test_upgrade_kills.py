"""SIGKILL during the pre-upgrade backup and during the upgrade, at random
(seeded) moments, 20 times each: afterwards the store opens, holds every row,
passes integrity_check, and no file is world-readable; a file named like a
backup is always a complete backup, and the next open leaves no temporary file.

The killed process is a fork of the test process (imports already done), so
each attempt costs the open itself, not a Python start-up."""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import stat
import time
from pathlib import Path

import pytest

from annotations.backends.sqlite import SQLiteBackend
from annotations.store import HEAD_REVISION, Store
from tests.conftest import table_dump
from tests.store.old_stores import make_0001_store, query

KILLS = 20


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A first-release (0001) store large enough that backup and upgrade take a while."""
    path = tmp_path_factory.mktemp("template") / "old.sqlite"
    make_0001_store(path, documents=100, spans_per_document=20, repeat=1500)
    os.chmod(path, 0o600)
    Store.open(shutil.copy(path, path.with_name("warm.sqlite"))).close()  # imports and migration scripts loaded
    return path


def _phases(template: Path, where: Path) -> tuple[float, float]:
    """Seconds until the backup is written, and until the whole open is done (for spreading kills)."""
    copy = Path(shutil.copy(template, where / "timing.sqlite"))
    t0 = time.perf_counter()
    backend = SQLiteBackend(copy)
    backend.inspect()
    backend.backup("0001")
    backup_done = time.perf_counter() - t0
    t0 = time.perf_counter()
    Store.open(copy).close()
    return backup_done, backup_done + time.perf_counter() - t0


def _open_and_get_killed(path: Path, delay: float) -> None:
    pid = os.fork()
    if pid == 0:  # the child: open (and upgrade) the store, never return into pytest
        try:
            Store.open(path).close()
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _check_after_kill(folder: Path, old: dict, expected: dict) -> None:
    for f in folder.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f"{f.name} is {oct(f.stat().st_mode)}"
        if re.fullmatch(r"old\.backup-r0001-[0-9-]+\.sqlite", f.name):
            assert table_dump(f) == old, f"{f.name} looks like a backup but is not complete"
    path = folder / "old.sqlite"
    with Store.open(path) as store:
        assert store.dialect == "sqlite"
    assert query(path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert query(path, "PRAGMA integrity_check") == [("ok",)]
    assert query(path, "PRAGMA foreign_key_check") == []
    for table, rows in expected.items():
        assert query(path, f"SELECT id, {rows[0]} FROM {table} ORDER BY id") == rows[1], table
    names = sorted(f.name for f in folder.iterdir())
    assert [n for n in names if re.search(r"partial|\.tmp|\.lock|-journal", n)] == []
    assert len([n for n in names if ".backup-" in n]) == 1, names  # never a second full backup


@pytest.mark.parametrize("phase", ["backup", "upgrade"])
def test_sigkill_during_upgrade_leaves_an_openable_store(template, tmp_path, phase):
    old = table_dump(template)
    merged = {2, 6}  # the duplicates the upgrade merges
    expected = {
        "document": ("sha256, text", query(template, "SELECT id, sha256, text FROM document ORDER BY id")),
        "span": ('start, "end", label, attributes', [r for r in query(
            template, 'SELECT id, start, "end", label, attributes FROM span ORDER BY id') if r[0] not in merged]),
    }
    backup_done, open_done = _phases(template, tmp_path)
    low, high = (0.0, backup_done * 1.2) if phase == "backup" else (backup_done, open_done)
    rng = random.Random(f"{phase}-12")
    for kill in range(KILLS):
        folder = tmp_path / f"kill{kill}"
        folder.mkdir()
        shutil.copy(template, folder / "old.sqlite")
        _open_and_get_killed(folder / "old.sqlite", rng.uniform(low, high))
        _check_after_kill(folder, old, expected)
        shutil.rmtree(folder)


def test_sigkill_while_creating_a_store_leaves_nothing_or_a_whole_store(tmp_path):
    t0 = time.perf_counter()
    Store.create(tmp_path / "timing.sqlite").close()
    took = time.perf_counter() - t0
    rng = random.Random(5)
    for kill in range(KILLS // 2):
        folder = tmp_path / f"kill{kill}"
        folder.mkdir()
        path = folder / "new.sqlite"
        pid = os.fork()
        if pid == 0:
            try:
                Store.create(path).close()
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, took * 1.2))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        if path.exists():  # created whole: it opens, with its schema
            with Store.open(path) as store:
                assert store.schema.label_names
        else:
            Store.create(path).close()  # the killed attempt's leftovers do not stand in the way
        assert sorted(p.name for p in folder.iterdir()) == ["new.sqlite"]
        for p in folder.iterdir():
            assert stat.S_IMODE(p.stat().st_mode) == 0o600
