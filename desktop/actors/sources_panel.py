"""The who-said-what panel (a dock): for each actor, the accepted ASSERTIONs whose
SOURCE is one of its mentions, with stance and document
(`annotations.actors.sources`), in a sortable table filtered by actor, stance
and text; ASSERTIONs with no source are their own group ("— no source —" in the
actor filter). Double click (or Enter) opens the assertion in its article;
"Export CSV…" writes what the store holds (atomic, owner-only).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from annotations.actors.sources import Said, WhoSaidWhat, who_said_what, write_csv
from annotations.errors import GlossatorError

from ..item_models.columns import ColumnsModel
from ..widgets.record_table import record_table
from .controller import ActorsController

DISPLAY = Qt.ItemDataRole.DisplayRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ALL, NO_SOURCE = "", "\x00none"  # actor filter values: everyone attributed; the unsourced group
NO_STANCE = "(none)"


class SaidModel(ColumnsModel):
    columns = ("Actor", "Source text", "Stance", "Document", "Assertion")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Said] = []
        self.unsourced: set[int] = set()  # row numbers of the unsourced group

    def set_result(self, result: WhoSaidWhat) -> None:
        self.beginResetModel()
        self.rows = [*result.attributed, *result.unsourced]
        self.unsourced = set(range(len(result.attributed), len(self.rows)))
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.rows)

    def data(self, index, role=DISPLAY):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role in (DISPLAY, SORT_ROLE, Qt.ItemDataRole.ToolTipRole):
            if index.row() in self.unsourced and index.column() == 0:
                return "— no source —"
            values = (r.actor, r.source_text, r.stance or "", r.document or f"#{r.document_id}", r.assertion)
            value = values[index.column()]
            if role == SORT_ROLE:
                return (value.casefold(), r.document_id, r.start)
            return value
        return None


class SaidFilter(QSortFilterProxyModel):
    """Rows of one actor (or the unsourced group), one stance, containing a text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.actor, self.stance, self.text = ALL, "", ""
        self.setSortRole(SORT_ROLE)

    def set_filters(self, actor: str, stance: str, text: str) -> None:
        self.beginFilterChange()
        self.actor, self.stance, self.text = actor, stance, text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def lessThan(self, left, right) -> bool:
        return left.data(SORT_ROLE) < right.data(SORT_ROLE)

    def filterAcceptsRow(self, row: int, _parent) -> bool:
        model: SaidModel = self.sourceModel()
        said = model.rows[row]
        unsourced = row in model.unsourced
        if self.actor == NO_SOURCE:
            if not unsourced:
                return False
        elif unsourced or (self.actor != ALL and (said.actor_id or said.actor) != self.actor):
            return False
        if self.stance and (said.stance or NO_STANCE) != self.stance:
            return False
        if self.text:
            hay = " ".join((said.actor, said.source_text, said.document, said.assertion)).casefold()
            if self.text not in hay:
                return False
        return True


class SourcesPanel(QWidget):
    exported = Signal(int)  # rows written

    def __init__(self, actors: ActorsController, parent=None):
        super().__init__(parent)
        self.setObjectName("sourcesPanel")
        self.actors = actors
        self.result = WhoSaidWhat([], [])
        self.dialog = None
        self.model = SaidModel(self)
        self.proxy = SaidFilter(self)
        self.proxy.setSourceModel(self.model)
        self.actor_filter = QComboBox(objectName="saidActor")
        self.actor_filter.setMinimumContentsLength(16)
        self.stance_filter = QComboBox(objectName="saidStance")
        self.text_filter = QLineEdit(objectName="saidText", placeholderText="Filter text…")
        self.text_filter.setClearButtonEnabled(True)
        for combo in (self.actor_filter, self.stance_filter):
            combo.activated.connect(lambda _i: self._apply())
        self.text_filter.textChanged.connect(lambda _t: self._apply())
        self.table = record_table(self.proxy, "saidTable", {0: 150, 1: 110, 2: 80, 3: 170}, stretch=4)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self.open_row)
        self.table.activated.connect(self.open_row)
        self.count = QLabel(objectName="saidCount")
        refresh = QPushButton("Refresh", objectName="saidRefresh")
        refresh.clicked.connect(self.refresh)
        export = QPushButton("Export CSV…", objectName="saidExport")
        export.clicked.connect(self.ask_export)
        top = QHBoxLayout()
        top.addWidget(QLabel("Actor"))
        top.addWidget(self.actor_filter)
        top.addWidget(QLabel("Stance"))
        top.addWidget(self.stance_filter)
        top.addWidget(self.text_filter, 1)
        top.addWidget(refresh)
        top.addWidget(export)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        actors.registry_changed.connect(self.refresh)

    def refresh(self) -> None:
        store = self.actors.ws.store
        self.result = who_said_what(store) if store is not None else WhoSaidWhat([], [])
        self.model.set_result(self.result)
        actor, stance = self.actor_filter.currentData(), self.stance_filter.currentData()
        self.actor_filter.clear()
        self.actor_filter.addItem(f"All attributed ({len(self.result.attributed)})", ALL)
        seen: dict[str, tuple[str, int]] = {}
        for said in self.result.attributed:
            key = said.actor_id or said.actor
            seen[key] = (said.actor, seen.get(key, (said.actor, 0))[1] + 1)
        for key, (name, n) in seen.items():
            self.actor_filter.addItem(f"{name} ({n})", key)
        self.actor_filter.addItem(f"— no source — ({len(self.result.unsourced)})", NO_SOURCE)
        stances = sorted({s.stance or NO_STANCE for s in (*self.result.attributed, *self.result.unsourced)})
        self.stance_filter.clear()
        self.stance_filter.addItem("Any", "")
        for s in stances:
            self.stance_filter.addItem(s, s)
        self._restore(self.actor_filter, actor)
        self._restore(self.stance_filter, stance)
        self._apply()

    @staticmethod
    def _restore(combo: QComboBox, value) -> None:
        i = combo.findData(value) if value is not None else -1
        combo.setCurrentIndex(max(i, 0))

    def set_filters(self, actor: str = ALL, stance: str = "", text: str = "") -> None:
        self._restore(self.actor_filter, actor)
        self._restore(self.stance_filter, stance)
        self.text_filter.setText(text)
        self._apply()

    def _apply(self) -> None:
        self.proxy.set_filters(self.actor_filter.currentData() or ALL, self.stance_filter.currentData() or "",
                               self.text_filter.text())
        self.count.setText(f"{self.proxy.rowCount()} shown · {len(self.result.attributed)} attributed, "
                           f"{len(self.result.unsourced)} without a source")

    def shown(self) -> list[Said]:
        return [self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
                for r in range(self.proxy.rowCount())]

    def open_row(self, index) -> None:
        said = self.model.rows[self.proxy.mapToSource(index).row()]
        self.actors.go_to_span(said.document_id, said.assertion_id)

    def ask_export(self) -> QFileDialog:
        dialog = self.dialog = QFileDialog(self, "Export who said what", "who-said-what.csv", "CSV (*.csv)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.fileSelected.connect(lambda path: self.export_csv(Path(path)))
        dialog.open()
        return dialog

    def export_csv(self, path: Path) -> int | None:
        """The whole result (every actor, then the unsourced) as CSV; the filters do not apply."""
        try:
            rows = write_csv(self.result, path)
        except (OSError, GlossatorError) as exc:
            self.actors.ctx.say(f"{path}: cannot write it ({getattr(exc, 'strerror', None) or exc})")
            return None
        self.actors.ctx.say(f"Wrote {rows} rows to {path}.")
        self.exported.emit(rows)
        return rows
