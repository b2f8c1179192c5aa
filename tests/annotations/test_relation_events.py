"""Review decisions that change a suggested relation's status are in the event
log (which merge and `glossator log` read), with the status before and after."""
from __future__ import annotations

import pytest

from annotations.services import get_relations, get_spans, list_events
from annotations.services.review import accept, reject, reopen
from annotations.services.suggestions import run_suggester
from tests.conftest import EXAMPLE


@pytest.fixture
def suggested(store, doc_id):
    run_suggester(store, "rules", [doc_id])
    return {EXAMPLE[s.start:s.end]: s for s in get_spans(store, doc_id)}


def relation_statuses_logged(store, doc_id, relation_id):
    """(before, after) status of every logged change to this relation, oldest first."""
    return [((e["before"] or {}).get("status"), (e["after"] or {}).get("status"))
            for e in list_events(store, doc_id)
            if e["target"] == f"relation:{relation_id}" and "status" in (e["after"] or {})]


def test_each_relation_status_change_by_review_is_logged(store, doc_id, suggested):
    (relation,) = get_relations(store, doc_id)
    assertion = next(s for s in suggested.values() if s.label == "ASSERTION")
    ruiz = suggested["Ana Ruiz"]
    accept(store, assertion.id)
    assert relation_statuses_logged(store, doc_id, relation.id) == []  # still pending: nothing changed
    accept(store, ruiz.id)
    reopen(store, ruiz.id)
    reject(store, ruiz.id)
    assert relation_statuses_logged(store, doc_id, relation.id) == [
        ("pending", "accepted"), ("accepted", "pending"), ("pending", "rejected")]
    assert get_relations(store, doc_id)[0].status == "rejected"
