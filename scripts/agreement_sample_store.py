"""Build the store the README's agreement, curate and report examples run on.

    .venv/bin/python scripts/agreement_sample_store.py STORE [--pace SECONDS]

- layer `ana`: the 14 sample articles with their gold annotations
  (resources/samples/gold.jsonl), each marked done by ana;
- layer `ben`: a second annotator's layer for 5 of them
  (resources/samples/second_layer.jsonl), each marked done by ben;
- layer `cara`: two held-out articles, run through the `rules` suggester and
  reviewed by cara against their held-out gold (a suggestion matching a gold
  span exactly is accepted, any other rejected), one decision every `--pace`
  seconds so the report's review speed has real timings; then marked done.

Everything goes through the public services; the store must not exist yet.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotations.agreement import add_layer  # noqa: E402
from annotations.formats import get_format  # noqa: E402
from annotations.formats.base import ImportNotes  # noqa: E402
from annotations.services import get_document, get_spans, import_files, import_records, set_status  # noqa: E402
from annotations.services.review import accept, reject  # noqa: E402
from annotations.store import Store  # noqa: E402
from annotations.services.suggestions import run_suggester  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
HELDOUT = ("h05", "h06")  # the rules suggester gets one of these wrong: a rejection to show


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--pace", type=float, default=1.0, help="Seconds between cara's review decisions.")
    args = parser.parse_args()
    store = Store.create(args.store)
    jsonl = get_format("jsonl")
    gold = list(jsonl.read(SAMPLES / "gold.jsonl", store.schema, ImportNotes()))
    ana_docs = import_records(store, gold, annotator="ana").document_ids
    for doc_id in ana_docs:
        set_status(store, doc_id, "done", annotator="ana")
    second = list(jsonl.read(SAMPLES / "second_layer.jsonl", store.schema, ImportNotes()))
    for doc_id in add_layer(store, second, "ben", by="ben").documents:
        set_status(store, doc_id, "done", annotator="ben")

    articles = sorted(p for p in (SAMPLES / "heldout" / "articles").glob("*.txt") if p.name[:3] in HELDOUT)
    cara_docs = import_files(store, articles, annotator="cara").result.document_ids
    run_suggester(store, "rules", cara_docs, annotator="cara")
    heldout = {}
    for line in (SAMPLES / "heldout" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        heldout[record["text"]] = {(s["start"], s["end"], s["label"]) for s in record["spans"]}
    for doc_id in cara_docs:
        truth = heldout.get(get_document(store, doc_id).text, set())
        for span in get_spans(store, doc_id, statuses=["pending"]):
            decide = accept if (span.start, span.end, span.label) in truth else reject
            decide(store, span.id, annotator="cara")
            time.sleep(args.pace)
        set_status(store, doc_id, "done", annotator="cara")
    print(f"{args.store}: ana {len(ana_docs)} documents, ben {len(second)}, cara {len(cara_docs)} (reviewed)")


if __name__ == "__main__":
    main()
