"""Agreement on real stores: a small case worked by hand, and the sample's
second layer, whose disagreements were written on purpose (see
resources/samples/README.md), each found where it was put."""
from __future__ import annotations

import pytest

from annotations.agreement import add_layer, compare_layers
from annotations.agreement.diagnostics import diagnose_corpus
from annotations.agreement.layers import read_layers, read_texts
from annotations.errors import ValidationError
from annotations.services import import_records
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

from tests.conftest import table_dump

TEXT = "Ana Ruiz said 3,500 jobs went. Oxfam warned."
#       0123456789012345678901234567890123456789012345
# ACTOR "Ana Ruiz" 0-8, FIGURE "3,500" 14-19, "3,500 jobs" 14-24, ACTOR "Oxfam" 31-36


def layer(*spans, relations=()):
    return DocumentRecord(text=TEXT, spans=[SpanRecord(*sp) for sp in spans],
                          relations=[RelationRecord(h, c, "SOURCE") for h, c in relations])


def test_small_store_by_hand(store):
    doc, other = import_records(store, [DocumentRecord(text=TEXT), DocumentRecord(text="Only Ana did this.")]).document_ids
    add_layer(store, [layer((0, 8, "ACTOR", {"kind": "person"}),
                            (14, 19, "FIGURE"),
                            (31, 36, "ACTOR", {"kind": "organization"})),
                      DocumentRecord(text="Only Ana did this.", spans=[SpanRecord(0, 4, "ACTOR")])], "a")
    # b: "3,500 jobs" for "3,500" (IoU 5/10 = 0.5: an overlap match, not exact); b missed Oxfam
    add_layer(store, [layer((0, 8, "ACTOR", {"kind": "person"}), (14, 24, "FIGURE"))], "b")
    pair = compare_layers(store).pairs[0]
    assert (pair.a, pair.b, pair.documents, pair.only_a_documents) == ("a", "b", [doc], [other])
    actor, figure = pair.labels["ACTOR"], pair.labels["FIGURE"]
    assert (actor.exact.both, actor.exact.only_a, actor.exact.only_b) == (1, 1, 0)
    assert (figure.exact.both, figure.overlap.both) == (0, 1)
    # ACTOR tokens (regex): Ana Ruiz said 3,500 jobs went . Oxfam warned . -> 10 tokens;
    # a marks Ana, Ruiz, Oxfam; b marks Ana, Ruiz: n11=2, n10=1, n01=0, n00=7
    assert (actor.tokens.n11, actor.tokens.n10, actor.tokens.n01, actor.tokens.n00) == (2, 1, 0, 7)
    # kappa: po = .9, pa = .3, pb = .2, pe = .06 + .56 = .62 -> (.9 - .62) / .38
    assert actor.tokens.kappa == pytest.approx(0.28 / 0.38)
    assert actor.attributes["kind"].agree == actor.attributes["kind"].total == 1


def test_relations_agree_only_between_matched_spans(store):
    import_records(store, [DocumentRecord(text=TEXT)])
    spans = ((0, 30, "ASSERTION", {"stance": "states"}), (0, 8, "ACTOR"))
    add_layer(store, [layer(*spans, relations=[(0, 1)])], "a")
    add_layer(store, [layer(*spans)], "b")
    c = compare_layers(store).pairs[0].relations["SOURCE"]
    assert (c.both, c.only_a, c.only_b) == (0, 1, 0)
    add_layer(store, [layer(*spans, relations=[(0, 1)])], "b")  # the spans are there: only the relation is new
    c = compare_layers(store).pairs[0].relations["SOURCE"]
    assert (c.both, c.only_a, c.only_b) == (1, 0, 0)


def test_sample_second_layer_disagreements_are_found(layered):
    report = compare_layers(layered)
    assert report.layers == ["ana", "ben"]
    pair = report.pairs[0]
    assert pair.documents == [1, 3, 5, 8, 10]
    assert len(report.single_layer_documents) == 9  # reported, not counted
    actor, assertion, figure = (pair.labels[x] for x in ("ACTOR", "ASSERTION", "FIGURE"))
    # ACTOR: Budi Santoso / Arjun Mehra with their titles (IoU < .5), Norway missed, G20 as FIGURE, Spain added
    assert (actor.overlap.both, actor.overlap.only_a, actor.overlap.only_b) == (45, 4, 3)
    # ASSERTION: two missed sentences, one without its full stop (an overlap match, not exact)
    assert (assertion.exact.both, assertion.overlap.both, assertion.overlap.only_a) == (27, 28, 2)
    assert assertion.attributes["stance"].total - assertion.attributes["stance"].agree == 3
    # "over R9,000 a month" (gold: a rate keeps its unit) vs "R9,000" no longer match (IoU < .5),
    # so one of the three hedge disagreements is a boundary miss instead
    assert figure.attributes["approximate"].total - figure.attributes["approximate"].agree == 2
    assert actor.attributes["kind"].total - actor.attributes["kind"].agree == 1
    source = pair.relations["SOURCE"]
    assert (source.both, source.only_a, source.only_b) == (23, 2, 1)  # wrong speaker, one link missing
    for label in ("ACTOR", "ASSERTION", "FIGURE"):
        assert 0.85 < pair.labels[label].alpha_u.value < 1
        assert 0.85 < pair.labels[label].tokens.alpha < 1


def test_diagnostics_on_the_sample(layered):
    corpus = read_layers(layered)
    diag = diagnose_corpus(corpus, texts=read_texts(layered, [1, 3, 5, 8, 10]))[0]
    assert diag.confusion[("ACTOR", "FIGURE")] == 1  # "Group of 20"
    assert diag.confusion[("ACTOR", "—")] == 3 and diag.confusion[("—", "ACTOR")] == 3
    texts = {(b.a_text, b.b_text) for b in diag.boundaries}
    assert ("Budi Santoso", "Trade Minister Budi Santoso") in texts
    assert ("over R9,000 a month", "R9,000") in texts
    assert ("about R45 million a day", "about R45 million") in texts  # ben leaves rates out
    assert len(diag.boundaries) == 11
    assert [d.document_id for d in diag.documents][:2] == [1, 10]


def test_layer_filters_and_gold_only_when_named(layered, store_path):
    report = compare_layers(layered, labels=["FIGURE"], documents=[1, 3])
    assert report.labels == ["FIGURE"] and report.pairs[0].documents == [1, 3]
    from annotations.agreement.curation import curate

    curate(layered)
    assert compare_layers(layered).layers == ["ana", "ben"]
    assert [(p.a, p.b) for p in compare_layers(layered, layers=["ben", "gold"]).pairs] == [("ben", "gold")]


def test_add_layer_refuses_unknown_text_and_gold_without_writing(layered, store_path):
    before = table_dump(store_path)
    record = DocumentRecord(text="not in the store", spans=[SpanRecord(0, 3, "ACTOR")])
    with pytest.raises(ValidationError, match="not in the store"):
        add_layer(layered, [record], "cara")
    with pytest.raises(ValidationError, match="gold"):
        add_layer(layered, [], "gold")
    bad = DocumentRecord(text=TEXT, spans=[SpanRecord(0, 99, "ACTOR")])
    import_records(layered, [DocumentRecord(text=TEXT)])
    before = table_dump(store_path)
    with pytest.raises(ValidationError, match="outside the text"):
        add_layer(layered, [bad], "cara")
    assert table_dump(store_path) == before


def test_a_label_filter_does_not_change_which_documents_count(store):
    """Regression: with --label FIGURE, a layer with only ACTOR spans in a document used to
    look as if it had not done the document, so the other layer's figures there were not counted."""
    import_records(store, [DocumentRecord(text=TEXT)])
    add_layer(store, [layer((0, 8, "ACTOR"), (14, 19, "FIGURE"))], "a")
    add_layer(store, [layer((0, 8, "ACTOR"))], "b")
    pair = compare_layers(store, labels=["FIGURE"]).pairs[0]
    assert pair.documents == [1]
    figure = pair.labels["FIGURE"]
    assert (figure.overlap.both, figure.overlap.only_a, figure.overlap.only_b) == (0, 1, 0)


def test_the_collector_is_restored_after_a_comparison_even_on_error(layered):
    import gc

    from annotations.services.bulk import paused_gc

    compare_layers(layered)
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with paused_gc():
            assert not gc.isenabled()
            raise RuntimeError("boom")
    assert gc.isenabled()
