"""`merge_stores`: read every source, check their labels against the target,
then apply each source in one transaction on the target."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from sqlalchemy import text as sql

from ...errors import ValidationError
from ...store import Store
from .assignments import merge_assignments
from .context import MergeContext
from ..bulk import paused_gc
from .actors import merge_registry
from .extras import merge_flags, merge_models
from .clock import Clock
from .documents import merge_deleted_documents, merge_documents, merge_statuses
from .log import read_log
from .reading import read_source
from .source import Selection, Source
from .relations import merge_relations
from .report import MergeReport
from .spans import SpanMerge


def check_labels(target: Store, sources: Iterable[Source]) -> None:
    """Stop before any write when a source uses a label the target does not define."""
    known = {lab.name for lab in target.schema.labels}
    known_relations = {r.name for r in target.schema.relations}
    for src in sources:
        labels = (src.labels | {sp["label"] for sp in src.spans}) - known
        relations = {r["label"] for r in src.relations} - known_relations
        if labels or relations:
            named = ", ".join(sorted(labels) + [f"relation {r}" for r in sorted(relations)])
            raise ValidationError(f"{src.name}: uses label(s) {named} unknown to {target.location} (removed or "
                                  "renamed there?); nothing was merged")


def merge_stores(target: Store, sources: Sequence[str | Path | Store], *,
                 selection: Selection = Selection()) -> MergeReport:
    """Merge `sources` (locations or open Stores) into `target`, in one transaction on it."""
    with paused_gc():  # many short-lived rows and no cycles: collections would walk them all, again and again
        return _merge(target, sources, selection)


def _merge(target: Store, sources: Sequence[str | Path | Store], selection: Selection) -> MergeReport:
    read: list[Source] = []
    for source in sources:
        if isinstance(source, Store):
            read.append(read_source(source, selection))
            continue
        with Store.open(source) as opened:
            if opened.location == target.location:
                raise ValidationError(f"{opened.location}: cannot merge a store into itself")
            read.append(read_source(opened, selection))
    check_labels(target, read)
    report = MergeReport(sources=[src.name for src in read])
    with target.transaction() as conn:
        for src in read:
            ctx = MergeContext(conn, src, report, target.location)
            ctx.target = read_log(conn, {sp["uid"] for sp in src.spans} | set(src.log.span_tombstones))
            merge_deleted_documents(ctx)
            merge_documents(ctx)
            SpanMerge(ctx).run()
            merge_relations(ctx)
            merge_assignments(ctx)
            merge_statuses(ctx)
            merge_registry(ctx)
            merge_flags(ctx)
            merge_models(ctx)
            _remember(conn, ctx.target.clock, src.log.clock)
    return report


def _remember(conn, target: Clock, source: Clock) -> None:
    """The target has now seen the source as far as the source had seen every store."""
    for store_id, seq in source.seen.items():
        if store_id == target.store_id or seq <= target.seen.get(store_id, -1):
            continue
        if store_id in target.seen:
            conn.execute(sql("UPDATE store_seen SET seq = :q WHERE store_id = :s"), {"q": seq, "s": store_id})
        else:
            conn.execute(sql("INSERT INTO store_seen (store_id, seq) VALUES (:s, :q)"), {"q": seq, "s": store_id})
        target.seen[store_id] = seq
