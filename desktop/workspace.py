"""The open store and the open document, as the desktop sees them.

Owns the in-memory copy of the current document's spans and relations and
keeps it in step with the store by applying the Change records that services
return; views listen to `changed` and refresh only what a Change names. It
holds no domain rules (those are in `annotations`) and never writes to the
store except through undo commands calling services.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from annotations import services
from annotations.errors import GlossatorError
from annotations.services.rows import SpanRows
from annotations.span_index import SpanIndex
from annotations.store import Store
from annotations.types import Change, Document, Relation, Span

log = logging.getLogger(__name__)

VISIBLE_STATUSES = ("accepted", "pending")  # rejected suggestions are never shown


class Workspace(QObject):
    store_opened = Signal(str)
    document_opened = Signal(int)
    changed = Signal(object)  # a Change, after the in-memory copy was updated
    selection_changed = Signal(object)  # span id or None
    schema_changed = Signal()
    failed = Signal(str)  # a refused edit or a store error, one line for the user

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.store: Store | None = None
        self.document: Document | None = None
        self.spans = SpanRows()  # Spans are built when a view asks for one (5,000-span documents)
        self.relations: dict[int, Relation] = {}
        self.index = SpanIndex()
        self.selected: int | None = None
        self._pending: int | None = None  # cached count of pending spans; None = recount
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}

    # ---- store and document ---------------------------------------------

    def open_store(self, path: str | Path, create: bool = False) -> None:
        store = Store.open(path, create=create)
        if self.store is not None:
            self.store.close()
        self.store = store
        self.document = None
        self.spans, self.relations, self.index, self.selected = SpanRows(), {}, SpanIndex(), None
        for stack in self._stacks.values():
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self._stacks.clear()
        self.store_opened.emit(str(store.path))

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    @property
    def language(self) -> str:
        return self.store.schema.language if self.store else "en"

    def open_document(self, document_id: int) -> None:
        document = services.get_document(self.store, document_id)
        spans = services.get_span_rows(self.store, document_id, VISIBLE_STATUSES)
        self.document = document
        self.spans = spans
        self.relations = {r.id: r for r in services.get_relations(self.store, document_id)}
        self.index = SpanIndex(spans.positions())
        self.selected = None
        self._pending = None
        self.undo_group.setActiveStack(self.stack_for(document_id))
        self.document_opened.emit(document_id)
        self.selection_changed.emit(None)

    def stack_for(self, document_id: int) -> QUndoStack:
        if document_id not in self._stacks:
            stack = QUndoStack(self)
            self.undo_group.addStack(stack)
            self._stacks[document_id] = stack
        return self._stacks[document_id]

    @property
    def stack(self) -> QUndoStack | None:
        return self._stacks.get(self.document.id) if self.document else None

    def push(self, command) -> bool:
        """Run a command's first step now, then record it; a refused edit is reported
        through `failed` and never recorded."""
        try:
            command.first_redo()
        except GlossatorError as exc:
            log.info("edit refused: %s", exc)
            self.failed.emit(str(exc))
            return False
        self.stack_for(command.document_id).push(command)
        return True

    # ---- selection -------------------------------------------------------

    def select(self, span_id: int | None) -> None:
        if span_id is not None and span_id not in self.spans:
            span_id = None
        if span_id != self.selected:
            self.selected = span_id
            self.selection_changed.emit(span_id)

    @property
    def selected_span(self) -> Span | None:
        return self.spans.get(self.selected) if self.selected is not None else None

    # ---- applying changes ------------------------------------------------

    def apply(self, change: Change) -> None:
        """Bring the in-memory copy in line with what a service just did, then tell the views."""
        if self.document is None or change.document_id != self.document.id:
            self.changed.emit(change)
            return
        self._pending = None
        for span in change.removed_spans:
            self._drop_span(span.id)
        for rel in change.removed_relations:
            self.relations.pop(rel.id, None)
        for span_id in (*change.added_spans, *change.changed_spans):
            span = services.get_span(self.store, span_id)
            if span.status in VISIBLE_STATUSES:
                self.spans[span_id] = span
                if span_id not in self.index or self.index.offsets(span_id) != (span.start, span.end):
                    self.index.add(span_id, span.start, span.end)
            else:
                self._drop_span(span_id)
        if change.added_relations:
            current = {r.id: r for r in services.get_relations(self.store, change.document_id)}
            self.relations.update({i: current[i] for i in change.added_relations if i in current})
        if change.document_changed:
            self.document = services.get_document(self.store, change.document_id)
        self.changed.emit(change)
        if self.selected is not None and self.selected not in self.spans:
            self.select(None)

    def _drop_span(self, span_id: int) -> None:
        if self.spans.pop(span_id, None) is not None:
            self.index.remove(span_id)
        for rel_id in [r.id for r in self.relations.values() if span_id in (r.head_id, r.child_id)]:
            del self.relations[rel_id]

    @property
    def pending_count(self) -> int:
        """Pending suggestions in the open document (actions' enabled-when asks often)."""
        if self._pending is None:
            self._pending = self.spans.count_status("pending")
        return self._pending

    def relations_of(self, span_id: int) -> list[Relation]:
        return [r for r in self.relations.values() if span_id in (r.head_id, r.child_id)]

    def span_text(self, span: Span) -> str:
        return self.document.text[span.start : span.end] if self.document else ""
