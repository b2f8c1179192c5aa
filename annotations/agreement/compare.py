"""Agreement between layers: per label, per pair of layers and overall, as
plain dataclasses that the CLI prints and the desktop shows.

For each pair (A, B) only the documents both layers cover are counted; the
documents only one of them covers are listed, not counted. Every pair of the
chosen layers is compared; `gold` only when it is named, since curation
derives it from the others' agreement.

Per label: exact and overlap matches (see matching.py) with counts and
precision/recall/F1, Krippendorff's alpha_U on characters, and on tokens
(see wordsplit.py) Krippendorff's nominal alpha and Cohen's kappa; on the
overlap-matched spans, attribute agreement and relation agreement (a
relation agrees when the other layer has the same relation between the
spans matched to its head and child; relations touching an unmatched span
are left out).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

from ..services.bulk import paused_gc
from ..store import Store
from .layers import GOLD, DocumentLayers, LayerSpan, attributes_of, read_layers, read_texts
from .matching import extend_overlap, match_exact
from .metrics import BinaryAgreement, Counts, UnitizingAlpha, gaps, merge_overlapping, ratio
from .wordsplit import token_bounds, token_ranges


@dataclass
class Tally:
    """Matched and unmatched attribute values of one attribute."""

    agree: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return ratio(self.agree, self.total)

    def as_dict(self) -> dict:
        return {"agree": self.agree, "total": self.total, "rate": self.rate}


@dataclass
class LabelAgreement:
    label: str
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    alpha_u: UnitizingAlpha = field(default_factory=UnitizingAlpha)
    tokens: BinaryAgreement = field(default_factory=BinaryAgreement)
    attribute_pairs: Counter = field(default_factory=Counter)  # (A's, B's attribute JSON) of matched spans

    @property
    def attributes(self) -> dict[str, Tally]:
        """Per attribute name: on how many matched pairs it has the same value (either side set)."""
        out: dict[str, Tally] = {}
        for (raw_a, raw_b), n in self.attribute_pairs.items():
            x, y = attributes_of(raw_a), attributes_of(raw_b)
            for key in x.keys() | y.keys():
                tally = out.setdefault(key, Tally())
                tally.total += n
                tally.agree += n if x.get(key) == y.get(key) else 0
        return dict(sorted(out.items()))

    def as_dict(self) -> dict:
        return {
            "exact": self.exact.as_dict(),
            "overlap": self.overlap.as_dict(),
            "alpha_u_chars": self.alpha_u.value,
            "token_alpha": self.tokens.alpha,
            "token_kappa": self.tokens.kappa,
            "tokens": {"both": self.tokens.n11, "only_a": self.tokens.n10, "only_b": self.tokens.n01,
                       "neither": self.tokens.n00},
            "attributes": {k: v.as_dict() for k, v in sorted(self.attributes.items())},
        }


@dataclass
class PairAgreement:
    a: str
    b: str
    documents: list[int] = field(default_factory=list)
    only_a_documents: list[int] = field(default_factory=list)
    only_b_documents: list[int] = field(default_factory=list)
    labels: dict[str, LabelAgreement] = field(default_factory=dict)
    relations: dict[str, Counts] = field(default_factory=dict)

    def pooled(self, kind: str) -> Counts:
        total = Counts()
        for lab in self.labels.values():
            total += getattr(lab, kind)
        return total

    @property
    def tokens(self) -> BinaryAgreement:
        """All labels' token variables pooled."""
        total = BinaryAgreement()
        for lab in self.labels.values():
            total += lab.tokens
        return total

    def as_dict(self) -> dict:
        tokens = self.tokens
        return {
            "a": self.a, "b": self.b,
            "documents": len(self.documents),
            "only_a_documents": self.only_a_documents,
            "only_b_documents": self.only_b_documents,
            "labels": {name: lab.as_dict() for name, lab in self.labels.items()},
            "overall": {"exact": self.pooled("exact").as_dict(), "overlap": self.pooled("overlap").as_dict(),
                        "token_alpha": tokens.alpha, "token_kappa": tokens.kappa},
            "relations": {name: c.as_dict() for name, c in sorted(self.relations.items())},
        }


@dataclass
class AgreementReport:
    layers: list[str]
    labels: list[str]
    pairs: list[PairAgreement]
    coverage: dict[int, list[str]]  # document id -> the chosen layers that cover it

    @property
    def single_layer_documents(self) -> list[tuple[int, str]]:
        """Documents only one chosen layer covers: reported, not counted."""
        return [(doc, layers[0]) for doc, layers in sorted(self.coverage.items()) if len(layers) == 1]

    def label_over_pairs(self, label: str, kind: str) -> Counts:
        total = Counts()
        for pair in self.pairs:
            if label in pair.labels:
                total += getattr(pair.labels[label], kind)
        return total

    def overall(self, kind: str) -> Counts:
        total = Counts()
        for pair in self.pairs:
            total += pair.pooled(kind)
        return total

    def as_dict(self) -> dict:
        return {
            "layers": self.layers,
            "labels": self.labels,
            "documents": {
                "covered": len(self.coverage),
                "compared": len({d for p in self.pairs for d in p.documents}),
                "single_layer": [{"document": d, "layer": layer} for d, layer in self.single_layer_documents],
            },
            "pairs": [p.as_dict() for p in self.pairs],
            "labels_over_pairs": {
                label: {"exact": self.label_over_pairs(label, "exact").as_dict(),
                        "overlap": self.label_over_pairs(label, "overlap").as_dict()}
                for label in self.labels
            },
            "overall": {"exact": self.overall("exact").as_dict(), "overlap": self.overall("overlap").as_dict()},
        }


def chosen_layers(corpus: dict[int, DocumentLayers], layers: Iterable[str] | None) -> list[str]:
    """The layers named, else every layer in the corpus but gold."""
    if layers is not None:
        return list(dict.fromkeys(layers))
    return sorted({name for doc in corpus.values() for name in doc.spans} - {GOLD})


class _Side:
    """One layer's spans of one label in one document, with what every pair comparing it needs:
    span keys, merged units, unit and gap lengths, and the bit mask of the tokens it touches."""

    __slots__ = ("spans", "index", "merged", "unit_lengths", "gap_lengths", "tokens", "token_count")

    def __init__(self, spans: list[LayerSpan], length: int, bounds):
        self.spans = spans
        index = {(sp.start, sp.end): i for i, sp in enumerate(spans)}
        self.index = index if len(index) == len(spans) else None  # None: duplicates, match the slow way
        self.merged = merge_overlapping((sp.start, sp.end) for sp in spans)
        self.unit_lengths = [e - s for s, e in self.merged]
        self.gap_lengths = gaps(self.merged, length)
        mask = 0
        if bounds is not None:
            for lo, hi in token_ranges(self.merged, *bounds):
                mask |= ((1 << (hi - lo)) - 1) << lo
        self.tokens = mask
        self.token_count = mask.bit_count()


class _DocumentCache:
    """Per document, the `_Side`s several pairs reuse."""

    def __init__(self, doc: DocumentLayers, text: str | None):
        self.doc = doc
        self.bounds = token_bounds(text) if text is not None else None
        self.n_tokens = len(self.bounds[0]) if self.bounds is not None else 0
        self.sides: dict[tuple[str, str], _Side] = {}

    def side(self, layer: str, label: str) -> _Side:
        key = (layer, label)
        found = self.sides.get(key)
        if found is None:
            found = self.sides[key] = _Side(self.doc.label_spans(layer, label), self.doc.length, self.bounds)
        return found


def _pairs(x: _Side, y: _Side) -> tuple[int, list[tuple[int, int]]]:
    """(exact pairs, overlap pairs) of two sides, by the rules of matching.py."""
    if x.index is None or y.index is None:
        exact = match_exact(x.spans, y.spans).pairs
    else:
        yi = y.index
        exact = [(i, yi[k]) for k, i in x.index.items() if k in yi]
    return len(exact), extend_overlap(x.spans, y.spans, exact)


def compare_layers(
    store: Store,
    layers: Iterable[str] | None = None,
    labels: Iterable[str] | None = None,
    documents: Iterable[int] | None = None,
    *,
    tokens: bool = True,
) -> AgreementReport:
    """Agreement of every pair of the chosen layers (see the module docstring)."""
    layers = list(layers) if layers is not None else None
    with paused_gc():  # a third of a large comparison was the collector rescanning its tuples
        corpus = read_layers(store, layers=layers, labels=labels, documents=documents)
        return compare_corpus(corpus, layers, labels, texts=(lambda ids: read_texts(store, ids)) if tokens else None)


def compare_corpus(corpus: dict[int, DocumentLayers], layers: Iterable[str] | None = None,
                   labels: Iterable[str] | None = None, texts=None) -> AgreementReport:
    """compare_layers on layers already read; `texts(ids)` gives document texts for token figures."""
    names = chosen_layers(corpus, layers)
    label_names = list(labels) if labels is not None else sorted(
        {label for doc in corpus.values() for by_label in doc.spans.values() for label in by_label})
    coverage = {doc_id: [n for n in names if n in doc.spans] for doc_id, doc in corpus.items()}
    coverage = {d: c for d, c in coverage.items() if c}
    compared = sorted(d for d, c in coverage.items() if len(c) >= 2)
    text_of = texts(compared) if texts is not None else {}
    caches = {d: _DocumentCache(corpus[d], text_of.get(d) if texts is not None else None) for d in compared}
    pairs = []
    for a, b in combinations(names, 2):
        pair = PairAgreement(a, b, labels={label: LabelAgreement(label) for label in label_names})
        for doc_id in sorted(coverage):
            has_a, has_b = a in coverage[doc_id], b in coverage[doc_id]
            if has_a and has_b:
                pair.documents.append(doc_id)
                _compare_document(pair, caches[doc_id], label_names)
            elif has_a:
                pair.only_a_documents.append(doc_id)
            elif has_b:
                pair.only_b_documents.append(doc_id)
        pairs.append(pair)
    return AgreementReport(names, label_names, pairs, coverage)


def _compare_document(pair: PairAgreement, cache: _DocumentCache, labels: list[str]) -> None:
    doc, a, b = cache.doc, pair.a, pair.b
    a_to_b: dict[int, int] = {}
    tokens = cache.bounds is not None
    for label in labels:
        fig = pair.labels[label]
        x, y = cache.side(a, label), cache.side(b, label)
        if x.spans or y.spans:
            n_exact, overlap = _pairs(x, y)
            fig.exact.add(n_exact, len(x.spans) - n_exact, len(y.spans) - n_exact)
            fig.overlap.add(len(overlap), len(x.spans) - len(overlap), len(y.spans) - len(overlap))
            sa, sb = x.spans, y.spans
            for i, j in overlap:
                a_to_b[sa[i].id] = sb[j].id
            fig.attribute_pairs.update([(sa[i].attributes, sb[j].attributes) for i, j in overlap])
        fig.alpha_u.add_merged(doc.length, (x.merged, y.merged), (x.unit_lengths, y.unit_lengths),
                               (x.gap_lengths, y.gap_lengths))
        if tokens:
            both = (x.tokens & y.tokens).bit_count() if x.token_count and y.token_count else 0
            fig.tokens.add(cache.n_tokens, x.token_count, y.token_count, both)
    if doc.relations:
        _compare_relations(pair, doc, a_to_b)


def _compare_relations(pair: PairAgreement, doc: DocumentLayers, a_to_b: dict[int, int]) -> None:
    rel_a, rel_b = doc.relations.get(pair.a, ()), doc.relations.get(pair.b, ())
    if not rel_a and not rel_b:
        return
    matched_b = set(a_to_b.values())
    keys_a = {(a_to_b[h], a_to_b[c], label) for h, c, label in rel_a if h in a_to_b and c in a_to_b}
    keys_b = {(h, c, label) for h, c, label in rel_b if h in matched_b and c in matched_b}
    for label in {k[2] for k in keys_a | keys_b}:
        in_a = {k for k in keys_a if k[2] == label}
        in_b = {k for k in keys_b if k[2] == label}
        pair.relations.setdefault(label, Counts()).add(len(in_a & in_b), len(in_a - in_b), len(in_b - in_a))
