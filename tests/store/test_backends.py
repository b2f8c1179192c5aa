"""The same use cases on both backends: an SQLite file and a PostgreSQL
database on a real server give the same spans, relations, statuses, events,
search hits and exports, each use case in one transaction, and an undo that
no longer fits the store refused the same way."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event

from annotations.errors import EditConflictError
from annotations.services import (
    add_relation, add_span, delete_span, get_relations, get_spans, import_records, list_documents, list_events,
    relabel_span, resize_span, restore_spans, set_span_attributes, set_status,
)
from annotations.services import review
from annotations.services.exports import export_store
from annotations.services.search import search
from annotations.services.suggestions import run_suggester
from annotations.store import Store
from annotations.types import DocumentRecord

TEXTS = [
    "Finance Minister Ana Ruiz said about 3,500 jobs were at risk in Lima. 😀 Peru denied it.\n",
    "Talks on the grain corridor stalled, officials said. Turkey's ministry warned of 1.2 million tonnes.\n",
]


def snapshot(store: Store, doc_ids: list[int], out: Path) -> dict:
    """What a user can see of a store, without ids' and clocks' incidental values."""
    spans = {d: sorted((s.start, s.end, s.label, json.dumps(s.attributes, sort_keys=True), s.status, s.origin)
                       for s in get_spans(store, d)) for d in doc_ids}
    relations = {d: sorted((r.label, r.status) for r in get_relations(store, d)) for d in doc_ids}
    events = [(e["action"], e["target"].split(":")[0] if e["target"] else None)
              for d in doc_ids for e in list_events(store, d)]
    docs = [(d.title, d.status, d.span_count, d.pending_count) for d in list_documents(store)]
    hits = [(r.title, [(h.start, h.end) for h in r.hits]) for r in search(store, "ministry OR minister")]
    export_store(store, "jsonl", out)
    exported = [{k: v for k, v in json.loads(line).items() if k not in ("meta",)}
                for line in out.read_text(encoding="utf-8").splitlines()]
    return {"spans": spans, "relations": relations, "events": events, "docs": docs, "hits": hits,
            "export": exported}


def scenario(store: Store) -> list[int]:
    """Every kind of edit and review decision, through the public services."""
    ids = import_records(store, [DocumentRecord(text=t, title=f"doc {i}") for i, t in enumerate(TEXTS)]).document_ids
    a, b = ids
    ruiz = add_span(store, a, 17, 25, "ACTOR", {"kind": "person"}).added_spans[0]
    peru = add_span(store, a, 74, 78, "ACTOR", {"kind": "state"}).added_spans[0]
    claim = add_span(store, a, 0, 69, "ASSERTION", {"stance": "states"}).added_spans[0]
    add_relation(store, claim, ruiz, "SOURCE")
    relabel_span(store, peru, "ACTOR", {"kind": "group"})
    set_span_attributes(store, peru, {"kind": "state"})
    resize_span(store, ruiz, 17, 25)
    [claim_span] = [s for s in get_spans(store, a) if s.id == claim]
    claim_relations = get_relations(store, a)
    delete_span(store, claim)
    restore_spans(store, [claim_span], claim_relations)
    run_suggester(store, "rules", [b])
    pending = [s for s in get_spans(store, b) if s.status == "pending"]
    review.accept(store, pending[0].id)
    review.reject(store, pending[1].id)
    review.accept_all(store, b)
    set_status(store, a, "done")
    return ids


@pytest.fixture
def sqlite_store(tmp_path):
    with Store.create(tmp_path / "s.sqlite") as store:
        yield store


@pytest.fixture
def pg_store(postgres_url):
    with Store.create(postgres_url) as store:
        yield store


def test_both_backends_give_the_same_result(sqlite_store, pg_store, tmp_path):
    assert pg_store.dialect == "postgresql" and sqlite_store.dialect == "sqlite"
    shots = []
    for store in (sqlite_store, pg_store):
        ids = scenario(store)
        shots.append(snapshot(store, ids, tmp_path / f"{store.dialect}.jsonl"))
    for key in shots[0]:
        assert shots[0][key] == shots[1][key], key
    assert shots[1]["hits"] and shots[1]["relations"] and any(shots[1]["spans"].values())


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    location = tmp_path / "s.sqlite" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with Store.create(location) as store:
        yield store


def commits(store: Store):
    counter = {"n": 0}

    def on_commit(_conn):
        counter["n"] += 1

    event.listen(store.engine, "commit", on_commit)
    return counter


def test_each_use_case_is_one_transaction(any_store):
    [doc] = import_records(any_store, [DocumentRecord(text=TEXTS[1], title="t")]).document_ids
    run_suggester(any_store, "rules", [doc])
    pending = [s.id for s in get_spans(any_store, doc) if s.status == "pending"]
    counter = commits(any_store)
    for use_case in (lambda: review.accept(any_store, pending[0]),
                     lambda: review.reject(any_store, pending[1]),
                     lambda: review.accept_all(any_store, doc),
                     lambda: set_status(any_store, doc, "done")):
        before = counter["n"]
        use_case()
        assert counter["n"] - before == 1


def test_an_undo_that_no_longer_fits_is_refused_on_both(any_store):
    [doc] = import_records(any_store, [DocumentRecord(text=TEXTS[0], title="t")]).document_ids
    span = add_span(any_store, doc, 17, 25, "ACTOR", {"kind": "person"}).added_spans[0]
    [before] = get_spans(any_store, doc)
    relabel_span(any_store, span, "ACTOR", {"kind": "group"})
    [after] = get_spans(any_store, doc)
    delete_span(any_store, span)  # someone else deleted it meanwhile
    with pytest.raises(EditConflictError):
        relabel_span(any_store, span, before.label, before.attributes, expect=after)
    assert get_spans(any_store, doc) == []
