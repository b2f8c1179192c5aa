"""Import of saved web pages vs the extractor alone on the same files.

    python tests/benchmarks/extract_bench.py [--pages N]

Writes N news-like pages (navigation, cookie notice, ads and comments around
a unique article), then times (a) trafilatura's `bare_extraction` with the
options Glossator uses on every file and (b) `import_files` of the same files
into a new store (reading, extraction, validation, one transaction). Prints
the ratio with its goal (<= 1.3x); median of 5 interleaved runs each.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotations.formats.webpage import extract_page  # noqa: E402
from annotations.services import import_files  # noqa: E402
from annotations.store import Store  # noqa: E402
from tests.benchmarks.corpus_news import articles  # noqa: E402

GOAL = 1.3
PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | The Ledger</title>
<meta property="og:site_name" content="The Ledger"><meta name="author" content="Desk {n}">
<meta property="article:published_time" content="2026-03-{day:02d}T08:00:00Z"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/markets">Markets</a></li></ul></nav>
<div class="cookie-banner"><p>We use cookies. Accept all cookies to continue.</p></div>
<main><article><h1>{title}</h1>{paragraphs}</article>
<aside class="advert"><p>Advertisement: cheap flights, book now.</p></aside>
<section class="comments"><h2>Comments</h2><div class="comment"><p>reader{n}: interesting.</p></div></section></main>
<footer><p>(c) 2026 The Ledger. All rights reserved.</p></footer></body></html>"""


def write_pages(folder: Path, n: int) -> list[Path]:
    paths = []
    for i, record in enumerate(articles(n, seed=7)):
        paras = "".join(f"<p>{p}</p>" for p in record.text.split("\n\n") if p.strip())
        path = folder / f"page-{i:05d}.html"
        path.write_text(PAGE.format(title=f"Report {i}: {record.title}", n=i, day=1 + i % 28, paragraphs=paras),
                        encoding="utf-8")
        paths.append(path)
    return paths


def time_extractor(paths: list[Path]) -> float:
    started = time.perf_counter()
    for path in paths:
        extract_page(path.read_bytes(), path)
    return time.perf_counter() - started


def time_import(paths: list[Path], folder: Path, run: int) -> float:
    store = Store.create(folder / f"store-{run}.sqlite")
    try:
        started = time.perf_counter()
        import_files(store, paths)
        return time.perf_counter() - started
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="glossator-extract-") as tmp:
        folder = Path(tmp)
        paths = write_pages(folder, args.pages)
        time_extractor(paths[:20])  # warm up imports and caches
        raws, ours_runs = [], []
        for run in range(5):  # interleaved, so a busy moment of the machine hits both sides
            raws.append(time_extractor(paths))
            ours_runs.append(time_import(paths, folder, run))
        raw, ours = statistics.median(raws), statistics.median(ours_runs)
    ratio = ours / raw
    print(f"{'import of ' + str(args.pages) + ' saved web pages vs trafilatura alone':<72} "
          f"{ours * 1000:>10,.0f} ms vs {raw * 1000:>10,.0f} ms  {ratio:5.2f}x  goal <= {GOAL:g}x  "
          f"{'ok' if ratio <= GOAL else 'short'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
