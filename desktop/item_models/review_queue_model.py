"""The review queue's table model: pending suggestions across the corpus
(score, label, text, document), as rows of plain values."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from annotations.types import Span

from .columns import ColumnsModel

SPAN_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Score", "Label", "Text", "Document")


@dataclass(frozen=True)
class QueueRow:
    span: Span
    text: str
    document_title: str


class ReviewQueueModel(ColumnsModel):
    columns = COLUMNS
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[QueueRow] = []

    def set_rows(self, rows: list[QueueRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def remove_span(self, span_id: int) -> None:
        row = next((i for i, r in enumerate(self._rows) if r.span.id == span_id), None)
        if row is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def row(self, index: int) -> QueueRow:
        return self._rows[index]

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        if role == SPAN_ROLE:
            return r.span.id
        if role == Qt.ItemDataRole.DisplayRole:
            score = f"{r.span.score:.2f}" if r.span.score is not None else "–"
            return (score, r.span.label, r.text, r.document_title)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.span.suggester or 'unknown'} · document {r.span.document_id}, {r.span.start}–{r.span.end}"
        return None
