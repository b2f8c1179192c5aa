"""Opening the adjudication window on a long article, against opening the
normal view of the same document in the same run (not a timed test).

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/adjudication_bench.py [--size CHARS] [--runs N]

The document is desktop_bench's 1 MB article with 5,000 spans (ACTOR inside
ASSERTION pairs), as three annotators' layers: a1 the spans as generated, a2
and a3 perturbed copies (about 10% dropped, 10% with the end one character
earlier), so about 15,000 spans and a thousand disagreements.

1. normal view: `MainWindow.open_document` (store query for every layer's
   spans, span table, document list, article) and one paint;
2. adjudication: with that document open, the adjudication window's `load`
   (every layer read, units found, text, disagreement list, comparison
   panel) and one paint. Goal: about as fast as 1 (ratio <= 1.5);
3. both: opening the document in the main window while the adjudication
   window is shown (both load it) against 1.

Medians of `--runs` (default 5) runs, interleaved, of wall-clock and of
CPU time; the ratios use CPU time, the steadier one on a shared machine.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GLOSSATOR_ANNOTATOR", "bench")

from PySide6.QtWidgets import QApplication  # noqa: E402

from annotations.services import import_records  # noqa: E402
from annotations.store import Store  # noqa: E402
from annotations.types import DocumentRecord  # noqa: E402

from tests.benchmarks.desktop_bench import document  # noqa: E402

LAYERS = ("a1", "a2", "a3")


def layered(size: int, pairs: int, seed: int = 0) -> DocumentRecord:
    base = document(size, pairs)
    rng = random.Random(seed)
    spans = []
    for layer in LAYERS:
        for sp in base.spans:
            if layer != "a1" and rng.random() < 0.10:
                continue
            end = sp.end - 1 if layer != "a1" and rng.random() < 0.10 else sp.end
            spans.append(replace(sp, end=end, annotator=layer))
    return DocumentRecord(text=base.text, title="three layers", spans=spans)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    from desktop.main_window import MainWindow
    from desktop.settings import make_settings

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        store = Store.create(path)
        record = layered(args.size, args.size // 400)
        big, other = import_records(store, [record, DocumentRecord(text="A short one.", title="short")],
                                    annotator="a1").document_ids
        store.close()
        window = MainWindow(make_settings(str(Path(tmp) / "settings.ini")))
        window.resize(1400, 860)
        window.show()
        window.open_store(path)
        window.open_document(big)
        adjudication = window.show_adjudication()
        units = len(adjudication.adj.units)
        disagreements = adjudication.model.rowCount()
        adjudication.hide()
        app.processEvents()

        def normal() -> float:
            window.open_document(other)
            app.processEvents()
            t, c = time.perf_counter(), time.process_time()
            window.open_document(big)
            window.article.viewport().repaint()
            app.processEvents()
            return time.perf_counter() - t, time.process_time() - c

        def adjudicate() -> float:
            window.open_document(big)
            adjudication.show()
            app.processEvents()
            t, c = time.perf_counter(), time.process_time()
            adjudication.load()
            adjudication.view.viewport().repaint()
            app.processEvents()
            elapsed = time.perf_counter() - t, time.process_time() - c
            adjudication.hide()
            return elapsed

        def both() -> float:
            window.open_document(other)
            adjudication.show()
            app.processEvents()
            t, c = time.perf_counter(), time.process_time()
            window.open_document(big)
            window.article.viewport().repaint()
            adjudication.view.viewport().repaint()
            app.processEvents()
            elapsed = time.perf_counter() - t, time.process_time() - c
            adjudication.hide()
            return elapsed

        normal(), adjudicate()  # warm caches for both sides
        times = {"normal": [], "adjudicate": [], "both": []}
        for _ in range(args.runs):
            times["normal"].append(normal())
            times["adjudicate"].append(adjudicate())
            times["both"].append(both())
        window.ws.close()
    wall = {name: statistics.median(v[0] for v in values) for name, values in times.items()}
    cpu = {name: statistics.median(v[1] for v in values) for name, values in times.items()}
    print(f"{len(record.text):,} characters, {len(record.spans):,} spans in {len(LAYERS)} layers, {units:,} units, "
          f"{disagreements:,} disagreements; medians of {args.runs} runs, wall / CPU")
    print(f"{'open in the normal view (whole window)':<52} {wall['normal'] * 1000:7.1f} / {cpu['normal'] * 1000:7.1f} ms")
    ratio = cpu["adjudicate"] / cpu["normal"]
    print(f"{'open the adjudication window on it':<52} {wall['adjudicate'] * 1000:7.1f} / "
          f"{cpu['adjudicate'] * 1000:7.1f} ms   CPU ratio {ratio:5.2f} (goal <= 1.5) {'ok' if ratio <= 1.5 else 'short'}")
    print(f"{'open with the adjudication window shown (both load)':<52} {wall['both'] * 1000:7.1f} / "
          f"{cpu['both'] * 1000:7.1f} ms   CPU ratio {cpu['both'] / cpu['normal']:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
