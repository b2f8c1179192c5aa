"""One-at-a-time link decisions (link, relink, accept, unlink) and their exact undo, on real SQLite stores."""
from __future__ import annotations

import pytest

from annotations.actors import decisions, linking, registry
from annotations.errors import NotFoundError, ValidationError
from annotations.services import import_records
from annotations.types import DocumentRecord, SpanRecord

TEXT = "Moscow said Russia would reply. The Kremlin and Russia's envoy agreed."


@pytest.fixture
def spans(store):
    registry.seed_states(store)
    at = [(TEXT.index(w), TEXT.index(w) + len(w), label) for w, label in
          (("Moscow", "ACTOR"), ("Russia", "ACTOR"), ("would reply", "FIGURE"))]
    [doc] = import_records(store, [DocumentRecord(text=TEXT, title="t", spans=tuple(
        SpanRecord(a, b, label, {}) for a, b, label in at))]).document_ids
    from annotations.services import get_spans
    return doc, {TEXT[s.start:s.end]: s.id for s in get_spans(store, doc)}


def test_a_link_made_by_hand_is_undone_exactly(store, spans):
    _doc, ids = spans
    edit = decisions.set_link(store, ids["Moscow"], "iso3166:RU")
    assert linking.links(store)[ids["Moscow"]] == ("iso3166:RU", "accepted")
    registry.undo(store, edit)
    assert ids["Moscow"] not in linking.links(store)  # registry.undo alone keeps accepted links it added


def test_relink_accept_and_unlink_put_back_the_link_they_replaced(store, spans):
    _doc, ids = spans
    linking.suggest_links(store)
    assert linking.links(store)[ids["Russia"]] == ("iso3166:RU", "pending")
    relinked = decisions.set_link(store, ids["Russia"], "iso3166:UA", "pending")
    accepted = decisions.set_link(store, ids["Russia"], "iso3166:UA", "accepted")
    unlinked = decisions.set_link(store, ids["Russia"], None)
    assert ids["Russia"] not in linking.links(store)
    registry.undo(store, unlinked)
    assert linking.links(store)[ids["Russia"]] == ("iso3166:UA", "accepted")
    registry.undo(store, accepted)
    assert linking.links(store)[ids["Russia"]] == ("iso3166:UA", "pending")
    registry.undo(store, relinked)
    assert linking.links(store)[ids["Russia"]] == ("iso3166:RU", "pending")


def test_bad_links_are_refused_and_change_nothing(store, spans):
    _doc, ids = spans
    with pytest.raises(ValidationError, match="not ACTOR"):
        decisions.set_link(store, ids["would reply"], "iso3166:RU")
    with pytest.raises(NotFoundError, match="no actor"):
        decisions.set_link(store, ids["Moscow"], "nobody")
    with pytest.raises(ValidationError, match="unknown link status"):
        decisions.set_link(store, ids["Moscow"], "iso3166:RU", "maybe")
    assert linking.links(store) == {}
    assert decisions.set_link(store, ids["Moscow"], None).replaced_links == ()  # nothing to unlink: no-op


def test_mentions_and_documents_of_spans(store, spans):
    doc, ids = spans
    decisions.set_link(store, ids["Moscow"], "iso3166:RU")
    decisions.set_link(store, ids["Russia"], "iso3166:RU", "pending")
    found = decisions.actor_mentions(store, "iso3166:RU")
    assert [(m.text, m.status, m.document_id) for m in found] == [("Moscow", "accepted", doc),
                                                                   ("Russia", "pending", doc)]
    assert decisions.documents_of(store, [ids["Moscow"], 999]) == {ids["Moscow"]: doc}


def test_undoing_a_deleted_span_brings_its_link_back(store, spans):
    from annotations import editing, services

    _doc, ids = spans
    decisions.set_link(store, ids["Moscow"], "iso3166:RU", "pending")
    edit = editing.DeleteSpan(services.get_span(store, ids["Moscow"]))
    edit.do(store)
    assert ids["Moscow"] not in linking.links(store)
    edit.undo(store)
    assert linking.links(store)[ids["Moscow"]] == ("iso3166:RU", "pending")
    edit.redo(store)
    registry.merge_actors(store, "iso3166:UA", "iso3166:RU")  # its actor leaves the registry meanwhile
    edit.undo(store)
    assert services.get_span(store, ids["Moscow"]) and ids["Moscow"] not in linking.links(store)
