"""Stress: 8 writer processes × 200 edits each against one PostgreSQL store
(real processes, spawned), then integrity checks: every acknowledged edit is
in the store and in the event log, nothing else is, and no span is stored twice."""
from __future__ import annotations

import multiprocessing

from annotations.services import import_records
from annotations.store import Store
from annotations.types import DocumentRecord
from tests.team.stress_writer import DOCUMENTS, write

WRITERS, EDITS = 8, 200


def test_eight_writers_two_hundred_edits_each(postgres_url):
    with Store.create(postgres_url) as store:
        ids = import_records(store, [DocumentRecord(text=f"{n} " + "x" * 10_000, title=f"doc {n}")
                                     for n in range(DOCUMENTS)]).document_ids
    assert list(ids) == list(range(1, DOCUMENTS + 1))
    with multiprocessing.get_context("spawn").Pool(WRITERS) as pool:
        results = pool.starmap(write, [(postgres_url, w, EDITS) for w in range(WRITERS)])
    with Store.open(postgres_url) as store, store.session() as s:
        c = s.connection()
        stored = {}
        for doc, start, end, label, who in c.exec_driver_sql(
                'SELECT document_id, start, "end", label, annotator FROM span ORDER BY id'):
            stored.setdefault(who, []).append((doc, start, end, label))
        duplicates = c.exec_driver_sql('SELECT count(*) FROM (SELECT 1 FROM span GROUP BY document_id, start, "end", '
                                       "label, annotator HAVING count(*) > 1) d").scalar_one()
        logged = {(who, action): n for who, action, n in c.exec_driver_sql(
            "SELECT annotator, action, count(*) FROM event WHERE action IN ('add_span', 'relabel_span', "
            "'delete_span') GROUP BY annotator, action")}
        events_ok = c.exec_driver_sql("SELECT count(*) = count(DISTINCT id) FROM event").scalar_one()
    assert duplicates == 0 and events_ok
    acknowledged = 0
    for result in results:
        name, done = result["writer"], result["done"]
        assert sorted(stored.get(name, [])) == result["live"]  # exactly the acknowledged edits, no lost update
        for action in ("add_span", "relabel_span", "delete_span"):
            assert logged.get((name, action), 0) == done[action]  # the event log is complete
        assert done["refused"] > 0  # the repeated adds were refused, not stored twice
        acknowledged += done["add_span"] + done["relabel_span"] + done["delete_span"] + done["refused"]
    assert acknowledged == WRITERS * EDITS
    assert sum(len(v) for v in stored.values()) == sum(len(r["live"]) for r in results)
