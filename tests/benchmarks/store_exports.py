"""Export benchmark figures: the store → DocBin and store → JSONL paths against
building the same output from in-memory lists with spaCy/json directly."""
from __future__ import annotations

import json
from pathlib import Path

from spacy.tokens import DocBin

from annotations.formats import ExportOptions, get_format
from annotations.formats.jsonl import task_dict
from annotations.formats.base import ExportReport
from annotations.formats.spacy_docbin import SPANS_KEY, USER_KEY, largest_non_overlapping
from annotations.services import load_records
from annotations.store import Store
from annotations.tokens import blank

from tests.benchmarks.store_figures import Figure, timed


def raw_docbin(texts: list[str], spans: list[list[tuple]], meta: list[dict], out: Path) -> None:
    """Baseline: the same DocBin (spans, ents, user_data) from plain lists."""
    nlp = blank("en")
    docs = []
    for text, items, info in zip(texts, spans, meta):
        doc = nlp.make_doc(text)
        made = [doc.char_span(s, e, label=label) for s, e, label, _ in items]
        doc.spans[SPANS_KEY] = made
        keep = set(largest_non_overlapping([(s.start_char, s.end_char, i) for i, s in enumerate(made)]))
        doc.ents = [s for i, s in enumerate(made) if i in keep]
        doc.user_data[USER_KEY] = {**info, "spans": [[s, e, label, attrs, "accepted", None, None, None]
                                                     for s, e, label, attrs in items]}
        docs.append(doc)
    DocBin(docs=docs, store_user_data=True).to_disk(out)


def docbin_figure(store: Store, folder: Path) -> Figure:
    records = list(load_records(store))
    texts = [r.text for r in records]
    spans = [[(s.start, s.end, s.label, s.attributes) for s in r.spans] for r in records]
    meta = [{"title": r.title, "source": r.source, "meta": r.meta, "status": r.status,
             "relations": [[x.head, x.child, x.label, x.status] for x in r.relations]} for r in records]
    baseline = min(timed(lambda: raw_docbin(texts, spans, meta, folder / "raw.spacy")) for _ in range(2))
    fmt, opts = get_format("spacy"), ExportOptions(schema=store.schema)
    value = min(timed(lambda: fmt.write(load_records(store), folder / "export.spacy", opts)) for _ in range(2))
    n = sum(len(s) for s in spans)
    return Figure(f"export {len(records)} docs / {n:,} spans to DocBin (vs spaCy from lists)", value, baseline, 1.5)


def jsonl_figure(store: Store, folder: Path) -> Figure:
    records = list(load_records(store))
    tokenizer = blank("en").tokenizer
    report = ExportReport()
    dicts = [task_dict(r, tokenizer(r.text), report) for r in records]

    def raw() -> None:
        with open(folder / "raw.jsonl", "w", encoding="utf-8") as fh:
            for d in dicts:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")

    baseline = min(timed(raw) for _ in range(3))
    fmt, opts = get_format("jsonl"), ExportOptions(schema=store.schema)
    value = min(timed(lambda: fmt.write(load_records(store), folder / "export.jsonl", opts)) for _ in range(2))
    return Figure(f"export {len(records)} docs to JSONL (vs json.dumps of the same dicts)", value, baseline, 2.0)
