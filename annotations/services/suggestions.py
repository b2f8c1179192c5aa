"""Storing suggestions: run a suggester over documents and keep its spans as
pending suggestions (with suggester name, version and score).

Re-running replaces that suggester's pending suggestions; a span already
accepted (same start, end, label) is never suggested again, nor is one the
analyst rejected. Each batch of documents is written in one transaction
through the raw connection (bulk rows: see imports.py); cancellation is
checked between batches, so a cancelled run leaves whole batches only.
"""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Callable, Iterable

from ..errors import ValidationError
from ..models import utcnow
from ..schema import LabelSchema
from ..store import Store
from .documents import document_ids as all_document_ids
from .imports import _TS_FORMAT, _next_id
from .rows import current_annotator

log = logging.getLogger(__name__)

BATCH = 64


@dataclass
class SuggestResult:
    suggester: str
    version: str
    documents: int = 0
    added: int = 0
    replaced: int = 0
    skipped_accepted: int = 0
    skipped_rejected: int = 0
    relations: int = 0
    cancelled: bool = False


def _marks(n: int) -> str:
    return ",".join("?" * n)


def _texts(con, ids: list[int]) -> dict[int, str]:
    return dict(con.execute(f"SELECT id, text FROM document WHERE id IN ({_marks(len(ids))})", ids))


def _clean(schema: LabelSchema, label: str, attributes: dict) -> dict | None:
    """The attributes the store's schema accepts, or None if it has no such label."""
    if label not in schema.label_names:
        return None
    lab = schema.label(label)
    kept = {k: v for k, v in attributes.items() if lab.attribute(k) is not None}
    try:
        return schema.check_attributes(label, kept)
    except ValidationError as exc:
        log.info("dropping attributes of a %s suggestion: %s", label, exc)
        return {}


def run_suggester(
    store: Store,
    name: str = "rules",
    document_ids: Iterable[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    *,
    annotator: str | None = None,
) -> SuggestResult:
    """Suggest spans for the documents (all when None) and store them as pending."""
    from ..suggesters import get_suggester  # the registry package imports this module

    suggester = get_suggester(name, store)
    ids = list(document_ids) if document_ids is not None else all_document_ids(store)
    annotator = annotator or current_annotator()
    result = SuggestResult(suggester.name, suggester.version)
    schema = store.schema
    total = len(ids)
    if progress:
        progress(0, total)
    for i in range(0, total, BATCH):
        if cancel is not None and cancel.is_set():
            result.cancelled = True
            break
        batch = ids[i : i + BATCH]
        with store.session() as s:
            texts = _texts(s.connection().connection.driver_connection, batch)
        batch = [d for d in batch if d in texts]
        suggestions = list(suggester.suggest(texts[d] for d in batch))
        with store.write_transaction() as con:
            _write_batch(con, schema, suggester, batch, suggestions, annotator, result)
        result.documents += len(batch)
        if progress:
            progress(min(i + BATCH, total), total)
    return result


def _write_batch(con, schema, suggester, doc_ids, suggestions, annotator, result: SuggestResult) -> None:
    marks = _marks(len(doc_ids))
    decided: dict[tuple[int, int, int, str], tuple[str, int]] = {}
    for sid, doc, start, end, label, status in con.execute(
        f'SELECT id, document_id, start, "end", label, status FROM span '
        f"WHERE document_id IN ({marks}) AND status IN ('accepted', 'rejected')", doc_ids,
    ):
        if status == "accepted" or (doc, start, end, label) not in decided:
            decided[(doc, start, end, label)] = (status, sid)
    old = [r[0] for r in con.execute(
        f"SELECT id FROM span WHERE document_id IN ({marks}) AND status = 'pending' AND suggester = ?",
        [*doc_ids, suggester.name],
    )]
    if old:
        con.execute(f"DELETE FROM relation WHERE head_id IN ({_marks(len(old))}) OR child_id IN ({_marks(len(old))})",
                    old + old)
        con.execute(f"DELETE FROM span WHERE id IN ({_marks(len(old))})", old)
        result.replaced += len(old)
    now = utcnow().strftime(_TS_FORMAT)
    span_id = _next_id(con, "span")
    rel_id = _next_id(con, "relation")
    spans, rels, log_rows = [], [], []
    for doc_id, suggestion in zip(doc_ids, suggestions):
        ids: list[int | None] = []
        added = 0
        here: dict[tuple[int, int, str], int] = {}  # one pending span per suggester (a unique index)
        for sp in suggestion.spans:
            if (sp.start, sp.end, sp.label) in here:
                ids.append(here[(sp.start, sp.end, sp.label)])
                continue
            attrs = _clean(schema, sp.label, sp.attributes)
            prior = decided.get((doc_id, sp.start, sp.end, sp.label))
            if attrs is None or prior is not None:
                if prior is not None and prior[0] == "accepted":
                    result.skipped_accepted += 1
                elif prior is not None:
                    result.skipped_rejected += 1
                # a relation may still point at an accepted span, never at a rejected one
                ids.append(prior[1] if prior is not None and prior[0] == "accepted" else None)
                continue
            spans.append((span_id, doc_id, sp.start, sp.end, sp.label, json.dumps(attrs, ensure_ascii=False),
                          "suggestion", "pending", suggester.name, suggester.version, float(sp.score),
                          annotator, now, now))
            ids.append(span_id)
            here[(sp.start, sp.end, sp.label)] = span_id
            span_id += 1
            added += 1
        new_from = span_id - added
        for rel in suggestion.relations:
            head, child = ids[rel.head], ids[rel.child]
            if head is None or child is None or head < new_from:
                continue  # only pending assertions get pending relations
            if rel.label not in {r.name for r in schema.relations}:
                continue
            rels.append((rel_id, doc_id, head, child, rel.label, "suggestion", "pending", annotator, now))
            rel_id += 1
        result.added += added
        log_rows.append((now, annotator, "suggest", doc_id, f"document:{doc_id}",
                         json.dumps({"suggester": suggester.name, "version": suggester.version, "added": added})))
    result.relations += len(rels)
    con.executemany(
        'INSERT INTO span (id, document_id, start, "end", label, attributes, origin, status, suggester, '
        "suggester_version, score, annotator, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", spans)
    con.executemany(
        "INSERT INTO relation (id, document_id, head_id, child_id, label, origin, status, annotator, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?)", rels)
    con.executemany("INSERT INTO event (at, annotator, action, document_id, target, after) VALUES (?,?,?,?,?,?)",
                    log_rows)
