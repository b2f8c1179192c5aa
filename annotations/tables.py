"""SQLModel tables of the annotation store. Only the services and the store
touch these rows; callers get the frozen dataclasses of `types`.

The tables mirror the head Alembic revision; migrations/ holds how older
stores reach it. Identity is the database's: integer ids come from the
database and are never reused (AUTOINCREMENT on SQLite), and documents, spans
and relations carry a `uid` (a UUID, hex) that survives a merge of stores.
Filled on the Python side for ORM adds and Core `insert(table)` alike, and by
the database for any other INSERT.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional
from uuid import uuid4

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field, SQLModel

#: JSON columns: JSONB on PostgreSQL (it has equality, so DISTINCT and UNION work), JSON text on SQLite.
JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_uid() -> str:
    """A merge-safe key for a new row: a random UUID as 32 hex digits."""
    return uuid4().hex


class uid_sql(FunctionElement):
    """The database's own way to make a new uid (the server default of every uid column)."""

    type = String()
    inherit_cache = True


@compiles(uid_sql, "sqlite")
def _uid_sqlite(_element, _compiler, **_kw) -> str:
    return "lower(hex(randomblob(16)))"


@compiles(uid_sql, "postgresql")
def _uid_postgresql(_element, _compiler, **_kw) -> str:
    return "replace(gen_random_uuid()::text, '-', '')"


def uid_column() -> Column:
    return Column("uid", String(32), nullable=False, default=new_uid, server_default=uid_sql())


def _one_per(name: str, status: str, who: str) -> Index:
    """At most one span with `status` per document, offsets, label and `who` (NULL counts as '')."""
    where = text(f"status = '{status}'")
    return Index(name, "document_id", "start", "end", "label", text(f"coalesce({who}, '')"),
                 unique=True, sqlite_where=where, postgresql_where=where)


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
    attributes: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSONType, nullable=False))


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"
    __table_args__ = (Index("ux_document_uid", "uid", unique=True), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, sa_column=uid_column())
    sha256: str = Field(index=True, unique=True)
    title: str = ""
    source: Optional[str] = None
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    text: str
    status: str = Field(default="new", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SpanRow(SQLModel, table=True):
    __tablename__ = "span"
    __table_args__ = (
        Index("ix_span_document_start", "document_id", "start", "end"),
        Index("ix_span_status", "document_id", "status"),
        Index("ux_span_uid", "uid", unique=True),
        # live spans per layer, pending suggestions per suggester, rejections per annotator
        _one_per("ux_span_accepted", "accepted", "annotator"),
        _one_per("ux_span_pending", "pending", "suggester"),
        _one_per("ux_span_rejected", "rejected", "annotator"),
        {"sqlite_autoincrement": True},
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, sa_column=uid_column())
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    start: int
    end: int
    label: str
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
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
    __table_args__ = (Index("ux_relation_uid", "uid", unique=True), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, sa_column=uid_column())
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
    """Append-only log of every change (triggers in the migrations forbid UPDATE, DELETE
    and INSERT OR REPLACE of a logged event; the store refuses to open without them)."""

    __tablename__ = "event"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    annotator: Optional[str] = None
    action: str = Field(index=True)
    document_id: Optional[int] = Field(default=None, index=True)
    target: Optional[str] = None
    before: Optional[Any] = Field(default=None, sa_column=Column(JSONType))
    after: Optional[Any] = Field(default=None, sa_column=Column(JSONType))


class AssignmentRow(SQLModel, table=True):
    """A document an annotator is asked to annotate (revision 0005): one per (document, annotator)."""

    __tablename__ = "assignment"
    __table_args__ = (
        Index("ux_assignment_uid", "uid", unique=True),
        Index("ux_assignment_document_annotator", "document_id", "annotator", unique=True),
        Index("ix_assignment_annotator", "annotator"),
        {"sqlite_autoincrement": True},
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, sa_column=uid_column())
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    annotator: str
    assigned_at: datetime = Field(default_factory=utcnow)


class ActorRow(SQLModel, table=True):
    """A registry actor: 'iso3166:XX' for seeded states (the same in every store), else a uuid hex."""

    __tablename__ = "actor"
    id: str = Field(primary_key=True)
    name: str = Field(index=True)
    kind: str
    external_ids: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONType, nullable=False))
    notes: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ActorAliasRow(SQLModel, table=True):
    __tablename__ = "actor_alias"
    __table_args__ = (UniqueConstraint("actor_id", "normalised", name="ux_actor_alias"),
                      Index("ix_actor_alias_normalised", "normalised"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    actor_id: str = Field(sa_column=Column(String, ForeignKey("actor.id", ondelete="CASCADE"), nullable=False))
    alias: str
    normalised: str


class SpanActorRow(SQLModel, table=True):
    """The link of one ACTOR span to one actor (pending until accepted)."""

    __tablename__ = "span_actor"
    span_id: int = Field(sa_column=Column(Integer, ForeignKey("span.id", ondelete="CASCADE"), primary_key=True))
    actor_id: str = Field(sa_column=Column(String, ForeignKey("actor.id"), nullable=False, index=True))
    status: str = "pending"
    score: Optional[float] = None


class TrainedModelRow(SQLModel, table=True):
    """A trained spaCy pipeline kept in the store (revision 0009): its metadata and
    the pipeline folder as a gzip'd tar archive, so every client of the store finds it."""

    __tablename__ = "trained_model"
    __table_args__ = (UniqueConstraint("name", name="ux_trained_model_name"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    info: dict[str, Any] = Field(sa_column=Column(JSONType, nullable=False))
    archive: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    sha256: str
    size: int
    created_at: datetime = Field(default_factory=utcnow)


class FlagRow(SQLModel, table=True):
    """A flag with a note on a document or one of its spans (revision 0008). The span's
    offsets and label are copied in, so the flag still says where it was if the span goes."""

    __tablename__ = "flag"
    __table_args__ = (Index("ux_flag_uid", "uid", unique=True), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, sa_column=uid_column())
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    span_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("span.id", ondelete="SET NULL"), nullable=True, index=True)
    )
    start: Optional[int] = None
    end: Optional[int] = None
    label: Optional[str] = None
    kind: str
    note: str = ""
    annotator: Optional[str] = None
    created_at: datetime = Field(default_factory=utcnow)


class DocumentStatusRow(SQLModel, table=True):
    """One annotator's status of one document (revision 0007): new / in-progress / done."""

    __tablename__ = "document_status"
    __table_args__ = (Index("ux_document_status", "document_id", "annotator", unique=True),
                      Index("ix_document_status_annotator", "annotator", "status"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(
        sa_column=Column(Integer, ForeignKey("document.id", ondelete="CASCADE"), nullable=False)
    )
    annotator: str
    status: str
    updated_at: datetime = Field(default_factory=utcnow)


class StoreSeenRow(SQLModel, table=True):
    """How far this store has merged another store's event log (revision 0007)."""

    __tablename__ = "store_seen"
    store_id: str = Field(primary_key=True)
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
