"""The actor controller: every registry gesture of the desktop, each pushed on
the open document's undo stack as one `RegistryStep`, and what the article
shows of the registry (the linked actor on hover, the marked actor's mentions).

It keeps the open document's links ({span id: (actor id, status)}) and the
actors' names in memory, reloads them after each registry step (done, undone or
redone: the step calls `_after_step`) and on opening a document, and tells the
panels through `registry_changed`. Domain rules stay in `annotations.actors`.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from annotations.actors import decisions, linking, registry
from annotations.actors.registry import KINDS, Actor
from annotations.errors import GlossatorError
from annotations.tables import new_uid

from ..controllers.context import Context
from .completer import LinkPopup
from .edits import RegistryStep, UseCase

log = logging.getLogger(__name__)

MARK_COLOR = QColor(255, 196, 0, 70)  # a subtle amber under every mention of the marked actor
SCOPES = ("document", "corpus")


class ActorsController(QObject):
    registry_changed = Signal()
    marked_changed = Signal(object)  # actor id or None

    def __init__(self, ctx: Context, open_document: Callable[[int], None]):
        super().__init__(ctx.parent)
        self.ctx, self.ws = ctx, ctx.ws
        self.open_document = open_document
        self.links: dict[int, tuple[str, str]] = {}
        self.names: dict[str, tuple[str, str]] = {}  # actor id: (name, kind)
        self.panel_actor: str | None = None  # the actor selected in the registry panel
        self.popup: LinkPopup | None = None
        self.last_step: RegistryStep | None = None
        self.ws.store_opened.connect(lambda _p: self.reload())
        self.ws.document_opened.connect(lambda _d: self.reload_links())
        self.ws.changed.connect(self._on_change)
        self.ws.selection_changed.connect(lambda _s: self.refresh_marks())
        ctx.article.describers.append(self.describe)
        ctx.article.mark_providers.append(self.marks)

    # ---- what the article shows ----------------------------------------------

    def reload(self) -> None:
        self.names = {a.id: (a.name, a.kind) for a in self.actors()} if self.ws.store else {}
        self.reload_links()
        self.registry_changed.emit()

    def reload_links(self) -> None:
        doc = self.ws.document
        self.links = linking.links(self.ws.store, doc.id) if doc is not None and self.ws.store else {}
        self.refresh_marks()

    def _on_change(self, change) -> None:
        if self.ws.document and change.document_id == self.ws.document.id and change.removed_spans:
            linked = any(span.id in self.links for span in change.removed_spans)
            self.reload_links()
            if linked:  # a linked mention went with its span: counts and panels follow
                self.registry_changed.emit()

    def actors(self, query: str | None = None) -> list[Actor]:
        return registry.list_actors(self.ws.store, query=query) if self.ws.store else []

    def link_of(self, span_id: int | None) -> tuple[str, str] | None:
        return self.links.get(span_id) if span_id is not None else None

    def actor_label(self, actor_id: str) -> str:
        name, kind = self.names.get(actor_id, (actor_id, "?"))
        return f"{name} ({kind})"

    def describe(self, span_id: int) -> str:
        """The hover line for a linked mention: its actor's canonical name and kind."""
        link = self.links.get(span_id)
        if link is None:
            return ""
        actor_id, status = link
        return f"→ {self.actor_label(actor_id)}" + (" — link pending" if status == "pending" else "")

    def marked_actor(self) -> str | None:
        """The registry panel's actor, else the actor the selected span links to."""
        if self.panel_actor is not None:
            return self.panel_actor
        link = self.link_of(self.ws.selected)
        return link[0] if link else None

    def marks(self) -> list[tuple[int, int, QColor]]:
        actor_id = self.marked_actor()
        if actor_id is None:
            return []
        return [(span.start, span.end, MARK_COLOR) for sid, (aid, _st) in self.links.items()
                if aid == actor_id and (span := self.ws.spans.get(sid)) is not None]

    def mark_actor(self, actor_id: str | None) -> None:
        self.panel_actor = actor_id
        self.refresh_marks()

    def refresh_marks(self) -> None:
        self.ctx.article.update_marks()
        self.marked_changed.emit(self.marked_actor())

    # ---- running registry steps --------------------------------------------------

    def push(self, text: str, *use_cases: UseCase) -> bool:
        """Run the use cases as one undo step on the open document's stack."""
        if self.ws.store is None:
            return False
        doc = self.ws.document.id if self.ws.document else 0  # 0: registry edits with no document open
        step = RegistryStep(doc, text, *use_cases, notify=self._after_step)
        self.last_step = step
        return self.ws.push(step)

    def _after_step(self) -> None:
        self.names = {a.id: (a.name, a.kind) for a in self.actors()}
        self.reload_links()
        self.registry_changed.emit()

    def actor_span(self, span_id: int | None = None):
        """The given (else the selected) span if it is an ACTOR span, else None (said)."""
        span = self.ws.spans.get(span_id) if span_id is not None else self.ws.selected_span
        if span is None or span.label != linking.ACTOR:
            self.ctx.say("Select an ACTOR span first.")
            return None
        return span

    # ---- linking -----------------------------------------------------------------

    def link_selected(self) -> LinkPopup | None:
        """Ctrl+K: the completer popup under the selected ACTOR span."""
        span = self.actor_span()
        if span is None:
            return None
        if self.popup is not None:
            self.popup.deleteLater()  # one popup at a time; the last stays readable until the next
        popup = LinkPopup(self.actors(), " ".join(self.ws.span_text(span).split()), self.ctx.article)
        popup.chosen.connect(lambda actor_id, sid=span.id: self.link(sid, actor_id))
        popup.cancelled.connect(lambda: self.ctx.say("Link cancelled."))
        article = self.ctx.article
        rect = article.cursorRect(article.textCursor())
        popup.popup(article.viewport().mapToGlobal(rect.bottomLeft()))
        self.popup = popup
        return popup

    def link(self, span_id: int, actor_id: str, status: str = "accepted") -> bool:
        text = f"Link to {self.actor_label(actor_id)}" if status == "accepted" else "Link (pending)"
        return self.push(text, lambda st: decisions.set_link(st, span_id, actor_id, status))

    def unlink(self, span_id: int | None = None) -> bool:
        span = self.actor_span(span_id)
        if span is None or span.id not in self.links:
            return False
        return self.push("Unlink actor", lambda st: decisions.set_link(st, span.id, None))

    def accept_link(self, span_id: int | None = None) -> bool:
        sid = self.ws.selected if span_id is None else span_id
        link = self.links.get(sid) or (linking.links(self.ws.store).get(sid) if sid is not None else None)
        if link is None:
            return False
        return self.push("Accept link", lambda st: decisions.set_link(st, sid, link[0], "accepted"))

    def reject_link(self, span_id: int | None = None) -> bool:
        sid = span_id if span_id is not None else self.ws.selected
        if sid is None:
            return False
        return self.push("Reject link", lambda st: decisions.set_link(st, sid, None))

    def suggest_links(self, document_ids: Iterable[int] | None = None) -> bool:
        """Pending links from aliases for the unlinked ACTOR spans (the open document, else all)."""
        if document_ids is None and self.ws.document is not None:
            document_ids = [self.ws.document.id]
        ids = list(document_ids) if document_ids is not None else None
        found: list[linking.LinkResult] = []

        def suggest(store):
            found[:] = [linking.suggest_links(store, ids)]
            return found[0].edit

        done = self.push("Suggest links", suggest)
        if done:
            choices = len(found[0].choices)
            several = f"; {choices} mention{' fits' if choices == 1 else 's fit'} several actors: choose with Ctrl+K"
            self.ctx.say(f"{len(found[0].linked)} links suggested" + (several if choices else "") + ".")
        return done

    # ---- creating and editing actors ---------------------------------------------

    def add_actor(self, name: str, kind: str, aliases: Iterable[str] = (), external_ids=None, notes: str = "",
                  link_span: int | None = None) -> str | None:
        """A new actor (and the span's link to it, in the same undo step); its id, or None."""
        actor_id = new_uid()  # fixed now: redo creates the same actor again
        aliases = [a for a in aliases if a.strip()]
        cases: list[UseCase] = [lambda st: registry.add_actor(st, name, kind, aliases=aliases, actor_id=actor_id,
                                                              external_ids=external_ids, notes=notes)]
        if link_span is not None:
            cases.append(lambda st: decisions.set_link(st, link_span, actor_id))
        return actor_id if self.push(f"Add actor {name}", *cases) else None

    def create_from_span(self, kind: str | None = None, name: str | None = None) -> str | None:
        """An actor named after the selected ACTOR span (kind from its `kind` attribute), linked to it."""
        span = self.actor_span()
        if span is None:
            return None
        text = " ".join(self.ws.span_text(span).split())
        kind = kind or (span.attributes.get("kind") if span.attributes.get("kind") in KINDS else "person")
        return self.add_actor(name or text, kind, aliases=[text] if name and name != text else [], link_span=span.id)

    def add_alias(self, actor_id: str, alias: str) -> bool:
        return self.push(f"Add alias {alias}", lambda st: registry.add_alias(st, actor_id, alias))

    def merge(self, keep: str, drop: str) -> bool:
        return self.push(f"Merge {self.actor_label(drop)} into {self.actor_label(keep)}",
                         lambda st: registry.merge_actors(st, keep, drop))

    # ---- label every occurrence ----------------------------------------------------

    def label_all(self, scope: str, *, span_id: int | None = None, actor_id: str | None = None) -> bool:
        """Pending ACTOR suggestions (with the link) for every other occurrence, in the open
        document or the whole corpus."""
        if scope not in SCOPES:
            raise ValueError(scope)
        if scope == "document" and self.ws.document is None:
            return False
        docs = [self.ws.document.id] if scope == "document" else None
        done = self.push("Label every occurrence",
                         lambda st: self._label_all(st, actor_id, span_id, docs))
        if done:
            edit = self.last_step.result
            self.ctx.say(f"{len(edit.added_spans)} occurrences proposed, {len(edit.added_links)} spans linked.")
        return done

    @staticmethod
    def _label_all(store, actor_id, span_id, docs):
        return linking.label_all(store, actor_id, span_id=span_id, document_ids=docs).edit

    def ask_label_all(self, actor_id: str | None = None) -> QMessageBox | None:
        """Ask where to label every occurrence (of the selected span, else of `actor_id`)."""
        span_id = None
        if actor_id is None:
            span = self.actor_span()
            if span is None:
                return None
            span_id = span.id
        box = QMessageBox(QMessageBox.Icon.Question, "Label every occurrence",
                          "Propose the same label and link for every other occurrence — where?",
                          parent=self.ctx.parent)
        here = box.addButton("This document", QMessageBox.ButtonRole.AcceptRole)
        everywhere = box.addButton("Whole corpus", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        here.setEnabled(self.ws.document is not None)
        box.setObjectName("labelAllScope")

        def chosen(button) -> None:
            if button in (here, everywhere):
                self.label_all("document" if button is here else "corpus", span_id=span_id, actor_id=actor_id)

        box.buttonClicked.connect(chosen)
        box.open()
        return box

    # ---- going to a mention ----------------------------------------------------------

    def go_to_span(self, document_id: int, span_id: int) -> None:
        if self.ws.document is None or self.ws.document.id != document_id:
            self.open_document(document_id)
        self.ws.select(span_id)
        self.ctx.article.reveal(span_id)
        self.ctx.article.setFocus()

    def go_to_chars(self, document_id: int, start: int, end: int) -> None:
        if self.ws.document is None or self.ws.document.id != document_id:
            self.open_document(document_id)
        self.ctx.article.select_chars(start, end)
        self.ctx.article.ensureCursorVisible()
        self.ctx.article.setFocus()

    def report(self, exc: GlossatorError) -> None:
        self.ctx.say(str(exc))
