"""Storing suggestions in a real store: pending rows with suggester, version
and score; re-running replaces them; accepted and rejected spans are never
suggested again; cancellation leaves whole batches."""
from __future__ import annotations

import threading

import pytest

from annotations.errors import GlossatorError
from annotations.services import add_span, get_relations, get_spans, import_records
from annotations.services.review import accept, reject
from annotations.services.suggestions import run_suggester
from annotations.suggesters import available_suggesters
from annotations.suggesters.rules import VERSION as RULES_VERSION
from annotations.types import DocumentRecord
from tests.conftest import EXAMPLE


def keys(spans):
    return sorted((s.start, s.end, s.label) for s in spans)


def test_suggestions_are_stored_pending_with_suggester_version_and_score(store, doc_id):
    result = run_suggester(store, "rules", [doc_id])
    spans = get_spans(store, doc_id)
    assert result.added == len(spans) > 0
    assert {(s.status, s.origin, s.suggester, s.suggester_version) for s in spans} == {
        ("pending", "suggestion", "rules", RULES_VERSION)
    }
    assert all(0 < s.score <= 1 for s in spans)
    by_text = {EXAMPLE[s.start : s.end]: s for s in spans}
    assert by_text["about 3,500"].attributes == {"value": 3500, "unit": "items", "approximate": True}
    assert by_text["Ana Ruiz"].attributes == {"kind": "person"}
    assertion = next(s for s in spans if s.label == "ASSERTION")
    (relation,) = get_relations(store, doc_id)
    assert (relation.head_id, relation.child_id, relation.status) == (assertion.id, by_text["Ana Ruiz"].id, "pending")


def test_rerunning_replaces_pending_and_never_duplicates(store, doc_id):
    run_suggester(store, "rules", [doc_id])
    first = keys(get_spans(store, doc_id))
    result = run_suggester(store, "rules", [doc_id])
    assert keys(get_spans(store, doc_id)) == first
    assert result.replaced == len(first)
    assert len(get_relations(store, doc_id)) == 1


def test_accepted_and_rejected_spans_are_not_suggested_again(store, doc_id):
    run_suggester(store, "rules", [doc_id])
    spans = {EXAMPLE[s.start : s.end]: s for s in get_spans(store, doc_id)}
    accept(store, spans["Ana Ruiz"].id)
    reject(store, spans["about 3,500"].id)
    result = run_suggester(store, "rules", [doc_id])
    after = get_spans(store, doc_id)
    assert result.skipped_accepted == 1 and result.skipped_rejected == 1
    same = [s for s in after if (s.start, s.end, s.label) == (spans["Ana Ruiz"].start, spans["Ana Ruiz"].end, "ACTOR")]
    assert [s.status for s in same] == ["accepted"]
    figure = [s for s in after if EXAMPLE[s.start : s.end] == "about 3,500"]
    assert [s.status for s in figure] == ["rejected"]
    # the new pending assertion still links to the accepted speaker
    relation = next(r for r in get_relations(store, doc_id) if r.status == "pending")
    assert relation.child_id == spans["Ana Ruiz"].id


def test_manually_added_span_is_not_duplicated(store, doc_id):
    add_span(store, doc_id, 52, 60, "ACTOR", {"kind": "person"})
    run_suggester(store, "rules", [doc_id])
    assert [s.status for s in get_spans(store, doc_id) if (s.start, s.end) == (52, 60)] == ["accepted"]


def test_all_documents_by_default_with_progress(store):
    ids = import_records(store, [DocumentRecord(text=f"Chile said {n} people left.") for n in range(3, 8)]).document_ids
    seen = []
    result = run_suggester(store, "rules", progress=lambda done, total: seen.append((done, total)))
    assert result.documents == len(ids)
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert all(get_spans(store, d) for d in ids)


def test_cancelled_run_writes_nothing_more(store, doc_id):
    cancel = threading.Event()
    cancel.set()
    result = run_suggester(store, "rules", [doc_id], cancel=cancel)
    assert result.cancelled and result.documents == 0
    assert get_spans(store, doc_id) == []


def test_unknown_suggester_is_a_clear_error(store, doc_id):
    with pytest.raises(GlossatorError, match="unknown suggester"):
        run_suggester(store, "nonsense", [doc_id])


def test_rules_is_always_available():
    assert "rules" in available_suggesters()


def test_demo_store_has_suggestions(tmp_path):
    from annotations.demo import build_demo_store
    from annotations.services.stats import store_stats

    store, added = build_demo_store(tmp_path / "demo.sqlite")
    with store:
        assert added > 0
        assert sum(store_stats(store)["suggestions"]["rules"]["ACTOR"].values()) > 0
