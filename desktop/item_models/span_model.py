"""The span table of the open document: rows follow the workspace's spans in
reading order and are inserted, removed or repainted one at a time from
Change records (never reset, except when another document opens)."""
from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotations.errors import ValidationError
from annotations.types import Change

from .columns import ColumnsModel
from ..workspace import Workspace

COLUMNS = ("Label", "Text", "Start", "End", "Status")
ID_ROLE = Qt.ItemDataRole.UserRole + 2
DECORATION = Qt.ItemDataRole.DecorationRole
SHOWN_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, DECORATION, ID_ROLE))


class SpanTableModel(ColumnsModel):
    columns = COLUMNS
    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self._keys: list[tuple[int, int, int]] = []  # (start, end, id), sorted
        ws.document_opened.connect(self._reset)
        ws.changed.connect(self._on_change)

    def span_id(self, row: int) -> int:
        return self._keys[row][2]

    def row_of(self, span_id: int) -> int | None:
        span = self.ws.spans.get(span_id)
        if span is None:
            return None
        i = bisect_left(self._keys, (span.start, span.end, span_id))
        return i if i < len(self._keys) and self._keys[i][2] == span_id else None

    def _reset(self, _document_id: int) -> None:
        self.beginResetModel()
        self._keys = self.ws.index.items()
        self.endResetModel()

    def _remove_key(self, span_id: int) -> None:
        for i, key in enumerate(self._keys):
            if key[2] == span_id:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._keys[i]
                self.endRemoveRows()
                return

    def _on_change(self, change: Change) -> None:
        if self.ws.document is None or change.document_id != self.ws.document.id:
            return
        touched = [s.id for s in change.removed_spans] + list(change.changed_spans) + list(change.added_spans)
        for span_id in touched:
            span = self.ws.spans.get(span_id)
            key = (span.start, span.end, span_id) if span else None
            row = bisect_left(self._keys, key) if key else None
            if key and row < len(self._keys) and self._keys[row] == key:
                self.row_changed(row)
                continue
            self._remove_key(span_id)
            if key:
                row = bisect_left(self._keys, key)
                self.beginInsertRows(QModelIndex(), row, row)
                self._keys.insert(row, key)
                self.endInsertRows()

    # ---- Qt overrides ----------------------------------------------------

    def row_total(self) -> int:
        return len(self._keys)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # Views ask for a dozen roles per cell; answer the unused ones before any lookup.
        column = index.column()
        if role not in SHOWN_ROLES or (role == DECORATION and column) or not 0 <= index.row() < len(self._keys):
            return None
        span = self.ws.spans.get(self._keys[index.row()][2])
        if span is None:
            return None
        if role == ID_ROLE:
            return span.id
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                text = " ".join(self.ws.span_text(span).split())
                return text if len(text) <= 80 else text[:77] + "…"
            return str((span.label, None, span.start, span.end, span.status)[column])
        if role == DECORATION:
            try:
                return QColor(self.ws.store.schema.label(span.label).color)
            except ValidationError:  # a label no longer in the schema is shown without colour
                return None
        return None
