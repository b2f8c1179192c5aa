"""Regression (issue 19, item 6): Alt+arrow edge moves stepped onto spaCy's whitespace
tokens (line breaks, runs of spaces), so a span could start or end on whitespace."""
from __future__ import annotations

import pytest

from annotations.tokens import move_edge

TEXT = "Hello world.\n\nNext  one here"


@pytest.mark.parametrize("start, end, edge, direction, expected", [
    (0, 12, "end", +1, (0, 18)),      # over the blank line onto "Next", not onto "\n\n"
    (14, 18, "start", -1, (11, 18)),  # back over the blank line onto "."
    (14, 18, "end", +1, (14, 23)),    # over the double space onto "one"
    (20, 23, "start", -1, (14, 23)),  # back over the double space onto "Next"
    (0, 23, "end", -1, (0, 18)),      # shrinking also skips the double space
    (11, 28, "start", +1, (14, 28)),  # and the blank line
])
def test_an_edge_never_lands_on_whitespace(start, end, edge, direction, expected):
    moved = move_edge(TEXT, start, end, edge, direction)
    assert moved == expected
    assert not TEXT[moved[0]].isspace() and not TEXT[moved[1] - 1].isspace()


def test_only_whitespace_beyond_the_edge_means_no_move():
    text = "Ana said it.\n\n  "
    assert move_edge(text, 0, 12, "end", +1) is None
    assert move_edge("  \n\nAna", 4, 7, "start", -1) is None
