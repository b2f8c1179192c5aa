"""Merging stores: bring documents, spans, relations, assignments and deletions
from other stores (laptop files, another PostgreSQL store) into a target, and
the checkout that makes a laptop store from a team store.

Identity is by content and uid: documents by sha256, spans and relations by
uid, assignments by (document, annotator). A span present on both sides with
different content keeps the later version (its `updated_at`; equal times are
broken by the content itself, so the result does not depend on the order of
the sources). When both sides edited it (updated after it was created) and
they differ, the merge reports a conflict line. Deletions travel as
tombstones: a source's `delete_span` events name the span's uid, and the span
is deleted in the target unless the target's copy was changed later. A span
the target deleted is not brought back by an older copy. A row is never moved
to another annotator's layer, and a deletion only removes the deleter's own
spans or pending suggestions.

Labels first: a label (or relation) a source uses that the target does not
define stops the merge before anything is written, naming them. The whole
merge is one transaction on the target; every applied change is logged in the
target's event log with its original annotator and time.
"""
from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import bindparam, delete, insert, text as sql, update
from sqlalchemy.engine import Connection

from ..errors import ValidationError
from ..tables import AssignmentRow, DocumentRow, EventRow, RelationRow, SpanRow, new_uid, utcnow
from ..store import Store
from .bulk import insert_returning_ids, insert_rows
from .rows import _stamp, json_value

log = logging.getLogger(__name__)

_SPAN_SQL = ('SELECT s.uid, s.document_id, s.start, s."end", s.label, s.attributes, s.origin, s.status, '
             "s.suggester, s.suggester_version, s.score, s.annotator, s.created_at, s.updated_at, s.id FROM span s")
_BY_UIDS = sql("SELECT uid, id FROM span WHERE uid IN :uids").bindparams(bindparam("uids", expanding=True))
_SPANS_BY_UIDS = sql(_SPAN_SQL + " WHERE s.uid IN :uids").bindparams(bindparam("uids", expanding=True))
_CONTENT = ("start", "end", "label", "attributes", "origin", "status", "suggester", "suggester_version", "score",
            "annotator")


@dataclass
class MergeReport:
    """What a merge did, per kind of row, and the conflicts it resolved."""

    sources: list[str] = field(default_factory=list)
    documents_added: int = 0
    documents_deleted: int = 0
    spans_added: int = 0
    spans_updated: int = 0
    spans_deleted: int = 0
    relations_added: int = 0
    assignments_added: int = 0
    duplicates_skipped: int = 0
    conflicts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # changes to another annotator's layer, not applied

    def as_dict(self) -> dict[str, Any]:
        return {"sources": self.sources, "documents_added": self.documents_added,
                "documents_deleted": self.documents_deleted, "spans_added": self.spans_added,
                "spans_updated": self.spans_updated, "spans_deleted": self.spans_deleted,
                "relations_added": self.relations_added, "assignments_added": self.assignments_added,
                "duplicates_skipped": self.duplicates_skipped, "conflicts": self.conflicts, "refused": self.refused}


@dataclass
class _Source:
    """Everything read from one source store (one read transaction)."""

    name: str
    labels: set[str]
    relation_labels: set[str]
    documents: list[dict]
    spans: list[dict]
    relations: list[dict]
    assignments: list[dict]
    tombstones: list[dict]
    bases: dict[str, tuple]  # span uid -> the first version the source's event log shows (its base)
    deleted_documents: list[dict] = field(default_factory=list)  # {"sha256", "at", "annotator"}
    editors: dict[str, str | None] = field(default_factory=dict)  # span uid -> who last changed it there


@dataclass(frozen=True)
class Selection:
    """Which part of a source to take (checkout): documents by id, spans by a predicate."""

    document_ids: frozenset[int] | None = None
    span_filter: Callable[[dict], bool] | None = None
    assignment_annotator: str | None = None
    with_tombstones: bool = True


def _utc(at: datetime | None) -> datetime | None:
    """A timestamp for the store's columns (they take aware times and keep them in UTC)."""
    if at is None:
        return None
    return at.astimezone(timezone.utc) if at.tzinfo else at.replace(tzinfo=timezone.utc)


def _naive(values: dict) -> dict:
    return {k: _utc(v) if isinstance(v, datetime) else v for k, v in values.items()}


def _span(r) -> dict:
    return {"uid": r[0], "document_id": r[1], "start": r[2], "end": r[3], "label": r[4],
            "attributes": json_value(r[5]) or {}, "origin": r[6], "status": r[7], "suggester": r[8],
            "suggester_version": r[9], "score": r[10], "annotator": r[11], "created_at": _stamp(r[12]),
            "updated_at": _stamp(r[13]), "id": r[14]}


def _document_tombstones_in(conn) -> list[dict]:
    found = []
    for at, who, before in conn.execute(sql("SELECT at, annotator, before FROM event "
                                            "WHERE action = 'delete_document' ORDER BY id")):
        before = json_value(before) or {}
        if isinstance(before, dict) and before.get("sha256"):
            found.append({"sha256": before["sha256"], "at": _stamp(at), "annotator": who})
    return found


def _document_tombstones(store: Store) -> list[dict]:
    with store.session() as s:
        return _document_tombstones_in(s.connection())


def _version(span: dict) -> tuple:
    """What an edit changes (and what the event log's snapshots hold)."""
    return (span["start"], span["end"], span["label"], json.dumps(span.get("attributes") or {}, sort_keys=True),
            span["status"], span["origin"])


def _content(span: dict) -> tuple:
    return tuple(json.dumps(span[k], sort_keys=True) if k == "attributes" else span[k] for k in _CONTENT)


def _read_source(store: Store, selection: Selection) -> _Source:
    with store.session() as s:
        c = s.connection()
        docs = [{"id": r[0], "uid": r[1], "sha256": r[2], "title": r[3], "source": r[4], "meta": json_value(r[5]),
                 "text": r[6], "status": r[7], "created_at": _stamp(r[8]), "updated_at": _stamp(r[9])}
                for r in c.execute(sql("SELECT id, uid, sha256, title, source, meta, text, status, created_at, "
                                       "updated_at FROM document ORDER BY id"))]
        spans = [_span(r) for r in c.execute(sql(_SPAN_SQL + " ORDER BY s.id"))]
        relations = [{"uid": r[0], "document_id": r[1], "head": r[2], "child": r[3], "label": r[4], "origin": r[5],
                      "status": r[6], "annotator": r[7], "created_at": _stamp(r[8])}
                     for r in c.execute(sql(
                         "SELECT r.uid, r.document_id, h.uid, k.uid, r.label, r.origin, r.status, r.annotator, "
                         "r.created_at FROM relation r JOIN span h ON h.id = r.head_id "
                         "JOIN span k ON k.id = r.child_id ORDER BY r.id"))]
        assignments = [{"uid": r[0], "document_id": r[1], "annotator": r[2], "assigned_at": _stamp(r[3])}
                       for r in c.execute(sql("SELECT uid, document_id, annotator, assigned_at FROM assignment "
                                              "ORDER BY id"))]
        bases: dict[str, tuple] = {}
        for (after,) in c.execute(sql("SELECT after FROM event WHERE action IN ('add_span', 'merge_add_span') "
                                      "ORDER BY id")):
            after = json_value(after) or {}
            if isinstance(after, dict) and after.get("uid") and after["uid"] not in bases:
                bases[after["uid"]] = _version(after)
        editors: dict[str, str | None] = {}
        for who, before, after in c.execute(sql(
                "SELECT annotator, before, after FROM event WHERE target LIKE 'span:%' ORDER BY id")):
            for snap in (json_value(after), json_value(before)):
                if isinstance(snap, dict) and snap.get("uid"):
                    editors[snap["uid"]] = who
                    break
        tombstones = []
        if selection.with_tombstones:
            for at, who, before in c.execute(sql("SELECT at, annotator, before FROM event "
                                                 "WHERE action = 'delete_span' ORDER BY id")):
                before = json_value(before) or {}
                if isinstance(before, dict) and before.get("uid"):
                    tombstones.append({"uid": before["uid"], "at": _stamp(at), "annotator": who})
    if selection.document_ids is not None:
        keep = selection.document_ids
        docs = [d for d in docs if d["id"] in keep]
        spans = [sp for sp in spans if sp["document_id"] in keep]
        relations = [r for r in relations if r["document_id"] in keep]
        assignments = [a for a in assignments if a["document_id"] in keep]
    if selection.span_filter is not None:
        spans = [sp for sp in spans if selection.span_filter(sp)]
        kept = {sp["uid"] for sp in spans}
        relations = [r for r in relations if r["head"] in kept and r["child"] in kept]
    if selection.assignment_annotator is not None:
        assignments = [a for a in assignments if a["annotator"] == selection.assignment_annotator]
    schema = store.schema
    return _Source(store.location, {lab.name for lab in schema.labels}, {r.name for r in schema.relations},
                   docs, spans, relations, assignments, tombstones, bases, _document_tombstones(store), editors)


def check_labels(target: Store, sources: Iterable[_Source]) -> None:
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
    read: list[_Source] = []
    for source in sources:
        if isinstance(source, Store):
            read.append(_read_source(source, selection))
            continue
        with Store.open(source) as opened:
            if opened.location == target.location:
                raise ValidationError(f"{opened.location}: cannot merge a store into itself")
            read.append(_read_source(opened, selection))
    check_labels(target, read)
    report = MergeReport(sources=[src.name for src in read])
    with target.transaction() as conn:
        for src in read:
            _Merge(conn, src, report, target.location).run()
    return report


class _Merge:
    """One source applied to the target inside the target's transaction."""

    def __init__(self, conn: Connection, src: _Source, report: MergeReport, target_name: str):
        self.conn, self.src, self.report, self.target_name = conn, src, report, target_name
        self.session = _OnConnection(conn)  # what the bulk writers take
        self.doc_ids: dict[int, int] = {}  # source document id -> target document id
        self.titles: dict[int, str] = {}

    def run(self) -> None:
        self._deleted_documents()
        self._documents()
        spans = self._target_spans()
        self.taken: Counter = Counter()  # one-per keys of the target's spans in these documents
        for theirs in spans.values():
            self._take(theirs, 1)
        deleted = self._target_tombstones()
        self.added: list[dict] = []
        for sp in self.src.spans:
            self._span(sp, spans, deleted)
        self._write_added()
        alive = {sp["uid"] for sp in self.src.spans}
        for tomb in self.src.tombstones:
            if tomb["uid"] not in alive:
                self._tombstone(tomb, spans)
        self._relations()
        self._assignments()

    # ---- documents ----------------------------------------------------------

    def _deleted_documents(self) -> None:
        """Carry the source's takedowns; remember the target's, so nothing deleted comes back."""
        from .takedown import remove_documents

        for tomb in self.src.deleted_documents:
            found = self.conn.execute(sql("SELECT id FROM document WHERE sha256 = :h"), {"h": tomb["sha256"]}).first()
            if found:
                remove_documents(self.conn, [found[0]], tomb["annotator"], {"from": self.src.name})
                self.report.documents_deleted += 1
        self.gone = {t["sha256"] for t in _document_tombstones_in(self.conn)}

    def _documents(self) -> None:
        by_sha = {sha: (i, status, _stamp(at)) for i, sha, status, at in self.conn.execute(
            sql("SELECT id, sha256, status, updated_at FROM document"))}
        uids = set(self.conn.execute(sql("SELECT uid FROM document")).scalars())
        new: list[tuple[dict, dict]] = []  # (source document, row to insert)
        for doc in self.src.documents:
            if doc["sha256"] in self.gone:
                continue  # taken down in the target: its spans stay out too
            found = by_sha.get(doc["sha256"])
            if found is None:
                values = {k: doc[k] for k in ("uid", "sha256", "title", "source", "meta", "text", "status",
                                              "created_at", "updated_at")}
                if values["uid"] in uids:
                    values["uid"] = new_uid()
                uids.add(values["uid"])
                new.append((doc, _naive(values)))
                continue
            target_id, status, updated = found
            self.doc_ids[doc["id"]] = target_id
            if doc["status"] != status and doc["updated_at"] and updated and doc["updated_at"] > updated:
                self.conn.execute(update(DocumentRow.__table__).where(DocumentRow.__table__.c.id == target_id)
                                  .values(**_naive({"status": doc["status"], "updated_at": doc["updated_at"]})))
                self._log("set_status", target_id, f"document:{target_id}", {"status": status},
                          {"status": doc["status"], "from": self.src.name}, None, doc["updated_at"])
            self.titles[self.doc_ids[doc["id"]]] = doc["title"]
        ids = insert_returning_ids(self.session, DocumentRow, [row for _doc, row in new], key=["sha256"])
        insert_rows(self.session, EventRow, [_naive(dict(
            at=doc["created_at"] or utcnow(), annotator=None, action="merge_document", document_id=new_id,
            target=f"document:{new_id}", before=None,
            after={"uid": row["uid"], "sha256": doc["sha256"], "from": self.src.name}))
            for (doc, row), new_id in zip(new, ids)])
        for (doc, _row), new_id in zip(new, ids):
            self.doc_ids[doc["id"]] = new_id
            self.titles[new_id] = doc["title"]
        self.report.documents_added += len(new)

    # ---- spans --------------------------------------------------------------

    def _target_spans(self) -> dict[str, dict]:
        ids = sorted(set(self.doc_ids.values()))
        found: dict[str, dict] = {}
        for chunk in range(0, len(ids), 500):
            part = ids[chunk:chunk + 500]
            marks = ", ".join(str(int(i)) for i in part)
            for r in self.conn.execute(sql(_SPAN_SQL + f" WHERE s.document_id IN ({marks})")):
                found[r[0]] = _span(r)
        # a uid may also live in a document this source does not hold
        uids = [sp["uid"] for sp in self.src.spans if sp["uid"] not in found]
        uids += [t["uid"] for t in self.src.tombstones if t["uid"] not in found]
        for chunk in range(0, len(uids), 500):
            for r in self.conn.execute(_SPANS_BY_UIDS, {"uids": uids[chunk:chunk + 500]}):
                found[r[0]] = _span(r)
        return found

    def _target_tombstones(self) -> dict[str, datetime | None]:
        deleted: dict[str, datetime | None] = {}
        for at, before in self.conn.execute(sql("SELECT at, before FROM event WHERE action IN "
                                                "('delete_span', 'merge_delete_span')")):
            before = json_value(before) or {}
            if isinstance(before, dict) and before.get("uid"):
                deleted[before["uid"]] = _stamp(at)
        return deleted

    def _where(self, span: dict) -> str:
        title = " ".join((self.titles.get(span["document_id"]) or "").split())[:40]
        return (f"span {span['uid'][:8]} ({span['annotator']}, document {span['document_id']} {title!r}, "
                f"{span['start']}-{span['end']})")

    def _span(self, sp: dict, spans: dict[str, dict], deleted: dict[str, datetime | None]) -> None:
        doc = self.doc_ids.get(sp["document_id"])
        if doc is None:
            return
        mine = dict(sp, document_id=doc)
        theirs = spans.get(sp["uid"])
        if theirs is None:
            gone = deleted.get(sp["uid"])
            if gone is not None and (sp["updated_at"] is None or gone >= sp["updated_at"]):
                if self.src.bases.get(sp["uid"]) not in (None, _version(sp)):
                    self.report.conflicts.append(
                        f"conflict: {self._where(mine)}: deleted in {self._target_name()} at {_when(gone)}, "
                        f"edited in {self.src.name} at {_when(sp['updated_at'])}; the deletion (later) wins")
                return
            editor = self.src.editors.get(sp["uid"], mine["annotator"])
            if mine["status"] != "pending" and editor not in (None, mine["annotator"]):
                self.report.refused.append(f"refused: {self._where(mine)} is in {mine['annotator']}'s layer; "
                                           f"{editor} changed it in {self.src.name}")
                return
            if self._duplicate(mine):
                self.report.duplicates_skipped += 1
                return
            self.added.append(mine)  # written together by _write_added
            spans[sp["uid"]] = mine
            self._take(mine, 1)
            self.report.spans_added += 1
            return
        if _content(theirs) == _content(mine):
            return
        editor = self.src.editors.get(sp["uid"], mine["annotator"])
        if theirs["annotator"] != mine["annotator"] or (
                theirs["status"] != "pending" and editor not in (None, theirs["annotator"])):
            self.report.refused.append(f"refused: {self._where(theirs)} belongs to {theirs['annotator']}; "
                                       f"{editor} changed it in {self.src.name}")
            return
        base = self.src.bases.get(sp["uid"])
        if base is not None and _version(theirs) == base:
            both_edited, source_wins = False, True  # only the source changed it since it got it
        elif base is not None and _version(mine) == base:
            both_edited, source_wins = False, False  # only the target changed it since
        else:
            both_edited, source_wins = True, _later(mine, theirs)
        if both_edited:
            winner, loser = (mine, theirs) if source_wins else (theirs, mine)
            self.report.conflicts.append(
                f"conflict: {self._where(theirs)} changed in both: kept {_describe(winner)} from "
                f"{self.src.name if source_wins else self._target_name()}, dropped {_describe(loser)} from "
                f"{self._target_name() if source_wins else self.src.name}")
        if not source_wins:
            return
        values = {k: mine[k] for k in _CONTENT + ("updated_at",)}
        self.conn.execute(update(SpanRow.__table__).where(SpanRow.__table__.c.id == theirs["id"]).values(**_naive(values)))
        self._log("merge_update_span", theirs["document_id"], f"span:{theirs['id']}",
                  _snapshot(theirs, None), _snapshot(mine, self.src.name), mine["annotator"], mine["updated_at"])
        spans[sp["uid"]] = dict(mine, id=theirs["id"], document_id=theirs["document_id"])
        self._take(theirs, -1)
        self._take(spans[sp["uid"]], 1)
        self.report.spans_updated += 1

    def _write_added(self) -> None:
        """Insert the new spans and their events in batches (executemany), not row by row."""
        columns = ("uid", "document_id", "created_at", "updated_at") + _CONTENT
        for chunk in range(0, len(self.added), 1000):
            part = self.added[chunk:chunk + 1000]
            insert_rows(self.session, SpanRow, [tuple(_naive({k: sp[k] for k in columns}).values()) for sp in part],
                        columns)
            ids = dict(self.conn.execute(_BY_UIDS, {"uids": [sp["uid"] for sp in part]}).all())
            insert_rows(self.session, EventRow, [_naive(dict(
                at=sp["updated_at"] or utcnow(), annotator=sp["annotator"], action="merge_add_span",
                document_id=sp["document_id"], target=f"span:{ids[sp['uid']]}", before=None,
                after=_snapshot(sp, self.src.name))) for sp in part])
            for sp in part:
                sp["id"] = ids[sp["uid"]]

    def _duplicate(self, sp: dict) -> bool:
        """Would the span break a one-per rule (same place, label and layer/suggester) of the target?"""
        key = _one_per_key(sp)
        return key is not None and self.taken[key] > 0

    def _take(self, sp: dict, by: int) -> None:
        key = _one_per_key(sp)
        if key is not None:
            self.taken[key] += by

    def _tombstone(self, tomb: dict, spans: dict[str, dict]) -> None:
        theirs = spans.get(tomb["uid"])
        if theirs is None:
            return
        if theirs["status"] != "pending" and theirs["annotator"] != tomb["annotator"]:
            self.report.refused.append(f"refused: {self._where(theirs)} belongs to {theirs['annotator']}; "
                                       f"{tomb['annotator']} deleted it in {self.src.name}")
            return
        if theirs["updated_at"] and tomb["at"] and theirs["updated_at"] > tomb["at"]:
            self.report.conflicts.append(
                f"conflict: {self._where(theirs)}: deleted in {self.src.name} at {_when(tomb['at'])}, changed in "
                f"{self._target_name()} at {_when(theirs['updated_at'])}; the change (later) wins")
            return
        table = RelationRow.__table__
        self.conn.execute(delete(table).where((table.c.head_id == theirs["id"]) | (table.c.child_id == theirs["id"])))
        self.conn.execute(delete(SpanRow.__table__).where(SpanRow.__table__.c.id == theirs["id"]))
        self._log("merge_delete_span", theirs["document_id"], f"span:{theirs['id']}",
                  _snapshot(theirs, None), {"from": self.src.name}, tomb["annotator"], tomb["at"])
        del spans[tomb["uid"]]
        self._take(theirs, -1)
        self.report.spans_deleted += 1

    # ---- relations and assignments -------------------------------------------

    def _relations(self) -> None:
        if not self.src.relations:
            return
        span_ids = dict(self.conn.execute(sql("SELECT uid, id FROM span")).all())
        have = {u for (u,) in self.conn.execute(sql("SELECT uid FROM relation"))}
        for rel in self.src.relations:
            doc = self.doc_ids.get(rel["document_id"])
            head, child = span_ids.get(rel["head"]), span_ids.get(rel["child"])
            if rel["uid"] in have or doc is None or head is None or child is None:
                continue
            new_id = self.conn.execute(insert(RelationRow.__table__).values(**_naive(dict(
                uid=rel["uid"], document_id=doc, head_id=head, child_id=child, label=rel["label"],
                origin=rel["origin"], status=rel["status"], annotator=rel["annotator"],
                created_at=rel["created_at"] or utcnow()))).returning(RelationRow.__table__.c.id)).scalar_one()
            self._log("merge_add_relation", doc, f"relation:{new_id}", None,
                      {"uid": rel["uid"], "head": head, "child": child, "label": rel["label"], "from": self.src.name},
                      rel["annotator"], rel["created_at"])
            have.add(rel["uid"])
            self.report.relations_added += 1

    def _assignments(self) -> None:
        have = {(d, a) for d, a in self.conn.execute(sql("SELECT document_id, annotator FROM assignment"))}
        uids = {u for (u,) in self.conn.execute(sql("SELECT uid FROM assignment"))}
        for a in self.src.assignments:
            doc = self.doc_ids.get(a["document_id"])
            if doc is None or (doc, a["annotator"]) in have:
                continue
            uid = a["uid"] if a["uid"] not in uids else new_uid()
            self.conn.execute(insert(AssignmentRow.__table__).values(**_naive(dict(
                uid=uid, document_id=doc, annotator=a["annotator"], assigned_at=a["assigned_at"] or utcnow()))))
            self._log("assign", doc, f"document:{doc}", None, {"annotator": a["annotator"], "uid": uid,
                                                                "from": self.src.name}, None, a["assigned_at"])
            have.add((doc, a["annotator"]))
            uids.add(uid)
            self.report.assignments_added += 1

    # ---- helpers ------------------------------------------------------------

    def _target_name(self) -> str:
        return self.target_name

    def _log(self, action: str, document_id: int, target: str, before: Any, after: Any, annotator: str | None,
             at: datetime | None) -> None:
        self.conn.execute(insert(EventRow.__table__).values(**_naive(dict(
            at=at or utcnow(), annotator=annotator, action=action, document_id=document_id, target=target,
            before=before, after=after))))


class _OnConnection:
    """The one thing bulk.insert_rows asks of a Session: its connection (here, the merge's)."""

    def __init__(self, conn: Connection):
        self._conn = conn

    def connection(self) -> Connection:
        return self._conn

    def execute(self, statement, params=None):
        return self._conn.execute(statement, params)


def _one_per_key(sp: dict) -> tuple | None:
    """The key of the database's one-per rules (ux_span_accepted/pending/rejected), or None."""
    if sp["status"] not in ("accepted", "pending", "rejected"):
        return None
    who = sp["suggester"] if sp["status"] == "pending" else sp["annotator"]
    return sp["document_id"], sp["start"], sp["end"], sp["label"], sp["status"], who or ""


def _later(a: dict, b: dict) -> bool:
    """Is version `a` later than `b`? By time; equal times by content (the same answer in any order)."""
    ta, tb = a["updated_at"], b["updated_at"]
    if ta != tb and ta is not None and tb is not None:
        return ta > tb
    return repr(_content(a)) > repr(_content(b))


def _snapshot(sp: dict, source: str | None) -> dict:
    snap = {"start": sp["start"], "end": sp["end"], "label": sp["label"], "attributes": sp["attributes"],
            "status": sp["status"], "origin": sp["origin"], "uid": sp["uid"]}
    if source:
        snap["from"] = source
    return snap


def _describe(sp: dict) -> str:
    return f"{sp['label']} {sp['status']} ({_when(sp['updated_at'])})"


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC" if at else "an unknown time"


def checkout(team: Store, laptop: str | Path, annotator: str) -> MergeReport:
    """A new laptop store (SQLite file) with the team's label schema, the documents
    assigned to `annotator`, their spans in that annotator's layer and the pending
    suggestions. Built as a temporary sibling and renamed: it appears whole or not at all."""
    path = Path(laptop)
    if path.exists():
        raise ValidationError(f"{path}: already exists; check out into a new file")
    with team.session() as s:
        docs = frozenset(s.connection().execute(sql("SELECT document_id FROM assignment WHERE annotator = :a"),
                                                {"a": annotator}).scalars())
    if not docs:
        raise ValidationError(f"{team.location}: no document is assigned to {annotator} "
                              f"(glossator assign --annotator {annotator} ...)")
    return _new_store(path, team, Selection(
        document_ids=docs, assignment_annotator=annotator, with_tombstones=False,
        span_filter=lambda sp: sp["annotator"] == annotator or sp["status"] == "pending"))


def backup(store: Store, out: str | Path) -> MergeReport:
    """`glossator backup OUT.sqlite`: everything in `store` merged into a new SQLite file
    (restore: merge it into an empty store)."""
    path = Path(out)
    if path.exists():
        raise ValidationError(f"{path}: already exists; back up into a new file")
    return _new_store(path, store, Selection())


def _new_store(path: Path, source: Store, selection: Selection) -> MergeReport:
    """A new SQLite store at `path` with `source`'s label schema, filled by a merge from it.
    Built as a temporary sibling and renamed: it appears whole or not at all."""
    temp = path.with_name(f".{path.name}.glossator-tmp")
    for leftover in temp.parent.glob(temp.name + "*"):
        leftover.unlink()
    try:
        with Store.create(temp, schema=source.schema) as store:
            report = merge_stores(store, [source], selection=selection)
        temp.replace(path)
    finally:
        for leftover in temp.parent.glob(temp.name + "*"):
            leftover.unlink(missing_ok=True)
    return report
