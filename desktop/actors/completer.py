"""The Ctrl+K link popup: a line edit completing on actors' canonical names and
aliases, matched in their normalised form (case, dots, possessives, diacritics,
as `annotations.actors.normalise` does), best match first.

Keyboard only: type to narrow, Up/Down to move, Enter links the current actor
(`chosen(actor_id)`), Esc cancels. One row per actor, showing the alias that
matched and the canonical name with the kind.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from annotations.actors.normalise import normalise
from annotations.actors.registry import Actor

ID_ROLE = Qt.ItemDataRole.UserRole
LIMIT = 60
OWN_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Up, Qt.Key.Key_Down)


@dataclass(frozen=True)
class Entry:
    actor_id: str
    name: str
    kind: str
    alias: str
    key: str  # the alias normalised


def entries(actors: list[Actor]) -> list[Entry]:
    """One entry per (actor, name or alias), de-duplicated on the normalised form."""
    found: list[Entry] = []
    for actor in actors:
        seen: set[str] = set()
        for alias in (actor.name, *actor.aliases):
            key = normalise(alias)
            if key and key not in seen:
                seen.add(key)
                found.append(Entry(actor.id, actor.name, actor.kind, alias, key))
    return found


def rank(entry: Entry, key: str) -> int | None:
    """0 exact, 1 prefix, 2 a word's prefix, 3 inside; None when it does not match."""
    if not key:
        return 3
    if entry.key == key:
        return 0
    if entry.key.startswith(key):
        return 1
    if any(word.startswith(key) for word in entry.key.split()):
        return 2
    return 3 if key in entry.key else None


def matches(all_entries: list[Entry], text: str, limit: int = LIMIT) -> list[Entry]:
    """The best entry of each matching actor, best first (then by name)."""
    key = normalise(text)
    best: dict[str, tuple[int, Entry]] = {}
    for entry in all_entries:
        r = rank(entry, key)
        if r is not None and (entry.actor_id not in best or r < best[entry.actor_id][0]):
            best[entry.actor_id] = (r, entry)
    ordered = sorted(best.values(), key=lambda pair: (pair[0], pair[1].name.casefold(), pair[1].actor_id))
    return [entry for _r, entry in ordered[:limit]]


class LinkPopup(QFrame):
    chosen = Signal(str)  # actor id
    cancelled = Signal()

    def __init__(self, actors: list[Actor], text: str = "", parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("linkPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._entries = entries(actors)
        self._done = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(QLabel("Link to actor (Enter links, Esc cancels)"))
        self.edit = QLineEdit(text, objectName="linkQuery")
        self.edit.setPlaceholderText("name or alias…")
        self.list = QListWidget(objectName="linkChoices")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemActivated.connect(lambda _item: self.accept_current())
        self.list.itemClicked.connect(lambda _item: self.accept_current())
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.resize(380, 300)
        self.edit.textChanged.connect(self.refill)
        self.edit.installEventFilter(self)
        self.refill(text)
        self.edit.selectAll()

    def refill(self, text: str) -> None:
        self.list.clear()
        for entry in matches(self._entries, text):
            shown = entry.name if entry.alias == entry.name else f"{entry.alias} → {entry.name}"
            item = QListWidgetItem(f"{shown}  ({entry.kind})")
            item.setData(ID_ROLE, entry.actor_id)
            item.setToolTip(entry.actor_id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def current_actor(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def accept_current(self) -> None:
        actor_id = self.current_actor()
        if actor_id is None:
            return
        self._done = True
        self.close()
        self.chosen.emit(actor_id)

    def eventFilter(self, watched, event) -> bool:
        if (watched is self.edit and event.type() == QEvent.Type.ShortcutOverride
                and event.key() in OWN_KEYS):
            event.accept()  # the popup lives in the article: its Esc/Return shortcuts must not fire
            return True
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                self.list.setCurrentRow(max(0, min(self.list.count() - 1, self.list.currentRow() + step)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(watched, event)

    def popup(self, at) -> None:
        self.move(at)
        self.show()
        self.edit.setFocus()

    def closeEvent(self, event) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()
        super().closeEvent(event)
