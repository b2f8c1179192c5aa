"""Merging spans: additions, updates and deletions (tombstones) of one source.

A span present on both sides with different content keeps the later version;
when both sides edited it and they differ, the merge reports a conflict line.
Deletions travel as tombstones: a source's `delete_span` events name the
span's uid, and the span is deleted in the target unless the target's copy
was changed later. A span the target deleted is not brought back by an older
copy. A row is never moved to another annotator's layer, and a deletion only
removes the deleter's own spans or pending suggestions.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import bindparam, delete, text as sql, update

from ...tables import EventRow, RelationRow, SpanRow, utcnow
from ..bulk import insert_rows
from .context import MergeContext
from .values import SPAN_SQL, _stamp, json_value, naive, span_from_row, when
from .versions import CONTENT, content, describe, later, one_per_key, snapshot, version

_BY_UIDS = sql("SELECT uid, id FROM span WHERE uid IN :uids").bindparams(bindparam("uids", expanding=True))
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
        deleted = self._target_tombstones()
        for sp in self.src.spans:
            self._span(sp, spans, deleted)
        self._write_added()
        alive = {sp["uid"] for sp in self.src.spans}
        for tomb in self.src.tombstones:
            if tomb["uid"] not in alive:
                self._tombstone(tomb, spans)

    def _target_spans(self) -> dict[str, dict]:
        ids = sorted(set(self.ctx.doc_ids.values()))
        found: dict[str, dict] = {}
        for chunk in range(0, len(ids), 500):
            marks = ", ".join(str(int(i)) for i in ids[chunk:chunk + 500])
            for r in self.ctx.conn.execute(sql(SPAN_SQL + f" WHERE s.document_id IN ({marks})")):
                found[r[0]] = span_from_row(r)
        # a uid may also live in a document this source does not hold
        uids = [sp["uid"] for sp in self.src.spans if sp["uid"] not in found]
        uids += [t["uid"] for t in self.src.tombstones if t["uid"] not in found]
        for chunk in range(0, len(uids), 500):
            for r in self.ctx.conn.execute(_SPANS_BY_UIDS, {"uids": uids[chunk:chunk + 500]}):
                found[r[0]] = span_from_row(r)
        return found

    def _target_tombstones(self) -> dict[str, datetime | None]:
        deleted: dict[str, datetime | None] = {}
        for at, before in self.ctx.conn.execute(sql("SELECT at, before FROM event WHERE action IN "
                                                    "('delete_span', 'merge_delete_span')")):
            before = json_value(before) or {}
            if isinstance(before, dict) and before.get("uid"):
                deleted[before["uid"]] = _stamp(at)
        return deleted

    def _span(self, sp: dict, spans: dict[str, dict], deleted: dict[str, datetime | None]) -> None:
        ctx = self.ctx
        doc = ctx.doc_ids.get(sp["document_id"])
        if doc is None:
            return
        mine = dict(sp, document_id=doc)
        theirs = spans.get(sp["uid"])
        if theirs is None:
            gone = deleted.get(sp["uid"])
            if gone is not None and (sp["updated_at"] is None or gone >= sp["updated_at"]):
                if self.src.bases.get(sp["uid"]) not in (None, version(sp)):
                    self.report.conflicts.append(
                        f"conflict: {ctx.where(mine)}: deleted in {ctx.target_name} at {when(gone)}, "
                        f"edited in {self.src.name} at {when(sp['updated_at'])}; the deletion (later) wins")
                return
            editor = self.src.editors.get(sp["uid"], mine["annotator"])
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
        editor = self.src.editors.get(sp["uid"], mine["annotator"])
        if theirs["annotator"] != mine["annotator"] or (
                theirs["status"] != "pending" and editor not in (None, theirs["annotator"])):
            self.report.refused.append(f"refused: {ctx.where(theirs)} belongs to {theirs['annotator']}; "
                                       f"{editor} changed it in {self.src.name}")
            return
        base = self.src.bases.get(sp["uid"])
        if base is not None and version(theirs) == base:
            both_edited, source_wins = False, True  # only the source changed it since it got it
        elif base is not None and version(mine) == base:
            both_edited, source_wins = False, False  # only the target changed it since
        else:
            both_edited, source_wins = True, later(mine, theirs)
        if both_edited:
            winner, loser = (mine, theirs) if source_wins else (theirs, mine)
            self.report.conflicts.append(
                f"conflict: {ctx.where(theirs)} changed in both: kept {describe(winner)} from "
                f"{self.src.name if source_wins else ctx.target_name}, dropped {describe(loser)} from "
                f"{ctx.target_name if source_wins else self.src.name}")
        if not source_wins:
            return
        values = {k: mine[k] for k in CONTENT + ("updated_at",)}
        ctx.conn.execute(update(SpanRow.__table__).where(SpanRow.__table__.c.id == theirs["id"])
                         .values(**naive(values)))
        ctx.log("merge_update_span", theirs["document_id"], f"span:{theirs['id']}",
                snapshot(theirs, None), snapshot(mine, self.src.name), mine["annotator"], mine["updated_at"])
        spans[sp["uid"]] = dict(mine, id=theirs["id"], document_id=theirs["document_id"])
        self._take(theirs, -1)
        self._take(spans[sp["uid"]], 1)
        self.report.spans_updated += 1

    def _write_added(self) -> None:
        """Insert the new spans and their events in batches (executemany), not row by row."""
        columns = ("uid", "document_id", "created_at", "updated_at") + CONTENT
        for chunk in range(0, len(self.added), 1000):
            part = self.added[chunk:chunk + 1000]
            insert_rows(self.ctx.session, SpanRow,
                        [tuple(naive({k: sp[k] for k in columns}).values()) for sp in part], columns)
            ids = dict(self.ctx.conn.execute(_BY_UIDS, {"uids": [sp["uid"] for sp in part]}).all())
            insert_rows(self.ctx.session, EventRow, [naive(dict(
                at=sp["updated_at"] or utcnow(), annotator=sp["annotator"], action="merge_add_span",
                document_id=sp["document_id"], target=f"span:{ids[sp['uid']]}", before=None,
                after=snapshot(sp, self.src.name))) for sp in part])
            for sp in part:
                sp["id"] = ids[sp["uid"]]

    def _duplicate(self, sp: dict) -> bool:
        """Would the span break a one-per rule (same place, label and layer/suggester) of the target?"""
        key = one_per_key(sp)
        return key is not None and self.taken[key] > 0

    def _take(self, sp: dict, by: int) -> None:
        key = one_per_key(sp)
        if key is not None:
            self.taken[key] += by

    def _tombstone(self, tomb: dict, spans: dict[str, dict]) -> None:
        ctx = self.ctx
        theirs = spans.get(tomb["uid"])
        if theirs is None:
            return
        if theirs["status"] != "pending" and theirs["annotator"] != tomb["annotator"]:
            self.report.refused.append(f"refused: {ctx.where(theirs)} belongs to {theirs['annotator']}; "
                                       f"{tomb['annotator']} deleted it in {self.src.name}")
            return
        if theirs["updated_at"] and tomb["at"] and theirs["updated_at"] > tomb["at"]:
            self.report.conflicts.append(
                f"conflict: {ctx.where(theirs)}: deleted in {self.src.name} at {when(tomb['at'])}, changed in "
                f"{ctx.target_name} at {when(theirs['updated_at'])}; the change (later) wins")
            return
        table = RelationRow.__table__
        ctx.conn.execute(delete(table).where((table.c.head_id == theirs["id"]) | (table.c.child_id == theirs["id"])))
        ctx.conn.execute(delete(SpanRow.__table__).where(SpanRow.__table__.c.id == theirs["id"]))
        ctx.log("merge_delete_span", theirs["document_id"], f"span:{theirs['id']}",
                snapshot(theirs, None), {"from": self.src.name}, tomb["annotator"], tomb["at"])
        del spans[tomb["uid"]]
        self._take(theirs, -1)
        self.report.spans_deleted += 1
