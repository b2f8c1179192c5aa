"""Suggestion review services on a real store: accept, reject,
relabel-and-accept, accept all, reopen (undo), next pending, the queue, and
the event log of every decision."""
from __future__ import annotations

import pytest

from annotations.errors import ValidationError
from annotations.services import get_relations, get_span, get_spans, list_events
from annotations.services.review import (
    accept,
    accept_all,
    next_pending,
    reject,
    relabel_and_accept,
    reopen,
    review_queue,
)
from annotations.services.stats import store_stats
from annotations.services.suggestions import run_suggester
from tests.conftest import EXAMPLE


@pytest.fixture
def suggested(store, doc_id):
    run_suggester(store, "rules", [doc_id])
    return {EXAMPLE[s.start : s.end]: s for s in get_spans(store, doc_id)}


def test_accept_keeps_origin_and_suggester(store, suggested):
    change = accept(store, suggested["Ana Ruiz"].id)
    span = get_span(store, change.span_id)
    assert (span.status, span.origin, span.suggester) == ("accepted", "suggestion", "rules")
    assert span.score == suggested["Ana Ruiz"].score  # the rule family's calibrated score, kept


def test_reject_and_reopen(store, suggested):
    span_id = suggested["about 3,500"].id
    reject(store, span_id)
    assert get_span(store, span_id).status == "rejected"
    reopen(store, span_id)
    assert get_span(store, span_id).status == "pending"


def test_only_pending_spans_can_be_reviewed(store, suggested):
    accept(store, suggested["Ana Ruiz"].id)
    with pytest.raises(ValidationError, match="not a pending suggestion"):
        reject(store, suggested["Ana Ruiz"].id)


def test_relabel_and_accept_then_undo_restores_label_and_attributes(store, suggested):
    before = suggested["about 3,500"]
    change = relabel_and_accept(store, before.id, "ACTOR", {"kind": "group"})
    after = get_span(store, before.id)
    assert change.changed_spans == (before.id,)
    assert (after.label, dict(after.attributes), after.status) == ("ACTOR", {"kind": "group"}, "accepted")
    reopen(store, before.id, before.label, before.attributes)
    restored = get_span(store, before.id)
    assert (restored.label, dict(restored.attributes), restored.status) == (
        "FIGURE", dict(before.attributes), "pending")


def test_relations_follow_their_spans(store, doc_id, suggested):
    assertion = next(s for s in suggested.values() if s.label == "ASSERTION")
    accept(store, assertion.id)
    assert [r.status for r in get_relations(store, doc_id)] == ["pending"]
    accept(store, suggested["Ana Ruiz"].id)
    assert [r.status for r in get_relations(store, doc_id)] == ["accepted"]
    reopen(store, suggested["Ana Ruiz"].id)
    assert [r.status for r in get_relations(store, doc_id)] == ["pending"]
    reject(store, suggested["Ana Ruiz"].id)
    assert [r.status for r in get_relations(store, doc_id)] == ["rejected"]


def test_accept_all_in_document(store, doc_id, suggested):
    reject(store, suggested["about 3,500"].id)
    change = accept_all(store, doc_id)
    statuses = {EXAMPLE[s.start : s.end]: s.status for s in get_spans(store, doc_id)}
    assert statuses.pop("about 3,500") == "rejected"
    assert set(statuses.values()) == {"accepted"}
    assert len(change.changed_spans) == len(suggested) - 1
    assert [r.status for r in get_relations(store, doc_id)] == ["accepted"]


def test_next_pending_walks_and_wraps(store, doc_id, suggested):
    first = next_pending(store, doc_id)
    assert first.start == min(s.start for s in suggested.values())
    second = next_pending(store, doc_id, after=first.start)
    assert second.start > first.start
    last_start = max(s.start for s in suggested.values())
    assert next_pending(store, doc_id, after=last_start).start == first.start
    accept_all(store, doc_id)
    assert next_pending(store, doc_id) is None


def test_queue_orders_by_score_or_document(store, doc_id, suggested):
    by_score = review_queue(store, "score")
    assert [s.score for s in by_score] == sorted((s.score for s in by_score), reverse=True)
    by_doc = review_queue(store, "document")
    assert [s.start for s in by_doc] == sorted(s.start for s in by_doc)
    with pytest.raises(ValidationError):
        review_queue(store, "colour")


def test_every_decision_is_logged_and_counted(store, doc_id, suggested):
    accept(store, suggested["Ana Ruiz"].id)
    reject(store, suggested["about 3,500"].id)
    assertion = next(s for s in suggested.values() if s.label == "ASSERTION")
    relabel_and_accept(store, assertion.id, "ASSERTION", {"stance": "other"})
    assert get_span(store, assertion.id).attributes == {"stance": "other"}
    actions = [e["action"] for e in list_events(store, doc_id)]
    assert actions.count("set_span_status") == 3 and actions.count("relabel_span") == 1
    rules = store_stats(store)["suggestions"]["rules"]
    assert rules["ACTOR"]["accepted"] == 1 and rules["FIGURE"]["rejected"] == 1
