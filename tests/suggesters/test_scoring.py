"""Evaluation with optional gold spans and error families; calibration of scores."""
from __future__ import annotations

from annotations.evaluation import compare, quintiles, read_optional
from annotations.suggesters.base import SuggestedSpan, Suggestion
from annotations.suggesters.calibration import PRIOR, fit
from annotations.types import DocumentRecord, SpanRecord

TEXT = "U.S. exports fell. Chile said two officials left."


def test_optional_gold_spans_count_as_neither_right_nor_wrong():
    gold = DocumentRecord(text=TEXT, spans=[
        SpanRecord(0, 4, "ACTOR", {"kind": "state"}),  # "U.S." as a modifier: optional
        SpanRecord(19, 24, "ACTOR", {"kind": "state"}),
        SpanRecord(30, 33, "FIGURE", {"value": 2}),  # "two officials said": optional
    ])
    optional = [{(0, 4, "ACTOR"), (30, 33, "FIGURE")}]
    marked = Suggestion(spans=(SuggestedSpan(0, 4, "ACTOR"), SuggestedSpan(19, 24, "ACTOR"), SuggestedSpan(30, 33, "FIGURE")))
    unmarked = Suggestion(spans=(SuggestedSpan(19, 24, "ACTOR"),))
    for suggestion in (marked, unmarked):
        scores = compare([gold], [suggestion], ["ACTOR", "FIGURE"], optional)
        assert (scores["ACTOR"].gold, scores["ACTOR"].predicted, scores["ACTOR"].f1) == (1, 1, 1.0)
        assert (scores["FIGURE"].gold, scores["FIGURE"].predicted) == (0, 0)


def test_errors_are_grouped_by_family():
    gold = DocumentRecord(text=TEXT, spans=[SpanRecord(19, 24, "ACTOR", {"kind": "state"}),
                                            SpanRecord(30, 33, "FIGURE", {"value": 2, "unit": "people"})])
    predicted = Suggestion(spans=(SuggestedSpan(19, 29, "ACTOR", family="actor:bare-name"),
                                  SuggestedSpan(5, 12, "ACTOR", family="pipeline:ORG")))
    scores = compare([gold], [predicted], ["ACTOR", "FIGURE"])
    assert scores["ACTOR"].misses == {"state (boundary)": 1}
    assert scores["ACTOR"].false_alarms == {"actor:bare-name (boundary)": 1, "pipeline:ORG (spurious)": 1}
    assert scores["FIGURE"].misses == {"people (not found)": 1}


def test_read_optional_skips_rejected_tasks(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"text": "a", "answer": "reject", "spans": [{"start": 0, "end": 1, "label": "ACTOR", "optional": true}]}\n'
        '{"text": "Chile b", "spans": [{"start": 0, "end": 5, "label": "ACTOR", "optional": true},'
        ' {"start": 6, "end": 7, "label": "FIGURE"}]}\n', encoding="utf-8")
    assert read_optional(path) == [{(0, 5, "ACTOR")}]


def test_fit_smooths_towards_the_prior():
    scores = fit([("actor:a", True)] * 40 + [("actor:b", True), ("actor:c", False)] * 2)
    assert scores["actor:a"] > scores["actor:b"] > PRIOR > scores["actor:c"]
    assert 0 < scores["actor:c"] < 1 and scores["actor"] < 1


def test_quintiles_compare_the_most_and_least_confident_fifths():
    outcomes = [(0.9, "x", True)] * 5 + [(0.5, "y", True)] * 10 + [(0.2, "z", False)] * 5
    assert quintiles(outcomes) == (1.0, 0.0)


def test_strip_optional_keeps_only_required_spans_and_their_relations(tmp_path):
    from annotations.evaluation import read_gold, strip_optional

    source = tmp_path / "gold.jsonl"
    source.write_text(
        '{"text": "Chile said so. Peru agreed.", "spans": ['
        '{"start": 0, "end": 5, "label": "ACTOR", "attributes": {"kind": "state"}},'
        '{"start": 0, "end": 14, "label": "ASSERTION", "attributes": {}},'
        '{"start": 15, "end": 19, "label": "ACTOR", "optional": true, "attributes": {}}],'
        ' "relations": [{"label": "SOURCE", "head_span": {"start": 0, "end": 14, "label": "ASSERTION"},'
        ' "child_span": {"start": 0, "end": 5, "label": "ACTOR"}}]}\n', encoding="utf-8")
    (record,) = read_gold(strip_optional(source, tmp_path / "required.jsonl"))
    assert [(s.start, s.end, s.label) for s in record.spans] == [(0, 5, "ACTOR"), (0, 14, "ASSERTION")]
    assert len(record.relations) == 1
