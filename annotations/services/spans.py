"""Span use cases: add, delete, restore, relabel, resize, set attributes, set status.

Each call is one transaction and returns a Change; each is reversible with
another call (delete ↔ restore_spans, relabel/resize/attributes/status with the
old values), so an undo stack can be built on top without Qt.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from sqlmodel import Session, col, select

from ..errors import ValidationError
from ..models import RelationRow, SpanRow, utcnow
from ..schema import LabelSchema
from ..store import Store
from ..types import SPAN_STATUSES, Change, Relation, Span
from . import events
from .rows import (
    SPAN_COLUMNS,
    SPAN_KEY_COLUMNS,
    SpanRows,
    span_from_row,
    current_annotator,
    get_span_row,
    span_snapshot,
    text_length,
    to_relation,
    to_span,
)


def check_bounds(start: int, end: int, length: int, label: str = "span") -> None:
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise ValidationError(f"{label} offsets must be integers, not {start!r}–{end!r}")
    if start < 0 or end > length or start >= end:
        raise ValidationError(
            f"{label} offsets {start}–{end} are outside the text (0–{length}) or empty/reversed"
        )


def check_status(status: str) -> None:
    if status not in SPAN_STATUSES:
        raise ValidationError(f"unknown span status {status!r} (use {', '.join(SPAN_STATUSES)})")


def _validate(schema: LabelSchema, length: int, start: int, end: int, label: str, attributes) -> dict:
    schema.label(label)
    check_bounds(start, end, length, label)
    return schema.check_attributes(label, attributes)


def _refuse_duplicate(session: Session, document_id: int, start: int, end: int, label: str, skip: int | None = None) -> None:
    query = select(SpanRow.id).where(
        SpanRow.document_id == document_id,
        SpanRow.start == start,
        SpanRow.end == end,
        SpanRow.label == label,
        SpanRow.status == "accepted",
    )
    found = [i for i in session.exec(query) if i != skip]
    if found:
        raise ValidationError(f"an accepted {label} span at {start}–{end} already exists (span {found[0]})")


def add_span(
    store: Store,
    document_id: int,
    start: int,
    end: int,
    label: str,
    attributes: Mapping[str, Any] | None = None,
    *,
    origin: str = "manual",
    status: str = "accepted",
    suggester: str | None = None,
    suggester_version: str | None = None,
    score: float | None = None,
    annotator: str | None = None,
) -> Change:
    check_status(status)
    annotator = annotator or current_annotator()
    with store.session() as s:
        attrs = _validate(store.schema, text_length(s, document_id), start, end, label, attributes)
        if status == "accepted":
            _refuse_duplicate(s, document_id, start, end, label)
        row = SpanRow(
            document_id=document_id,
            start=start,
            end=end,
            label=label,
            attributes=attrs,
            origin=origin,
            status=status,
            suggester=suggester,
            suggester_version=suggester_version,
            score=score,
            annotator=annotator,
        )
        s.add(row)
        s.flush()
        events.record(
            s, "add_span", document_id=document_id, target=f"span:{row.id}",
            after=span_snapshot(row), annotator=annotator,
        )
        return Change(document_id, added_spans=(row.id,))


def _relations_touching(session: Session, span_ids: Iterable[int]) -> list[RelationRow]:
    ids = list(span_ids)
    return list(
        session.exec(
            select(RelationRow).where(col(RelationRow.head_id).in_(ids) | col(RelationRow.child_id).in_(ids))
        )
    )


def delete_span(store: Store, span_id: int, *, annotator: str | None = None) -> Change:
    """Delete a span and the relations that use it; the Change holds both for undo."""
    return delete_spans(store, [span_id], annotator=annotator)


def delete_spans(store: Store, span_ids: Iterable[int], *, annotator: str | None = None) -> Change:
    annotator = annotator or current_annotator()
    ids = list(dict.fromkeys(span_ids))
    with store.session() as s:
        rows = [get_span_row(s, i) for i in ids]
        doc_ids = {r.document_id for r in rows}
        if len(doc_ids) != 1:
            raise ValidationError("spans deleted together must belong to one document")
        relations = _relations_touching(s, ids)
        removed_relations = tuple(to_relation(r) for r in relations)
        removed_spans = tuple(to_span(r) for r in rows)
        for rel in relations:
            s.delete(rel)
        for row in rows:
            s.delete(row)
            events.record(
                s, "delete_span", document_id=row.document_id, target=f"span:{row.id}",
                before=span_snapshot(row), annotator=annotator,
            )
        return Change(doc_ids.pop(), removed_spans=removed_spans, removed_relations=removed_relations)


def restore_spans(
    store: Store,
    spans: Iterable[Span],
    relations: Iterable[Relation] = (),
    *,
    annotator: str | None = None,
) -> Change:
    """Put deleted spans (and their relations) back with their original ids: the undo of delete."""
    annotator = annotator or current_annotator()
    spans, relations = list(spans), list(relations)
    if not spans and not relations:
        raise ValidationError("nothing to restore")
    document_id = spans[0].document_id if spans else relations[0].document_id
    with store.session() as s:
        for sp in spans:
            s.add(
                SpanRow(
                    id=sp.id, document_id=sp.document_id, start=sp.start, end=sp.end, label=sp.label,
                    attributes=dict(sp.attributes), origin=sp.origin, status=sp.status,
                    suggester=sp.suggester, suggester_version=sp.suggester_version, score=sp.score,
                    annotator=sp.annotator, created_at=sp.created_at or utcnow(), updated_at=utcnow(),
                )
            )
            events.record(
                s, "restore_span", document_id=sp.document_id, target=f"span:{sp.id}",
                after=span_snapshot(sp), annotator=annotator,
            )
        s.flush()
        for rel in relations:
            s.add(
                RelationRow(
                    id=rel.id, document_id=rel.document_id, head_id=rel.head_id, child_id=rel.child_id,
                    label=rel.label, origin=rel.origin, status=rel.status, annotator=rel.annotator,
                )
            )
            events.record(
                s, "restore_relation", document_id=rel.document_id, target=f"relation:{rel.id}",
                after={"head": rel.head_id, "child": rel.child_id, "label": rel.label}, annotator=annotator,
            )
        return Change(
            document_id,
            added_spans=tuple(sp.id for sp in spans),
            added_relations=tuple(r.id for r in relations),
        )


def _update(store: Store, span_id: int, action: str, annotator: str | None, apply) -> Change:
    """Shared body of the single-span edits: load, apply, validate, log, commit."""
    annotator = annotator or current_annotator()
    with store.session() as s:
        row = get_span_row(s, span_id)
        before = span_snapshot(row)
        removed = apply(s, row)
        row.updated_at = utcnow()
        s.add(row)
        events.record(
            s, action, document_id=row.document_id, target=f"span:{row.id}",
            before=before, after=span_snapshot(row), annotator=annotator,
        )
        return Change(row.document_id, changed_spans=(row.id,), removed_relations=tuple(removed or ()))


def relabel_span(
    store: Store,
    span_id: int,
    label: str,
    attributes: Mapping[str, Any] | None = None,
    *,
    annotator: str | None = None,
) -> Change:
    """Change a span's label. Attributes not defined for the new label are dropped
    unless given; relations the schema no longer allows are removed (and returned)."""
    schema = store.schema

    def apply(s: Session, row: SpanRow):
        new_def = schema.label(label)
        if attributes is None:
            kept = {k: v for k, v in (row.attributes or {}).items() if new_def.attribute(k)}
        else:
            kept = dict(attributes)
        row.attributes = schema.check_attributes(label, kept)
        if row.status == "accepted" and label != row.label:
            _refuse_duplicate(s, row.document_id, row.start, row.end, label, skip=row.id)
        row.label = label
        removed = []
        for rel in _relations_touching(s, [row.id]):
            head = row if rel.head_id == row.id else get_span_row(s, rel.head_id)
            child = row if rel.child_id == row.id else get_span_row(s, rel.child_id)
            try:
                schema.check_relation(rel.label, head.label, child.label)
            except ValidationError:
                removed.append(to_relation(rel))
                s.delete(rel)
        return removed

    return _update(store, span_id, "relabel_span", annotator, apply)


def resize_span(store: Store, span_id: int, start: int, end: int, *, annotator: str | None = None) -> Change:
    def apply(s: Session, row: SpanRow):
        check_bounds(start, end, text_length(s, row.document_id), row.label)
        if row.status == "accepted":
            _refuse_duplicate(s, row.document_id, start, end, row.label, skip=row.id)
        row.start, row.end = start, end

    return _update(store, span_id, "resize_span", annotator, apply)


def set_span_attributes(
    store: Store, span_id: int, attributes: Mapping[str, Any], *, annotator: str | None = None
) -> Change:
    """Replace a span's attributes (validated against its label)."""
    schema = store.schema

    def apply(s: Session, row: SpanRow):
        row.attributes = schema.check_attributes(row.label, attributes)

    return _update(store, span_id, "set_attributes", annotator, apply)


def set_span_status(store: Store, span_id: int, status: str, *, annotator: str | None = None) -> Change:
    """Accept, reject or reopen a span (suggestion review builds on this)."""
    check_status(status)

    def apply(s: Session, row: SpanRow):
        if status == "accepted" and row.status != "accepted":
            _refuse_duplicate(s, row.document_id, row.start, row.end, row.label, skip=row.id)
        row.status = status

    return _update(store, span_id, "set_span_status", annotator, apply)


def get_span(store: Store, span_id: int) -> Span:
    with store.session() as s:
        return to_span(get_span_row(s, span_id))


def get_spans(store: Store, document_id: int, statuses: Iterable[str] | None = None) -> list[Span]:
    """A document's spans ordered by (start, end, id)."""
    return [span_from_row(r) for r in _span_tuples(store, document_id, statuses)]


def get_span_rows(store: Store, document_id: int, statuses: Iterable[str] | None = None) -> SpanRows:
    """A document's spans as a SpanRows mapping in (start, end, id) order: keys read now,
    whole Spans read from `store` when first asked for."""
    return SpanRows(_span_tuples(store, document_id, statuses, SPAN_KEY_COLUMNS),
                    lambda ids: _spans_by_id(store, ids))


def _span_tuples(store: Store, document_id: int, statuses: Iterable[str] | None,
                 columns: str = SPAN_COLUMNS) -> list[tuple]:
    sql = f"SELECT {columns} FROM span WHERE document_id = ?"
    params: list = [document_id]
    if statuses is not None:
        statuses = list(statuses)
        sql += f" AND status IN ({','.join('?' * len(statuses))})"
        params += statuses
    sql += ' ORDER BY start, "end", id'
    with store.session() as s:
        con = s.connection().connection.driver_connection
        return con.execute(sql, params).fetchall()


def _spans_by_id(store: Store, ids: list[int]) -> list[tuple]:
    with store.session() as s:
        con = s.connection().connection.driver_connection
        return con.execute(f"SELECT {SPAN_COLUMNS} FROM span WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
