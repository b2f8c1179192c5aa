"""Corpus search on a large store vs the raw FTS5 query on the same data.

    python tests/benchmarks/search_bench.py [--docs 100000] [--queries 40]

Builds a store of synthetic news-like documents (Zipf-distributed words, a
real-looking vocabulary, sources and publication dates), then for each query
(two words, one filter) times `services.search.search` (match, filter,
rank, highlight and context lines for the page of hits) against the raw
FTS5 statement that matches, filters and ranks the same page with FTS5's
own snippet() as context. Prints p50/p95
of both, the ratio of the medians (goal <= 1.5x) and the index size against
the text size.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotations.services import import_records  # noqa: E402
from annotations.services.search import SearchFilters, search  # noqa: E402
from annotations.store import Store  # noqa: E402
from annotations.types import DocumentRecord  # noqa: E402

GOAL = 1.5
LIMIT = 20
NEWS = ("grain corridor port tariff minister strike union bank inflation rate election vote court ruling "
        "drought harvest pipeline gas oil refinery shipping insurer ceasefire troops sanctions vaccine clinic "
        "outbreak budget deficit bond yield currency export import steel nickel copper cocoa coffee wheat "
        "parliament coalition protest police border refugee talks summit treaty fine regulator merger shares").split()
SOURCES = ["Harbour Ledger", "Cape Wire", "Sahel Post", "Andes Daily", "Nordic Times", "Gulf Review"]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ka", "lo", "ren", "ta", "mi", "dor", "sa", "vel", "no", "ri", "gan", "tu", "pe", "zor", "li", "ma"]
    words = set(NEWS)
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    made = sorted(words - set(NEWS))
    rng.shuffle(made)
    return made[:40] + NEWS + made[40:]  # news words frequent (ranks 40-110), as in real reporting


def documents(n: int, seed: int = 3) -> list[DocumentRecord]:
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    docs = []
    for i in range(n):
        words = rng.choices(vocab, weights, k=rng.randint(120, 220))
        sentences = [" ".join(words[j:j + 15]).capitalize() + "." for j in range(0, len(words), 15)]
        paras = ["".join(" ".join(sentences[k:k + 3])) for k in range(0, len(sentences), 3)]
        title = " ".join(rng.choices(vocab, weights, k=6)).capitalize()
        docs.append(DocumentRecord(
            text=f"{title} {i}\n\n" + "\n\n".join(paras) + "\n", title=f"{title} {i}",
            source=rng.choice(SOURCES), meta={"published": f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"}))
    return docs


# The raw query a search screen would run: match, filter, rank, and FTS5's own
# snippet() for the context of each shown document.
RAW_SQL = ("SELECT d.id, d.title, snippet(document_fts, 1, '[', ']', '…', 12) FROM document_fts "
           "JOIN document d ON d.id = document_fts.rowid "
           "WHERE document_fts MATCH ? AND d.source = ? ORDER BY rank, d.id LIMIT ?")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args(argv)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="glossator-search-") as tmp:
        path = Path(tmp) / "search.sqlite"
        store = Store.create(path)
        started = time.perf_counter()
        docs = documents(args.docs)
        for k in range(0, len(docs), 5000):
            import_records(store, docs[k:k + 5000])
        text_bytes = sum(len(d.text.encode("utf-8")) for d in docs)
        print(f"built {args.docs:,} documents ({text_bytes / 1e6:,.1f} MB of text) in {time.perf_counter() - started:.0f} s")
        queries = [(f"{rng.choice(NEWS)} {rng.choice(NEWS)}", rng.choice(SOURCES)) for _ in range(args.queries)]
        raw = sqlite3.connect(path)
        ours_t, raw_t, hits = [], [], 0
        for words, source in queries:  # interleaved: machine noise hits both sides alike
            fts = " AND ".join(f'"{w}"' for w in words.split())
            t0 = time.perf_counter()
            raw.execute(RAW_SQL, (fts, source, LIMIT)).fetchall()
            raw_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            found = search(store, words, SearchFilters(sources=(source,)), limit=LIMIT)
            ours_t.append(time.perf_counter() - t0)
            hits += len(found)
        index = sum(r[0] for r in raw.execute("SELECT pgsize FROM dbstat WHERE name LIKE 'document_fts%'"))
        raw.close()
        store.close()
    ratio = statistics.median(ours_t) / statistics.median(raw_t)
    print(f"queries: {len(queries)} (two words + a source filter, {LIMIT} per page), {hits} documents shown")
    print(f"glossator search  p50 {statistics.median(ours_t) * 1000:7.1f} ms  p95 {percentile(ours_t, .95) * 1000:7.1f} ms")
    print(f"raw FTS5 query    p50 {statistics.median(raw_t) * 1000:7.1f} ms  p95 {percentile(raw_t, .95) * 1000:7.1f} ms")
    print(f"{'search with one filter vs raw FTS5 query (median)':<72} {ratio:5.2f}x  goal <= {GOAL:g}x  "
          f"{'ok' if ratio <= GOAL else 'short'}")
    print(f"index size {index / 1e6:,.1f} MB vs text {text_bytes / 1e6:,.1f} MB ({index / text_bytes:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
