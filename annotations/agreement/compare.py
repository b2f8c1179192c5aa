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

The figures are computed on columns (columns.py) for the whole corpus at
once (pairwise.py), not document by document; tests/agreement/test_pairwise.py
holds the document-by-document reference they are checked against.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable

import numpy as np

from ..services.bulk import paused_gc
from ..store import Store
from .columns import SpanColumns, chosen_layers as chosen_column_layers, compared_documents, from_corpus, read_columns
from .layers import GOLD, DocumentLayers, attributes_of, read_texts
from .metrics import BinaryAgreement, Counts, UnitizingAlpha, ratio
from .pairwise import (
    EMPTY, GlobalLine, attribute_pairs, exact_pairs, gap_lengths, merge_units, overlap_pairs, pair_disagreement,
    relation_counts, rows_by_side,
)


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
    with paused_gc():  # thousands of short-lived tuples: the collector would rescan them for nothing
        cols = read_columns(store, layers=layers, labels=labels, documents=documents)
        return compare_columns(cols, layers, labels, texts=(lambda ids: read_texts(store, ids)) if tokens else None)


def compare_corpus(corpus: dict[int, DocumentLayers], layers: Iterable[str] | None = None,
                   labels: Iterable[str] | None = None, texts=None) -> AgreementReport:
    """compare_layers on layers already read; `texts(ids)` gives document texts for token figures."""
    return compare_columns(from_corpus(corpus), layers, labels, texts)


def compare_columns(cols: SpanColumns, layers: Iterable[str] | None = None, labels: Iterable[str] | None = None,
                    texts=None) -> AgreementReport:
    """The report from columns (columns.py), every pair over the whole corpus at once (pairwise.py)."""
    names = chosen_column_layers(cols, layers)
    label_names = list(labels) if labels is not None else list(cols.labels)
    coverage = {doc_id: [n for n in names if n in found] for doc_id, found in cols.covered.items()}
    coverage = {d: c for d, c in sorted(coverage.items()) if c}
    line = GlobalLine(cols, texts(compared_documents(cols, names)) if texts is not None else None)
    layer_code = {name: k for k, name in enumerate(cols.layers)}
    label_code = {name: k for k, name in enumerate(cols.labels)}
    rows_of = rows_by_side(cols)
    pairs = []
    touched: dict[tuple[int, int], np.ndarray] = {}  # (layer, label) -> tokens its spans touch
    for a, b in combinations(names, 2):
        pair = PairAgreement(a, b, labels={label: LabelAgreement(label) for label in label_names})
        for doc_id, found in coverage.items():
            has_a, has_b = a in found, b in found
            if has_a and has_b:
                pair.documents.append(doc_id)
            elif has_a:
                pair.only_a_documents.append(doc_id)
            elif has_b:
                pair.only_b_documents.append(doc_id)
        if pair.documents:
            _compare_pair(pair, cols, line, rows_of, layer_code, label_code, touched)
        pairs.append(pair)
    return AgreementReport(names, label_names, pairs, coverage)


def _compare_pair(pair: PairAgreement, cols: SpanColumns, line: GlobalLine, rows_of, layer_code, label_code,
                  touched) -> None:
    in_pair = np.isin(line.doc_ids, np.array(pair.documents, dtype=np.int64))  # per document index
    doc_start = line.offsets[in_pair]
    doc_end = doc_start + line.lengths[in_pair]
    length = int(line.lengths[in_pair].sum())
    token_in_pair = in_pair[line.token_doc] if line.tokens else None
    n_tokens = int(token_in_pair.sum()) if line.tokens else 0
    matched_a, matched_b = [], []

    def side(layer: str, label: str) -> tuple[tuple[int, int], np.ndarray]:
        key = (layer_code.get(layer, -1), label_code.get(label, -1))
        rows = rows_of.get(key, EMPTY)
        return key, rows[in_pair[line.doc_index[rows]]] if len(rows) else rows

    def tokens_of(key) -> np.ndarray:  # every document's tokens a side touches, for all pairs
        if key not in touched:
            touched[key] = line.touched_tokens(rows_of.get(key, EMPTY))
        return touched[key]

    for label, fig in pair.labels.items():
        (key_a, ra), (key_b, rb) = side(pair.a, label), side(pair.b, label)
        sa, ea, sb, eb = line.start[ra], line.end[ra], line.start[rb], line.end[rb]
        if len(ra) or len(rb):
            ia, ib = exact_pairs(sa, ea, sb, eb, line.key_base)
            fig.exact.add(len(ia), len(ra) - len(ia), len(rb) - len(ia))
            oa, ob = overlap_pairs(sa, ea, sb, eb, ia, ib)
            fig.overlap.add(len(oa), len(ra) - len(oa), len(rb) - len(oa))
            fig.attribute_pairs.update(attribute_pairs(cols.attributes, cols.attribute, ra[oa], rb[ob]))
            matched_a.append(cols.id[ra[oa]])
            matched_b.append(cols.id[rb[ob]])
        ua, va = merge_units(sa, ea)
        ub, vb = merge_units(sb, eb)
        observed = 2 * pair_disagreement(ua, va, ub, vb)
        fig.alpha_u.add_totals(length, observed, np.concatenate([va - ua, vb - ub]),
                               np.concatenate([gap_lengths(ua, va, doc_start, doc_end),
                                               gap_lengths(ub, vb, doc_start, doc_end)]))
        if line.tokens:
            ta, tb = tokens_of(key_a) & token_in_pair, tokens_of(key_b) & token_in_pair
            fig.tokens.add(n_tokens, int(ta.sum()), int(tb.sum()), int((ta & tb).sum()))
    _compare_relations(pair, cols, layer_code, matched_a, matched_b)


def _compare_relations(pair: PairAgreement, cols: SpanColumns, layer_code, matched_a, matched_b) -> None:
    """Relations between matched spans, over the whole corpus (span ids are unique across documents)."""
    def of(layer: str):
        keep = cols.relation_layer == layer_code.get(layer, -1)
        return cols.relation_head[keep], cols.relation_child[keep], cols.relation_label[keep]

    rel_a, rel_b = of(pair.a), of(pair.b)
    if not len(rel_a[0]) and not len(rel_b[0]):
        return
    a_ids = np.concatenate(matched_a) if matched_a else EMPTY
    b_ids = np.concatenate(matched_b) if matched_b else EMPTY
    for label, counts in relation_counts(a_ids, b_ids, rel_a, rel_b, cols.relation_labels).items():
        pair.relations.setdefault(label, Counts()).add(*counts)
