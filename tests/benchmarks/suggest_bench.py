"""`glossator suggest` cost: the suggestion service (read texts, run the rule
pipeline, write pending spans and relations) over generated documents, against
plain `nlp.pipe` of the same pipeline over the same texts, measured in the same
run; and how the service's time grows from 500 to 2,000 documents.

    python tests/benchmarks/suggest_bench.py [--docs 2000] [--seed 0]
    python tests/benchmarks/suggest_bench.py --combined [--docs 2000] [--runs 3]

Goal: service time / nlp.pipe time <= 1.3 (storing suggestions must cost little).

With --combined: the `default` suggester (rules + the pretrained pipeline's
names) and the suggestion service with it, against plain `nlp.pipe` of the
full pretrained pipeline (spacy.load, every component) over the same texts;
goal <= 1.3. Prints the median ratio of --runs runs.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("GLOSSATOR_ANNOTATOR", "bench")

from annotations.services import import_records  # noqa: E402
from annotations.services.suggestions import run_suggester  # noqa: E402
from annotations.store import Store  # noqa: E402
from annotations.suggesters.rules import BATCH_SIZE, build_pipeline  # noqa: E402
from annotations.types import DocumentRecord  # noqa: E402

from tests.benchmarks.corpus_news import articles  # noqa: E402

GOAL = 1.3


def texts_for(n: int, seed: int) -> list[str]:
    return [a.text for a in articles(n, seed=seed)]


def time_pipe(texts: list[str]) -> float:
    nlp = build_pipeline()
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return time.perf_counter() - start


def time_service(texts: list[str], folder: Path) -> tuple[float, int]:
    store = Store.create(folder / f"bench-{len(texts)}.sqlite")
    with store:
        ids = import_records(store, [DocumentRecord(text=t) for t in texts]).document_ids
        start = time.perf_counter()
        result = run_suggester(store, "rules", ids)
        return time.perf_counter() - start, result.added


def combined(texts: list[str], runs: int, folder: Path) -> None:
    """The default suggester (and the service with it) vs plain nlp.pipe of the pretrained pipeline."""
    import statistics

    import spacy

    from annotations.suggesters.combined import DefaultSuggester, best_english_pipeline

    name = best_english_pipeline()
    if name is None:
        sys.exit("no pretrained English pipeline installed (bash scripts/setup.sh installs one)")
    nlp = spacy.load(name)
    suggester = DefaultSuggester(name)
    list(nlp.pipe(texts[:20]))
    list(suggester.suggest(texts[:20]))
    ratios, service_ratios = [], []
    print(f"{name}: {len(texts)} docs; {'nlp.pipe s':>11} {'default s':>10} {'ratio':>6} {'service s':>10} {'ratio':>6}")
    for run in range(runs):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        pipe = time.perf_counter() - start
        start = time.perf_counter()
        for _suggestion in suggester.suggest(texts):
            pass
        mine = time.perf_counter() - start
        store = Store.create(folder / f"combined-{run}.sqlite")
        with store:
            ids = import_records(store, [DocumentRecord(text=t) for t in texts]).document_ids
            start = time.perf_counter()
            run_suggester(store, "default", ids)
            service = time.perf_counter() - start
        ratios.append(mine / pipe)
        service_ratios.append(service / pipe)
        print(f"run {run + 1}: {pipe:>11.2f} {mine:>10.2f} {mine / pipe:>6.2f} {service:>10.2f} {service / pipe:>6.2f}")
    ratio, service_ratio = statistics.median(ratios), statistics.median(service_ratios)
    print(f"default suggester vs nlp.pipe({name}) over {len(texts)} docs: median {ratio:.2f}x "
          f"(goal <= {GOAL}) {'ok' if ratio <= GOAL else 'short'}; with storing: {service_ratio:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--combined", action="store_true", help="default suggester vs the pretrained pipeline")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = texts_for(args.docs, args.seed)
    if args.combined:
        with tempfile.TemporaryDirectory() as tmp:
            combined(texts, args.runs, Path(tmp))
        return
    build_pipeline()  # load once, outside every timing
    time_pipe(texts[:50])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'docs':>6} {'nlp.pipe s':>11} {'suggest s':>10} {'ratio':>6} {'spans':>7}")
        rows = []
        for n in sorted({min(args.docs, k) for k in (500, 1000, args.docs)}):
            pipe = time_pipe(texts[:n])
            service, added = time_service(texts[:n], folder)
            rows.append((n, pipe, service))
            print(f"{n:>6} {pipe:>11.2f} {service:>10.2f} {service / pipe:>6.2f} {added:>7}")
    n, pipe, service = rows[-1]
    first_n, _, first_service = rows[0]
    ratio = service / pipe
    print(f"suggest vs nlp.pipe over {n} docs: {ratio:.2f}x (goal <= {GOAL}) {'ok' if ratio <= GOAL else 'short'}")
    print(f"growth {first_n} -> {n} docs: time x{service / first_service:.2f} for docs x{n / first_n:.1f}")


if __name__ == "__main__":
    main()
