"""Reading a source store for a merge: everything in one read transaction, as
plain dicts, cut down to a Selection (checkout takes one annotator's part)."""
from __future__ import annotations

from sqlalchemy import text as sql

from ...store import Store
from .actors import read_registry
from .extras import read_flags, read_models
from .log import document_tombstones_in, read_log
from .source import Selection, Source
from .values import SPAN_SQL, _stamp, json_value, span_from_row


def read_source(store: Store, selection: Selection) -> Source:
    with store.session() as s:
        c = s.connection()
        docs = [{"id": r[0], "uid": r[1], "sha256": r[2], "title": r[3], "source": r[4], "meta": json_value(r[5]),
                 "text": r[6], "status": r[7], "created_at": _stamp(r[8]), "updated_at": _stamp(r[9])}
                for r in c.execute(sql("SELECT id, uid, sha256, title, source, meta, text, status, created_at, "
                                       "updated_at FROM document ORDER BY id"))]
        spans = [span_from_row(r) for r in c.execute(sql(SPAN_SQL + " ORDER BY s.id"))]
        relations = [{"uid": r[0], "document_id": r[1], "head": r[2], "child": r[3], "label": r[4], "origin": r[5],
                      "status": r[6], "annotator": r[7], "created_at": _stamp(r[8])}
                     for r in c.execute(sql(
                         "SELECT r.uid, r.document_id, h.uid, k.uid, r.label, r.origin, r.status, r.annotator, "
                         "r.created_at FROM relation r JOIN span h ON h.id = r.head_id "
                         "JOIN span k ON k.id = r.child_id ORDER BY r.id"))]
        assignments = [{"uid": r[0], "document_id": r[1], "annotator": r[2], "assigned_at": _stamp(r[3])}
                       for r in c.execute(sql("SELECT uid, document_id, annotator, assigned_at FROM assignment "
                                              "ORDER BY id"))]
        log = read_log(c)
        if not selection.with_tombstones:
            log.span_tombstones, log.relation_tombstones = {}, {}
        deleted_documents = document_tombstones_in(c)
        statuses = [{"document_id": r[0], "annotator": r[1], "status": r[2], "updated_at": _stamp(r[3])}
                    for r in c.execute(sql("SELECT document_id, annotator, status, updated_at FROM document_status "
                                           "ORDER BY id"))]
        actors, aliases, links = read_registry(c)
        flags, removed_flags = read_flags(c)
        models = read_models(c) if selection.with_models else []
    if selection.document_ids is not None:
        keep = selection.document_ids
        docs = [d for d in docs if d["id"] in keep]
        spans = [sp for sp in spans if sp["document_id"] in keep]
        relations = [r for r in relations if r["document_id"] in keep]
        assignments = [a for a in assignments if a["document_id"] in keep]
        statuses = [st for st in statuses if st["document_id"] in keep]
        flags = [f for f in flags if f["document_id"] in keep]
    if selection.span_filter is not None:
        spans = [sp for sp in spans if selection.span_filter(sp)]
        kept = {sp["uid"] for sp in spans}
        relations = [r for r in relations if r["head"] in kept and r["child"] in kept]
    if selection.assignment_annotator is not None:
        assignments = [a for a in assignments if a["annotator"] == selection.assignment_annotator]
        statuses = [st for st in statuses if st["annotator"] == selection.assignment_annotator]
    kept_spans = {sp["uid"] for sp in spans}
    links = [link for link in links if link["span"] in kept_spans]
    schema = store.schema
    return Source(store.location, {lab.name for lab in schema.labels}, {r.name for r in schema.relations},
                  docs, spans, relations, assignments, log, deleted_documents, statuses, actors, aliases, links,
                  flags, removed_flags, models)
