"""The README's quality table: F1 per label (ACTOR / FIGURE / ASSERTION) of
several suggester configurations on gold sets, plus the precision of the top
and bottom score quintiles.

    python scripts/quality_report.py [GOLD.jsonl ...] [--suggester NAME ...] [--store S --trained NAME]

Defaults: the test and unseen sample sets (those present), suggesters `rules`
and `default`. With --store and --trained, also `trained:NAME` alone and
`trained:NAME` combined with the rules (the rules' spans, plus the model's
spans that overlap none of the rules' spans of the same label).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.evaluation import compare, quintiles, read_gold, read_optional  # noqa: E402
from annotations.suggesters import get_suggester  # noqa: E402
from annotations.suggesters.base import Suggestion  # noqa: E402

LABELS = ["ACTOR", "FIGURE", "ASSERTION"]
SETS = [ROOT / "resources/samples/test/gold.jsonl", ROOT / "resources/samples/unseen/gold.jsonl"]


def union(first: Suggestion, second: Suggestion) -> Suggestion:
    """first's spans, plus second's spans overlapping none of first's of the same label."""
    extra = [s for s in second.spans
             if not any(f.label == s.label and f.start < s.end and s.start < f.end for f in first.spans)]
    return Suggestion(first.spans + tuple(extra), first.relations)


def row(name: str, path: Path, suggestions: list[Suggestion]) -> str:
    records, optional = read_gold(path), read_optional(path)
    outcomes: list = []
    scores = compare(records, suggestions, LABELS, optional, outcomes)
    top, bottom = quintiles(outcomes)
    cells = " | ".join(f"{scores[l].f1:.2f} (P {scores[l].precision:.2f} R {scores[l].recall:.2f})" for l in LABELS)
    return f"| {path.parent.name if path.parent.name != 'samples' else 'development'} | {name} | {cells} | {top:.2f} / {bottom:.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("--suggester", action="append")
    parser.add_argument("--store")
    parser.add_argument("--trained")
    args = parser.parse_args()
    sets = args.gold or [p for p in SETS if p.exists()]
    names = args.suggester or ["rules", "default"]
    store = None
    if args.store:
        from annotations.store import Store
        store = Store.open(args.store)
    print("| set | suggester | ACTOR F1 | FIGURE F1 | ASSERTION F1 | precision top / bottom fifth by score |")
    print("|---|---|---|---|---|---|")
    for path in sets:
        texts = [r.text for r in read_gold(path)]
        results = {}
        for name in names:
            suggester = get_suggester(name, store)
            results[name] = list(suggester.suggest(texts))
            print(row(f"{name} {suggester.version}", path, results[name]), flush=True)
        if args.trained:
            trained = list(get_suggester(f"trained:{args.trained}", store).suggest(texts))
            print(row(f"trained:{args.trained}", path, trained), flush=True)
            rules = results.get("rules") or list(get_suggester("rules").suggest(texts))
            print(row(f"rules + trained:{args.trained}", path, [union(r, t) for r, t in zip(rules, trained)]), flush=True)


if __name__ == "__main__":
    main()
