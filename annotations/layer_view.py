"""Which annotators' layers an editor shows, and which of them it may change.

A `LayerView` says who I am (`me`: my edits go to my layer) and which other
layers are shown beside mine (`shown`: None = every layer). Pending
suggestions belong to the document, not to a layer (DECISIONS), so they are
always shown and always mine to decide. Accepted spans of another annotator
are shown only on request and are read-only: `check` refuses an edit that
would change one, before anything is written. Spans without an annotator
(stores older than layers) count as mine.

`EditingState` (annotations.editing) uses a LayerView when it opens a
document and applies changes; this module must not import Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from sqlalchemy import bindparam
from sqlalchemy import text as sql

from . import editing
from .errors import ValidationError
from .store import Store
from .types import Span


@dataclass(frozen=True)
class LayerView:
    me: str
    shown: frozenset[str] | None = frozenset()  # other layers shown beside mine; None = all

    @classmethod
    def mine(cls, me: str) -> "LayerView":
        return cls(me, frozenset())

    @classmethod
    def all(cls, me: str) -> "LayerView":
        return cls(me, None)

    @classmethod
    def picked(cls, me: str, layers: Iterable[str]) -> "LayerView":
        return cls(me, frozenset(layers) - {me})

    def owns(self, annotator: str | None) -> bool:
        return annotator is None or annotator == self.me

    def shows_layer(self, annotator: str | None) -> bool:
        return self.owns(annotator) or self.shown is None or annotator in self.shown

    def shows(self, span: Span) -> bool:
        return span.status == "pending" or self.shows_layer(span.annotator)

    def writable(self, span: Span) -> bool:
        return span.status == "pending" or self.owns(span.annotator)

    def hidden_span_ids(self, store: Store, document_id: int) -> list[int]:
        """The document's accepted spans in layers this view does not show."""
        query = ("SELECT id FROM span WHERE document_id = :doc AND status = 'accepted' "
                 "AND annotator IS NOT NULL AND annotator <> :me")
        params: dict = {"doc": document_id, "me": self.me}
        if self.shown is None:
            return []
        if self.shown:
            query += " AND annotator NOT IN :shown"
            params["shown"] = sorted(self.shown)
        stmt = sql(query)
        if self.shown:
            stmt = stmt.bindparams(bindparam("shown", expanding=True))
        with store.session() as s:
            return [r[0] for r in s.connection().execute(stmt, params)]

    def check(self, edit: editing.Edit, spans: Mapping[int, Span]) -> None:
        """Refuse (ValidationError, nothing written) an edit touching another annotator's span."""
        for span_id in touched_span_ids(edit):
            span = spans.get(span_id)
            if span is not None and not self.writable(span):
                raise ValidationError(f"the {span.label} span at {span.start}-{span.end} is in {span.annotator}'s "
                                      "layer, which is read-only here; nothing was changed")


def touched_span_ids(edit: editing.Edit) -> tuple[int, ...]:
    """The existing spans an edit changes or links (a new span touches none)."""
    if isinstance(edit, editing.SpanEdit):
        return (edit.span_id,)
    if isinstance(edit, editing.DeleteSpan):
        return (edit.span.id,)
    if isinstance(edit, editing.AddRelation):
        return tuple(edit.args[:2])
    if isinstance(edit, editing.RemoveRelation):
        return (edit.relation.head_id, edit.relation.child_id)
    return ()


def document_layers(store: Store, document_id: int) -> list[str]:
    """The annotators with accepted spans in a document, by name."""
    stmt = sql("SELECT DISTINCT annotator FROM span WHERE document_id = :doc AND status = 'accepted' "
               "AND annotator IS NOT NULL ORDER BY annotator")
    with store.session() as s:
        return [r[0] for r in s.connection().execute(stmt, {"doc": document_id})]
