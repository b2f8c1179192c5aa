"""The registry panel (a dock): tab "Actors" searches the registry (names,
aliases, ids, external ids), lists actors with kind and mention counts, shows
the selected actor's aliases, external ids, notes and mentions (double click
jumps to one; pending links can be accepted or rejected), and offers add actor,
add alias, actor from the selected span, merge, label every occurrence and
suggest links. Tab "Checks" is the consistency review list; double click jumps.

Every edit goes through the ActorsController (one undo step each); the panel
redraws on `registry_changed` and marks the selected actor's mentions.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QSplitter, QTabWidget,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from annotations.actors import checks
from annotations.actors.linking import ACTOR
from annotations.actors.decisions import actor_mentions, documents_of
from annotations.actors.registry import Actor, get_actor
from annotations.errors import GlossatorError

from ..widgets.record_table import record_table
from .controller import ActorsController
from .dialogs import ActorDialog, alias_dialog
from .registry_model import ActorTableModel, MentionModel

JUMP_ROLE = Qt.ItemDataRole.UserRole  # ("span", doc, span id) | ("chars", doc, start, end) | ("actor", id)
CHECK_GROUPS = (("unlabelled", "ACTOR here, unlabelled elsewhere"), ("conflicting_links", "Same text, different actors"),
                ("mixed_kinds", "One actor, different kinds"), ("same_name", "Same name, different actors"))


def _button(text: str, name: str, slot, tip: str = "") -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.clicked.connect(lambda _c=False: slot())
    button.setToolTip(tip)
    return button


class RegistryPanel(QWidget):
    def __init__(self, actors: ActorsController, parent=None):
        super().__init__(parent)
        self.setObjectName("registryPanel")
        self.actors = actors
        self.current: Actor | None = None
        self.dialog = None  # the open dialog, if any (tests drive it)
        self.tabs = QTabWidget(objectName="registryTabs")
        self.tabs.addTab(self._actors_tab(), "Actors")
        self.tabs.addTab(self._checks_tab(), "Checks")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        actors.registry_changed.connect(self.reload)
        actors.ws.selection_changed.connect(lambda _s: self._update_buttons())
        self.reload()

    # ---- construction ---------------------------------------------------------

    def _actors_tab(self) -> QWidget:
        tab = QWidget()
        self.search = QLineEdit(objectName="registrySearch", placeholderText="Search names, aliases, ids…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.model = ActorTableModel(self)
        self.table = record_table(self.model, "actorTable", {1: 90, 2: 70}, stretch=0)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_actor_selected())
        self.search.returnPressed.connect(self.table.setFocus)  # Enter: from the search to the list
        self.count = QLabel(objectName="registryCount")
        self.header = QLabel(objectName="actorHeader", wordWrap=True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.details = QLabel(objectName="actorDetails", wordWrap=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mentions = MentionModel(self)
        self.mention_table = record_table(self.mentions, "mentionTable", {0: 150, 2: 70}, stretch=1)
        self.mention_table.doubleClicked.connect(self._jump_to_mention)
        self.mention_table.activated.connect(self._jump_to_mention)
        self.mention_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.accept_button = _button("Accept link", "acceptLink", self.accept_mention)
        self.reject_button = _button("Reject link", "rejectLink", self.reject_mention)
        self.add_button = _button("Add actor…", "addActor", self.ask_add_actor)
        self.alias_button = _button("Add alias…", "addAlias", self.ask_alias)
        self.span_button = _button("From span…", "actorFromSpan", self.ask_from_span,
                                   "A new actor named after the selected ACTOR span, linked to it")
        self.merge_button = _button("Merge…", "mergeActors", self.ask_merge, "Select two actors to merge")
        self.label_all_button = _button("Label all…", "labelAllActor",
                                        lambda: self.current and self.actors.ask_label_all(self.current.id),
                                        "Propose ACTOR and this link for every occurrence of its names")
        self.suggest_button = _button("Suggest links", "suggestLinks", self.actors.suggest_links,
                                      "Pending links from aliases for unlinked ACTOR spans")
        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.details)
        column.addWidget(self.mention_table, 1)
        row = QHBoxLayout()
        for b in (self.accept_button, self.reject_button, self.alias_button, self.label_all_button):
            row.addWidget(b)
        row.addStretch(1)
        column.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical, objectName="registrySplitter")
        split.addWidget(self.table)
        split.addWidget(details)
        split.setSizes([300, 300])
        buttons = QHBoxLayout()
        for b in (self.add_button, self.span_button, self.merge_button, self.suggest_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        return tab

    def _checks_tab(self) -> QWidget:
        tab = QWidget()
        self.check_button = _button("Run checks", "runChecks", self.run_checks)
        self.check_summary = QLabel(objectName="checkSummary")
        self.check_tree = QTreeWidget(objectName="checkTree")
        self.check_tree.setHeaderLabels(["Finding", "Where"])
        self.check_tree.setColumnWidth(0, 260)
        self.check_tree.itemActivated.connect(self._jump_to_finding)
        self.check_tree.itemDoubleClicked.connect(self._jump_to_finding)
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.check_summary, 1)
        layout.addLayout(row)
        layout.addWidget(self.check_tree, 1)
        return tab

    # ---- the actors tab ---------------------------------------------------------

    def reload(self) -> None:
        keep = self.current.id if self.current else None
        self.model.set_actors(self.actors.actors())
        self._filter(self.search.text(), keep)

    def _filter(self, text: str, keep: str | None = None) -> None:
        keep = keep or (self.current.id if self.current else None)
        self.model.set_filter(text)
        self.count.setText(f"{self.model.rowCount()} of {len(self.model._all)}")
        row = self.model.row_of(keep) if keep else None
        if row is None and self.model.rowCount() and text.strip():
            row = 0  # searching: the best hit is the current actor, so Enter/jump work at once
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._on_actor_selected()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].id for r in rows]

    def select_actor(self, actor_id: str) -> bool:
        row = self.model.row_of(actor_id)
        if row is None:
            self.search.clear()
            row = self.model.row_of(actor_id)
        if row is None:
            return False
        self.tabs.setCurrentIndex(0)
        self.table.selectionModel().select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _on_actor_selected(self) -> None:
        ids = self.selected_ids()
        try:
            self.current = get_actor(self.actors.ws.store, ids[0]) if ids and self.actors.ws.store else None
        except GlossatorError:
            self.current = None
        actor = self.current
        if actor is None:
            self.header.setText("<i>Select an actor.</i>")
            self.details.setText("")
            self.mentions.set_mentions([])
        else:
            self.header.setText(f"<b>{_esc(actor.name)}</b> · {actor.kind} · <code>{_esc(actor.id)}</code>")
            aliases = ", ".join(_esc(a) for a in actor.aliases if a != actor.name) or "—"
            external = ", ".join(f"{_esc(k)}={_esc(str(v))}" for k, v in actor.external_ids.items()) or "—"
            notes = _esc(actor.notes) or "—"
            self.details.setText(f"<b>Aliases:</b> {aliases}<br><b>External ids:</b> {external}"
                                 f"<br><b>Notes:</b> {notes}<br><b>Mentions:</b> {actor.mentions}")
            self.mentions.set_mentions(actor_mentions(self.actors.ws.store, actor.id))
        self.actors.mark_actor(actor.id if actor else None)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_store = self.actors.ws.store is not None
        mention = self.selected_mention()
        self.add_button.setEnabled(has_store)
        self.suggest_button.setEnabled(has_store)
        self.alias_button.setEnabled(self.current is not None)
        self.label_all_button.setEnabled(self.current is not None)
        self.merge_button.setEnabled(len(self.selected_ids()) == 2)
        span = self.actors.ws.selected_span
        self.span_button.setEnabled(span is not None and span.label == ACTOR)
        self.accept_button.setEnabled(mention is not None and mention.status == "pending")
        self.reject_button.setEnabled(mention is not None)

    def selected_mention(self):
        rows = self.mention_table.selectionModel().selectedRows() if self.mention_table.selectionModel() else []
        return self.mentions.rows[rows[0].row()] if rows else None

    def _jump_to_mention(self, index) -> None:
        m = self.mentions.rows[index.row()]
        self.actors.go_to_span(m.document_id, m.span_id)

    def accept_mention(self) -> None:
        m = self.selected_mention()
        if m is not None:
            self.actors.accept_link(m.span_id)

    def reject_mention(self) -> None:
        m = self.selected_mention()
        if m is not None:
            self.actors.reject_link(m.span_id)

    # ---- dialogs ------------------------------------------------------------------

    def ask_add_actor(self) -> ActorDialog:
        dialog = self.dialog = ActorDialog(self, self.search.text().strip())
        dialog.accepted.connect(lambda: self._added(self.actors.add_actor(**dialog.values())))
        dialog.open()
        return dialog

    def ask_from_span(self) -> ActorDialog | None:
        """The new-actor dialog filled from the selected ACTOR span; OK also links the span."""
        span = self.actors.actor_span()
        if span is None:
            return None
        text = " ".join(self.actors.ws.span_text(span).split())
        dialog = self.dialog = ActorDialog(self, text, span.attributes.get("kind", "person"))

        def create() -> None:
            values = dialog.values()
            values["aliases"] = [*values["aliases"], text]  # the span's text stays a name (once normalised)
            self._added(self.actors.add_actor(**values, link_span=span.id))

        dialog.accepted.connect(create)
        dialog.open()
        return dialog

    def _added(self, actor_id: str | None) -> None:
        if actor_id:
            self.search.clear()
            self.select_actor(actor_id)

    def ask_alias(self):
        if self.current is None:
            return None
        actor_id = self.current.id
        dialog = self.dialog = alias_dialog(self, self.current.name)
        dialog.textValueSelected.connect(lambda text: text.strip() and self.actors.add_alias(actor_id, text))
        dialog.open()
        return dialog

    def ask_merge(self) -> QMessageBox | None:
        ids = self.selected_ids()
        if len(ids) != 2:
            self.actors.ctx.say("Select two actors to merge.")
            return None
        a, b = ids
        box = self.dialog = QMessageBox(QMessageBox.Icon.Question, "Merge actors",
                                        f"Merge {self.actors.actor_label(a)} and {self.actors.actor_label(b)}: "
                                        "links move to the one kept; both names stay as aliases.", parent=self)
        box.setObjectName("mergeActors")
        keep_a = box.addButton(f"Keep {self.actors.actor_label(a)}", QMessageBox.ButtonRole.AcceptRole)
        keep_b = box.addButton(f"Keep {self.actors.actor_label(b)}", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)

        def chosen(button) -> None:
            if button in (keep_a, keep_b):
                keep, drop = (a, b) if button is keep_a else (b, a)
                if self.actors.merge(keep, drop):
                    self.select_actor(keep)

        box.buttonClicked.connect(chosen)
        box.open()
        return box

    # ---- the checks tab ------------------------------------------------------------

    def run_checks(self) -> None:
        store = self.actors.ws.store
        if store is None:
            return
        found = checks.check(store)
        spans = {sid for entry in found["conflicting_links"] for ids in entry["actors"].values() for sid in ids}
        spans |= {sid for entry in found["mixed_kinds"] for ids in entry["kinds"].values() for sid in ids}
        docs = documents_of(store, spans)
        self.check_tree.clear()
        total = 0
        for key, title in CHECK_GROUPS:
            group = QTreeWidgetItem([f"{title} ({len(found[key])})"])
            group.setFirstColumnSpanned(True)
            self.check_tree.addTopLevelItem(group)
            for entry in found[key]:
                total += 1
                group.addChild(self._finding(key, entry, docs))
            group.setExpanded(bool(found[key]))
        self.check_summary.setText(f"{total} finding{'' if total == 1 else 's'}")

    def _finding(self, key: str, entry: dict, docs: dict[int, int]) -> QTreeWidgetItem:
        label = self.actors.actor_label
        if key == "unlabelled":
            item = QTreeWidgetItem([f"“{entry['text']}”: {entry['labelled']} labelled, {entry['unlabelled']} not"])
            for ex in entry["examples"]:
                child = QTreeWidgetItem(["unlabelled here", f"document {ex['document_id']} @ {ex['start']}"])
                child.setData(0, JUMP_ROLE, ("chars", ex["document_id"], ex["start"], ex["end"]))
                item.addChild(child)
        elif key in ("conflicting_links", "mixed_kinds"):
            groups = entry["actors"] if key == "conflicting_links" else entry["kinds"]
            head = f"“{entry['text']}”" if key == "conflicting_links" else label(entry["actor"])
            item = QTreeWidgetItem([head])
            for name, ids in groups.items():
                for sid in ids:
                    shown = label(name) if key == "conflicting_links" else f"kind {name}"
                    child = QTreeWidgetItem([shown, f"document {docs.get(sid, '?')}, span {sid}"])
                    child.setData(0, JUMP_ROLE, ("span", docs.get(sid), sid))
                    item.addChild(child)
        else:
            item = QTreeWidgetItem([f"“{entry['name']}”"])
            for actor_id in entry["actors"]:
                child = QTreeWidgetItem([label(actor_id), actor_id])
                child.setData(0, JUMP_ROLE, ("actor", actor_id))
                item.addChild(child)
        item.setExpanded(True)
        return item

    def _jump_to_finding(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, JUMP_ROLE)
        if not target:
            return
        if target[0] == "chars":
            self.actors.go_to_chars(*target[1:])
        elif target[0] == "span" and target[1] is not None:
            self.actors.go_to_span(target[1], target[2])
        elif target[0] == "actor":
            self.select_actor(target[1])


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
