"""Snapping and token-by-token boundary moves in long documents: they tokenize
only a window around the selection, and must give exactly what tokenizing the
whole document gives, anywhere in it (start, middle, end, beside blank lines
and punctuation). Also the edges: the first and last token, and a span is
never shrunk to nothing."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.tokens import TokenIndex, move_edge, snap

WORDS = ["Ana", "Ruiz", "said", "3,500", "jobs", "U.S.", "well-known", "(Reuters)", "😀", "e\u0301t\u00e9",
         "don't", "$40", "Apple.", "x"]
SEPARATORS = [" ", " ", " ", "  ", "\n\n", ", ", "\n", "\t", " - "]


@st.composite
def long_texts(draw):
    parts = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=40, max_size=120))
    return "".join(w + s for w, s in parts).rstrip()


def whole_text_snap(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The selection without edge whitespace, widened to the tokens of the WHOLE text."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    index = TokenIndex.of(text)
    found = index.covering(start, end)
    return (start, end) if found is None else (index.starts[found[0]], index.ends[found[1]])


def whole_text_move(text: str, start: int, end: int, edge: str, direction: int) -> tuple[int, int] | None:
    """The next boundary of a WHOLE-text token that is not whitespace (edges never land on whitespace)."""
    index = TokenIndex.of(text)
    words = [(s, e) for s, e in zip(index.starts, index.ends) if not text[s:e].isspace()]
    bounds = [s for s, _e in words] if edge == "start" else [e for _s, e in words]
    pos = start if edge == "start" else end
    i = bisect_right(bounds, pos) if direction > 0 else bisect_left(bounds, pos) - 1
    if not 0 <= i < len(bounds):
        return None
    new = (bounds[i], end) if edge == "start" else (start, bounds[i])
    return new if new[0] < new[1] else None


@settings(max_examples=40, deadline=None)
@given(long_texts(), st.data())
def test_snap_in_a_long_text_matches_whole_text_tokens(text, data):
    for _ in range(5):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, min(len(text), start + 40)))
        assert snap(text, start, end) == whole_text_snap(text, start, end)


@settings(max_examples=40, deadline=None)
@given(long_texts(), st.data())
def test_moving_an_edge_in_a_long_text_matches_whole_text_tokens(text, data):
    index = TokenIndex.of(text)
    for _ in range(5):
        first = data.draw(st.integers(0, len(index.starts) - 1))
        last = data.draw(st.integers(first, min(len(index.starts) - 1, first + 4)))
        start, end = index.starts[first], index.ends[last]
        edge, direction = data.draw(st.sampled_from(["start", "end"])), data.draw(st.sampled_from([-1, 1]))
        assert move_edge(text, start, end, edge, direction) == whole_text_move(text, start, end, edge, direction)


FAR = "Filler words " * 30  # pushes the span past the tokenization window's margin


@pytest.mark.parametrize("prefix", ["", FAR])
def test_edges_move_to_the_first_and_last_token_and_no_further(prefix):
    text = prefix + "Ana Ruiz said it."
    ana, said = len(prefix), len(prefix) + text[len(prefix):].index("said")
    assert move_edge(text, ana + 4, ana + 8, "start", -1) == (ana, ana + 8)  # onto the first token
    assert move_edge(text, said, len(text) - 1, "end", +1) == (said, len(text))  # onto the final "."
    assert move_edge(text, said, len(text), "end", +1) is None
    if not prefix:
        assert move_edge(text, 0, 3, "start", -1) is None


def test_a_span_is_never_shrunk_to_nothing():
    text = "Ana Ruiz."
    assert move_edge(text, 8, 9, "end", -1) is None      # "." would become empty
    assert move_edge(text, 8, 9, "start", +1) is None
    assert move_edge(text, 4, 9, "end", -1) == (4, 8)


@pytest.mark.parametrize("prefix", ["", FAR])
def test_snapping_and_moving_follow_the_store_language(prefix):
    text = prefix + "l'homme z.B. Haus"
    at = len(prefix)
    # French splits the elided article off, German keeps "z.B." one token; English neither
    assert snap(text, at + 2, at + 4, "fr") == (at + 2, at + 7)      # "homme"
    assert snap(text, at + 2, at + 4, "en") == (at, at + 7)          # "l'homme"
    assert snap(text, at + 8, at + 9, "de") == (at + 8, at + 12)     # "z.B."
    assert snap(text, at + 8, at + 9, "en") == (at + 8, at + 10)     # "z."
    assert move_edge(text, at, at + 2, "end", +1, "fr") == (at, at + 7)
    assert move_edge(text, at + 8, at + 12, "end", +1, "de") == (at + 8, at + 17)


LONG_URL = "https://example.org/" + "/".join(f"section-{i}" for i in range(40)) + "?id=1"
LONG_WORD = "-".join(["anti"] * 70)  # one whitespace-free run of hyphen-split tokens, 349 characters


@pytest.mark.parametrize("run", [LONG_URL, LONG_WORD])
@pytest.mark.parametrize("before", ["", "Read this: ", FAR])
def test_selections_inside_a_run_longer_than_the_window_match_whole_text_tokens(run, before):
    text = before + run + " now, said Ana Ruiz."
    at = len(before)
    for offset in (0, 5, 150, 230, len(run) - 3):
        start = at + offset
        assert snap(text, start, start + 2) == whole_text_snap(text, start, start + 2), offset
        found = snap(text, start, start + 2)
        for edge in ("start", "end"):
            for direction in (-1, 1):
                assert move_edge(text, *found, edge, direction) == whole_text_move(text, *found, edge, direction)


def test_whitespace_selected_at_the_very_end_or_start_gives_no_span():
    text = "  Ana Ruiz said so.  \n"
    assert snap(text, len(text) - 3, len(text)) is None
    assert snap(text, 0, 2) is None
    assert snap(text, 0, len(text)) == (2, len(text) - 3)
