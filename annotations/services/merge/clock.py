"""Which of two versions came later, by the stores' own event sequences.

Every store has an id (`glossator_info['store_id']`, revision 0007) and its
event ids are its own sequence. A version of a span (or a deletion) carries a
stamp (store id, sequence number): the event that made it, or, for a version a
merge brought, the stamp it had in its source (merge events record it under
`"stamp"`). A store's `seen` vector says how far it has merged each other
store (table `store_seen`, its own id → its last event id).

Version A is *after* version B when the store holding A had seen B (seen[B's
store] ≥ B's sequence). When neither store had seen the other's version the
edits were concurrent: a conflict, reported, where wall-clock time only breaks
the tie (then content, so the answer is the same in any order). Laptop clocks
never decide what came first when the sequences can.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

Stamp = tuple[str, int]

SOURCE, TARGET, CONCURRENT = "source", "target", "concurrent"


@dataclass
class Clock:
    """One store's id and how far it has seen every store (itself included)."""

    store_id: str
    seen: dict[str, int] = field(default_factory=dict)

    def has_seen(self, stamp: Stamp | None) -> bool:
        return stamp is not None and self.seen.get(stamp[0], -1) >= stamp[1]


def order(source_stamp: Stamp | None, target_stamp: Stamp | None, source: Clock, target: Clock) -> str:
    """SOURCE if the source's version is after the target's, TARGET if before, else CONCURRENT."""
    if source_stamp is not None and source_stamp == target_stamp:
        return TARGET  # the same version
    if source.has_seen(target_stamp):
        return SOURCE
    if target.has_seen(source_stamp):
        return TARGET
    return CONCURRENT


def later_by_time(a: datetime | None, b: datetime | None, tie: bool) -> bool:
    """Concurrent versions: is `a` later than `b` by wall clock? `tie` decides equal or unknown times."""
    if a is not None and b is not None and a != b:
        return a > b
    return tie


def stamp_of(event_id: int, snapshot: object, store_id: str) -> Stamp:
    """The stamp an event gives the version it made: the one a merge recorded, else its own."""
    if isinstance(snapshot, dict):
        got = snapshot.get("stamp")
        if isinstance(got, list) and len(got) == 2 and isinstance(got[0], str) and isinstance(got[1], int):
            return got[0], got[1]
    return store_id, int(event_id)
