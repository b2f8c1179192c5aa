"""The disagreements table of the adjudication window: one row per unit where
the layers differ (label, what differs, the text, each layer's spans in short,
the decision), over `annotations.agreement.adjudication` dataclasses."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotations.agreement.adjudication import AdjudicationDocument, Unit

from ..item_models.columns import ColumnsModel

UNIT_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("#", "Label", "Differs in", "Text", "Decision")
EXCERPT = 48  # characters of the unit's text in the table


def excerpt(text: str, start: int, end: int, width: int = EXCERPT) -> str:
    piece = text[start:end].replace("\n", " ")
    return piece if len(piece) <= width else piece[: width - 1] + "…"


class UnitModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.adjudication: AdjudicationDocument | None = None
        self.text = ""
        self._units: list[Unit] = []

    def set_document(self, adjudication: AdjudicationDocument | None, text: str) -> None:
        self.beginResetModel()
        self.adjudication, self.text = adjudication, text
        self._units = adjudication.disagreements if adjudication is not None else []
        self.endResetModel()

    def decisions_changed(self) -> None:
        if self._units:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self._units) - 1, 4))

    def unit(self, row: int) -> Unit:
        return self._units[row]

    def units(self) -> list[Unit]:
        return self._units

    def row_total(self) -> int:
        return len(self._units)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._units):
            return None
        unit = self._units[index.row()]
        if role == UNIT_ROLE:
            return unit.key
        decision = self.adjudication.decision(unit)
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return str(index.row() + 1)
            if column == 1:
                return unit.label
            if column == 2:
                return unit.kind if unit.kind != "missing" else "only " + ", ".join(unit.layers_with_spans())
            if column == 3:
                return excerpt(self.text, unit.start, unit.end)
            return decision or "—"
        if role == Qt.ItemDataRole.ForegroundRole and decision is not None:
            return QColor("#808080")  # decided rows step back; undecided ones are the work left
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f"{layer}: " + ("; ".join(f"“{excerpt(self.text, sp.start, sp.end, 80)}”"
                                                        for sp in spans) or "nothing")
                             for layer, spans in unit.spans.items())
        return None
