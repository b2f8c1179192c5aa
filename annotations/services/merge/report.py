"""What a merge did, per kind of row, and the conflicts it resolved."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class MergeReport:
    """Counts per kind of row; `conflicts` and `refused` are one line each."""

    sources: list[str] = field(default_factory=list)
    documents_added: int = 0
    documents_deleted: int = 0
    spans_added: int = 0
    spans_updated: int = 0
    spans_deleted: int = 0
    relations_added: int = 0
    assignments_added: int = 0
    relations_deleted: int = 0
    statuses_merged: int = 0
    actors_added: int = 0
    actors_updated: int = 0
    links_added: int = 0
    flags_added: int = 0
    flags_updated: int = 0
    flags_removed: int = 0
    models_added: int = 0
    duplicates_skipped: int = 0
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # changes to another annotator's layer, not applied
    candidates: list[str] = field(default_factory=list)  # same-name actors with different ids

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
