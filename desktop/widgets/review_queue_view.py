"""The review queue dock: pending suggestions across the corpus, ordered by
score or by document; Enter or double-click opens the document at the span."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from annotations import services
from annotations.services.review import review_queue

from ..item_models.review_queue_model import QueueRow, ReviewQueueModel
from .record_table import record_table
from ..workspace import Workspace

LIMIT = 500  # one screenful of work; the query stays well under the UI's 50 ms budget


class ReviewQueueView(QWidget):
    def __init__(self, ws: Workspace, open_document: Callable[[int], object], article: QWidget, parent=None):
        super().__init__(parent)
        self.ws, self.open_document, self.article = ws, open_document, article
        self.order = QComboBox(objectName="reviewQueueOrder")
        self.order.addItem("By score", "score")
        self.order.addItem("By document", "document")
        self.model = ReviewQueueModel(self)
        self.table = record_table(self.model, "reviewQueueTable", {0: 52, 1: 96, 3: 180}, stretch=2)
        self.table.setAccessibleName("Pending suggestions")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.order)
        layout.addWidget(self.table)
        self.order.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.activated.connect(self.open_row)
        ws.changed.connect(self._on_change)

    def refresh(self) -> None:
        store = self.ws.store
        if store is None:
            self.model.set_rows([])
            return
        spans = review_queue(store, self.order.currentData(), LIMIT)
        docs = {d: services.get_document(store, d) for d in {s.document_id for s in spans}}
        self.model.set_rows([
            QueueRow(s, docs[s.document_id].text[s.start : s.end].replace("\n", " "), docs[s.document_id].title)
            for s in spans
        ])

    def _on_change(self, change) -> None:
        for span_id in (*change.changed_spans, *(s.id for s in change.removed_spans)):
            span = self.ws.spans.get(span_id)
            if span is None or span.status != "pending":
                self.model.remove_span(span_id)

    def open_row(self, index) -> None:
        row = self.model.row(index.row())
        self.open_document(row.span.document_id)
        self.ws.select(row.span.id)
        self.article.reveal(row.span.id)
        self.article.setFocus(Qt.FocusReason.OtherFocusReason)
