"""Keyboard review of suggestions and running suggesters, as two small controllers.

`ReviewController` turns the review keys into `annotations.editing` edits
(accept, reject, relabel-and-accept, accept all as one step) and moves to the
next pending suggestion. `SuggestController` runs a suggester in a worker
(through `workers.start_on_store`) with progress, Cancel and a fallback to the
built-in rules. Both get a narrow `Context`, never the window. The Review
menu's actions are registered in the action registry on import.

Domain rules (which spans may be accepted, what relations follow) are in
`annotations.services.review`; this module only turns keys into edits.
"""
from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QMessageBox, QProgressDialog

from annotations import editing
from annotations.types import Span

from . import actions as registry
from . import workers
from .controllers.context import Context
from .controllers.stores import reopen_location

FALLBACK_SUGGESTER = "rules"  # built in, offline, always available


class ReviewController:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.ws = ctx.ws

    def _target(self) -> Span | None:
        """The selected span if it is pending, else the next pending one."""
        span = self.ws.selected_span
        if span is not None and span.status == "pending":
            return span
        self.next_pending()
        span = self.ws.selected_span
        return span if span is not None and span.status == "pending" else None

    def next_pending(self) -> None:
        current = self.ws.selected_span
        chosen = (self.ws.next_pending(current.start, current.id) if current is not None
                  else self.ws.next_pending())
        if chosen is None:
            self.ctx.say("No pending suggestions in this document.")
            return
        self.ws.select(chosen.id)
        self.ctx.article.reveal(chosen.id)

    def _decide(self, make: Callable[[Span], editing.Edit]) -> None:
        span = self._target()
        if span is not None and self.ws.push(make(span)) and self.ws.pending_count:
            self.next_pending()

    def accept(self) -> None:
        self._decide(editing.Accept)

    def reject(self) -> None:
        self._decide(editing.Reject)

    def relabel_accept(self, label: str | None = None) -> None:
        """Accept the suggestion under another label; without `label`, a menu of labels asks."""
        span = self._target()
        if span is None:
            return
        if label is None:
            label = self._ask_label()
            if label is None:
                return
        if self.ws.push(editing.RelabelAccept(span, label)) and self.ws.pending_count:
            self.next_pending()

    def _ask_label(self) -> str | None:
        article = self.ctx.article
        menu = QMenu(self.ctx.parent)
        for lab in self.ws.store.schema.labels:
            menu.addAction(f"&{lab.hotkey} {lab.name}").setData(lab.name)
        chosen = menu.exec(article.mapToGlobal(article.cursorRect().bottomLeft()))
        return chosen.data() if chosen is not None else None

    def accept_all(self) -> None:
        """Every pending suggestion of the document, as one undo step."""
        count = self.ws.pending_count
        if not count:
            self.ctx.say("No pending suggestions in this document.")
            return
        self.ws.push(editing.AcceptAll(self.ws.document.id, count))


# ---- suggesting in a worker ----------------------------------------------------


class SuggestRun(QObject):
    """One suggester run: a worker, a progress dialog with Cancel, and the outcome."""

    finished = Signal(object)  # SuggestResult
    failed = Signal(str)

    def __init__(self, controller: "SuggestController", name: str, document_ids: list[int] | None = None):
        super().__init__(controller.ctx.parent)
        self.controller, self.ctx = controller, controller.ctx
        self.name, self.document_ids = name, document_ids
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(f"Suggesting with {name}…", "Cancel", 0, 0, self.ctx.parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.canceled.connect(self.cancel.set)
        self.worker = workers.start_on_store(reopen_location(self.ctx.ws.store), self._op, self._finished, self._failed,
                                             self._progress)

    def _op(self, store, progress):
        from annotations.services.suggestions import run_suggester  # loads suggesters (spaCy) in the worker

        return run_suggester(store, self.name, self.document_ids, progress=progress, cancel=self.cancel)

    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _finished(self, result) -> None:
        self.dialog.reset()
        note = " (cancelled)" if result.cancelled else ""
        self.ctx.say(f"{result.added} suggestion(s) in {result.documents} document(s){note}")
        self.controller.after_run()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self.dialog.reset()
        self.ctx.say(f"Suggesting failed: {message}")
        self.offer = self._failure_box(message)
        self.failed.emit(message)

    def _failure_box(self, message: str) -> QMessageBox:
        """Say why (e.g. a spaCy pipeline that is not installed: nothing is ever downloaded)
        and offer the built-in rules, which always work offline."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Suggest", f"Suggesting with {self.name} failed.",
                          QMessageBox.StandardButton.Close, self.ctx.parent)
        box.setInformativeText(message)
        if self.name != FALLBACK_SUGGESTER:
            self.use_rules = box.addButton(f"Suggest with {FALLBACK_SUGGESTER}", QMessageBox.ButtonRole.AcceptRole)
            self.use_rules.clicked.connect(lambda: self.controller.start(FALLBACK_SUGGESTER, self.document_ids))
        box.open()
        return box


class SuggestController:
    def __init__(self, ctx: Context, after_run: Callable[[], None], selected_documents: Callable[[], list[int]],
                 document_count: Callable[[], int]):
        self.ctx = ctx
        self.after_run = after_run  # reload the document list and the open document
        self.selected_documents, self.document_count = selected_documents, document_count
        self.run: SuggestRun | None = None
        self.dialog = None

    def ask(self):
        """The Suggest dialog: which suggester, on this document, the selected ones or all."""
        from annotations.suggesters import available_suggesters  # loads spaCy: only when asked

        from .dialogs.suggest_dialog import SuggestDialog

        document = self.ctx.ws.document
        self.dialog = SuggestDialog(available_suggesters(self.ctx.ws.store), document.id if document else None,
                                    self.selected_documents(), self.document_count(), self.ctx.parent)
        self.dialog.accepted.connect(lambda: self.start(*self.dialog.choice()))
        self.dialog.open()
        return self.dialog

    def start(self, name: str, document_ids: list[int] | None = None) -> SuggestRun:
        self.run = SuggestRun(self, name, document_ids)
        return self.run


def _has_pending(w) -> bool:
    return w.ws.document is not None and w.ws.pending_count > 0


def _has_store(w) -> bool:
    return w.ws.store is not None


REVIEW_ACTIONS = [
    registry.ActionSpec("review.next", "&Next pending suggestion", "Review", lambda w: w.review.next_pending(), "N",
                        _has_pending, scope="article"),
    registry.ActionSpec("review.accept", "&Accept suggestion", "Review", lambda w: w.review.accept(), "A",
                        _has_pending, scope="article", toolbar=True),
    registry.ActionSpec("review.reject", "Re&ject suggestion", "Review", lambda w: w.review.reject(), "X",
                        _has_pending, scope="article", toolbar=True),
    registry.ActionSpec("review.relabel", "&Relabel and accept…", "Review", lambda w: w.review.relabel_accept(), "R",
                        _has_pending, scope="article"),
    registry.ActionSpec("review.accept_all", "Accept a&ll in document", "Review", lambda w: w.review.accept_all(),
                        "Shift+A", _has_pending, scope="article"),
    registry.ActionSpec("review.suggest", "&Suggest…", "Review", lambda w: w.suggest.ask(), "Ctrl+Shift+S",
                        _has_store, separator_before=True),
    registry.ActionSpec("review.queue", "Review &queue", "Review", lambda w: w.show_review_queue(), "Ctrl+Shift+Q",
                        _has_store),
]

for _spec in REVIEW_ACTIONS:
    if not any(a.id == _spec.id for a in registry.ACTIONS):
        registry.register(_spec)
