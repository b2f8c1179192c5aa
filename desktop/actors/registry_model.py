"""Item models of the registry panel: the actors (filtered by a search over
names, aliases, ids and external ids; sortable) and one actor's mentions.
Plain values only (Actor and Mention records), never ORM rows."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from annotations.actors.decisions import Mention
from annotations.actors.normalise import normalise
from annotations.actors.registry import Actor

from ..item_models.columns import ColumnsModel

ID_ROLE = Qt.ItemDataRole.UserRole
DISPLAY = Qt.ItemDataRole.DisplayRole


def actor_matches(actor: Actor, text: str) -> bool:
    """The search: the text (normalised) inside a name or alias, or inside the id or an external id."""
    text = text.strip()
    if not text:
        return True
    key = normalise(text)
    if key and any(key in normalise(name) for name in (actor.name, *actor.aliases)):
        return True
    folded = text.casefold()
    ids = [actor.id, *(f"{k}={v}" for k, v in actor.external_ids.items())]
    return any(folded in i.casefold() for i in ids)


class ActorTableModel(ColumnsModel):
    columns = ("Name", "Kind", "Mentions")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[Actor] = []
        self.rows: list[Actor] = []
        self._filter = ""
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def set_actors(self, actors: list[Actor]) -> None:
        self._all = list(actors)
        self._refill()

    def set_filter(self, text: str) -> None:
        self._filter = text
        self._refill()

    def _refill(self) -> None:
        self.beginResetModel()
        self.rows = [a for a in self._all if actor_matches(a, self._filter)]
        self._order()
        self.endResetModel()

    def _order(self) -> None:
        column, order = self._sort
        keys = (lambda a: (a.name.casefold(), a.id), lambda a: (a.kind, a.name.casefold()),
                lambda a: (a.mentions, a.name.casefold()))
        self.rows.sort(key=keys[column], reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._order()
        self.layoutChanged.emit()

    def row_of(self, actor_id: str) -> int | None:
        return next((i for i, a in enumerate(self.rows) if a.id == actor_id), None)

    def row_total(self) -> int:
        return len(self.rows)

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        actor = self.rows[index.row()]
        if role == ID_ROLE:
            return actor.id
        if role == DISPLAY:
            return (actor.name, actor.kind, actor.mentions)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{actor.id}\n" + ", ".join(actor.aliases)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class MentionModel(ColumnsModel):
    columns = ("Document", "Mention", "Link")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Mention] = []

    def set_mentions(self, mentions: list[Mention]) -> None:
        self.beginResetModel()
        self.rows = list(mentions)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        m = self.rows[index.row()]
        if role == ID_ROLE:
            return m.span_id
        if role == DISPLAY:
            return (m.document or f"#{m.document_id}", m.text, m.status)[index.column()]
        if role == Qt.ItemDataRole.FontRole and m.status == "pending":
            font = QFont()
            font.setItalic(True)
            return font
        return None
