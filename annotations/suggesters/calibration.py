"""Calibrated scores: each suggestion's score estimates the precision of the
rule family (or pipeline entity type) that proposed it, measured on the
development gold (`evaluation.DEVELOPMENT_SETS`) and kept in
`resources/patterns/calibration.toml`. The review queue's "by score" order
then puts the doubtful families first.

`fit` computes the table from evaluation matches; `scripts/calibrate.py`
writes it. Precision is smoothed towards a cautious prior, so a family seen
only a few times on development text does not claim certainty.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PRIOR = 0.6  # what an unseen family is assumed to reach
WEIGHT = 4.0  # how many development suggestions the prior counts for


@dataclass
class Tally:
    correct: int = 0
    total: int = 0

    def precision(self) -> float:
        return round((self.correct + PRIOR * WEIGHT) / (self.total + WEIGHT), 3)


@lru_cache(maxsize=1)
def table() -> dict[str, float]:
    path = resources.files("resources") / "patterns" / "calibration.toml"
    if not path.is_file():
        return {}
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in raw.get("scores", {}).items()}


def calibrated(family: str) -> float:
    """The family's development precision; a family never seen on development text gets the prior."""
    return table().get(family, PRIOR)


def fit(outcomes: Iterable[tuple[str, bool]]) -> dict[str, float]:
    """(family, was it right) per suggestion -> smoothed precision per family (and per label, for the record)."""
    tallies: dict[str, Tally] = {}
    for family, correct in outcomes:
        for key in (family, family.split(":", 1)[0]):
            tally = tallies.setdefault(key, Tally())
            tally.total += 1
            tally.correct += bool(correct)
    return {k: t.precision() for k, t in sorted(tallies.items())}


def render(scores: dict[str, float], counts: dict[str, tuple[int, int]] | None = None) -> str:
    lines = [
        "# Calibrated suggestion scores: smoothed precision per rule family / pipeline entity type on the",
        "# development gold (gold.jsonl, heldout/, test/, unseen/ of resources/samples). Written by scripts/calibrate.py.",
        "[scores]",
    ]
    for key, value in scores.items():
        note = f"  # {counts[key][0]}/{counts[key][1]} right" if counts and key in counts else ""
        lines.append(f'"{key}" = {value}{note}')
    return "\n".join(lines) + "\n"
