"""Curation into gold: what is agreed goes in with its attributes and
relations, the rest stays out, and re-running changes nothing."""
from __future__ import annotations

import pytest

from annotations.agreement import add_layer, read_layers
from annotations.agreement.curation import curate
from annotations.errors import ValidationError
from annotations.services import import_records, list_events
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

from tests.conftest import table_dump

TEXT = "Ana Ruiz said 3,500 jobs went. Oxfam warned."


def record(*spans, relations=()):
    return DocumentRecord(text=TEXT, spans=[SpanRecord(*sp) for sp in spans],
                          relations=[RelationRecord(h, c, "SOURCE") for h, c in relations])


def gold_of(store, doc=1):
    corpus = read_layers(store, layers=["gold"])
    if doc not in corpus:
        return set(), []
    d = corpus[doc]
    spans = {(sp.start, sp.end, sp.label, tuple(sorted(sp.attrs().items()))) for sp in d.all_spans("gold")}
    return spans, d.relations.get("gold", [])


def test_unanimous_copies_agreed_spans_attributes_and_relations(store):
    import_records(store, [DocumentRecord(text=TEXT)])
    sentence = (0, 30, "ASSERTION", {"stance": "states"})
    add_layer(store, [record(sentence, (0, 8, "ACTOR", {"kind": "person"}), (14, 19, "FIGURE"),
                             relations=[(0, 1)])], "a")
    add_layer(store, [record((0, 30, "ASSERTION", {"stance": "warns"}), (0, 8, "ACTOR", {"kind": "person"}),
                             (14, 24, "FIGURE"), relations=[(0, 1)])], "b")
    result = curate(store, "unanimous")
    assert (result.spans_added, result.relations_added) == (2, 1)
    assert result.left_for_review == 2  # the two FIGURE boundaries
    spans, relations = gold_of(store)
    # the stance differs between a and b, so gold gets the sentence without it, for a person to set
    assert spans == {(0, 30, "ASSERTION", ()), (0, 8, "ACTOR", (("kind", "person"),))}
    assert len(relations) == 1
    assert sum(e["action"] == "add_span" and e["annotator"] != "gold" for e in list_events(store)) >= 2


def test_rerunning_changes_nothing(layered, store_path):
    first = curate(layered, "unanimous")
    assert first.documents == [1, 3, 5, 8, 10] and first.spans_added == 116  # the exact matches
    assert first.relations_added > 0
    before = table_dump(store_path)
    again = curate(layered, "unanimous")
    assert (again.spans_added, again.relations_added, again.already_in_gold) == (0, 0, 116)
    assert table_dump(store_path) == before


def test_majority_of_three_and_min_annotators(store):
    import_records(store, [DocumentRecord(text=TEXT)])
    add_layer(store, [record((0, 8, "ACTOR", {"kind": "person"}), (31, 36, "ACTOR", {"kind": "organization"}))], "a")
    add_layer(store, [record((0, 8, "ACTOR", {"kind": "person"}), (31, 36, "ACTOR", {"kind": "group"}))], "b")
    add_layer(store, [record((0, 8, "ACTOR", {"kind": "state"}), (14, 19, "FIGURE"))], "c")
    assert curate(store, "unanimous", min_annotators=4).skipped == [1]
    result = curate(store, "majority", min_annotators=3)
    assert result.spans_added == 2  # Ana Ruiz (3 of 3) and Oxfam (2 of 3); 3,500 has 1 of 3
    spans, _ = gold_of(store)
    # Ana Ruiz: person 2 of 3 -> kept; Oxfam: organization vs group, 1 of 2 each -> left empty
    assert spans == {(0, 8, "ACTOR", (("kind", "person"),)), (31, 36, "ACTOR", ())}


def test_bad_strategy_is_one_clear_error(store):
    with pytest.raises(ValidationError, match="unanimous or majority"):
        curate(store, "consensus")
