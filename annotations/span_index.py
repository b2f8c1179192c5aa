"""An in-memory interval index over one document's spans: which spans touch a
range or a position, the span after/before an offset, and a display layer per
span so overlapping spans can be drawn side by side.

Costs grow with the spans near the query, not with the document: lookups
bisect over span starts bounded by the longest span. Holds ids and offsets
only; it never touches the store.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import Iterable


class SpanIndex:
    """Spans as (start, end, id) triples, kept sorted by (start, end, id)."""

    def __init__(self, spans: Iterable[tuple[int, int, int]] = ()):
        self._items: list[tuple[int, int, int]] = sorted(spans)
        self._offsets = {sid: (s, e) for s, e, sid in self._items}
        self._longest = max((e - s for s, e, _ in self._items), default=0)
        self.layers: dict[int, int] = {}
        self._assign_all_layers()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, span_id: int) -> bool:
        return span_id in self._offsets

    def ids(self) -> list[int]:
        """All span ids in reading order."""
        return [sid for _, _, sid in self._items]

    def items(self) -> list[tuple[int, int, int]]:
        """(start, end, id) of every span in reading order (a copy)."""
        return list(self._items)

    def offsets(self, span_id: int) -> tuple[int, int]:
        return self._offsets[span_id]

    # ---- edits -----------------------------------------------------------

    def add(self, span_id: int, start: int, end: int) -> None:
        if span_id in self._offsets:
            self.remove(span_id)
        insort(self._items, (start, end, span_id))
        self._offsets[span_id] = (start, end)
        self._longest = max(self._longest, end - start)
        used = {self.layers[o] for o in self.overlapping(start, end) if o != span_id and o in self.layers}
        self.layers[span_id] = next(k for k in range(len(used) + 1) if k not in used)

    def remove(self, span_id: int) -> None:
        start, end = self._offsets.pop(span_id)
        i = bisect_left(self._items, (start, end, span_id))
        del self._items[i]
        self.layers.pop(span_id, None)

    # ---- queries ---------------------------------------------------------

    def overlapping(self, start: int, end: int) -> list[int]:
        """Ids of spans sharing at least one character with [start, end), in reading order."""
        lo = bisect_left(self._items, (start - self._longest,))
        hi = bisect_left(self._items, (end,))
        return [sid for s, e, sid in self._items[lo:hi] if e > start]

    def at(self, pos: int) -> list[int]:
        """Ids of spans covering the character at `pos`, innermost (shortest) first."""
        found = self.overlapping(pos, pos + 1)
        return sorted(found, key=lambda sid: (self._offsets[sid][1] - self._offsets[sid][0], sid))

    def after(self, pos: int, current: int | None = None) -> int | None:
        """The next span in reading order after `current` (or starting at/after `pos`)."""
        if current in self._offsets:
            s, e = self._offsets[current]
            i = bisect_right(self._items, (s, e, current))
        else:
            i = bisect_left(self._items, (pos,))
        return self._items[i][2] if i < len(self._items) else None

    def before(self, pos: int, current: int | None = None) -> int | None:
        """The previous span in reading order before `current` (or starting before `pos`)."""
        if current in self._offsets:
            s, e = self._offsets[current]
            i = bisect_left(self._items, (s, e, current)) - 1
        else:
            i = bisect_left(self._items, (pos,)) - 1
        return self._items[i][2] if i >= 0 else None

    def _assign_all_layers(self) -> None:
        """Greedy interval colouring in start order: each span takes the lowest free layer."""
        layer_ends: list[int] = []  # end offset of the last span on each layer
        for start, end, sid in self._items:
            for k, busy_until in enumerate(layer_ends):
                if busy_until <= start:
                    layer_ends[k] = end
                    self.layers[sid] = k
                    break
            else:
                layer_ends.append(end)
                self.layers[sid] = len(layer_ends) - 1
