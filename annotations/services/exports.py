"""Reading documents out of the store as format records, in batches, for
export and training. Rejected suggestions are never exported; pending ones
only when asked."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator

from sqlmodel import col, select

from ..models import DocumentRow, RelationRow, SpanRow
from ..store import Store
from ..types import DocumentRecord, RelationRecord, SpanRecord

BATCH = 200


def export_statuses(include_suggestions: bool) -> tuple[str, ...]:
    return ("accepted", "pending") if include_suggestions else ("accepted",)


def load_records(
    store: Store,
    document_ids: Iterable[int] | None = None,
    *,
    include_suggestions: bool = False,
    document_status: str | None = None,
) -> Iterator[DocumentRecord]:
    """Yield DocumentRecords (spans sorted by offsets, relations by span index)."""
    statuses = export_statuses(include_suggestions)
    with store.session() as s:
        if document_ids is None:
            query = select(DocumentRow.id).order_by(DocumentRow.id)
            if document_status:
                query = query.where(DocumentRow.status == document_status)
            ids = list(s.exec(query))
        else:
            ids = list(document_ids)
    for i in range(0, len(ids), BATCH):
        yield from _load_batch(store, ids[i : i + BATCH], statuses)


def _load_batch(store: Store, ids: list[int], statuses: tuple[str, ...]) -> Iterator[DocumentRecord]:
    with store.session() as s:
        docs = {d.id: d for d in s.exec(select(DocumentRow).where(col(DocumentRow.id).in_(ids)))}
        spans = defaultdict(list)
        query = (
            select(SpanRow)
            .where(col(SpanRow.document_id).in_(ids), col(SpanRow.status).in_(statuses))
            .order_by(SpanRow.document_id, SpanRow.start, SpanRow.end, SpanRow.id)
        )
        for row in s.exec(query):
            spans[row.document_id].append(row)
        relations = defaultdict(list)
        query = select(RelationRow).where(
            col(RelationRow.document_id).in_(ids), col(RelationRow.status).in_(statuses)
        ).order_by(RelationRow.id)
        for row in s.exec(query):
            relations[row.document_id].append(row)
    for doc_id in ids:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        index = {row.id: i for i, row in enumerate(spans[doc_id])}
        yield DocumentRecord(
            text=doc.text,
            title=doc.title,
            source=doc.source,
            meta=dict(doc.meta or {}),
            status=doc.status,
            store_id=doc.id,
            spans=[
                SpanRecord(
                    start=r.start, end=r.end, label=r.label, attributes=dict(r.attributes or {}),
                    status=r.status, origin=r.origin, suggester=r.suggester,
                    suggester_version=r.suggester_version, score=r.score, annotator=r.annotator,
                    key=str(r.id),
                )
                for r in spans[doc_id]
            ],
            relations=[
                RelationRecord(head=index[r.head_id], child=index[r.child_id], label=r.label, status=r.status)
                for r in relations[doc_id]
                if r.head_id in index and r.child_id in index
            ],
        )
