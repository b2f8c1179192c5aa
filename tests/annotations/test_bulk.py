"""Bulk writes (imports, suggestion runs) through services/bulk.py: ids from the
database, repeated spans stored once and reported, relations kept on the
span that was stored."""
from __future__ import annotations

from annotations.services import get_relations, get_spans, import_records, list_events
from annotations.services.suggestions import run_suggester
from annotations.types import DocumentRecord, RelationRecord, SpanRecord
from tests.conftest import EXAMPLE


def test_three_identical_spans_are_stored_once_and_reported(store):
    said = SpanRecord(35, 96, "ASSERTION")
    who = [SpanRecord(52, 60, "ACTOR", {"kind": "person"}) for _ in range(3)]
    record = DocumentRecord(text=EXAMPLE, spans=[said, *who], relations=[RelationRecord(0, 3, "SOURCE")],
                            path="in.jsonl", line=4)
    result = import_records(store, [record])
    [doc] = result.document_ids
    spans = get_spans(store, doc)
    assert [(s.start, s.end, s.label) for s in spans] == [(35, 96, "ASSERTION"), (52, 60, "ACTOR")]
    assert result.span_count == 2
    assert result.duplicate_spans == [
        "in.jsonl:4: span 3 (ACTOR 52–60) repeats span 2; stored once",
        "in.jsonl:4: span 4 (ACTOR 52–60) repeats span 2; stored once",
    ]
    [rel] = get_relations(store, doc)
    assert (rel.head_id, rel.child_id) == (spans[0].id, spans[1].id)


def test_imported_rows_get_ids_and_defaults_from_the_store(store, doc_id):
    second = import_records(store, [DocumentRecord(text="Chile said 3 people left.",
                                                   spans=[SpanRecord(0, 5, "ACTOR")])])
    [doc] = second.document_ids
    assert doc == doc_id + 1
    [span] = get_spans(store, doc)
    assert span.created_at is not None and span.annotator == "tester"
    assert list_events(store, doc)[-1]["after"] == {"source": None, "spans": 1, "relations": 0}


def test_suggestion_runs_link_relations_to_the_new_spans(store, doc_id):
    result = run_suggester(store, "rules", [doc_id])
    spans = {s.id: s for s in get_spans(store, doc_id)}
    assert result.added == len(spans) and result.relations >= 1
    for rel in get_relations(store, doc_id):
        assert (spans[rel.head_id].label, spans[rel.child_id].label) == ("ASSERTION", "ACTOR")
    again = run_suggester(store, "rules", [doc_id])
    assert again.replaced == len(spans) and len(get_spans(store, doc_id)) == len(spans)


def test_bulk_rows_get_the_python_side_defaults_they_leave_out(store, doc_id):
    """A column with a Python-side default (timestamps today, the uid to come) is
    filled per row by bulk.insert_rows, as the ORM would."""
    from annotations.tables import SpanRow
    from annotations.services import bulk

    with store.session() as s:
        bulk.insert_rows(s, SpanRow, [{"document_id": doc_id, "start": 0, "end": 3, "label": "ACTOR",
                                       "attributes": {}, "status": "pending"}])
    [span] = get_spans(store, doc_id)
    assert span.created_at is not None and span.updated_at is not None and span.origin == "manual"


def test_bulk_refuses_a_column_the_table_does_not_have(store, doc_id):
    import pytest

    from annotations.tables import SpanRow
    from annotations.services import bulk

    with pytest.raises(ValueError, match="no column"):
        with store.session() as s:
            bulk.insert_rows(s, SpanRow, [(doc_id, 0, 3, "ACTOR", "x")], ("document_id", "start", "end", "label", "colour"))
    assert get_spans(store, doc_id) == []
