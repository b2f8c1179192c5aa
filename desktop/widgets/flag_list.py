"""The Flagged dock: every flag in the store (document, where, kind, note, who),
newest edits reflected as they happen. Enter or double-click jumps to the item
(opens its document, selects the span or shows its characters); F2 edits the
flag, Del removes it (both undoable). "This document only" narrows the list."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from annotations.errors import GlossatorError
from annotations.services import flags as service

from ..controllers.flags import flag_change
from ..item_models.columns import ColumnsModel
from ..workspace import Workspace
from .record_table import record_table

FLAG_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Document", "Where", "Kind", "Note", "By")


class FlagListModel(ColumnsModel):
    columns = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[service.Flag, str]] = []  # (flag, document title)

    def set_rows(self, rows: list[tuple[service.Flag, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self._rows)

    def flag(self, row: int) -> service.Flag:
        return self._rows[row][0]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        flag, title = self._rows[index.row()]
        if role == FLAG_ROLE:
            return flag.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cells = (f"{flag.document_id} · {title}", flag.target, flag.kind, flag.note, flag.annotator or "")
            return cells[index.column()]
        return None


class FlagList(QWidget):
    def __init__(self, ws: Workspace, open_document: Callable[[int], object], article, edit: Callable,
                 remove: Callable, parent=None):
        super().__init__(parent)
        self.setObjectName("flagList")
        self.ws, self.open_document, self.article = ws, open_document, article
        self.model = FlagListModel(self)
        self.table = record_table(self.model, "flagTable", {0: 150, 1: 120, 2: 120, 4: 70}, stretch=3)
        self.table.setAccessibleName("Flagged items")
        self.only_here = QCheckBox("&This document only", objectName="flagsThisDocument")
        self.count = QLabel(objectName="flagCount")
        top = QHBoxLayout()
        top.addWidget(self.only_here)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.table.activated.connect(self.jump)
        self.only_here.toggled.connect(lambda _on: self.refresh())
        self._keys = {Qt.Key.Key_F2: edit, Qt.Key.Key_Delete: remove}
        # An event filter, not QShortcuts: the window's F2 (edit attributes) would make them ambiguous.
        self.table.installEventFilter(self)
        ws.changed.connect(self._changed)
        ws.store_opened.connect(lambda _path: self.refresh())
        ws.document_opened.connect(lambda _doc: self.only_here.isChecked() and self.refresh())

    def _changed(self, change) -> None:
        if self.isVisible() and flag_change(change):
            self.refresh()

    def showEvent(self, event) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        store = self.ws.store
        if store is None:
            self.model.set_rows([])
            return
        doc = self.ws.document
        try:
            found = service.list_flags(store, doc.id if self.only_here.isChecked() and doc else None)
            titles = service.document_titles(store, (f.document_id for f in found))
        except GlossatorError as exc:
            self.count.setText(str(exc))
            return
        self.model.set_rows([(f, titles.get(f.document_id, "")) for f in found])
        self.count.setText(f"{len(found)} flag{'' if len(found) == 1 else 's'}")

    def current_flag(self) -> service.Flag | None:
        index = self.table.currentIndex()
        return self.model.flag(index.row()) if index.isValid() else None

    def eventFilter(self, watched, event) -> bool:
        if watched is self.table and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            handler = self._keys.get(event.key()) if event.modifiers() == Qt.KeyboardModifier.NoModifier else None
            if handler is not None:
                event.accept()  # ShortcutOverride accepted: the key comes here as a KeyPress
                flag = self.current_flag()
                if event.type() == QEvent.Type.KeyPress and flag is not None:
                    handler(flag)
                return True
        return super().eventFilter(watched, event)

    def jump(self, index: QModelIndex) -> None:
        """Open the flagged document; select the flagged span, or show the flagged characters."""
        flag = self.model.flag(index.row())
        if self.ws.document is None or self.ws.document.id != flag.document_id:
            self.open_document(flag.document_id)
        if self.ws.document is None or self.ws.document.id != flag.document_id:
            return
        if flag.span_id is not None and flag.span_id in self.ws.spans:
            self.ws.select(flag.span_id)
            self.article.reveal(flag.span_id)
        elif flag.start is not None:
            self.article.select_chars(flag.start, flag.end)
            self.article.ensureCursorVisible()
        self.article.setFocus(Qt.FocusReason.OtherFocusReason)

