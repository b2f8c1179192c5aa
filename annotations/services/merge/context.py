"""The state of applying one source to the target, inside the target's
transaction: the connection, the source, the report, the map from the
source's document ids to the target's, and the event-log writer."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from ...tables import EventRow, utcnow
from .log import Log
from .report import MergeReport
from .source import Source
from .values import naive


class OnConnection:
    """The one thing bulk.insert_rows asks of a Session: its connection (here, the merge's)."""

    def __init__(self, conn: Connection):
        self._conn = conn

    def connection(self) -> Connection:
        return self._conn

    def execute(self, statement, params=None):
        return self._conn.execute(statement, params)


@dataclass
class MergeContext:
    conn: Connection
    src: Source
    report: MergeReport
    target_name: str
    doc_ids: dict[int, int] = field(default_factory=dict)  # source document id -> target document id
    titles: dict[int, str] = field(default_factory=dict)  # target document id -> title (for report lines)
    gone: set[str] = field(default_factory=set)  # sha256 of documents taken down in the target
    new_documents: set[int] = field(default_factory=set)  # target ids of the documents this source added
    target: Log | None = None  # the target's log (stamps, tombstones, clock) before this source

    @property
    def session(self) -> OnConnection:
        return OnConnection(self.conn)

    def where(self, span: dict) -> str:
        """How a report line names a span (short uid, layer, document, offsets)."""
        title = " ".join((self.titles.get(span["document_id"]) or "").split())[:40]
        return (f"span {span['uid'][:8]} ({span['annotator']}, document {span['document_id']} {title!r}, "
                f"{span['start']}-{span['end']})")

    def log(self, action: str, document_id: int | None, target: str, before: Any, after: Any,
            annotator: str | None, at: datetime | None) -> None:
        self.conn.execute(insert(EventRow.__table__).values(**naive(dict(
            at=at or utcnow(), annotator=annotator, action=action, document_id=document_id, target=target,
            before=before, after=after))))
