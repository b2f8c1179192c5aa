"""Span services: every edit is validated, logged, durable, and reversible."""
import sqlite3

import pytest

from annotations.errors import NotFoundError, ValidationError
from annotations.services import (
    add_relation, add_span, delete_span, get_relations, get_span, get_spans, list_events,
    relabel_span, resize_span, restore_spans, set_span_attributes, set_span_status, set_status,
)
from annotations.store import Store
from tests.conftest import EXAMPLE, table_dump


def spans_of(store, doc_id):
    return [(s.start, s.end, s.label, dict(s.attributes), s.status) for s in get_spans(store, doc_id)]


def test_add_span_is_durable_and_logged(store, doc_id):
    change = add_span(store, doc_id, 0, 8, "ACTOR", {"kind": "person"})
    # a fresh connection (as another process would) sees it at once
    other = Store.open(store.path)
    assert spans_of(other, doc_id) == [(0, 8, "ACTOR", {"kind": "person"}, "accepted")]
    other.close()
    log = list_events(store, doc_id)
    assert log[-1]["action"] == "add_span" and log[-1]["target"] == f"span:{change.span_id}"
    assert log[-1]["annotator"] == "tester"
    assert log[-1]["after"]["label"] == "ACTOR"


def test_overlapping_and_nested_spans_are_allowed(store, doc_id):
    add_span(store, doc_id, 35, 96, "ASSERTION")
    add_span(store, doc_id, 52, 60, "ACTOR")
    add_span(store, doc_id, 66, 77, "FIGURE", {"value": 3500, "approximate": True})
    add_span(store, doc_id, 35, 60, "ACTOR")
    assert len(get_spans(store, doc_id)) == 4


@pytest.mark.parametrize(
    "args, message",
    [
        ((0, 8, "PERSON"), "unknown label 'PERSON'"),
        ((-1, 8, "ACTOR"), "outside the text"),
        ((8, 4, "ACTOR"), "outside the text"),
        ((0, 10_000, "ACTOR"), "outside the text"),
        ((4, 4, "ACTOR"), "empty"),
    ],
)
def test_bad_spans_are_refused_and_nothing_changes(store, doc_id, args, message):
    before = table_dump(store.path)
    with pytest.raises(ValidationError, match=message):
        add_span(store, doc_id, *args)
    assert table_dump(store.path) == before


@pytest.mark.parametrize(
    "label, attributes, message",
    [
        ("ACTOR", {"kind": "alien"}, "attribute 'kind' of ACTOR must be one of"),
        ("FIGURE", {"value": "lots"}, "attribute 'value' of FIGURE must be a number"),
        ("FIGURE", {"approximate": "yes"}, "attribute 'approximate' of FIGURE must be a boolean"),
        ("FIGURE", {"value": True}, "must be a number"),
        ("ACTOR", {"colour": "red"}, "unknown attribute 'colour' for ACTOR"),
    ],
)
def test_wrong_attributes_are_refused_naming_the_attribute(store, doc_id, label, attributes, message):
    with pytest.raises(ValidationError, match=message):
        add_span(store, doc_id, 0, 8, label, attributes)
    assert get_spans(store, doc_id) == []


def test_duplicate_accepted_span_is_refused(store, doc_id):
    add_span(store, doc_id, 0, 8, "ACTOR")
    with pytest.raises(ValidationError, match="already exists"):
        add_span(store, doc_id, 0, 8, "ACTOR")


def test_delete_then_restore_brings_back_span_and_relations_with_ids(store, doc_id):
    actor = add_span(store, doc_id, 52, 60, "ACTOR").span_id
    claim = add_span(store, doc_id, 35, 96, "ASSERTION", {"stance": "warns"}).span_id
    rel = add_relation(store, claim, actor, "SOURCE").relation_id
    before = table_dump(store.path)
    change = delete_span(store, actor)
    assert [s.id for s in change.removed_spans] == [actor]
    assert [r.id for r in change.removed_relations] == [rel]
    assert get_relations(store, doc_id) == []
    restore_spans(store, change.removed_spans, change.removed_relations)
    after = table_dump(store.path)
    for table in ("span", "relation", "document"):
        assert [r[:5] for r in after[table]] == [r[:5] for r in before[table]]
    assert get_relations(store, doc_id)[0].id == rel


def test_relabel_resize_attributes_status_are_reversible(store, doc_id):
    sid = add_span(store, doc_id, 0, 8, "ACTOR", {"kind": "person"}).span_id
    original = spans_of(store, doc_id)

    relabel_span(store, sid, "FIGURE")
    assert spans_of(store, doc_id) == [(0, 8, "FIGURE", {}, "accepted")]  # kind does not fit FIGURE
    relabel_span(store, sid, "ACTOR", {"kind": "person"})
    assert spans_of(store, doc_id) == original

    resize_span(store, sid, 4, 8)
    assert get_span(store, sid).start == 4
    resize_span(store, sid, 0, 8)

    set_span_attributes(store, sid, {"kind": "organization"})
    set_span_attributes(store, sid, {"kind": "person"})

    set_span_status(store, sid, "rejected")
    assert get_span(store, sid).status == "rejected"
    set_span_status(store, sid, "accepted")
    assert spans_of(store, doc_id) == original
    actions = [e["action"] for e in list_events(store, doc_id)]
    assert actions.count("relabel_span") == 2 and actions.count("set_span_status") == 2


def test_relabel_removes_relations_the_schema_no_longer_allows(store, doc_id):
    actor = add_span(store, doc_id, 52, 60, "ACTOR").span_id
    claim = add_span(store, doc_id, 35, 96, "ASSERTION").span_id
    add_relation(store, claim, actor, "SOURCE")
    change = relabel_span(store, actor, "FIGURE")
    assert len(change.removed_relations) == 1
    assert get_relations(store, doc_id) == []


def test_relations_are_checked_against_the_schema(store, doc_id):
    actor = add_span(store, doc_id, 52, 60, "ACTOR").span_id
    figure = add_span(store, doc_id, 66, 77, "FIGURE").span_id
    with pytest.raises(ValidationError, match="SOURCE goes from ASSERTION to ACTOR"):
        add_relation(store, figure, actor, "SOURCE")
    with pytest.raises(ValidationError, match="unknown relation"):
        add_relation(store, figure, actor, "CEO_OF")
    with pytest.raises(NotFoundError):
        add_relation(store, 999, actor, "SOURCE")


def test_document_status_and_its_log(store, doc_id):
    set_status(store, doc_id, "done")
    with pytest.raises(ValidationError, match="unknown document status"):
        set_status(store, doc_id, "finished")
    event = list_events(store, doc_id)[-1]
    assert (event["before"], event["after"]) == ({"status": "new"}, {"status": "done"})


def test_event_log_is_append_only(store, doc_id):
    add_span(store, doc_id, 0, 8, "ACTOR")
    con = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("UPDATE event SET action='forged'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        con.execute("DELETE FROM event")
    con.close()


def test_example_text_offsets_are_code_points(store):
    from annotations.services import import_records
    from annotations.types import DocumentRecord

    text = "Hi 😀 Tim said."
    doc = import_records(store, [DocumentRecord(text=text)]).document_ids[0]
    sid = add_span(store, doc, 5, 8, "ACTOR").span_id
    span = get_span(store, sid)
    assert text[span.start:span.end] == "Tim"
    assert EXAMPLE  # the shared example stays importable
