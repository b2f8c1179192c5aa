"""The document list: a table model over DocumentSummary rows (one SQL query for
the whole list, counts precomputed, no queries while painting) and a proxy
that filters by text, status and a set of ids ("assigned to me") and sorts by
any column. `replace_rows` takes a fresh list (others' changes) in place when
it holds the same documents, so views keep their selection and scroll."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from annotations.types import DocumentSummary

from .columns import ColumnsModel

COLUMNS = ("Title", "Status", "Spans", "Pending", "Date", "Source")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class DocumentTableModel(ColumnsModel):
    columns = COLUMNS
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[int, int] = {}

    def set_documents(self, rows: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def replace_rows(self, rows: list[DocumentSummary]) -> bool:
        """Take a fresh list of the same documents in place, repainting the rows that differ;
        False (nothing done) when the documents themselves differ."""
        rows = list(rows)
        if [r.id for r in rows] != [r.id for r in self._rows]:
            return False
        for i, row in enumerate(rows):
            if row != self._rows[i]:
                self._rows[i] = row
                self.row_changed(i)
        return True

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def ids(self) -> list[int]:
        return [r.id for r in self._rows]

    def update_document(self, document_id: int, **fields) -> None:
        """Replace some fields of one row (status, span_count, pending_count) and repaint that row."""
        row = self._row_of.get(document_id)
        if row is None:
            return
        self._rows[row] = replace(self._rows[row], **fields)
        self.row_changed(row)

    # ---- Qt overrides ----------------------------------------------------

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        doc = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return doc.id
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            values = (doc.title or f"Document {doc.id}", doc.status, doc.span_count, doc.pending_count,
                      doc.date, doc.source or "")
            value = values[col]
            return value if role == SORT_ROLE or isinstance(value, str) else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            dated = f"published {doc.published}" if doc.published else f"imported {doc.imported or '?'}"
            return f"{doc.title}\n{doc.source or ''}\n{dated}\n{doc.length:,} characters"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DocumentFilterProxy(QSortFilterProxyModel):
    """Filters by a case-insensitive text (title), an optional status and optional document ids."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""
        self._status: str | None = None
        self._ids: frozenset[int] | None = None
        self.setSortRole(SORT_ROLE)

    def set_ids(self, ids: frozenset[int] | None) -> None:
        """Show only these documents (None: every document)."""
        if ids == self._ids:
            return
        self.beginFilterChange()
        self._ids = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.casefold().strip()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_status(self, status: str | None) -> None:
        self.beginFilterChange()
        self._status = status or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        doc = self.sourceModel().summary(source_row)
        if self._ids is not None and doc.id not in self._ids:
            return False
        if self._status and doc.status != self._status:
            return False
        return not self._text or self._text in (doc.title or "").casefold()
