"""Background work: a QRunnable on the global QThreadPool running a plain
function of the core, reporting through signals (progress, finished, failed).

`start_on_store` is the one way a desktop task touches the store from another
thread (like Anki's CollectionOp): the operation gets its own Store opened
from the path (and closed after), a progress callback, and returns plain
data. Signals cross back to the UI thread by queued connection.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotations.errors import GlossatorError
from annotations.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
_running: set["Worker"] = set()  # Python wrappers stay alive until their signals are delivered


class WorkerSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class Worker(QRunnable):
    """Runs `fn(progress)` where `progress(done, total)` reports steps."""

    def __init__(self, fn: Callable[[Progress], Any]):
        super().__init__()
        self.fn = fn
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            try:
                result = self.fn(self.signals.progress.emit)
            except GlossatorError as exc:
                self.signals.failed.emit(str(exc))
            except Exception as exc:  # noqa: BLE001 - every failure must reach the user, not vanish in a thread
                log.exception("background task failed")
                self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
            else:
                self.signals.finished.emit(result)
        except RuntimeError:  # the application quit meanwhile: its signals object is gone, nobody listens
            log.info("background task finished after the application quit")


def start(fn: Callable[[Progress], Any], on_finished: Callable[[Any], None], on_failed: Callable[[str], None],
          on_progress: Progress | None = None) -> Worker:
    worker = Worker(fn)
    worker.signals.finished.connect(on_finished)
    worker.signals.failed.connect(on_failed)
    for signal in (worker.signals.finished, worker.signals.failed):
        signal.connect(lambda *_args, w=worker: _running.discard(w))
    if on_progress:
        worker.signals.progress.connect(on_progress)
    _running.add(worker)
    QThreadPool.globalInstance().start(worker)
    return worker


def on_store(store_path: str | Path, op: Callable[[Store, Progress], Any]) -> Callable[[Progress], Any]:
    """The worker function running `op(store, progress)` on its own Store for `store_path`."""
    def run(progress: Progress) -> Any:
        with Store.open(store_path) as store:
            return op(store, progress)
    return run


def start_on_store(store_path: str | Path, op: Callable[[Store, Progress], Any],
                   on_finished: Callable[[Any], None], on_failed: Callable[[str], None],
                   on_progress: Progress | None = None) -> Worker:
    """Run `op(store, progress)` in the thread pool on a Store of its own; results and
    errors come back to the UI thread through `on_finished` / `on_failed`."""
    return start(on_store(store_path, op), on_finished, on_failed, on_progress)
