"""Flags: an annotator's "look at this again" on a document or one of its spans,
with a kind ("unsure", "guideline question", "note") and a free-text note.

Each use case is one transaction with its event (`flag`, `unflag`, `edit_flag`,
`restore_flag`); a removed flag comes back with its id and uid (undo), and ids are
never reused otherwise. A span flag keeps the span's offsets and label, so it
still says where it was when the span is deleted (the row's span_id becomes
NULL). `flag_notes` gives exports what travels in each document's meta.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import bindparam, text as sql
from sqlmodel import select

from ..errors import NotFoundError, ValidationError
from ..store import Store
from ..tables import DocumentRow, FlagRow, SpanRow, new_uid, utcnow
from ..types import Change
from . import events
from .rows import current_annotator

KINDS = ("unsure", "guideline question", "note")
MAX_NOTE = 2000
META_KEY = "glossator_flags"  # where exports put a document's flags


@dataclass(frozen=True)
class Flag:
    id: int
    uid: str
    document_id: int
    kind: str
    note: str = ""
    span_id: int | None = None
    start: int | None = None
    end: int | None = None
    label: str | None = None
    annotator: str | None = None
    created_at: datetime | None = None

    @property
    def target(self) -> str:
        """What is flagged, for lists: "document" or "LABEL 10–25"."""
        if self.start is None:
            return "document"
        return f"{self.label or 'span'} {self.start}–{self.end}"

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["created_at"] = self.created_at.isoformat() if self.created_at else None
        return out


def _flag(row: FlagRow) -> Flag:
    return Flag(row.id, row.uid, row.document_id, row.kind, row.note, row.span_id, row.start, row.end, row.label,
                row.annotator, row.created_at)


def _checked_kind(kind: str, note: str) -> tuple[str, str]:
    kind = (kind or "").strip()
    if kind not in KINDS:
        raise ValidationError(f"flag kind {kind!r} is not one of {', '.join(KINDS)}")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(f"flag note has {len(note)} characters; at most {MAX_NOTE}")
    return kind, note


def _row(s, flag_id: int) -> FlagRow:
    row = s.get(FlagRow, flag_id)
    if row is None:
        raise NotFoundError(f"flag {flag_id} is not in the store")
    return row


def _event_data(row: FlagRow) -> dict[str, Any]:
    return {"uid": row.uid, "kind": row.kind, "note": row.note, "span": row.span_id,
            "start": row.start, "end": row.end, "label": row.label}


def add_flag(store: Store, document_id: int, kind: str = "unsure", note: str = "", *,
             span_id: int | None = None, annotator: str | None = None) -> tuple[Flag, Change]:
    """Flag a document, or one of its spans when `span_id` is given."""
    kind, note = _checked_kind(kind, note)
    annotator = annotator or current_annotator()
    with store.session(write=True) as s:
        if s.get(DocumentRow, document_id) is None:
            raise NotFoundError(f"document {document_id} is not in the store")
        start = end = label = None
        if span_id is not None:
            span = s.get(SpanRow, span_id)
            if span is None or span.document_id != document_id:
                raise ValidationError(f"span {span_id} is not a span of document {document_id}")
            start, end, label = span.start, span.end, span.label
        row = FlagRow(uid=new_uid(), document_id=document_id, span_id=span_id, start=start, end=end, label=label,
                      kind=kind, note=note, annotator=annotator, created_at=utcnow())
        s.add(row)
        s.flush()
        events.record(s, "flag", document_id=document_id, target=f"flag:{row.id}", after=_event_data(row),
                      annotator=annotator)
        return _flag(row), Change(document_id)


def edit_flag(store: Store, flag_id: int, kind: str, note: str, *,
              annotator: str | None = None) -> tuple[Flag, Change]:
    """Change a flag's kind and note."""
    kind, note = _checked_kind(kind, note)
    with store.session(write=True) as s:
        row = _row(s, flag_id)
        before = _event_data(row)
        row.kind, row.note = kind, note
        s.add(row)
        s.flush()
        events.record(s, "edit_flag", document_id=row.document_id, target=f"flag:{row.id}", before=before,
                      after=_event_data(row), annotator=annotator or current_annotator())
        return _flag(row), Change(row.document_id)


def remove_flag(store: Store, flag_id: int, *, annotator: str | None = None) -> tuple[Flag, Change]:
    """Remove a flag; returns it whole so `restore_flag` can bring it back (undo)."""
    with store.session(write=True) as s:
        row = _row(s, flag_id)
        flag = _flag(row)
        events.record(s, "unflag", document_id=row.document_id, target=f"flag:{row.id}", before=_event_data(row),
                      annotator=annotator or current_annotator())
        s.delete(row)
        return flag, Change(flag.document_id)


def restore_flag(store: Store, flag: Flag, *, annotator: str | None = None) -> Change:
    """Put a removed flag back with its id and uid (undo of `remove_flag`, redo of `add_flag`)."""
    with store.session(write=True) as s:
        if s.get(FlagRow, flag.id) is not None:
            raise ValidationError(f"flag {flag.id} is in the store already")
        if s.get(DocumentRow, flag.document_id) is None:
            raise NotFoundError(f"document {flag.document_id} is not in the store")
        span_id = flag.span_id if flag.span_id is not None and s.get(SpanRow, flag.span_id) is not None else None
        row = FlagRow(id=flag.id, uid=flag.uid, document_id=flag.document_id, span_id=span_id, start=flag.start,
                      end=flag.end, label=flag.label, kind=flag.kind, note=flag.note, annotator=flag.annotator,
                      created_at=flag.created_at or utcnow())
        s.add(row)
        s.flush()
        events.record(s, "restore_flag", document_id=flag.document_id, target=f"flag:{flag.id}",
                      after=_event_data(row), annotator=annotator or current_annotator())
        return Change(flag.document_id)


def get_flag(store: Store, flag_id: int) -> Flag:
    with store.session() as s:
        return _flag(_row(s, flag_id))


def list_flags(store: Store, document_id: int | None = None) -> list[Flag]:
    """Flags in document order, then by position (document flags first) and id."""
    with store.session() as s:
        query = select(FlagRow)
        if document_id is not None:
            query = query.where(FlagRow.document_id == document_id)
        rows = [_flag(r) for r in s.exec(query)]
    return sorted(rows, key=lambda f: (f.document_id, -1 if f.start is None else f.start, f.id))


def document_titles(store: Store, document_ids: Iterable[int]) -> dict[int, str]:
    """Titles of the given documents (for lists of flags), without reading their texts."""
    ids = list(set(document_ids))
    if not ids:
        return {}
    with store.session() as s:
        return dict(s.exec(select(DocumentRow.id, DocumentRow.title).where(DocumentRow.id.in_(ids))).all())


_NOTES_SQL = sql(
    'SELECT document_id, kind, note, start, "end", label, annotator FROM flag '
    "WHERE document_id IN :ids ORDER BY document_id, id"
).bindparams(bindparam("ids", expanding=True))


def flag_notes(connection, document_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """Per document, its flags as plain dicts for an export's meta (`META_KEY`);
    documents without flags are absent. Runs on the export's own connection."""
    ids = list(document_ids)
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return found
    for doc, kind, note, start, end, label, who in connection.execute(_NOTES_SQL, {"ids": ids}):
        item: dict[str, Any] = {"kind": kind, "note": note, "annotator": who}
        if start is not None:
            item.update(start=start, end=end, label=label)
        found[doc].append(item)
    return found
