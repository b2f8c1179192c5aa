"""Find in document (Ctrl+F): a small bar above the article view."""
from __future__ import annotations

from PySide6.QtGui import QTextDocument
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

    def find(self, backward: bool = False) -> bool:
        text = self.edit.text()
        if not text:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.view.find(text, flags)
        if not found:  # wrap around once
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backward else cursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            found = self.view.find(text, flags)
        self.status.setText("" if found else "not found")
        return found
