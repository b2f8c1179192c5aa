"""A process killed (SIGKILL) in the middle of a multi-step use case leaves all
or nothing of the decision in the store: accept-all and relabel-and-accept are
one transaction each.

The child process counts the steps of the use case (each writes one event-log
entry) and kills itself with SIGKILL at step K, before the transaction could
commit; K is drawn at random (the seed is in the failure message) and also
fixed at the first and last step.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.services import get_spans, import_records, list_events
from annotations.services.suggestions import run_suggester
from annotations.store import Store
from annotations.types import DocumentRecord

ROOT = Path(__file__).resolve().parents[2]
TEXT = ("Tim Cook leads Apple in Cupertino. Finance Minister Ana Ruiz said about 3,500 jobs were at risk. "
        "Chile said 40 people left. Peru sent 12 ministers to Lima, the BBC reported.")

CHILD = """
import os, signal, sys
sys.path.insert(0, {root!r})
from annotations.services import events, review
from annotations.store import Store

store = Store.open({path!r})
store.schema
real, steps = events.record, [0]

def record(*args, **kwargs):
    steps[0] += 1
    if steps[0] == {kill_at}:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)

events.record = record
{call}
print("finished", steps[0], flush=True)
"""


def run_child(path: Path, call: str, kill_at: int) -> subprocess.CompletedProcess:
    code = CHILD.format(root=str(ROOT), path=str(path), kill_at=kill_at, call=call)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.fixture
def suggested(store_path):
    with Store.create(store_path) as store:
        [doc] = import_records(store, [DocumentRecord(text=TEXT)]).document_ids
        run_suggester(store, "rules", [doc])
        pending = [s for s in get_spans(store, doc) if s.status == "pending"]
    assert len(pending) >= 4
    return doc, pending


def state(path: Path, doc: int):
    with Store.open(path) as store:
        return [(s.id, s.label, s.status) for s in get_spans(store, doc)], len(list_events(store))


def steps_of(path: Path, call: str) -> int:
    """How many steps the use case takes (run to the end on a copy)."""
    copy = path.with_name("steps.sqlite")
    with Store.open(path) as store:
        store.engine.dispose()
    copy.write_bytes(path.read_bytes())
    done = run_child(copy, call, kill_at=-1)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def kill_points(total: int) -> tuple[list[int], int]:
    seed = int.from_bytes(os.urandom(4), "little")
    return [1, total, random.Random(seed).randint(1, total)], seed


def test_sigkill_inside_accept_all_leaves_all_or_nothing(store_path, suggested):
    doc, pending = suggested
    call = f"review.accept_all(store, {doc})"
    total = steps_of(store_path, call)
    assert total >= len(pending)  # one step per suggestion, plus relations following their spans
    before = state(store_path, doc)
    points, seed = kill_points(total)
    for kill_at in points:
        died = run_child(store_path, call, kill_at)
        assert died.returncode == -signal.SIGKILL, (seed, kill_at, died.stderr)
        assert state(store_path, doc) == before, f"half an accept-all kept (seed {seed}, killed at step {kill_at})"
    done = run_child(store_path, call, kill_at=-1)
    assert done.returncode == 0, done.stderr
    spans, _ = state(store_path, doc)
    assert {s for _, _, s in spans} == {"accepted"}


def test_sigkill_inside_relabel_and_accept_leaves_all_or_nothing(store_path, suggested):
    doc, pending = suggested
    figure = next(s for s in pending if s.label == "FIGURE")
    call = f"review.relabel_and_accept(store, {figure.id}, 'ACTOR', {{'kind': 'group'}})"
    before = state(store_path, doc)
    for kill_at in (1, 2):  # killed after the relabel, before the acceptance is logged
        died = run_child(store_path, call, kill_at)
        assert died.returncode == -signal.SIGKILL, died.stderr
        assert state(store_path, doc) == before, f"half a relabel-and-accept kept (killed at step {kill_at})"
    assert run_child(store_path, call, kill_at=-1).returncode == 0
    spans, _ = state(store_path, doc)
    assert (figure.id, "ACTOR", "accepted") in spans
