"""The message bar above the article: a failed edit, undo or redo in one line,
with Retry when the intended edit can be tried again (the edit is kept here,
not on the undo stack, which holds only applied edits) and a close button."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class MessageBar(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#messageBar { background: #fff3cd; color: #664d03; border: 1px solid #e0c36a; }")
        self.text = QLabel(wordWrap=True, objectName="messageText")
        self.retry_button = QPushButton("Retry", objectName="messageRetry")
        self.close_button = QPushButton("Dismiss", objectName="messageClose")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.close_button)
        self._retry: Callable[[], object] | None = None
        self.retry_button.clicked.connect(self.retry)
        self.close_button.clicked.connect(self.dismiss)
        self.hide()

    def show_error(self, message: str, retry: Callable[[], object] | None = None) -> None:
        self.text.setText(message)
        self.text.setToolTip(message)
        self._retry = retry
        self.retry_button.setVisible(retry is not None)
        self.show()

    def retry(self) -> None:
        retry, self._retry = self._retry, None
        self.hide()
        if retry is not None:
            retry()  # a new failure shows the bar again

    def dismiss(self) -> None:
        self._retry = None
        self.hide()
