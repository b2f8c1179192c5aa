"""SQLModel tables of the annotation store. Only the services and the store
touch these rows; callers get the frozen dataclasses of `types`.

The tables mirror the head Alembic revision; migrations/ holds how older
stores reach it.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class StoreInfo(SQLModel, table=True):
    __tablename__ = "glossator_info"
    key: str = Field(primary_key=True)
    value: str


class LabelRow(SQLModel, table=True):
    __tablename__ = "label"
    name: str = Field(primary_key=True)
    position: int = 0
    color: str
    hotkey: str
    description: str = ""
    attributes: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"
    id: Optional[int] = Field(default=None, primary_key=True)
    sha256: str = Field(index=True, unique=True)
    title: str = ""
    source: Optional[str] = None
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    text: str
    status: str = Field(default="new", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SpanRow(SQLModel, table=True):
    __tablename__ = "span"
    __table_args__ = (
        Index("ix_span_document_start", "document_id", "start", "end"),
        Index("ix_span_status", "document_id", "status"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    start: int
    end: int
    label: str
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    origin: str = "manual"
    status: str = "accepted"
    suggester: Optional[str] = None
    suggester_version: Optional[str] = None
    score: Optional[float] = None
    annotator: Optional[str] = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class RelationRow(SQLModel, table=True):
    __tablename__ = "relation"
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    head_id: int = Field(
        sa_column=Column(Integer, ForeignKey("span.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    child_id: int = Field(
        sa_column=Column(Integer, ForeignKey("span.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    label: str
    origin: str = "manual"
    status: str = "accepted"
    annotator: Optional[str] = None
    created_at: datetime = Field(default_factory=utcnow)


class EventRow(SQLModel, table=True):
    """Append-only log of every change (triggers in the migration forbid UPDATE/DELETE)."""

    __tablename__ = "event"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    annotator: Optional[str] = None
    action: str = Field(index=True)
    document_id: Optional[int] = Field(default=None, index=True)
    target: Optional[str] = None
    before: Optional[Any] = Field(default=None, sa_column=Column(JSON))
    after: Optional[Any] = Field(default=None, sa_column=Column(JSON))
