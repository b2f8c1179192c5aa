"""The label bar: one button per label of the schema, in its colour, with its
hotkey; clicking one labels the selection (or relabels the selected span).
The button text contrasts with its colour (see `colors`), so it never disappears."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from annotations.schema import LabelSchema

from .colors import label_color, text_color_on


class LabelBar(QWidget):
    label_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("labelBar")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self.buttons: dict[str, QPushButton] = {}

    def set_schema(self, schema: LabelSchema) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = {}
        self._layout.addWidget(QLabel("Labels:"))
        for lab in schema.labels:
            button = QPushButton(f"{lab.name}  [{lab.hotkey}]")
            color = label_color(lab.color)
            button.setStyleSheet(
                f"QPushButton {{ background: {color.name()}; color: {text_color_on(color)}; border-radius: 4px;"
                f" padding: 4px 10px; font-weight: bold; }}"
                f" QPushButton:hover {{ background: {color.lighter(120).name()}; }}"
            )
            button.setToolTip(lab.description)
            button.clicked.connect(lambda _checked=False, name=lab.name: self.label_chosen.emit(name))
            self._layout.addWidget(button)
            self.buttons[lab.name] = button
        self._layout.addStretch(1)
        hint = QLabel("Select text, press a hotkey (Alt+key: exact characters)")
        hint.setStyleSheet("color: palette(placeholder-text);")  # readable in light and dark palettes
        self._layout.addWidget(hint)
