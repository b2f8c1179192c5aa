"""The open store and document as the desktop sees them: Qt signals and undo
stacks over the Qt-free `annotations.editing.EditingState`.

The editing state (document, spans, relations, selection, visible range) and
every edit's do/undo live in `annotations.editing`; this module turns the
state's notifications into signals views listen to, keeps one QUndoStack per
document, and runs edits so that the stacks hold only applied edits: a new
edit that fails is never pushed (`edit_failed` offers Retry), and an undo or
redo that fails leaves its stack where it was (`failed`). It holds no domain
rules and never writes to the store itself.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from annotations.editing import Edit, EditingState
from annotations.errors import GlossatorError, ValidationError
from annotations.services.rows import SpanRows
from annotations.span_index import SpanIndex
from annotations.store import Store
from annotations.types import Document, Relation, Span

from .commands import EditCommand

log = logging.getLogger(__name__)


class _Signals:
    """Forwards the editing state's notifications to the workspace's signals."""

    def __init__(self, ws: "Workspace"):
        self.ws = ws

    def store_opened(self, path: str) -> None:
        self.ws.store_opened.emit(path)

    def document_opened(self, document_id: int) -> None:
        self.ws.undo_group.setActiveStack(self.ws.stack_for(document_id))
        self.ws.document_opened.emit(document_id)

    def changed(self, change) -> None:
        self.ws.changed.emit(change)

    def selection_changed(self, span_id) -> None:
        self.ws.selection_changed.emit(span_id)


class Workspace(QObject):
    store_opened = Signal(str)
    document_opened = Signal(int)
    changed = Signal(object)  # a Change, after the in-memory copy was updated
    selection_changed = Signal(object)  # span id or None
    schema_changed = Signal()
    failed = Signal(str)  # a refused edit, undo or redo, or a store error: one line for the user
    edit_failed = Signal(str, object)  # message, and a callable retrying the edit (or None)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.state = EditingState(_Signals(self))
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}

    # ---- the editing state, read-only here -------------------------------------

    store: Store | None = property(lambda self: self.state.store)
    document: Document | None = property(lambda self: self.state.document)
    spans: SpanRows = property(lambda self: self.state.spans)
    relations: dict[int, Relation] = property(lambda self: self.state.relations)
    index: SpanIndex = property(lambda self: self.state.index)
    selected: int | None = property(lambda self: self.state.selected)
    selected_span: Span | None = property(lambda self: self.state.selected_span)
    pending_count: int = property(lambda self: self.state.pending_count)
    language: str = property(lambda self: self.state.language)

    def select(self, span_id: int | None) -> None:
        self.state.select(span_id)

    def relations_of(self, span_id: int) -> list[Relation]:
        return self.state.relations_of(span_id)

    def span_text(self, span: Span) -> str:
        return self.state.span_text(span)

    def pending(self) -> list[Span]:
        return self.state.pending()

    def next_pending(self, after: int = -1, after_id: int | None = None) -> Span | None:
        return self.state.next_pending(after, after_id)

    # ---- store and document -------------------------------------------------

    def open_store(self, path: str | Path, create: bool = False) -> None:
        self.state.open_store(path, create=create)
        for stack in self._stacks.values():
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self._stacks.clear()

    def close(self) -> None:
        self.state.close()

    def open_document(self, document_id: int) -> None:
        self.state.open_document(document_id)

    def reload_document(self) -> None:
        """Read the open document again (after a background task changed it), keeping the selection."""
        if self.document is not None:
            selected = self.selected
            self.state.open_document(self.document.id)
            self.select(selected)

    def stack_for(self, document_id: int) -> QUndoStack:
        if document_id not in self._stacks:
            stack = QUndoStack(self)
            self.undo_group.addStack(stack)
            self._stacks[document_id] = stack
        return self._stacks[document_id]

    @property
    def stack(self) -> QUndoStack | None:
        return self._stacks.get(self.document.id) if self.document else None

    # ---- running edits ------------------------------------------------------------

    def push(self, edit: Edit) -> bool:
        """Do a new edit, then record it; a failed edit is reported (with Retry) and not recorded."""
        try:
            self.state.do(edit)
        except GlossatorError as exc:
            log.info("edit refused: %s", exc)
            retry = None if isinstance(exc, ValidationError) else (lambda: self.push(edit))
            self.report(f"{edit.text}: {exc}", retry)
            return False
        self.stack_for(edit.document_id).push(EditCommand(self, edit))
        return True

    def undo(self) -> bool:
        """Undo the open document's last edit; if it fails the stack stays where it was."""
        return self._step(-1)

    def redo(self) -> bool:
        return self._step(+1)

    def _step(self, direction: int) -> bool:
        stack = self.stack
        if stack is None or not (stack.canUndo() if direction < 0 else stack.canRedo()):
            return False
        command = stack.command(stack.index() - 1 if direction < 0 else stack.index())
        if not command.run(undo=direction < 0):
            return False
        command.skip_next = True  # done above: QUndoStack only moves its index now
        stack.undo() if direction < 0 else stack.redo()
        return True

    def report(self, message: str, retry: Callable[[], object] | None = None) -> None:
        self.failed.emit(message)
        self.edit_failed.emit(message, retry)
