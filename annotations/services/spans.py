"""Span use cases: add, delete, restore, relabel, resize, set attributes, set status.

Each public function is one use case: it opens the one transaction
(`with store.session() as s:`) and returns a Change. The `_helpers` below take
that Session and never commit, so other use cases (review.py) compose them
inside their own single transaction; a public service never calls another.

Every edit is reversible with another call (delete ↔ restore_spans,
relabel/resize/attributes/status with the old values). An undo passes
`expect=` (the span as its edit left it): when the stored row is no longer in
that state (changed or deleted by another process), EditConflictError is
raised and nothing is written.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from sqlalchemy import text as sql
from sqlalchemy.sql.expression import bindparam
from sqlmodel import Session, col, func, select

from ..errors import DuplicateRowError, EditConflictError, NotFoundError, ValidationError
from ..tables import DocumentRow, RelationRow, SpanRow, utcnow
from ..schema import LabelSchema
from ..store import Store
from ..types import SPAN_STATUSES, Change, Relation, Span
from . import events
from .bulk import insert_span
from .rows import (
    SPAN_COLUMNS,
    SPAN_KEY_COLUMNS,
    SpanRows,
    current_annotator,
    get_span_row,
    span_from_row,
    span_snapshot,
    text_length,
    to_relation,
    to_span,
)


_NO_LIMIT = 2**62  # a length no text reaches: the offsets' own checks before the document's length is read


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


def _refuse_duplicate(session: Session, document_id: int, start: int, end: int, label: str, layer: str | None,
                      skip: int | None = None) -> None:
    """One accepted span per (document, start, end, label) in each annotator's layer (DECISIONS):
    another layer may hold the same span."""
    query = select(SpanRow.id).where(
        SpanRow.document_id == document_id,
        SpanRow.start == start,
        SpanRow.end == end,
        SpanRow.label == label,
        SpanRow.status == "accepted",
        func.coalesce(SpanRow.annotator, "") == (layer or ""),
    )
    found = [i for i in session.exec(query) if i != skip]
    if found:
        raise ValidationError(f"an accepted {label} span at {start}–{end} already exists (span {found[0]})")


def _check_expected(row: SpanRow | None, expect: Span | None, span_id: int) -> None:
    """Refuse an undo/redo whose span is no longer as the edit left it."""
    if expect is None:
        return
    if row is None:
        raise EditConflictError(f"span {span_id} was deleted meanwhile (by another window or process); "
                                "nothing was written")
    stored = (row.document_id, row.start, row.end, row.label, dict(row.attributes or {}), row.status)
    wanted = (expect.document_id, expect.start, expect.end, expect.label, dict(expect.attributes), expect.status)
    if stored != wanted:
        raise EditConflictError(f"span {span_id} was changed meanwhile (now {row.label} {row.start}–{row.end}, "
                                f"{row.status}); nothing was written")


# ---- helpers that work inside the caller's transaction -----------------------


def _relations_touching(session: Session, span_ids: Iterable[int]) -> list[RelationRow]:
    ids = list(span_ids)
    return list(
        session.exec(
            select(RelationRow).where(col(RelationRow.head_id).in_(ids) | col(RelationRow.child_id).in_(ids))
        )
    )


def _delete_spans(s: Session, span_ids: list[int], annotator: str, expect: Iterable[Span] | None = None) -> Change:
    for span in expect or ():
        _check_expected(s.get(SpanRow, span.id), span, span.id)
    rows = [get_span_row(s, i) for i in span_ids]
    doc_ids = {r.document_id for r in rows}
    if len(doc_ids) != 1:
        raise ValidationError("spans deleted together must belong to one document")
    relations = _relations_touching(s, span_ids)
    removed_relations = tuple(to_relation(r) for r in relations)
    removed_spans = tuple(to_span(r) for r in rows)
    for rel in relations:
        s.delete(rel)
    for row in rows:
        s.delete(row)
        events.record(s, "delete_span", document_id=row.document_id, target=f"span:{row.id}",
                      before=span_snapshot(row), annotator=annotator)
    return Change(doc_ids.pop(), removed_spans=removed_spans, removed_relations=removed_relations)


def _restore_span(s: Session, sp: Span, annotator: str) -> int:
    """Insert a deleted span again; returns its id (the original one while it is free)."""
    if s.get(DocumentRow, sp.document_id) is None:
        raise EditConflictError(f"document {sp.document_id} was deleted meanwhile; span {sp.id} cannot come back")
    taken = s.get(SpanRow, sp.id)
    if taken is not None and (taken.document_id, taken.start, taken.end, taken.label) == (
            sp.document_id, sp.start, sp.end, sp.label):
        raise EditConflictError(f"span {sp.id} is already in the store (restored meanwhile); nothing was written")
    if sp.status == "accepted":
        try:
            _refuse_duplicate(s, sp.document_id, sp.start, sp.end, sp.label, sp.annotator)
        except ValidationError as exc:
            raise EditConflictError(f"span {sp.id} cannot come back: {exc} (added meanwhile)") from None
    row = SpanRow(
        # another row holding the old id (a store that reuses ids): the database gives a new one
        id=sp.id if taken is None else None,
        # the same uid, so a merge sees the same span come back (a new one if another row holds it)
        **({"uid": sp.uid} if sp.uid and s.exec(select(SpanRow.id).where(SpanRow.uid == sp.uid)).first() is None
           else {}),
        document_id=sp.document_id, start=sp.start, end=sp.end, label=sp.label,
        attributes=dict(sp.attributes), origin=sp.origin, status=sp.status, suggester=sp.suggester,
        suggester_version=sp.suggester_version, score=sp.score, annotator=sp.annotator,
        created_at=sp.created_at or utcnow(), updated_at=utcnow(),
    )
    s.add(row)
    s.flush()
    events.record(s, "restore_span", document_id=sp.document_id, target=f"span:{row.id}",
                  after=span_snapshot(row), annotator=annotator)
    return row.id


def _restore_relation(s: Session, rel: Relation, head_id: int, child_id: int, annotator: str) -> int:
    for end in (head_id, child_id):
        if s.get(SpanRow, end) is None:
            raise EditConflictError(f"span {end} of relation {rel.id} was deleted meanwhile; nothing was written")
    taken = s.get(RelationRow, rel.id)
    row = RelationRow(
        **({"uid": rel.uid} if rel.uid and s.exec(select(RelationRow.id).where(RelationRow.uid == rel.uid)).first()
           is None else {}),
        id=rel.id if taken is None else None, document_id=rel.document_id, head_id=head_id,
        child_id=child_id, label=rel.label, origin=rel.origin, status=rel.status, annotator=rel.annotator,
    )
    s.add(row)
    s.flush()
    events.record(s, "restore_relation", document_id=rel.document_id, target=f"relation:{row.id}",
                  after={"head": head_id, "child": child_id, "label": rel.label, "uid": row.uid}, annotator=annotator)
    return row.id


def _restore_relations(s: Session, relations: Iterable[Relation], new_ids: Mapping[int, int],
                       annotator: str) -> tuple[int, ...]:
    return tuple(
        _restore_relation(s, rel, new_ids.get(rel.head_id, rel.head_id), new_ids.get(rel.child_id, rel.child_id),
                          annotator)
        for rel in relations
    )


def _edit(s: Session, span_id: int, action: str, annotator: str, apply: Callable[[SpanRow], Any],
          expect: Span | None = None) -> Change:
    """Shared body of the single-span edits: load, check, apply, log (no commit)."""
    row = s.get(SpanRow, span_id)
    _check_expected(row, expect, span_id)
    if row is None:
        raise NotFoundError(f"span {span_id} is not in the store")
    before = span_snapshot(row)
    removed = apply(row)
    row.updated_at = utcnow()
    s.add(row)
    events.record(s, action, document_id=row.document_id, target=f"span:{row.id}",
                  before=before, after=span_snapshot(row), annotator=annotator)
    return Change(row.document_id, changed_spans=(row.id,), removed_relations=tuple(removed or ()))


def _relabel(s: Session, schema: LabelSchema, span_id: int, label: str, attributes: Mapping[str, Any] | None,
             annotator: str, expect: Span | None = None) -> Change:
    def apply(row: SpanRow) -> list[Relation]:
        new_def = schema.label(label)
        if attributes is None:
            kept = {k: v for k, v in (row.attributes or {}).items() if new_def.attribute(k)}
        else:
            kept = dict(attributes)
        row.attributes = schema.check_attributes(label, kept)
        if row.status == "accepted" and label != row.label:
            _refuse_duplicate(s, row.document_id, row.start, row.end, label, row.annotator, skip=row.id)
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
                events.record(s, "remove_relation", document_id=rel.document_id, target=f"relation:{rel.id}",
                              before={"head": rel.head_id, "child": rel.child_id, "label": rel.label,
                                      "uid": rel.uid}, annotator=annotator)
        return removed

    return _edit(s, span_id, "relabel_span", annotator, apply, expect)


def _set_status(s: Session, span_id: int, status: str, annotator: str, expect: Span | None = None) -> Change:
    check_status(status)

    def apply(row: SpanRow) -> None:
        if row.status == "pending" and status != "pending":
            row.annotator = annotator  # a decision on a suggestion is the decider's, in their layer (DECISIONS)
        if status == "accepted" and row.status != "accepted":
            _refuse_duplicate(s, row.document_id, row.start, row.end, row.label, row.annotator, skip=row.id)
        row.status = status

    return _edit(s, span_id, "set_span_status", annotator, apply, expect)


# ---- the use cases ------------------------------------------------------------


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
    # The hot path of annotating (tests/benchmarks/pg_edit_bench.py): Core statements, no ORM unit of work.
    # No write lock, as before: the only check a concurrent writer could invalidate is the duplicate,
    # and the partial unique indexes (ux_span_accepted...) decide that inside the INSERT itself; a
    # refused accepted span is named below as _refuse_duplicate names it. Row-level security applies
    # to the INSERT as to any other (annotator = session_user on PostgreSQL).
    annotator = annotator or current_annotator()
    check_status(status)
    schema = store.schema
    try:  # what needs no database first; a failure is re-checked against the text below
        attrs = _validate(schema, _NO_LIMIT, start, end, label, attributes)
    except ValidationError:
        with store.session() as s:  # the document's absence is named first, then the same check's own line
            _validate(schema, text_length(s, document_id), start, end, label, attributes)
        raise
    try:
        with store.session() as s:
            span_id, length = insert_span(s, document_id, start, end, label, attrs, origin=origin, status=status,
                                          suggester=suggester, suggester_version=suggester_version, score=score,
                                          annotator=annotator)
            if span_id is None:
                if length is None:
                    raise NotFoundError(f"document {document_id} is not in the store")
                check_bounds(start, end, length, label)
                raise AssertionError("span insert skipped with the document in place")  # pragma: no cover
    except DuplicateRowError:
        if status != "accepted":
            raise
        with store.session() as s:  # the unique index refused it: name the span that holds the place
            _refuse_duplicate(s, document_id, start, end, label, annotator)
        raise
    return Change(document_id, added_spans=(span_id,))


def delete_span(store: Store, span_id: int, *, annotator: str | None = None, expect: Span | None = None) -> Change:
    """Delete a span and the relations that use it; the Change holds both for undo.
    `expect` (the undo of an add): the span as it was added; EditConflictError if it changed."""
    annotator = annotator or current_annotator()
    with store.session() as s:
        return _delete_spans(s, [span_id], annotator, [expect] if expect is not None else None)


def delete_spans(store: Store, span_ids: Iterable[int], *, annotator: str | None = None,
                 expect: Iterable[Span] | None = None) -> Change:
    annotator = annotator or current_annotator()
    ids = list(dict.fromkeys(span_ids))
    with store.session() as s:
        return _delete_spans(s, ids, annotator, expect)


def restore_spans(
    store: Store,
    spans: Iterable[Span],
    relations: Iterable[Relation] = (),
    *,
    annotator: str | None = None,
) -> Change:
    """Put deleted spans (and their relations) back: the undo of delete.

    A span keeps its original id while that id is free. Where the store has
    given the id to another row meanwhile (older stores reuse the highest id),
    the span comes back under a new id from the database and that row is left
    alone: `Change.added_spans` lists the ids in the order of `spans`, and
    relations are rewired to them. A document or relation end that is gone
    raises EditConflictError and nothing is written.
    """
    annotator = annotator or current_annotator()
    spans, relations = list(spans), list(relations)
    if not spans and not relations:
        raise ValidationError("nothing to restore")
    document_id = spans[0].document_id if spans else relations[0].document_id
    with store.session() as s:
        new_ids = {sp.id: _restore_span(s, sp, annotator) for sp in spans}
        rel_ids = _restore_relations(s, relations, new_ids, annotator)
        return Change(document_id, added_spans=tuple(new_ids[sp.id] for sp in spans), added_relations=rel_ids)


def relabel_span(
    store: Store,
    span_id: int,
    label: str,
    attributes: Mapping[str, Any] | None = None,
    *,
    annotator: str | None = None,
    expect: Span | None = None,
    restore_relations: Iterable[Relation] = (),
) -> Change:
    """Change a span's label. Attributes not defined for the new label are dropped
    unless given; relations the schema no longer allows are removed (and returned).

    The undo of a relabel passes the old label and attributes, `expect` (the span
    as the relabel left it) and `restore_relations` (the relations it removed),
    all in this one transaction."""
    annotator = annotator or current_annotator()
    with store.session() as s:
        change = _relabel(s, store.schema, span_id, label, attributes, annotator, expect)
        restored = _restore_relations(s, restore_relations, {}, annotator)
        return Change(change.document_id, changed_spans=change.changed_spans,
                      removed_relations=change.removed_relations, added_relations=restored)


def resize_span(store: Store, span_id: int, start: int, end: int, *, annotator: str | None = None,
                expect: Span | None = None) -> Change:
    annotator = annotator or current_annotator()
    with store.session() as s:
        def apply(row: SpanRow) -> None:
            check_bounds(start, end, text_length(s, row.document_id), row.label)
            if row.status == "accepted":
                _refuse_duplicate(s, row.document_id, start, end, row.label, row.annotator, skip=row.id)
            row.start, row.end = start, end

        return _edit(s, span_id, "resize_span", annotator, apply, expect)


def set_span_attributes(
    store: Store, span_id: int, attributes: Mapping[str, Any], *, annotator: str | None = None,
    expect: Span | None = None,
) -> Change:
    """Replace a span's attributes (validated against its label)."""
    annotator = annotator or current_annotator()
    schema = store.schema
    with store.session() as s:
        def apply(row: SpanRow) -> None:
            row.attributes = schema.check_attributes(row.label, attributes)

        return _edit(s, span_id, "set_attributes", annotator, apply, expect)


def set_span_status(store: Store, span_id: int, status: str, *, annotator: str | None = None,
                    expect: Span | None = None) -> Change:
    """Accept, reject or reopen a span (without the review rules of review.py)."""
    annotator = annotator or current_annotator()
    with store.session() as s:
        return _set_status(s, span_id, status, annotator, expect)


# ---- reads --------------------------------------------------------------------


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
    query = f"SELECT {columns} FROM span WHERE document_id = :doc"
    params: dict[str, Any] = {"doc": document_id}
    if statuses is not None:
        query += " AND status IN :statuses"
        params["statuses"] = list(statuses)
    stmt = sql(query + ' ORDER BY start, "end", id')
    if statuses is not None:
        stmt = stmt.bindparams(bindparam("statuses", expanding=True))
    with store.session() as s:
        return [tuple(r) for r in s.connection().execute(stmt, params)]


def _spans_by_id(store: Store, ids: list[int]) -> list[tuple]:
    stmt = sql(f"SELECT {SPAN_COLUMNS} FROM span WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
    with store.session() as s:
        return [tuple(r) for r in s.connection().execute(stmt, {"ids": ids})]
