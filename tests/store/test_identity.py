"""Identity and uniqueness, enforced by the database: ids are never handed out
twice, one span per decision (accepted per layer, pending per suggester,
rejected per annotator) even from two processes at once, and an event log that
neither UPDATE, DELETE nor INSERT OR REPLACE can rewrite, whose guards are
checked whenever a store opens."""
from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from annotations.errors import DuplicateRowError, StoreError
from annotations.tables import DocumentRow, SpanRow
from annotations.services import add_span, delete_span, import_records, restore_spans
from annotations.store import Store
from annotations.types import DocumentRecord
from tests.conftest import table_dump
from tests.store.old_stores import query

TS = "2025-01-01 00:00:00.000000"
INSERT = ('INSERT INTO span (document_id, start, "end", label, attributes, origin, status, suggester, annotator, '
          "created_at, updated_at) VALUES (?, 0, 8, 'ACTOR', '{}', 'manual', ?, ?, ?, ?, ?)")


def test_a_deleted_id_is_never_handed_out_again(store, doc_id):
    other = import_records(store, [DocumentRecord(text="Peru replied to Chile.")]).document_ids[0]
    first = add_span(store, doc_id, 0, 8, "ACTOR").span_id
    highest = add_span(store, doc_id, 15, 20, "ACTOR").span_id
    removed = delete_span(store, highest).removed_spans
    reused = add_span(store, other, 0, 4, "ACTOR").span_id  # was MAX(id)+1 == highest before
    assert reused > highest > first
    # the undo of the delete puts the span back under its own id; the other document's span is untouched
    restore_spans(store, removed)
    assert query(store.path, "SELECT id, document_id, start FROM span ORDER BY id") == [
        (first, doc_id, 0), (highest, doc_id, 15), (reused, other, 0)]


def test_document_ids_are_never_reused(store, doc_id):
    with store.session() as s:
        s.delete(s.get(DocumentRow, doc_id))
    with store.session() as s:
        again = DocumentRow(sha256="x", text="A different text.")
        s.add(again)
    assert again.id > doc_id


def _insert(path, *rows) -> None:
    con = sqlite3.connect(path)
    try:
        for doc, status, suggester, annotator in rows:
            con.execute(INSERT, (doc, status, suggester, annotator, TS, TS))
        con.commit()
    finally:
        con.close()


@pytest.mark.parametrize("twice", [
    ("accepted", None, "ana"), ("accepted", None, None), ("accepted", "rules", "ana"),
    ("pending", "rules", "ana"), ("pending", None, "ana"), ("rejected", "rules", "ana"), ("rejected", None, None),
])
def test_the_database_refuses_a_second_identical_decision(store, doc_id, twice):
    _insert(store.path, (doc_id, *twice))
    before = table_dump(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed: index 'ux_span_"):
        _insert(store.path, (doc_id, *twice))
    assert table_dump(store.path) == before


def test_what_the_indexes_still_allow(store, doc_id):
    _insert(store.path,
            (doc_id, "accepted", None, "ana"), (doc_id, "accepted", None, "bo"), (doc_id, "accepted", None, None),
            (doc_id, "pending", "rules", "ana"), (doc_id, "pending", "pipeline:x", "ana"),
            (doc_id, "rejected", "rules", "ana"),
            (doc_id, "rejected", "rules", "bo"), (doc_id, "deleted", None, "ana"), (doc_id, "deleted", None, "ana"))
    assert query(store.path, "SELECT COUNT(*) FROM span")[0][0] == 9


def test_a_duplicate_through_the_store_is_one_line(store, doc_id):
    with pytest.raises(DuplicateRowError) as refused:
        with store.session() as s:
            for _ in range(2):
                s.add(SpanRow(document_id=doc_id, start=0, end=8, label="ACTOR", annotator="ana"))
    assert "already holds" in str(refused.value) and "\n" not in str(refused.value)
    assert query(store.path, "SELECT COUNT(*) FROM span") == [(0,)]


ADDER = """
import sys
from annotations.errors import GlossatorError
from annotations.services import add_span
from annotations.store import Store
store = Store.open(sys.argv[1])
for k in range(int(sys.argv[3])):
    try:
        add_span(store, int(sys.argv[2]), k, k + 2, "ACTOR", annotator="ana")
    except GlossatorError as exc:
        assert "already" in str(exc), exc
"""


def test_two_processes_adding_the_same_spans_store_each_once(store, doc_id):
    store.close()
    procs = [subprocess.Popen([sys.executable, "-c", ADDER, str(store.path), str(doc_id), "40"],
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert query(store.path, 'SELECT COUNT(*), COUNT(DISTINCT start) FROM span') == [(40, 40)]


def _event_rows(path):
    return query(path, "SELECT * FROM event ORDER BY id")


def test_insert_or_replace_cannot_rewrite_a_logged_event(store, doc_id):
    add_span(store, doc_id, 0, 8, "ACTOR")
    first = _event_rows(store.path)[0]
    con = sqlite3.connect(store.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("INSERT OR REPLACE INTO event (id, at, action) VALUES (?, ?, 'forged')", (first[0], TS))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("REPLACE INTO event (id, at, action) VALUES (?, ?, 'forged')", (first[0], TS))
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("UPDATE OR REPLACE event SET action = 'forged'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            con.execute("DELETE FROM event")
        con.execute("INSERT INTO event (at, action) VALUES (?, 'appended')", (TS,))  # appending still works
        con.commit()
    finally:
        con.close()
    rows = _event_rows(store.path)
    assert rows[0] == first and rows[-1][3] == "appended"


@pytest.mark.parametrize("trigger", ["event_no_update", "event_no_delete", "event_no_replace"])
def test_a_store_whose_event_guards_were_dropped_is_refused(store, trigger):
    store.close()
    con = sqlite3.connect(store.path)
    con.execute(f"DROP TRIGGER {trigger}")
    con.commit()
    con.close()
    before = table_dump(store.path)
    with pytest.raises(StoreError) as refused:
        Store.open(store.path)
    message = str(refused.value)
    assert str(store.path) in message and trigger in message and "backup" in message and "\n" not in message
    assert table_dump(store.path) == before
    assert trigger not in {r[0] for r in query(store.path, "SELECT name FROM sqlite_master WHERE type='trigger'")}


def test_a_suggester_that_repeats_a_span_stores_it_once(store, doc_id):
    from types import SimpleNamespace

    from annotations.services.suggestions import SuggestResult, _write_batch
    from annotations.suggesters.base import SuggestedRelation, SuggestedSpan, Suggestion

    twice = SuggestedSpan(0, 8, "ACTOR", 0.5)
    claim = SuggestedSpan(9, 20, "ASSERTION", 0.5)
    suggestion = Suggestion(spans=(twice, twice, claim), relations=(SuggestedRelation(2, 1, "SOURCE"),))
    suggester = SimpleNamespace(name="echo", version="1")
    result = SuggestResult("echo", "1")
    with store.session(write=True) as s:
        _write_batch(s, store.schema, suggester, [doc_id], [suggestion], "ana", result)
    assert query(store.path, 'SELECT start, "end", label, status FROM span ORDER BY id') == [
        (0, 8, "ACTOR", "pending"), (9, 20, "ASSERTION", "pending")]
    assert query(store.path, "SELECT COUNT(*) FROM relation") == [(1,)]
