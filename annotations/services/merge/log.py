"""What a merge reads from a store's event log: the stamp of each span's latest
version, span and relation deletions (tombstones) with their stamps, who last
changed each span, document takedowns, and the store's clock (merge/clock.py)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text as sql

from .clock import Clock, Stamp, stamp_of
from .values import _stamp, json_value

_SPAN_DELETES = ("delete_span", "merge_delete_span")
_RELATION_DELETES = ("remove_relation", "merge_remove_relation")
#: events that log many merged rows at once: action -> (key of the list in `after`, Log field)
_BATCHES = {"merge_add_spans": ("spans", "stamps"), "merge_add_relations": ("relations", "relation_stamps")}


@dataclass
class Log:
    clock: Clock
    stamps: dict[str, Stamp] = field(default_factory=dict)  # span uid -> stamp of its latest version
    span_tombstones: dict[str, dict] = field(default_factory=dict)  # uid -> {"at", "annotator", "stamp"}
    relation_tombstones: dict[str, dict] = field(default_factory=dict)  # uid -> {"at", "annotator", "stamp"}
    relation_stamps: dict[str, Stamp] = field(default_factory=dict)  # relation uid -> stamp of its (re)creation
    editors: dict[str, str | None] = field(default_factory=dict)  # span uid -> who last changed it


def read_clock(conn) -> Clock:
    """The store's id and its seen vector (its own id: its last event id)."""
    store_id = conn.execute(sql("SELECT value FROM glossator_info WHERE key = 'store_id'")).scalar() or ""
    seen = {sid: int(seq) for sid, seq in conn.execute(sql("SELECT store_id, seq FROM store_seen"))}
    seen[store_id] = int(conn.execute(sql("SELECT COALESCE(MAX(id), 0) FROM event")).scalar())
    return Clock(store_id, seen)


def read_log(conn, uids: set[str] | None = None) -> Log:
    """One pass over the span and relation events (oldest first); `uids` limits which spans are kept."""
    log = Log(read_clock(conn))
    sid = log.clock.store_id
    for event_id, action, who, at, before, after, target in conn.execute(sql(
            "SELECT id, action, annotator, at, before, after, target FROM event "
            "WHERE target LIKE 'span:%' OR target LIKE 'relation:%' "
            "OR action IN ('merge_add_spans', 'merge_add_relations') ORDER BY id")):
        after, before = json_value(after), json_value(before)
        if action in _BATCHES:  # one event for many merged rows: each snapshot names its uid and stamp
            key, into = _BATCHES[action]
            for snap in (after or {}).get(key) or ():
                if isinstance(snap, dict) and isinstance(snap.get("uid"), str) and (
                        key == "relations" or uids is None or snap["uid"] in uids):
                    getattr(log, into)[snap["uid"]] = stamp_of(event_id, snap, sid)
                    if key == "spans":
                        log.editors[snap["uid"]] = who
            continue
        snap = after if isinstance(after, dict) and after.get("uid") else before
        if not isinstance(snap, dict) or not isinstance(snap.get("uid"), str):
            continue
        uid = snap["uid"]
        if target.startswith("relation:"):
            stamp = stamp_of(event_id, after, sid)
            if action in _RELATION_DELETES:
                log.relation_tombstones[uid] = {"at": _stamp(at), "annotator": who, "stamp": stamp}
            else:
                log.relation_stamps[uid] = stamp
            continue
        if uids is not None and uid not in uids:
            continue
        stamp = stamp_of(event_id, after, sid)
        log.editors[uid] = who
        if action in _SPAN_DELETES:
            log.span_tombstones[uid] = {"at": _stamp(at), "annotator": who, "stamp": stamp}
        else:
            log.stamps[uid] = stamp
    return log


def document_tombstones_in(conn) -> list[dict]:
    found = []
    for at, who, before in conn.execute(sql("SELECT at, annotator, before FROM event "
                                            "WHERE action = 'delete_document' ORDER BY id")):
        before = json_value(before) or {}
        if isinstance(before, dict) and before.get("sha256"):
            found.append({"sha256": before["sha256"], "at": _stamp(at), "annotator": who})
    return found
