"""Reading annotators' layers for agreement and curation, and adding a layer
from records onto documents already in the store.

A layer is an annotator's name (span.annotator); `gold` is the layer written
only by adjudication. A layer *covers* a document when it has at least one
accepted span there: that is how agreement tells "did not annotate" from
"annotated and found nothing" without an assignment table.

Reading is one read-only query per table (spans, relations, document
lengths), with no ORM objects on the path: agreement over thousands of
documents must cost about as much as reading their spans. Nothing here
imports spaCy.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from operator import attrgetter
from typing import Any, Iterable, NamedTuple

from sqlalchemy import bindparam, text as sql

from ..errors import ValidationError
from ..tables import RelationRow, SpanRow
from ..services import events
from ..services.rows import current_annotator, span_snapshot
from ..store import Store
from ..text import sha256
from ..types import DocumentRecord

GOLD = "gold"
UNKNOWN_LAYER = "unknown"  # spans of old stores written before every span had an annotator


@lru_cache(maxsize=4096)  # attribute texts repeat ({"kind": "person"}): parse each once
def attributes_of(raw: str) -> dict[str, Any]:
    """A span's stored attribute JSON as a dict (shared: do not modify it)."""
    return json.loads(raw) if raw and raw != "{}" else {}


class LayerSpan(NamedTuple):
    """One accepted span of one layer. `attributes` stays the stored JSON text until asked for."""

    start: int
    end: int
    label: str
    id: int
    attributes: str
    document_id: int = 0
    layer: str = ""

    def attrs(self) -> dict[str, Any]:
        return dict(attributes_of(self.attributes))


_GROUP = attrgetter("document_id", "layer", "label")


@dataclass
class DocumentLayers:
    """One document's layers: layer → label → spans in (start, end) order, and
    layer → relations as (head span id, child span id, relation label)."""

    id: int
    title: str
    length: int
    spans: dict[str, dict[str, list[LayerSpan]]] = field(default_factory=dict)
    relations: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)

    @property
    def layers(self) -> list[str]:
        return sorted(self.spans)

    def label_spans(self, layer: str, label: str) -> list[LayerSpan]:
        return self.spans.get(layer, {}).get(label, [])

    def all_spans(self, layer: str) -> list[LayerSpan]:
        return [sp for spans in self.spans.get(layer, {}).values() for sp in spans]


def read_layers(
    store: Store,
    layers: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
    documents: Iterable[int] | None = None,
) -> dict[int, DocumentLayers]:
    """Accepted spans and relations of the chosen layers (all when None), by document id."""
    with store.session() as s:
        return read_layers_with(s.connection(), layers, labels, documents)


def _filters(layers, labels, documents) -> tuple[str, dict, list]:
    """The WHERE clause (after status), its parameters and expanding binds for the chosen filters."""
    where, params, binds = "", {"unknown": UNKNOWN_LAYER}, []
    for key, column, values in (("layers", "COALESCE(annotator, :unknown)", layers), ("labels", "label", labels),
                                ("docs", "document_id", documents)):
        if values is not None:
            where += f" AND {column} IN :{key}"
            params[key] = list(values)
            binds.append(bindparam(key, expanding=True))
    return where, params, binds


def read_layers_with(con, layers=None, labels=None, documents=None) -> dict[int, DocumentLayers]:
    """read_layers inside a caller's transaction (`con`: its SQLAlchemy connection)."""
    where, params, binds = _filters(layers, labels, documents)
    span_sql = sql(
        'SELECT start, "end", label, id, CAST(attributes AS TEXT), document_id, COALESCE(annotator, :unknown) FROM span '
        f"WHERE status = 'accepted'{where} ORDER BY 6, 7, 3, 1, 2"
    ).bindparams(*binds)
    by_ids = bindparam("ids", expanding=True)
    docs: dict[int, DocumentLayers] = {}
    spans = list(map(LayerSpan._make, _raw_rows(con, span_sql, params)))
    covered: set[tuple[int, str]] = {(sp.document_id, sp.layer) for sp in spans}
    if labels is not None:
        # a layer covers a document whatever labels are compared: with --label FIGURE, a layer
        # with only ACTOR spans there found no FIGURE (its misses count), it did not skip the document
        where, params, binds = _filters(layers, None, documents)
        cover_sql = sql("SELECT DISTINCT document_id, COALESCE(annotator, :unknown) FROM span "
                        f"WHERE status = 'accepted'{where}").bindparams(*binds)
        covered |= set(_raw_rows(con, cover_sql, params))
    doc_ids = sorted({doc for doc, _ in covered})
    relation_rows = []
    for chunk in _chunks(doc_ids, 900):
        for doc_id, title, length in con.execute(
                sql("SELECT id, title, length(text) FROM document WHERE id IN :ids").bindparams(by_ids),
                {"ids": chunk}):
            docs[doc_id] = DocumentLayers(doc_id, title or "", int(length))
        relation_rows += _raw_rows(
            con,
            sql("SELECT r.document_id, COALESCE(h.annotator, :unknown), r.head_id, r.child_id, r.label "
                "FROM relation r JOIN span h ON h.id = r.head_id JOIN span c ON c.id = r.child_id "
                "WHERE r.status = 'accepted' AND h.status = 'accepted' AND c.status = 'accepted' "
                "AND r.document_id IN :ids ORDER BY r.id").bindparams(by_ids),
            {"ids": chunk, "unknown": UNKNOWN_LAYER})
    for doc_id, layer in covered:
        docs[doc_id].spans.setdefault(layer, {})
    for (doc_id, layer, label), group in groupby(spans, _GROUP):
        layers_of = docs[doc_id].spans
        if layer not in layers_of:
            layers_of[layer] = {}
        layers_of[layer][label] = list(group)
    for doc_id, layer, head, child, label in relation_rows:
        if layer in docs[doc_id].spans:
            docs[doc_id].relations.setdefault(layer, []).append((head, child, label))
    return docs


def read_texts(store: Store, doc_ids: list[int], column: str = "text") -> dict[int, str]:
    """Document id -> text (or title, with column="title"), for the documents asked for."""
    out: dict[int, str] = {}
    if column not in ("text", "title"):
        raise ValueError(column)
    query = sql(f"SELECT id, COALESCE({column}, '') FROM document WHERE id IN :ids").bindparams(
        bindparam("ids", expanding=True))
    with store.session() as s:
        con = s.connection()
        for chunk in _chunks(list(doc_ids), 900):
            out.update(con.execute(query, {"ids": chunk}).fetchall())
    return out


def layer_names(store: Store) -> list[str]:
    """Every layer with at least one accepted span, sorted."""
    with store.session() as s:
        rows = s.connection().execute(
            sql("SELECT DISTINCT COALESCE(annotator, :unknown) FROM span WHERE status = 'accepted'"),
            {"unknown": UNKNOWN_LAYER})
        return sorted(r[0] for r in rows)


def _raw_rows(con, statement, params) -> list[tuple]:
    """Rows as the driver's plain tuples: SQLAlchemy binds the parameters (any backend), but building
    a Row per span would cost more than the agreement itself on large stores."""
    result = con.execute(statement, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _chunks(values: list, size: int):
    for i in range(0, len(values), size):
        yield values[i:i + size]


@dataclass
class LayerImport:
    """What `add_layer` wrote: documents matched, spans and relations added, spans already there."""

    layer: str
    documents: list[int] = field(default_factory=list)
    spans: int = 0
    relations: int = 0
    already_there: int = 0


def add_layer(store: Store, records: Iterable[DocumentRecord], layer: str, *, by: str | None = None) -> LayerImport:
    """Add the records' spans and relations as `layer` to the documents with the same text
    (matched by sha256), in one transaction. A record whose text is not in the store, or a
    span the schema refuses, stops the whole call before anything is written. Spans the
    layer already has (same start, end, label) are not added again, so re-running adds nothing."""
    if layer == GOLD:
        raise ValidationError("the gold layer is written only by curation (glossator curate)")
    records = list(records)
    schema = store.schema
    result = LayerImport(layer)
    by = by or current_annotator()
    with store.session() as s:
        con = s.connection()
        plans = []
        for number, record in enumerate(records, 1):
            where = record.path or "records"
            line = record.line or number
            row = con.execute(sql("SELECT id, length(text) FROM document WHERE sha256 = :h"),
                              {"h": sha256(record.text)}).first()
            if row is None:
                raise ValidationError(f"{where}:{line}: this text is not in the store (import the document first)")
            doc_id, length = row
            for sp in record.spans:
                try:
                    schema.label(sp.label)
                    schema.check_attributes(sp.label, sp.attributes)
                except ValidationError as exc:
                    raise ValidationError(f"{where}:{line}: {exc}") from None
                if not 0 <= sp.start < sp.end <= length:
                    raise ValidationError(f"{where}:{line}: span {sp.start}–{sp.end} is outside the text (0–{length})")
            for rel in record.relations:
                if not (0 <= rel.head < len(record.spans) and 0 <= rel.child < len(record.spans)):
                    raise ValidationError(f"{where}:{line}: relation {rel.label} points to a span that is not there")
                try:
                    schema.check_relation(rel.label, record.spans[rel.head].label, record.spans[rel.child].label)
                except ValidationError as exc:
                    raise ValidationError(f"{where}:{line}: {exc}") from None
            plans.append((doc_id, record))
        for doc_id, record in plans:
            existing = {
                (r[0], r[1], r[2]): r[3] for r in con.execute(
                    sql('SELECT start, "end", label, id FROM span WHERE document_id = :d AND annotator = :a '
                        "AND status = 'accepted'"), {"d": doc_id, "a": layer})
            }
            ids: list[int] = []
            for sp in record.spans:
                key = (sp.start, sp.end, sp.label)
                if key in existing:
                    result.already_there += 1
                    ids.append(existing[key])
                    continue
                row = SpanRow(document_id=doc_id, start=sp.start, end=sp.end, label=sp.label,
                              attributes=dict(sp.attributes), origin="import", status="accepted", annotator=layer)
                s.add(row)
                s.flush()
                existing[key] = row.id
                ids.append(row.id)
                result.spans += 1
                events.record(s, "add_span", document_id=doc_id, target=f"span:{row.id}",
                              after=span_snapshot(row) | {"annotator": layer}, annotator=by)
            known = {(r[0], r[1], r[2]) for r in con.execute(
                sql("SELECT head_id, child_id, label FROM relation WHERE document_id = :d"), {"d": doc_id})}
            for rel in record.relations:
                key = (ids[rel.head], ids[rel.child], rel.label)
                if key in known:
                    continue
                known.add(key)
                row = RelationRow(document_id=doc_id, head_id=key[0], child_id=key[1], label=rel.label,
                                  origin="import", status="accepted", annotator=layer)
                s.add(row)
                s.flush()
                result.relations += 1
                events.record(s, "add_relation", document_id=doc_id, target=f"relation:{row.id}",
                              after={"head": key[0], "child": key[1], "label": rel.label}, annotator=by)
            result.documents.append(doc_id)
    return result
