"""Evaluating a suggester against gold annotations (a Glossator/Prodigy JSONL
file): per-label precision, recall and F1 — exact offsets for ACTOR and
FIGURE, sentence overlap for ASSERTION — plus SOURCE relations (exact ends)
and how often attributes of matched spans agree.

Plain data in, plain data out; `glossator evaluate` only prints it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable

from .formats import get_format
from .formats.base import ImportNotes
from .schema import default_schema
from .suggesters import get_suggester
from .suggesters.base import Suggestion
from .types import DocumentRecord

OVERLAP_LABELS = ("ASSERTION",)


@dataclass
class Score:
    label: str
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    attributes_checked: int = 0
    attributes_agreed: int = 0

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def attribute_agreement(self) -> float:
        return self.attributes_agreed / self.attributes_checked if self.attributes_checked else 0.0


@dataclass
class Evaluation:
    suggester: str
    version: str
    gold_path: str
    documents: int
    scores: dict[str, Score] = field(default_factory=dict)


def default_gold() -> Path:
    return Path(str(resources.files("resources") / "samples" / "gold.jsonl"))


def read_gold(path: Path) -> list[DocumentRecord]:
    return list(get_format("jsonl").read(path, default_schema(), ImportNotes()))


def _score(score: Score, gold: list[tuple], pred: list[tuple], overlap: bool) -> dict[int, int]:
    """Match predictions to gold one-to-one; returns gold index -> predicted index."""
    score.gold += len(gold)
    score.predicted += len(pred)
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for gi, (gs, ge, *_rest) in enumerate(gold):
        for pi, (ps, pe, *_r) in enumerate(pred):
            if pi in used:
                continue
            if (ps < ge and gs < pe) if overlap else (ps, pe) == (gs, ge):
                used.add(pi)
                pairs[gi] = pi
                break
    score.matched_gold += len(pairs)
    score.matched_predicted += len(pairs)
    for gi, pi in pairs.items():
        g_attrs, p_attrs = gold[gi][2], pred[pi][2]
        for key, value in g_attrs.items():
            score.attributes_checked += 1
            score.attributes_agreed += p_attrs.get(key) == value
    return pairs


def compare(records: Iterable[DocumentRecord], suggestions: Iterable[Suggestion], labels: Iterable[str]) -> dict[str, Score]:
    labels = list(labels)
    scores = {label: Score(label) for label in [*labels, "SOURCE"]}
    for record, suggestion in zip(records, suggestions):
        for label in labels:
            gold = [(s.start, s.end, s.attributes) for s in record.spans if s.label == label]
            pred = [(s.start, s.end, s.attributes) for s in suggestion.spans if s.label == label]
            _score(scores[label], gold, pred, label in OVERLAP_LABELS)
        gold_rel = {((record.spans[r.head].start, record.spans[r.head].end),
                     (record.spans[r.child].start, record.spans[r.child].end)) for r in record.relations}
        pred_rel = {((suggestion.spans[r.head].start, suggestion.spans[r.head].end),
                     (suggestion.spans[r.child].start, suggestion.spans[r.child].end)) for r in suggestion.relations}
        src = scores["SOURCE"]
        src.gold += len(gold_rel)
        src.predicted += len(pred_rel)
        src.matched_gold += len(gold_rel & pred_rel)
        src.matched_predicted += len(gold_rel & pred_rel)
    return scores


def evaluate(name: str = "rules", gold_path: str | Path | None = None) -> Evaluation:
    """Run suggester `name` over the gold texts and score it."""
    path = Path(gold_path) if gold_path else default_gold()
    records = read_gold(path)
    suggester = get_suggester(name)
    suggestions = list(suggester.suggest(r.text for r in records))
    labels = [label for label in suggester.labels if any(s.label == label for r in records for s in r.spans)]
    return Evaluation(suggester.name, suggester.version, str(path), len(records), compare(records, suggestions, labels))
