"""Small dialogs of the registry panel: a new actor (name, kind, aliases,
external ids, notes), checked before it closes; an alias. Both open
window-modal with `open()` and report through `accepted`."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from annotations.actors.registry import KINDS
from annotations.errors import ValidationError

ALIAS_SEP = "|"


def parse_external(text: str) -> dict[str, str]:
    """'wikidata=Q42, iso3166=RU' as a dict; raises ValidationError naming the bad part."""
    found: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValidationError(f"external id {part!r}: write it as source=identifier (wikidata=Q42)")
        found[key.strip()] = value.strip()
    return found


class ActorDialog(QDialog):
    """A new actor; `values()` once accepted."""

    def __init__(self, parent: QWidget | None = None, name: str = "", kind: str = "person"):
        super().__init__(parent)
        self.setWindowTitle("New actor")
        self.setObjectName("actorDialog")
        self.name = QLineEdit(name, objectName="actorName")
        self.kind = QComboBox(objectName="actorKind")
        self.kind.addItems(list(KINDS))
        self.kind.setCurrentText(kind if kind in KINDS else "person")
        self.aliases = QLineEdit(objectName="actorAliases", placeholderText="Hartmann | L. Hartmann")
        self.external = QLineEdit(objectName="actorExternal", placeholderText="wikidata=Q42")
        self.notes = QLineEdit(objectName="actorNotes")
        self.error = QLabel(objectName="actorError", wordWrap=True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        for label, widget in (("Name", self.name), ("Kind", self.kind), ("Aliases", self.aliases),
                              ("External ids", self.external), ("Notes", self.notes)):
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._values: dict[str, Any] | None = None

    def accept(self) -> None:
        """Close only when the fields make an actor; else say what is wrong, in the dialog."""
        try:
            name = self.name.text().strip()
            if not name:
                raise ValidationError("an actor needs a name")
            self._values = {"name": name, "kind": self.kind.currentText(),
                            "aliases": [a.strip() for a in self.aliases.text().split(ALIAS_SEP) if a.strip()],
                            "external_ids": parse_external(self.external.text()),
                            "notes": self.notes.text().strip()}
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        return dict(self._values or {})


def alias_dialog(parent: QWidget, actor_name: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setObjectName("aliasDialog")
    dialog.setWindowTitle("Add alias")
    dialog.setLabelText(f"Another name of {actor_name}:")
    return dialog
