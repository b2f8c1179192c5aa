"""Adjudicating one document without Qt: units and their kinds, each ruling
written to gold in one transaction, its undo, and decisions that survive a
re-read (a rejection leaves gold empty but is still decided)."""
from __future__ import annotations

import pytest

from annotations.agreement import add_layer
from annotations.agreement.adjudication import (
    AGREED, EDIT, REJECT, TAKE_ALL, Adjudicate, find_units, read_adjudication, refresh_gold, rule, settle,
    take_layer, unsettle,
)
from annotations.agreement.layers import read_layers
from annotations.errors import EditConflictError, ValidationError
from annotations.services import delete_span, import_records, list_events
from annotations.store import Store
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

from tests.conftest import table_dump

TEXT = "Trade Minister Ana Ruiz said 3,500 jobs went. Oxfam warned of 12 closures."
#       0         1         2         3         4         5         6         7
#       0123456789012345678901234567890123456789012345678901234567890123456789012345
NAME = (15, 23)  # "Ana Ruiz"
TITLED = (0, 23)  # "Trade Minister Ana Ruiz"
SAID = (0, 44)  # the first sentence
JOBS = (29, 34)  # "3,500"
OXFAM = (46, 51)
TWELVE = (62, 64)


def record(*spans, relations=()):
    return DocumentRecord(text=TEXT, spans=[SpanRecord(*sp) for sp in spans],
                          relations=[RelationRecord(h, c, "SOURCE") for h, c in relations])


@pytest.fixture
def two_layers(store):
    """ana and ben on one document: they agree on the sentence and on "3,500"; differ on the
    ACTOR's edges, on Oxfam's kind, and ben alone marked "12"."""
    doc = import_records(store, [DocumentRecord(text=TEXT)]).document_ids[0]
    add_layer(store, [record((*SAID, "ASSERTION", {"stance": "states"}), (*NAME, "ACTOR", {"kind": "person"}),
                             (*JOBS, "FIGURE"), (*OXFAM, "ACTOR", {"kind": "organization"}),
                             relations=[(0, 1)])], "ana")
    add_layer(store, [record((*SAID, "ASSERTION", {"stance": "states"}), (*TITLED, "ACTOR", {"kind": "person"}),
                             (*JOBS, "FIGURE"), (*OXFAM, "ACTOR", {"kind": "group"}), (*TWELVE, "FIGURE"),
                             relations=[(0, 1)])], "ben")
    return store, doc


def gold(store, doc):
    d = read_layers(store, layers=["gold"]).get(doc)
    if d is None:
        return set(), set()
    by_id = {sp.id: (sp.start, sp.end, sp.label) for sp in d.all_spans("gold")}
    spans = {(sp.start, sp.end, sp.label, tuple(sorted(sp.attrs().items()))) for sp in d.all_spans("gold")}
    relations = {(by_id[h], by_id[c], label) for h, c, label in d.relations.get("gold", [])}
    return spans, relations


def unit_at(adj, label, start):
    return next(u for u in adj.units if u.label == label and u.start == start)


def test_units_group_overlapping_spans_per_label_and_name_the_disagreement(two_layers):
    store, doc = two_layers
    adj = read_adjudication(store, doc)
    assert adj.voters == ["ana", "ben"]
    summary = [(u.label, u.start, u.end, u.kind) for u in adj.units]
    # the two ACTORs "Ana Ruiz" / "Trade Minister Ana Ruiz" overlap: one unit spanning both
    assert summary == [
        ("ACTOR", 0, 23, "boundaries"), ("ASSERTION", 0, 44, "agreed"), ("FIGURE", 29, 34, "agreed"),
        ("ACTOR", 46, 51, "attributes"), ("FIGURE", 62, 64, "missing"),
    ]
    assert [u.key for u in adj.disagreements] == [("ACTOR", 0, 23), ("ACTOR", 46, 51), ("FIGURE", 62, 64)]
    assert unit_at(adj, "FIGURE", 62).layers_with_spans() == ["ben"]
    assert all(adj.decision(u) is None for u in adj.units)


def test_find_units_chains_nested_and_overlapping_spans_of_one_label(store):
    doc = import_records(store, [DocumentRecord(text=TEXT)]).document_ids[0]
    add_layer(store, [record((0, 10, "ACTOR"), (5, 20, "ACTOR"), (30, 40, "ACTOR"))], "a")
    add_layer(store, [record((8, 25, "ACTOR"), (40, 45, "ACTOR"))], "b")
    d = read_layers(store)[doc]
    units = find_units(d, ["a", "b"])
    # 0-10, 5-20 and 8-25 chain into one unit; 30-40 and 40-45 only touch: two units
    assert [(u.start, u.end, u.kind) for u in units] == [(0, 25, "boundaries"), (30, 40, "missing"),
                                                         (40, 45, "missing")]
    assert [len(u.spans["a"]) for u in units] == [2, 1, 0]


def test_take_a_layer_writes_its_spans_and_relations_to_gold_and_undo_puts_gold_back(two_layers, store_path):
    store, doc = two_layers
    adj = read_adjudication(store, doc)
    agreed = unit_at(adj, "ASSERTION", 0)
    settle(store, doc, [rule(adj, agreed, AGREED)])
    before = table_dump(store_path)["span"], gold(store, doc)
    actor = unit_at(adj, "ACTOR", 0)
    settlement = settle(store, doc, [rule(adj, actor, take_layer("ben"))])
    spans, relations = gold(store, doc)
    assert (0, 23, "ACTOR", (("kind", "person"),)) in spans
    # ben's SOURCE from the sentence to the titled ACTOR follows: both ends are in gold now
    assert relations == {((0, 44, "ASSERTION"), (0, 23, "ACTOR"), "SOURCE")}
    refresh_gold(store, adj)
    assert adj.decision(actor) == "take ben"
    assert [(sp.start, sp.end) for sp in adj.gold_in(actor)] == [TITLED]

    unsettle(store, settlement)
    assert (table_dump(store_path)["span"], gold(store, doc)) == before
    refresh_gold(store, adj)
    assert adj.decision(actor) is None


def test_reject_leaves_gold_empty_but_the_unit_decided_and_replaces_an_earlier_ruling(two_layers):
    store, doc = two_layers
    adj = read_adjudication(store, doc)
    twelve = unit_at(adj, "FIGURE", 62)
    settle(store, doc, [rule(adj, twelve, take_layer("ben"))])
    assert (62, 64, "FIGURE", ()) in gold(store, doc)[0]
    settle(store, doc, [rule(adj, twelve, REJECT)])
    assert gold(store, doc)[0] == set()
    again = read_adjudication(store, doc)  # a new session: the decision comes from the event log
    assert again.decision(unit_at(again, "FIGURE", 62)) == REJECT
    assert list_events(store, doc)[-1]["action"] == "adjudicate"


def test_take_all_keeps_one_span_per_offsets_and_edit_takes_the_chosen_edges(two_layers):
    store, doc = two_layers
    adj = read_adjudication(store, doc)
    oxfam = unit_at(adj, "ACTOR", 46)
    settle(store, doc, [rule(adj, oxfam, TAKE_ALL)])
    # same offsets, different kind: gold holds one span (the first voter's attributes)
    assert gold(store, doc)[0] == {(46, 51, "ACTOR", (("kind", "organization"),))}
    actor = unit_at(adj, "ACTOR", 0)
    settle(store, doc, [rule(adj, actor, EDIT, extent=(6, 23))])  # "Minister Ana Ruiz"
    assert (6, 23, "ACTOR", (("kind", "person"),)) in gold(store, doc)[0]
    with pytest.raises(ValidationError):
        rule(adj, actor, EDIT, extent=(10, 10))
    with pytest.raises(ValidationError):
        rule(adj, actor, take_layer("cara"))


def test_settling_what_gold_already_holds_keeps_the_span_and_its_id(two_layers):
    store, doc = two_layers
    adj = read_adjudication(store, doc)
    jobs = unit_at(adj, "FIGURE", 29)
    first = settle(store, doc, [rule(adj, jobs, take_layer("ana"))])
    second = settle(store, doc, [rule(adj, jobs, take_layer("ben"))])
    assert second.added == () and second.removed == ()
    assert [sp.id for sp in first.added] == [sp.id for sp in read_layers(store, ["gold"])[doc].all_spans("gold")]


def test_an_edit_out_of_the_text_writes_nothing(two_layers, store_path):
    store, doc = two_layers
    adj = read_adjudication(store, doc)
    before = table_dump(store_path)
    bad = rule(adj, unit_at(adj, "ACTOR", 0), EDIT, extent=(0, 10_000))
    with pytest.raises(ValidationError, match="outside the text"):
        settle(store, doc, [bad])
    assert table_dump(store_path) == before


def test_undo_after_gold_changed_elsewhere_is_refused_and_writes_nothing(two_layers, store_path):
    store, doc = two_layers
    adj = read_adjudication(store, doc)
    settlement = settle(store, doc, [rule(adj, unit_at(adj, "FIGURE", 62), take_layer("ben"))])
    delete_span(store, settlement.added[0].id)  # another window removed the gold span
    before = table_dump(store_path)
    with pytest.raises(EditConflictError):
        unsettle(store, settlement)
    assert table_dump(store_path) == before


def test_the_edit_undoes_and_redoes_as_one_step(two_layers, store_path):
    store, doc = two_layers
    adj = read_adjudication(store, doc)
    before = table_dump(store_path)["span"]
    edit = Adjudicate(doc, [rule(adj, u, AGREED) for u in adj.units if u.agreed], "Gold: agreed spans")
    [change] = edit.do(store)
    assert len(change.added_spans) == 2
    after = gold(store, doc)
    edit.undo(store)
    assert table_dump(store_path)["span"] == before
    edit.redo(store)
    assert gold(store, doc) == after


def test_adjudication_on_postgresql(postgres_url):
    store = Store.create(postgres_url)
    try:
        doc = import_records(store, [DocumentRecord(text=TEXT)]).document_ids[0]
        add_layer(store, [record((*NAME, "ACTOR", {"kind": "person"}), (*OXFAM, "ACTOR", {"kind": "group"}))], "ana")
        add_layer(store, [record((*TITLED, "ACTOR", {"kind": "person"}), (*OXFAM, "ACTOR", {"kind": "group"}))],
                  "ben")
        adj = read_adjudication(store, doc)
        assert [u.kind for u in adj.units] == ["boundaries", "agreed"]
        settlement = settle(store, doc, [rule(adj, adj.units[0], take_layer("ana"))])
        assert gold(store, doc)[0] == {(15, 23, "ACTOR", (("kind", "person"),))}
        unsettle(store, settlement)
        assert gold(store, doc)[0] == set()
        settle(store, doc, [rule(adj, adj.units[0], REJECT)])
        assert read_adjudication(store, doc).decision(adj.units[0]) == REJECT
    finally:
        store.close()


def test_sample_document_disagreements(layered):
    """The sample's first article, ana vs ben: what the adjudicator is shown."""
    adj = read_adjudication(layered, 1)
    assert adj.voters == ["ana", "ben"]
    kinds = {u.kind for u in adj.disagreements}
    assert kinds <= {"missing", "boundaries", "attributes"} and len(adj.disagreements) >= 5
    titled = [u for u in adj.disagreements if u.label == "ACTOR" and u.kind == "boundaries"]
    assert titled, "ben's 'Trade Minister Budi Santoso' against ana's 'Budi Santoso'"
