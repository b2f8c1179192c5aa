"""The cheap tokenizer of the token-level agreement figures, so that
`glossator agreement` never loads spaCy.

A token is a run of word characters, with inner hyphens, apostrophes, dots
and commas kept inside ("co-op", "Jakarta's", "1.9", "2,300"), or any other
single non-space character ("€", "(", '"'). Token-level agreement marks a
token as inside a span of a label when they share at least one character,
so spans cut mid-word still count for that word.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Sequence

import numpy as np

TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*|\S")


def token_bounds(text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the tokens, in order."""
    starts, ends = [], []
    for m in TOKEN.finditer(text):
        s, e = m.span()
        starts.append(s)
        ends.append(e)
    return starts, ends


def token_ranges(spans: Iterable[tuple[int, int]], starts: Sequence[int], ends: Sequence[int]) -> list[tuple[int, int]]:
    """The token index ranges [lo, hi) touched by the character spans, merged (touching ones too)."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        lo, hi = bisect.bisect_right(ends, s), bisect.bisect_left(starts, e)
        if hi <= lo:
            continue
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


_SPACE, _WORD, _JOINER, _OTHER = 0, 1, 2, 3
_JOINERS = "-'’.,"


def _char_class(code: int) -> int:
    ch = chr(code)
    if ch.isspace():
        return _SPACE
    if ch.isalnum() or ch == "_":  # what the re module's \w matches in str patterns
        return _WORD
    return _JOINER if ch in _JOINERS else _OTHER


_ASCII = np.array([_char_class(c) for c in range(128)], dtype=np.int8)


def token_bounds_array(text: str) -> tuple[np.ndarray, np.ndarray]:
    """`token_bounds` for a long text without a Python object per token: each character is classed
    (space, word, joiner, other) with one table, a joiner between two word characters counts as
    a word character, and tokens are the runs of word characters and the other characters one by
    one. The same tokens as TOKEN (tests/agreement/test_pairwise.py checks it)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = np.empty(len(codes), dtype=np.int8)
    ascii_ = codes < 128
    classes[ascii_] = _ASCII[codes[ascii_]]
    if not ascii_.all():
        wide = codes[~ascii_]
        found, inverse = np.unique(wide, return_inverse=True)
        classes[~ascii_] = np.array([_char_class(int(c)) for c in found], dtype=np.int8)[inverse]
    word = classes == _WORD
    inner = np.zeros(len(codes), dtype=bool)
    inner[1:-1] = (classes[1:-1] == _JOINER) & word[:-2] & word[2:]
    word |= inner
    single = (classes != _SPACE) & ~word
    before = np.concatenate([[False], word[:-1]])
    after = np.concatenate([word[1:], [False]])
    starts = np.flatnonzero((word & ~before) | single)
    ends = np.flatnonzero((word & ~after) | single) + 1
    return starts, ends
