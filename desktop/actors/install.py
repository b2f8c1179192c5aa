"""Putting the actor features into the main window: the controller and the span
panel's actor section at start-up, the two docks on first use, and the actions
(registered in `desktop.actions` when this module is imported, like review.py's).

The window needs only: `self.actors = install(self, ctx)` after its controllers,
and this module imported before it builds its actions.
"""
from __future__ import annotations

from PySide6.QtCore import Qt

from annotations.actors.linking import ACTOR

from .. import actions as registry
from .controller import ActorsController
from .link_section import LinkSection

MENU = "Actors"


def install(window, ctx) -> ActorsController:
    controller = ActorsController(ctx, window.open_document)
    window.span_panel.extensions.addWidget(LinkSection(controller))
    return controller


def _dock(window, attr: str, make, title: str, object_name: str, area: Qt.DockWidgetArea):
    dock = getattr(window, attr, None)
    if dock is None:
        dock = window.add_dock(make(window.actors), title, object_name, area)
        setattr(window, attr, dock)
    dock.show()
    dock.raise_()
    return dock.widget()


def show_registry(window):
    """The registry panel (a dock on the right), its search focused."""
    from .registry_panel import RegistryPanel

    panel = _dock(window, "registry_dock", RegistryPanel, "Actor registry", "registryDock",
                  Qt.DockWidgetArea.RightDockWidgetArea)
    panel.tabs.setCurrentIndex(0)
    panel.search.setFocus()
    panel.search.selectAll()
    return panel


def show_sources(window):
    """The who-said-what panel (at the bottom: its rows need the window's width), refreshed."""
    from .sources_panel import SourcesPanel

    panel = _dock(window, "sources_dock", SourcesPanel, "Who said what", "sourcesDock",
                  Qt.DockWidgetArea.BottomDockWidgetArea)
    panel.refresh()
    return panel


def _has_store(w) -> bool:
    return w.ws.store is not None


def _actor_span(w) -> bool:
    span = w.ws.selected_span
    return span is not None and span.label == ACTOR


def _linked(w) -> bool:
    return _actor_span(w) and w.actors.link_of(w.ws.selected) is not None


ACTOR_ACTIONS = [
    registry.ActionSpec("actors.link", "&Link to actor…", MENU, lambda w: w.actors.link_selected(), "Ctrl+K",
                        _actor_span, tip="Type a name or alias; Enter links, Esc cancels"),
    registry.ActionSpec("actors.unlink", "&Unlink actor", MENU, lambda w: w.actors.unlink(), None, _linked),
    registry.ActionSpec("actors.accept_link", "&Accept link", MENU, lambda w: w.actors.accept_link(), None, _linked),
    registry.ActionSpec("actors.reject_link", "&Reject link", MENU, lambda w: w.actors.reject_link(), None, _linked),
    registry.ActionSpec("actors.from_span", "&New actor from span", MENU, lambda w: w.actors.create_from_span(),
                        None, _actor_span),
    registry.ActionSpec("actors.label_all", "Label &every occurrence…", MENU, lambda w: w.actors.ask_label_all(),
                        "Ctrl+Shift+K", _actor_span,
                        tip="Propose this label and link for every other occurrence (document or corpus)"),
    registry.ActionSpec("actors.suggest_links", "&Suggest links", MENU, lambda w: w.actors.suggest_links(), None,
                        _has_store, tip="Pending links from aliases for unlinked ACTOR spans"),
    registry.ActionSpec("actors.registry", "Actor &registry", MENU, show_registry, "Ctrl+Shift+R", _has_store,
                        separator_before=True),
    registry.ActionSpec("actors.sources", "&Who said what", MENU, show_sources, "Ctrl+Shift+W", _has_store),
]

for _spec in ACTOR_ACTIONS:
    if not any(a.id == _spec.id for a in registry.ACTIONS):
        registry.register(_spec)
