"""The read-only record table every list in the window uses (documents, spans,
review queue): whole-row selection, no editing, one line per row, fixed
column widths with one stretching column."""
from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

ROW_HEIGHT = 22


def record_table(
    model: QAbstractItemModel,
    object_name: str,
    widths: dict[int, int],
    stretch: int,
    parent: QWidget | None = None,
) -> QTableView:
    # Fixed widths, not ResizeToContents: that asks every row for data (5,000 spans = 100k calls).
    table = QTableView(parent, objectName=object_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)  # elide long text at the end, not at a word break
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = table.horizontalHeader()
    for column, width in widths.items():
        header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
