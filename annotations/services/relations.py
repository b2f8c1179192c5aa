"""Relation use cases: add, remove, list. Relations join two spans of one
document with a label the schema allows between their labels (e.g. SOURCE:
ASSERTION → ACTOR)."""
from __future__ import annotations

from sqlmodel import select

from ..errors import NotFoundError, ValidationError
from ..tables import RelationRow
from ..store import Store
from ..types import Change, Relation
from . import events
from .rows import current_annotator, get_span_row, to_relation


def add_relation(
    store: Store,
    head_id: int,
    child_id: int,
    label: str,
    *,
    origin: str = "manual",
    status: str = "accepted",
    annotator: str | None = None,
) -> Change:
    annotator = annotator or current_annotator()
    with store.session() as s:
        head, child = get_span_row(s, head_id), get_span_row(s, child_id)
        if head.document_id != child.document_id:
            raise ValidationError("a relation joins two spans of the same document")
        if head_id == child_id:
            raise ValidationError("a relation needs two different spans")
        store.schema.check_relation(label, head.label, child.label)
        existing = s.exec(
            select(RelationRow.id).where(
                RelationRow.head_id == head_id, RelationRow.child_id == child_id, RelationRow.label == label
            )
        ).first()
        if existing is not None:
            raise ValidationError(f"relation {label} from span {head_id} to span {child_id} already exists")
        row = RelationRow(
            document_id=head.document_id, head_id=head_id, child_id=child_id, label=label,
            origin=origin, status=status, annotator=annotator,
        )
        s.add(row)
        s.flush()
        events.record(
            s, "add_relation", document_id=row.document_id, target=f"relation:{row.id}",
            after={"head": head_id, "child": child_id, "label": label, "uid": row.uid}, annotator=annotator,
        )
        return Change(row.document_id, added_relations=(row.id,))


def remove_relation(store: Store, relation_id: int, *, annotator: str | None = None) -> Change:
    """Remove a relation; the Change holds it so `restore_spans(store, [], [rel])` undoes this."""
    annotator = annotator or current_annotator()
    with store.session() as s:
        row = s.get(RelationRow, relation_id)
        if row is None:
            raise NotFoundError(f"relation {relation_id} is not in the store")
        removed = to_relation(row)
        s.delete(row)
        events.record(
            s, "remove_relation", document_id=row.document_id, target=f"relation:{row.id}",
            before={"head": row.head_id, "child": row.child_id, "label": row.label, "uid": row.uid},
            annotator=annotator,
        )
        return Change(row.document_id, removed_relations=(removed,))


def get_relations(store: Store, document_id: int) -> list[Relation]:
    with store.session() as s:
        query = select(RelationRow).where(RelationRow.document_id == document_id).order_by(RelationRow.id)
        return [to_relation(r) for r in s.exec(query)]
