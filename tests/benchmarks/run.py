"""Glossator benchmarks: each figure is a ratio against a raw baseline measured
in the same run, printed with its goal and "ok" or "short".

    python tests/benchmarks/run.py [--docs N] [--json OUT] [--seed S]

N documents (~20 spans each) drive the import, export and memory figures; the
edit, list and `docs --json` start-up figures use a store of 10,000 documents
and 100,000 spans.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("GLOSSATOR_ANNOTATOR", "bench")

from annotations.services import import_records  # noqa: E402

from tests.benchmarks import start_figures, store_exports, store_figures  # noqa: E402
from tests.benchmarks.corpus_news import articles  # noqa: E402

BIG_DOCS, BIG_SPANS_PER_DOC = 10_000, 10


def format_value(fig: store_figures.Figure, value: float) -> str:
    if fig.unit == "s":
        return f"{value * 1000:,.1f} ms"
    return f"{value:,.1f} {fig.unit}"


def row(fig: store_figures.Figure) -> str:
    verdict = "ok" if fig.ok else "short"
    return (f"{fig.name:<72} {format_value(fig, fig.value):>12} vs {format_value(fig, fig.baseline):>12}  "
            f"{fig.ratio:5.2f}x  goal <= {fig.goal:g}x  {verdict}")


def run(n_docs: int, seed: int, folder: Path) -> list[store_figures.Figure]:
    figures = []

    def report(fig: store_figures.Figure) -> None:
        figures.append(fig)
        print(row(fig), flush=True)

    report(store_figures.import_figure(folder, n_docs, seed))
    export_store = store_figures.fresh_store(folder, "export")
    import_records(export_store, articles(n_docs, seed))
    report(store_exports.docbin_figure(export_store, folder))
    report(store_exports.jsonl_figure(export_store, folder))
    export_store.close()

    big = store_figures.fresh_store(folder, "big")
    big_records = articles(BIG_DOCS, seed + 1, BIG_SPANS_PER_DOC)
    big_ids = import_records(big, big_records).document_ids
    report(store_figures.edit_figure(folder, big, big_ids, seed))
    report(store_figures.list_figure(big))
    report(start_figures.docs_figure(big.path))
    report(store_figures.size_figure(big, big_records))
    big.close()
    report(store_figures.memory_figure(folder, n_docs, seed))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents for import/export/memory (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="glossator-bench-") as tmp:
        figures = run(args.docs, args.seed, Path(tmp))
    short = [f.name for f in figures if not f.ok]
    elapsed = time.perf_counter() - started
    if args.json:
        args.json.write_text(json.dumps(
            [{**asdict(f), "ratio": f.ratio, "ok": f.ok} for f in figures], indent=2), encoding="utf-8")
    print(f"summary: {len(figures) - len(short)}/{len(figures)} figures ok"
          + (f"; short: {'; '.join(short)}" if short else "") + f" ({elapsed:.0f} s, {args.docs} docs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
