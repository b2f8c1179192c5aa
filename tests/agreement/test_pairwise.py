"""The corpus-wide columnar comparison (pairwise.py) gives the same numbers as
comparing document by document with matching.py, metrics.py and
wordsplit.py directly (the reference below), on random layers with
overlapping spans, duplicate offsets, attributes and relations; the
columnar diagnostics equal diagnose_corpus's; and the array tokenizer finds
the regex's tokens."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from annotations.agreement.columns import from_corpus
from annotations.agreement.compare import compare_corpus
from annotations.agreement.diagnostics import diagnose_columns, diagnose_corpus
from annotations.agreement.layers import DocumentLayers, LayerSpan
from annotations.agreement.matching import match_exact, match_overlap
from annotations.agreement.metrics import BinaryAgreement, UnitizingAlpha
from annotations.agreement.wordsplit import token_bounds, token_bounds_array, token_ranges

from tests.agreement.test_properties import documents

LABELS = ("ACTOR", "FIGURE")
ATTRS = ('{}', '{"kind": "person"}', '{"kind": "group"}')


@st.composite
def corpora(draw):
    corpus, texts = {}, {}
    ident = 0
    for doc_id in range(1, draw(st.integers(1, 4)) + 1):
        text = draw(documents())
        doc = DocumentLayers(doc_id, "", len(text))
        for layer in draw(st.sampled_from([("A", "B"), ("A",), ("B",), ("A", "B", "C")])):
            doc.spans[layer] = {}
            for label in LABELS:
                items = []
                for _ in range(draw(st.integers(0, 5))):
                    s = draw(st.integers(0, len(text) - 1))
                    e = draw(st.integers(s + 1, min(len(text), s + 12)))
                    ident += 1
                    items.append(LayerSpan(s, e, label, ident, draw(st.sampled_from(ATTRS)), doc_id, layer))
                if items:  # duplicates of (start, end) are allowed here: layers read from elsewhere
                    doc.spans[layer][label] = sorted(items, key=lambda sp: (sp.start, sp.end))
            if not doc.spans[layer]:
                ident += 1
                doc.spans[layer]["ACTOR"] = [LayerSpan(0, 1, "ACTOR", ident, "{}", doc_id, layer)]
            every = doc.all_spans(layer)
            pairs = draw(st.lists(st.tuples(st.integers(0, len(every) - 1), st.integers(0, len(every) - 1)),
                                  max_size=4))
            doc.relations[layer] = [(every[h].id, every[c].id, "SOURCE") for h, c in pairs]
        corpus[doc_id], texts[doc_id] = doc, text
    return corpus, texts


def reference(corpus, texts, a, b):
    """The pair (a, b) document by document, straight from the definitions' modules."""
    figs = {label: {"exact": [0, 0, 0], "overlap": [0, 0, 0], "alpha": UnitizingAlpha(),
                    "tokens": BinaryAgreement(), "attrs": Counter()} for label in LABELS}
    relations: dict[str, list[int]] = {}
    for doc_id in sorted(corpus):
        doc = corpus[doc_id]
        if a not in doc.spans or b not in doc.spans:
            continue
        starts, ends = token_bounds(texts[doc_id])
        a_to_b = {}
        for label in LABELS:
            fig = figs[label]
            x, y = doc.label_spans(a, label), doc.label_spans(b, label)
            if x or y:
                for kind, matching in (("exact", match_exact(x, y)), ("overlap", match_overlap(x, y))):
                    n = len(matching.pairs)
                    fig[kind] = [fig[kind][0] + n, fig[kind][1] + len(x) - n, fig[kind][2] + len(y) - n]
                for i, j in match_overlap(x, y).pairs:
                    a_to_b[x[i].id] = y[j].id
                    fig["attrs"][(x[i].attributes, y[j].attributes)] += 1
            fig["alpha"].add(doc.length, [[(s.start, s.end) for s in x], [(s.start, s.end) for s in y]])
            touched = [{t for lo, hi in token_ranges([(s.start, s.end) for s in side], starts, ends)
                        for t in range(lo, hi)} for side in (x, y)]
            fig["tokens"].add(len(starts), len(touched[0]), len(touched[1]), len(touched[0] & touched[1]))
        matched_b = set(a_to_b.values())
        keys_a = {(a_to_b[h], a_to_b[c], lab) for h, c, lab in doc.relations.get(a, ()) if h in a_to_b and c in a_to_b}
        keys_b = {(h, c, lab) for h, c, lab in doc.relations.get(b, ()) if h in matched_b and c in matched_b}
        for lab in {k[2] for k in keys_a | keys_b}:
            both = len({k for k in keys_a if k[2] == lab} & keys_b)
            counts = relations.setdefault(lab, [0, 0, 0])
            counts[0] += both
            counts[1] += sum(k[2] == lab for k in keys_a) - both
            counts[2] += sum(k[2] == lab for k in keys_b) - both
    return figs, relations


@settings(max_examples=200, deadline=None)
@given(corpora())
def test_columnar_comparison_equals_the_document_by_document_reference(data):
    corpus, texts = data
    report = compare_corpus(corpus, None, LABELS, texts=lambda ids: {i: texts[i] for i in ids})
    for pair in report.pairs:
        figs, relations = reference(corpus, texts, pair.a, pair.b)
        for label in LABELS:
            ours, ref = pair.labels[label], figs[label]
            assert [ours.exact.both, ours.exact.only_a, ours.exact.only_b] == ref["exact"]
            assert [ours.overlap.both, ours.overlap.only_a, ours.overlap.only_b] == ref["overlap"]
            assert ours.attribute_pairs == ref["attrs"]
            assert ours.alpha_u.observed == ref["alpha"].observed and ours.alpha_u.length == ref["alpha"].length
            assert sorted(ours.alpha_u.units.tolist()) == sorted(ref["alpha"].units.tolist())
            assert sorted(ours.alpha_u.gap_lengths.tolist()) == sorted(ref["alpha"].gap_lengths.tolist())
            assert ours.alpha_u.value == (None if ref["alpha"].value is None else pytest.approx(ref["alpha"].value))
            t, r = ours.tokens, ref["tokens"]
            assert (t.n11, t.n10, t.n01, t.n00) == (r.n11, r.n10, r.n01, r.n00)
        assert {k: [c.both, c.only_a, c.only_b] for k, c in pair.relations.items()} == relations


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z09_-'’.,;€()\"\n\t éß²\u0301😀中\u00a0")) | st.characters(),
               max_size=40))
def test_array_tokenizer_finds_the_regex_tokens(text):
    starts, ends = token_bounds_array(text)
    assert (starts.tolist(), ends.tolist()) == token_bounds(text)


@settings(max_examples=200, deadline=None)
@given(corpora())
def test_columnar_diagnostics_equal_the_document_by_document_ones(data):
    corpus, texts = data
    for doc_id, doc in corpus.items():
        doc.title = f"title {doc_id}"
    names = sorted({layer for doc in corpus.values() for layer in doc.spans})
    ours = diagnose_columns(from_corpus(corpus), names, texts, {d: f"title {d}" for d in corpus})
    assert [d.as_dict() for d in ours] == [d.as_dict() for d in diagnose_corpus(corpus, names, texts)]
