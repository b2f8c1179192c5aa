"""The adjudication window: the workspace's open document with every voter's
layer at once (lanes under the text, `lane_view.py`), the current unit's
lanes side by side (`compare_panel.py`) and the list of disagreements.

Gestures become rulings (`annotations.agreement.adjudication.rule`) pushed as
one `Adjudicate` edit each on the document's undo stack through the
workspace, so each step is one transaction and one undo step, shared with the
main window's Undo and History. After a step the view moves on to the next
undecided disagreement. The window follows the workspace: another document
opened in the main window is loaded here while it is shown, and any change
to the document (an undo in the main window too) refreshes gold and the
decisions; a change to a voter's layer reloads the units. No domain rules here.
"""
from __future__ import annotations


from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QToolBar

from annotations.agreement.adjudication import (
    AGREED, EDIT, Adjudicate, AdjudicationDocument, Unit, describe, read_adjudication, refresh_gold, rule,
    take_layer,
)
from annotations.agreement.layers import GOLD
from annotations.errors import GlossatorError

from .. import actions as registry
from ..widgets.record_table import record_table
from .actions import ACTIONS, layer_specs
from .compare_panel import ComparePanel
from .lane_view import LaneView
from .unit_model import UnitModel


class AdjudicationWindow(QMainWindow):
    def __init__(self, ws, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.ws = ws
        self.setObjectName("adjudicationWindow")
        self.setWindowTitle("Adjudication")
        self.resize(1400, 860)
        self.adj: AdjudicationDocument | None = None
        self.editing: Unit | None = None
        self.last_message = ""
        self.view = LaneView(ws)
        self.view.is_decided = lambda unit: self.adj is not None and self.adj.decision(unit) is not None
        self.panel = ComparePanel()
        self.model = UnitModel(self)
        self.table = record_table(self.model, "adjudicationUnits", {0: 40, 1: 86, 2: 110, 4: 110}, stretch=3)
        side = QSplitter(Qt.Orientation.Vertical, objectName="adjudicationSide")
        side.addWidget(self.panel)
        side.addWidget(self.table)
        side.setSizes([330, 470])
        split = QSplitter(Qt.Orientation.Horizontal, objectName="adjudicationSplitter")
        split.addWidget(self.view)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([760, 640])
        self.setCentralWidget(split)
        self.counts = QLabel(objectName="adjudicationCounts")
        self.statusBar().addPermanentWidget(self.counts)
        self.actions_by_id: dict = {}
        self.menus: dict = {}
        self.toolbar = QToolBar("Adjudication", objectName="adjudicationToolbar")
        self.addToolBar(self.toolbar)
        self.layer_actions: list = []
        self._build_actions(ACTIONS)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._on_row(current.row()))
        self.view.unit_clicked.connect(self.go)
        ws.document_opened.connect(self._on_document_opened)
        ws.changed.connect(self._on_change)
        for signal in (ws.undo_group.canUndoChanged, ws.undo_group.canRedoChanged):
            signal.connect(lambda *_: self.update_actions())

    # ---- actions ----------------------------------------------------------------

    def _build_actions(self, specs) -> list:
        made = []
        for spec in specs:
            action = registry.make_action(spec, self)
            self.actions_by_id[spec.id] = action
            menu = self.menus.get(spec.menu) or self.menus.setdefault(spec.menu, self.menuBar().addMenu(f"&{spec.menu}"))
            if spec.separator_before:
                menu.addSeparator()
            menu.addAction(action)
            if spec.toolbar:
                self.toolbar.addAction(action)
            made.append(action)
        return made

    def all_specs(self) -> list:
        return ACTIONS + (layer_specs(self.adj.voters) if self.adj else [])

    def _build_layer_actions(self) -> None:
        for action in self.layer_actions:
            self.removeAction(action)
            self.toolbar.removeAction(action)
            self.menus["Decide"].removeAction(action)
            action.deleteLater()
        self.layer_actions = self._build_actions(layer_specs(self.adj.voters if self.adj else []))
        keys = [f"{k} {t[0].lower()}{t[1:]}" for m, t, k in registry.shortcut_rows(ACTIONS) if m in ("Go", "Decide")]
        takes = registry.shortcut_rows(layer_specs(self.adj.voters if self.adj else []))
        if takes:
            keys.insert(2, f"{takes[0][2]}–{takes[-1][2]} take that layer's spans")
        self.panel.keys = " · ".join(keys)

    def update_actions(self) -> None:
        for spec in self.all_specs():
            action = self.actions_by_id.get(spec.id)
            if action is not None and spec.enabled_when is not None:
                action.setEnabled(bool(spec.enabled_when(self)))

    def say(self, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 10000)

    # ---- loading ------------------------------------------------------------------

    def load(self) -> None:
        """Read the workspace's open document for adjudication and show it."""
        doc = self.ws.document
        self.editing = None
        if doc is None or self.ws.store is None:
            self.adj = None
            self.model.set_document(None, "")
            self.panel.show_unit(None, None, "", {}, "")
            self.say("Open a document first.")
            return
        try:
            self.adj = read_adjudication(self.ws.store, doc.id)
        except GlossatorError as exc:
            self.say(str(exc))
            return
        self.setWindowTitle(f"Adjudication — {doc.title or f'document {doc.id}'}")
        self.view.refresh_colors()
        self.view.set_units(self.adj.disagreements, {name: k for k, name in enumerate(self.adj.voters)})
        self.view.load_text()
        self.model.set_document(self.adj, doc.text)
        self._build_layer_actions()
        if len(self.adj.voters) < 2:
            self.say(f"Only {len(self.adj.voters)} layer covers this document: nothing to compare.")
        undecided = self._next_undecided(-1, +1)
        self.go(undecided if undecided is not None else 0)
        self._refresh_status()

    def _on_document_opened(self, _document_id: int) -> None:
        if self.isVisible():
            self.load()

    def _on_change(self, change) -> None:
        if self.adj is None or change.document_id != self.adj.document_id or not self.isVisible():
            return
        touched = [self.ws.spans.get(i) for i in (*change.added_spans, *change.changed_spans)]
        voters = [sp for sp in (*touched, *change.removed_spans) if sp is not None and sp.annotator != GOLD]
        if voters or any(sp is None for sp in touched):
            row = self.current_row()
            self.load()  # a voter's layer changed: the units themselves may differ
            if row is not None and row < self.model.rowCount():
                self.go(row)
            return
        refresh_gold(self.ws.store, self.adj)
        self.model.decisions_changed()
        self._show_current()
        self._refresh_status()

    # ---- navigation -----------------------------------------------------------------

    def current_row(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return index.row() if index.isValid() else None

    def current_unit(self) -> Unit | None:
        row = self.current_row()
        return self.model.unit(row) if row is not None and row < self.model.rowCount() else None

    def go(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self._show_current()
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _on_row(self, row: int) -> None:
        self.cancel_edit()
        unit = self.model.unit(row) if 0 <= row < self.model.rowCount() else None
        self.view.show_unit(unit)
        self._show_current()

    def _next_undecided(self, row: int, direction: int) -> int | None:
        n = self.model.rowCount()
        for k in range(1, n + 1):
            candidate = (row + direction * k) % n
            if self.adj.decision(self.model.unit(candidate)) is None:
                return candidate
        return None

    def step(self, direction: int) -> None:
        """Next (or previous) undecided disagreement, wrapping around."""
        if self.adj is None or not self.model.rowCount():
            self.say("No disagreements in this document.")
            return
        row = self.current_row()
        found = self._next_undecided(row if row is not None else -1, direction)
        if found is None:
            self.say("Every disagreement in this document is decided.")
            return
        self.go(found)

    def _show_current(self) -> None:
        unit = self.current_unit()
        colors = {name: color.name() for name, color in self.view._colors.items()}
        row = self.current_row()
        total = self.model.rowCount()
        position = f"{row + 1} of {total} disagreements" if unit is not None else f"{total} disagreements"
        self.panel.show_unit(self.adj, unit, self.ws.document.text if self.ws.document else "", colors, position)
        self.view.viewport().update()
        self.update_actions()

    def _refresh_status(self) -> None:
        if self.adj is None:
            self.counts.setText("")
            return
        units = self.model.units()
        decided = sum(1 for u in units if self.adj.decision(u) is not None)
        agreed = [u for u in self.adj.units if u.agreed]
        in_gold = sum(1 for u in agreed if self.adj.gold_in(u))
        self.counts.setText(f"{decided} of {len(units)} disagreements decided · {in_gold} of {len(agreed)} agreed "
                            f"units in gold · layers: {', '.join(self.adj.voters) or 'none'}")

    # ---- decisions ------------------------------------------------------------------

    def _push(self, rulings, text: str) -> bool:
        return self.ws.push(Adjudicate(self.adj.document_id, rulings, text))

    def decide(self, decision: str, extent: tuple[int, int] | None = None) -> bool:
        """Settle the current unit (one undo step), then move to the next undecided one."""
        unit = self.current_unit()
        if unit is None or self.adj is None:
            return False
        try:
            ruling = rule(self.adj, unit, decision, extent)
        except GlossatorError as exc:
            self.say(str(exc))
            return False
        if not self._push([ruling], describe(decision, unit)):
            return False
        self.say(f"{describe(decision, unit)} — done.")
        row = self.current_row()
        following = self._next_undecided(row, +1)
        if following is not None:
            self.go(following)
        return True

    def take(self, layer: str) -> bool:
        return self.decide(take_layer(layer))

    def begin_edit(self) -> None:
        """Select the unit's extent (or gold's) in the text; the adjudicator adjusts it, then Enter."""
        unit = self.current_unit()
        if unit is None:
            return
        gold = self.adj.gold_in(unit)
        start, end = (gold[0].start, gold[0].end) if gold else (unit.start, unit.end)
        self.view.select_chars(start, end)
        self.view.setFocus()
        self.editing = unit
        self.update_actions()
        self.say(f"Adjust the {unit.label} span's edges (Shift+arrows or the mouse), then Enter; Esc cancels.")

    def confirm_edit(self) -> bool:
        unit, selection = self.editing, self.view.selection()
        if unit is None:
            return False
        if selection is None:
            self.say("Select the span's characters first.")
            return False
        self.editing = None
        return self.decide(EDIT, selection)

    def cancel_edit(self) -> None:
        if self.editing is not None:
            self.editing = None
            cursor = self.view.textCursor()
            cursor.clearSelection()
            self.view.setTextCursor(cursor)
            self.update_actions()

    def accept_agreed(self) -> bool:
        """Copy every agreed unit gold does not hold yet into gold: one step."""
        if self.adj is None:
            return False
        units = [u for u in self.adj.units if u.agreed and self.adj.decision(u) is None]
        if not units:
            self.say("Gold already holds every agreed span of this document.")
            return False
        rulings = [rule(self.adj, u, AGREED) for u in units]
        done = self._push(rulings, f"Gold: {len(units)} agreed span(s)")
        if done:
            self.say(f"Copied {len(units)} agreed unit(s) to gold.")
        return done
