"""Frozen dataclasses that callers (CLI, desktop, formats) get from the core.

ORM rows never leave the services; these plain values do. Offsets are Unicode
code points into the document text, end exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

DOCUMENT_STATUSES = ("new", "in-progress", "done")
SPAN_STATUSES = ("accepted", "pending", "rejected")
ORIGINS = ("manual", "suggestion", "import")


@dataclass(frozen=True)
class Span:
    id: int
    document_id: int
    start: int
    end: int
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    origin: str = "manual"
    status: str = "accepted"
    suggester: str | None = None
    suggester_version: str | None = None
    score: float | None = None
    annotator: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    #: The merge-safe key of the stored row (kept by undo of a delete); not compared.
    uid: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Relation:
    id: int
    document_id: int
    head_id: int
    child_id: int
    label: str
    origin: str = "manual"
    status: str = "accepted"
    annotator: str | None = None
    #: The merge-safe key of the stored row (kept by undo of a remove); not compared.
    uid: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Document:
    id: int
    text: str
    sha256: str
    title: str
    source: str | None
    meta: Mapping[str, Any]
    status: str
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class DocumentSummary:
    """One row of the document list: no text, counts precomputed in SQL."""

    id: int
    title: str
    source: str | None
    status: str
    span_count: int
    pending_count: int
    length: int
    updated_at: datetime | None = None
    published: str | None = None  # YYYY-MM-DD from the document's meta, when an extractor found it
    imported: str | None = None  # YYYY-MM-DD the document entered the store

    @property
    def date(self) -> str:
        """The publication date, else the import date ('' when neither is known)."""
        return self.published or self.imported or ""


@dataclass(frozen=True)
class Change:
    """What a service call changed, so views refresh only that (like Anki's OpChanges).

    Removed spans and relations are returned whole so an undo can restore them
    with their original ids. `changed_relations` lists relations whose status
    (or other fields) changed, e.g. a suggested relation accepted with its spans.
    """

    document_id: int
    added_spans: tuple[int, ...] = ()
    changed_spans: tuple[int, ...] = ()
    removed_spans: tuple[Span, ...] = ()
    added_relations: tuple[int, ...] = ()
    removed_relations: tuple[Relation, ...] = ()
    document_changed: bool = False
    changed_relations: tuple[int, ...] = ()

    @property
    def span_id(self) -> int:
        """The one span this change added or changed (for single-span services)."""
        ids = self.added_spans or self.changed_spans or tuple(s.id for s in self.removed_spans)
        if len(ids) != 1:
            raise ValueError(f"change touches {len(ids)} spans, not one")
        return ids[0]

    @property
    def relation_id(self) -> int:
        ids = self.added_relations or tuple(r.id for r in self.removed_relations)
        if len(ids) != 1:
            raise ValueError(f"change touches {len(ids)} relations, not one")
        return ids[0]


# ---- records exchanged with file formats (no store ids) -------------------


@dataclass
class SpanRecord:
    start: int
    end: int
    label: str
    attributes: dict[str, Any] = field(default_factory=dict)
    status: str = "accepted"
    origin: str = "import"
    suggester: str | None = None
    suggester_version: str | None = None
    score: float | None = None
    annotator: str | None = None
    key: str | None = None  # format-local id used by relations (e.g. brat "T3")
    actor: str | None = None  # id of the registry actor an ACTOR span links to (accepted links only)


@dataclass
class RelationRecord:
    head: int  # index into DocumentRecord.spans
    child: int
    label: str
    status: str = "accepted"


@dataclass
class DocumentRecord:
    """A document as a file format reads or writes it."""

    text: str
    title: str = ""
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    status: str = "new"
    spans: list[SpanRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    path: str | None = None  # where it was read from, for error messages
    line: int | None = None
    store_id: int | None = None  # set on export
    # the registry entries its spans link to: {actor id: {id, name, kind, aliases, external_ids}}
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
