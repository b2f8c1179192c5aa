"""Privacy: the CLI (import, suggest, export, train) and the desktop run with
network sockets blocked and never try to open one; store files are readable
by their owner only."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.services import add_span
from annotations.store import Store

GUARD = Path(__file__).with_name("no_network.py")
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def guarded(log: Path, kind: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GLOSSATOR_ANNOTATOR": "tester"}
    return subprocess.run([sys.executable, str(GUARD), str(log), kind, *args],
                          capture_output=True, text=True, timeout=600, env=env)


def cli_commands() -> list[str]:
    from annotations.cli.app import app

    return [c.name or c.callback.__name__ for c in app.registered_commands]


def test_guard_catches_a_network_attempt(tmp_path):
    """The guard itself works: a deliberate connection is recorded and refused."""
    log = tmp_path / "net.log"
    code = "import socket; socket.create_connection(('127.0.0.1', 9))"
    script = f"exec(open({str(GUARD)!r}).read().split('if __name__')[0]); {code}"
    done = subprocess.run([sys.executable, "-c", script, str(log)], capture_output=True, text=True)
    assert done.returncode != 0 and "create_connection" in log.read_text()


@pytest.mark.slow
def test_cli_never_opens_a_network_connection(tmp_path):
    log = tmp_path / "net.log"
    store = tmp_path / "store.sqlite"
    commands = cli_commands()
    steps = [["init"], ["import", str(SAMPLES / "gold.jsonl")], ["export", "jsonl", str(tmp_path / "out.jsonl")],
             ["export", "spacy", str(tmp_path / "spacy")]]
    if "suggest" in commands:
        steps.insert(2, ["suggest"])
    if "train" in commands:
        steps.append(["train", str(tmp_path / "model"), "--epochs", "1"])
    for step in steps:
        done = guarded(log, "cli", "--store", str(store), "--quiet", *step)
        assert done.returncode == 0, f"{step}: {done.stderr}"
    assert not log.exists(), log.read_text()
    assert {"suggest", "train"} <= set(commands), "suggest/train not registered: only import/export were checked"


def test_desktop_never_opens_a_network_connection(tmp_path):
    from desktop.app import main  # what no_network.py runs: a rename fails here, never skips

    assert callable(main)
    log = tmp_path / "net.log"
    store = tmp_path / "store.sqlite"
    assert guarded(log, "cli", "--store", str(store), "--quiet", "init").returncode == 0
    assert guarded(log, "cli", "--store", str(store), "--quiet", "import", str(SAMPLES / "gold.jsonl")).returncode == 0
    shot = tmp_path / "shot.png"
    done = guarded(log, "desktop", "--store", str(store), "--screenshot", str(shot),
                   "--settings", str(tmp_path / "settings.ini"))
    assert done.returncode == 0, done.stderr
    assert shot.exists()
    assert not log.exists(), log.read_text()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_files_are_owner_only(tmp_path):
    old = os.umask(0o022)  # a typical user umask: group/world readable by default
    try:
        path = tmp_path / "store.sqlite"
        with Store.create(path) as store:
            from annotations.services import import_records
            from annotations.types import DocumentRecord

            doc = import_records(store, [DocumentRecord(text="Ana Ruiz said so.")]).document_ids[0]
        with Store.open(path) as store:  # a later session creates the -wal/-shm files again
            add_span(store, doc, 0, 8, "ACTOR")
            files = sorted(tmp_path.glob("store.sqlite*"))
            assert {p.name for p in files} >= {"store.sqlite", "store.sqlite-wal", "store.sqlite-shm"}
            for p in files:
                assert mode(p) == 0o600, f"{p.name} is {oct(mode(p))}"
    finally:
        os.umask(old)
