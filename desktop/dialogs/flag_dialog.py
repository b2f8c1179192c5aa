"""The flag dialog: what kind of flag ("unsure", "guideline question", "note")
and a free-text note, for a span or the whole document. Opened non-modally
(`open()`); the caller reads `choice()` on `accepted`."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from annotations.services.flags import KINDS, MAX_NOTE


class FlagDialog(QDialog):
    def __init__(self, what: str, kind: str = KINDS[0], note: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Flag")
        self.setObjectName("flagDialog")
        self.kind = QComboBox(objectName="flagKind")
        self.kind.addItems(KINDS)
        self.kind.setCurrentText(kind)
        self.kind.setAccessibleName("Flag kind")
        self.note = QLineEdit(note, objectName="flagNote", placeholderText="What should someone look at? (optional)")
        self.note.setMaxLength(MAX_NOTE)
        self.note.setAccessibleName("Flag note")
        form = QFormLayout(self)
        form.addRow(QLabel(what, objectName="flagTarget"))
        kind_label, note_label = QLabel("&Kind"), QLabel("&Note")
        kind_label.setBuddy(self.kind)
        note_label.setBuddy(self.note)
        form.addRow(kind_label, self.kind)
        form.addRow(note_label, self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.note.setFocus()
        self.setMinimumWidth(420)

    def choice(self) -> tuple[str, str]:
        return self.kind.currentText(), self.note.text()
