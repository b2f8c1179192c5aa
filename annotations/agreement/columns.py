"""Agreement's input as columns: every accepted span of the chosen layers as
numpy arrays (document, layer, label, start, end, id; attributes as their
stored JSON text), sorted by (document, start, end), with the documents'
lengths, which layers cover which documents, and the layers' relations.

`read_columns` fills them from the store with one span query (in the order
of the accepted-span index, so the database does not sort) and turns the
driver's rows into arrays without building an object per span: comparing
1,000 documents x 3 layers must cost about as much as reading their spans.
`from_corpus` builds the same from layers already read (`read_layers`).
Nothing here imports Qt or spaCy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
from sqlalchemy import bindparam, text as sql

from ..store import Store
from .layers import GOLD, DocumentLayers, _chunks, _filters, _raw_rows


EMPTY = np.zeros(0, dtype=np.int64)


@dataclass
class SpanColumns:
    layers: list[str]  # layer names; `layer` holds indices into it
    labels: list[str]  # label names; `label` holds indices into it
    doc: np.ndarray
    layer: np.ndarray
    label: np.ndarray
    start: np.ndarray
    end: np.ndarray
    id: np.ndarray
    attribute: np.ndarray  # per span, an index into `attributes`
    attributes: list[str]  # the distinct stored attribute JSON texts
    lengths: dict[int, int] = field(default_factory=dict)  # covered document id -> length in code points
    covered: dict[int, set[str]] = field(default_factory=dict)  # document id -> layers with a span there
    relation_labels: list[str] = field(default_factory=list)
    relation_head: np.ndarray = field(default_factory=lambda: EMPTY)  # span ids; relations whose head is one of the spans above
    relation_child: np.ndarray = field(default_factory=lambda: EMPTY)
    relation_label: np.ndarray = field(default_factory=lambda: EMPTY)  # index into relation_labels
    relation_layer: np.ndarray = field(default_factory=lambda: EMPTY)  # the head's layer, index into layers

    def set_relations(self, relations: list[tuple[int, int, str]]) -> None:
        """(head id, child id, label) of relations between accepted spans; those whose head is not
        among the columns' spans (another layer or label) cannot count and are left out."""
        heads, children, labels = zip(*relations) if relations else ((), (), ())
        heads = np.fromiter(heads, dtype=np.int64, count=len(heads))
        order = np.argsort(self.id, kind="stable")
        ids = self.id[order]
        at = np.clip(np.searchsorted(ids, heads), 0, max(len(ids) - 1, 0))
        keep = (ids[at] == heads) if len(ids) else np.zeros(len(heads), dtype=bool)
        self.relation_labels = sorted(set(labels))
        self.relation_head = heads[keep]
        self.relation_child = np.fromiter(children, dtype=np.int64, count=len(children))[keep]
        self.relation_label = _encode(labels, self.relation_labels)[keep]
        self.relation_layer = self.layer[order[at[keep]]] if len(ids) else EMPTY


def chosen_layers(cols: "SpanColumns", layers: Iterable[str] | None) -> list[str]:
    """The layers named, else every layer covering a document but gold."""
    if layers is not None:
        return list(dict.fromkeys(layers))
    return sorted({name for found in cols.covered.values() for name in found} - {GOLD})


def compared_documents(cols: "SpanColumns", names: list[str]) -> list[int]:
    """Documents at least two of the layers cover."""
    return sorted(d for d, found in cols.covered.items() if sum(name in found for name in names) >= 2)


def _encode(values, names: list[str]) -> np.ndarray:
    code = {name: i for i, name in enumerate(names)}
    return np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))


def _assemble(rows: list[tuple], covered_pairs: Iterable[tuple[int, str]]) -> SpanColumns:
    """Columns from (document, start, end, label, id, attributes, layer) tuples sorted by (document, start, end)."""
    if rows:
        doc, start, end, label, ids, attributes, layer = zip(*rows)
    else:
        doc = start = end = label = ids = attributes = layer = ()
    labels, layers = sorted(set(label)), sorted(set(layer))
    as_int = (lambda values: np.fromiter(values, dtype=np.int64, count=len(values)))
    texts = sorted(set(attributes))
    cols = SpanColumns(layers, labels, as_int(doc), _encode(layer, layers), _encode(label, labels), as_int(start),
                       as_int(end), as_int(ids), _encode(attributes, texts), texts)
    covered: dict[int, set[str]] = {}
    if len(cols.doc):  # (document, layer) pairs with spans, without a tuple per span
        found = np.unique(cols.doc * len(layers) + cols.layer)
        for doc_id, k in zip((found // len(layers)).tolist(), (found % len(layers)).tolist()):
            covered.setdefault(doc_id, set()).add(layers[k])
    for doc_id, name in covered_pairs:
        covered.setdefault(doc_id, set()).add(name)
    cols.covered = covered
    return cols


def read_columns(store: Store, layers: Iterable[str] | None = None, labels: Iterable[str] | None = None,
                 documents: Iterable[int] | None = None) -> SpanColumns:
    """The chosen layers' accepted spans, coverage, lengths and relations (all layers when None)."""
    layers = None if layers is None else list(layers)
    labels = None if labels is None else list(labels)
    documents = None if documents is None else list(documents)
    with store.session() as s:
        con = s.connection()
        where, params, binds = _filters(layers, labels, documents)
        rows = _raw_rows(con, sql(
            'SELECT document_id, start, "end", label, id, CAST(attributes AS TEXT), COALESCE(annotator, :unknown) '
            f"FROM span WHERE status = 'accepted'{where} ORDER BY document_id, start, \"end\"").bindparams(*binds),
            params)
        pairs = []
        if labels is not None:  # a layer covers a document whatever labels are compared (see layers.py)
            where, params, binds = _filters(layers, None, documents)
            pairs = _raw_rows(con, sql("SELECT DISTINCT document_id, COALESCE(annotator, :unknown) FROM span "
                                       f"WHERE status = 'accepted'{where}").bindparams(*binds), params)
        cols = _assemble(rows, pairs)
        by_ids = bindparam("ids", expanding=True)
        relations = []
        for chunk in _chunks(sorted(cols.covered), 900):
            cols.lengths.update(_raw_rows(
                con, sql("SELECT id, length(text) FROM document WHERE id IN :ids").bindparams(by_ids), {"ids": chunk}))
            relations += _raw_rows(con, sql(
                "SELECT head_id, child_id, label FROM relation WHERE status = 'accepted' AND document_id IN :ids "
                "ORDER BY id").bindparams(by_ids), {"ids": chunk})
    cols.set_relations(relations)  # a relation counts when its head is one of the accepted spans read
    return cols


def from_corpus(corpus: dict[int, DocumentLayers]) -> SpanColumns:
    """The same columns from layers already read."""
    rows = sorted(((doc.id, sp.start, sp.end, sp.label, sp.id, sp.attributes, layer)
                   for doc in corpus.values() for layer, by_label in doc.spans.items()
                   for spans in by_label.values() for sp in spans), key=lambda r: r[:3])
    cols = _assemble(rows, [(doc.id, layer) for doc in corpus.values() for layer in doc.spans])
    cols.lengths = {doc.id: doc.length for doc in corpus.values()}
    cols.set_relations([rel for doc in corpus.values() for relations in doc.relations.values() for rel in relations])
    return cols
