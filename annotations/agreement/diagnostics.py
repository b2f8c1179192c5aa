"""Where two layers disagree, for the person who settles it:

- a label confusion table per pair: spans matched by overlap within a label
  count on the diagonal; what is left is matched across labels (IoU >= 0.5,
  the same greedy one-to-one rule), and what is still left counts against
  "none";
- boundary-only disagreements: same label, overlapping by at least one
  character, different edges (spans with an exact twin are not listed);
- documents ranked by disagreement: spans without an overlap match, plus
  boundary-only pairs, plus attribute values that differ on matched spans.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

from .compare import chosen_layers
from .layers import DocumentLayers, LayerSpan, attributes_of
from .matching import match_exact, match_overlap

NONE = "—"


@dataclass(frozen=True)
class BoundaryDisagreement:
    document_id: int
    label: str
    a: tuple[int, int]
    b: tuple[int, int]
    a_text: str = ""
    b_text: str = ""

    def as_dict(self) -> dict:
        return {"document": self.document_id, "label": self.label, "a": list(self.a), "b": list(self.b),
                "a_text": self.a_text, "b_text": self.b_text}


@dataclass(frozen=True)
class DocumentDisagreement:
    document_id: int
    title: str
    unmatched: int
    boundary: int
    attributes: int

    @property
    def total(self) -> int:
        return self.unmatched + self.boundary + self.attributes

    def as_dict(self) -> dict:
        return {"document": self.document_id, "title": self.title, "unmatched": self.unmatched,
                "boundary": self.boundary, "attributes": self.attributes, "total": self.total}


@dataclass
class PairDiagnostics:
    a: str
    b: str
    confusion: Counter = field(default_factory=Counter)  # (A's label or NONE, B's label or NONE) -> spans
    boundaries: list[BoundaryDisagreement] = field(default_factory=list)
    documents: list[DocumentDisagreement] = field(default_factory=list)  # most disagreement first

    def as_dict(self) -> dict:
        return {
            "a": self.a, "b": self.b,
            "confusion": [{"a": x, "b": y, "count": n} for (x, y), n in sorted(self.confusion.items())],
            "boundaries": [b.as_dict() for b in self.boundaries],
            "documents": [d.as_dict() for d in self.documents],
        }


def diagnose_corpus(
    corpus: dict[int, DocumentLayers],
    layers: Iterable[str] | None = None,
    texts: dict[int, str] | None = None,
) -> list[PairDiagnostics]:
    """Diagnostics for every pair of the chosen layers, on the documents both cover;
    `texts` (document id -> text) fills the quoted text of boundary disagreements."""
    names = chosen_layers(corpus, layers)
    texts = texts or {}
    out = []
    for a, b in combinations(names, 2):
        diag = PairDiagnostics(a, b)
        for doc_id in sorted(corpus):
            doc = corpus[doc_id]
            if a in doc.spans and b in doc.spans:
                _diagnose_document(diag, doc, texts.get(doc_id, ""))
        diag.documents.sort(key=lambda d: (-d.total, d.document_id))
        out.append(diag)
    return out


def _diagnose_document(diag: PairDiagnostics, doc: DocumentLayers, text: str) -> None:
    rest_a: list[LayerSpan] = []
    rest_b: list[LayerSpan] = []
    boundary = attributes = 0
    for label in sorted(set(doc.spans[diag.a]) | set(doc.spans[diag.b])):
        spans_a, spans_b = doc.label_spans(diag.a, label), doc.label_spans(diag.b, label)
        overlap = match_overlap(spans_a, spans_b)
        diag.confusion[(label, label)] += len(overlap.pairs)
        rest_a += [spans_a[i] for i in overlap.only_a]
        rest_b += [spans_b[j] for j in overlap.only_b]
        for i, j in overlap.pairs:
            x, y = attributes_of(spans_a[i].attributes), attributes_of(spans_b[j].attributes)
            attributes += sum(x.get(k) != y.get(k) for k in x.keys() | y.keys())
        exact = match_exact(spans_a, spans_b)
        loose_a = [spans_a[i] for i in exact.only_a]
        loose_b = [spans_b[j] for j in exact.only_b]
        for i, j in match_overlap(loose_a, loose_b, min_iou=0.0).pairs:
            x, y = loose_a[i], loose_b[j]
            boundary += 1
            diag.boundaries.append(BoundaryDisagreement(
                doc.id, label, (x.start, x.end), (y.start, y.end), text[x.start:x.end], text[y.start:y.end]))
    rest_a.sort(key=lambda sp: (sp.start, sp.end))
    rest_b.sort(key=lambda sp: (sp.start, sp.end))
    across = match_overlap(rest_a, rest_b)
    for i, j in across.pairs:
        diag.confusion[(rest_a[i].label, rest_b[j].label)] += 1
    for i in across.only_a:
        diag.confusion[(rest_a[i].label, NONE)] += 1
    for j in across.only_b:
        diag.confusion[(NONE, rest_b[j].label)] += 1
    unmatched = len(rest_a) + len(rest_b)  # spans without a same-label overlap match
    diag.documents.append(DocumentDisagreement(doc.id, doc.title, unmatched, boundary, attributes))


def diagnose_columns(cols, layers: Iterable[str] | None = None, texts: dict[int, str] | None = None,
                     titles: dict[int, str] | None = None) -> list[PairDiagnostics]:
    """diagnose_corpus on columns (columns.py), every pair over the whole corpus at once with the
    array matching of pairwise.py: the same diagnostics, without an object per span. The
    document-by-document `diagnose_corpus` above is the definition it is tested against."""
    import numpy as np

    from .columns import chosen_layers as chosen_column_layers
    from .pairwise import GlobalLine, exact_pairs, overlap_pairs, rows_by_side

    names = chosen_column_layers(cols, layers)
    texts, titles = texts or {}, titles or {}
    line = GlobalLine(cols, None)
    rows_of = rows_by_side(cols)
    layer_code = {name: k for k, name in enumerate(cols.layers)}
    differing = {}  # (A's attribute code, B's) -> attribute values that differ

    def differ(x: int, y: int) -> int:
        if (x, y) not in differing:
            p, q = attributes_of(cols.attributes[x]), attributes_of(cols.attributes[y])
            differing[(x, y)] = sum(p.get(k) != q.get(k) for k in p.keys() | q.keys())
        return differing[(x, y)]

    out = []
    for a, b in combinations(names, 2):
        diag = PairDiagnostics(a, b)
        docs = [d for d, found in sorted(cols.covered.items()) if a in found and b in found]
        in_pair = np.isin(line.doc_ids, np.array(docs, dtype=np.int64))
        n_docs = len(line.doc_ids)
        boundary = np.zeros(n_docs, dtype=np.int64)
        attributes = np.zeros(n_docs, dtype=np.int64)
        rest_a, rest_b, found_boundaries = [], [], []
        for code, label in enumerate(cols.labels):
            ra = rows_of.get((layer_code.get(a, -1), code), line.start[:0])
            rb = rows_of.get((layer_code.get(b, -1), code), line.start[:0])
            ra, rb = ra[in_pair[line.doc_index[ra]]], rb[in_pair[line.doc_index[rb]]]
            if not len(ra) and not len(rb):
                continue
            sa, ea, sb, eb = line.start[ra], line.end[ra], line.start[rb], line.end[rb]
            ia, ib = exact_pairs(sa, ea, sb, eb, line.key_base)
            oa, ob = overlap_pairs(sa, ea, sb, eb, ia, ib)
            diag.confusion[(label, label)] += len(oa)
            free_a = np.ones(len(ra), dtype=bool)
            free_a[oa] = False
            free_b = np.ones(len(rb), dtype=bool)
            free_b[ob] = False
            rest_a.append(ra[free_a])
            rest_b.append(rb[free_b])
            if len(oa):
                n = len(cols.attributes)
                found, inverse = np.unique(cols.attribute[ra[oa]] * n + cols.attribute[rb[ob]], return_inverse=True)
                counts = np.array([differ(k // n, k % n) for k in found.tolist()], dtype=np.int64)[inverse]
                attributes += np.bincount(line.doc_index[ra[oa]], weights=counts, minlength=n_docs).astype(np.int64)
            loose_a = np.ones(len(ra), dtype=bool)
            loose_a[ia] = False
            loose_b = np.ones(len(rb), dtype=bool)
            loose_b[ib] = False
            la, lb = ra[loose_a], rb[loose_b]
            xa, xb = exact_pairs(line.start[la], line.end[la], line.start[lb], line.end[lb], line.key_base)
            pa, pb = overlap_pairs(line.start[la], line.end[la], line.start[lb], line.end[lb], xa, xb, min_iou=0.0)
            boundary += np.bincount(line.doc_index[la[pa]], minlength=n_docs)
            found_boundaries += zip(cols.doc[la[pa]].tolist(), [label] * len(pa), pa.tolist(), pb.tolist(),
                                    la[pa].tolist(), lb[pb].tolist())
        for doc_id, label, _i, _j, x, y in sorted(found_boundaries, key=lambda f: f[:4]):
            text = texts.get(doc_id, "")
            xs, xe, ys, ye = (int(cols.start[x]), int(cols.end[x]), int(cols.start[y]), int(cols.end[y]))
            diag.boundaries.append(BoundaryDisagreement(doc_id, label, (xs, xe), (ys, ye), text[xs:xe], text[ys:ye]))
        ra = np.concatenate(rest_a) if rest_a else line.start[:0]
        rb = np.concatenate(rest_b) if rest_b else line.start[:0]
        ra = ra[np.lexsort((cols.label[ra], line.end[ra], line.start[ra]))]  # as diagnose_corpus sorts them
        rb = rb[np.lexsort((cols.label[rb], line.end[rb], line.start[rb]))]
        ia, ib = exact_pairs(line.start[ra], line.end[ra], line.start[rb], line.end[rb], line.key_base)
        ia, ib = overlap_pairs(line.start[ra], line.end[ra], line.start[rb], line.end[rb], ia, ib)
        labels = cols.labels
        diag.confusion.update(zip((labels[k] for k in cols.label[ra[ia]].tolist()),
                                  (labels[k] for k in cols.label[rb[ib]].tolist())))
        left_a = np.ones(len(ra), dtype=bool)
        left_a[ia] = False
        left_b = np.ones(len(rb), dtype=bool)
        left_b[ib] = False
        diag.confusion.update((labels[k], NONE) for k in cols.label[ra[left_a]].tolist())
        diag.confusion.update((NONE, labels[k]) for k in cols.label[rb[left_b]].tolist())
        unmatched = (np.bincount(line.doc_index[ra], minlength=n_docs)
                     + np.bincount(line.doc_index[rb], minlength=n_docs))
        for k in np.flatnonzero(in_pair).tolist():
            doc_id = int(line.doc_ids[k])
            diag.documents.append(DocumentDisagreement(doc_id, titles.get(doc_id, ""), int(unmatched[k]),
                                                       int(boundary[k]), int(attributes[k])))
        diag.documents.sort(key=lambda d: (-d.total, d.document_id))
        out.append(diag)
    return out
