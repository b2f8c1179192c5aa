"""Document use cases: read one, list summaries, count, and document status.

Status is per annotator (revision 0007): each annotator's status of a document
(new / in-progress / done) is theirs, kept in `document_status`; an annotator
who never set one has "new". `set_status` writes the annotator's own status
and also the document's own `status` column (the last status anyone set), so a
single-annotator store reads the same either way; `list_documents` shows the
document's status unless given an annotator. On PostgreSQL the database
refuses a status written for another annotator (migration 0007)."""
from __future__ import annotations

from sqlalchemy import and_, func as sa_func, literal, select as sa_select, text as sql
from sqlmodel import func, select

from ..errors import ValidationError
from ..tables import DocumentRow, DocumentStatusRow, utcnow
from ..store import Store
from ..types import DOCUMENT_STATUSES, Change, Document, DocumentSummary
from . import events
from .rows import current_annotator, get_document_row, to_document

# One query for the whole list: counts come from grouped subqueries, never per row.
_SUMMARY_SQL = """
SELECT d.id, d.title, d.source, {status} AS status, length(d.text) AS length, d.updated_at,
       COALESCE(c.accepted, 0), COALESCE(c.pending, 0), {published}, d.created_at
FROM document d
LEFT JOIN (
    SELECT document_id,
           SUM(CASE WHEN status = 'accepted' THEN 1 ELSE 0 END) AS accepted,
           SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending
    FROM span GROUP BY document_id
) c ON c.document_id = d.id
{join}
{where}
ORDER BY d.id
{limit}
"""
_MINE_JOIN = "LEFT JOIN document_status ds ON ds.document_id = d.id AND ds.annotator = :annotator"
_MINE = "COALESCE(ds.status, 'new')"
# the publication date an extractor recorded in the document's meta, per backend
_PUBLISHED = {"sqlite": "json_extract(d.meta, '$.published')", "postgresql": "d.meta ->> 'published'"}


def annotator_status_sql(annotator: str):
    """A column expression: `annotator`'s status of DocumentRow (their row, else 'new'), for filters."""
    ds = DocumentStatusRow.__table__.c
    mine = (sa_select(ds.status).where(and_(ds.document_id == DocumentRow.id, ds.annotator == annotator))
            .scalar_subquery())
    return sa_func.coalesce(mine, literal("new"))


def get_document(store: Store, document_id: int) -> Document:
    with store.session() as s:
        return to_document(get_document_row(s, document_id))


def list_documents(
    store: Store,
    status: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    *,
    annotator: str | None = None,
) -> list[DocumentSummary]:
    """Summaries in id order. Without `annotator`, `status` (shown and filtered) is the
    document's own; with it, that annotator's status of each document."""
    params: dict = {}
    status_sql, join = "d.status", ""
    if annotator is not None:
        status_sql, join, params["annotator"] = _MINE, _MINE_JOIN, annotator
    where = ""
    if status is not None:
        where, params["status"] = f"WHERE {status_sql} = :status", status
    limit_sql = ""
    if limit is not None:
        limit_sql, params["limit"], params["offset"] = "LIMIT :limit OFFSET :offset", limit, offset
    with store.session() as s:
        query = _SUMMARY_SQL.format(status=status_sql, join=join, where=where, limit=limit_sql,
                                    published=_PUBLISHED[store.dialect])
        rows = s.connection().execute(sql(query), params)
        return [
            DocumentSummary(
                id=r[0], title=r[1], source=r[2], status=r[3], length=r[4], updated_at=r[5],
                span_count=int(r[6]), pending_count=int(r[7]),
                published=r[8] if isinstance(r[8], str) else None, imported=str(r[9])[:10] if r[9] else None,
            )
            for r in rows
        ]


def document_ids(store: Store, status: str | None = None, *, annotator: str | None = None) -> list[int]:
    """Ids in order; `status` filters on the document's own status, or `annotator`'s when given."""
    with store.session() as s:
        query = select(DocumentRow.id).order_by(DocumentRow.id)
        if status is not None:
            column = DocumentRow.status if annotator is None else annotator_status_sql(annotator)
            query = query.where(column == status)
        return list(s.exec(query))


def count_documents(store: Store) -> int:
    with store.session() as s:
        return int(s.exec(select(func.count()).select_from(DocumentRow)).one())


def get_status(store: Store, document_id: int, *, annotator: str | None = None) -> str:
    """`annotator`'s status of the document (default: the current annotator); "new" if never set."""
    annotator = annotator or current_annotator()
    with store.session() as s:
        get_document_row(s, document_id)
        row = s.exec(select(DocumentStatusRow.status).where(DocumentStatusRow.document_id == document_id,
                                                            DocumentStatusRow.annotator == annotator)).first()
        return row or "new"


def document_statuses(store: Store, document_id: int) -> dict[str, str]:
    """Every annotator's status of the document that was ever set, by annotator name."""
    with store.session() as s:
        get_document_row(s, document_id)
        return dict(s.exec(select(DocumentStatusRow.annotator, DocumentStatusRow.status)
                           .where(DocumentStatusRow.document_id == document_id)
                           .order_by(DocumentStatusRow.annotator)).all())


def set_status(store: Store, document_id: int, status: str, *, annotator: str | None = None) -> Change:
    """Set `annotator`'s status of the document (default: the current annotator), and the
    document's own status; one transaction, one `set_status` event naming the annotator.
    The event's `before` holds the annotator's previous status, so undo is set_status(before)."""
    if status not in DOCUMENT_STATUSES:
        raise ValidationError(f"unknown document status {status!r} (use {', '.join(DOCUMENT_STATUSES)})")
    annotator = annotator or current_annotator()
    with store.session() as s:
        row = get_document_row(s, document_id)
        now = utcnow()
        mine = s.exec(select(DocumentStatusRow).where(DocumentStatusRow.document_id == document_id,
                                                      DocumentStatusRow.annotator == annotator)).first()
        before = mine.status if mine is not None else "new"
        if mine is None:
            mine = DocumentStatusRow(document_id=document_id, annotator=annotator, status=status, updated_at=now)
        else:
            mine.status, mine.updated_at = status, now
        s.add(mine)
        row.status, row.updated_at = status, now
        s.add(row)
        events.record(
            s, "set_status", document_id=document_id, target=f"document:{document_id}",
            before={"status": before}, after={"status": status}, annotator=annotator,
        )
        return Change(document_id, document_changed=True)
