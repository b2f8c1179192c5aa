"""Evaluation: exact matching for ACTOR/FIGURE, sentence overlap for
ASSERTION, SOURCE relations; and the rules suggester's goals on the bundled gold."""
from __future__ import annotations

from annotations.evaluation import compare, evaluate
from annotations.suggesters.base import SuggestedRelation, SuggestedSpan, Suggestion
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

TEXT = "Chile said 40 people left. Peru agreed."


def test_exact_for_actor_overlap_for_assertion():
    gold = DocumentRecord(text=TEXT, spans=[
        SpanRecord(0, 5, "ACTOR", {"kind": "state"}),
        SpanRecord(11, 13, "FIGURE", {"value": 40}),
        SpanRecord(0, 26, "ASSERTION", {"stance": "states"}),
    ], relations=[RelationRecord(2, 0, "SOURCE")])
    predicted = Suggestion(spans=(
        SuggestedSpan(0, 4, "ACTOR"),  # off by one: no match
        SuggestedSpan(11, 13, "FIGURE", attributes={"value": 41}),
        SuggestedSpan(0, 25, "ASSERTION", attributes={"stance": "states"}),  # overlaps: a match
        SuggestedSpan(27, 39, "ASSERTION"),  # another sentence: a false positive
    ), relations=(SuggestedRelation(2, 0, "SOURCE"),))
    scores = compare([gold], [predicted], ["ACTOR", "FIGURE", "ASSERTION"])
    assert (scores["ACTOR"].precision, scores["ACTOR"].recall) == (0.0, 0.0)
    assert scores["FIGURE"].f1 == 1.0 and scores["FIGURE"].attribute_agreement == 0.0
    assert (scores["ASSERTION"].precision, scores["ASSERTION"].recall) == (0.5, 1.0)
    assert scores["SOURCE"].matched_gold == 0  # its child span was not the gold one


def test_rules_meet_the_goals_on_the_sample_gold():
    result = evaluate("rules")
    assert result.documents >= 10
    assert result.scores["ACTOR"].f1 >= 0.85
    assert result.scores["FIGURE"].f1 >= 0.90
    assert result.scores["ASSERTION"].f1 >= 0.80
