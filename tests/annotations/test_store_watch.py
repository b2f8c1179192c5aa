"""StoreWatch (annotations.store_watch): what other sessions wrote, read from the
event log; on PostgreSQL also an event whose transaction commits after a later id."""
from __future__ import annotations

import psycopg

from annotations import services
from annotations.store import Store
from annotations.store_watch import StoreWatch
from annotations.types import DocumentRecord


def test_poll_reports_each_new_event_once(store):
    doc = services.import_records(store, [DocumentRecord(text="Tim Cook leads Apple.", title="A")]).document_ids[0]
    watch = StoreWatch(store)
    assert watch.poll() is None
    span = services.add_span(store, doc, 0, 8, "ACTOR", annotator="ana").span_id
    services.set_status(store, doc, "done", annotator="ana")
    changes = watch.poll()
    assert changes.documents == {doc} and changes.span_ids == {span} and changes.status_documents == {doc}
    assert changes.annotators == {"ana"} and not changes.store_wide
    assert not changes.only_by("tester", doc) and changes.only_by("ana", doc)
    assert watch.poll() is None


def test_an_event_committed_after_a_later_one_is_not_missed(postgres_url):
    store = Store.create(postgres_url)
    try:
        doc = services.import_records(store, [DocumentRecord(text="Tim Cook leads Apple.", title="A")]).document_ids[0]
        watch = StoreWatch(store)
        dsn = store.backend.url().replace("postgresql+psycopg://", "postgresql://")
        insert = "INSERT INTO event (at, annotator, action, document_id, target) VALUES (now(), %s, 'note', %s, %s)"
        with psycopg.connect(dsn) as slow, psycopg.connect(dsn, autocommit=True) as fast:
            slow.execute(insert, ("slow", doc, f"document:{doc}"))  # takes its id first, commits last
            fast.execute(insert, ("fast", doc, f"document:{doc}"))
            assert watch.poll().annotators == {"fast"}
            slow.commit()
        assert watch.poll().annotators == {"slow"}
        assert watch.poll() is None
    finally:
        store.close()
