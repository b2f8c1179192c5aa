"""Merging relations: by uid, between spans the target holds (by their uids),
and their removals (the source's `remove_relation` events, by uid). A relation
is never edited, only added, removed or restored (undo keeps its uid): a
removal applies unless the target's copy is later than it (merge/clock.py); a
relation the target removed comes back only from a source that saw that removal
and restored it. Only the relation's annotator (or a suggestion's) removes it."""
from __future__ import annotations

from sqlalchemy import delete, text as sql

from ...tables import EventRow, RelationRow, utcnow
from ..bulk import insert_rows
from .context import MergeContext
from .clock import TARGET, order
from .values import naive


def merge_relations(ctx: MergeContext) -> None:
    _removals(ctx)
    if not ctx.src.relations:
        return
    conn = ctx.conn
    span_ids: dict[str, int] = {}
    docs = sorted(set(ctx.doc_ids.values()))
    for chunk in range(0, len(docs), 500):  # relations join spans of one document: only these documents' spans
        marks = ", ".join(str(int(i)) for i in docs[chunk:chunk + 500])
        span_ids.update(conn.execute(sql(f"SELECT uid, id FROM span WHERE document_id IN ({marks})")).all())
    have = {u for (u,) in conn.execute(sql("SELECT uid FROM relation"))}
    new: list[dict] = []
    for rel in ctx.src.relations:
        doc = ctx.doc_ids.get(rel["document_id"])
        head, child = span_ids.get(rel["head"]), span_ids.get(rel["child"])
        if rel["uid"] in have or doc is None or head is None or child is None:
            continue
        gone = ctx.target.relation_tombstones.get(rel["uid"])
        if gone is not None and not ctx.src.log.clock.has_seen(gone["stamp"]):
            continue  # removed in the target; the source's copy is older than that removal
        new.append(dict(uid=rel["uid"], document_id=doc, head_id=head, child_id=child, label=rel["label"],
                        origin=rel["origin"], status=rel["status"], annotator=rel["annotator"],
                        created_at=rel["created_at"] or utcnow()))
        have.add(rel["uid"])
    if not new:
        return
    insert_rows(ctx.session, RelationRow, new)  # times are aware UTC already (_stamp, utcnow)
    groups: dict[tuple, list[dict]] = {}
    for row in new:
        groups.setdefault((row["document_id"], row["annotator"]), []).append(row)
    default = (ctx.src.log.clock.store_id, 0)
    insert_rows(ctx.session, EventRow, [naive(dict(
        at=max(r["created_at"] for r in rows), annotator=who, action="merge_add_relations", document_id=doc,
        target=f"document:{doc}", before=None,
        after={"from": ctx.src.name, "relations": [
            {"uid": r["uid"], "head": r["head_id"], "child": r["child_id"], "label": r["label"],
             "stamp": list(ctx.src.log.relation_stamps.get(r["uid"]) or default)} for r in rows]}))
        for (doc, who), rows in groups.items()])
    ctx.report.relations_added += len(new)


def _removals(ctx: MergeContext) -> None:
    tombs = ctx.src.log.relation_tombstones
    if not tombs:
        return
    alive = {rel["uid"] for rel in ctx.src.relations}
    table = RelationRow.__table__
    found = {r[0]: r for r in ctx.conn.execute(sql(
        "SELECT uid, id, document_id, annotator, origin, label FROM relation"))}
    for uid, tomb in tombs.items():
        theirs = found.get(uid)
        if uid in alive or theirs is None:
            continue
        _uid, rel_id, doc, annotator, origin, label = theirs
        if origin != "suggestion" and annotator != tomb["annotator"]:
            ctx.report.refused.append(f"refused: relation {uid[:8]} ({label}, document {doc}) belongs to "
                                      f"{annotator}; {tomb['annotator']} removed it in {ctx.src.name}")
            continue
        mine = ctx.target.relation_stamps.get(uid) or (ctx.target.clock.store_id, 0)
        if order(tomb["stamp"], mine, ctx.src.log.clock, ctx.target.clock) == TARGET:
            continue
        ctx.conn.execute(delete(table).where(table.c.id == rel_id))
        ctx.log("merge_remove_relation", doc, f"relation:{rel_id}", {"uid": uid, "label": label},
                {"from": ctx.src.name, "stamp": list(tomb["stamp"])}, tomb["annotator"], tomb["at"])
        ctx.report.relations_deleted += 1
