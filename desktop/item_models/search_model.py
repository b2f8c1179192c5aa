"""Search hits as a table: one row per keyword-in-context line of
`annotations.services.search` (document, offset, context), over plain data."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from .columns import ColumnsModel

HIT_ROLE = Qt.ItemDataRole.UserRole + 1  # (document id, start, end)


@dataclass(frozen=True)
class HitRow:
    document_id: int
    title: str
    start: int
    end: int
    context: str


def hit_rows(results) -> list[HitRow]:
    """Rows from SearchResults: each hit of each document, best documents first."""
    return [HitRow(r.document_id, r.title or f"Document {r.document_id}", h.start, h.end, h.context)
            for r in results for h in r.hits]


class SearchHitModel(ColumnsModel):
    columns = ("Document", "Offset", "Context")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[HitRow] = []

    def set_hits(self, rows: list[HitRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def hit(self, row: int) -> HitRow:
        return self._rows[row]

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit = self._rows[index.row()]
        if role == HIT_ROLE:
            return (hit.document_id, hit.start, hit.end)
        if role == Qt.ItemDataRole.DisplayRole:
            return (hit.title, str(hit.start), hit.context)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.title}\n{hit.context}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
