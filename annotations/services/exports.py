"""Reading documents out of the store as format records, in batches, for
export and training. Rejected suggestions are never exported; pending ones
only when asked."""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Iterable, Iterator

from sqlalchemy import bindparam, text as sql
from sqlmodel import select

from ..models import DocumentRow
from ..store import Store
from ..types import DocumentRecord, RelationRecord, SpanRecord
from .bulk import paused_gc
from .rows import json_value

BATCH = 200
DEFAULT_SPLIT = {"spacy": 0.2}  # share of documents in the dev set, per format


def export_statuses(include_suggestions: bool) -> tuple[str, ...]:
    return ("accepted", "pending") if include_suggestions else ("accepted",)


def load_records(
    store: Store,
    document_ids: Iterable[int] | None = None,
    *,
    include_suggestions: bool = False,
    document_status: str | None = None,
) -> Iterator[DocumentRecord]:
    """Yield DocumentRecords (spans sorted by offsets, relations by span index)."""
    statuses = export_statuses(include_suggestions)
    with store.session() as s:
        if document_ids is None:
            query = select(DocumentRow.id).order_by(DocumentRow.id)
            if document_status:
                query = query.where(DocumentRow.status == document_status)
            ids = list(s.exec(query))
        else:
            ids = list(document_ids)
    for i in range(0, len(ids), BATCH):
        yield from _load_batch(store, ids[i : i + BATCH], statuses)


_EXPANDING = (bindparam("ids", expanding=True), bindparam("statuses", expanding=True))
_DOCUMENT_SQL = sql("SELECT id, text, title, source, meta, status FROM document WHERE id IN :ids").bindparams(
    _EXPANDING[0])
_SPAN_SQL = sql(
    'SELECT id, document_id, start, "end", label, attributes, status, origin, suggester, suggester_version, '
    "score, annotator FROM span WHERE document_id IN :ids AND status IN :statuses "
    'ORDER BY document_id, start, "end", id'
).bindparams(*_EXPANDING)
_RELATION_SQL = sql(
    "SELECT document_id, head_id, child_id, label, status FROM relation "
    "WHERE document_id IN :ids AND status IN :statuses ORDER BY id"
).bindparams(*_EXPANDING)


def _load_batch(store: Store, ids: list[int], statuses: tuple[str, ...]) -> Iterator[DocumentRecord]:
    # Plain SQL rows, not ORM objects: building SpanRow instances was most of an export's time.
    params = {"ids": ids, "statuses": list(statuses)}
    with store.session() as s, paused_gc():
        con = s.connection()
        docs = {r[0]: r for r in con.execute(_DOCUMENT_SQL, {"ids": ids})}
        spans = defaultdict(list)
        for row in con.execute(_SPAN_SQL, params):
            spans[row[1]].append(row)
        relations = defaultdict(list)
        for row in con.execute(_RELATION_SQL, params):
            relations[row[0]].append(row)
    parsed: dict[str, dict] = {}  # a store holds few distinct attribute values: parse each once per batch

    def attributes(raw) -> dict:
        if not isinstance(raw, str):  # PostgreSQL's driver parsed the JSONB already
            return dict(raw or {})
        if raw not in parsed:
            parsed[raw] = dict(json.loads(raw) or {})
        return dict(parsed[raw])

    for doc_id in ids:
        doc = docs.get(doc_id)
        if doc is None:
            continue
        index = {row[0]: i for i, row in enumerate(spans[doc_id])}
        yield DocumentRecord(
            text=doc[1],
            title=doc[2],
            source=doc[3],
            meta=dict(json_value(doc[4]) or {}),
            status=doc[5],
            store_id=doc_id,
            spans=[
                # positional, in field order (start, end, label, attributes, status, origin, suggester,
                # suggester_version, score, annotator, key): 3x cheaper than keywords per span
                SpanRecord(r[2], r[3], r[4], attributes(r[5]), r[6], r[7], r[8], r[9], r[10], r[11], str(r[0]))
                for r in spans[doc_id]
            ],
            relations=[
                RelationRecord(head=index[r[1]], child=index[r[2]], label=r[3], status=r[4])
                for r in relations[doc_id]
                if r[1] in index and r[2] in index
            ],
        )


def export_store(
    store: Store,
    format_name: str,
    out,
    *,
    include_suggestions: bool = False,
    split: float | None = None,
    seed: int = 0,
    document_status: str | None = None,
    extra: dict | None = None,
    progress=None,
):
    """Write the store's documents in a format (the CLI's and the desktop's export); returns the ExportReport.

    `progress(done, total)` is called after each document; `extra` holds format options (spaCy `config`)."""
    from ..formats import ExportOptions, get_format
    from .documents import document_ids

    fmt = get_format(format_name)
    if split is None:
        split = DEFAULT_SPLIT.get(format_name, 0.0)
    options = ExportOptions(schema=store.schema, split=split, seed=seed, include_suggestions=include_suggestions,
                            extra=dict(extra or {}))
    total = len(document_ids(store, document_status))

    def counted():
        for i, record in enumerate(load_records(store, include_suggestions=include_suggestions,
                                                document_status=document_status), start=1):
            if progress:
                progress(i, total)
            yield record

    return fmt.write(counted(), out, options)
