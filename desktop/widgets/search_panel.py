"""The corpus search panel (Ctrl+Shift+F): a query in the web-search grammar of
`glossator search`, an optional label filter, and the hits as keyword-in-context
rows; Enter or a double click opens the document at the hit.

The query runs in a worker (`workers.start_on_store`, its own Store); a result
that arrives after a newer query was started is dropped.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from .. import workers
from ..item_models.search_model import HIT_ROLE, SearchHitModel, hit_rows
from .record_table import record_table

ANY_LABEL = "any label"
LIMIT = 200


def search_op(query: str, label: str | None):
    def op(store, _progress):
        from annotations.services.search import SearchFilters, search

        return search(store, query, SearchFilters(labels=(label,) if label else ()), limit=LIMIT)
    return op


class SearchPanel(QWidget):
    hit_chosen = Signal(int, int, int)  # document id, start, end (code points)
    searched = Signal(int)  # number of hits shown

    def __init__(self, store_location, labels: list[str], parent=None):
        super().__init__(parent)
        self.setObjectName("searchPanel")
        self.store_location = store_location
        self.query = QLineEdit(placeholderText='words, "a phrase", a OR b, -word', objectName="searchQuery")
        self.query.setAccessibleName("Search query")
        self.label = QComboBox(objectName="searchLabel")
        self.label.setAccessibleName("Only documents with a span of this label")
        self.set_labels(labels)
        self.status = QLabel(objectName="searchStatus")
        self.model = SearchHitModel(self)
        self.table = record_table(self.model, "searchHits", {0: 260, 1: 64}, stretch=2, parent=self)
        self.table.setAccessibleName("Search hits")
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self._generation = 0
        self.query.returnPressed.connect(self.run)
        self.table.activated.connect(self._choose)

    def set_labels(self, labels: list[str]) -> None:
        self.label.clear()
        self.label.addItems([ANY_LABEL, *labels])

    def activate(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def run(self) -> workers.Worker | None:
        text = self.query.text().strip()
        if not text:
            return None
        self._generation += 1
        generation = self._generation
        label = self.label.currentText()
        self.status.setText("Searching…")
        return workers.start_on_store(
            self.store_location, search_op(text, None if label == ANY_LABEL else label),
            lambda results: self._show(generation, results),
            lambda message: self._failed(generation, message))

    def _show(self, generation: int, results) -> None:
        if generation != self._generation:
            return  # a newer query was started meanwhile
        rows = hit_rows(results)
        self.model.set_hits(rows)
        more = " (first 200 documents)" if len(results) == LIMIT else ""
        self.status.setText(f"{len(rows)} hit{'' if len(rows) == 1 else 's'} in "
                            f"{len(results)} document{'' if len(results) == 1 else 's'}{more}")
        if rows:
            self.table.selectRow(0)
        self.searched.emit(len(rows))

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.model.set_hits([])
            self.status.setText(message)
            self.searched.emit(0)

    def _choose(self, index) -> None:
        document_id, start, end = index.data(HIT_ROLE)
        self.hit_chosen.emit(document_id, start, end)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._choose(self.table.currentIndex())
            return
        super().keyPressEvent(event)
