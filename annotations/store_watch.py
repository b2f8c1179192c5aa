"""Noticing what other processes wrote to a store, so an editor can show it
without a restart (another annotator on the team's PostgreSQL store, the CLI).

Every change a service makes is an event in the append-only log, in the same
transaction. `StoreWatch.poll` reads the events it has not seen yet: one
indexed range query on the event id, cheap enough for a timer. PostgreSQL
hands out ids before commit, so a transaction can become visible after a later
id; the query therefore re-reads a window of recent ids and skips those
already seen, instead of trusting `max(id)` alone.

`open_document_change` turns what changed into the `Change` an `EditingState`
applies to the open document (spans added, removed or changed, relations,
the document's status), so views update in place and keep their selection
and scroll position. This module must not import Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import text as sql

from . import services
from .editing import EditingState
from .store import Store
from .types import Change, Span

WINDOW = 200  # recent event ids read again at each poll (transactions committing out of id order)


@dataclass(frozen=True)
class StoreChanges:
    """Events not seen before, summarised."""

    documents: frozenset[int]  # documents they touched
    span_ids: frozenset[int]  # spans they name (target `span:ID`)
    relation_documents: frozenset[int]  # documents whose relations changed
    status_documents: frozenset[int]  # documents whose status (or record) changed
    annotators: frozenset[str | None]  # who wrote them
    store_wide: bool  # some event concerns no document (labels, schema)

    def only_by(self, annotator: str, document_id: int | None) -> bool:
        """All of it was written as `annotator` to the document `document_id` (e.g. my own edits)."""
        return (self.annotators == {annotator} and not self.store_wide
                and self.documents <= ({document_id} if document_id is not None else set()))


class StoreWatch:
    """Remembers which events it has seen; `poll` returns what is new (or None)."""

    def __init__(self, store: Store):
        self.store = store
        with store.session() as s:
            self.last_id = int(s.connection().execute(sql("SELECT COALESCE(MAX(id), 0) FROM event")).scalar())
        self._seen: set[int] = {r[0] for r in self._events_after(self.last_id - WINDOW)}

    def _events_after(self, floor: int) -> list[tuple]:
        with self.store.session() as s:
            return [tuple(r) for r in s.connection().execute(sql(
                "SELECT id, annotator, document_id, target, action FROM event WHERE id > :floor ORDER BY id"
            ), {"floor": max(floor, 0)})]

    def poll(self) -> StoreChanges | None:
        """The events committed since the last poll, summarised; None when there are none."""
        rows = self._events_after(self.last_id - WINDOW)
        fresh = [r for r in rows if r[0] not in self._seen]
        if rows:
            self.last_id = max(self.last_id, rows[-1][0])
        self._seen = {r[0] for r in rows if r[0] > self.last_id - WINDOW}
        return summarise(fresh) if fresh else None


def summarise(rows: Iterable[tuple]) -> StoreChanges:
    documents, spans, relations, statuses, who = set(), set(), set(), set(), set()
    store_wide = False
    for _id, annotator, document_id, target, _action in rows:
        who.add(annotator)
        if document_id is None:
            store_wide = True
            continue
        documents.add(document_id)
        kind, _, ident = (target or "").partition(":")
        if kind == "span" and ident.isdigit():
            spans.add(int(ident))
        elif kind == "relation":
            relations.add(document_id)
        else:  # the document itself, or a bulk event (suggest, merge): look at everything
            statuses.add(document_id)
    return StoreChanges(frozenset(documents), frozenset(spans), frozenset(relations), frozenset(statuses),
                        frozenset(who), store_wide)


def _key_rows(store: Store, document_id: int) -> dict[int, tuple]:
    stmt = sql('SELECT id, start, "end", status, annotator FROM span WHERE document_id = :doc '
               "AND status IN ('accepted', 'pending')")
    with store.session() as s:
        return {r[0]: tuple(r) for r in s.connection().execute(stmt, {"doc": document_id})}


def open_document_change(state: EditingState, changes: StoreChanges) -> Change | None:
    """What `changes` did to the open document, as a Change `state.apply` can take (None: nothing)."""
    doc = state.document
    if doc is None or doc.id not in changes.documents:
        return None
    view = state.layer_view
    now = {}
    for span_id, (_, start, end, status, annotator) in _key_rows(state.store, doc.id).items():
        if status == "pending" or view is None or view.shows_layer(annotator):
            now[span_id] = (start, end)
    before = {span_id: state.index.offsets(span_id) for span_id in state.spans}
    added = tuple(sorted(set(now) - set(before)))
    removed = tuple(Span(id=i, document_id=doc.id, start=before[i][0], end=before[i][1], label="")
                    for i in sorted(set(before) - set(now)))
    kept = set(now) & set(before)
    changed = tuple(sorted(i for i in kept if now[i] != before[i] or i in changes.span_ids))
    relations = ()
    if doc.id in changes.relation_documents:  # read again by `state.apply`
        relations = tuple(sorted({r.id for r in services.get_relations(state.store, doc.id)} | set(state.relations)))
    if not (added or removed or changed or relations or doc.id in changes.status_documents):
        return None
    return Change(doc.id, added_spans=added, changed_spans=changed, removed_spans=removed,
                  document_changed=doc.id in changes.status_documents, changed_relations=relations)
