"""SpanIndex lookups and layers, checked against brute force."""
import random

from annotations.span_index import SpanIndex
from annotations.tokens import move_edge


def _brute(spans, start, end):
    return sorted((s, e, i) for s, e, i in spans if s < end and e > start)


def test_overlapping_matches_brute_force_after_edits():
    rng = random.Random(4)
    spans = []
    for i in range(300):
        s = rng.randrange(0, 1000)
        spans.append((s, s + rng.randrange(1, 40), i))
    index = SpanIndex(spans[:150])
    for s, e, i in spans[150:]:
        index.add(i, s, e)
    for s, e, i in spans[:20]:
        index.remove(i)
    live = spans[20:]
    for _ in range(200):
        a = rng.randrange(0, 1000)
        b = a + rng.randrange(1, 60)
        assert index.overlapping(a, b) == [i for _, _, i in _brute(live, a, b)]
    for s, e, i in live:  # overlapping spans never share a layer
        for other in index.overlapping(s, e):
            if other != i:
                assert index.layers[other] != index.layers[i]


def test_at_after_before():
    index = SpanIndex([(0, 10, 1), (2, 5, 2), (20, 25, 3)])
    assert index.at(3) == [2, 1]
    assert index.after(0, current=1) == 2
    assert index.after(6) == 3
    assert index.before(0, current=3) == 2
    assert index.before(0, current=1) is None
    assert index.layers[1] != index.layers[2]


def test_move_edge_by_token():
    text = "Finance Minister Ana Ruiz said it."
    start, end = 17, 20  # "Ana"
    assert move_edge(text, start, end, "end", +1) == (17, 25)
    assert move_edge(text, start, end, "start", -1) == (8, 20)
    assert move_edge(text, start, end, "end", -1) is None
    assert move_edge(text, 0, 7, "start", -1) is None
