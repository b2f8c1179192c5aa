"""Actor links through export and import files.

Export (`links_and_entries`, inside the export's read): the accepted links of a
batch's spans (pending link suggestions stay in the store) and the registry
entries they use, as `SpanRecord.actor` and `DocumentRecord.actors`; each
format writes what it can hold.

Import (`store_links`, inside the import's transaction): actors a file links to
that the registry lacks are created from the file's entries (matched by id;
actors already there are left as they are), or, for a file that names an id
only, from the mention (name) and the span's `kind` attribute; then the links
are stored as accepted. An entry is what `actors export` writes to JSONL:
id, name, kind, aliases (besides the name), external_ids, notes.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from sqlalchemy import bindparam, text as sql
from sqlmodel import Session

from ..services import bulk, events
from ..services.rows import json_value
from ..tables import SpanActorRow
from ..types import DocumentRecord, SpanRecord
from .registry import KINDS, insert_actors

FALLBACK_KIND = "group"

_LINK_SQL = sql(
    "SELECT sa.span_id, sa.actor_id FROM span_actor sa JOIN span s ON s.id = sa.span_id "
    "WHERE s.document_id IN :ids AND sa.status = 'accepted'"
).bindparams(bindparam("ids", expanding=True))
_ACTOR_SQL = sql("SELECT id, name, kind, external_ids, notes FROM actor WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))
_ALIAS_SQL = sql("SELECT actor_id, alias FROM actor_alias WHERE actor_id IN :ids ORDER BY id").bindparams(
    bindparam("ids", expanding=True))


def entry(actor_id: str, name: str, kind: str, aliases: Iterable[str] = (), external_ids: Any = None,
          notes: str = "") -> dict[str, Any]:
    """A registry entry as files carry it (the `actors export` JSONL shape)."""
    item: dict[str, Any] = {"id": actor_id, "name": name, "kind": kind,
                            "aliases": [a for a in aliases if a != name], "external_ids": dict(external_ids or {})}
    if notes:
        item["notes"] = notes
    return item


def links_and_entries(con, document_ids: Sequence[int]) -> tuple[dict[int, str], dict[str, dict[str, Any]]]:
    """({span id: actor id} of the accepted links in these documents, {actor id: entry})."""
    found = {span: actor for span, actor in con.execute(_LINK_SQL, {"ids": list(document_ids)}).cursor.fetchall()}
    used = sorted(set(found.values()))
    if not used:
        return found, {}
    aliases: dict[str, list[str]] = defaultdict(list)
    for actor_id, alias in con.execute(_ALIAS_SQL, {"ids": used}).cursor.fetchall():
        aliases[actor_id].append(alias)
    entries = {row[0]: entry(row[0], row[1], row[2], aliases[row[0]], json_value(row[3]), row[4] or "")
               for row in con.execute(_ACTOR_SQL, {"ids": used}).cursor.fetchall()}
    return found, entries


def record_entries(spans: Iterable[SpanRecord], entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The entries the spans link to, in the order they are first used."""
    return {s.actor: entries[s.actor] for s in spans if s.actor is not None and s.actor in entries}


@dataclass
class StoredLinks:
    links: int = 0
    actors_added: list[str] = field(default_factory=list)


def _spec(record: DocumentRecord, span: SpanRecord, actor_id: str) -> dict[str, Any]:
    """The file's entry for the actor; what it lacks (all of it, or the kind of a brat N line's
    name) comes from the mention and the span's `kind` attribute."""
    spec = {"id": actor_id, "name": record.text[span.start:span.end].strip() or actor_id, "kind": None,
            **(record.actors.get(actor_id) or {})}
    if spec["kind"] not in KINDS:
        kind = span.attributes.get("kind")
        spec["kind"] = kind if kind in KINDS else FALLBACK_KIND
    return spec


def store_links(s: Session, items: Sequence[tuple[int, SpanRecord, DocumentRecord]], annotator: str) -> StoredLinks:
    """Store (new span id, span, its record) links as accepted, creating the missing actors first."""
    result = StoredLinks()
    if not items:
        return result
    wanted = sorted({span.actor for _, span, _ in items})
    have = {row[0] for row in s.connection().execute(_ACTOR_SQL, {"ids": wanted}).cursor.fetchall()}
    specs: dict[str, dict[str, Any]] = {}
    for _, span, record in items:
        if span.actor not in have and span.actor not in specs:
            specs[span.actor] = _spec(record, span, span.actor)
    if specs:
        result.actors_added = list(insert_actors(s, list(specs.values()), "import", skip_existing=True).added_actors)
    rows = [{"span_id": span_id, "actor_id": span.actor, "status": "accepted", "score": None}
            for span_id, span, _ in items]
    bulk.insert_rows(s, SpanActorRow, rows)
    result.links = len(rows)
    events.record(s, "actor_links_import", target="actors", annotator=annotator,
                  after={"links": len(rows), "actors": result.actors_added})
    return result
