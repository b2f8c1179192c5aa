"""doccano JSONL: sequence labelling (`"label": [[start, end, "L"]]`, also
`labels`) and JSONL(relation) (`entities` with ids and offsets, `relations`
with from_id/to_id/type). Offsets are written as code points, with each
span's text in an extra `span_texts` key; on import, how a file counts them
(code points or UTF-16 units) is decided per file from its spans (offsets.py).

doccano has no span attributes, no suggestion status and no actor links:
the writer leaves them out and says so in the report (links in one line). Document title, source, status and meta
ride along as extra keys, which doccano keeps as metadata.
See shared/FORMATS.md, pitfalls 8 and 13.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import InputError
from ..schema import LabelSchema
from ..text import Utf16Offsets
from ..types import DOCUMENT_STATUSES, DocumentRecord, RelationRecord, SpanRecord
from .actor_links import count_links, report_not_written
from .base import ExportOptions, ExportReport, FormatBase, ImportNotes
from .offsets import UTF16, RawSpan, as_codepoints, decide, quote_fits
from .output import count, document_name, write_atomically
from .plaintext import title_of
from .record_checks import checked
from .records import Fields, first_json_line, iter_json_lines

SPAN_KEYS = ("label", "labels", "entities")
QUOTES_KEY = "span_texts"  # written by Glossator: each span's text, so a re-import knows the offsets' counting
KNOWN_KEYS = {"id", "text", "relations", "title", "source", "document_status", "meta", "Comments", "comments",
              QUOTES_KEY, *SPAN_KEYS}


def is_doccano_record(value: Any) -> bool:
    """doccano's keys (label/labels/entities lists) and none of Prodigy's (spans/tokens)."""
    if not isinstance(value, dict) or "text" not in value:
        return False
    if "spans" in value or "tokens" in value:
        return False
    return any(isinstance(value.get(k), list) for k in SPAN_KEYS)


def to_codepoints(record: DocumentRecord) -> None:
    """Convert a record's spans from UTF-16 offsets, refusing any that split an emoji or leave the text."""
    u16 = Utf16Offsets(record.text)
    for span in record.spans:
        converted = as_codepoints(u16, span.start, span.end)
        if converted is None:
            raise InputError(record.path or "<input>", record.line,
                             f"span {span.start}–{span.end} {span.label}: as UTF-16 code units these offsets "
                             f"split an emoji or leave the text ({len(record.text.encode('utf-16-le')) // 2} units)")
        span.start, span.end = converted


def raw_spans(record: DocumentRecord, value: dict) -> list[RawSpan]:
    """The record's spans as the file gives them, with Glossator's span_texts as quoted text when
    they match every span under one counting or the other (a tool may have changed spans since)."""
    quotes = value.get(QUOTES_KEY)
    raw = [RawSpan(record.text, s.start, s.end, record.line) for s in record.spans]
    if isinstance(quotes, list) and len(quotes) == len(raw) and all(isinstance(q, str) for q in quotes):
        quoted = [RawSpan(r.text, r.start, r.end, r.line, q) for r, q in zip(raw, quotes)]
        if all(quote_fits(r) for r in quoted):
            return quoted
    return raw


def read_record(value: Any, path: Path, line: int) -> DocumentRecord:
    """One doccano line as a record, offsets as the file gives them (see `offsets.decide`)."""
    f = Fields(value, path, line, "doccano record")
    text = f.str("text")
    raw: list[tuple[int, int, str]] = []
    keys: dict[Any, int] = {}
    relations: list[tuple[Any, Any, str]] = []
    if "entities" in f.value:
        for item in f.list("entities"):
            e = f.sub(item, "entity")
            keys[e.key("id", len(raw))] = len(raw)
            raw.append((e.int("start_offset"), e.int("end_offset"), e.str("label")))
        for item in f.list("relations"):
            r = f.sub(item, "relation")
            relations.append((r.key("from_id"), r.key("to_id"), r.str("type")))
    else:
        key = "label" if "label" in f.value else "labels"
        for item in f.list(key):
            if not (isinstance(item, list) and len(item) == 3 and isinstance(item[2], str)
                    and all(isinstance(x, int) and not isinstance(x, bool) for x in item[:2])):
                raise f.fail(f"each {key!r} item must be [start, end, \"LABEL\"], not {item!r}"[:200])
            raw.append((item[0], item[1], item[2]))
    spans = [SpanRecord(start=s, end=e, label=lab) for s, e, lab in raw]
    rels = []
    for head, child, label in relations:
        if head not in keys or child not in keys:
            raise f.fail(f"relation {label!r} points to entity id {head if head not in keys else child!r}, "
                         "which is not in 'entities'")
        rels.append(RelationRecord(head=keys[head], child=keys[child], label=label))
    status = f.str("document_status", required=False, default="new")
    if status not in DOCUMENT_STATUSES:
        raise f.fail(f"unknown document status {status!r}")
    meta = dict(f.dict("meta"))
    meta.update({k: v for k, v in f.value.items() if k not in KNOWN_KEYS})
    return DocumentRecord(
        text=text, title=f.str("title", required=False) or title_of(text, path),
        source=f.str("source", required=False) or path.name, meta=meta, status=status,
        spans=spans, relations=rels, path=str(path), line=line,
    )


def record_dict(record: DocumentRecord, number: int, with_relations: bool, report: ExportReport) -> dict:
    name = document_name(record)
    kept = [i for i, s in enumerate(record.spans) if s.status == "accepted"]
    if len(kept) < len(record.spans):
        report.warn(f"{name}: doccano has no suggestion status; {len(record.spans) - len(kept)} "
                    "pending suggestion(s) not written")
    with_attrs = sum(1 for i in kept if record.spans[i].attributes)
    if with_attrs:
        report.warn(f"{name}: doccano holds no span attributes; attributes of {with_attrs} span(s) not written")
    out: dict[str, Any] = {"id": number, "text": record.text}
    new_id = {old: k for k, old in enumerate(kept)}
    if with_relations:
        out["entities"] = [
            {"id": new_id[i], "label": record.spans[i].label, "start_offset": record.spans[i].start,
             "end_offset": record.spans[i].end}
            for i in kept
        ]
        written = [r for r in record.relations
                   if r.status == "accepted" and r.head in new_id and r.child in new_id]
        out["relations"] = [
            {"id": k, "from_id": new_id[r.head], "to_id": new_id[r.child], "type": r.label}
            for k, r in enumerate(written)
        ]
        if len(written) < len(record.relations):
            report.warn(f"{name}: {len(record.relations) - len(written)} relation(s) that are pending or "
                        "touch a pending span not written")
    else:
        out["label"] = [[record.spans[i].start, record.spans[i].end, record.spans[i].label] for i in kept]
        written = []
        if record.relations:
            report.warn(f"{name}: sequence-labelling layout holds no relations; {len(record.relations)} not written")
    out[QUOTES_KEY] = [record.text[record.spans[i].start:record.spans[i].end] for i in kept]
    out.update({"title": record.title, "source": record.source, "document_status": record.status,
                "meta": record.meta})
    count(report, record, len(kept), len(written))
    return out


class Doccano(FormatBase):
    name = "doccano"
    description = "doccano JSONL: 'label' triples, or 'entities' + 'relations' (JSONL(relation))"
    extensions = (".jsonl",)

    def sniff(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in (".jsonl", ".json") and is_doccano_record(
            first_json_line(path))

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        values = list(iter_json_lines(path))
        records = [read_record(value, path, line) for line, value in values]
        raw = [span for (_, value), r in zip(values, records) for span in raw_spans(r, value)]
        unit = decide(path, raw, notes)
        for record in records:
            if unit == UTF16:
                to_codepoints(record)
            yield checked(record)

    def write(self, records: Iterable[DocumentRecord], out: Path, options: ExportOptions) -> ExportReport:
        """Relation layout (`entities`/`relations`) when the schema has relation
        types, else `label` triples; `extra["doccano_layout"]` may force either."""
        report = ExportReport(files=[out])
        layout = options.extra.get("doccano_layout") or ("relation" if options.schema.relations else "label")
        links = 0

        def lines() -> Iterator[str]:
            nonlocal links
            for n, r in enumerate(records, start=1):
                links += count_links(r.spans)
                yield json.dumps(record_dict(r, n, layout == "relation", report), ensure_ascii=False,
                                 allow_nan=False) + "\n"

        write_atomically(out, lines())
        report_not_written(report, links, "doccano")
        return report


DOCCANO = Doccano()
