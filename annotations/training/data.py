"""Training data: accepted annotations from the store → train/dev DocBins,
with the checks that come before training (empty data, too few examples per
label, spans that do not align to tokens, overlaps the `ner` component cannot
hold).

The DocBins are written by the spaCy export format (formats/spacy_docbin.py),
so `glossator train` data and `glossator export spacy` data are the same.
This module never trains; see run.py.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc, DocBin

from ..errors import GlossatorError
from ..formats.base import ExportOptions
from ..formats.spacy_docbin import DOCBIN, SPANS_KEY
from ..services.exports import load_records
from ..store import Store
from ..tokens import blank
from ..types import DocumentRecord
from .components import sentence_bounds

log = logging.getLogger(__name__)

COMPONENTS = ("spancat", "ner")
MIN_EXAMPLES = 10  # per label in the training split; below this the report warns
MAX_NGRAM = 12  # longest non-sentence span (tokens) spancat proposes


class TrainingDataError(GlossatorError):
    """The store holds nothing (or too little) to train on; says what is missing."""


@dataclass
class TrainingData:
    """What prepare_data wrote and what it found."""

    train_path: Path
    dev_path: Path
    component: str
    labels: tuple[str, ...]
    train_documents: tuple[int, ...]
    dev_documents: tuple[int, ...]
    train_counts: dict[str, int]
    dev_counts: dict[str, int]
    ngram_sizes: tuple[int, ...]
    sentence_labels: tuple[str, ...]
    data_hash: str
    warnings: list[str] = field(default_factory=list)

    def report_lines(self) -> list[str]:
        lines = [
            f"{len(self.train_documents)} training and {len(self.dev_documents)} dev document(s) "
            f"for {self.component}",
        ]
        for label in self.labels:
            lines.append(f"  {label}: {self.train_counts.get(label, 0)} train / {self.dev_counts.get(label, 0)} dev")
        return lines + [f"warning: {w}" for w in self.warnings]


def data_hash(records: Iterable[DocumentRecord]) -> str:
    """sha256 over texts and accepted spans: equal hashes mean equal training data."""
    digest = hashlib.sha256()
    for r in sorted(records, key=lambda r: r.text):
        spans = sorted((s.start, s.end, s.label) for s in r.spans)
        digest.update(json.dumps([r.text, spans], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def annotated_records(store: Store, document_ids: Iterable[int] | None = None) -> list[DocumentRecord]:
    """Documents with at least one accepted span (unannotated ones would teach "nothing here")."""
    return [r for r in load_records(store, document_ids) if r.spans]


def _group(doc: Doc, component: str):
    return list(doc.ents) if component == "ner" else list(doc.spans[SPANS_KEY])


def _counts(docs: list[Doc], component: str) -> Counter:
    return Counter(span.label_ for doc in docs for span in _group(doc, component))


def _shape(docs: list[Doc]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """n-gram sizes covering the non-sentence spans, and labels whose spans are mostly whole sentences."""
    sizes: set[int] = set()
    whole, total = Counter(), Counter()
    for doc in docs:
        sentences = set(sentence_bounds(doc))
        for span in doc.spans[SPANS_KEY]:
            total[span.label_] += 1
            if (span.start, span.end) in sentences:
                whole[span.label_] += 1
            elif len(span) <= MAX_NGRAM:
                sizes.add(len(span))
    sentence_labels = tuple(sorted(lab for lab in total if whole[lab] * 2 > total[lab]))
    return tuple(sorted(sizes or {1})), sentence_labels


def prepare_data(
    store: Store,
    out_dir: Path,
    *,
    component: str = "spancat",
    dev_split: float = 0.2,
    seed: int = 0,
    document_ids: Iterable[int] | None = None,
    dev_document_ids: Iterable[int] | None = None,
) -> TrainingData:
    """Write OUT_DIR/train.spacy and OUT_DIR/dev.spacy; raise TrainingDataError if there is nothing to learn.

    The dev documents are a seeded random `dev_split` share, or exactly `dev_document_ids`
    (which then need not be among `document_ids`: learning curves keep one dev set).
    """
    if component not in COMPONENTS:
        raise TrainingDataError(f"unknown component {component!r} (use {' or '.join(COMPONENTS)})")
    if not 0 < dev_split < 1:
        raise TrainingDataError(f"--dev-split must be between 0 and 1, not {dev_split}")
    records = annotated_records(store, document_ids)
    dev_records = None if dev_document_ids is None else annotated_records(store, dev_document_ids)
    if dev_records is not None:
        dev_ids = {r.store_id for r in dev_records}
        records = [r for r in records if r.store_id not in dev_ids] + dev_records
    if len(records) < 2 or dev_records == [] or dev_records == records:
        raise TrainingDataError(
            f"{store.location}: {len(records)} document(s) with accepted annotations; training needs at least 2 "
            "(one to train on, one to score): annotate or accept suggestions in more documents"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    options = ExportOptions(schema=store.schema, split=dev_split, seed=seed)
    if dev_records is None:
        report = DOCBIN.write(records, out_dir, options)
    else:
        report = DOCBIN.write(records[: len(records) - len(dev_records)], out_dir / "train.spacy", options)
        report.warnings += DOCBIN.write(dev_records, out_dir / "dev.spacy", options).warnings
    warnings = [w for w in report.warnings if component == "ner" or "left out of doc.ents" not in w]
    vocab = blank(store.schema.language).vocab
    by_text = {r.text: r.store_id for r in records}
    parts = {}
    for name in ("train", "dev"):
        docs = list(DocBin().from_disk(out_dir / f"{name}.spacy").get_docs(vocab))
        parts[name] = (docs, tuple(by_text[d.text] for d in docs))
    train_docs, dev_docs = parts["train"][0], parts["dev"][0]
    train_counts, dev_counts = _counts(train_docs, component), _counts(dev_docs, component)
    if not train_counts:
        raise TrainingDataError(
            f"{store.location}: no accepted span aligns to tokens in the training split"
            + (" and fits the non-overlapping ner layer" if component == "ner" else "")
            + "; fix span boundaries or use --component spancat"
        )
    labels = tuple(lab for lab in store.schema.label_names if train_counts.get(lab))
    for lab in store.schema.label_names:
        if not train_counts.get(lab):
            warnings.append(f"no {lab} examples in the training split: the model will not predict {lab}")
        elif train_counts[lab] < MIN_EXAMPLES:
            warnings.append(f"only {train_counts[lab]} {lab} example(s) to train on (want {MIN_EXAMPLES}+)")
    sizes, sentence_labels = _shape(train_docs)
    for w in warnings:
        log.info("training data: %s", w)
    return TrainingData(
        train_path=out_dir / "train.spacy",
        dev_path=out_dir / "dev.spacy",
        component=component,
        labels=labels,
        train_documents=parts["train"][1],
        dev_documents=parts["dev"][1],
        train_counts=dict(train_counts),
        dev_counts=dict(dev_counts),
        ngram_sizes=sizes,
        sentence_labels=sentence_labels,
        data_hash=data_hash(records),
        warnings=warnings,
    )
