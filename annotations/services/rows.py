"""Conversions between ORM rows and the frozen dataclasses callers see,
plus the small lookups every service shares."""
from __future__ import annotations

import getpass
import os
from typing import Any

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
