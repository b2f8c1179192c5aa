"""Review ▸ Suggest: which suggester, and on what — this document, the
documents selected in the list, or every document (said with its count, so a
corpus-wide run is never a surprise)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout


class SuggestDialog(QDialog):
    def __init__(self, suggesters: list[str], current: int | None, selected: list[int], total: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Suggest")
        self.setObjectName("suggestDialog")
        self.suggester = QComboBox(objectName="suggester")
        self.suggester.addItems(suggesters)
        self.scope = QComboBox(objectName="suggestScope")
        if current is not None:
            self.scope.addItem("This document", [current])
        if selected and selected != [current]:
            self.scope.addItem(f"The {len(selected)} document{'s' if len(selected) != 1 else ''} selected in the list",
                               list(selected))
        self.scope.addItem(f"All {total} document{'s' if total != 1 else ''}", None)
        form = QFormLayout(self)
        form.addRow("Suggester", self.suggester)
        form.addRow("Documents", self.scope)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[str, list[int] | None]:
        """(suggester, document ids or None for all)."""
        return self.suggester.currentText(), self.scope.currentData()
