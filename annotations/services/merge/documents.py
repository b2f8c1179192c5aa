"""Merging documents: the source's takedowns first, then new documents (by
sha256; a takedown in the target keeps a document out), the document's own
status, and each annotator's status of it (the later one by time wins)."""
from __future__ import annotations

from sqlalchemy import text as sql, update

from ...tables import DocumentRow, DocumentStatusRow, EventRow, new_uid, utcnow
from ..bulk import insert_returning_ids, insert_rows
from .context import MergeContext
from .log import document_tombstones_in
from .values import _stamp, naive


def merge_deleted_documents(ctx: MergeContext) -> None:
    """Carry the source's takedowns; remember the target's, so nothing deleted comes back."""
    from ..takedown import remove_documents

    for tomb in ctx.src.deleted_documents:
        found = ctx.conn.execute(sql("SELECT id FROM document WHERE sha256 = :h"), {"h": tomb["sha256"]}).first()
        if found:
            remove_documents(ctx.conn, [found[0]], tomb["annotator"], {"from": ctx.src.name})
            ctx.report.documents_deleted += 1
    ctx.gone = {t["sha256"] for t in document_tombstones_in(ctx.conn)}


def merge_documents(ctx: MergeContext) -> None:
    conn = ctx.conn
    by_sha = {sha: (i, status, _stamp(at)) for i, sha, status, at in conn.execute(
        sql("SELECT id, sha256, status, updated_at FROM document"))}
    uids = set(conn.execute(sql("SELECT uid FROM document")).scalars())
    new: list[tuple[dict, dict]] = []  # (source document, row to insert)
    for doc in ctx.src.documents:
        if doc["sha256"] in ctx.gone:
            continue  # taken down in the target: its spans stay out too
        found = by_sha.get(doc["sha256"])
        if found is None:
            values = {k: doc[k] for k in ("uid", "sha256", "title", "source", "meta", "text", "status",
                                          "created_at", "updated_at")}
            if values["uid"] in uids:
                values["uid"] = new_uid()
            uids.add(values["uid"])
            new.append((doc, naive(values)))
            continue
        target_id, status, updated = found
        ctx.doc_ids[doc["id"]] = target_id
        if doc["status"] != status and doc["updated_at"] and updated and doc["updated_at"] > updated:
            conn.execute(update(DocumentRow.__table__).where(DocumentRow.__table__.c.id == target_id)
                         .values(**naive({"status": doc["status"], "updated_at": doc["updated_at"]})))
            ctx.log("set_status", target_id, f"document:{target_id}", {"status": status},
                    {"status": doc["status"], "from": ctx.src.name}, None, doc["updated_at"])
        ctx.titles[target_id] = doc["title"]
    ids = insert_returning_ids(ctx.session, DocumentRow, [row for _doc, row in new], key=["sha256"])
    insert_rows(ctx.session, EventRow, [naive(dict(
        at=doc["created_at"] or utcnow(), annotator=None, action="merge_document", document_id=new_id,
        target=f"document:{new_id}", before=None,
        after={"uid": row["uid"], "sha256": doc["sha256"], "from": ctx.src.name}))
        for (doc, row), new_id in zip(new, ids)])
    for (doc, _row), new_id in zip(new, ids):
        ctx.doc_ids[doc["id"]] = new_id
        ctx.new_documents.add(new_id)
        ctx.titles[new_id] = doc["title"]
    ctx.report.documents_added += len(new)


def merge_statuses(ctx: MergeContext) -> None:
    """Each annotator's status of a document: added when missing, else the later one by time."""
    if not ctx.src.statuses:
        return
    conn, table = ctx.conn, DocumentStatusRow.__table__
    have = {(d, a): (i, st, _stamp(at)) for i, d, a, st, at in conn.execute(
        sql("SELECT id, document_id, annotator, status, updated_at FROM document_status"))}
    for st in ctx.src.statuses:
        doc = ctx.doc_ids.get(st["document_id"])
        if doc is None:
            continue
        found = have.get((doc, st["annotator"]))
        if found is None:
            conn.execute(table.insert().values(**naive(dict(document_id=doc, annotator=st["annotator"],
                                                            status=st["status"], updated_at=st["updated_at"]))))
            before = "new"
        elif found[1] != st["status"] and st["updated_at"] and found[2] and st["updated_at"] > found[2]:
            conn.execute(update(table).where(table.c.id == found[0]).values(
                **naive({"status": st["status"], "updated_at": st["updated_at"]})))
            before = found[1]
        else:
            continue
        ctx.log("set_status", doc, f"document:{doc}", {"status": before},
                {"status": st["status"], "annotator": st["annotator"], "from": ctx.src.name}, st["annotator"],
                st["updated_at"])
        ctx.report.statuses_merged += 1
