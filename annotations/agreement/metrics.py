"""Agreement figures, each an accumulator fed document by document:

- `Counts`: matched / only-A / only-B spans, with precision, recall and F1
  (B read against A: precision = both / (both + only_b), recall = both /
  (both + only_a); F1 is the same whichever layer is A).
- `UnitizingAlpha`: Krippendorff's alpha_U for one label (category) on
  characters, from the definition (Krippendorff 2004, "Measuring the
  reliability of qualitative text analysis data", Quality & Quantity 38;
  Content Analysis, 3rd ed. 2013, ch. 12). Each document is a continuum of
  its length in code points; each coder's units of the label split it into
  units and gaps. With m coders and L the summed length of all continua:

      Do = sum over ordered coder pairs (i, j), sections g of i, h of j of d2(g, h)
           / (m (m-1) L^2)
      d2 = (b_g - b_h)^2 + (e_g - e_h)^2  both units, overlapping
         = l_g^2                          g a unit lying inside gap h
         = l_h^2                          h a unit lying inside gap g
         = 0                              otherwise
      De = (2/L) sum over units u of [ (N-1)/3 (2 l^3 - 3 l^2 + l)
                                       + l^2 sum over gaps G with |G| >= l of (|G| - l + 1) ]
           / (m L (m L - 1) - sum over units of l (l - 1))
      alpha_U = 1 - Do / De

  N is the number of units of all coders, gaps are every coder's. One coder's
  overlapping units of a label are merged into one unit first (alpha_U needs
  each coder's units of a category to be disjoint).
- `BinaryAgreement`: one binary variable per token (is the token inside a
  span of the label?), two coders: Krippendorff's nominal alpha on those
  values (the quantity the `krippendorff` package computes with
  level_of_measurement="nominal") and Cohen's kappa.

Undefined values (no units at all, every token marked by both) are None.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np


def ratio(num: float, den: float) -> float | None:
    return num / den if den else None


@dataclass
class Counts:
    both: int = 0
    only_a: int = 0
    only_b: int = 0

    def add(self, both: int, only_a: int, only_b: int) -> None:
        self.both += both
        self.only_a += only_a
        self.only_b += only_b

    def __iadd__(self, other: "Counts") -> "Counts":
        self.add(other.both, other.only_a, other.only_b)
        return self

    @property
    def precision(self) -> float | None:
        return ratio(self.both, self.both + self.only_b)

    @property
    def recall(self) -> float | None:
        return ratio(self.both, self.both + self.only_a)

    @property
    def f1(self) -> float | None:
        return ratio(2 * self.both, 2 * self.both + self.only_a + self.only_b)

    def as_dict(self) -> dict:
        return {"both": self.both, "only_a": self.only_a, "only_b": self.only_b,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


def _concat(lists: list) -> np.ndarray:
    return np.concatenate([np.asarray(x, dtype=np.int64) for x in lists]) if lists else np.zeros(0, dtype=np.int64)


def merge_overlapping(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted intervals with overlapping ones merged; touching ones stay apart (two units)."""
    out: list[list[int]] = []
    for s, e in sorted(intervals):
        if out and s < out[-1][1]:
            if e > out[-1][1]:
                out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def gaps(units: Sequence[tuple[int, int]], length: int) -> list[int]:
    """Lengths of the gaps between disjoint sorted units in a continuum [0, length)."""
    out, pos = [], 0
    for s, e in units:
        if s > pos:
            out.append(s - pos)
        pos = e
    if length > pos:
        out.append(length - pos)
    return out


def _pair_disagreement(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Sum of d2 over sections g of coder a and h of coder b (one direction of the ordered pair;
    the sum is the same in the other direction)."""
    total, j, n_b = 0, 0, len(b)
    touched_b = [False] * n_b
    for s, e in a:
        while j < n_b and b[j][1] <= s:
            j += 1
        k, hit = j, False
        while k < n_b and b[k][0] < e:
            bs, be = b[k]
            total += (s - bs) ** 2 + (e - be) ** 2
            touched_b[k] = hit = True
            k += 1
        if not hit:
            total += (e - s) ** 2  # a's unit lies inside one of b's gaps
    for (bs, be), hit in zip(b, touched_b):
        if not hit:
            total += (be - bs) ** 2
    return total


@dataclass
class UnitizingAlpha:
    """Krippendorff's alpha_U for one category over several continua (documents)."""

    coders: int = 2
    length: int = 0
    observed: int = 0  # sum of d2 over ordered coder pairs
    unit_lists: list[list[int]] = field(default_factory=list)  # unit lengths, one list per coder and continuum
    gap_lists: list[list[int]] = field(default_factory=list)

    def add(self, length: int, coders: Sequence[Iterable[tuple[int, int]]]) -> None:
        """One continuum of `length` with each coder's units (any order, may overlap)."""
        merged = [merge_overlapping(c) for c in coders]
        self.add_merged(length, merged, [[e - s for s, e in m] for m in merged], [gaps(m, length) for m in merged])

    def add_merged(self, length: int, merged: Sequence[Sequence[tuple[int, int]]],
                   unit_lengths: Sequence[list[int]], gap_lengths: Sequence[list[int]]) -> None:
        """`add` for each coder's units as merge_overlapping gives them, with their lengths and
        the lengths of the gaps between them (callers comparing several pairs compute those once)."""
        if len(merged) != self.coders:
            raise ValueError(f"expected {self.coders} coders, got {len(merged)}")
        self.length += length
        self.unit_lists.extend(unit_lengths)
        self.gap_lists.extend(gap_lengths)
        for i, a in enumerate(merged):
            for b in merged[i + 1:]:
                if a != b:  # identical units (or none on either side) disagree nowhere
                    self.observed += 2 * _pair_disagreement(a, b)

    def add_totals(self, length: int, observed: int, unit_lengths: Sequence, gap_lengths: Sequence) -> None:
        """Several continua at once: their summed length, the summed d2 over ordered coder pairs, and
        every coder's unit and gap lengths (what `add` accumulates one continuum at a time)."""
        self.length += length
        self.observed += observed
        self.unit_lists.append(unit_lengths)
        self.gap_lists.append(gap_lengths)

    @property
    def units(self) -> np.ndarray:
        return _concat(self.unit_lists)

    @property
    def gap_lengths(self) -> np.ndarray:
        return _concat(self.gap_lists)

    @property
    def observed_disagreement(self) -> float | None:
        m, L = self.coders, self.length
        return ratio(self.observed, m * (m - 1) * L * L)

    @property
    def expected_disagreement(self) -> float | None:
        m, L, units = self.coders, self.length, self.units
        n = len(units)
        if not n or not L:
            return None
        ordered = np.sort(self.gap_lengths)
        suffix = np.concatenate([np.cumsum(ordered[::-1])[::-1], [0]])  # suffix[k] = sum(ordered[k:])
        k = np.searchsorted(ordered, units, side="left")
        fits = len(ordered) - k
        gap_term = suffix[k] - fits * (units - 1)  # sum over gaps G >= l of (G - l + 1)
        l = units.astype(np.float64)
        total = float(np.sum((n - 1) / 3 * (2 * l ** 3 - 3 * l ** 2 + l) + l * l * gap_term))
        den = m * L * (m * L - 1) - int(np.sum(units * (units - 1)))
        return ratio(2 / L * total, den)

    @property
    def value(self) -> float | None:
        do, de = self.observed_disagreement, self.expected_disagreement
        if do is None or not de:
            return None
        return 1 - do / de


@dataclass
class BinaryAgreement:
    """Two coders' binary values over the same units (tokens): counts and coefficients."""

    n11: int = 0
    n10: int = 0  # A yes, B no
    n01: int = 0
    n00: int = 0

    def add(self, total: int, a_yes: int, b_yes: int, both_yes: int) -> None:
        self.n11 += both_yes
        self.n10 += a_yes - both_yes
        self.n01 += b_yes - both_yes
        self.n00 += total - a_yes - b_yes + both_yes

    def __iadd__(self, other: "BinaryAgreement") -> "BinaryAgreement":
        self.n11 += other.n11
        self.n10 += other.n10
        self.n01 += other.n01
        self.n00 += other.n00
        return self

    @property
    def units(self) -> int:
        return self.n11 + self.n10 + self.n01 + self.n00

    @property
    def alpha(self) -> float | None:
        """Krippendorff's nominal alpha: 1 - (n - 1) D / (n0 n1), with n = 2 x units pairable
        values, D the disagreeing units, n0 and n1 the values of each kind."""
        n = 2 * self.units
        n1 = 2 * self.n11 + self.n10 + self.n01
        n0 = n - n1
        if not n0 or not n1:
            return None
        return 1 - (n - 1) * (self.n10 + self.n01) / (n0 * n1)

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa: (po - pe) / (1 - pe) with each coder's own marginals."""
        n = self.units
        if not n:
            return None
        po = (self.n11 + self.n00) / n
        pa, pb = (self.n11 + self.n10) / n, (self.n11 + self.n01) / n
        pe = pa * pb + (1 - pa) * (1 - pb)
        if pe >= 1:
            return None
        return (po - pe) / (1 - pe)
