"""Merging spans: additions, updates and deletions (tombstones) of one source.

A span present on both sides with different content keeps the later version,
"later" by the stores' event sequences (merge/clock.py); when neither store
had seen the other's version the edits were concurrent: the merge reports a
conflict line and wall-clock time breaks the tie. Deletions travel as
tombstones: a source's `delete_span` events name the span's uid, and the span
is deleted in the target unless the target's copy is later. A span the target
deleted is not brought back by an older copy; a span restored (undo of a
delete keeps its uid) after the deletion comes back. A row is never moved to another annotator's layer, and a deletion only
removes the deleter's own spans or pending suggestions.
"""
from __future__ import annotations

from collections import Counter
from sqlalchemy import bindparam, delete, text as sql, update

from ...tables import EventRow, RelationRow, SpanRow, utcnow
from ..bulk import insert_rows
from .context import MergeContext
from .clock import CONCURRENT, SOURCE, TARGET, later_by_time, order
from .values import SPAN_SQL, naive, span_from_row, when
from .versions import CONTENT, content, describe, one_per_key, snapshot

_SPANS_BY_UIDS = sql(SPAN_SQL + " WHERE s.uid IN :uids").bindparams(bindparam("uids", expanding=True))


class SpanMerge:
    """The spans of one source applied to the target."""

    def __init__(self, ctx: MergeContext):
        self.ctx = ctx
        self.src = ctx.src
        self.report = ctx.report
        self.taken: Counter = Counter()  # one-per keys of the target's spans in these documents
        self.added: list[dict] = []

    def run(self) -> None:
        spans = self._target_spans()
        for theirs in spans.values():
            self._take(theirs, 1)
        for sp in self.src.spans:
            self._span(sp, spans)
        self._write_added()
        alive = {sp["uid"] for sp in self.src.spans}
        for uid, tomb in self.src.log.span_tombstones.items():
            if uid not in alive:
                self._tombstone(uid, tomb, spans)

    def _target_spans(self) -> dict[str, dict]:
        """The target's spans in the documents this source holds (none in documents this merge
        just added), and those a source tombstone names wherever they are."""
        ids = sorted(set(self.ctx.doc_ids.values()) - self.ctx.new_documents)
        found: dict[str, dict] = {}
        for chunk in range(0, len(ids), 500):
            marks = ", ".join(str(int(i)) for i in ids[chunk:chunk + 500])
            for r in self.ctx.conn.execute(sql(SPAN_SQL + f" WHERE s.document_id IN ({marks})")):
                found[r[0]] = span_from_row(r)
        uids = [uid for uid in self.src.log.span_tombstones if uid not in found]
        for chunk in range(0, len(uids), 500):
            for r in self.ctx.conn.execute(_SPANS_BY_UIDS, {"uids": uids[chunk:chunk + 500]}):
                found[r[0]] = span_from_row(r)
        return found

    def _order(self, source_stamp, uid: str, target_stamp=None) -> str:
        ctx = self.ctx
        if target_stamp is None:
            target_stamp = ctx.target.stamps.get(uid) or (ctx.target.clock.store_id, 0)
        return order(source_stamp, target_stamp, self.src.log.clock, ctx.target.clock)

    def _span(self, sp: dict, spans: dict[str, dict]) -> None:
        ctx = self.ctx
        doc = ctx.doc_ids.get(sp["document_id"])
        if doc is None:
            return
        mine = dict(sp, document_id=doc, stamp=self.src.stamp(sp["uid"]))
        theirs = spans.get(sp["uid"])
        if theirs is None:
            gone = ctx.target.span_tombstones.get(sp["uid"])
            if gone is not None:
                seq = self._order(mine["stamp"], sp["uid"], gone["stamp"])
                if seq == TARGET:
                    return  # deleted in the target after this version
                if seq == CONCURRENT:
                    deletion_wins = later_by_time(gone["at"], sp["updated_at"], tie=True)
                    self.report.conflicts.append(
                        f"conflict: {ctx.where(mine)}: deleted in {ctx.target_name} at {when(gone['at'])}, "
                        f"edited in {self.src.name} at {when(sp['updated_at'])}; "
                        + ("the deletion (later) wins" if deletion_wins else "the edit (later) wins"))
                    if deletion_wins:
                        return
            editor = self.src.log.editors.get(sp["uid"], mine["annotator"])
            if mine["status"] != "pending" and editor not in (None, mine["annotator"]):
                self.report.refused.append(f"refused: {ctx.where(mine)} is in {mine['annotator']}'s layer; "
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
        if content(theirs) == content(mine):
            return
        editor = self.src.log.editors.get(sp["uid"], mine["annotator"])
        # a pending suggestion belongs to the document: whoever decides it takes it into their layer
        if theirs["status"] != "pending" and (theirs["annotator"] != mine["annotator"]
                                              or editor not in (None, theirs["annotator"])):
            self.report.refused.append(f"refused: {ctx.where(theirs)} belongs to {theirs['annotator']}; "
                                       f"{editor} changed it in {self.src.name}")
            return
        seq = self._order(mine["stamp"], sp["uid"])
        if seq == CONCURRENT:
            source_wins = later_by_time(mine["updated_at"], theirs["updated_at"],
                                        tie=repr(content(mine)) > repr(content(theirs)))
            winner, loser = (mine, theirs) if source_wins else (theirs, mine)
            self.report.conflicts.append(
                f"conflict: {ctx.where(theirs)} changed in both: kept {describe(winner)} from "
                f"{self.src.name if source_wins else ctx.target_name}, dropped {describe(loser)} from "
                f"{ctx.target_name if source_wins else self.src.name}")
        else:
            source_wins = seq == SOURCE
        if not source_wins:
            return
        values = {k: mine[k] for k in CONTENT + ("updated_at",)}
        ctx.conn.execute(update(SpanRow.__table__).where(SpanRow.__table__.c.id == theirs["id"])
                         .values(**naive(values)))
        ctx.log("merge_update_span", theirs["document_id"], f"span:{theirs['id']}",
                snapshot(theirs, None), snapshot(mine, self.src.name, mine["stamp"]), mine["annotator"],
                mine["updated_at"])
        spans[sp["uid"]] = dict(mine, id=theirs["id"], document_id=theirs["document_id"])
        self._take(theirs, -1)
        self._take(spans[sp["uid"]], 1)
        self.report.spans_updated += 1

    def _write_added(self) -> None:
        """Insert the new spans in batches (executemany), logged as one `merge_add_spans`
        event per document and annotator whose `after` lists each span's snapshot and stamp."""
        columns = ("uid", "document_id", "created_at", "updated_at") + CONTENT
        for chunk in range(0, len(self.added), 2000):
            part = self.added[chunk:chunk + 2000]
            # every time here is already aware UTC (read through _stamp): no per-value conversion
            insert_rows(self.ctx.session, SpanRow, [tuple(sp[k] for k in columns) for sp in part], columns)
            groups: dict[tuple, list[dict]] = {}
            for sp in part:
                groups.setdefault((sp["document_id"], sp["annotator"]), []).append(sp)
            insert_rows(self.ctx.session, EventRow, [naive(dict(
                at=max((sp["updated_at"] for sp in spans if sp["updated_at"]), default=None) or utcnow(),
                annotator=who, action="merge_add_spans", document_id=doc, target=f"document:{doc}", before=None,
                after={"from": self.src.name, "spans": [snapshot(sp, None, sp["stamp"]) for sp in spans]}))
                for (doc, who), spans in groups.items()])

    def _duplicate(self, sp: dict) -> bool:
        """Would the span break a one-per rule (same place, label and layer/suggester) of the target?"""
        key = one_per_key(sp)
        return key is not None and self.taken[key] > 0

    def _take(self, sp: dict, by: int) -> None:
        key = one_per_key(sp)
        if key is not None:
            self.taken[key] += by

    def _tombstone(self, uid: str, tomb: dict, spans: dict[str, dict]) -> None:
        ctx = self.ctx
        theirs = spans.get(uid)
        if theirs is None:
            return
        if theirs["status"] != "pending" and theirs["annotator"] != tomb["annotator"]:
            self.report.refused.append(f"refused: {ctx.where(theirs)} belongs to {theirs['annotator']}; "
                                       f"{tomb['annotator']} deleted it in {self.src.name}")
            return
        seq = self._order(tomb["stamp"], uid)
        if seq == TARGET:
            return  # the target's copy is later than the deletion (restored or changed after it)
        if seq == CONCURRENT:
            change_wins = later_by_time(theirs["updated_at"], tomb["at"], tie=False)
            self.report.conflicts.append(
                f"conflict: {ctx.where(theirs)}: deleted in {self.src.name} at {when(tomb['at'])}, changed in "
                f"{ctx.target_name} at {when(theirs['updated_at'])}; "
                + ("the change (later) wins" if change_wins else "the deletion (later) wins"))
            if change_wins:
                return
        table = RelationRow.__table__
        ctx.conn.execute(delete(table).where((table.c.head_id == theirs["id"]) | (table.c.child_id == theirs["id"])))
        ctx.conn.execute(delete(SpanRow.__table__).where(SpanRow.__table__.c.id == theirs["id"]))
        ctx.log("merge_delete_span", theirs["document_id"], f"span:{theirs['id']}",
                snapshot(theirs, None), {"from": self.src.name, "stamp": list(tomb["stamp"])}, tomb["annotator"],
                tomb["at"])
        del spans[uid]
        self._take(theirs, -1)
        self.report.spans_deleted += 1
