"""Fit the suggestion scores: the smoothed precision of each rule family and
pipeline entity type on the development gold only (`evaluation.DEVELOPMENT_SETS`:
resources/samples/gold.jsonl, heldout/, test/ and unseen/ -- the last two were
written blind but have been studied since session 2), written to
resources/patterns/calibration.toml.

    python scripts/calibrate.py            # rules, plus `default` when a pipeline is installed

Never run it on a blind set: a blind set measures whether the scores hold up.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.evaluation import compare, development_gold, read_gold, read_optional  # noqa: E402
from annotations.suggesters import get_suggester  # noqa: E402
from annotations.suggesters.calibration import fit, render  # noqa: E402
from annotations.suggesters.combined import best_english_pipeline  # noqa: E402

DEVELOPMENT = development_gold()
OUT = ROOT / "resources/patterns/calibration.toml"


def outcomes(name: str, keep) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    suggester = get_suggester(name)
    for path in DEVELOPMENT:
        records, optional = read_gold(path), read_optional(path)
        found: list[tuple[float, str, bool]] = []
        suggestions = list(suggester.suggest(r.text for r in records))
        compare(records, suggestions, ["ACTOR", "FIGURE", "ASSERTION"], optional, found)
        out.extend((family, right) for _score, family, right in found if keep(family))
    return out


def main() -> None:
    pairs = outcomes("rules", lambda f: not f.startswith("pipeline:"))
    if best_english_pipeline():
        pairs += outcomes("default", lambda f: f.startswith("pipeline:"))
    else:
        print("no pretrained pipeline installed: pipeline families keep their prior", file=sys.stderr)
    scores = fit(pairs)
    counts: dict[str, tuple[int, int]] = {}
    right, total = Counter(), Counter()
    for family, ok in pairs:
        for key in (family, family.split(":", 1)[0]):
            right[key] += ok
            total[key] += 1
    counts = {k: (right[k], total[k]) for k in total}
    OUT.write_text(render(scores, counts), encoding="utf-8")
    print(OUT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
