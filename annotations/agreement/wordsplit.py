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
