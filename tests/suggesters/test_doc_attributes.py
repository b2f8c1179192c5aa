"""Attributes and scores the rule components leave on a spaCy Doc, read back
into suggestions: two labels on the same characters keep their own, and a span
no component described is suggested with no attributes and full score."""
from __future__ import annotations

from spacy.tokens import Span

from annotations.suggesters.attrs import get_attrs, set_attrs
from annotations.suggesters.rules import doc_to_suggestion
from annotations.tokens import blank


def test_two_labels_on_the_same_characters_keep_their_own_attributes():
    doc = blank("en").make_doc("Ana Ruiz said 3,500 jobs were lost.")
    actor, figure = Span(doc, 0, 2, label="ACTOR"), Span(doc, 0, 2, label="FIGURE")
    set_attrs(doc, actor, {"kind": "person"}, 0.8)
    set_attrs(doc, figure, {"unit": "people"}, 0.6)
    assert get_attrs(doc, "ACTOR", 0, 8) == ({"kind": "person"}, 0.8)
    assert get_attrs(doc, "FIGURE", 0, 8) == ({"unit": "people"}, 0.6)


def test_a_span_without_attributes_is_suggested_plainly():
    doc = blank("en").make_doc("Ana Ruiz said 3,500 jobs were lost.")
    assert get_attrs(doc, "ACTOR", 0, 8) == ({}, 1.0)  # nothing recorded on this doc yet
    doc.spans["ACTOR"] = [Span(doc, 0, 2, label="ACTOR")]
    doc.spans["FIGURE"] = [Span(doc, 3, 4, label="FIGURE")]
    set_attrs(doc, doc.spans["FIGURE"][0], {"value": 3500}, 0.9)
    suggested = doc_to_suggestion(doc).spans
    spans = {(s.label, s.start, s.end): dict(s.attributes) for s in suggested}
    assert spans == {("ACTOR", 0, 8): {}, ("FIGURE", 14, 19): {"value": 3500}}
    # scores are calibrated estimates of precision (per rule family), not the raw recorded value
    assert all(0.0 < s.score <= 1.0 for s in suggested)
