"""The span panel: the selected span's label, text, attributes (editors built
from the schema), relations and delete button. Every edit becomes an undo
command pushed on the workspace; the panel redraws from Change records."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout,
    QWidget,
)

from annotations import editing
from annotations.schema import AttributeDef
from annotations.types import Change

from ..workspace import Workspace
from .elided_label import ElidedLabel

class AttributeEditor:
    """One editor widget for one attribute definition. What the editor offers and how
    text becomes a value come from the attribute's type object (annotations/attributes.py:
    `editor`, `choices`, `parse`, `display`), so a new type needs no change here."""

    def __init__(self, spec: AttributeDef, on_edit):
        self.spec = spec
        if spec.kind.editor == "choices":
            self.widget = QComboBox()
            self.widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.widget.setMinimumContentsLength(8)
            # shown as the type displays values ("yes"/"no" for a boolean whose choices are true/false)
            self.widget.addItems(["", *(spec.display(spec.parse(c)) for c in spec.choices())])
            self.widget.activated.connect(lambda _i: on_edit())
        else:
            self.widget = QLineEdit()
            self.widget.editingFinished.connect(on_edit)
        self.widget.setObjectName(f"attr_{spec.name}")
        self.widget.setToolTip(spec.description)

    def value(self) -> Any:
        """The typed value, or None when empty or not of the attribute's type."""
        text = self.widget.currentText() if isinstance(self.widget, QComboBox) else self.widget.text().strip()
        if not text:
            return None
        try:
            return self.spec.parse(text)
        except ValueError:
            return None

    def set_value(self, value: Any) -> None:
        self.widget.blockSignals(True)
        text = "" if value is None else self.spec.display(value)
        if isinstance(self.widget, QComboBox):
            self.widget.setCurrentText(text)
        else:
            self.widget.setText(text)
        self.widget.blockSignals(False)


class SpanPanel(QWidget):
    relation_requested = Signal(str)  # relation name: the window starts "pick the other span"

    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("spanPanel")
        self.editors: dict[str, AttributeEditor] = {}
        self._shown: str | None = None  # the label whose editors are built (reused for its other spans)
        outer = QVBoxLayout(self)
        self.box = QGroupBox("Selected span")
        outer.addWidget(self.box)
        form = QFormLayout(self.box)
        self.label_combo = QComboBox(objectName="spanLabel")
        self.label_combo.activated.connect(self._relabel)
        self.text_label = QLabel(wordWrap=True, objectName="spanText")
        # Content never widens the panel (the splitter would squeeze the article and list):
        # long texts wrap or elide with a tooltip.
        self.text_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.label_combo.setMinimumContentsLength(8)
        self.setMinimumWidth(220)
        # F2 lands here from the article: the focused editor must be obvious.
        self.setStyleSheet("QLineEdit:focus, QComboBox:focus { border: 2px solid palette(highlight);"
                           " border-radius: 3px; padding: 1px 4px; }")
        self.attr_form = QFormLayout()
        self.relations_box = QVBoxLayout()
        self.relation_buttons = QHBoxLayout()
        self.delete_button = QPushButton("Delete span", objectName="deleteSpan")
        self.delete_button.clicked.connect(self.delete_selected)
        form.addRow("Label", self.label_combo)
        form.addRow("Text", self.text_label)
        form.addRow(self.attr_form)
        form.addRow("Relations", self.relations_box)
        form.addRow(self.relation_buttons)
        self.extensions = QVBoxLayout()  # sections other features add (the actor link)
        form.addRow(self.extensions)
        form.addRow(self.delete_button)
        self.empty = QLabel("Select text and press a label hotkey, or click a span.", wordWrap=True)
        outer.addWidget(self.empty)
        outer.addStretch(1)
        ws.selection_changed.connect(lambda _id: self.refresh())
        ws.changed.connect(self._on_change)
        ws.schema_changed.connect(self._rebuild)
        ws.store_opened.connect(lambda _path: self._rebuild())  # another store: its own schema
        self.refresh()

    def _rebuild(self) -> None:
        """The schema changed: labels and attribute editors are built again."""
        self._shown = None
        self.label_combo.clear()
        self.refresh()

    def _on_change(self, change: Change) -> None:
        touched = {*change.added_spans, *change.changed_spans, *(s.id for s in change.removed_spans)}
        if self.ws.selected in touched or change.added_relations or change.removed_relations:
            self.refresh()

    def refresh(self) -> None:
        span = self.ws.selected_span
        self.box.setVisible(span is not None)
        self.empty.setVisible(span is None)
        if span is None:
            self._shown = None
            return
        schema = self.ws.store.schema
        self.label_combo.blockSignals(True)
        names = list(schema.label_names)
        if [self.label_combo.itemText(i) for i in range(self.label_combo.count())] != names:
            self.label_combo.clear()
            self.label_combo.addItems(names)
        self.label_combo.setCurrentText(span.label)
        self.label_combo.blockSignals(False)
        self.text_label.setText(self.ws.span_text(span)[:400])
        if self._shown == span.label:
            # Same editors (one set per label): update values only; rebuilding costs a relayout
            # per review step and would delete the widget whose signal runs this.
            for name, editor in self.editors.items():
                editor.set_value(span.attributes.get(name))
        else:
            self._build_editors(span)
            self._shown = span.label
        self._build_relations(span)

    def _clear(self, layout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
            elif item.layout():
                self._clear(item.layout())

    def _build_editors(self, span) -> None:
        while self.attr_form.rowCount():
            self.attr_form.removeRow(0)
        self.editors = {}
        for spec in self.ws.store.schema.label(span.label).attributes:
            editor = AttributeEditor(spec, self._attributes_edited)
            editor.set_value(span.attributes.get(spec.name))
            self.attr_form.addRow(spec.name, editor.widget)
            editor.widget.show()  # a layout shows new children only later (queued); focus needs it now
            self.editors[spec.name] = editor

    def _build_relations(self, span) -> None:
        self._clear(self.relations_box)
        self._clear(self.relation_buttons)
        for rel in self.ws.relations_of(span.id):
            other_id = rel.child_id if rel.head_id == span.id else rel.head_id
            other = self.ws.spans.get(other_id)
            arrow = "→" if rel.head_id == span.id else "←"
            other_text = " ".join(self.ws.span_text(other).split()) if other else f"span {other_id}"
            row = QHBoxLayout()
            row.addWidget(ElidedLabel(f"{rel.label} {arrow} {other_text}", objectName="relationText"), 1)
            remove = QPushButton("Remove", objectName="removeRelation")
            remove.clicked.connect(lambda _c=False, r=rel: self.ws.push(editing.RemoveRelation(r)))
            row.addWidget(remove)
            self.relations_box.addLayout(row)
        for rel_def in self.ws.store.schema.relations:
            if span.label in rel_def.head:
                button = QPushButton(f"Set {rel_def.name.lower()}…", objectName=f"set_{rel_def.name}")
                button.clicked.connect(lambda _c=False, name=rel_def.name: self.relation_requested.emit(name))
                self.relation_buttons.addWidget(button)

    # ---- edits -----------------------------------------------------------

    def _relabel(self, _index: int) -> None:
        span = self.ws.selected_span
        label = self.label_combo.currentText()
        if span is not None and label and label != span.label:
            self.ws.push(editing.RelabelSpan(span, label))

    def _attributes_edited(self) -> None:
        span = self.ws.selected_span
        if span is None:
            return
        values = {name: editor.value() for name, editor in self.editors.items()}
        attributes = {k: v for k, v in values.items() if v is not None}
        if attributes != dict(span.attributes):
            self.ws.push(editing.SetAttributes(span, attributes))

    def focus_attributes(self) -> None:
        if self.editors:
            next(iter(self.editors.values())).widget.setFocus()
        else:
            self.label_combo.setFocus()

    def delete_selected(self) -> None:
        span = self.ws.selected_span
        if span is not None:
            self.ws.push(editing.DeleteSpan(span))
