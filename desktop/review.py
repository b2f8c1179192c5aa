"""Keyboard review of suggestions in the desktop: undo commands for accept,
reject, relabel-and-accept and accept-all (one macro, one undo step), the
Review menu's actions (registered in the action registry on import), and
running a suggester in a worker with progress and cancel.

Domain rules (which spans may be accepted, what relations follow) are in
`annotations.services.review`; this module only turns keys into commands.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Mapping

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QProgressDialog

from annotations.services import review
from annotations.services.suggestions import SuggestResult, run_suggester
from annotations.store import Store
from annotations.suggesters import available_suggesters
from annotations.types import Span

from . import actions as registry
from . import workers
from .commands import ServiceCommand
from .workspace import Workspace

if TYPE_CHECKING:
    from .main_window import MainWindow

FALLBACK_SUGGESTER = "rules"  # built in, offline, always available


class ReviewCommand(ServiceCommand):
    """Base: the undo of any review decision is `review.reopen` with the span's old label and attributes."""

    def __init__(self, ws: Workspace, span: Span, text: str):
        super().__init__(ws, span.document_id, text)
        self.span_id = span.id
        self.before = (span.label, dict(span.attributes))

    def _undo(self) -> None:
        self._apply(review.reopen(self.ws.store, self.span_id, *self.before))
        self.ws.select(self.span_id)


class AcceptCommand(ReviewCommand):
    def __init__(self, ws: Workspace, span: Span):
        super().__init__(ws, span, f"Accept {span.label} suggestion")

    def _do(self) -> None:
        self._apply(review.accept(self.ws.store, self.span_id))


class RejectCommand(ReviewCommand):
    def __init__(self, ws: Workspace, span: Span):
        super().__init__(ws, span, f"Reject {span.label} suggestion")

    def _do(self) -> None:
        self._apply(review.reject(self.ws.store, self.span_id))


class RelabelAcceptCommand(ReviewCommand):
    def __init__(self, ws: Workspace, span: Span, label: str, attributes: Mapping[str, Any] | None = None):
        super().__init__(ws, span, f"Accept {span.label} suggestion as {label}")
        self.label, self.attributes = label, attributes

    def _do(self) -> None:
        self._apply(review.relabel_and_accept(self.ws.store, self.span_id, self.label, self.attributes))


# ---- what the keys do ---------------------------------------------------------


def _pending(ws: Workspace) -> list[Span]:
    return sorted((s for s in ws.spans.values() if s.status == "pending"), key=lambda s: (s.start, s.id))


def _target(w: "MainWindow") -> Span | None:
    """The selected span if it is pending, else the next pending one."""
    span = w.ws.selected_span
    if span is not None and span.status == "pending":
        return span
    next_pending(w)
    span = w.ws.selected_span
    return span if span is not None and span.status == "pending" else None


def next_pending(w: "MainWindow") -> None:
    pending = _pending(w.ws)
    if not pending:
        w.show_message("No pending suggestions in this document.")
        return
    current = w.ws.selected_span
    after = current.start if current is not None else -1
    chosen = next((s for s in pending if s.start > after or (s.start == after and current and s.id > current.id)),
                  pending[0])
    w.ws.select(chosen.id)
    w.article.reveal(chosen.id)


def _decide(w: "MainWindow", command_type) -> None:
    span = _target(w)
    if span is not None and w.ws.push(command_type(w.ws, span)):
        if _pending(w.ws):
            next_pending(w)


def accept(w: "MainWindow") -> None:
    _decide(w, AcceptCommand)


def reject(w: "MainWindow") -> None:
    _decide(w, RejectCommand)


def relabel_accept(w: "MainWindow", label: str | None = None) -> None:
    """Accept the suggestion under another label; without `label`, a menu of labels asks."""
    span = _target(w)
    if span is None:
        return
    if label is None:
        menu = QMenu(w)
        for lab in w.ws.store.schema.labels:
            menu.addAction(f"&{lab.hotkey} {lab.name}").setData(lab.name)
        rect = w.article.cursorRect()
        chosen = menu.exec(w.article.mapToGlobal(rect.bottomLeft()))
        if chosen is None:
            return
        label = chosen.data()
    if w.ws.push(RelabelAcceptCommand(w.ws, span, label)) and _pending(w.ws):
        next_pending(w)


def accept_all(w: "MainWindow") -> None:
    """Every pending suggestion of the document, as one undo step."""
    pending = _pending(w.ws)
    if not pending:
        w.show_message("No pending suggestions in this document.")
        return
    stack = w.ws.stack_for(w.ws.document.id)
    stack.beginMacro(f"Accept all {len(pending)} suggestions")
    try:
        for span in pending:
            w.ws.push(AcceptCommand(w.ws, w.ws.spans[span.id]))
    finally:
        stack.endMacro()


# ---- suggesting in a worker ----------------------------------------------------


def suggest_task(store_path, name: str, document_ids: list[int] | None, cancel: threading.Event):
    def run(progress):
        with Store.open(store_path) as store:
            return run_suggester(store, name, document_ids, progress=progress, cancel=cancel)
    return run


class SuggestRun(QObject):
    """One suggester run: a worker, a progress dialog with Cancel, and the outcome."""

    finished = Signal(object)  # SuggestResult
    failed = Signal(str)

    def __init__(self, w: "MainWindow", name: str, document_ids: list[int] | None = None):
        super().__init__(w)
        self.window = w
        self.name, self.document_ids = name, document_ids
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(f"Suggesting with {name}…", "Cancel", 0, 0, w)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancel.set)
        self.worker = workers.start(suggest_task(w.ws.store.path, name, document_ids, self.cancel),
                                    self._finished, self._failed, self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _finished(self, result: SuggestResult) -> None:
        self.dialog.reset()
        w = self.window
        note = " (cancelled)" if result.cancelled else ""
        w.show_message(f"{result.added} suggestion(s) in {result.documents} document(s){note}")
        w.reload_documents()
        if w.ws.document is not None:
            w.open_document(w.ws.document.id)
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self.dialog.reset()
        self.window.show_message(f"Suggesting failed: {message}")
        self.offer = self._failure_box(message)
        self.failed.emit(message)

    def _failure_box(self, message: str) -> QMessageBox:
        """Say why (e.g. a spaCy pipeline that is not installed: nothing is ever downloaded)
        and offer the built-in rules, which always work offline."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Suggest", f"Suggesting with {self.name} failed.",
                          QMessageBox.StandardButton.Close, self.window)
        box.setInformativeText(message)
        if self.name != FALLBACK_SUGGESTER:
            self.use_rules = box.addButton(f"Suggest with {FALLBACK_SUGGESTER}", QMessageBox.ButtonRole.AcceptRole)
            self.use_rules.clicked.connect(
                lambda: start_suggesting(self.window, FALLBACK_SUGGESTER, self.document_ids))
        box.open()
        return box


def start_suggesting(w: "MainWindow", name: str | None = None,
                     document_ids: list[int] | None = None) -> SuggestRun | None:
    if name is None:
        names = available_suggesters(w.ws.store)
        name, ok = QInputDialog.getItem(w, "Suggest", "Suggester:", names, 0, False)
        if not ok:
            return None
    w.suggest_run = SuggestRun(w, name, document_ids)
    return w.suggest_run


def show_queue(w: "MainWindow") -> None:
    from .widgets.review_queue_view import ReviewQueueView

    dock = getattr(w, "review_queue_dock", None)
    if dock is None:
        view = ReviewQueueView(w)
        dock = w.review_queue_dock = w.add_dock(view, "Review queue", "reviewQueueDock")
    dock.widget().refresh()
    dock.show()
    dock.raise_()


def _has_pending(w: "MainWindow") -> bool:
    return w.ws.document is not None and w.ws.pending_count > 0


def _has_store(w: "MainWindow") -> bool:
    return w.ws.store is not None


REVIEW_ACTIONS = [
    registry.ActionSpec("review.next", "&Next pending suggestion", "Review", next_pending, "N", _has_pending,
                        scope="article"),
    registry.ActionSpec("review.accept", "&Accept suggestion", "Review", accept, "A", _has_pending,
                        scope="article", toolbar=True),
    registry.ActionSpec("review.reject", "Re&ject suggestion", "Review", reject, "X", _has_pending,
                        scope="article", toolbar=True),
    registry.ActionSpec("review.relabel", "&Relabel and accept…", "Review", relabel_accept, "R", _has_pending,
                        scope="article"),
    registry.ActionSpec("review.accept_all", "Accept a&ll in document", "Review", accept_all, "Shift+A",
                        _has_pending, scope="article"),
    registry.ActionSpec("review.suggest", "&Suggest…", "Review", start_suggesting, "Ctrl+Shift+S", _has_store,
                        separator_before=True),
    registry.ActionSpec("review.queue", "Review &queue", "Review", show_queue, "Ctrl+Shift+Q", _has_store),
]

for _spec in REVIEW_ACTIONS:
    if not any(a.id == _spec.id for a in registry.ACTIONS):
        registry.register(_spec)
