"""Background work: a QRunnable on the global QThreadPool running a plain
function of the core, reporting through signals (progress, finished, failed).

The function runs in another thread: it must open its own Store and return
plain data. Signals cross back to the UI thread by queued connection.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from annotations.errors import GlossatorError

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)


class Worker(QRunnable):
    """Runs `fn(progress)` where `progress(done, total)` reports steps."""

    def __init__(self, fn: Callable[[Callable[[int, int], None]], Any]):
        super().__init__()
        self.fn = fn
        self.signals = WorkerSignals()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit)
        except GlossatorError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user, not vanish in a thread
            log.exception("background task failed")
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.finished.emit(result)


def start(fn: Callable, on_finished: Callable[[Any], None], on_failed: Callable[[str], None],
          on_progress: Callable[[int, int], None] | None = None) -> Worker:
    worker = Worker(fn)
    worker.signals.finished.connect(on_finished)
    worker.signals.failed.connect(on_failed)
    if on_progress:
        worker.signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(worker)
    return worker
