"""Merging relations: by uid, between spans the target holds (by their uids)."""
from __future__ import annotations

from sqlalchemy import insert, text as sql

from ...tables import RelationRow, utcnow
from .context import MergeContext
from .values import naive


def merge_relations(ctx: MergeContext) -> None:
    if not ctx.src.relations:
        return
    conn = ctx.conn
    span_ids = dict(conn.execute(sql("SELECT uid, id FROM span")).all())
    have = {u for (u,) in conn.execute(sql("SELECT uid FROM relation"))}
    for rel in ctx.src.relations:
        doc = ctx.doc_ids.get(rel["document_id"])
        head, child = span_ids.get(rel["head"]), span_ids.get(rel["child"])
        if rel["uid"] in have or doc is None or head is None or child is None:
            continue
        new_id = conn.execute(insert(RelationRow.__table__).values(**naive(dict(
            uid=rel["uid"], document_id=doc, head_id=head, child_id=child, label=rel["label"],
            origin=rel["origin"], status=rel["status"], annotator=rel["annotator"],
            created_at=rel["created_at"] or utcnow()))).returning(RelationRow.__table__.c.id)).scalar_one()
        ctx.log("merge_add_relation", doc, f"relation:{new_id}", None,
                {"uid": rel["uid"], "head": head, "child": child, "label": rel["label"], "from": ctx.src.name},
                rel["annotator"], rel["created_at"])
        have.add(rel["uid"])
        ctx.report.relations_added += 1
