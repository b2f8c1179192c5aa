"""Learning curve on the sample gold: dev F1 of a model trained on 25%, 50%
and 100% of the training documents (one fixed dev set), and how the trained
model combined with `rules` compares to `rules` alone on that dev set.

    .venv/bin/python scripts/learning_curve.py [--epochs 30] [--dev 4] [--seed 0] [--unseen]

By default the dev documents are split off `resources/samples/gold.jsonl`, the set the
rules were developed on (so `rules` scores ~1.0 there). With `--unseen` the model trains
on that set plus `heldout/` and is scored on `test/`, which the model has not seen (the
rules have, since release 2 session 2). `scripts/quality_report.py --gold PATH --train`
scores the trained path on any gold set, e.g. a new blind one.

Works in a temporary store; prints figures, writes nothing else.
"""
from __future__ import annotations

import argparse
import math
import random
import tempfile
import time
from importlib import resources
from pathlib import Path

from annotations.evaluation import compare, strip_optional
from annotations.services import import_files, load_records
from annotations.store import Store
from annotations.suggesters import get_suggester
from annotations.suggesters.base import Suggestion
from annotations.training.run import TrainOptions, train_from_store

SHARES = (0.25, 0.5, 1.0)


SAMPLE_SETS = {"dev": "gold.jsonl", "heldout": "heldout/gold.jsonl", "test": "test/gold.jsonl"}


def gold_store(folder: Path) -> tuple[Store, dict[str, list[int]]]:
    """A temp store holding every sample gold set; returns it with the document ids of each set."""
    store = Store.create(folder / "gold.sqlite")
    samples = resources.files("resources") / "samples"
    ids = {  # optional gold spans ("may be marked or not") are no training examples
        name: import_files(store, [strip_optional(Path(str(samples / path)), folder / f"{name}.jsonl")]).result.document_ids
        for name, path in SAMPLE_SETS.items()
    }
    return store, ids


def split(ids: list[int], n_dev: int, seed: int) -> tuple[list[int], list[int]]:
    shuffled = ids[:]
    random.Random(seed).shuffle(shuffled)
    return sorted(shuffled[n_dev:]), sorted(shuffled[:n_dev])


def learning_curve(store: Store, folder: Path, train_ids, dev_ids, epochs: int, seed: int):
    rows = []
    for share in SHARES:
        n = max(2, math.ceil(len(train_ids) * share))
        subset = random.Random(seed).sample(train_ids, n)
        started = time.perf_counter()
        info, _ = train_from_store(
            store, folder / f"curve-{int(share * 100)}", TrainOptions(epochs=epochs, seed=seed),
            document_ids=subset, dev_document_ids=dev_ids,
        )
        rows.append((share, n, info, time.perf_counter() - started))
    return rows


def print_curve(rows, labels) -> None:
    print(f"{'share':>6} {'docs':>5} {'F1 all':>7} " + " ".join(f"{lab:>10}" for lab in labels) + "   seconds")
    for share, n, info, seconds in rows:
        per = info.scores["labels"]
        cells = " ".join(f"{per.get(lab, {}).get('f', 0.0):>10.3f}" for lab in labels)
        print(f"{share:>6.0%} {n:>5} {info.scores['f']:>7.3f} {cells}   {seconds:.0f}")


def combine(rules: Suggestion, trained: Suggestion) -> Suggestion:
    """Rules' spans, plus each trained span that no rules span of the same label overlaps."""
    spans = list(rules.spans)
    for span in trained.spans:
        if not any(r.label == span.label and r.start < span.end and span.start < r.end for r in rules.spans):
            spans.append(span)
    return Suggestion(spans=tuple(spans), relations=rules.relations)


def compare_with_rules(store: Store, model: str, dev_ids: list[int]) -> dict[str, dict]:
    """F1 per label on the dev documents (scored like `glossator evaluate`) for rules, trained, both."""
    records = list(load_records(store, dev_ids))
    texts = [r.text for r in records]
    rules = list(get_suggester("rules", store).suggest(texts))
    trained = list(get_suggester(model, store).suggest(texts))
    runs = {"rules": rules, model: trained, f"{model} + rules": [combine(r, t) for r, t in zip(rules, trained)]}
    labels = store.schema.label_names
    return {name: compare(records, suggestions, labels) for name, suggestions in runs.items()}


def print_comparison(results: dict[str, dict], labels) -> None:
    print(f"{'suggester':<28} " + " ".join(f"{lab:>10}" for lab in labels) + f" {'micro F1':>9}")
    for name, scores in results.items():
        per = [scores[lab] for lab in labels]
        tp_p, n_p = sum(s.matched_predicted for s in per), sum(s.predicted for s in per)
        tp_g, n_g = sum(s.matched_gold for s in per), sum(s.gold for s in per)
        p, r = (tp_p / n_p if n_p else 0.0), (tp_g / n_g if n_g else 0.0)
        micro = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:<28} " + " ".join(f"{s.f1:>10.3f}" for s in per) + f" {micro:>9.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--dev", type=int, default=4, help="documents held out for scoring")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--unseen", action="store_true", help="train on gold + heldout, score on test/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store, sets = gold_store(folder)
        if args.unseen:
            train_ids, dev_ids = sets["dev"] + sets["heldout"], sets["test"]
            what = "samples gold + heldout for training, test/ for scoring"
        else:
            train_ids, dev_ids = split(sets["dev"], args.dev, args.seed)
            what = "sample gold"
        print(f"{what}: {len(train_ids)} training documents, dev documents {dev_ids}; "
              f"spancat, {args.epochs} epochs, dev scores exact match (spaCy scorer)")
        rows = learning_curve(store, folder, train_ids, dev_ids, args.epochs, args.seed)
        print_curve(rows, store.schema.label_names)
        model = f"trained:{rows[-1][2].name}"
        print("\non the same dev documents, scored like `glossator evaluate` (ASSERTION by sentence overlap):")
        print_comparison(compare_with_rules(store, model, dev_ids), store.schema.label_names)
        store.close()


if __name__ == "__main__":
    main()
