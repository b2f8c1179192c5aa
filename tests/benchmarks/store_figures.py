"""Store-side benchmark figures: import, one committed edit on a small vs a
large store, the document list, bytes per span and the CLI's peak memory.

Each function returns a Figure: the measured value, a raw baseline measured in
the same run, and the goal for their ratio. Nothing here asserts; run.py prints.
"""
from __future__ import annotations

import json
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from annotations.services import add_span, delete_span, import_records, list_documents
from annotations.services.documents import _PUBLISHED, _SUMMARY_SQL
from annotations.store import Store
from annotations.text import sha256
from annotations.types import DocumentRecord

from tests.benchmarks.corpus_news import articles


@dataclass
class Figure:
    name: str
    value: float
    baseline: float
    goal: float  # the ratio value/baseline must not exceed this
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def ok(self) -> bool:
        return self.ratio <= self.goal


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def fresh_store(folder: Path, name: str) -> Store:
    path = folder / f"{name}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Store.create(path)


def raw_rows(records: list[DocumentRecord]) -> tuple[list, list, list, list]:
    """The rows import_records writes (documents, spans, relations, log events), built the plainest way."""
    docs, spans, relations, events = [], [], [], []
    now = "2026-11-25 00:00:00.000000"
    span_id = 1
    for doc_id, r in enumerate(records, start=1):
        docs.append((doc_id, sha256(r.text), r.title, r.source, json.dumps(r.meta), r.text, r.status, now, now))
        first = span_id
        for s in r.spans:
            spans.append((span_id, doc_id, s.start, s.end, s.label, json.dumps(s.attributes), "import",
                          s.status, None, None, None, "bench", now, now))
            span_id += 1
        relations.extend((None, doc_id, first + rel.head, first + rel.child, rel.label, "import", rel.status,
                          "bench", now) for rel in r.relations)
        events.append((now, "bench", "import_document", doc_id, f"document:{doc_id}",
                       json.dumps({"source": r.source, "spans": len(r.spans), "relations": len(r.relations)})))
    return docs, spans, relations, events


def raw_insert(path: Path, records: list[DocumentRecord]) -> None:
    """Baseline: plain sqlite3 executemany of the same rows, one transaction, same pragmas."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("BEGIN IMMEDIATE")
    docs, spans, relations, events = raw_rows(records)
    con.executemany("INSERT INTO document (id, sha256, title, source, meta, text, status, created_at, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?)", docs)
    con.executemany('INSERT INTO span (id, document_id, start, "end", label, attributes, origin, status, suggester, '
                    "suggester_version, score, annotator, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    spans)
    con.executemany("INSERT INTO relation (id, document_id, head_id, child_id, label, origin, status, annotator, "
                    "created_at) VALUES (?,?,?,?,?,?,?,?,?)", relations)
    con.executemany("INSERT INTO event (at, annotator, action, document_id, target, after) VALUES (?,?,?,?,?,?)",
                    events)
    con.execute("COMMIT")
    con.close()


def import_figure(folder: Path, n_docs: int, seed: int, repeats: int = 2) -> Figure:
    """Best of `repeats` runs each, every run into a fresh store (commits are fsync-bound and noisy)."""
    records = articles(n_docs, seed)
    baseline, value = float("inf"), float("inf")
    for _ in range(repeats):
        base_store = fresh_store(folder, "import-raw")
        base_store.close()
        baseline = min(baseline, timed(lambda: raw_insert(base_store.path, records)))
        store = fresh_store(folder, "import-service")
        fresh = articles(n_docs, seed)
        value = min(value, timed(lambda: import_records(store, fresh)))
        store.close()
    return Figure(f"import {n_docs} docs (import_records vs sqlite3 executemany)", value, baseline, 2.0)


def median_edit_time(store: Store, doc_ids: list[int], rng: random.Random, edits: int) -> list[float]:
    """Time add_span (one committed transaction each); each span is deleted again untimed."""
    times = []
    for _ in range(edits):
        doc = rng.choice(doc_ids)
        t0 = time.perf_counter()
        change = add_span(store, doc, 0, 6, "ACTOR", {"kind": "person"})
        times.append(time.perf_counter() - t0)
        delete_span(store, change.span_id)
    return times


def edit_figure(folder: Path, big_store: Store, big_ids: list[int], seed: int, edits: int = 40) -> Figure:
    small = fresh_store(folder, "edit-small")
    small_ids = import_records(small, articles(100, seed)).document_ids
    rng = random.Random(seed)
    small_times, big_times = [], []
    for _ in range(4):  # interleave so disk noise hits both alike
        small_times += median_edit_time(small, small_ids, rng, edits // 4)
        big_times += median_edit_time(big_store, big_ids, rng, edits // 4)
    small.close()
    spans = span_count(big_store.path)
    return Figure(f"one span edit, committed ({spans:,} spans vs 2,000)", statistics.median(big_times),
                  statistics.median(small_times), 1.5)


def span_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM span").fetchone()[0]
    finally:
        con.close()


def list_figure(big_store: Store, repeats: int = 5) -> Figure:
    sql = _SUMMARY_SQL.format(status="d.status", join="", where="", limit="", published=_PUBLISHED["sqlite"])

    def raw() -> None:
        con = sqlite3.connect(big_store.path)
        rows = con.execute(sql).fetchall()
        con.close()
        assert rows

    baseline = min(timed(raw) for _ in range(repeats))
    value = min(timed(lambda: list_documents(big_store)) for _ in range(repeats))
    n = len(list_documents(big_store))
    return Figure(f"list_documents, {n:,} docs (vs raw sqlite3 query)", value, baseline, 2.0)


def compact_jsonl_size(records: list[DocumentRecord]) -> int:
    """Bytes of the same content as compact JSON lines: the size baseline."""
    total = 0
    for r in records:
        item = {"text": r.text, "title": r.title, "meta": r.meta,
                "spans": [[s.start, s.end, s.label, s.attributes] for s in r.spans],
                "relations": [[x.head, x.child, x.label] for x in r.relations]}
        total += len(json.dumps(item, ensure_ascii=False).encode("utf-8")) + 1
    return total


def size_figure(big_store: Store, records: list[DocumentRecord]) -> Figure:
    con = sqlite3.connect(big_store.path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    spans = span_count(big_store.path)
    size = big_store.path.stat().st_size
    return Figure("store bytes per span (vs compact JSONL of the same data)", size / spans,
                  compact_jsonl_size(records) / spans, 3.0, unit="B")


_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
         "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_rss_kib(argv: list[str]) -> int:
    """Peak resident memory (KiB) of a child process running argv."""
    out = subprocess.run([sys.executable, "-c", _PEAK, *argv], check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1])


def write_jsonl(records: list[DocumentRecord], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            spans = [{"start": s.start, "end": s.end, "label": s.label, "attributes": s.attributes} for s in r.spans]
            fh.write(json.dumps({"text": r.text, "meta": {"title": r.title}, "spans": spans}, ensure_ascii=False) + "\n")


CLI = [sys.executable, "-c", "import sys; from annotations.cli import main; main(sys.argv[1:])"]
_BASELINE_READ = ("import json, sys, annotations.cli; "
                  "data = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]")


def memory_figure(folder: Path, n_docs: int, seed: int) -> Figure:
    """CLI import peak RSS vs a process that loads the CLI and parses the same file."""
    source = folder / "memory.jsonl"
    write_jsonl(articles(n_docs, seed), source)
    store = fresh_store(folder, "memory")
    store.close()
    cli = [*CLI, "--store", str(store.path), "--quiet", "import", str(source)]
    value = peak_rss_kib(cli)
    baseline = peak_rss_kib([sys.executable, "-c", _BASELINE_READ, str(source)])
    return Figure(f"CLI import peak RSS, {n_docs} docs (vs loading CLI + parsing the file)",
                  value / 1024, baseline / 1024, 2.0, unit="MiB")
