"""The append-only event log: every change a service makes is recorded here,
in the same transaction as the change itself."""
from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from ..tables import EventRow, utcnow
from ..store import Store


def record(
    session: Session,
    action: str,
    *,
    document_id: int | None = None,
    target: str | None = None,
    before: Any = None,
    after: Any = None,
    annotator: str | None = None,
) -> None:
    session.add(
        EventRow(
            at=utcnow(),
            annotator=annotator,
            action=action,
            document_id=document_id,
            target=target,
            before=before,
            after=after,
        )
    )


def list_events(store: Store, document_id: int | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The log, oldest first, as plain dicts (for `glossator log` and tests)."""
    with store.session() as s:
        query = select(EventRow).order_by(EventRow.id)
        if document_id is not None:
            query = query.where(EventRow.document_id == document_id)
        if limit is not None:
            query = query.limit(limit)
        return [
            {
                "id": e.id,
                "at": e.at,
                "annotator": e.annotator,
                "action": e.action,
                "document_id": e.document_id,
                "target": e.target,
                "before": e.before,
                "after": e.after,
            }
            for e in s.exec(query)
        ]
