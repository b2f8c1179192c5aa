"""Find in document (Ctrl+F): a small bar above the article view. It searches
as you type (from where the current match starts) and shows "k of n" matches;
Esc in the bar or in the article closes it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget


class FindBar(QWidget):
    def __init__(self, view: QPlainTextEdit, parent=None):
        super().__init__(parent)
        self.view = view
        self.setObjectName("findBar")
        self.edit = QLineEdit(placeholderText="Find in document", objectName="findEdit")
        self.status = QLabel()
        previous = QPushButton("Previous")
        following = QPushButton("Next")
        close = QPushButton("Close")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for w in (QLabel("Find:"), self.edit, previous, following, self.status):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(close)
        self.edit.returnPressed.connect(lambda: self.find(backward=False))
        self.edit.textEdited.connect(lambda _text: self.find(backward=False, again=True))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.edit, self.deactivate,
                  context=Qt.ShortcutContext.WidgetShortcut)
        following.clicked.connect(lambda: self.find(backward=False))
        previous.clicked.connect(lambda: self.find(backward=True))
        close.clicked.connect(self.deactivate)
        self.hide()

    def activate(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def deactivate(self) -> None:
        self.hide()
        self.view.setFocus()

    def find(self, backward: bool = False, again: bool = False) -> bool:
        """The next (previous) match; `again`: the match at or after where the current one starts
        (typing more letters refines it rather than skipping ahead)."""
        text = self.edit.text()
        if not text:
            self.status.setText("")
            return False
        if again:
            cursor = self.view.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.view.setTextCursor(cursor)
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.view.find(text, flags)
        if not found:  # wrap around once
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            found = self.view.find(text, flags)
        self.status.setText(self._count_text(text) if found else "not found")
        return found

    def _count_text(self, text: str) -> str:
        """'k of n' for the current match (case-insensitive, as QTextDocument.find)."""
        haystack, needle = self.view.toPlainText().casefold(), text.casefold()
        start = self.view.textCursor().selectionStart()
        total = index = 0
        at = haystack.find(needle)
        while at != -1:
            total += 1
            if at <= start:
                index = total
            at = haystack.find(needle, at + max(len(needle), 1))
        return f"{index} of {total}"
