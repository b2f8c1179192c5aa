"""One use case, one transaction: every public write service commits exactly
once on a real SQLite store.

Commits are counted twice: SQLAlchemy's engine `commit` event, and SQLite's own
statement trace (a `COMMIT` reaching SQLite by any road, the raw DBAPI
connection included). Both must say 1. The store's label schema is read once
before counting (it is cached for the life of the Store).
"""
from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from annotations.services import (
    add_relation,
    add_span,
    delete_span,
    delete_spans,
    get_relations,
    get_spans,
    import_files,
    import_records,
    relabel_span,
    remove_relation,
    resize_span,
    restore_spans,
    set_span_attributes,
    set_span_status,
    set_status,
)
from annotations.services import review
from annotations.services.suggestions import run_suggester
from annotations.types import DocumentRecord
from tests.conftest import EXAMPLE


class Commits:
    """Counts commits on a store's engine: SQLAlchemy's and SQLite's own."""

    def __init__(self, store):
        self.engine_commits = 0
        self.sqlite_commits = 0
        store.schema  # cached from here on
        event.listen(store.engine, "commit", self._on_commit)
        event.listen(store.engine, "connect", self._on_connect)
        store.engine.dispose()  # pooled connections predate the trace

    def _on_commit(self, _conn) -> None:
        self.engine_commits += 1

    def _on_connect(self, dbapi_conn, _record) -> None:
        dbapi_conn.set_trace_callback(self._trace)

    def _trace(self, statement: str) -> None:
        if statement.strip().upper().startswith(("COMMIT", "END")):
            self.sqlite_commits += 1

    @contextmanager
    def exactly_one(self, what: str):
        engine, sqlite = self.engine_commits, self.sqlite_commits
        yield
        seen = (self.engine_commits - engine, self.sqlite_commits - sqlite)
        assert seen == (1, 1), f"{what}: {seen[0]} SQLAlchemy commit(s), {seen[1]} SQLite COMMIT(s)"


@pytest.fixture
def commits(store):
    return Commits(store)


@pytest.fixture
def suggested(store, doc_id):
    run_suggester(store, "rules", [doc_id])
    return {EXAMPLE[s.start: s.end]: s for s in get_spans(store, doc_id)}


def test_span_edits_commit_once(store, doc_id, commits):
    with commits.exactly_one("add_span"):
        span_id = add_span(store, doc_id, 0, 8, "ACTOR", {"kind": "person"}).span_id
    with commits.exactly_one("relabel_span"):
        relabel_span(store, span_id, "FIGURE")
    with commits.exactly_one("resize_span"):
        resize_span(store, span_id, 0, 3)
    with commits.exactly_one("set_span_attributes"):
        set_span_attributes(store, span_id, {})
    with commits.exactly_one("set_span_status"):
        set_span_status(store, span_id, "rejected")
    with commits.exactly_one("delete_span"):
        change = delete_span(store, span_id)
    with commits.exactly_one("restore_spans"):
        restore_spans(store, change.removed_spans, change.removed_relations)
    other = add_span(store, doc_id, 15, 20, "ACTOR").span_id
    with commits.exactly_one("delete_spans"):
        delete_spans(store, [span_id, other])


def test_relation_edits_commit_once(store, doc_id, commits):
    said = add_span(store, doc_id, 35, 96, "ASSERTION").span_id
    who = add_span(store, doc_id, 52, 60, "ACTOR", {"kind": "person"}).span_id
    with commits.exactly_one("add_relation"):
        rel = add_relation(store, said, who, "SOURCE").relation_id
    with commits.exactly_one("remove_relation"):
        remove_relation(store, rel)


def test_document_status_commits_once(store, doc_id, commits):
    with commits.exactly_one("set_status"):
        set_status(store, doc_id, "done")


def test_review_decisions_commit_once(store, doc_id, suggested, commits):
    with commits.exactly_one("accept"):
        review.accept(store, suggested["Ana Ruiz"].id)
    with commits.exactly_one("reject"):
        review.reject(store, suggested["about 3,500"].id)
    with commits.exactly_one("reopen"):
        review.reopen(store, suggested["about 3,500"].id, "FIGURE", suggested["about 3,500"].attributes)
    with commits.exactly_one("relabel_and_accept"):
        review.relabel_and_accept(store, suggested["about 3,500"].id, "ACTOR", {"kind": "group"})
    with commits.exactly_one("accept_all"):
        review.accept_all(store, doc_id)


def test_suggesting_one_document_commits_once(store, doc_id, commits):
    with commits.exactly_one("run_suggester"):
        run_suggester(store, "rules", [doc_id])


def test_imports_commit_once(store, tmp_path, commits):
    with commits.exactly_one("import_records"):
        import_records(store, [DocumentRecord(text="Chile said 3 people left.")])
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "Peru said 4 people left."}) + "\n", encoding="utf-8")
    with commits.exactly_one("import_files"):
        import_files(store, [path])


def test_relations_whose_status_changed_are_in_the_change(store, doc_id, suggested):
    """The desktop refreshes relations from the Change: a decision that moves a
    suggested relation's status names it."""
    assertion = next(s for s in suggested.values() if s.label == "ASSERTION")
    review.accept(store, assertion.id)
    [rel] = get_relations(store, doc_id)
    change = review.accept(store, suggested["Ana Ruiz"].id)
    assert change.changed_relations == (rel.id,)
    assert get_relations(store, doc_id)[0].status == "accepted"
    change = review.reopen(store, suggested["Ana Ruiz"].id)
    assert change.changed_relations == (rel.id,)
