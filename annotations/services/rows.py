"""Conversions between ORM rows and the frozen dataclasses callers see,
plus the small lookups every service shares."""
from __future__ import annotations

import getpass
import json
import os
from contextvars import ContextVar
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, MutableMapping

from sqlmodel import Session, func, select

from ..errors import NotFoundError
from ..tables import DocumentRow, RelationRow, SpanRow
from ..types import Document, Relation, Span


ANNOTATOR: ContextVar[str | None] = ContextVar("annotator", default=None)  # set by the CLI's --annotator


def current_annotator() -> str:
    """Who is annotating: `--annotator` (ANNOTATOR), `GLOSSATOR_ANNOTATOR`, else the login name."""
    name = ANNOTATOR.get() or os.environ.get("GLOSSATOR_ANNOTATOR")
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
        uid=row.uid,
    )


_SPAN_FIELDS = tuple(Span.__dataclass_fields__)
SPAN_COLUMNS = ", ".join(f'"{name}"' for name in _SPAN_FIELDS)  # span_from_row relies on this order


@lru_cache(maxsize=4096)  # spans imported or suggested together share their timestamps
def _stamp(value: str | datetime | None) -> datetime | None:
    """A stored UTC timestamp: text on SQLite ('YYYY-MM-DD HH:MM:SS.ffffff', as SQLAlchemy
    writes it), a naive datetime in UTC from PostgreSQL."""
    if not value:
        return None
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return stamp.replace(tzinfo=timezone.utc)


def json_value(raw):
    """A JSON column read as a raw row: text on SQLite, already parsed (JSONB) on PostgreSQL."""
    return json.loads(raw) if isinstance(raw, (str, bytes)) else raw


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
        "attributes": (json_value(r[5]) or {}) if r[5] and r[5] != "{}" else {},
        "origin": r[6], "status": r[7], "suggester": r[8], "suggester_version": r[9], "score": r[10],
        "annotator": r[11], "created_at": _stamp(r[12]), "updated_at": _stamp(r[13]),
    })
    return span


SPAN_KEY_COLUMNS = 'id, start, "end", status'  # what SpanRows holds of every span until asked for it
LOAD_BLOCK = 64  # spans built per store read: views ask for neighbours in reading order


class SpanRows(MutableMapping[int, Span]):
    """Span id → Span for one document, read from the store in two steps: `SPAN_KEY_COLUMNS`
    of every span up front (offsets and statuses for indexes and counts), whole Spans
    when a view first asks for one, in blocks of neighbours. Opening a 5,000-span
    document thus builds only the spans on screen.

    `load(ids)` returns `SELECT SPAN_COLUMNS` tuples for those span ids."""

    def __init__(self, keys: Iterable[tuple] = (), load: Callable[[list[int]], list[tuple]] | None = None):
        self._items: dict[int, tuple | Span] = {k[0]: k for k in keys}
        self._load = load
        self._order: list[int] | None = None  # reading order of the key rows, made on first load
        self._position: dict[int, int] = {}

    def __getitem__(self, span_id: int) -> Span:
        item = self._items[span_id]
        if type(item) is tuple:
            self._load_block(span_id)
            item = self._items[span_id]
            if type(item) is tuple:  # deleted from the store by another process
                raise KeyError(span_id)
        return item

    def _load_block(self, span_id: int) -> None:
        if self._order is None:
            self._order = [i for i, item in self._items.items() if type(item) is tuple]
            self._position = {i: k for k, i in enumerate(self._order)}
        at = self._position.get(span_id, 0)
        block = [i for i in self._order[max(at - LOAD_BLOCK // 4, 0): at + LOAD_BLOCK]
                 if type(self._items.get(i)) is tuple]
        if span_id not in block:
            block.append(span_id)
        for row in self._load(block) if self._load else ():
            if type(self._items.get(row[0])) is tuple:
                self._items[row[0]] = span_from_row(row)

    def get(self, span_id: int, default: Span | None = None) -> Span | None:
        try:
            return self[span_id]
        except KeyError:
            return default

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
        return [(i[1], i[2], i[0]) if type(i) is tuple else (i.start, i.end, i.id) for i in self._items.values()]

    def with_status(self, status: str) -> list[tuple[int, int]]:
        """(start, id) of the spans with `status`, without building Spans."""
        return [(i[1], i[0]) if type(i) is tuple else (i.start, i.id) for i in self._items.values()
                if (i[3] if type(i) is tuple else i.status) == status]

    def count_status(self, status: str) -> int:
        """How many spans have `status`, without building Spans."""
        return sum(1 for i in self._items.values() if (i[3] if type(i) is tuple else i.status) == status)


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
        uid=row.uid,
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
    return span_snapshot_values(span.start, span.end, span.label, span.attributes, span.status, span.origin,
                                getattr(span, "uid", None))


def span_snapshot_values(start: int, end: int, label: str, attributes: Any, status: str, origin: str,
                         uid: str | None) -> dict[str, Any]:
    """`span_snapshot` of a span given by its values (a row not read back as an object)."""
    return {
        "start": start,
        "end": end,
        "label": label,
        "attributes": dict(attributes or {}),
        "status": status,
        "origin": origin,
        # a stored row names its uid: a merge carries a deletion to other stores by it
        **({"uid": uid} if uid else {}),
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
