"""Agreement on 1,000 documents x 3 annotators against just reading those
spans from the store (goal <= 3x). Prints medians of 5 runs and the ratio.

    python tests/benchmarks/agreement_bench.py [--docs N] [--seed S]

The store holds the synthetic news articles of corpus_news (about 20 spans
each); layer a1 is the generated annotation, a2 and a3 are perturbed copies
(about 10% of spans dropped, 10% with a moved edge, 5% with another
attribute value), imported in one go. Two baselines: one raw sqlite3 query
returning the same span columns agreement reads (the floor: no Python
objects at all), and the store's public read path, `services.get_spans` for
each document (what any feature reading those spans pays). The measured call
is `compare_layers` (all three pairs, every figure, token figures included),
then the same plus the diagnostics (what `glossator agreement` computes).
"""
from __future__ import annotations

import argparse
import copy
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotations.agreement import compare_layers  # noqa: E402
from annotations.agreement.columns import chosen_layers, compared_documents, read_columns  # noqa: E402
from annotations.agreement.compare import compare_columns  # noqa: E402
from annotations.agreement.diagnostics import diagnose_columns  # noqa: E402
from annotations.agreement.layers import read_texts  # noqa: E402
from annotations.services.bulk import paused_gc  # noqa: E402
from annotations.services import document_ids, get_spans, import_records  # noqa: E402
from annotations.store import Store  # noqa: E402
from annotations.types import DocumentRecord, SpanRecord  # noqa: E402

from tests.benchmarks.corpus_news import articles  # noqa: E402

LAYERS = ("a1", "a2", "a3")


def perturbed(record: DocumentRecord, rng: random.Random, layer: str) -> tuple[list[SpanRecord], list]:
    """A copy of the record's spans for `layer`, with honest-looking noise; relations follow kept spans."""
    spans, kept = [], {}
    for i, sp in enumerate(record.spans):
        if layer != "a1" and rng.random() < 0.10:
            continue
        new = copy.copy(sp)
        new.attributes = dict(sp.attributes)
        new.annotator = layer
        if layer != "a1" and rng.random() < 0.10 and new.end - new.start > 2:
            new.end -= 1
        if layer != "a1" and rng.random() < 0.05 and "kind" in new.attributes:
            new.attributes["kind"] = "group"
        kept[i] = len(spans)
        spans.append(new)
    return spans, kept


def build(path: Path, n_docs: int, seed: int) -> tuple[Store, int]:
    rng = random.Random(seed)
    records = articles(n_docs, seed=seed)
    out = []
    for record in records:
        spans, relations = [], []
        for layer in LAYERS:
            layer_spans, kept = perturbed(record, rng, layer)
            offset = len(spans)
            spans += layer_spans
            for rel in record.relations:
                if rel.head in kept and rel.child in kept:
                    relations.append(replace(rel, head=offset + kept[rel.head], child=offset + kept[rel.child]))
        out.append(DocumentRecord(text=record.text, title=record.title, spans=spans, relations=relations))
    store = Store.create(path)
    import_records(store, out, annotator="a1")
    return store, sum(len(r.spans) for r in out)


def median_time(fn, runs: int = 5) -> tuple[float, float]:
    """Medians of wall-clock and of CPU time (the steadier one on a shared machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store, n_spans = build(Path(folder) / "bench.sqlite", args.docs, args.seed)

        def baseline() -> None:
            con = sqlite3.connect(store.path)
            try:
                con.execute('SELECT document_id, annotator, label, start, "end", id, attributes FROM span '
                            "WHERE status = 'accepted' ORDER BY document_id, start, \"end\"").fetchall()
            finally:
                con.close()

        def services_read() -> None:
            for doc_id in document_ids(store):
                get_spans(store, doc_id, statuses=["accepted"])

        def agreement() -> None:
            compare_layers(store)

        def agreement_and_diagnostics() -> None:  # what `glossator agreement` computes
            with paused_gc():
                cols = read_columns(store)
                names = chosen_layers(cols, None)
                compared = compared_documents(cols, names)
                texts = read_texts(store, compared)
                compare_columns(cols, names, texts=lambda _ids: texts)
                diagnose_columns(cols, names, texts, read_texts(store, compared, "title"))

        base = median_time(baseline)
        read = median_time(services_read)
        measured = median_time(agreement)
        full = median_time(agreement_and_diagnostics)
        store.close()
    print(f"{args.docs} documents x {len(LAYERS)} layers, {n_spans:,} spans; medians of 5 runs, wall / CPU")
    print(f"{'read the spans: raw sqlite3 query':<42} {base[0] * 1000:8.1f} / {base[1] * 1000:7.1f} ms")
    print(f"{'read the spans: services.get_spans per doc':<42} {read[0] * 1000:8.1f} / {read[1] * 1000:7.1f} ms")
    for name, value in (("compare_layers (3 pairs, all figures)", measured), ("... plus diagnostics", full)):
        raw, services = value[1] / base[1], value[1] / read[1]
        print(f"{name:<42} {value[0] * 1000:8.1f} / {value[1] * 1000:7.1f} ms   CPU ratio {raw:5.2f}x raw, "
              f"{services:5.2f}x services   goal <= 3x: {'ok' if raw <= 3 else 'short'} (raw), "
              f"{'ok' if services <= 3 else 'short'} (services)")


if __name__ == "__main__":
    main()
