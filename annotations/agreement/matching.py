"""Matching two layers' spans of one label in one document.

- Exact match: same start and end (the caller passes spans of one label).
- Overlap match: intersection over union >= 0.5, one-to-one, greedy: pairs
  are taken by IoU (highest first), ties broken by position (the
  intersection's, then the union's start and end). That tie-break is the same
  whichever layer is called A, so matching is symmetric; and two different
  pairs with equal keys never share a span, so the order among them does not
  change the result.

Spans of the same label that overlap inside one layer are fine: every span is
matched at most once. Works on anything with `start` and `end`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

OVERLAP_IOU = 0.5


class Interval(Protocol):
    start: int
    end: int


@dataclass(frozen=True)
class Matching:
    """Index pairs (into A, into B) and the indices left unmatched on each side."""

    pairs: tuple[tuple[int, int], ...]
    only_a: tuple[int, ...]
    only_b: tuple[int, ...]


def iou(a: Interval, b: Interval) -> float:
    inter = min(a.end, b.end) - max(a.start, b.start)
    if inter <= 0:
        return 0.0
    return inter / ((a.end - a.start) + (b.end - b.start) - inter)


def _finish(pairs: list[tuple[int, int]], n_a: int, n_b: int) -> Matching:
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    return Matching(
        tuple(sorted(pairs)),
        tuple(i for i in range(n_a) if i not in used_a),
        tuple(j for j in range(n_b) if j not in used_b),
    )


def _exact(a: Sequence[Interval], b: Sequence[Interval]) -> list[tuple[int, int]]:
    where_b: dict[tuple[int, int], list[int]] = {}
    for j, sp in enumerate(b):
        where_b.setdefault((sp.start, sp.end), []).append(j)
    pairs = []
    for i, sp in enumerate(a):
        js = where_b.get((sp.start, sp.end))
        if js:
            pairs.append((i, js.pop(0)))
    return pairs


def match_exact(a: Sequence[Interval], b: Sequence[Interval]) -> Matching:
    """One-to-one pairs of spans with the same start and end."""
    return _finish(_exact(a, b), len(a), len(b))


def match_overlap(a: Sequence[Interval], b: Sequence[Interval], min_iou: float = OVERLAP_IOU) -> Matching:
    """One-to-one greedy matching of spans whose IoU is at least `min_iou`
    (with `min_iou=0`, any overlap of at least one character)."""
    return _finish(extend_overlap(a, b, _exact(a, b), min_iou), len(a), len(b))


def extend_overlap(a: Sequence[Interval], b: Sequence[Interval], pairs: list[tuple[int, int]],
                   min_iou: float = OVERLAP_IOU) -> list[tuple[int, int]]:
    """The overlap pairs, given the exact ones (IoU 1 comes first whatever the tie-break):
    the rest are added greedily. Callers that found the exact pairs another way pass them."""
    if len(pairs) == len(a) or len(pairs) == len(b):
        return pairs
    pairs = list(pairs)
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    rest_b = sorted((sp.start, sp.end, j) for j, sp in enumerate(b) if j not in used_b)
    candidates = []
    for i, x in enumerate(a):
        if i in used_a:
            continue
        for start, end, j in rest_b:
            if start >= x.end:
                break
            inter = min(x.end, end) - max(x.start, start)
            if inter <= 0:
                continue
            union = (x.end - x.start) + (end - start) - inter
            if inter / union >= min_iou:
                candidates.append((-inter / union, max(x.start, start), min(x.end, end),
                                   min(x.start, start), max(x.end, end), i, j))
    candidates.sort()
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs
