"""Document use cases: read one, list summaries, set status, count."""
from __future__ import annotations

from sqlalchemy import text as sql
from sqlmodel import func, select

from ..errors import ValidationError
from ..tables import DocumentRow, utcnow
from ..store import Store
from ..types import DOCUMENT_STATUSES, Change, Document, DocumentSummary
from . import events
from .rows import current_annotator, get_document_row, to_document

# One query for the whole list: counts come from grouped subqueries, never per row.
_SUMMARY_SQL = """
SELECT d.id, d.title, d.source, d.status, length(d.text) AS length, d.updated_at,
       COALESCE(c.accepted, 0), COALESCE(c.pending, 0), {published}, d.created_at
FROM document d
LEFT JOIN (
    SELECT document_id,
           SUM(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END) AS accepted,
           SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending
    FROM span GROUP BY document_id
) c ON c.document_id = d.id
{where}
ORDER BY d.id
{limit}
"""
# the publication date an extractor recorded in the document's meta, per backend
_PUBLISHED = {"sqlite": "json_extract(d.meta, '$.published')", "postgresql": "d.meta ->> 'published'"}


def get_document(store: Store, document_id: int) -> Document:
    with store.session() as s:
        return to_document(get_document_row(s, document_id))


def list_documents(
    store: Store,
    status: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[DocumentSummary]:
    where, params = "", {}
    if status is not None:
        where, params["status"] = "WHERE d.status = :status", status
    limit_sql = ""
    if limit is not None:
        limit_sql, params["limit"], params["offset"] = "LIMIT :limit OFFSET :offset", limit, offset
    with store.session() as s:
        query = _SUMMARY_SQL.format(where=where, limit=limit_sql, published=_PUBLISHED[store.dialect])
        rows = s.connection().execute(sql(query), params)
        return [
            DocumentSummary(
                id=r[0], title=r[1], source=r[2], status=r[3], length=r[4], updated_at=r[5],
                span_count=int(r[6]), pending_count=int(r[7]),
                published=r[8] if isinstance(r[8], str) else None, imported=str(r[9])[:10] if r[9] else None,
            )
            for r in rows
        ]


def document_ids(store: Store, status: str | None = None) -> list[int]:
    with store.session() as s:
        query = select(DocumentRow.id).order_by(DocumentRow.id)
        if status is not None:
            query = query.where(DocumentRow.status == status)
        return list(s.exec(query))


def count_documents(store: Store) -> int:
    with store.session() as s:
        return int(s.exec(select(func.count()).select_from(DocumentRow)).one())


def set_status(store: Store, document_id: int, status: str, *, annotator: str | None = None) -> Change:
    if status not in DOCUMENT_STATUSES:
        raise ValidationError(f"unknown document status {status!r} (use {', '.join(DOCUMENT_STATUSES)})")
    annotator = annotator or current_annotator()
    with store.session() as s:
        row = get_document_row(s, document_id)
        before, row.status, row.updated_at = row.status, status, utcnow()
        s.add(row)
        events.record(
            s, "set_status", document_id=document_id, target=f"document:{document_id}",
            before={"status": before}, after={"status": status}, annotator=annotator,
        )
        return Change(document_id, document_changed=True)
