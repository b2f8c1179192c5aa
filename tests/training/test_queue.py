"""The active-learning queue: uncertain suggestions and suggester
disagreements first; the next unfinished documents a suggester has not seen."""
from __future__ import annotations

import pytest

from annotations.services import import_records, set_status
from annotations.services.queue import (
    document_queue, suggest_next, suggestion_queue, uncertainty, unfinished_without,
)
from annotations.types import DocumentRecord, SpanRecord

TEXT = "Tim Cook leads Apple in Cupertino. Ana Ruiz said about 3,500 jobs were at risk."


def suggested(start, end, label, suggester, score, status="pending"):
    return SpanRecord(start, end, label, status=status, origin="suggestion", suggester=suggester, score=score)


@pytest.fixture
def suggested_store(store):
    records = [
        DocumentRecord(text=TEXT, title="sure", spans=[
            suggested(0, 8, "ACTOR", "trained:m", 0.98),
            suggested(0, 8, "ACTOR", "rules", 1.0),
        ]),
        DocumentRecord(text=TEXT + " ", title="unsure", spans=[
            suggested(35, 43, "ACTOR", "trained:m", 0.52),
            suggested(49, 60, "FIGURE", "trained:m", 0.9),
            suggested(49, 60, "FIGURE", "rules", 1.0),
        ]),
        DocumentRecord(text=TEXT + "  ", title="disagree", spans=[
            suggested(15, 20, "ACTOR", "trained:m", 0.95),
            suggested(15, 20, "FIGURE", "rules", 1.0),
            suggested(0, 8, "ACTOR", "rules", 1.0, status="rejected"),
        ]),
        DocumentRecord(text=TEXT + "   ", title="accepted only", spans=[SpanRecord(0, 8, "ACTOR")]),
    ]
    import_records(store, records)
    return store


def test_uncertainty_peaks_at_one_half():
    assert uncertainty(0.5) == 1.0 and uncertainty(1.0) == 0.0 and uncertainty(None) == 0.0
    assert uncertainty(0.6) > uncertainty(0.9)


def test_uncertain_and_disputed_suggestions_come_first(suggested_store):
    items = suggestion_queue(suggested_store)
    top = [(i.span.document_id, i.span.start, i.span.label, i.span.suggester) for i in items[:3]]
    # disputed label (both suggesters disagree) and the 0.52 ACTOR lead; agreed, confident ones trail
    assert set(top) == {(3, 15, "ACTOR", "trained:m"), (3, 15, "FIGURE", "rules"), (2, 35, "ACTOR", "trained:m")}
    assert all(i.span.status == "pending" for i in items)
    assert items[-1].priority < 0.1
    assert len(items) == 7


def test_document_queue_orders_documents(suggested_store):
    docs = document_queue(suggested_store)
    # document 2 holds the 0.52 ACTOR that rules did not propose (1.96) > document 3's disputed label (1.1)
    assert [d.document_id for d in docs] == [2, 3, 1]
    assert [d.pending for d in docs] == [3, 2, 2]


def test_next_unfinished_documents_skip_done_and_seen(suggested_store):
    assert unfinished_without(suggested_store, "rules", 10) == [4]
    assert unfinished_without(suggested_store, "pipeline:x", 2) == [1, 2]
    set_status(suggested_store, 1, "done")
    assert unfinished_without(suggested_store, "pipeline:x", 2) == [2, 3]


def test_suggest_next_runs_the_suggester(suggested_store):
    pytest.importorskip("annotations.services.suggestions")
    pytest.importorskip("annotations.suggesters.rules")
    suggest_next(suggested_store, "rules", 1)
    assert 4 not in unfinished_without(suggested_store, "rules", 10)  # "Tim Cook" gives rules something
