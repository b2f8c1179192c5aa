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
