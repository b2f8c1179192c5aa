"""The document list panel: text filter, status filter and a sortable table
over the DocumentTableModel (through DocumentFilterProxy)."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from annotations.types import DOCUMENT_STATUSES

from ..item_models.document_model import ID_ROLE, DocumentFilterProxy, DocumentTableModel
from .record_table import record_table


class DocumentList(QWidget):
    document_chosen = Signal(int)

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
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.status_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)

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
