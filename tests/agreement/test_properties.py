"""Properties of the pairwise comparison on random layers: identical layers
agree fully, swapping the layers swaps only-A and only-B and nothing else, and
the token-level nominal alpha equals the `krippendorff` package's."""
from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from annotations.agreement.compare import compare_corpus
from annotations.agreement.layers import DocumentLayers, LayerSpan
from annotations.agreement.wordsplit import token_bounds

LABELS = ("ACTOR", "FIGURE")
WORDS = ["Ana", "said", "€1.9", "billion", "in", "Jakarta's", "port", ",", "co-op", '"', "3,500", "jobs"]


@st.composite
def documents(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=25))
    return " ".join(words)


@st.composite
def layer_spans(draw, length):
    spans = {}
    for label in LABELS:
        found = set()
        for _ in range(draw(st.integers(0, 4))):
            s = draw(st.integers(0, length - 1))
            e = draw(st.integers(s + 1, length))
            found.add((s, e))  # same-label spans may overlap inside one layer
        spans[label] = sorted(found)
    return spans


@st.composite
def corpora(draw):
    corpus, texts = {}, {}
    for doc_id in range(1, draw(st.integers(1, 3)) + 1):
        text = draw(documents())
        doc = DocumentLayers(doc_id, "", len(text))
        ident = doc_id * 1000
        for layer in ("A", "B"):
            doc.spans[layer] = {}
            for label, pairs in draw(layer_spans(len(text))).items():
                items = []
                for s, e in pairs:
                    ident += 1
                    items.append(LayerSpan(s, e, label, ident, "{}"))
                if items:
                    doc.spans[layer][label] = items
            if not doc.spans[layer]:
                ident += 1
                doc.spans[layer]["ACTOR"] = [LayerSpan(0, 1, "ACTOR", ident, "{}")]
        corpus[doc_id], texts[doc_id] = doc, text
    return corpus, texts


def run(corpus, texts, layers):
    return compare_corpus(corpus, layers, LABELS, texts=lambda ids: {i: texts[i] for i in ids})


def copy_layer(corpus, src, dst):
    for doc in corpus.values():
        doc.spans[dst] = {label: list(spans) for label, spans in doc.spans[src].items()}


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_identical_layers_agree_fully(data):
    corpus, texts = data
    copy_layer(corpus, "A", "B")
    pair = run(corpus, texts, ["A", "B"]).pairs[0]
    for label in LABELS:
        fig = pair.labels[label]
        assert fig.exact.only_a == fig.exact.only_b == 0
        assert fig.overlap.f1 in (1.0, None)
        assert fig.alpha_u.value in (1.0, None)
        assert fig.tokens.alpha in (1.0, None)
        assert fig.tokens.kappa in (1.0, None)


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_agreement_is_symmetric(data):
    corpus, texts = data
    ab = run(corpus, texts, ["A", "B"]).pairs[0]
    ba = run(corpus, texts, ["B", "A"]).pairs[0]
    for label in LABELS:
        x, y = ab.labels[label], ba.labels[label]
        for kind in ("exact", "overlap"):
            cx, cy = getattr(x, kind), getattr(y, kind)
            assert (cx.both, cx.only_a, cx.only_b) == (cy.both, cy.only_b, cy.only_a)
            assert cx.f1 == cy.f1
        assert x.alpha_u.value == pytest.approx(y.alpha_u.value) if x.alpha_u.value is not None \
            else y.alpha_u.value is None
        assert (x.tokens.alpha is None) == (y.tokens.alpha is None)
        if x.tokens.alpha is not None:
            assert x.tokens.alpha == pytest.approx(y.tokens.alpha)
            assert x.tokens.kappa == pytest.approx(y.tokens.kappa)


def token_values(text, spans):
    starts, ends = token_bounds(text)
    return [int(any(s < e_sp and e > s_sp for s_sp, e_sp in spans)) for s, e in zip(starts, ends)]


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_token_alpha_equals_the_krippendorff_package(data):
    """The cross-check: each token is a unit, each layer a coder, the value 1 when the token
    shares a character with a span of the label; all documents' tokens pooled."""
    corpus, texts = data
    pair = run(corpus, texts, ["A", "B"]).pairs[0]
    for label in LABELS:
        rows = [[], []]
        for doc_id, doc in corpus.items():
            for k, layer in enumerate("AB"):
                rows[k] += token_values(texts[doc_id], [(s.start, s.end) for s in doc.label_spans(layer, label)])
        values = np.array(rows, dtype=float)
        ours = pair.labels[label].tokens.alpha
        assume(len(np.unique(values)) > 1)  # the package divides by zero when every value is the same
        assert ours == pytest.approx(krippendorff.alpha(reliability_data=values, level_of_measurement="nominal"))


def test_a_span_repeated_inside_one_layer_matches_once():
    # an old store may hold the same span twice in one layer: one of them matches, the other is only A's
    doc = DocumentLayers(1, "", 20)
    doc.spans["A"] = {"ACTOR": [LayerSpan(0, 4, "ACTOR", 1, "{}"), LayerSpan(0, 4, "ACTOR", 2, "{}")]}
    doc.spans["B"] = {"ACTOR": [LayerSpan(0, 4, "ACTOR", 3, "{}")]}
    fig = compare_corpus({1: doc}, ["A", "B"], ["ACTOR"]).pairs[0].labels["ACTOR"]
    assert (fig.exact.both, fig.exact.only_a, fig.exact.only_b) == (1, 1, 0)
    assert (fig.overlap.both, fig.overlap.only_a, fig.overlap.only_b) == (1, 1, 0)
