"""Actions as data: every command of the window (id, text, shortcut, menu,
handler, enabled-when) is one ActionSpec in ACTIONS. Menus, the toolbar, the
shortcut help and the QActions themselves are all generated from this list;
shortcut literals live nowhere else (label hotkeys come from the schema).

Adding an action: append an ActionSpec (or call `register`) whose handler
takes the window's controller set (see `Controllers`: the workspace and the
small controllers, never window internals). Labels and relations come from the
schema; no action names one. `scope="article"` actions fire only while the article
view has focus (so Tab, Del and label keys do not steal keys from editors).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol, Union

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtCore import Qt

Shortcut = Union[QKeySequence.StandardKey, str, None]
MENUS = ("File", "Edit", "Document", "View", "Help")


class Controllers(Protocol):
    """What action handlers and enabled-when tests may use (the main window provides it)."""

    ws: Any  # Workspace
    annotating: Any  # AnnotatingController
    navigation: Any  # DocumentsController
    review: Any  # ReviewController
    suggest: Any  # SuggestController
    io: Any  # IoTasks
    stores: Any  # StoresController
    team: Any  # TeamController
    article: Any
    span_panel: Any
    find_bar: Any
    flags: Any  # FlagsController


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    menu: str
    handler: Callable[[Controllers], object]
    shortcut: Shortcut = None
    enabled_when: Callable[[Controllers], bool] | None = None
    scope: str = "window"  # "window" or "article"
    toolbar: bool = False
    separator_before: bool = False
    tip: str = ""


def _has_store(w: Controllers) -> bool:
    return w.ws.store is not None


def _has_doc(w: Controllers) -> bool:
    return w.ws.document is not None


def _has_span(w: Controllers) -> bool:
    return w.ws.selected_span is not None


def _can_relate(w: Controllers) -> bool:
    return bool(w.annotating.relations_for_selected())


def _train(w: Controllers):
    from . import training_dialog  # spaCy and the trainer load only when asked for

    return training_dialog.show(w)


ACTIONS: list[ActionSpec] = [
    ActionSpec("file.new", "&New store…", "File", lambda w: w.stores.new_store(), QKeySequence.StandardKey.New),
    ActionSpec("file.open", "&Open store…", "File", lambda w: w.stores.open_store_dialog(), QKeySequence.StandardKey.Open),
    ActionSpec("file.open_url", "Open &team store…", "File", lambda w: w.stores.url_dialog(),
               tip="A shared PostgreSQL store: postgresql://user@host/database"),
    ActionSpec("file.import", "&Import files…", "File", lambda w: w.io.import_dialog(), "Ctrl+I", _has_store,
               separator_before=True),
    ActionSpec("file.import_folder", "Import &folder…", "File", lambda w: w.io.import_folder_dialog(), "Ctrl+Shift+I",
               _has_store),
    ActionSpec("file.export", "&Export…", "File", lambda w: w.io.export_dialog(), "Ctrl+E", _has_store),
    ActionSpec("file.quit", "&Quit", "File", lambda w: w.close(), QKeySequence.StandardKey.Quit, separator_before=True),
    ActionSpec("edit.undo", "&Undo", "Edit", lambda w: w.ws.undo(), QKeySequence.StandardKey.Undo,
               lambda w: w.ws.undo_group.canUndo(), toolbar=True),
    ActionSpec("edit.redo", "&Redo", "Edit", lambda w: w.ws.redo(), "Ctrl+Shift+Z",
               lambda w: w.ws.undo_group.canRedo(), toolbar=True),
    ActionSpec("edit.history", "&History", "Edit", lambda w: w.show_history(), "Ctrl+H"),
    ActionSpec("edit.delete", "&Delete span", "Edit", lambda w: w.annotating.delete_selected(),
               QKeySequence.StandardKey.Delete, _has_span, scope="article", separator_before=True),
    ActionSpec("edit.attributes", "Edit &attributes", "Edit", lambda w: w.span_panel.focus_attributes(), "F2",
               _has_span, tip="Enter applies; F6 returns to the article"),
    ActionSpec("edit.relate", "Add &relation…", "Edit", lambda w: w.annotating.start_relation(), "Ctrl+R",
               _can_relate, tip="Then click (or Tab to) the other span and press Enter"),
    ActionSpec("edit.confirm_pick", "Confirm picked span", "Edit", lambda w: w.annotating.confirm_pick(), "Return",
               lambda w: w.annotating.pick is not None, scope="article"),
    ActionSpec("edit.cancel", "Cancel", "Edit", lambda w: w.cancel(), "Esc", scope="article"),
    ActionSpec("edit.next_span", "Next span", "Edit", lambda w: w.annotating.step_span(+1), "Tab", _has_doc,
               scope="article", separator_before=True),
    ActionSpec("edit.prev_span", "Previous span", "Edit", lambda w: w.annotating.step_span(-1), "Shift+Tab", _has_doc,
               scope="article"),
    ActionSpec("edit.end_right", "Extend end by a token", "Edit", lambda w: w.annotating.move_edge("end", +1), "Alt+Right",
               _has_span, scope="article"),
    ActionSpec("edit.end_left", "Shrink end by a token", "Edit", lambda w: w.annotating.move_edge("end", -1), "Alt+Left",
               _has_span, scope="article"),
    ActionSpec("edit.start_left", "Extend start by a token", "Edit", lambda w: w.annotating.move_edge("start", -1),
               "Alt+Shift+Left", _has_span, scope="article"),
    ActionSpec("edit.start_right", "Shrink start by a token", "Edit", lambda w: w.annotating.move_edge("start", +1),
               "Alt+Shift+Right", _has_span, scope="article"),
    ActionSpec("edit.find", "&Find…", "Edit", lambda w: w.find_bar.activate(), QKeySequence.StandardKey.Find,
               _has_doc, separator_before=True),
    ActionSpec("edit.search", "&Search the corpus…", "Edit", lambda w: w.show_search(), "Ctrl+Shift+F", _has_store),
    ActionSpec("edit.labels", "Label sc&hema…", "Edit", lambda w: w.schema_dialog(), None, _has_store),
    ActionSpec("doc.done", "Mark &done and next", "Document", lambda w: w.navigation.mark_done_and_next(), "Ctrl+Return",
               _has_doc, toolbar=True),
    ActionSpec("doc.next", "&Next document", "Document", lambda w: w.navigation.step_document(+1), "Ctrl+PgDown",
               _has_store, toolbar=True),
    ActionSpec("doc.prev", "&Previous document", "Document", lambda w: w.navigation.step_document(-1), "Ctrl+PgUp",
               _has_store, toolbar=True),
    ActionSpec("edit.flag", "F&lag span…", "Edit", lambda w: w.flags.flag(), "Ctrl+G", _has_doc,
               tip="Flag the selected span (else the document) as unsure or a guideline question, with a note"),
    ActionSpec("doc.flag", "&Flag document…", "Document", lambda w: w.flags.flag(whole_document=True), "Ctrl+Shift+G",
               _has_doc, separator_before=True),
    ActionSpec("doc.skip", "&Skip (next, not done)", "Document", lambda w: w.flags.skip(), "Ctrl+Shift+PgDown",
               _has_doc, tip="Go to the next unfinished document; this one keeps its status"),
    ActionSpec("view.relations", "&Relation arcs", "View", lambda w: w.relation_arcs.set_enabled(
        w.actions_by_id["view.relations"].isChecked()), "Ctrl+Shift+J", separator_before=True,
               tip="Draw each relation as an arc from its head span to its child (e.g. an assertion to its source)"),
    ActionSpec("view.missing_relations", "&Missing relations", "View", lambda w: w.show_missing_relations(),
               "Ctrl+Shift+M", _has_doc, tip="Spans without a relation they should have (e.g. assertions without a source)"),
    ActionSpec("view.flags", "&Flagged items", "View", lambda w: w.show_flags(), "Ctrl+Shift+L", _has_store),
    ActionSpec("doc.adjudicate", "&Adjudicate layers…", "Document", lambda w: w.show_adjudication(), "Ctrl+J", _has_doc,
               separator_before=True, tip="Every annotator's layer at once; settle disagreements into gold"),
    ActionSpec("view.documents", "Go to &document list", "View", lambda w: w.focus_documents(), "Ctrl+L"),
    ActionSpec("view.article", "Go to &article", "View", lambda w: w.article.setFocus(), "F6"),
    ActionSpec("view.dashboard", "Dash&board", "View", lambda w: w.show_dashboard(), "Ctrl+Shift+D", _has_store,
               tip="Progress and agreement charts, as in glossator report"),
    ActionSpec("view.zoom_in", "Zoom &in", "View", lambda w: w.article.zoomIn(1), QKeySequence.StandardKey.ZoomIn,
               separator_before=True),
    ActionSpec("view.zoom_out", "Zoom &out", "View", lambda w: w.article.zoomOut(1), QKeySequence.StandardKey.ZoomOut),
    ActionSpec("model.train", "&Train…", "Model", _train, None, _has_store,
               tip="Train a model from the accepted spans; it is kept in the store"),
    ActionSpec("team.annotator", "&Annotator…", "Team", lambda w: w.team.choose_annotator(),
               tip="Your name: your edits go to your layer"),
    ActionSpec("team.check", "&Check for others' changes", "Team", lambda w: w.team.check_now(), "F5", _has_store),
    ActionSpec("help.shortcuts", "&Keyboard shortcuts", "Help", lambda w: w.shortcuts_dialog(), "F1"),
]


def register(spec: ActionSpec) -> None:
    """Add an action (e.g. from another feature module) before the window is built."""
    if any(a.id == spec.id for a in ACTIONS):
        raise ValueError(f"action {spec.id!r} is already registered")
    ACTIONS.append(spec)


def key_sequence(shortcut: Shortcut) -> QKeySequence:
    return QKeySequence(shortcut) if shortcut is not None else QKeySequence()


def label_specs(labels) -> list[ActionSpec]:
    """One action per label hotkey, plus Alt+hotkey for exact (unsnapped) characters."""
    specs = []
    for lab in labels:
        specs.append(ActionSpec(f"label.{lab.name}", f"Label {lab.name}", "Edit",
                                lambda w, n=lab.name: w.annotating.apply_label(n), lab.hotkey, _has_doc, scope="article"))
        specs.append(ActionSpec(f"label.{lab.name}.exact", f"Label {lab.name} (exact characters)", "Edit",
                                lambda w, n=lab.name: w.annotating.apply_label(n, exact=True), f"Alt+{lab.hotkey}",
                                _has_doc, scope="article"))
    return specs


def make_action(spec: ActionSpec, window: Controllers) -> QAction:
    action = QAction(spec.text, window)
    action.setObjectName(spec.id)
    action.setShortcut(key_sequence(spec.shortcut))
    if spec.tip:
        action.setStatusTip(spec.tip)
    if spec.scope == "article":
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        window.article.addAction(action)
    else:
        window.addAction(action)
    action.triggered.connect(lambda _checked=False, s=spec: s.handler(window))
    return action


def shortcut_rows(specs: list[ActionSpec]) -> list[tuple[str, str, str]]:
    """(menu, action text, shortcut) for the help dialog, in registry order."""
    rows = []
    for spec in specs:
        keys = key_sequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            rows.append((spec.menu, spec.text.replace("&", ""), keys))
    return rows
