"""The "Missing relations" dock: spans of the open document whose label heads a
relation of the schema but that have none of it yet (with the default schema:
assertions without a source). Enter or double-click selects the span in the
article; the list follows edits. Only the open document, so it stays instant."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotations.types import Span

from ..item_models.columns import ColumnsModel
from ..workspace import Workspace
from .record_table import record_table

SPAN_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Span", "Missing", "Text")


def missing_relations(ws: Workspace) -> list[tuple[Span, str]]:
    """(span, relation name) for each accepted span of the open document lacking a relation it may head."""
    if ws.store is None or ws.document is None:
        return []
    heads: dict[str, list[str]] = {}
    for rel in ws.store.schema.relations:
        for label in rel.head:
            heads.setdefault(label, []).append(rel.name)
    have = {(r.head_id, r.label) for r in ws.relations.values()}
    found = []
    for span_id in ws.spans:
        span = ws.spans.get(span_id)
        if span is None or span.status != "accepted" or span.label not in heads:
            continue
        found.extend((span, name) for name in heads[span.label] if (span.id, name) not in have)
    return sorted(found, key=lambda item: (item[0].start, item[0].id))


class MissingModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[Span, str, str]] = []

    def set_rows(self, rows: list[tuple[Span, str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        span, name, text = self._rows[index.row()]
        if role == SPAN_ROLE:
            return span.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (f"{span.label} {span.start}–{span.end}", f"no {name}", text)[index.column()]
        return None


class MissingRelationsList(QWidget):
    def __init__(self, ws: Workspace, article, parent=None):
        super().__init__(parent)
        self.setObjectName("missingRelations")
        self.ws, self.article = ws, article
        self.model = MissingModel(self)
        self.table = record_table(self.model, "missingRelationsTable", {0: 130, 1: 110}, stretch=2)
        self.table.setAccessibleName("Spans missing a relation")
        self.count = QLabel(objectName="missingRelationsCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.count)
        layout.addWidget(self.table)
        self.table.activated.connect(self.jump)
        ws.changed.connect(lambda _change: self.isVisible() and self.refresh())
        ws.document_opened.connect(lambda _doc: self.isVisible() and self.refresh())

    def refresh(self) -> None:
        found = missing_relations(self.ws)
        self.model.set_rows([(s, name, self.ws.span_text(s).replace("\n", " ")) for s, name in found])
        self.count.setText(f"{len(found)} span{'' if len(found) == 1 else 's'} without "
                           + (", ".join(sorted({n for _s, n in found})) or "a missing relation"))

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def jump(self, index: QModelIndex) -> None:
        span_id = index.data(SPAN_ROLE)
        self.ws.select(span_id)
        self.article.reveal(span_id)
        self.article.setFocus(Qt.FocusReason.OtherFocusReason)
