"""Prodigy-style JSONL: one task per line with text, meta, tokens, spans
(token_end inclusive), relations (head/child on each span's last token),
answer and stable _input_hash/_task_hash. See shared/FORMATS.md §2.

Glossator extras ride along in keys Prodigy ignores: span `attributes`,
`status`/`suggester`/`score` for pending suggestions, the document
`status`, and actor links: `"actor": {"id": ..., "name": ...}` on a linked
ACTOR span and the registry entries in the task's `"actors"` list
(actor_links.py).
"""
from __future__ import annotations

import hashlib
import json
from itertools import chain
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..schema import LabelSchema
from ..tokens import TokenIndex, blank, token_columns, token_dicts
from ..types import DOCUMENT_STATUSES, DocumentRecord, RelationRecord, SpanRecord
from .actor_links import actor_id, actor_name, entry_list, keep_used, read_entries
from .base import ExportOptions, ExportReport, FormatBase, ImportNotes
from .output import write_atomically
from .doccano import is_doccano_record
from .record_checks import checked
from .records import Fields, first_json_line, iter_json_lines


def stable_hash(*parts: Any) -> int:
    """A signed 32-bit hash that is the same on every machine and run."""
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:4], "big", signed=True)


def span_key(d: Any) -> tuple:
    return (d.get("start"), d.get("end"), d.get("label")) if isinstance(d, dict) else (None, None, None)


def read_span(f: Fields) -> SpanRecord:
    status = f.str("status", required=False, default="accepted")
    link = f.value.get("actor")
    if link is not None:
        link = actor_id(f.sub(link, "span field 'actor'").value.get("id"), f.path, f.line,
                        "span field 'actor.id'")
    return SpanRecord(
        start=f.int("start"),
        end=f.int("end"),
        label=f.str("label"),
        attributes=f.dict("attributes"),
        status=status,
        origin="suggestion" if f.value.get("suggester") else "import",
        suggester=f.str("suggester", required=False),
        suggester_version=f.str("suggester_version", required=False),
        score=f.get("score", (int, float)),
        actor=link,
    )


def is_optional(raw: Any) -> bool:
    """A gold span marked `"optional": true` ("may be marked or not", DECISIONS): for
    evaluation only, so an import leaves it (and the relations that use it) out."""
    return isinstance(raw, dict) and raw.get("optional") is True


def read_task(value: Any, path: Path, line: int, notes: ImportNotes | None = None) -> DocumentRecord | None:
    """One JSONL task to a record; None for a rejected/ignored task."""
    f = Fields(value, path, line, "task")
    text = f.str("text")
    if f.value.get("answer") in ("reject", "ignore"):
        return None
    meta = dict(f.dict("meta"))
    title = meta.pop("title", None)
    source = meta.pop("source", None)
    status = f.str("status", required=False, default="new")
    if status not in DOCUMENT_STATUSES:
        raise f.fail(f"unknown document status {status!r}")
    raw_spans = f.list("spans")
    spans = [read_span(f.sub(s, "span")) for s in raw_spans if not is_optional(s)]
    optional = {span_key(s) for s in raw_spans if is_optional(s)}
    if optional and notes is not None:
        notes.messages.append(f"{path}:{line}: {len(optional)} optional gold span(s) left out (evaluation only)")
    index = {(s.start, s.end, s.label): i for i, s in enumerate(spans)}
    relations = []
    for raw in f.list("relations"):
        r = f.sub(raw, "relation")
        if is_optional(raw) or any(span_key(r.value.get(side)) in optional for side in ("head_span", "child_span")):
            continue
        ends = []
        for side in ("head_span", "child_span"):
            key = span_key(r.dict(side))
            if key not in index:
                raise f.fail(f"relation {r.value.get('label')!r}: {side} {key[0]}–{key[1]} {key[2]} is not in 'spans'")
            ends.append(index[key])
        relations.append(RelationRecord(head=ends[0], child=ends[1], label=r.str("label"),
                                        status=r.str("status", required=False, default="accepted")))
    return keep_used(DocumentRecord(
        text=text, title=str(title) if title is not None else text.strip().split("\n", 1)[0][:120],
        source=str(source) if source is not None else path.name, meta=meta, status=status,
        spans=spans, relations=relations, path=str(path), line=line,
    ), read_entries(f.value.get("actors"), path, line))


def span_dict(record: DocumentRecord, span: SpanRecord, tokens: TokenIndex, report: ExportReport) -> dict:
    out: dict[str, Any] = {"start": span.start, "end": span.end}
    found = tokens.token_range(span.start, span.end)
    if found is None:
        found = tokens.covering(span.start, span.end)
        report.warn(
            f"document {record.store_id or record.title!r}: {span.label} span {span.start}–{span.end} "
            f"does not align to tokens; token_start/token_end cover the tokens it touches"
        )
    if found is not None:
        out["token_start"], out["token_end"] = found
    out["label"] = span.label
    out["text"] = record.text[span.start : span.end]
    if span.attributes:
        out["attributes"] = span.attributes
    if span.status != "accepted":
        out["status"] = span.status
    if span.actor is not None:
        out["actor"] = {"id": span.actor, "name": actor_name(record, span.actor)}
    if span.suggester:
        out["suggester"] = span.suggester
        if span.suggester_version:
            out["suggester_version"] = span.suggester_version
        if span.score is not None:
            out["score"] = span.score
    return out


def task_parts(record: DocumentRecord, columns: tuple, report: ExportReport) -> tuple[dict, dict]:
    """A task's keys before and after "tokens", in output order."""
    tokens = TokenIndex.from_columns(columns[0], columns[1])
    spans = [span_dict(record, s, tokens, report) for s in record.spans]
    relations = []
    for rel in record.relations:
        head, child = spans[rel.head], spans[rel.child]
        brief = lambda d: {k: d[k] for k in ("start", "end", "token_start", "token_end", "label") if k in d}
        item = {"head": head.get("token_end"), "child": child.get("token_end"),
                "head_span": brief(head), "child_span": brief(child), "label": rel.label}
        if rel.status != "accepted":
            item["status"] = rel.status
        relations.append(item)
    meta = {"title": record.title, "source": record.source, **record.meta}
    question = [[s["start"], s["end"], s["label"]] for s in spans] + [
        [r["head_span"]["start"], r["child_span"]["start"], r["label"]] for r in relations
    ]
    before = {"text": record.text, "meta": meta}
    after = {
        "spans": spans,
        "relations": relations,
        "answer": "accept",
        "status": record.status,
        "_input_hash": stable_hash(record.text),
        "_task_hash": stable_hash(record.text, question),
        "_view_id": "spans_manual",
    }
    if record.actors:
        after["actors"] = entry_list(record)
    return before, after


def task_dict(record: DocumentRecord, doc, report: ExportReport) -> dict:
    columns = token_columns(doc)
    before, after = task_parts(record, columns, report)
    return {**before, "tokens": token_dicts(record.text, columns), **after}


_encode = encode_basestring  # the string escaper json.dumps uses with ensure_ascii=False
_TOKEN = '{"text": %s, "start": %s, "end": %s, "id": %s, "ws": %s}'
_BOOL = ("false", "true")


def task_line(record: DocumentRecord, doc, report: ExportReport) -> str:
    """`json.dumps(task_dict(...), ensure_ascii=False)`, byte for byte, without a
    dict per token: tokens are most of a task, so they are written directly."""
    columns = token_columns(doc)
    before, after = task_parts(record, columns, report)
    starts, ends, spaces = columns
    texts = map(_encode, map(record.text.__getitem__, map(slice, starts, ends)))
    # one %-format over all tokens, fed by map() over C callables: no Python frame per token
    fields = tuple(chain.from_iterable(zip(texts, starts, ends, range(len(starts)), map(_BOOL.__getitem__, spaces))))
    tokens = ", ".join([_TOKEN] * len(starts)) % fields
    head = json.dumps(before, ensure_ascii=False, allow_nan=False)
    tail = json.dumps(after, ensure_ascii=False, allow_nan=False)
    return f'{head[:-1]}, "tokens": [{tokens}], {tail[1:]}'


class Jsonl(FormatBase):
    name = "jsonl"
    description = "Prodigy-style JSONL (text, meta, tokens, spans, relations, answer, hashes)"
    extensions = (".jsonl",)

    def sniff(self, path: Path) -> bool:
        """Any .jsonl file that is not doccano's (so text+meta-only files land here)."""
        return path.suffix.lower() == ".jsonl" and not (path.is_file() and is_doccano_record(first_json_line(path)))

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        for line, value in iter_json_lines(path):
            record = read_task(value, path, line, notes)
            if record is None:
                notes.messages.append(f"{path}:{line}: rejected/ignored task skipped")
                continue
            yield checked(record)

    def write(self, records: Iterable[DocumentRecord], out: Path, options: ExportOptions) -> ExportReport:
        report = ExportReport(files=[out])
        tokenizer = blank(options.schema.language).tokenizer

        def lines() -> Iterator[str]:
            for record in records:
                doc = tokenizer(record.text)
                yield task_line(record, doc, report) + "\n"
                report.documents += 1
                report.spans += len(record.spans)
                report.relations += len(record.relations)

        write_atomically(out, lines())
        return report


JSONL = Jsonl()
