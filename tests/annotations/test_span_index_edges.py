"""SpanIndex at its edges, as the article view uses it: an empty document,
re-adding a span (resize, undo), touching and nested spans' drawing layers,
Tab/Shift+Tab neighbours at the first and last span, and what lies under
the caret."""
from __future__ import annotations

from annotations.span_index import SpanIndex


def test_an_empty_index_accepts_spans_and_answers_queries():
    index = SpanIndex()
    assert len(index) == 0 and index.items() == [] and index.overlapping(0, 100) == []
    assert index.after(0) is None and index.before(10) is None and index.at(3) == []
    index.add(7, 10, 30)
    assert index.items() == [(10, 30, 7)] and 7 in index
    assert index.overlapping(29, 40) == [7] and index.overlapping(30, 40) == []
    assert index.layers == {7: 0}


def test_readding_a_span_moves_it():
    index = SpanIndex([(0, 5, 1), (10, 15, 2)])
    index.add(1, 20, 40)  # a resize (or undo of one) re-adds the span with new offsets
    assert index.offsets(1) == (20, 40)
    assert index.items() == [(10, 15, 2), (20, 40, 1)]
    assert index.overlapping(0, 6) == [] and index.overlapping(30, 31) == [1]
    assert len(index) == 2


def test_removed_spans_are_gone_everywhere():
    index = SpanIndex([(0, 5, 1), (3, 8, 2)])
    index.remove(1)
    assert 1 not in index and 1 not in index.layers and index.ids() == [2]
    assert index.at(1) == [] and index.overlapping(0, 10) == [2]


def test_touching_spans_share_a_layer_and_nested_spans_stack():
    touching = SpanIndex([(0, 5, 1), (5, 10, 2), (10, 12, 3)])
    assert touching.layers == {1: 0, 2: 0, 3: 0}  # drawn on one line: they share no character
    nested = SpanIndex([(0, 30, 1), (2, 20, 2), (4, 10, 3), (25, 28, 4)])
    assert nested.layers == {1: 0, 2: 1, 3: 2, 4: 1}
    added = SpanIndex([(0, 30, 1)])
    added.add(2, 2, 20)
    added.add(3, 4, 10)
    added.add(4, 30, 35)
    assert added.layers == {1: 0, 2: 1, 3: 2, 4: 0}


def test_spans_under_the_caret_innermost_first():
    index = SpanIndex([(0, 10, 1), (8, 11, 2), (5, 6, 3), (11, 20, 4)])
    assert index.at(8) == [2, 1]      # the shorter span, although it starts later
    assert index.at(5) == [3, 1]
    assert index.at(10) == [2]        # end is exclusive; the span at 11 has not begun
    assert index.at(20) == []


def test_neighbours_at_the_first_and_last_span():
    index = SpanIndex([(0, 4, 1), (6, 9, 2), (12, 15, 3)])
    assert index.after(0, current=3) is None
    assert index.after(16) is None
    assert index.after(13) is None
    assert index.after(12) == 3
    assert index.before(0, current=2) == 1
    assert index.before(0, current=1) is None
    assert index.before(0) is None
    assert index.before(6) == 1
    assert index.before(7) == 2
    assert index.before(100) == 3
