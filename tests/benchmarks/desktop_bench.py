"""Desktop benchmark (not a timed test): prints ratios against raw baselines
measured in the same run.

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/desktop_bench.py

1. Opening a 1 MB document with 5,000 spans (overlapping ACTOR-in-ASSERTION
   pairs) vs a plain QPlainTextEdit.setPlainText of the same text, both
   painted once. Reported for the article view alone and for the whole
   open (store query, span table, document list, paint). Goal <= 3x.
2. Adding one span (select + hotkey path: snap, store write, views) on the
   5,000-span document vs a 50-span document. Goal <= 1.5x.
3. Start-up: process start to the first painted article with a 50 KB document
   (`glossator-desktop --store S --document ID`) vs a plain PySide6 script that
   imports sqlmodel, reads the same text through it and shows it in a
   QMainWindow with a QPlainTextEdit. Median of 5 runs each. Goal <= 1.5x.

4. Review latency: a scripted review of 200 pending suggestions (A accepts and
   moves to the next) in a 1 MB document with 5,000 spans, keys sent with
   QTest to the real window: time from the key press to the article's next
   paint, p50 and p95, vs the time from asking for a repaint of the same view
   with no change to that paint (measured after each step). Goal: p95 <= 2x the
   repaint's p50. Also printed: the same accepts as Qt-free edits (the floor).

`--start` prints only the start-up figure; `--review` only the review latency.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GLOSSATOR_ANNOTATOR", "bench")

from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from annotations.services import import_records  # noqa: E402
from annotations.store import Store  # noqa: E402
from annotations.types import DocumentRecord, SpanRecord  # noqa: E402

SENTENCE = "Finance Minister Ana Ruiz said about 3,500 jobs were at risk in the north. "
NAME = (SENTENCE.index("Ana"), SENTENCE.index(" said"))
TARGET = (SENTENCE.index("3,500"), SENTENCE.index(" jobs"))


def document(size: int, pairs: int) -> DocumentRecord:
    """`size` characters of sentences; the first `pairs` sentences get an ASSERTION with an ACTOR inside."""
    count = size // len(SENTENCE)
    # Paragraphs of five sentences, as in news text (QPlainTextEdit lays out by paragraph).
    text = "".join(SENTENCE if (k + 1) % 5 else SENTENCE[:-1] + "\n" for k in range(count))
    spans = []
    step = max(1, count // max(pairs, 1))
    for k in range(pairs):
        base = k * step * len(SENTENCE)
        spans.append(SpanRecord(base, base + len(SENTENCE) - 1, "ASSERTION"))
        spans.append(SpanRecord(base + NAME[0], base + NAME[1], "ACTOR"))
    return DocumentRecord(text=text, title=f"{pairs * 2} spans", spans=spans)


def timed(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def report(name: str, value: float, baseline: float, goal: float) -> None:
    ratio = value / baseline
    verdict = "ok" if ratio <= goal else "short"
    print(f"{name:<58} {value * 1000:9.1f} ms vs {baseline * 1000:9.1f} ms  ratio {ratio:5.2f}  "
          f"(goal <= {goal}) {verdict}")


ROOT = Path(__file__).resolve().parents[2]

# Both start-up children share this probe: an application event filter that, on the
# first paint of the widget named {target} (or its viewport) once it shows text,
# prints the wall-clock time and ends the process at once.
PROBE = """
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

class Probe(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            widget = obj if obj.objectName() == {target!r} else obj.parent()
            if widget is not None and widget.objectName() == {target!r} and widget.toPlainText():
                sys.stdout.write(repr(time.time()) + "\\n")
                sys.stdout.flush()
                os._exit(0)
        return False

app = QApplication(sys.argv[:1])
probe = Probe()
app.installEventFilter(probe)
"""

DESKTOP_CHILD = PROBE.format(target="articleView") + """
from desktop.app import main
main(sys.argv[1:])
"""

BASELINE_CHILD = PROBE.format(target="baselineText") + """
from sqlalchemy import text
from sqlmodel import Session, create_engine
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

path, document_id = sys.argv[1], int(sys.argv[2])
with Session(create_engine(f"sqlite:///{path}")) as session:
    body = session.connection().execute(text("SELECT text FROM document WHERE id = :i"), {"i": document_id}).scalar_one()
window = QMainWindow()
edit = QPlainTextEdit(objectName="baselineText")
edit.setPlainText(body)
window.setCentralWidget(edit)
window.resize(1400, 860)
window.show()
app.exec()
"""


def start_to_paint(code: str, args: list[str]) -> float:
    """Seconds from spawning `python -c code args` to its first painted text."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    begin = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                         cwd=str(ROOT), timeout=120)
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    if not lines:
        raise RuntimeError(f"no paint reported: {out.stderr.strip()[-500:]}")
    return float(lines[-1]) - begin


def startup_figure(tmp: Path, runs: int = 5) -> None:
    path = tmp / "start.sqlite"
    store = Store.create(path)
    document_id = import_records(store, [document(50_000, 25)]).document_ids[0]
    store.close()
    settings = tmp / "start-settings.ini"
    desktop_args = ["--store", str(path), "--document", str(document_id), "--settings", str(settings)]
    start_to_paint(BASELINE_CHILD, [str(path), str(document_id)])  # warm the file cache for both
    start_to_paint(DESKTOP_CHILD, desktop_args)
    desktop, baseline = [], []
    for _ in range(runs):  # interleaved, so machine load hits both alike
        baseline.append(start_to_paint(BASELINE_CHILD, [str(path), str(document_id)]))
        desktop.append(start_to_paint(DESKTOP_CHILD, desktop_args))
    report(f"start to first paint, 50 KB document (median of {runs})", statistics.median(desktop),
           statistics.median(baseline), 1.5)


def review_document(size: int, spans: int, pending: int) -> DocumentRecord:
    """`document` with `spans` spans in all, `pending` of them FIGURE suggestions spread evenly."""
    record = document(size, (spans - pending) // 2)
    count = size // len(SENTENCE)
    step = max(1, count // pending)
    for k in range(pending):
        base = (k * step + step // 2) * len(SENTENCE)
        record.spans.append(SpanRecord(base + TARGET[0], base + TARGET[1], "FIGURE", status="pending",
                                       origin="suggestion", suggester="rules", score=0.9))
    record.title = f"{spans} spans, {pending} pending"
    return record


class PaintCounter:
    """Counts paint events of one widget (the article's viewport)."""

    def __init__(self, widget):
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint:
                    counter.count += 1
                return False

        self.count = 0
        self.filter = Filter()
        widget.installEventFilter(self.filter)

    def wait_paint(self, app, before: int) -> None:
        while self.count == before:
            app.processEvents()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def review_figure(app, tmp: Path, pending: int = 200) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop.main_window import MainWindow
    from desktop.settings import make_settings

    path = tmp / "review.sqlite"
    store = Store.create(path)
    document_id = import_records(store, [review_document(1_000_000, 5000, pending)]).document_ids[0]
    store.close()
    floor = tmp / "review-floor.sqlite"
    floor.write_bytes(path.read_bytes())  # the same store, for the Qt-free floor below
    window = MainWindow(make_settings(str(tmp / "review-settings.ini")))
    window.resize(1400, 860)
    window.show()
    window.open_store(path)
    window.open_document(document_id)
    assert window.ws.pending_count == pending and len(window.ws.spans) == 5000, (window.ws.pending_count,
                                                                                   len(window.ws.spans))
    window.article.setFocus()
    app.processEvents()
    paints = PaintCounter(window.article.viewport())
    QTest.keyClick(window.article, Qt.Key.Key_N)  # to the first suggestion
    paints.wait_paint(app, paints.count)
    review, repaint = [], []
    for _ in range(pending):
        before = paints.count
        t = time.perf_counter()
        QTest.keyClick(window.article, Qt.Key.Key_A)
        paints.wait_paint(app, before)
        review.append(time.perf_counter() - t)
        before = paints.count
        t = time.perf_counter()
        window.article.viewport().update()
        paints.wait_paint(app, before)
        repaint.append(time.perf_counter() - t)
    assert window.ws.pending_count == 0, window.ws.pending_count
    p50, p95 = percentile(review, 0.5), percentile(review, 0.95)
    r50, r95 = percentile(repaint, 0.5), percentile(repaint, 0.95)
    print(f"review latency, {pending} accepts, 1 MB / 5,000 spans: key to painted view p50 {p50 * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms; repaint with no change p50 {r50 * 1000:.1f} ms, p95 {r95 * 1000:.1f} ms")
    report("review latency p95 vs repaint p50", p95, r50, 2.0)
    window.close()
    window.ws.close()
    window.deleteLater()
    s50, s95 = store_floor(floor, document_id)
    print(f"  of which the Qt-free edit alone (store write, event, in-memory copy): p50 {s50 * 1000:.1f} ms, "
          f"p95 {s95 * 1000:.1f} ms")


def store_floor(path: Path, document_id: int) -> tuple[float, float]:
    """p50/p95 of the same accepts as Qt-free edits (`EditingState.do`): what no view can undercut."""
    from annotations.editing import Accept, EditingState

    state = EditingState()
    state.open_store(path)
    state.open_document(document_id)
    times = []
    for span in state.pending():
        t = time.perf_counter()
        state.do(Accept(span))
        times.append(time.perf_counter() - t)
    state.close()
    return percentile(times, 0.5), percentile(times, 0.95)


def main() -> int:
    if "--review" in sys.argv[1:]:
        app = QApplication.instance() or QApplication([])
        with tempfile.TemporaryDirectory() as tmp:
            review_figure(app, Path(tmp))
        return 0
    if "--start" in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as tmp:
            startup_figure(Path(tmp))
        return 0
    app = QApplication.instance() or QApplication([])
    from desktop.main_window import MainWindow
    from desktop.settings import make_settings

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        store = Store.create(path)
        big_doc = document(1_000_000, 2500)
        big, small = import_records(store, [big_doc, document(1_000_000 // 20, 25)]).document_ids
        store.close()
        text = big_doc.text

        plain = QPlainTextEdit()
        plain.resize(900, 700)
        plain.show()

        def plain_open():
            plain.setPlainText(text)
            plain.viewport().repaint()
            app.processEvents()

        window = MainWindow(make_settings(str(Path(tmp) / "settings.ini")))
        window.resize(1400, 860)
        window.show()
        window.open_store(path)
        app.processEvents()

        def view_open():
            window.article.show_document()
            window.article.viewport().repaint()
            app.processEvents()

        def full_open():
            window.open_document(big)
            window.article.viewport().repaint()
            app.processEvents()

        full_open()  # warm caches (spaCy, SQLite pages) for both sides
        plain_open()
        baseline = timed(plain_open)
        report("open 1 MB / 5,000 spans: article view", timed(view_open), baseline, 3.0)
        report("open 1 MB / 5,000 spans: whole window (store, tables)", timed(full_open), baseline, 3.0)

        def add_spans(document_id: int) -> float:
            window.open_document(document_id)
            app.processEvents()
            length = len(SENTENCE)
            times = []
            for k in range(1, 16):
                base = (k * 7 + 1) * length  # sentences without spans in both documents
                window.article.select_chars(base + TARGET[0] + 1, base + TARGET[1] - 1)
                t = time.perf_counter()
                window.annotating.apply_label("FIGURE")
                window.article.viewport().repaint()
                app.processEvents()
                times.append(time.perf_counter() - t)
            return statistics.median(times)

        few = add_spans(small)
        many = add_spans(big)
        report("add one span: 5,000-span doc vs 50-span doc", many, few, 1.5)
        window.close()  # hidden first: a shown window with a closed store must not paint again
        window.ws.close()
        window.deleteLater()
        review_figure(app, Path(tmp))
        startup_figure(Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
