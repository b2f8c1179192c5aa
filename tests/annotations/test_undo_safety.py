"""Undo never writes over someone else's edit: restoring and undoing check the
stored row is in the state the edit left it, and raise EditConflictError
(writing nothing) otherwise. Ids are the database's: a restored span never
takes over a row another process added meanwhile."""
from __future__ import annotations

import pytest

from annotations.errors import EditConflictError
from annotations.services import (
    add_span,
    delete_span,
    get_span,
    get_spans,
    import_records,
    relabel_span,
    resize_span,
    restore_spans,
    set_span_attributes,
)
from annotations.services.review import accept, reopen
from annotations.services.suggestions import run_suggester
from annotations.types import DocumentRecord
from tests.conftest import table_dump


@pytest.fixture
def two_docs(store, doc_id):
    [other] = import_records(store, [DocumentRecord(text="Chile said 3 people left.")]).document_ids
    return doc_id, other


def test_restore_after_another_process_added_a_span_keeps_both(store, two_docs):
    doc_a, doc_b = two_docs
    add_span(store, doc_a, 15, 20, "ACTOR", {"kind": "organization"})
    highest = add_span(store, doc_a, 0, 8, "ACTOR", {"kind": "person"}).span_id
    deleted = delete_span(store, highest)
    theirs = add_span(store, doc_b, 0, 5, "ACTOR", {"kind": "state"}).span_id  # another process
    their_span = get_span(store, theirs)

    change = restore_spans(store, deleted.removed_spans)

    [back] = change.added_spans
    restored = get_span(store, back)
    assert (restored.document_id, restored.start, restored.end, restored.label, dict(restored.attributes)) == (
        doc_a, 0, 8, "ACTOR", {"kind": "person"})
    assert get_span(store, theirs) == their_span
    assert [(s.start, s.end) for s in get_spans(store, doc_b)] == [(0, 5)]


def test_restoring_twice_is_a_conflict_and_writes_nothing(store, store_path, doc_id):
    deleted = delete_span(store, add_span(store, doc_id, 0, 8, "ACTOR").span_id)
    restore_spans(store, deleted.removed_spans)
    before = table_dump(store_path)
    with pytest.raises(EditConflictError, match="already in the store"):
        restore_spans(store, deleted.removed_spans)
    assert table_dump(store_path) == before


@pytest.mark.parametrize("undo", [
    lambda store, span: relabel_span(store, span.id, "ACTOR", {"kind": "person"}, expect=span),
    lambda store, span: resize_span(store, span.id, 0, 8, expect=span),
    lambda store, span: set_span_attributes(store, span.id, {}, expect=span),
])
def test_undo_of_an_edit_changed_meanwhile_is_a_conflict(store, store_path, doc_id, undo):
    span_id = add_span(store, doc_id, 0, 8, "ACTOR", {"kind": "person"}).span_id
    relabel_span(store, span_id, "FIGURE")
    as_left = get_span(store, span_id)
    resize_span(store, span_id, 0, 3)  # another window or process edits the same span
    before = table_dump(store_path)
    with pytest.raises(EditConflictError, match=f"span {span_id} was changed meanwhile"):
        undo(store, as_left)
    assert table_dump(store_path) == before


def test_undo_of_an_edit_whose_span_was_deleted_is_a_conflict(store, store_path, doc_id):
    span_id = add_span(store, doc_id, 0, 8, "ACTOR").span_id
    as_left = get_span(store, span_id)
    delete_span(store, span_id)
    before = table_dump(store_path)
    with pytest.raises(EditConflictError, match="deleted meanwhile"):
        resize_span(store, span_id, 0, 3, expect=as_left)
    assert table_dump(store_path) == before


def test_undo_as_expected_goes_through(store, doc_id):
    span_id = add_span(store, doc_id, 0, 8, "ACTOR", {"kind": "person"}).span_id
    relabel_span(store, span_id, "FIGURE")
    relabel_span(store, span_id, "ACTOR", {"kind": "person"}, expect=get_span(store, span_id))
    assert (get_span(store, span_id).label, dict(get_span(store, span_id).attributes)) == ("ACTOR", {"kind": "person"})


def test_reopen_checks_the_decision_is_still_there(store, store_path, doc_id):
    run_suggester(store, "rules", [doc_id])
    span = next(s for s in get_spans(store, doc_id) if s.status == "pending")
    accept(store, span.id)
    as_left = get_span(store, span.id)
    delete_span(store, span.id)
    before = table_dump(store_path)
    with pytest.raises(EditConflictError):
        reopen(store, span.id, expect=as_left)
    assert table_dump(store_path) == before


def test_undo_of_an_add_refuses_a_span_changed_meanwhile(store, store_path, doc_id):
    added = get_span(store, add_span(store, doc_id, 0, 8, "ACTOR").span_id)
    set_span_attributes(store, added.id, {"kind": "person"})  # another window or process
    before = table_dump(store_path)
    with pytest.raises(EditConflictError, match="changed meanwhile"):
        delete_span(store, added.id, expect=added)
    assert table_dump(store_path) == before
    delete_span(store, added.id, expect=get_span(store, added.id))
    assert get_spans(store, doc_id) == []
