"""The document list panel: text filter, status filter, an "assigned to me"
switch with its progress (done of assigned), and a sortable table over the
DocumentTableModel (through DocumentFilterProxy). Which documents are
assigned comes from outside (the team controller), never from a query here."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from annotations.types import DOCUMENT_STATUSES, DocumentSummary

from ..item_models.document_model import ID_ROLE, DocumentFilterProxy, DocumentTableModel
from .record_table import record_table


class DocumentList(QWidget):
    document_chosen = Signal(int)
    assigned_toggled = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("documentList")
        self.model = DocumentTableModel(self)
        self.proxy = DocumentFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(placeholderText="Filter titles", objectName="documentFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter documents by title")
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.status_combo = QComboBox(objectName="statusFilter")
        self.status_combo.addItem("All", None)
        for status in DOCUMENT_STATUSES:
            self.status_combo.addItem(status, status)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_combo.currentData()))
        self.table = record_table(self.proxy, "documentTable", {1: 70, 2: 48, 3: 58, 4: 84, 5: 110}, stretch=0)
        self.table.setSortingEnabled(True)
        self.table.setAccessibleName("Documents")
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        # Ctrl/Shift+click select several (e.g. for Suggest) without opening them.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.activated.connect(self._chosen)
        self.table.clicked.connect(self._chosen)
        self.assigned_check = QCheckBox("Assigned to me", objectName="assignedFilter")
        self.assigned_check.toggled.connect(self.assigned_toggled.emit)
        self.progress_label = QLabel(objectName="assignedProgress")
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_combo)
        team = QHBoxLayout()
        team.addWidget(self.assigned_check)
        team.addWidget(self.progress_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(team)
        layout.addWidget(self.table)

    def assigned_only(self) -> bool:
        return self.assigned_check.isChecked()

    def set_assigned(self, ids: frozenset[int] | None, done: int = 0) -> None:
        """Show only `ids` (None: every document), with "done of assigned" beside the switch."""
        self.proxy.set_ids(ids)
        self.progress_label.setText("" if ids is None else f"{done} of {len(ids)} done")

    def replace_documents(self, rows: list[DocumentSummary]) -> None:
        """A fresh list (e.g. after others' changes), keeping the selected rows and the scroll position."""
        if self.model.replace_rows(rows):
            return
        selected = self.selected_ids()
        current = self.table.currentIndex().data(ID_ROLE)
        scrolled = self.table.verticalScrollBar().value()
        self.model.set_documents(rows)
        selection = self.table.selectionModel()
        for document_id in selected:
            row = self.model.row_of(document_id)
            if row is not None:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        row = self.model.row_of(current) if current is not None else None
        if row is not None:
            selection.setCurrentIndex(self.proxy.mapFromSource(self.model.index(row, 0)),
                                      selection.SelectionFlag.NoUpdate)
        self.table.verticalScrollBar().setValue(scrolled)

    def _chosen(self, index: QModelIndex) -> None:
        extending = QApplication.keyboardModifiers() & (Qt.KeyboardModifier.ControlModifier
                                                        | Qt.KeyboardModifier.ShiftModifier)
        if index.isValid() and not extending:
            self.document_chosen.emit(index.data(ID_ROLE))

    def visible_ids(self) -> list[int]:
        """Document ids in the order the list shows them (after filter and sort)."""
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def selected_ids(self) -> list[int]:
        """Ids of the rows selected in the list, in list order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]

    def show_current(self, document_id: int) -> None:
        row = self.model.row_of(document_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.blockSignals(True)
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
            self.table.blockSignals(False)
