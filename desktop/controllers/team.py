"""Working in a team: who I am (the annotator every edit records), whose layers
the article shows (View ▸ Layers: mine, all, or picked annotators; others'
spans read-only), the document list's "assigned to me" filter with progress,
and picking up what others wrote without a restart.

Others' changes are noticed through the event log (`annotations.store_watch`):
when the window is activated, and every few seconds on a PostgreSQL store.
The document list and the open document are updated in place, so the user's
selection and scroll position stay. The layer rules themselves are
`annotations.layer_view`; this controller only chooses the view.

The document list and the assignments are read through `my_documents` and
`my_assignments` only: the one place to switch to the current annotator's
status once document status per annotator is in annotations/services.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QInputDialog, QLabel, QMenu, QStatusBar

from annotations import services
from annotations.errors import GlossatorError
from annotations.layer_view import LayerView, document_layers
from annotations.services import assignments
from annotations.store import Store
from annotations.store_watch import StoreChanges, StoreWatch, open_document_change
from annotations.types import DocumentSummary

from ..settings import save_annotator, save_layers, saved_annotator, saved_layers
from ..widgets.document_list import DocumentList
from .context import Context

log = logging.getLogger(__name__)

ENV_ANNOTATOR = "GLOSSATOR_ANNOTATOR"
POLL_MS = 5000  # PostgreSQL stores: how often to look for others' changes
OFFLINE_POLL_MS = 30000  # while the server cannot be reached (a look may wait for the connect timeout)
BULK = 300  # more changed spans than this: read the open document again instead of span by span


@dataclass(frozen=True)
class MyAssignments:
    ids: frozenset[int]
    done: int

    @property
    def total(self) -> int:
        return len(self.ids)


def my_documents(store: Store) -> list[DocumentSummary]:
    """The document list as the current annotator sees it (every document; the status shown is
    the document's own until status per annotator: then `annotator=services.current_annotator()`)."""
    return services.list_documents(store)


def my_assignments(store: Store, annotator: str) -> MyAssignments:
    """The documents assigned to `annotator` and how many of them are done."""
    rows = assignments.assigned_documents(store, annotator)
    return MyAssignments(frozenset(r.id for r in rows), sum(1 for r in rows if r.status == "done"))


class TeamController(QObject):
    def __init__(self, ctx: Context, documents: DocumentList, settings: QSettings, refresh: Callable[[], None]):
        super().__init__(ctx.parent)
        self.ctx, self.ws = ctx, ctx.ws
        self.documents = documents
        self.settings = settings
        self.refresh = refresh  # the status bar and actions, after the list changed
        self.annotator = saved_annotator(settings) or services.current_annotator()
        os.environ[ENV_ANNOTATOR] = self.annotator  # services (and workers' threads) record it
        self.layer_mode, self.picked = saved_layers(settings)
        self.watch: StoreWatch | None = None
        self.offline = False
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.check_now)
        self.annotator_label = QLabel(objectName="annotatorLabel")
        self.layers_menu: QMenu | None = None
        self._listed: list[str] = []  # the annotators View ▸ Layers lists
        self.ws.store_opened.connect(self._store_opened)
        self.ws.changed.connect(self._own_change)
        self.ws.selection_changed.connect(self._selected)
        documents.assigned_toggled.connect(lambda _on: self.update_assigned())
        ctx.parent.installEventFilter(self)
        self._show_annotator()

    def install(self, view_menu: QMenu, status_bar: QStatusBar) -> None:
        """View ▸ Layers and the annotator's name in the status bar."""
        self.layers_menu = view_menu.addMenu("&Layers")
        self.layers_menu.setObjectName("layersMenu")
        self.layers_menu.aboutToShow.connect(self.fill_layers_menu)
        self.fill_layers_menu()
        status_bar.addPermanentWidget(self.annotator_label)

    # ---- who I am ----------------------------------------------------------

    def choose_annotator(self) -> None:
        """Team ▸ Annotator…: ask for the name my edits record."""
        name, ok = QInputDialog.getText(self.ctx.parent, "Annotator",
                                        "Your name as an annotator (your edits go to this layer):",
                                        text=self.annotator)
        if ok:
            self.set_annotator(name)

    def set_annotator(self, name: str) -> None:
        name = name.strip()
        if not name:
            self.ctx.say("An annotator needs a name; nothing was changed.")
            return
        self.annotator = name
        os.environ[ENV_ANNOTATOR] = name
        save_annotator(self.settings, name)
        self._show_annotator()
        self.apply_layers()
        self.update_assigned()
        self.ctx.say(f"Annotating as {name}.")

    def _show_annotator(self) -> None:
        self.annotator_label.setText(f"Annotator: {self.annotator}")

    # ---- layers -------------------------------------------------------------

    def layer_view(self) -> LayerView:
        if self.layer_mode == "all":
            return LayerView.all(self.annotator)
        if self.layer_mode == "picked":
            return LayerView.picked(self.annotator, self.picked)
        return LayerView.mine(self.annotator)

    def show_layers(self, mode: str, picked: list[str] | None = None) -> None:
        """Show my layer ("mine"), every layer ("all") or mine and `picked` ("picked")."""
        self.layer_mode = mode
        if picked is not None:
            self.picked = sorted(set(picked) - {self.annotator})
        save_layers(self.settings, self.layer_mode, self.picked)
        self.apply_layers()

    def toggle_layer(self, name: str, on: bool) -> None:
        base = set(self._listed) if self.layer_mode == "all" else set(self.picked)  # unticking one of "all"
        picked = base | {name} if on else base - {name}
        self.show_layers("picked" if picked else "mine", sorted(picked))

    def apply_layers(self) -> None:
        self.ws.state.layer_view = self.layer_view()
        if self.ws.document is not None:
            self.reload_document()

    def _selected(self, span_id: int | None) -> None:
        span = self.ws.selected_span if span_id is not None else None
        view = self.ws.state.layer_view
        if span is not None and view is not None and not view.writable(span):
            self.ctx.say(f"{span.label} span in {span.annotator}'s layer: read-only here")

    def fill_layers_menu(self) -> None:
        menu = self.layers_menu
        if menu is None:
            return
        menu.clear()
        group = QActionGroup(menu)
        for mode, text in (("mine", "&My layer only"), ("all", "&All layers")):
            action = QAction(text, menu, checkable=True, objectName=f"layers.{mode}")
            action.setChecked(self.layer_mode == mode)
            action.triggered.connect(lambda _checked=False, m=mode: self.show_layers(m))
            group.addAction(action)
            menu.addAction(action)
        menu.addSection("Show also")
        names = set(self.picked)
        if self.ws.store is not None and self.ws.document is not None:
            try:
                names |= set(document_layers(self.ws.store, self.ws.document.id))
            except GlossatorError as exc:
                self.ctx.say(str(exc))
        names.discard(self.annotator)
        self._listed = sorted(names)
        for name in self._listed:
            action = QAction(name, menu, checkable=True, objectName=f"layers.pick.{name}")
            action.setChecked(self.layer_mode == "all" or (self.layer_mode == "picked" and name in self.picked))
            action.toggled.connect(lambda on, n=name: self.toggle_layer(n, on))
            menu.addAction(action)
        if not names:
            menu.addAction("(no other layer in this document)").setEnabled(False)

    # ---- others' changes ------------------------------------------------------

    def _store_opened(self, _location: str) -> None:
        self.ws.state.layer_view = self.layer_view()
        store = self.ws.store
        self.offline = False
        self.timer.setInterval(POLL_MS)
        try:
            self.watch = StoreWatch(store)
        except GlossatorError as exc:
            self.watch = None
            self.ctx.say(str(exc))
        if store.dialect == "postgresql":
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate and watched is self.ctx.parent:
            self.check_now()
        return False

    def check_now(self) -> StoreChanges | None:
        """Look for changes written since the last look; show them. Returns what was found."""
        if self.watch is None or self.ws.store is None:
            self.timer.stop()
            return None
        try:
            changes = self.watch.poll()
        except GlossatorError as exc:
            if not self.offline:
                self.offline = True
                self.timer.setInterval(OFFLINE_POLL_MS)
                self.ctx.say(f"{exc} (trying again)")
            return None
        if self.offline:
            self.offline = False
            self.timer.setInterval(POLL_MS)
            self.ctx.say("Connected to the store again.")
        if changes is None:
            return None
        document = self.ws.document.id if self.ws.document else None
        if not changes.only_by(self.annotator, document):
            self.refresh_documents()
        self.refresh_open_document(changes)
        return changes

    def refresh_documents(self) -> None:
        try:
            rows = my_documents(self.ws.store)
        except GlossatorError as exc:
            self.ctx.say(str(exc))
            return
        self.documents.replace_documents(rows)
        self.update_assigned()
        self.refresh()

    def refresh_open_document(self, changes: StoreChanges) -> None:
        state = self.ws.state
        try:
            change = open_document_change(state, changes)
            if change is None:
                return
            if len(change.added_spans) + len(change.changed_spans) > BULK:
                self.reload_document()
                return
            state.apply(change)
        except GlossatorError as exc:  # a span went away meanwhile: read the document again
            log.info("reading the open document again: %s", exc)
            self.reload_document()

    def reload_document(self) -> None:
        """Read the open document again, keeping the selected span, the cursor and the scroll position."""
        article = self.ctx.article
        bar = article.verticalScrollBar()
        scrolled, cursor = bar.value(), article.textCursor()
        anchor, position = cursor.anchor(), cursor.position()
        try:
            self.ws.reload_document()
        except GlossatorError as exc:
            self.ctx.say(str(exc))
            return
        cursor = article.textCursor()
        cursor.setPosition(min(anchor, len(article.toPlainText())))
        cursor.setPosition(min(position, len(article.toPlainText())), cursor.MoveMode.KeepAnchor)
        article.setTextCursor(cursor)
        bar.setValue(scrolled)

    # ---- assigned to me ---------------------------------------------------------

    def _own_change(self, change) -> None:
        if change.document_changed and self.documents.assigned_only():
            self.update_assigned()

    def update_assigned(self) -> None:
        """The "assigned to me" filter and its progress, from the store."""
        if self.ws.store is None or not self.documents.assigned_only():
            self.documents.set_assigned(None)
            return
        try:
            mine = my_assignments(self.ws.store, self.annotator)
        except GlossatorError as exc:
            self.ctx.say(str(exc))
            return
        self.documents.set_assigned(mine.ids, mine.done)
        self.refresh()
