"""One committed span edit on PostgreSQL (#13, DECISIONS "Benchmarks"):
`add_span` (one transaction: checks, the span row, its event) vs raw psycopg
writing the same rows (span + event) in one transaction on the same server.
Goal ≤ 2×. Each run times N edits of each kind, interleaved; each span is
deleted again untimed. Prints the median of the runs' median ratios.

    source /work/pg.env; .venv/bin/python -m tests.benchmarks.pg_edit_bench [--edits 100] [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from datetime import datetime, timezone

import psycopg

from annotations.services import add_span, delete_span, import_records
from annotations.store import Store
from tests.benchmarks.corpus_news import articles
from tests.benchmarks.pg_common import fresh_database, line, median_ratio, server_url

_SPAN = ('INSERT INTO span (uid, document_id, start, "end", label, attributes, origin, status, annotator, '
         "created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, 'manual', 'accepted', %s, %s, %s) RETURNING id")
_EVENT = ("INSERT INTO event (at, annotator, action, document_id, target, after) "
          "VALUES (%s, %s, 'add_span', %s, %s, %s)")


def raw_edit(con: psycopg.Connection, doc: int) -> float:
    now = datetime.now(timezone.utc)
    attrs = json.dumps({"kind": "person"})
    t0 = time.perf_counter()
    with con.transaction():
        span_id = con.execute(_SPAN, (uuid.uuid4().hex, doc, 0, 6, "ACTOR", attrs, "bench", now, now)).fetchone()[0]
        con.execute(_EVENT, (now, "bench", doc, f"span:{span_id}",
                             json.dumps({"start": 0, "end": 6, "label": "ACTOR", "attributes": {"kind": "person"}})))
    elapsed = time.perf_counter() - t0
    con.execute("DELETE FROM span WHERE id = %s", (span_id,))
    con.commit()
    return elapsed


def service_edit(store: Store, doc: int) -> float:
    t0 = time.perf_counter()
    change = add_span(store, doc, 0, 6, "ACTOR", {"kind": "person"}, annotator="bench")
    elapsed = time.perf_counter() - t0
    delete_span(store, change.span_id, annotator="bench")
    return elapsed


def measure(server: str, edits: int) -> tuple[float, float]:
    with fresh_database(server) as url:
        with Store.create(url) as store:
            ids = list(import_records(store, articles(100, seed=3)).document_ids)
            service_edit(store, ids[0])  # warm the pool and the statement caches of both sides
            with psycopg.connect(url) as con:
                raw_edit(con, ids[0])
                service, raw = [], []
                for n in range(edits):
                    doc = ids[n % len(ids)]
                    service.append(service_edit(store, doc))
                    raw.append(raw_edit(con, doc))
    return statistics.median(service), statistics.median(raw)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server = server_url()
    value, baseline, ratio, ratios = median_ratio(lambda: measure(server, args.edits), args.runs)
    print(line("one committed span edit on PostgreSQL (add_span vs raw psycopg span + event)", value, baseline,
               ratio, 2.0, ratios))


if __name__ == "__main__":
    main()
