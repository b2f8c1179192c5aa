"""Crash safety: a child process applying edits is killed with SIGKILL at
random (seeded) moments; after every kill the store passes integrity_check and
holds every acknowledged edit (and at most the one edit in flight)."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotations.services import import_records
from annotations.types import DocumentRecord

from tests.robustness.edit_script import TEXT, expected_state

SCRIPT = Path(__file__).with_name("edit_script.py")
KILLS = 20


def store_state(path: Path, document_id: int) -> dict[int, tuple]:
    import json

    con = sqlite3.connect(path)
    try:
        rows = con.execute('SELECT start, "end", label, attributes FROM span WHERE document_id = ?', (document_id,))
        return {r[0]: (r[1], r[2], json.loads(r[3])) for r in rows}
    finally:
        con.close()


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def start_child(path: Path, document_id: int, first: int, last: int) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(path), str(document_id), str(first), str(last)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    return child


def test_sigkill_never_loses_an_acknowledged_edit(store, store_path):
    document_id = import_records(store, [DocumentRecord(text=TEXT, title="crash")]).document_ids[0]
    store.close()
    rng = random.Random(8)
    done = 0  # ops reflected in the store
    for kill in range(KILLS):
        child = start_child(store_path, document_id, done, done + 3000)
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        acked = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack ")]
        assert acked == list(range(done, done + len(acked)))
        last_acked = done + len(acked)
        assert integrity(store_path) == "ok", f"kill {kill}"
        state = store_state(store_path, document_id)
        if state == expected_state(last_acked):
            done = last_acked
        else:  # the op in flight committed but was not acknowledged yet
            assert state == expected_state(last_acked + 1), f"kill {kill}: acknowledged edits missing"
            done = last_acked + 1
    assert done > KILLS, "the child never got to edit before being killed"
    child = start_child(store_path, document_id, done, done + 3)
    assert child.wait(timeout=60) == 0
    assert store_state(store_path, document_id) == expected_state(done + 3)
    con = sqlite3.connect(store_path)
    events = con.execute("SELECT COUNT(*) FROM event WHERE action != 'import_document'").fetchone()[0]
    con.close()
    assert events == done + 3  # every applied edit is in the log, once
