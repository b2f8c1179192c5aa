"""New SQLite stores made by a merge: `checkout` (a laptop store for one
annotator) and `backup` (everything). Built as a temporary sibling and renamed:
the file appears whole or not at all."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import text as sql

from ...errors import ValidationError
from ...store import Store
from .source import Selection
from .report import MergeReport
from .run import merge_stores


def checkout(team: Store, laptop: str | Path, annotator: str) -> MergeReport:
    """A new laptop store (SQLite file) with the team's label schema, the documents
    assigned to `annotator`, their spans in that annotator's layer and the pending
    suggestions."""
    path = Path(laptop)
    if path.exists():
        raise ValidationError(f"{path}: already exists; check out into a new file")
    with team.session() as s:
        docs = frozenset(s.connection().execute(sql("SELECT document_id FROM assignment WHERE annotator = :a"),
                                                {"a": annotator}).scalars())
    if not docs:
        raise ValidationError(f"{team.location}: no document is assigned to {annotator} "
                              f"(glossator assign --annotator {annotator} ...)")
    return _new_store(path, team, Selection(
        document_ids=docs, assignment_annotator=annotator, with_tombstones=False,
        span_filter=lambda sp: sp["annotator"] == annotator or sp["status"] == "pending"))


def backup(store: Store, out: str | Path) -> MergeReport:
    """`glossator backup OUT.sqlite`: everything in `store` merged into a new SQLite file
    (restore: merge it into an empty store)."""
    path = Path(out)
    if path.exists():
        raise ValidationError(f"{path}: already exists; back up into a new file")
    return _new_store(path, store, Selection())


def _new_store(path: Path, source: Store, selection: Selection) -> MergeReport:
    """A new SQLite store at `path` with `source`'s label schema, filled by a merge from it."""
    temp = path.with_name(f".{path.name}.glossator-tmp")
    for leftover in temp.parent.glob(temp.name + "*"):
        leftover.unlink()
    try:
        with Store.create(temp, schema=source.schema) as store:
            report = merge_stores(store, [source], selection=selection)
        temp.replace(path)
    finally:
        for leftover in temp.parent.glob(temp.name + "*"):
            leftover.unlink(missing_ok=True)
    return report
