"""Edit ▸ Label schema: the labels with colour, hotkey, description and
attributes, the relation types and the guidelines text; colours and hotkeys
can be changed (validated by `update_label`: no duplicate hotkeys)."""
from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit, QPushButton,
    QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from annotations.errors import GlossatorError
from annotations.services.labels import update_labels
from annotations.store import Store


class SchemaDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(f"Label schema — {store.schema.name}")
        self.resize(720, 520)
        self.colors: dict[str, str] = {}
        self.hotkeys: dict[str, QLineEdit] = {}
        self.color_buttons: dict[str, QPushButton] = {}
        tabs = QTabWidget(self)
        tabs.addTab(self._labels_page(), "Labels")
        self.guidelines = guidelines = QTextBrowser(objectName="guidelines")
        guidelines.setMarkdown(store.schema.guidelines or "No guidelines in this store.")
        tabs.addTab(guidelines, "Guidelines")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.error = QLabel(objectName="schemaError")
        self.error.setStyleSheet("color: #B00020;")
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _labels_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        for c, title in enumerate(("Label", "Colour", "Hotkey", "Description and attributes")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, c)
        schema = self.store.schema
        for r, lab in enumerate(schema.labels, start=1):
            grid.addWidget(QLabel(lab.name), r, 0)
            button = QPushButton(lab.color)
            button.clicked.connect(lambda _c=False, name=lab.name: self._pick_color(name))
            self.color_buttons[lab.name] = button
            self._set_color(lab.name, lab.color)
            grid.addWidget(button, r, 1)
            key = QLineEdit(lab.hotkey, maxLength=1)
            key.setFixedWidth(40)
            self.hotkeys[lab.name] = key
            grid.addWidget(key, r, 2)
            attrs = ", ".join(
                a.name + (f" ({'/'.join(a.values)})" if a.values else f" ({a.type})") for a in lab.attributes)
            text = QLabel(f"{lab.description}<br><i>{attrs}</i>" if attrs else lab.description, wordWrap=True)
            grid.addWidget(text, r, 3)
        relations = "<br>".join(
            f"<b>{rel.name}</b>: {'/'.join(rel.head)} → {'/'.join(rel.child)}. {rel.description}"
            for rel in schema.relations)
        grid.addWidget(QLabel(f"<b>Relations</b><br>{relations or 'none'}", wordWrap=True),
                       len(schema.labels) + 1, 0, 1, 4)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(schema.labels) + 2, 1)
        return page

    def _set_color(self, name: str, color: str) -> None:
        self.colors[name] = color
        button = self.color_buttons[name]
        button.setText(color)
        text = "#000000" if QColor(color).lightnessF() > 0.6 else "#ffffff"
        button.setStyleSheet(f"background: {color}; color: {text};")

    def _pick_color(self, name: str) -> None:
        color = QColorDialog.getColor(QColor(self.colors[name]), self, f"Colour of {name}")
        if color.isValid():
            self._set_color(name, color.name().upper())

    def changes(self) -> list[tuple[str, str, str]]:
        return [
            (lab.name, self.colors[lab.name], self.hotkeys[lab.name].text())
            for lab in self.store.schema.labels
            if (self.colors[lab.name], self.hotkeys[lab.name].text()) != (lab.color, lab.hotkey)
        ]

    def save(self) -> None:
        """Apply every change or none (update_labels validates the final state first)."""
        try:
            update_labels(self.store, {name: (color, hotkey) for name, color, hotkey in self.changes()})
        except GlossatorError as exc:
            self.error.setText(str(exc))  # shown in the dialog, which stays open for a fix
            return
        self.accept()
