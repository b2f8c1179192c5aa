"""Storing suggestions: run a suggester over documents and keep its spans as
pending suggestions (with suggester name, version and score).

Re-running replaces that suggester's pending suggestions; a span already
accepted (same start, end, label) is never suggested again, nor is one the
analyst rejected. Each batch of documents (one document: one transaction) is
read, suggested and written in one transaction through bulk.py; cancellation
is checked between batches, so a cancelled run leaves whole batches only.

The suggester registry (annotations.suggesters) does not import this module;
this module asks the registry for a suggester when it runs.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Iterable

from sqlmodel import Session, col, select

from ..errors import ValidationError
from ..tables import DocumentRow, EventRow, RelationRow, SpanRow, utcnow
from ..schema import LabelSchema
from ..store import Store
from . import bulk
from .documents import document_ids as all_document_ids
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


def _texts(s: Session, ids: list[int]) -> dict[int, str]:
    return dict(s.exec(select(DocumentRow.id, DocumentRow.text).where(col(DocumentRow.id).in_(ids))).all())


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
    from ..suggesters import get_suggester  # deferred: the registry loads spaCy

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
        with store.session() as s:  # one transaction per batch: a cancelled run keeps whole batches
            texts = _texts(s, ids[i : i + BATCH])
            batch = [d for d in ids[i : i + BATCH] if d in texts]
            suggestions = list(suggester.suggest(texts[d] for d in batch))
            with bulk.paused_gc():
                _write_batch(s, schema, suggester, batch, suggestions, annotator, result)
        result.documents += len(batch)
        if progress:
            progress(min(i + BATCH, total), total)
    return result


def _decided(s: Session, doc_ids: list[int]) -> dict[tuple[int, int, int, str], tuple[str, int]]:
    """(document, start, end, label) -> (status, span id) of accepted (else rejected) spans."""
    decided: dict[tuple[int, int, int, str], tuple[str, int]] = {}
    rows = s.exec(select(SpanRow.id, SpanRow.document_id, SpanRow.start, SpanRow.end, SpanRow.label, SpanRow.status)
                  .where(col(SpanRow.document_id).in_(doc_ids), col(SpanRow.status).in_(("accepted", "rejected"))))
    for sid, doc, start, end, label, status in rows:
        if status == "accepted" or (doc, start, end, label) not in decided:
            decided[(doc, start, end, label)] = (status, sid)
    return decided


def _drop_pending(s: Session, doc_ids: list[int], suggester: str) -> int:
    """Remove this suggester's pending suggestions (and their relations) from the documents."""
    old = list(s.exec(select(SpanRow.id).where(col(SpanRow.document_id).in_(doc_ids), SpanRow.status == "pending",
                                               SpanRow.suggester == suggester)))
    if old:
        rels = s.exec(select(RelationRow.id).where(col(RelationRow.head_id).in_(old) | col(RelationRow.child_id).in_(old)))
        bulk.delete_ids(s, RelationRow, list(rels))
        bulk.delete_ids(s, SpanRow, old)
    return len(old)


def _write_batch(s: Session, schema, suggester, doc_ids, suggestions, annotator, result: SuggestResult) -> None:
    decided = _decided(s, doc_ids)
    result.replaced += _drop_pending(s, doc_ids, suggester.name)
    now = utcnow()
    spans, links, log_rows = [], [], []
    for doc_id, suggestion in zip(doc_ids, suggestions):
        refs: list[tuple[str, int] | None] = []  # per suggested span: ("new", row index) or ("old", span id)
        added = 0
        first: dict[tuple[int, int, str], int] = {}  # a span suggested twice is stored once
        for sp in suggestion.spans:
            if (sp.start, sp.end, sp.label) in first:
                refs.append(("new", first[(sp.start, sp.end, sp.label)]))
                continue
            attrs = _clean(schema, sp.label, sp.attributes)
            prior = decided.get((doc_id, sp.start, sp.end, sp.label))
            if attrs is None or prior is not None:
                if prior is not None and prior[0] == "accepted":
                    result.skipped_accepted += 1
                elif prior is not None:
                    result.skipped_rejected += 1
                # a relation may still point at an accepted span, never at a rejected one
                refs.append(("old", prior[1]) if prior is not None and prior[0] == "accepted" else None)
                continue
            refs.append(("new", len(spans)))
            first[(sp.start, sp.end, sp.label)] = len(spans)
            spans.append({"document_id": doc_id, "start": sp.start, "end": sp.end, "label": sp.label,
                          "attributes": attrs, "origin": "suggestion", "status": "pending",
                          "suggester": suggester.name, "suggester_version": suggester.version,
                          "score": float(sp.score), "annotator": annotator, "created_at": now, "updated_at": now})
            added += 1
        relation_names = {r.name for r in schema.relations}
        for rel in suggestion.relations:
            head, child = refs[rel.head], refs[rel.child]
            if head is None or child is None or head[0] != "new":
                continue  # only pending assertions get pending relations
            if rel.label not in relation_names:
                continue
            if (doc_id, head, child, rel.label) not in links:
                links.append((doc_id, head, child, rel.label))
        result.added += added
        log_rows.append({"at": now, "annotator": annotator, "action": "suggest", "document_id": doc_id,
                         "target": f"document:{doc_id}",
                         "after": {"suggester": suggester.name, "version": suggester.version, "added": added}})
    bulk.insert_rows(s, SpanRow, spans)
    new_ids: list[int] = []
    if links:  # this suggester's pending spans in these documents are all new: ids in insertion order
        by_doc = bulk.ids_by_parent(s, SpanRow, "document_id", doc_ids, SpanRow.status == "pending",
                                    SpanRow.suggester == suggester.name)
        new_ids = [i for doc in doc_ids for i in by_doc[doc]]
        if len(new_ids) != len(spans):
            raise ValidationError(f"stored {len(new_ids)} suggestions, not {len(spans)}; nothing was stored")

    def span_id(ref: tuple[str, int]) -> int:
        return new_ids[ref[1]] if ref[0] == "new" else ref[1]

    rels = [{"document_id": doc_id, "head_id": span_id(head), "child_id": span_id(child), "label": label,
             "origin": "suggestion", "status": "pending", "annotator": annotator, "created_at": now}
            for doc_id, head, child, label in links]
    bulk.insert_rows(s, RelationRow, rels)
    bulk.insert_rows(s, EventRow, log_rows)
    result.relations += len(rels)
