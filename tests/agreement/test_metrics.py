"""Agreement figures on small cases worked by hand (the derivation is in each
test's comments), and Krippendorff's alpha_U against a literal transcription
of its definition on random data."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from annotations.agreement.matching import iou, match_exact, match_overlap
from annotations.agreement.metrics import BinaryAgreement, Counts, UnitizingAlpha
from annotations.agreement.wordsplit import token_bounds, token_ranges


class S:  # a span for the matcher
    def __init__(self, start, end):
        self.start, self.end = start, end


def spans(*pairs):
    return [S(s, e) for s, e in pairs]


# ---- span matching -----------------------------------------------------------

def test_f1_counts_are_read_b_against_a():
    # both 3, only A 1, only B 2: P = 3/5, R = 3/4, F1 = 6/9
    c = Counts(3, 1, 2)
    assert c.precision == pytest.approx(0.6)
    assert c.recall == pytest.approx(0.75)
    assert c.f1 == pytest.approx(2 / 3)
    assert Counts().f1 is None


def test_overlap_match_needs_iou_of_one_half():
    # [0,10) vs [0,5): IoU 5/10 = 0.5 -> matched; [0,10) vs [0,4): 4/10 -> not
    assert match_overlap(spans((0, 10)), spans((0, 5))).pairs == ((0, 0),)
    m = match_overlap(spans((0, 10)), spans((0, 4)))
    assert m.pairs == () and m.only_a == (0,) and m.only_b == (0,)
    assert iou(S(0, 10), S(5, 15)) == pytest.approx(5 / 15)


def test_overlap_matching_is_one_to_one_greedy_then_by_position():
    # A [0,10) has IoU 0.6 with both [0,6) and [4,10); the tie goes to the earlier intersection
    m = match_overlap(spans((0, 10)), spans((0, 6), (4, 10)))
    assert m.pairs == ((0, 0),) and m.only_b == (1,)
    m = match_overlap(spans((0, 6), (4, 10)), spans((0, 10)))
    assert m.pairs == ((0, 0),) and m.only_a == (1,)


def test_overlapping_spans_of_one_label_in_one_layer_each_match_once():
    # The case Label Studio gets wrong: two overlapping same-label spans per layer.
    a = spans((0, 10), (5, 15))
    assert match_exact(a, spans((0, 10), (5, 15))).pairs == ((0, 0), (1, 1))
    # IoU: [0,10)-[0,11) 10/11, [5,15)-[6,15) 9/10, [5,15)-[0,11) 6/15, [0,10)-[6,15) 4/15:
    # greedy takes 10/11, then 9/10 -> two overlap matches, no exact one
    b = spans((0, 11), (6, 15))
    assert match_exact(a, b).pairs == ()
    assert match_overlap(a, b).pairs == ((0, 0), (1, 1))


def test_greedy_prefers_the_higher_iou_even_when_it_costs_a_match():
    # A [0,10); B [0,9) (IoU .9) and [1,10) (IoU .9): tie on IoU, the earlier intersection wins
    # A2 [1,10) exactly equals B[1] -> exact pairs go first, so both A spans are matched
    m = match_overlap(spans((0, 10), (1, 10)), spans((0, 9), (1, 10)))
    assert m.pairs == ((0, 0), (1, 1))


# ---- alpha_U ------------------------------------------------------------------

def test_alpha_u_hand_worked_shifted_start():
    # One continuum L = 10, A unit [2,6) (l=4), B unit [3,6) (l=3).
    # Do: the two units overlap: d2 = (2-3)^2 + (6-6)^2 = 1, counted for (A,B) and (B,A):
    #     Do = 2 / (m(m-1) L^2) = 2 / (2 * 100) = 0.01
    # De: units 4 and 3 (N = 2); gaps A: 2, 4; B: 3, 4.
    #     l=4: (N-1)/3 (2*64 - 3*16 + 4) = 84/3 = 28; gaps >= 4: 4, 4 -> 1 + 1 = 2, * 16 = 32 -> 60
    #     l=3: (1/3)(54 - 27 + 3) = 10;     gaps >= 3: 3, 4, 4 -> 1 + 2 + 2 = 5, * 9 = 45 -> 55
    #     (2/L) * 115 = 23; denominator mL(mL-1) - sum l(l-1) = 20*19 - (12 + 6) = 362
    #     De = 23 / 362
    # alpha_U = 1 - 0.01 * 362 / 23 = 1 - 3.62/23 = 0.842608...
    a = UnitizingAlpha()
    a.add(10, [[(2, 6)], [(3, 6)]])
    assert a.observed_disagreement == pytest.approx(0.01)
    assert a.expected_disagreement == pytest.approx(23 / 362)
    assert a.value == pytest.approx(1 - 3.62 / 23)


def test_alpha_u_hand_worked_missed_unit():
    # L = 8, A unit [0,4), B nothing. Do: A's unit lies in B's gap: 4^2 = 16 per direction,
    #     Do = 32 / (2 * 64) = 0.25
    # De: one unit (N = 1, so the first term is 0); gaps A: 4, B: 8 -> (4-4+1) + (8-4+1) = 6,
    #     * 16 = 96; (2/8) * 96 = 24; denominator 16*15 - 4*3 = 228; De = 24/228
    # alpha_U = 1 - 0.25 * 228 / 24 = 1 - 2.375 = -1.375
    a = UnitizingAlpha()
    a.add(8, [[(0, 4)], []])
    assert a.value == pytest.approx(-1.375)


def test_alpha_u_identical_is_one_and_empty_is_undefined():
    a = UnitizingAlpha()
    a.add(30, [[(1, 5), (9, 20)], [(1, 5), (9, 20)]])
    assert a.value == 1.0
    empty = UnitizingAlpha()
    empty.add(30, [[], []])
    assert empty.value is None


def _literal_alpha_u(continua, m=2):
    """alpha_U transcribed term by term: sections (begin, length, is_unit) per coder."""
    def sections(units, length):
        out, pos = [], 0
        for s, e in units:
            if s > pos:
                out.append((pos, s - pos, 0))
            out.append((s, e - s, 1))
            pos = e
        if pos < length:
            out.append((pos, length - pos, 0))
        return out

    L = sum(length for length, _ in continua)
    do = 0
    units, gap_list = [], []
    for length, coders in continua:
        secs = [sections(c, length) for c in coders]
        for c in coders:
            units += [e - s for s, e in c]
        for sec in secs:
            gap_list += [l for _, l, v in sec if v == 0]
        for i in range(m):
            for j in range(m):
                if i == j:
                    continue
                for bg, lg, vg in secs[i]:
                    for bh, lh, vh in secs[j]:
                        if vg == vh == 1 and -lg < bg - bh < lh:
                            do += (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
                        elif vg == 1 and vh == 0 and lh - lg >= bg - bh >= 0:
                            do += lg ** 2
                        elif vg == 0 and vh == 1 and lg - lh >= bh - bg >= 0:
                            do += lh ** 2
    Do = do / (m * (m - 1) * L * L)
    n = len(units)
    total = 0
    for l in units:
        total += (n - 1) / 3 * (2 * l ** 3 - 3 * l ** 2 + l)
        total += l * l * sum(g - l + 1 for g in gap_list if g >= l)
    De = (2 / L) * total / (m * L * (m * L - 1) - sum(l * (l - 1) for l in units))
    return None if De == 0 else 1 - Do / De  # e.g. every coder covers every character


@st.composite
def layer(draw, length):
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=8, unique=True)))
    return list(zip(cuts[::2], cuts[1::2]))


@st.composite
def continuum(draw):
    length = draw(st.integers(1, 60))
    return length, [draw(layer(length)), draw(layer(length))]


@settings(max_examples=200, deadline=None)
@given(st.lists(continuum(), min_size=1, max_size=4))
def test_alpha_u_matches_the_literal_definition(continua):
    if not any(c for _, coders in continua for c in coders):
        return
    a = UnitizingAlpha()
    for length, coders in continua:
        a.add(length, coders)
    expected = _literal_alpha_u(continua)
    assert a.value == (None if expected is None else pytest.approx(expected, abs=1e-9))


# ---- tokens ------------------------------------------------------------------

def test_token_alpha_and_kappa_hand_worked():
    # 10 tokens; A marks 4, B marks 3, both the same 3: n11=3 n10=1 n01=0 n00=6
    # alpha: n = 20 values, n1 = 2*3 + 1 = 7, n0 = 13, one disagreeing unit:
    #        1 - (n-1) D / (n0 n1) = 1 - 19/91 = 72/91
    # kappa: po = 9/10; pA = .4, pB = .3; pe = .4*.3 + .6*.7 = .54; (0.9-0.54)/(1-0.54) = 0.36/0.46
    b = BinaryAgreement()
    b.add(total=10, a_yes=4, b_yes=3, both_yes=3)
    assert b.alpha == pytest.approx(72 / 91)
    assert b.kappa == pytest.approx(0.36 / 0.46)


def test_regex_tokens_and_ranges():
    text = 'Jakarta\'s ban cost €1.9 billion, "said" co-op.'
    starts, ends = token_bounds(text)
    words = [text[s:e] for s, e in zip(starts, ends)]
    assert words == ["Jakarta's", "ban", "cost", "€", "1.9", "billion", ",", '"', "said", '"', "co-op", "."]
    # a span cut mid-word ("akarta") still covers the word; two spans touching merge
    assert token_ranges([(1, 7), (10, 13)], starts, ends) == [(0, 2)]
