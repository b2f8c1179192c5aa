"""What a merge holds of one source store: its rows as plain dicts, its event
log's reading (log.py), and which part of a source to take (Selection)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .clock import Stamp
from .log import Log


@dataclass
class Source:
    """Everything read from one source store (one read transaction)."""

    name: str
    labels: set[str]
    relation_labels: set[str]
    documents: list[dict]
    spans: list[dict]
    relations: list[dict]
    assignments: list[dict]
    log: Log  # stamps, tombstones, editors and the clock of the source
    deleted_documents: list[dict] = field(default_factory=list)  # {"sha256", "at", "annotator"}
    statuses: list[dict] = field(default_factory=list)  # per-annotator document status rows
    actors: list[dict] = field(default_factory=list)
    aliases: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)  # span uid -> actor links
    flags: list[dict] = field(default_factory=list)  # flags with their notes (extras.py)
    removed_flags: set[str] = field(default_factory=set)  # uids of flags the source removed
    models: list[dict] = field(default_factory=list)  # trained models, archives included

    def stamp(self, uid: str) -> Stamp:
        """The stamp of the source's version of a span ((store, 0): as it came, unchanged since)."""
        return self.log.stamps.get(uid) or (self.log.clock.store_id, 0)


@dataclass(frozen=True)
class Selection:
    """Which part of a source to take (checkout): documents by id, spans by a predicate."""

    document_ids: frozenset[int] | None = None
    span_filter: Callable[[dict], bool] | None = None
    assignment_annotator: str | None = None
    with_tombstones: bool = True
    with_models: bool = True  # trained models (their archives can be large)
