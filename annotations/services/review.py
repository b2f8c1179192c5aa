"""Reviewing suggestions: accept, reject, relabel-and-accept, accept all in a
document, and reopen (the undo of any of these). Built on `set_span_status`
and `relabel_span`, so every decision is in the event log; accepted
suggestions keep origin "suggestion" and their suggester name.

Suggested relations follow their spans: a pending relation becomes accepted
when both its spans are accepted, rejected when either is rejected, and
pending again when a span is reopened.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from sqlmodel import col, select

from ..errors import ValidationError
from ..models import RelationRow, SpanRow
from ..store import Store
from ..types import Change, Span
from . import events
from .rows import current_annotator, get_span_row, to_span
from .spans import relabel_span, set_span_status


def _merge(document_id: int, changes: Iterable[Change]) -> Change:
    changed: dict[int, None] = {}
    removed_relations = []
    for change in changes:
        changed.update(dict.fromkeys(change.changed_spans))
        removed_relations.extend(change.removed_relations)
    return Change(document_id, changed_spans=tuple(changed), removed_relations=tuple(removed_relations))


def _sync_relations(store: Store, span_ids: Iterable[int], annotator: str) -> None:
    """Give suggested relations touching these spans the status their spans imply."""
    ids = list(span_ids)
    if not ids:
        return
    with store.session() as s:
        rels = s.exec(select(RelationRow).where(
            RelationRow.origin == "suggestion",
            col(RelationRow.head_id).in_(ids) | col(RelationRow.child_id).in_(ids),
        )).all()
        for rel in rels:
            ends = [s.get(SpanRow, rel.head_id).status, s.get(SpanRow, rel.child_id).status]
            status = "rejected" if "rejected" in ends else "accepted" if ends == ["accepted"] * 2 else "pending"
            if status != rel.status:
                events.record(
                    s, "set_relation_status", document_id=rel.document_id, target=f"relation:{rel.id}",
                    before={"status": rel.status}, after={"status": status}, annotator=annotator,
                )
                rel.status = status
                s.add(rel)


def _pending(store: Store, span_id: int) -> Span:
    with store.session() as s:
        span = to_span(get_span_row(s, span_id))
    if span.status != "pending":
        raise ValidationError(f"span {span_id} is not a pending suggestion (it is {span.status})")
    return span


def accept(store: Store, span_id: int, *, annotator: str | None = None) -> Change:
    annotator = annotator or current_annotator()
    _pending(store, span_id)
    change = set_span_status(store, span_id, "accepted", annotator=annotator)
    _sync_relations(store, [span_id], annotator)
    return change


def reject(store: Store, span_id: int, *, annotator: str | None = None) -> Change:
    annotator = annotator or current_annotator()
    _pending(store, span_id)
    change = set_span_status(store, span_id, "rejected", annotator=annotator)
    _sync_relations(store, [span_id], annotator)
    return change


def relabel_and_accept(
    store: Store,
    span_id: int,
    label: str,
    attributes: Mapping[str, Any] | None = None,
    *,
    annotator: str | None = None,
) -> Change:
    """Accept a suggestion under another label (relations the new label cannot have are removed)."""
    annotator = annotator or current_annotator()
    span = _pending(store, span_id)
    modified = label != span.label or attributes is not None
    relabelled = relabel_span(store, span_id, label, attributes, annotator=annotator) if modified else None
    accepted = set_span_status(store, span_id, "accepted", annotator=annotator)
    _sync_relations(store, [span_id], annotator)
    return _merge(span.document_id, [c for c in (relabelled, accepted) if c is not None])


def accept_all(
    store: Store, document_id: int, *, suggester: str | None = None, annotator: str | None = None
) -> Change:
    """Accept every pending suggestion of a document (optionally of one suggester).

    A suggestion that would duplicate an accepted span stays pending.
    """
    annotator = annotator or current_annotator()
    with store.session() as s:
        query = select(SpanRow.id).where(SpanRow.document_id == document_id, SpanRow.status == "pending")
        if suggester is not None:
            query = query.where(SpanRow.suggester == suggester)
        ids = list(s.exec(query.order_by(SpanRow.start, SpanRow.id)))
    changes = []
    for span_id in ids:
        try:
            changes.append(set_span_status(store, span_id, "accepted", annotator=annotator))
        except ValidationError:
            continue
    accepted = [c.span_id for c in changes]
    _sync_relations(store, accepted, annotator)
    return _merge(document_id, changes)


def reopen(
    store: Store,
    span_id: int,
    label: str | None = None,
    attributes: Mapping[str, Any] | None = None,
    *,
    annotator: str | None = None,
) -> Change:
    """Make a reviewed suggestion pending again, restoring its label and attributes if given (undo)."""
    annotator = annotator or current_annotator()
    with store.session() as s:
        span = to_span(get_span_row(s, span_id))
    changes = [set_span_status(store, span_id, "pending", annotator=annotator)]
    if label is not None and (label != span.label or attributes is not None):
        changes.append(relabel_span(store, span_id, label, attributes, annotator=annotator))
    _sync_relations(store, [span_id], annotator)
    return _merge(span.document_id, changes)


def next_pending(store: Store, document_id: int, after: int = -1) -> Span | None:
    """The first pending suggestion starting after offset `after` (wrapping to the start)."""
    with store.session() as s:
        base = select(SpanRow).where(SpanRow.document_id == document_id, SpanRow.status == "pending")
        row = s.exec(base.where(SpanRow.start > after).order_by(SpanRow.start, SpanRow.id)).first()
        if row is None:
            row = s.exec(base.order_by(SpanRow.start, SpanRow.id)).first()
        return to_span(row) if row is not None else None


def review_queue(store: Store, order: str = "score", limit: int | None = None) -> list[Span]:
    """Pending suggestions across the corpus, by score (most confident first) or by document."""
    with store.session() as s:
        query = select(SpanRow).where(SpanRow.status == "pending")
        if order == "score":
            query = query.order_by(col(SpanRow.score).desc(), SpanRow.document_id, SpanRow.start)
        elif order == "document":
            query = query.order_by(SpanRow.document_id, SpanRow.start, SpanRow.id)
        else:
            raise ValidationError(f"unknown queue order {order!r} (use score or document)")
        if limit is not None:
            query = query.limit(limit)
        return [to_span(r) for r in s.exec(query)]
