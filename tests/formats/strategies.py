"""Hypothesis strategies and round-trip helpers for the format tests: random
documents (emoji, combining marks, CRLF, RTL), random overlapping spans with
attributes and statuses, SOURCE relations; export through a format and
import into a real store."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from annotations.formats import ExportOptions, ExportReport, get_format
from annotations.services import import_files, import_records, load_records
from annotations.store import Store
from annotations.types import DOCUMENT_STATUSES, DocumentRecord, RelationRecord, SpanRecord

# Modest by default so CI stays fast; raise with GLOSSATOR_HYPOTHESIS_EXAMPLES for a deeper run.
ROUNDTRIP = settings(
    max_examples=int(os.environ.get("GLOSSATOR_HYPOTHESIS_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PIECES = ["Tim", "Cook", "leads", "Apple", "'s", "3,500", "€2.4", " ", " ", "  ", ".", ",", "\r\n", "\n\n",
          "😀", "👨🏻‍🚒", "e\u0301", "n\u0303o", "שלום", "عربي", "\u200f", "\t", "x"]
UNITS = ["EUR", "percent", "tonnes", "people"]
OUT_NAMES = {"spacy": "docs.spacy", "jsonl": "docs.jsonl", "doccano": "docs.jsonl", "labelstudio": "tasks.json",
             "brat": "brat", "conll": "docs.conll"}


def attributes_for(label: str):
    if label == "ACTOR":
        return st.fixed_dictionaries({}, optional={"kind": st.sampled_from(["person", "organization", "state", "group"])})
    if label == "FIGURE":
        number = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False, width=64))
        return st.fixed_dictionaries({}, optional={"value": number, "unit": st.sampled_from(UNITS),
                                                   "approximate": st.booleans()})
    return st.fixed_dictionaries({}, optional={"stance": st.sampled_from(["states", "warns", "denies", "other"])})


@st.composite
def span_records(draw, length: int) -> SpanRecord:
    start = draw(st.integers(0, length - 1))
    end = draw(st.integers(start + 1, min(length, start + 30)))
    label = draw(st.sampled_from(["ACTOR", "FIGURE", "ASSERTION"]))
    pending = draw(st.booleans())
    return SpanRecord(
        start=start, end=end, label=label, attributes=draw(attributes_for(label)),
        status="pending" if pending else "accepted", origin="suggestion" if pending else "import",
        suggester=draw(st.sampled_from(["rules", "pipeline"])) if pending else None,
        suggester_version=draw(st.sampled_from([None, "1.0"])) if pending else None,
        score=draw(st.one_of(st.none(), st.floats(0, 1))) if pending else None,
    )


@st.composite
def documents(draw) -> DocumentRecord:
    text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25)))
    text = text.strip() or "x"
    spans, seen = [], set()
    for span in draw(st.lists(span_records(len(text)), max_size=8)):
        if (span.start, span.end, span.label) not in seen:
            seen.add((span.start, span.end, span.label))
            spans.append(span)
    heads = [i for i, s in enumerate(spans) if s.label == "ASSERTION"]
    children = [i for i, s in enumerate(spans) if s.label == "ACTOR"]
    relations, pairs = [], set()
    if heads and children:
        for head, child, pending in draw(st.lists(st.tuples(st.sampled_from(heads), st.sampled_from(children),
                                                            st.booleans()), max_size=3)):
            if (head, child) not in pairs:
                pairs.add((head, child))
                relations.append(RelationRecord(head, child, "SOURCE", "pending" if pending else "accepted"))
    return DocumentRecord(
        text=text, title=draw(st.sampled_from(["", "Title", "ﬁrst 😀"])) or text[:10],
        source=draw(st.sampled_from(["a.txt", "wire"])), status=draw(st.sampled_from(DOCUMENT_STATUSES)),
        meta=draw(st.sampled_from([{}, {"n": 1}, {"desk": "Économie"}])), spans=spans, relations=relations,
    )


def stored(store: Store, records: list[DocumentRecord]) -> list[DocumentRecord]:
    """Put records (made unique) in the store and read them back as the store exports them."""
    for r in records:
        r.text += f" {uuid.uuid4().hex[:10]}"
    ids = import_records(store, records).document_ids
    return list(load_records(store, ids, include_suggestions=True))


def export(fmt_name: str, store: Store, records: list[DocumentRecord], folder: Path,
           **extra) -> tuple[Path, ExportReport]:
    out = folder / uuid.uuid4().hex / OUT_NAMES[fmt_name]
    options = ExportOptions(schema=store.schema, include_suggestions=True, extra=extra)
    return out, get_format(fmt_name).write(records, out, options)


def roundtrip(fmt_name: str, src: Store, dst: Store, records: list[DocumentRecord], folder: Path,
              **extra) -> tuple[list[DocumentRecord], list[DocumentRecord], ExportReport, list[str]]:
    """(records as exported, records as re-imported, export report, import notes)."""
    before = stored(src, records)
    out, report = export(fmt_name, src, before, folder, **extra)
    outcome = import_files(dst, [out], format_name=fmt_name)
    assert not outcome.result.duplicates
    after = list(load_records(dst, outcome.result.document_ids, include_suggestions=True))
    return before, after, report, outcome.notes


def span_facts(span: SpanRecord, attributes: bool = True, statuses: bool = True) -> tuple:
    facts: tuple = (span.start, span.end, span.label)
    if attributes:
        facts += (tuple(sorted(span.attributes.items())),)
    if statuses:
        facts += (span.status, span.suggester, span.suggester_version, span.score)
    return facts


def facts(record: DocumentRecord, *, attributes=True, statuses=True, document=True,
          keep_span=lambda s: True, keep_relation=lambda r, rec: True) -> tuple:
    """What a format promises to keep of a record, as one comparable value."""
    spans = [s for s in record.spans if keep_span(s)]
    key = lambda s: (s.start, s.end, s.label)
    relations = sorted(
        (key(record.spans[r.head]), key(record.spans[r.child]), r.label) + ((r.status,) if statuses else ())
        for r in record.relations
        if keep_span(record.spans[r.head]) and keep_span(record.spans[r.child]) and keep_relation(r, record)
    )
    doc = (record.title, record.source, record.status, tuple(sorted(record.meta.items()))) if document else ()
    return (record.text, doc, sorted(span_facts(s, attributes, statuses) for s in spans), relations)
