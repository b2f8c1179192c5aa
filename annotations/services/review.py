"""Reviewing suggestions: accept, reject, relabel-and-accept, accept all in a
document, and reopen (the undo of any of these). Every decision is one
transaction built from the session helpers of spans.py, so it is in the event
log whole or not at all; accepted suggestions keep origin "suggestion" and
their suggester name.

Suggested relations follow their spans: a pending relation becomes accepted
when both its spans are accepted, rejected when either is rejected, and
pending again when a span is reopened. The Change names those relations in
`changed_relations`.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from sqlmodel import Session, col, select

from ..errors import ValidationError
from ..tables import RelationRow, SpanRow
from ..store import Store
from ..types import Change, Span
from . import events
from .rows import current_annotator, get_span_row, to_span
from .spans import _relabel, _set_status


def _merge(document_id: int, changes: Iterable[Change], changed_relations: Iterable[int] = ()) -> Change:
    changed: dict[int, None] = {}
    removed_relations = []
    for change in changes:
        changed.update(dict.fromkeys(change.changed_spans))
        removed_relations.extend(change.removed_relations)
    removed_ids = {r.id for r in removed_relations}
    return Change(document_id, changed_spans=tuple(changed), removed_relations=tuple(removed_relations),
                  changed_relations=tuple(i for i in changed_relations if i not in removed_ids))


def _sync_relations(s: Session, span_ids: Iterable[int], annotator: str) -> tuple[int, ...]:
    """Give suggested relations touching these spans the status their spans imply;
    returns the ids of the relations whose status changed."""
    ids = list(span_ids)
    if not ids:
        return ()
    s.flush()
    rels = s.exec(select(RelationRow).where(
        RelationRow.origin == "suggestion",
        col(RelationRow.head_id).in_(ids) | col(RelationRow.child_id).in_(ids),
    ).order_by(RelationRow.id)).all()
    changed = []
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
            changed.append(rel.id)
    return tuple(changed)


def _pending(s: Session, span_id: int) -> Span:
    span = to_span(get_span_row(s, span_id))
    if span.status != "pending":
        raise ValidationError(f"span {span_id} is not a pending suggestion (it is {span.status})")
    return span


def _decide(store: Store, span_id: int, status: str, annotator: str | None) -> Change:
    annotator = annotator or current_annotator()
    with store.session() as s:
        span = _pending(s, span_id)
        change = _set_status(s, span_id, status, annotator)
        return _merge(span.document_id, [change], _sync_relations(s, [span_id], annotator))


def accept(store: Store, span_id: int, *, annotator: str | None = None) -> Change:
    return _decide(store, span_id, "accepted", annotator)


def reject(store: Store, span_id: int, *, annotator: str | None = None) -> Change:
    return _decide(store, span_id, "rejected", annotator)


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
    with store.session() as s:
        span = _pending(s, span_id)
        changes = []
        if label != span.label or attributes is not None:
            changes.append(_relabel(s, store.schema, span_id, label, attributes, annotator))
        changes.append(_set_status(s, span_id, "accepted", annotator))
        return _merge(span.document_id, changes, _sync_relations(s, [span_id], annotator))


def accept_all(
    store: Store, document_id: int, *, suggester: str | None = None, annotator: str | None = None
) -> Change:
    """Accept every pending suggestion of a document (optionally of one suggester),
    in one transaction.

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
                changes.append(_set_status(s, span_id, "accepted", annotator))
            except ValidationError:
                continue
            s.flush()  # the next duplicate check sees this acceptance
        accepted = [c.span_id for c in changes]
        return _merge(document_id, changes, _sync_relations(s, accepted, annotator))


def reopen(
    store: Store,
    span_id: int,
    label: str | None = None,
    attributes: Mapping[str, Any] | None = None,
    *,
    annotator: str | None = None,
    expect: Span | None = None,
) -> Change:
    """Make a reviewed suggestion pending again, restoring its label and attributes if given (undo).

    `expect`: the span as the decision left it; if it is no longer so,
    EditConflictError and nothing is written."""
    annotator = annotator or current_annotator()
    with store.session() as s:
        changes = [_set_status(s, span_id, "pending", annotator, expect)]
        span = to_span(get_span_row(s, span_id))
        if label is not None and (label != span.label or attributes is not None):
            changes.append(_relabel(s, store.schema, span_id, label, attributes, annotator))
        return _merge(span.document_id, changes, _sync_relations(s, [span_id], annotator))


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
