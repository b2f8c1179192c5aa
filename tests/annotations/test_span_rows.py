"""SpanRows: the lazily built span mapping the desktop opens documents with."""
from __future__ import annotations

import dataclasses

import pytest

from annotations import services
from annotations.services.rows import LOAD_BLOCK, SpanRows
from annotations.types import DocumentRecord, SpanRecord


@pytest.fixture
def many_spans(store) -> int:
    """A document with 3 * LOAD_BLOCK one-character spans, some pending, one with attributes."""
    text = "ab " * (3 * LOAD_BLOCK)
    spans = [SpanRecord(3 * k, 3 * k + 2, "ACTOR") for k in range(3 * LOAD_BLOCK)]
    record = DocumentRecord(text=text, title="many", spans=spans)
    document_id = services.import_records(store, [record]).document_ids[0]
    first = services.get_spans(store, document_id)
    services.set_span_attributes(store, first[0].id, {"kind": "person"})
    for span in first[5:9]:
        services.set_span_status(store, span.id, "pending")
    return document_id


def built(rows: SpanRows) -> int:
    return sum(1 for item in rows._items.values() if not isinstance(item, tuple))


def test_same_spans_in_same_order_as_get_spans(store, many_spans):
    rows = services.get_span_rows(store, many_spans)
    eager = services.get_spans(store, many_spans)
    assert list(rows) == [s.id for s in eager]
    assert rows.positions() == [(s.start, s.end, s.id) for s in eager]
    assert rows.count_status("pending") == 4 and rows.count_status("accepted") == len(eager) - 4
    assert list(rows.values()) == eager
    assert rows[eager[0].id].attributes == {"kind": "person"}
    assert dataclasses.replace(rows[eager[1].id], label="FIGURE").label == "FIGURE"


def test_spans_are_built_in_blocks_when_asked_for(store, many_spans):
    rows = services.get_span_rows(store, many_spans, ("accepted", "pending"))
    assert built(rows) == 0
    assert rows.count_status("pending") == 4 and built(rows) == 0
    ids = list(rows)
    middle = ids[len(ids) // 2]
    assert rows.get(middle).id == middle
    assert 0 < built(rows) <= LOAD_BLOCK + LOAD_BLOCK // 4 + 1
    assert rows.get(-1) is None and -1 not in rows


def test_edits_replace_and_remove_entries(store, many_spans):
    rows = services.get_span_rows(store, many_spans)
    first, second = list(rows)[:2]
    changed = dataclasses.replace(rows[first], status="pending")
    rows[first] = changed
    del rows[second]
    assert rows[first] is changed and second not in rows and len(rows) == 3 * LOAD_BLOCK - 1
    assert rows.count_status("pending") == 5
    assert rows.positions()[0] == (changed.start, changed.end, first)


def test_span_deleted_by_another_writer_is_missing_not_stale(store, many_spans):
    rows = services.get_span_rows(store, many_spans)
    last = list(rows)[-1]
    services.delete_span(store, last)
    with pytest.raises(KeyError):
        rows[last]
    assert rows.get(last) is None
