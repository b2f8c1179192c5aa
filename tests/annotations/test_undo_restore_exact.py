"""Undo of a delete puts back exactly what was deleted: every field of each
span (attributes included) and of each relation, under the same ids."""
from __future__ import annotations

from dataclasses import asdict

from annotations.services import (
    add_relation,
    add_span,
    delete_span,
    delete_spans,
    get_relations,
    get_spans,
    restore_spans,
)
from tests.conftest import EXAMPLE


def _span(store, doc_id, part, label, attributes=None, **kw):
    start = EXAMPLE.index(part)
    return add_span(store, doc_id, start, start + len(part), label, attributes, **kw).span_id


def _rows(store, doc_id):
    """All fields but the update time (undo is an update)."""
    spans = [{k: v for k, v in asdict(s).items() if k != "updated_at"} for s in get_spans(store, doc_id)]
    return spans, [asdict(r) for r in get_relations(store, doc_id)]


def test_undo_of_delete_restores_attributes_and_every_field(store, doc_id):
    figure = _span(store, doc_id, "about 3,500", "FIGURE",
                   {"value": 3500, "unit": "people", "approximate": True},
                   origin="suggestion", status="pending", suggester="rules", suggester_version="1.1", score=0.9)
    before = _rows(store, doc_id)
    assert before[0][0]["attributes"] == {"value": 3500, "unit": "people", "approximate": True}
    change = delete_span(store, figure)
    assert get_spans(store, doc_id) == []
    restore_spans(store, change.removed_spans, change.removed_relations)
    assert _rows(store, doc_id) == before


def test_undo_of_deleting_several_spans_restores_their_relations(store, doc_id):
    ruiz = _span(store, doc_id, "Ana Ruiz", "ACTOR", {"kind": "person"})
    claim = _span(store, doc_id, "about 3,500 jobs were at risk", "ASSERTION", {"stance": "other"})
    add_relation(store, claim, ruiz, "SOURCE")
    before = _rows(store, doc_id)
    change = delete_spans(store, [ruiz, claim])
    assert _rows(store, doc_id) == ([], [])
    restore_spans(store, change.removed_spans, change.removed_relations)
    assert _rows(store, doc_id) == before
