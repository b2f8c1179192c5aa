"""The active-learning review queue: pending suggestions (and the documents
holding them) ordered so that review time goes where a model is least sure
(score near 0.5) or where suggesters disagree; and "suggest for the next N
unfinished documents", so each review session feeds the next training run.

Read-only except `suggest_next`, which goes through run_suggester.
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from sqlmodel import col, select

from ..tables import DocumentRow, SpanRow
from ..store import Store
from ..types import Span
from .rows import to_span


@dataclass(frozen=True)
class QueueItem:
    span: Span
    uncertainty: float  # 1 at score 0.5, 0 at score 0 or 1 (or no score)
    disagreement: float  # share of the document's other suggesters that did not propose this span and label

    @property
    def priority(self) -> float:
        return self.uncertainty + self.disagreement


@dataclass(frozen=True)
class DocumentPriority:
    document_id: int
    pending: int
    priority: float  # the highest priority among its pending suggestions


def uncertainty(score: float | None) -> float:
    if score is None:
        return 0.0
    return max(0.0, 1.0 - abs(score - 0.5) * 2)


def suggestion_queue(store: Store, document_ids: Iterable[int] | None = None) -> list[QueueItem]:
    """Pending suggestions, most informative first (ties: document, then position)."""
    with store.session() as s:
        query = select(SpanRow).where(SpanRow.origin == "suggestion", col(SpanRow.suggester).is_not(None))
        if document_ids is not None:
            query = query.where(col(SpanRow.document_id).in_(list(document_ids)))
        rows = [to_span(r) for r in s.exec(query)]
    suggesters: dict[int, set[str]] = defaultdict(set)
    proposed: dict[tuple[int, int, int, str], set[str]] = defaultdict(set)
    for sp in rows:
        suggesters[sp.document_id].add(sp.suggester)
        proposed[(sp.document_id, sp.start, sp.end, sp.label)].add(sp.suggester)
    items = []
    for sp in rows:
        if sp.status != "pending":
            continue
        others = suggesters[sp.document_id] - {sp.suggester}
        agreeing = proposed[(sp.document_id, sp.start, sp.end, sp.label)] - {sp.suggester}
        disagreement = (len(others) - len(agreeing)) / len(others) if others else 0.0
        items.append(QueueItem(sp, uncertainty(sp.score), disagreement))
    items.sort(key=lambda it: (-it.priority, it.span.document_id, it.span.start, it.span.end))
    return items


def document_queue(store: Store, document_ids: Iterable[int] | None = None) -> list[DocumentPriority]:
    """Documents with pending suggestions, the one holding the most informative suggestion first."""
    best: dict[int, DocumentPriority] = {}
    for item in suggestion_queue(store, document_ids):
        doc = item.span.document_id
        seen = best.get(doc)
        if seen is None:
            best[doc] = DocumentPriority(doc, 1, item.priority)
        else:
            best[doc] = DocumentPriority(doc, seen.pending + 1, seen.priority)
    return sorted(best.values(), key=lambda d: (-d.priority, d.document_id))


def unfinished_without(store: Store, suggester: str, n: int) -> list[int]:
    """The first N documents not marked done that this suggester has not run on yet."""
    with store.session() as s:
        done_by = select(SpanRow.document_id).where(SpanRow.suggester == suggester)
        query = (
            select(DocumentRow.id)
            .where(DocumentRow.status != "done", col(DocumentRow.id).not_in(done_by))
            .order_by(DocumentRow.id)
            .limit(n)
        )
        return list(s.exec(query))


def suggest_next(
    store: Store,
    suggester: str,
    n: int,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
):
    """Run `suggester` on the next N unfinished documents it has not seen; returns run_suggester's result."""
    from .suggestions import run_suggester  # issue 5's service; imported late to keep this module light

    ids = unfinished_without(store, suggester, n)
    return run_suggester(store, suggester, ids, progress, cancel)
