"""Conversions between ORM rows and the frozen dataclasses callers see,
plus the small lookups every service shares."""
from __future__ import annotations

import getpass
import json
import os
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Iterable, Iterator, MutableMapping

from sqlmodel import Session, func, select

from ..errors import NotFoundError
from ..models import DocumentRow, RelationRow, SpanRow
from ..types import Document, Relation, Span


def current_annotator() -> str:
    """Who is annotating: `GLOSSATOR_ANNOTATOR`, else the login name."""
    name = os.environ.get("GLOSSATOR_ANNOTATOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


def to_span(row: SpanRow) -> Span:
    return Span(
        id=row.id,
        document_id=row.document_id,
        start=row.start,
        end=row.end,
        label=row.label,
        attributes=dict(row.attributes or {}),
        origin=row.origin,
        status=row.status,
        suggester=row.suggester,
        suggester_version=row.suggester_version,
        score=row.score,
        annotator=row.annotator,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


_SPAN_FIELDS = tuple(Span.__dataclass_fields__)
SPAN_COLUMNS = ", ".join(f'"{name}"' for name in _SPAN_FIELDS)  # span_from_row relies on this order


@lru_cache(maxsize=4096)  # spans imported or suggested together share their timestamps
def _stamp(value: str | None) -> datetime | None:
    """A stored UTC timestamp ('YYYY-MM-DD HH:MM:SS.ffffff', as SQLAlchemy writes it)."""
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc) if value else None


def span_from_row(r: tuple) -> Span:
    """A Span from a raw `SELECT SPAN_COLUMNS` tuple: no ORM or Row objects on the hot path
    (opening a document with thousands of spans).

    The frozen dataclass's __init__ sets its 14 fields one object.__setattr__ at a time,
    half the cost of opening a 5,000-span document; giving the new instance its finished
    field dict is the same value (eq, hash, repr and replace read the fields) in half the time.
    """
    span = object.__new__(Span)
    object.__setattr__(span, "__dict__", {
        "id": r[0], "document_id": r[1], "start": r[2], "end": r[3], "label": r[4],
        "attributes": json.loads(r[5]) if r[5] and r[5] != "{}" else {},
        "origin": r[6], "status": r[7], "suggester": r[8], "suggester_version": r[9], "score": r[10],
        "annotator": r[11], "created_at": _stamp(r[12]), "updated_at": _stamp(r[13]),
    })
    return span


_START, _END, _STATUS = (_SPAN_FIELDS.index(name) for name in ("start", "end", "status"))


class SpanRows(MutableMapping[int, Span]):
    """Span id → Span over raw `SELECT SPAN_COLUMNS` tuples, each turned into a Span the
    first time it is asked for: a view of a 5,000-span document builds only the spans it
    shows. Offsets and statuses of all spans are answered from the raw rows."""

    def __init__(self, rows: Iterable[tuple] = ()):
        self._items: dict[int, tuple | Span] = {r[0]: r for r in rows}

    def __getitem__(self, span_id: int) -> Span:
        item = self._items[span_id]
        if type(item) is tuple:
            item = self._items[span_id] = span_from_row(item)
        return item

    def get(self, span_id: int, default: Span | None = None) -> Span | None:
        return self[span_id] if span_id in self._items else default

    def __setitem__(self, span_id: int, span: Span) -> None:
        self._items[span_id] = span

    def __delitem__(self, span_id: int) -> None:
        del self._items[span_id]

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._items

    def __iter__(self) -> Iterator[int]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def positions(self) -> list[tuple[int, int, int]]:
        """(start, end, id) of every span, without building Spans."""
        return [(i[_START], i[_END], i[0]) if type(i) is tuple else (i.start, i.end, i.id)
                for i in self._items.values()]

    def count_status(self, status: str) -> int:
        """How many spans have `status`, without building Spans."""
        return sum(1 for i in self._items.values() if (i[_STATUS] if type(i) is tuple else i.status) == status)


def to_relation(row: RelationRow) -> Relation:
    return Relation(
        id=row.id,
        document_id=row.document_id,
        head_id=row.head_id,
        child_id=row.child_id,
        label=row.label,
        origin=row.origin,
        status=row.status,
        annotator=row.annotator,
    )


def to_document(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        sha256=row.sha256,
        title=row.title,
        source=row.source,
        meta=dict(row.meta or {}),
        status=row.status,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def span_snapshot(span: Span | SpanRow) -> dict[str, Any]:
    """What the event log records of a span."""
    return {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "attributes": dict(span.attributes or {}),
        "status": span.status,
        "origin": span.origin,
    }


def get_span_row(session: Session, span_id: int) -> SpanRow:
    row = session.get(SpanRow, span_id)
    if row is None:
        raise NotFoundError(f"span {span_id} is not in the store")
    return row


def get_document_row(session: Session, document_id: int) -> DocumentRow:
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFoundError(f"document {document_id} is not in the store")
    return row


def text_length(session: Session, document_id: int) -> int:
    """The document's length in code points, without loading its text into Python."""
    length = session.exec(
        select(func.length(DocumentRow.text)).where(DocumentRow.id == document_id)
    ).first()
    if length is None:
        raise NotFoundError(f"document {document_id} is not in the store")
    return int(length)
