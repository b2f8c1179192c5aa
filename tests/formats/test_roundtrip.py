"""Hypothesis round trips per format: store → export → import into a real
store → identical where the format can hold it, and a report line for
whatever it cannot hold."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.formats.labelstudio import model_version

from .strategies import ROUNDTRIP, documents, facts, roundtrip

batches = st.lists(documents(), min_size=1, max_size=3)


def _pairs(before, after):
    assert len(before) == len(after)
    return zip(before, after)


@pytest.mark.parametrize("name", ["spacy", "jsonl"])
@ROUNDTRIP
@given(records=batches)
def test_lossless_formats_keep_everything(stores, name, records):
    src, dst, folder = stores
    before, after, _, _ = roundtrip(name, src, dst, records, folder)
    for b, a in _pairs(before, after):
        assert facts(a) == facts(b)


def _ls_home(span):
    return "annotation" if span.status == "accepted" else model_version(span)


def _ls_relation_kept(rel, record):
    head, child = record.spans[rel.head], record.spans[rel.child]
    same = _ls_home(head) == _ls_home(child)
    return same and (rel.status == "accepted" or _ls_home(head) != "annotation")


@ROUNDTRIP
@given(batches)
def test_labelstudio_keeps_everything_it_can_place(stores, records):
    src, dst, folder = stores
    before, after, report, _ = roundtrip("labelstudio", src, dst, records, folder)
    for b, a in _pairs(before, after):
        assert facts(a, keep_relation=_ls_relation_kept, statuses=False) == facts(
            b, keep_relation=_ls_relation_kept, statuses=False)
        # predictions come back pending with their suggester, version and score
        assert sorted(map(_status, a.spans)) == sorted(map(_status, b.spans))
        if any(not _ls_relation_kept(r, b) for r in b.relations):
            assert any("relation" in w for w in report.warnings)


def _status(span):
    score = None if span.score is None else round(span.score, 12)
    return span.start, span.end, span.label, span.status, span.suggester, span.suggester_version, score


def _accepted(span):
    return span.status == "accepted"


def _doccano_relation(rel, record):
    return rel.status == "accepted"


@ROUNDTRIP
@given(batches)
def test_doccano_keeps_spans_relations_and_reports_the_rest(stores, records):
    src, dst, folder = stores
    before, after, report, _ = roundtrip("doccano", src, dst, records, folder)
    for b, a in _pairs(before, after):
        kept = dict(attributes=False, keep_span=_accepted, keep_relation=_doccano_relation)
        assert facts(a, **kept) == facts(b, **kept)
        if any(not _accepted(s) for s in b.spans):
            assert any("pending suggestion" in w for w in report.warnings)
        if any(s.attributes for s in b.spans if _accepted(s)):
            assert any("attributes" in w for w in report.warnings)


@ROUNDTRIP
@given(batches)
def test_brat_keeps_spans_attributes_relations_statuses(stores, records):
    src, dst, folder = stores
    before, after, report, _ = roundtrip("brat", src, dst, records, folder)
    for b, a in _pairs(before, after):
        assert facts(a, document=False) == facts(b, document=False)
    if any(r.meta or r.status != "new" for r in before):
        assert any("brat keeps no document" in w for w in report.warnings)
