"""The main window: lays out the document list, label bar, message bar, article
view, span panel and span table; builds menus and toolbar from the action
registry; keeps the status bar and settings. Gestures are handled by small
controllers (`controllers/`, `review.py`, `io_tasks.py`) that get a narrow
`Context`, not the window. Domain rules stay in `annotations`.

Extending it: actions go into `actions.ACTIONS` (or `actions.register`);
a dock is one call to `add_dock(widget, title, object_name)`.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDockWidget, QLabel, QMainWindow, QMenu, QSplitter, QToolBar,
    QUndoView, QVBoxLayout, QWidget,
)

from annotations.errors import GlossatorError

from . import actions as registry
from .actors import install as actors_ui  # registers the Actors menu's actions
from .controllers.annotating import AnnotatingController
from .controllers.context import Context
from .controllers.documents import DocumentsController
from .controllers.flags import FlagsController
from .controllers.stores import StoresController
from . import theme
from .icons import app_icon
from .io_tasks import IoTasks
from .review import ReviewController, SuggestController
from .item_models.span_model import ID_ROLE, SpanTableModel
from .settings import remember_store, restore_window, save_window
from .widgets.article_view import ArticleView
from .widgets.document_list import DocumentList
from .widgets.find_bar import FindBar
from .widgets.label_bar import LabelBar
from .widgets.message_bar import MessageBar
from .widgets import relation_arcs
from .widgets.record_table import record_table
from .widgets.span_panel import SpanPanel
from .workspace import Workspace
from .controllers.stores import remembered_location, reopen_location, store_label, store_title
from .controllers.team import TeamController
from .settings import without_password

log = logging.getLogger(__name__)


def dropped_paths(mime) -> list[str]:
    """Local files and folders in a drop (web links and text are not imported)."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.ws = Workspace(self)
        self.last_message = ""
        self.setWindowTitle("Glossator")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self._build_widgets()
        self.actions_by_id = {}
        self.label_actions: list = []
        ctx = Context(self.ws, self.article, self, self.show_message)
        self.annotating = AnnotatingController(ctx)
        self.navigation = DocumentsController(ctx, self.documents, settings, self._refresh)
        self.review = ReviewController(ctx)
        self.suggest = SuggestController(ctx, self._after_suggesting, self.documents.selected_ids,
                                         self.documents.model.rowCount)
        self.io = IoTasks(ctx, after_import=self.navigation.reload_documents)
        self.stores = StoresController(ctx, settings, self.open_store)
        self.actors = actors_ui.install(self, ctx)
        self.flags = FlagsController(ctx, self.navigation.step_document)
        self._build_actions()
        self.relation_arcs = relation_arcs.install(self)
        self.theme = theme.install(self)
        self._build_status_bar()
        self.team = TeamController(ctx, self.documents, settings, self._refresh)
        self.team.install(self.menus["View"], self.statusBar())
        self._connect()
        self.update_actions()

    # ---- construction ----------------------------------------------------

    def _build_widgets(self) -> None:
        self.documents = DocumentList()
        self.label_bar = LabelBar()
        self.message_bar = MessageBar()
        self.article = ArticleView(self.ws)
        self.find_bar = FindBar(self.article)
        self.span_panel = SpanPanel(self.ws)
        self.span_model = SpanTableModel(self.ws, self)
        self.span_table = record_table(self.span_model, "spanTable", {0: 104, 2: 46, 3: 46, 4: 64}, stretch=1)
        self.span_table.setAccessibleName("Spans of this document")
        center = QWidget()
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for w in (self.label_bar, self.message_bar, self.find_bar, self.article):
            column.addWidget(w)
        self.side = QSplitter(Qt.Orientation.Vertical, objectName="sideSplitter")
        self.side.addWidget(self.span_panel)
        self.side.addWidget(self.span_table)
        self.side.setSizes([380, 420])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        for w in (self.documents, center, self.side):
            self.splitter.addWidget(w)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([360, 600, 440])
        self.setCentralWidget(self.splitter)
        self.history_dock = self.add_dock(QUndoView(self.ws.undo_group, accessibleName="Edit history"), "History",
                                          "historyDock")
        self.history_dock.hide()

    def add_dock(self, widget: QWidget, title: str, object_name: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a dock (restored by saveState thanks to its objectName) with a View menu toggle."""
        dock = QDockWidget(title, self, objectName=object_name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if hasattr(self, "menus"):
            self.menus["View"].addAction(dock.toggleViewAction())
        return dock

    def _build_actions(self) -> None:
        self.menus: dict[str, QMenu] = {}
        toolbar = QToolBar("Main", objectName="mainToolbar")
        self.addToolBar(toolbar)
        extra = [s.menu for s in registry.ACTIONS if s.menu not in registry.MENUS]
        names = list(registry.MENUS[:-1]) + extra + [registry.MENUS[-1]]  # Help stays last
        for name in dict.fromkeys(names):
            self.menus[name] = self.menuBar().addMenu(f"&{name}")
        for spec in registry.ACTIONS:
            action = registry.make_action(spec, self)
            self.actions_by_id[spec.id] = action
            menu = self.menus[spec.menu]
            if spec.separator_before:
                menu.addSeparator()
            menu.addAction(action)
            if spec.toolbar:
                toolbar.addAction(action)
            if spec.id == "file.open":
                self.recent_menu = menu.addMenu("Open &recent")
        self.labels_menu = self.menus["Edit"].addMenu("&Labels")
        self.menus["View"].addSeparator()
        self.menus["View"].addAction(self.history_dock.toggleViewAction())
        self.stores.fill_recent_menu(self.recent_menu)

    def _build_label_actions(self) -> None:
        for action in self.label_actions:
            self.article.removeAction(action)
            action.deleteLater()
        self.labels_menu.clear()
        self.label_actions = []
        for spec in registry.label_specs(self.ws.store.schema.labels):
            action = registry.make_action(spec, self)
            self.actions_by_id[spec.id] = action
            self.labels_menu.addAction(action)
            self.label_actions.append(action)
        self.label_bar.set_schema(self.ws.store.schema)

    def all_specs(self) -> list[registry.ActionSpec]:
        schema = self.ws.store.schema.labels if self.ws.store else ()
        return registry.ACTIONS + registry.label_specs(schema)

    def _build_status_bar(self) -> None:
        self.store_label, self.position_label, self.counts_label = QLabel(), QLabel(), QLabel()
        for w in (self.store_label, self.position_label, self.counts_label):
            self.statusBar().addPermanentWidget(w)

    def _connect(self) -> None:
        self.documents.document_chosen.connect(self.open_document)
        self.article.span_clicked.connect(self.annotating.span_clicked)
        self.label_bar.label_chosen.connect(self.annotating.apply_label)
        self.span_panel.relation_requested.connect(self.annotating.start_relation)
        self.span_table.clicked.connect(lambda index: self.ws.select(index.data(ID_ROLE)))
        self.ws.failed.connect(self.show_message)
        self.ws.edit_failed.connect(self.message_bar.show_error)
        self.ws.changed.connect(self._on_change)
        self.ws.selection_changed.connect(self._on_selection)
        self.ws.schema_changed.connect(self._build_label_actions)
        for signal in (self.ws.undo_group.canUndoChanged, self.ws.undo_group.canRedoChanged,
                       self.ws.document_opened, self.ws.store_opened):
            signal.connect(lambda *_: self.update_actions())

    # ---- state -----------------------------------------------------------

    def update_actions(self) -> None:
        for spec in self.all_specs():
            action = self.actions_by_id.get(spec.id)
            if action is not None and spec.enabled_when is not None:
                action.setEnabled(bool(spec.enabled_when(self)))

    def show_message(self, text: str) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, 10000)

    def update_status(self) -> None:
        model = self.documents.model
        total = model.rowCount()
        done = sum(1 for r in range(total) if model.summary(r).status == "done")
        self.store_label.setText(store_label(self.ws.store))
        doc = self.ws.document
        row = model.row_of(doc.id) if doc else None
        self.position_label.setText(f"Document {row + 1} of {total} · {done} done" if row is not None
                                    else f"{total} documents · {done} done")
        pending = self.ws.pending_count
        spans = len(self.ws.spans) - pending
        self.counts_label.setText(f"{spans} span{'' if spans == 1 else 's'}, {pending} pending" if doc else "")

    # ---- store and documents ---------------------------------------------

    def open_store(self, path: str | Path, create: bool = False) -> bool:
        try:
            self.ws.open_store(path, create=create)
        except (GlossatorError, ValueError) as exc:  # ValueError: a URL that is not one (a bad port)
            message = str(exc) if isinstance(exc, GlossatorError) else f"{without_password(str(path))}: {exc}"
            self.show_message(message)
            self.message_bar.show_error(message, lambda: self.open_store(path, create))
            return False
        self.message_bar.dismiss()
        remember_store(self.settings, remembered_location(self.ws.store))
        self.stores.fill_recent_menu(self.recent_menu)
        self._build_label_actions()
        self.article.refresh_colors()
        self.reload_documents()
        self.setWindowTitle(f"Glossator — {store_title(self.ws.store)}")
        return True

    def reload_documents(self) -> None:
        self.navigation.reload_documents()

    def open_document(self, document_id: int) -> None:
        self.annotating.cancel_pick()
        self.navigation.open_document(document_id)

    def _refresh(self) -> None:
        self.update_status()
        self.update_actions()

    def _after_suggesting(self) -> None:
        self.reload_documents()
        self.ws.reload_document()

    def _on_change(self, change) -> None:
        if self.ws.document and change.document_id == self.ws.document.id:
            pending = self.ws.pending_count
            self.documents.model.update_document(
                change.document_id, status=self.ws.document.status,
                span_count=len(self.ws.spans) - pending, pending_count=pending)
        self.update_status()
        self.update_actions()

    def _on_selection(self, span_id) -> None:
        self.update_actions()
        row = self.span_model.row_of(span_id) if span_id is not None else None
        if row is not None:
            self.span_table.selectRow(row)
            self.span_table.scrollTo(self.span_model.index(row, 0))
        else:
            self.span_table.clearSelection()

    def focus_documents(self) -> None:
        self.documents.filter_edit.setFocus()
        self.documents.filter_edit.selectAll()

    def cancel(self) -> None:
        """Esc: cancel picking a span, else close Find, else clear the span selection."""
        if self.annotating.pick is not None:
            self.annotating.cancel_pick()
        elif self.find_bar.isVisible():
            self.find_bar.deactivate()
        else:
            self.ws.select(None)
        self.update_actions()

    # ---- dialogs ---------------------------------------------------------

    def show_history(self) -> None:
        """Ctrl+H shows the History, and hides it again."""
        if self.history_dock.isVisible():
            self.history_dock.hide()
        else:
            self.history_dock.show()
            self.history_dock.raise_()

    def show_search(self):
        """Ctrl+Shift+F: the corpus search panel (a dock), its query focused."""
        from .widgets.search_panel import SearchPanel

        labels = [lab.name for lab in self.ws.store.schema.labels]
        dock = getattr(self, "search_dock", None)
        if dock is None:
            panel = SearchPanel(reopen_location(self.ws.store), labels)
            panel.hit_chosen.connect(self.open_hit)
            # at the bottom: keyword-in-context lines need the window's width
            dock = self.search_dock = self.add_dock(panel, "Search", "searchDock",
                                                    Qt.DockWidgetArea.BottomDockWidgetArea)
        else:
            dock.widget().store_location = reopen_location(self.ws.store)
            dock.widget().set_labels(labels)
        dock.show()
        dock.raise_()
        dock.widget().activate()
        return dock.widget()

    def open_hit(self, document_id: int, start: int, end: int) -> None:
        """Open a search hit: its document, the hit's characters selected and in view."""
        if self.ws.document is None or self.ws.document.id != document_id:
            self.open_document(document_id)
        if self.ws.document is not None and self.ws.document.id == document_id:
            self.article.select_chars(start, end)
            self.article.ensureCursorVisible()
            self.article.setFocus()

    # ---- drag and drop: files and folders dropped on the window are imported ----

    def dragEnterEvent(self, event) -> None:
        if self.ws.store is not None and dropped_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = dropped_paths(event.mimeData())
        if self.ws.store is None or not paths:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.show_message(f"Importing {len(paths)} dropped item{'' if len(paths) == 1 else 's'}…")
        self.io.import_paths(paths)

    def show_missing_relations(self):
        """Ctrl+Shift+M: spans of this document missing a relation (assertions without a source)."""
        from .widgets.unrelated_list import MissingRelationsList

        dock = getattr(self, "missing_dock", None)
        if dock is None:
            dock = self.missing_dock = self.add_dock(MissingRelationsList(self.ws, self.article),
                                                     "Missing relations", "missingRelationsDock")
        dock.show()
        dock.raise_()
        dock.widget().table.setFocus()
        return dock.widget()

    def show_flags(self):
        """Ctrl+Shift+L: the Flagged dock (every flag; Enter jumps to it)."""
        from .widgets.flag_list import FlagList

        dock = getattr(self, "flags_dock", None)
        if dock is None:
            panel = FlagList(self.ws, self.open_document, self.article, self.flags.edit, self.flags.remove)
            dock = self.flags_dock = self.add_dock(panel, "Flagged", "flagsDock")
        dock.widget().refresh()
        dock.show()
        dock.raise_()
        dock.widget().table.setFocus()
        return dock.widget()

    def show_review_queue(self) -> None:
        from .widgets.review_queue_view import ReviewQueueView

        dock = getattr(self, "review_queue_dock", None)
        if dock is None:
            view = ReviewQueueView(self.ws, self.open_document, self.article)
            dock = self.review_queue_dock = self.add_dock(view, "Review queue", "reviewQueueDock")
        dock.widget().refresh()
        dock.show()
        dock.raise_()

    def show_dashboard(self):
        """Ctrl+Shift+D: the dashboard dock (computed in the background when shown)."""
        from .widgets.dashboard_panel import DashboardPanel

        dock = getattr(self, "dashboard_dock", None)
        if dock is None:
            dock = self.dashboard_dock = self.add_dock(DashboardPanel(self.ws.store.location), "Dashboard",
                                                       "dashboardDock")
        dock.widget().store_location = self.ws.store.location
        dock.show()
        dock.raise_()
        dock.widget().refresh()
        return dock.widget()

    def show_adjudication(self):
        """Ctrl+J: the adjudication window for the open document (loaded only when asked for)."""
        from .adjudication import show

        return show(self)

    def shortcuts_dialog(self):
        from .dialogs.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(registry.shortcut_rows(self.all_specs()), self)
        dialog.open()
        return dialog

    def schema_dialog(self):
        from .dialogs.schema_dialog import SchemaDialog

        dialog = SchemaDialog(self.ws.store, self)
        dialog.accepted.connect(self.ws.schema_changed.emit)
        dialog.open()
        return dialog

    # ---- settings --------------------------------------------------------

    def restore_settings(self) -> None:
        restore_window(self.settings, self, (self.splitter, self.side))

    def save_settings(self) -> None:
        save_window(self.settings, self, (self.splitter, self.side))

    def closeEvent(self, event) -> None:
        self.save_settings()
        self.ws.close()
        super().closeEvent(event)
