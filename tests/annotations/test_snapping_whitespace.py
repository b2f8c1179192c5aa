"""Snapping a selection to tokens never keeps whitespace at either edge, also
when the selection runs into a blank line, a double space or a tab (spaCy
makes tokens of such runs, so whole-token snapping alone would keep them)."""
from __future__ import annotations

import pytest

from annotations.tokens import snap

TEXT = "Tim Cook leads Apple.\n\nAna  Ruiz said\tabout 3,500 jobs \n were at risk."


def snapped(start: int, end: int) -> str | None:
    found = snap(TEXT, start, end)
    return None if found is None else TEXT[found[0]:found[1]]


def between(left: str, right: str) -> tuple[int, int]:
    """From the start of `left` to the end of `right` (inclusive)."""
    start = TEXT.index(left)
    return start, TEXT.index(right, start) + len(right)


@pytest.mark.parametrize(
    "selection, expected",
    [
        (between("Apple", ".\n\n"), "Apple."),            # into a blank line
        (between("Apple", ".\n\nA"), "Apple.\n\nAna"),     # across it: inner whitespace stays
        (between("Ana", "Ana  "), "Ana"),                  # into a double space
        (between("  Ruiz", "Ruiz"), "Ruiz"),               # from a double space
        (between("Ruiz", "said\t"), "Ruiz said"),          # into a tab
        (between("jobs", "jobs \n "), "jobs"),             # into space, newline, space
        (between("\n\nAna", "Ana"), "Ana"),                # from a blank line
        (between("ead", "ead"), "leads"),                  # inside a word: whole token
    ],
)
def test_snapped_selection_has_no_edge_whitespace(selection, expected):
    assert snapped(*selection) == expected


@pytest.mark.parametrize("selection", [between("\n\n", "\n\n"), between("  ", "  "), (0, 0)])
def test_a_selection_of_only_whitespace_gives_no_span(selection):
    assert snapped(*selection) is None
