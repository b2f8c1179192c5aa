"""The pairwise figures of compare.py, computed over the whole corpus at once
on columns (columns.py) instead of document by document.

Every document gets its own stretch of one global line (offset + position,
one empty character between documents), so spans, merged units, gaps and
tokens of different documents can never touch: intervals are compared with
sorted arrays and `searchsorted`, and per-document sums become one sum. The
rules are those of matching.py and metrics.py, and the results are the same
numbers (tests/agreement/test_pairwise.py checks them against a
document-by-document reference):

- exact matches: spans with the same (document, start, end) in both layers
  (one accepted span per key and layer, a database rule; layers read from
  elsewhere with duplicate keys are paired one by one in order);
- overlap matches: the exact pairs, then the greedy IoU >= 0.5 pairs of the
  rest, in matching.py's order (IoU, then positions; the positions of one
  document keep their order on the global line);
- alpha_U: units merged per layer, observed d2 between the two layers'
  units, unit and gap lengths for the expected disagreement;
- tokens: a token is touched by a layer when a span of the label shares a
  character with it.
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from .columns import SpanColumns
from .matching import OVERLAP_IOU
from .wordsplit import token_bounds_array

EMPTY = np.zeros(0, dtype=np.int64)


class GlobalLine:
    """Documents laid end to end: offsets, positions of every span, and tokens when texts are given."""

    def __init__(self, cols: SpanColumns, texts: dict[int, str] | None):
        self.doc_ids = np.array(sorted(cols.lengths), dtype=np.int64)
        self.lengths = np.array([cols.lengths[d] for d in self.doc_ids.tolist()], dtype=np.int64)
        self.offsets = np.cumsum(self.lengths + 1) - (self.lengths + 1)  # one empty position between
        self.doc_index = np.searchsorted(self.doc_ids, cols.doc)
        self.start = self.offsets[self.doc_index] + cols.start if len(cols.doc) else EMPTY
        self.end = self.offsets[self.doc_index] + cols.end if len(cols.doc) else EMPTY
        self.tokens = texts is not None
        if self.tokens:
            # one text for the whole line (documents without a text as spaces), tokenized at once
            pieces = []
            for doc_id, length in zip(self.doc_ids.tolist(), self.lengths.tolist()):
                text = texts.get(doc_id)
                pieces.append(" " * length if text is None else text[:length].ljust(length))
            self.token_start, self.token_end = token_bounds_array(" ".join(pieces))
        else:
            self.token_start = self.token_end = EMPTY
        self.token_doc = np.searchsorted(self.offsets, self.token_start, side="right") - 1
        span = int(self.offsets[-1] + self.lengths[-1] + 1) if len(self.offsets) else 1
        self.key_base = span if span < 2 ** 31 else None  # start * base + end fits in 64 bits

    def touched_tokens(self, rows: np.ndarray) -> np.ndarray:
        """Boolean per token: shares a character with one of the spans `rows`."""
        n = len(self.token_start)
        lo = np.searchsorted(self.token_end, self.start[rows], side="right")
        hi = np.searchsorted(self.token_start, self.end[rows], side="left")
        keep = hi > lo
        depth = np.bincount(lo[keep], minlength=n + 1) - np.bincount(hi[keep], minlength=n + 1)
        return np.cumsum(depth)[:n] > 0


def rows_by_side(cols: SpanColumns) -> dict[tuple[int, int], np.ndarray]:
    """(layer code, label code) -> its rows, in (document, start, end) order."""
    rows_of: dict[tuple[int, int], np.ndarray] = {}
    order = np.lexsort((cols.label, cols.layer))
    if len(order):
        keys = cols.layer[order] * max(len(cols.labels), 1) + cols.label[order]
        for chunk in np.split(order, np.flatnonzero(np.diff(keys)) + 1):
            rows_of[(int(cols.layer[chunk[0]]), int(cols.label[chunk[0]]))] = np.sort(chunk)
    return rows_of


def _keys(start: np.ndarray, end: np.ndarray, base: int | None) -> np.ndarray:
    if base is not None:
        return start * base + end
    return np.stack([start, end], axis=1).view(np.dtype((np.void, 16))).ravel()


def _strictly_increasing(keys: np.ndarray) -> bool:
    return bool(np.all(keys[1:] > keys[:-1]))


def exact_pairs(a_start, a_end, b_start, b_end, base: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Indices (into A, into B) of spans with the same offsets, one-to-one (`base`: larger than any end)."""
    keys_a, keys_b = _keys(a_start, a_end, base), _keys(b_start, b_end, base)
    if base is not None and _strictly_increasing(keys_a) and _strictly_increasing(keys_b):
        at = np.clip(np.searchsorted(keys_b, keys_a), 0, max(len(keys_b) - 1, 0))
        found = (keys_b[at] == keys_a) if len(keys_b) else np.zeros(len(keys_a), dtype=bool)
        return np.flatnonzero(found), at[found]
    if len(np.unique(keys_a)) == len(keys_a) and len(np.unique(keys_b)) == len(keys_b):
        _common, ia, ib = np.intersect1d(keys_a, keys_b, assume_unique=True, return_indices=True)
        return ia, ib
    where_b: dict[tuple[int, int], list[int]] = {}  # duplicate keys: pair them in order, as matching._exact
    for j, key in enumerate(zip(b_start.tolist(), b_end.tolist())):
        where_b.setdefault(key, []).append(j)
    ia, ib = [], []
    for i, key in enumerate(zip(a_start.tolist(), a_end.tolist())):
        js = where_b.get(key)
        if js:
            ia.append(i)
            ib.append(js.pop(0))
    return np.array(ia, dtype=np.int64), np.array(ib, dtype=np.int64)


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [lo[i], hi[i]): (i repeated, every index of the range)."""
    counts = np.maximum(hi - lo, 0)
    owner = np.repeat(np.arange(len(lo)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(lo, counts) + (np.arange(int(counts.sum())) - first)


def overlap_pairs(a_start, a_end, b_start, b_end, ia, ib, min_iou: float = OVERLAP_IOU) -> tuple[np.ndarray, np.ndarray]:
    """The exact pairs (ia, ib) extended greedily with IoU >= min_iou pairs of the spans left (matching.py;
    with min_iou=0, any overlap of at least one character)."""
    free_a = np.ones(len(a_start), dtype=bool)
    free_a[ia] = False
    free_b = np.ones(len(b_start), dtype=bool)
    free_b[ib] = False
    rest_a, rest_b = np.flatnonzero(free_a), np.flatnonzero(free_b)
    if not len(rest_a) or not len(rest_b):
        return ia, ib
    sa, ea, sb, eb = a_start[rest_a], a_end[rest_a], b_start[rest_b], b_end[rest_b]
    order = np.lexsort((eb, sb))
    sb, eb, rest_b = sb[order], eb[order], rest_b[order]
    longest = int((eb - sb).max())
    lo = np.searchsorted(sb, sa - longest, side="left")
    hi = np.searchsorted(sb, ea, side="left")
    x, y = _expand(lo, hi)
    inter = np.minimum(ea[x], eb[y]) - np.maximum(sa[x], sb[y])
    union = (ea[x] - sa[x]) + (eb[y] - sb[y]) - inter
    keep = inter > 0
    x, y, inter, union = x[keep], y[keep], inter[keep], union[keep]
    score = inter / union
    keep = score >= min_iou
    x, y, score = x[keep], y[keep], score[keep]
    if not len(x):
        return ia, ib
    i, j = rest_a[x], rest_b[y]
    if len(np.unique(i)) == len(i) and len(np.unique(j)) == len(j):  # no span in two candidates: all are taken
        return np.concatenate([ia, i]), np.concatenate([ib, j])
    order = np.lexsort((j, i, np.maximum(ea[x], eb[y]), np.minimum(sa[x], sb[y]), np.minimum(ea[x], eb[y]),
                        np.maximum(sa[x], sb[y]), -score))
    used_a, used_b = set(ia.tolist()), set(ib.tolist())
    more_a, more_b = [], []
    for p, q in zip(i[order].tolist(), j[order].tolist()):
        if p not in used_a and q not in used_b:
            used_a.add(p)
            used_b.add(q)
            more_a.append(p)
            more_b.append(q)
    return np.concatenate([ia, np.array(more_a, dtype=np.int64)]), np.concatenate([ib, np.array(more_b, dtype=np.int64)])


def merge_units(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Overlapping intervals (sorted by start) merged; touching ones stay apart."""
    if not len(start):
        return EMPTY, EMPTY
    reach = np.maximum.accumulate(end)
    new = np.ones(len(start), dtype=bool)
    new[1:] = start[1:] >= reach[:-1]
    first = np.flatnonzero(new)
    return start[first], np.maximum.reduceat(end, first)


def gap_lengths(unit_start, unit_end, doc_start, doc_end) -> np.ndarray:
    """Lengths of the gaps around disjoint units inside the documents [doc_start, doc_end)."""
    starts = np.sort(np.concatenate([doc_start, unit_end]))
    ends = np.sort(np.concatenate([unit_start, doc_end]))
    lengths = ends - starts
    return lengths[lengths > 0]


def pair_disagreement(a_start, a_end, b_start, b_end) -> int:
    """Sum of d2 over the sections of two coders' disjoint units (metrics._pair_disagreement)."""
    lo = np.searchsorted(b_end, a_start, side="right")
    hi = np.searchsorted(b_start, a_end, side="left")
    x, y = _expand(lo, hi)
    total = int(np.sum((a_start[x] - b_start[y]) ** 2 + (a_end[x] - b_end[y]) ** 2))
    alone_a = hi <= lo
    total += int(np.sum((a_end[alone_a] - a_start[alone_a]) ** 2))
    touched = np.zeros(len(b_start), dtype=bool)
    touched[y] = True
    total += int(np.sum((b_end[~touched] - b_start[~touched]) ** 2))
    return total


def attribute_pairs(attributes: list, codes: np.ndarray, rows_a: np.ndarray, rows_b: np.ndarray) -> Counter:
    """(A's, B's attribute JSON) -> matched pairs, counted on the texts' codes."""
    if not len(rows_a):
        return Counter()
    n = len(attributes)
    found, counts = np.unique(codes[rows_a] * n + codes[rows_b], return_counts=True)
    return Counter({(attributes[k // n], attributes[k % n]): c for k, c in zip(found.tolist(), counts.tolist())})


def _rows_of(values: list[np.ndarray]) -> np.ndarray:
    """Rows of equal-length integer columns as one comparable key each."""
    return np.ascontiguousarray(np.stack(values, axis=1)).view(np.dtype((np.void, 8 * len(values)))).ravel()


def relation_counts(a_ids: np.ndarray, b_ids: np.ndarray, a_rel, b_rel, labels: list[str]) -> dict[str, tuple]:
    """Per relation label (both, only A, only B): A's relations between matched spans, carried to
    B's span ids by the matching (a_ids[k] matched b_ids[k]), against B's between matched spans.
    `a_rel` and `b_rel` are (head ids, child ids, label codes)."""
    order = np.argsort(a_ids, kind="stable")
    sorted_a, carried = a_ids[order], b_ids[order]

    def carry(ids):
        if not len(sorted_a):
            return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
        at = np.clip(np.searchsorted(sorted_a, ids), 0, len(sorted_a) - 1)
        return carried[at], sorted_a[at] == ids

    head, ok_h = carry(a_rel[0])
    child, ok_c = carry(a_rel[1])
    ok = ok_h & ok_c
    keys_a = np.unique(_rows_of([head[ok], child[ok], a_rel[2][ok]]))
    ok = np.isin(b_rel[0], b_ids) & np.isin(b_rel[1], b_ids)
    keys_b = np.unique(_rows_of([b_rel[0][ok], b_rel[1][ok], b_rel[2][ok]]))
    label_a = keys_a.view(np.int64).reshape(-1, 3)[:, 2] if len(keys_a) else EMPTY
    label_b = keys_b.view(np.int64).reshape(-1, 3)[:, 2] if len(keys_b) else EMPTY
    out = {}
    for code in sorted(set(label_a.tolist()) | set(label_b.tolist())):
        in_a, in_b = keys_a[label_a == code], keys_b[label_b == code]
        both = len(np.intersect1d(in_a, in_b, assume_unique=True))
        out[labels[code]] = (both, len(in_a) - both, len(in_b) - both)
    return out
