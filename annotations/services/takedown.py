"""Removing documents for takedowns (`glossator delete-docs`): the documents, their
spans, relations and assignments go in one transaction; the event log keeps a
`delete_document` tombstone naming the document's uid and sha256, so a merge
carries the deletion to other stores and never brings the document back."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import delete, insert, select

from ..errors import ValidationError
from ..tables import AssignmentRow, DocumentRow, EventRow, RelationRow, SpanRow, utcnow
from ..store import Store
from .rows import current_annotator


@dataclass(frozen=True)
class DeletedDocument:
    id: int
    title: str
    spans: int


def remove_documents(conn, document_ids: Sequence[int], annotator: str | None, note: dict | None = None) -> list[DeletedDocument]:
    """Delete these documents (inside the caller's Core transaction), logging one tombstone each."""
    doc, span, rel, asg = (t.__table__ for t in (DocumentRow, SpanRow, RelationRow, AssignmentRow))
    removed = []
    for doc_id in document_ids:
        row = conn.execute(select(doc.c.uid, doc.c.sha256, doc.c.title).where(doc.c.id == doc_id)).first()
        if row is None:
            continue
        conn.execute(delete(rel).where(rel.c.document_id == doc_id))
        spans = conn.execute(delete(span).where(span.c.document_id == doc_id)).rowcount
        conn.execute(delete(asg).where(asg.c.document_id == doc_id))
        conn.execute(delete(doc).where(doc.c.id == doc_id))
        conn.execute(insert(EventRow.__table__).values(
            at=utcnow(), annotator=annotator, action="delete_document", document_id=doc_id,
            target=f"document:{doc_id}", before={"uid": row.uid, "sha256": row.sha256, "title": row.title},
            after=note))
        removed.append(DeletedDocument(doc_id, row.title, int(spans or 0)))
    return removed


def delete_documents(store: Store, document_ids: Sequence[int], *, annotator: str | None = None) -> list[DeletedDocument]:
    """Delete documents by id, all or none: an id not in the store stops it before any write."""
    ids = list(dict.fromkeys(document_ids))
    annotator = annotator or current_annotator()
    with store.transaction() as conn:
        table = DocumentRow.__table__
        found = set(conn.execute(select(table.c.id).where(table.c.id.in_(ids))).scalars())
        missing = [i for i in ids if i not in found]
        if missing:
            raise ValidationError(f"delete-docs: no document {', '.join(map(str, missing[:10]))} in "
                                  f"{store.location}; nothing was deleted")
        return remove_documents(conn, ids, annotator)
