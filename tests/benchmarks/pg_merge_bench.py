"""Merge benchmark (#13): two laptop stores of N documents and 20 spans each
(SQLite files, one annotator each) merged into a fresh PostgreSQL store, vs
importing the same records from JSONL files into a fresh PostgreSQL store
(`glossator import`, import_files). Goal: merge ≤ 1.5× the import.

    source /work/pg.env; .venv/bin/python -m tests.benchmarks.pg_merge_bench [--docs 1000] [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from annotations.services import import_files, import_records
from annotations.services.merge import merge_stores
from annotations.store import Store
from tests.benchmarks.corpus_news import articles
from tests.benchmarks.pg_common import fresh_database, line, median_ratio, server_url


def laptops(folder: Path, n_docs: int) -> list[tuple[Path, Path]]:
    """Two laptop stores (ana, ben) and the same records as JSONL files (one task per document)."""
    made = []
    for seed, who in ((1, "ana"), (2, "ben")):
        records = articles(n_docs, seed=seed, spans_per_doc=20)
        store_path, jsonl = folder / f"{who}.sqlite", folder / f"{who}.jsonl"
        with Store.create(store_path) as laptop:
            import_records(laptop, records, annotator=who)
        with jsonl.open("w", encoding="utf-8") as out:
            for r in records:
                out.write(json.dumps({"text": r.text, "meta": {"title": r.title, **r.meta},
                                      "spans": [{"start": s.start, "end": s.end, "label": s.label,
                                                 "attributes": dict(s.attributes)} for s in r.spans]},
                                     ensure_ascii=False) + "\n")
        made.append((store_path, jsonl))
    return made


def measure(server: str, made: list[tuple[Path, Path]]) -> tuple[float, float]:
    with fresh_database(server) as url:
        with Store.create(url) as team:
            t0 = time.perf_counter()
            report = merge_stores(team, [store for store, _ in made])
            merged = time.perf_counter() - t0
    with fresh_database(server) as url:
        with Store.create(url) as team:
            t0 = time.perf_counter()
            for (_store, jsonl), who in zip(made, ("ana", "ben")):
                import_files(team, [jsonl], annotator=who)
            imported = time.perf_counter() - t0
    assert report.spans_added > 0 and not report.conflicts
    return merged, imported


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server = server_url()
    with tempfile.TemporaryDirectory() as tmp:
        made = laptops(Path(tmp), args.docs)
        value, baseline, ratio, ratios = median_ratio(lambda: measure(server, made), args.runs)
    print(line(f"merge 2 laptops x {args.docs} docs / {args.docs * 20} spans into PostgreSQL vs JSONL import",
               value, baseline, ratio, 1.5, ratios))


if __name__ == "__main__":
    main()
