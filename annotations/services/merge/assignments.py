"""Merging assignments: one per (document, annotator); a clashing uid gets a new one."""
from __future__ import annotations

from sqlalchemy import insert, text as sql

from ...tables import AssignmentRow, new_uid, utcnow
from .context import MergeContext
from .values import naive


def merge_assignments(ctx: MergeContext) -> None:
    conn = ctx.conn
    have = {(d, a) for d, a in conn.execute(sql("SELECT document_id, annotator FROM assignment"))}
    uids = {u for (u,) in conn.execute(sql("SELECT uid FROM assignment"))}
    for a in ctx.src.assignments:
        doc = ctx.doc_ids.get(a["document_id"])
        if doc is None or (doc, a["annotator"]) in have:
            continue
        uid = a["uid"] if a["uid"] not in uids else new_uid()
        conn.execute(insert(AssignmentRow.__table__).values(**naive(dict(
            uid=uid, document_id=doc, annotator=a["annotator"], assigned_at=a["assigned_at"] or utcnow()))))
        ctx.log("assign", doc, f"document:{doc}", None, {"annotator": a["annotator"], "uid": uid,
                                                         "from": ctx.src.name}, None, a["assigned_at"])
        have.add((doc, a["annotator"]))
        uids.add(uid)
        ctx.report.assignments_added += 1
