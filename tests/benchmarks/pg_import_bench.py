"""Import into PostgreSQL (#13): `import_records` of 2,000 news documents (20
spans each) into a fresh store vs raw psycopg COPY of the same rows
(documents, spans, relations, one event per document) into a fresh store on
the same server. Goal ≤ 2×.

    source /work/pg.env; .venv/bin/python -m tests.benchmarks.pg_import_bench [--docs 2000] [--runs 5]
"""
from __future__ import annotations

import argparse
import time

import psycopg

from annotations.services import import_records
from annotations.store import Store
from tests.benchmarks.corpus_news import articles
from tests.benchmarks.pg_common import fresh_database, line, median_ratio, server_url
from tests.benchmarks.store_figures import raw_rows

_COPIES = (
    ("document (id, sha256, title, source, meta, text, status, created_at, updated_at)", 0),
    ('span (id, document_id, start, "end", label, attributes, origin, status, suggester, suggester_version, score, '
     "annotator, created_at, updated_at)", 1),
    ("relation (document_id, head_id, child_id, label, origin, status, annotator, created_at)", 2),
    ("event (at, annotator, action, document_id, target, after)", 3),
)


def raw_copy(url: str, records) -> float:
    rows = raw_rows(records)
    rows = (rows[0], rows[1], [r[1:] for r in rows[2]], rows[3])  # relations: no explicit id
    with psycopg.connect(url) as con:
        t0 = time.perf_counter()
        with con.transaction(), con.cursor() as cur:
            for table, index in _COPIES:
                with cur.copy(f"COPY {table} FROM STDIN") as copy:
                    for row in rows[index]:
                        copy.write_row(row)
        return time.perf_counter() - t0


def measure(server: str, n_docs: int) -> tuple[float, float]:
    records = articles(n_docs, seed=5)
    with fresh_database(server) as url:
        with Store.create(url):
            pass
        baseline = raw_copy(url, records)
    with fresh_database(server) as url:
        with Store.create(url) as store:
            fresh = articles(n_docs, seed=5)
            t0 = time.perf_counter()
            import_records(store, fresh, annotator="bench")
            value = time.perf_counter() - t0
    return value, baseline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server = server_url()
    value, baseline, ratio, ratios = median_ratio(lambda: measure(server, args.docs), args.runs)
    print(line(f"import {args.docs} docs into PostgreSQL (import_records vs raw psycopg COPY)", value, baseline,
               ratio, 2.0, ratios))


if __name__ == "__main__":
    main()
