"""Tokens of a store's language: the spaCy tokenizer (blank pipeline, no
download), maps from characters to tokens, and snapping a selection to
token boundaries without surrounding whitespace."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads on first use: commands that need no tokens never import it
    from spacy.language import Language


@lru_cache(maxsize=8)
def blank(language: str = "en") -> Language:
    """A blank spaCy pipeline for the language (tokenizer only, offline)."""
    import spacy

    return spacy.blank(language)


def token_rows(doc) -> list[list[int]]:
    """[start, length, trailing-space flag] per token, read from the doc's arrays:
    exports stay fast because no Token object is created (see tests/benchmarks)."""
    from spacy.attrs import IDX, LENGTH, SPACY

    return doc.to_array([IDX, LENGTH, SPACY]).tolist() if len(doc) else []


def token_columns(doc) -> tuple[list[int], list[int], list[bool]]:
    """Token starts, ends (exclusive) and trailing-space flags as three lists,
    computed column-wise on the doc's array (cheaper than per-row Python work)."""
    if not len(doc):
        return [], [], []
    from spacy.attrs import IDX, LENGTH, SPACY

    array = doc.to_array([IDX, LENGTH, SPACY])
    starts = array[:, 0]
    return starts.tolist(), (starts + array[:, 1]).tolist(), array[:, 2].astype(bool).tolist()


def token_dicts(text: str, columns: tuple[list[int], list[int], list[bool]]) -> list[dict]:
    """Prodigy-style token dicts (text, start, end exclusive, id, ws) from `token_columns`.

    Takes the original text: `Doc.text` would rebuild it from Token objects."""
    starts, ends, spaces = columns
    return [{"text": text[s:e], "start": s, "end": e, "id": i, "ws": w}
            for i, (s, e, w) in enumerate(zip(starts, ends, spaces))]


@dataclass(frozen=True)
class TokenIndex:
    """Token start/end character offsets (code points) of one text."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str, language: str = "en") -> "TokenIndex":
        doc = blank(language).make_doc(text)
        return cls.from_doc(doc)

    @classmethod
    def from_doc(cls, doc) -> "TokenIndex":
        return cls.from_rows(token_rows(doc))

    @classmethod
    def from_columns(cls, starts: list[int], ends: list[int]) -> "TokenIndex":
        return cls(tuple(starts), tuple(ends))

    @classmethod
    def from_rows(cls, rows: list[list[int]]) -> "TokenIndex":
        return cls(tuple(r[0] for r in rows), tuple(r[0] + r[1] for r in rows))

    @cached_property
    def _first_at(self) -> dict[int, int]:
        return dict(zip(self.starts, range(len(self.starts))))  # starts are unique: tokens are never empty

    @cached_property
    def _last_at(self) -> dict[int, int]:
        return dict(zip(self.ends, range(len(self.ends))))

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """(first, last) token indices (last inclusive) if start/end fall on token boundaries.

        Dict lookups rather than bisection: an export asks this for every span of a text."""
        first, last = self._first_at.get(start), self._last_at.get(end)
        if first is None or last is None or last < first:
            return None
        return first, last

    def covering(self, start: int, end: int) -> tuple[int, int] | None:
        """(first, last) tokens any part of which lies inside [start, end)."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        if first > last:
            return None
        return first, last


def _window_tokens(text: str, start: int, end: int, margin: int, language: str) -> tuple[int, TokenIndex]:
    """Tokens of the text around [start, end) only, so edits cost the same in any document size.

    The window is widened to whitespace: spaCy tokenizes whitespace-separated chunks
    independently, so these tokens are exactly the whole text's. Returns (window start, index)."""
    lo = max(0, start - margin)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = min(len(text), end + margin)
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, TokenIndex.of(text[lo:hi], language)


def snap(text: str, start: int, end: int, language: str = "en") -> tuple[int, int] | None:
    """Expand [start, end) to whole tokens, never including surrounding whitespace.

    Returns None when the selection holds only whitespace.
    """
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    lo, index = _window_tokens(text, start, end, 100, language)
    found = index.covering(start - lo, end - lo)
    if found is None:
        return start, end
    first, last = found
    return lo + index.starts[first], lo + index.ends[last]


def move_edge(text: str, start: int, end: int, edge: str, direction: int, language: str = "en") -> tuple[int, int] | None:
    """Move the `edge` ("start" or "end") of [start, end) to the neighbouring token
    boundary left (direction < 0) or right (direction > 0).

    Returns the new (start, end), or None when there is no boundary that way or
    the span would become empty. Whitespace tokens (spaCy's tokens for extra spaces
    and line breaks) are stepped over, so an edge never lands on whitespace.
    Tokenizes a window only, like `snap`.
    """
    pos = start if edge == "start" else end
    lo, index = _window_tokens(text, pos, pos, 200, language)
    bounds = index.starts if edge == "start" else index.ends
    rel = pos - lo
    i = bisect_right(bounds, rel) if direction > 0 else bisect_left(bounds, rel) - 1
    step = 1 if direction > 0 else -1
    # spaCy makes tokens of runs of spaces and of line breaks: an edge never stops at one
    while 0 <= i < len(bounds) and text[lo + index.starts[i] : lo + index.ends[i]].isspace():
        i += step
    if not 0 <= i < len(bounds):
        return None
    moved = lo + bounds[i]
    new = (moved, end) if edge == "start" else (start, moved)
    return new if new[0] < new[1] else None
