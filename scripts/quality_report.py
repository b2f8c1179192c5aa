"""The README's quality table: F1 (precision, recall) per label (ACTOR / FIGURE /
ASSERTION) of every suggester configuration on gold sets, plus the precision of
the top and bottom score quintiles. Scored like `glossator evaluate`.

    python scripts/quality_report.py --gold PATH [--gold PATH ...] [--train] [--suggester NAME ...]

--gold takes a gold JSONL file or a folder holding `gold.jsonl` (or *.jsonl files);
without it, every development set in resources/samples is scored. Configurations:
`rules` and `default` (or the --suggester names given), and with --train also a
spancat model trained (`glossator train`, --epochs, in a temporary store) on the
development sets that are not being scored, alone and in union with the rules
(the rules' spans, plus the model's spans that overlap none of the rules' spans of
the same label). --store S --trained NAME scores an existing trained model instead.

To score a new blind set in one command, every configuration of the README's table:

    .venv/bin/python scripts/quality_report.py --gold path/to/unseen2 --train
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.evaluation import (  # noqa: E402
    compare, development_gold, quintiles, read_gold, read_optional, strip_optional,
)
from annotations.suggesters import get_suggester  # noqa: E402
from annotations.suggesters.base import Suggestion  # noqa: E402

LABELS = ["ACTOR", "FIGURE", "ASSERTION"]
SAMPLES = ROOT / "resources/samples"
DEVELOPMENT = development_gold()  # the rules, the pipeline filters and the calibration were tuned on them


def gold_files(path: Path) -> list[Path]:
    """A gold JSONL file, or a folder's gold.jsonl, else every *.jsonl in it."""
    if path.is_dir():
        single = path / "gold.jsonl"
        found = [single] if single.exists() else sorted(path.glob("*.jsonl"))
        if not found:
            raise SystemExit(f"{path}: no gold.jsonl and no *.jsonl file in this folder")
        return found
    if not path.exists():
        raise SystemExit(f"{path}: no such gold file or folder")
    return [path]


def set_name(path: Path) -> str:
    if path.resolve() == (SAMPLES / "gold.jsonl").resolve():
        return "development (gold.jsonl)"
    return path.parent.name if path.name == "gold.jsonl" else path.stem


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
    return f"| {set_name(path)} | {name} | {cells} | {top:.2f} / {bottom:.2f} |"


def train_on(paths: list[Path], folder: Path, epochs: int):
    """A store in `folder` holding the gold of `paths` (optional spans left out) and a spancat
    model trained on it; returns (store, suggester name)."""
    from annotations.services import import_files
    from annotations.store import Store
    from annotations.training.run import TrainOptions, train_from_store

    store = Store.create(folder / "train.sqlite")
    ids: list[int] = []
    for k, path in enumerate(paths):
        ids += import_files(store, [strip_optional(path, folder / f"train-{k}.jsonl")]).result.document_ids
    info, _ = train_from_store(store, folder / "dev", TrainOptions(epochs=epochs), document_ids=ids)
    return store, f"trained:{info.name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_args", nargs="*", type=Path, metavar="GOLD", help="same as --gold")
    parser.add_argument("--gold", action="append", type=Path, default=[], help="gold JSONL file or folder")
    parser.add_argument("--suggester", action="append")
    parser.add_argument("--train", action="store_true",
                        help="also train spancat on the development sets not scored, alone and with the rules")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--store")
    parser.add_argument("--trained")
    args = parser.parse_args()
    sets = [f for p in (args.gold + args.gold_args) for f in gold_files(p)] or DEVELOPMENT
    names = args.suggester or ["rules", "default"]
    store, trained_name = None, None
    tmp = tempfile.TemporaryDirectory()
    if args.store:
        from annotations.store import Store
        store = Store.open(args.store)
        trained_name = f"trained:{args.trained}" if args.trained else None
    elif args.train:
        scored = {p.resolve() for p in sets}
        training = [p for p in DEVELOPMENT if p.resolve() not in scored]
        print(f"training spancat ({args.epochs} epochs) on {', '.join(set_name(p) for p in training)}", flush=True)
        store, trained_name = train_on(training, Path(tmp.name), args.epochs)
    print("| set | suggester | ACTOR F1 | FIGURE F1 | ASSERTION F1 | precision top / bottom fifth by score |")
    print("|---|---|---|---|---|---|")
    for path in sets:
        texts = [r.text for r in read_gold(path)]
        results = {}
        for name in names:
            suggester = get_suggester(name, store)
            results[name] = list(suggester.suggest(texts))
            print(row(f"{name} {suggester.version}", path, results[name]), flush=True)
        if trained_name:
            trained = list(get_suggester(trained_name, store).suggest(texts))
            print(row(trained_name, path, trained), flush=True)
            rules = results.get("rules") or list(get_suggester("rules").suggest(texts))
            print(row(f"rules + {trained_name}", path, [union(r, t) for r, t in zip(rules, trained)]), flush=True)
    if store is not None:
        store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
