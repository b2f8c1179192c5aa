"""Annotating by keyboard and mouse: labelling a selection (snapped to tokens),
relabelling, moving span boundaries by a token, stepping through spans, and
linking two spans with a relation of the schema ("pick the other span").

Every change is an `annotations.editing` edit pushed on the workspace; which
relation a span can take part in comes from the schema, never from a name
written here.

Snapping needs spaCy's tokenizer, which takes seconds to import: the window
paints first, then `preload_tokenizer` loads it in a worker; a label key
pressed before it is ready waits for that import (Python's import lock).
"""
from __future__ import annotations

from annotations import editing
from annotations.errors import GlossatorError
from annotations.schema import RelationDef

from .. import workers
from .context import Context


def _load_tokenizer(language: str) -> str:
    from annotations import tokens  # imports spaCy

    tokens.blank(language)
    return language


class AnnotatingController:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.ws = ctx.ws
        self.pick: tuple[str, int, str] | None = None  # (relation, chosen span id, "head"/"child" it is)
        self.tokenizer_ready: str | None = None  # the language whose tokenizer is loaded

    def preload_tokenizer(self) -> workers.Worker:
        """Load spaCy and the store language's tokenizer in the background."""
        def ready(language: str) -> None:
            self.tokenizer_ready = language

        language = self.ws.language
        return workers.start(lambda _progress: _load_tokenizer(language), ready,
                             lambda message: self.ctx.say(f"Tokenizer not loaded: {message}"))

    def apply_label(self, label: str, exact: bool = False) -> None:
        doc = self.ws.document
        if doc is None:
            return
        chosen = self.ctx.article.selection()
        if chosen is not None:
            if not exact:
                from annotations.tokens import snap  # loaded by preload_tokenizer, or now

                chosen = snap(doc.text, *chosen, self.ws.language)
            if chosen is None:
                self.ctx.say("The selection holds only whitespace.")
                return
            overlapping = (self.ws.spans[i] for i in self.ws.index.overlapping(*chosen))
            edit = editing.label_edit(overlapping, doc.id, *chosen, label)
            if self.ws.push(edit):
                cursor = self.ctx.article.textCursor()
                cursor.clearSelection()
                self.ctx.article.setTextCursor(cursor)
        elif self.ws.selected_span is not None:
            if self.ws.selected_span.label != label:
                self.ws.push(editing.RelabelSpan(self.ws.selected_span, label))
        else:
            self.ctx.say("Select some text (or a span) first.")

    def step_span(self, step: int) -> None:
        article = self.ctx.article
        pos = article.to_cp(article.textCursor().position())
        index = self.ws.index
        found = index.after(pos, self.ws.selected) if step > 0 else index.before(pos, self.ws.selected)
        if found is not None:
            cursor = article.textCursor()
            cursor.clearSelection()
            article.setTextCursor(cursor)
            self.ws.select(found)

    def move_edge(self, edge: str, direction: int) -> None:
        span = self.ws.selected_span
        if span is None:
            return
        from annotations.tokens import move_edge

        moved = move_edge(self.ws.document.text, span.start, span.end, edge, direction, self.ws.language)
        if moved is None:
            self.ctx.say("The span cannot move further that way.")
            return
        self.ws.push(editing.ResizeSpan(span, *moved))

    def delete_selected(self) -> None:
        span = self.ws.selected_span
        if span is not None:
            self.ws.push(editing.DeleteSpan(span))

    # ---- relations: pick the other span ---------------------------------------

    def relations_for_selected(self) -> list[RelationDef]:
        span = self.ws.selected_span
        if span is None or self.ws.store is None:
            return []
        return [r for r in self.ws.store.schema.relations if span.label in (*r.head, *r.child)]

    def start_relation(self, name: str | None = None) -> None:
        """Start linking the selected span; without `name`, the first relation the schema
        allows for its label."""
        span = self.ws.selected_span
        if span is None:
            return
        if name is None:
            allowed = self.relations_for_selected()
            if not allowed:
                self.ctx.say(f"The schema has no relation for {span.label} spans.")
                return
            name = allowed[0].name
        try:
            rel = self.ws.store.schema.relation(name)
        except GlossatorError as exc:
            self.ctx.say(str(exc))
            return
        role = "head" if span.label in rel.head else "child"
        wanted = "/".join(rel.child if role == "head" else rel.head)
        self.pick = (name, span.id, role)
        article = "an" if wanted[:1].upper() in "AEIOU" else "a"
        self.ctx.say(f"{name}: click {article} {wanted} span (or Tab to it and press Enter); Esc cancels.")
        self.ctx.article.setFocus()

    def span_clicked(self, span_id: int) -> None:
        self.ws.select(span_id)
        if self.pick is not None:
            self.confirm_pick()

    def confirm_pick(self) -> None:
        if self.pick is None or self.ws.selected is None:
            return
        name, first, role = self.pick
        other = self.ws.selected
        head, child = (first, other) if role == "head" else (other, first)
        self.pick = None
        if self.ws.push(editing.AddRelation(self.ws.document.id, head, child, name)):
            self.ctx.say(f"{name} relation added.")

    def cancel_pick(self) -> None:
        if self.pick is not None:
            self.pick = None
            self.ctx.say("Cancelled.")
