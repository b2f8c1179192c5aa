"""Listing 100,000 documents with their span counts (`list_documents`, what
`glossator docs` and the desktop's list read) on PostgreSQL and on SQLite, the
same records in both. No goal: both figures are printed (median of 5), with
the per-annotator listing (`--annotator`) as well.

    source /work/pg.env; .venv/bin/python -m tests.benchmarks.pg_list_bench [--docs 100000] [--runs 5]
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from annotations.services import import_records, list_documents, set_status
from annotations.store import Store
from annotations.types import DocumentRecord, SpanRecord
from tests.benchmarks.pg_common import fresh_database, server_url

_WORDS = "the minister said that prices rose sharply in the capital on monday while officials denied it".split()


def records(n: int, seed: int = 7) -> list[DocumentRecord]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = f"Report {i}: " + " ".join(rng.choice(_WORDS) for _ in range(30))
        spans = (SpanRecord(0, 6, "ACTOR"), SpanRecord(8, 8 + len(str(i)), "FIGURE"),
                 SpanRecord(10, 30, "ASSERTION", status="pending"))
        out.append(DocumentRecord(text=text, title=f"Report {i}", spans=spans))
    return out


def timed_listing(store: Store, runs: int, annotator: str | None = None) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = list_documents(store, annotator=annotator)
        times.append(time.perf_counter() - t0)
    assert rows
    return statistics.median(times)


def fill(store: Store, batch: list[DocumentRecord]) -> None:
    for i in range(0, len(batch), 10_000):
        import_records(store, batch[i:i + 10_000], annotator="bench")
    for doc in range(1, len(batch) + 1, 500):
        set_status(store, doc, "done", annotator="ana")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    batch = records(args.docs)
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        with Store.create(Path(tmp) / "list.sqlite") as store:
            fill(store, batch)
            figures["SQLite"] = (timed_listing(store, args.runs), timed_listing(store, args.runs, "ana"))
        with fresh_database(server_url()) as url, Store.create(url) as store:
            fill(store, batch)
            figures["PostgreSQL"] = (timed_listing(store, args.runs), timed_listing(store, args.runs, "ana"))
    for name, (plain, mine) in figures.items():
        print(f"list {args.docs:,} documents with counts, {name}: {plain * 1000:.0f} ms "
              f"(with --annotator: {mine * 1000:.0f} ms), median of {args.runs}")
    print(f"PostgreSQL / SQLite: {figures['PostgreSQL'][0] / figures['SQLite'][0]:.2f}x")


if __name__ == "__main__":
    main()
