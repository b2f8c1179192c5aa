"""spaCy DocBin (.spacy): every span in doc.spans["sc"] (overlap kept), the
largest non-overlapping subset in doc.ents, and the full Glossator record
(attributes, relations, statuses, exact offsets) in doc.user_data so a round
trip loses nothing. A linked ACTOR span carries its actor id as `Span.kb_id_`
(in doc.spans and doc.ents); user_data holds the links and the registry
entries they use (actor_links.py). See shared/FORMATS.md §1."""
from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ..errors import InputError
from ..schema import LabelSchema
from ..tokens import blank
from ..types import DocumentRecord, RelationRecord, SpanRecord
from .actor_links import actor_id, entry_list, keep_used, read_entries
from .base import ExportOptions, ExportReport, FormatBase, ImportNotes
from .record_checks import checked
from .output import FolderWriter, write_atomically, write_bytes_atomically
from .spacy_config import CONFIG_NAME, check_kind, config_text

if TYPE_CHECKING:  # spaCy loads when a DocBin is read or written, not with the format registry
    from spacy.tokens import Doc

SPANS_KEY = "sc"
USER_KEY = "glossator"


def largest_non_overlapping(spans: list[tuple[int, int, int]]) -> list[int]:
    """Indices of a maximum-size set of non-overlapping (start, end, index) intervals.

    Earliest-end-first greedy is optimal for interval scheduling.
    """
    chosen, last_end = [], -1
    for start, end, i in sorted(spans, key=lambda t: (t[1], t[0])):
        if start >= last_end:
            chosen.append(i)
            last_end = end
    return sorted(chosen)


def record_to_doc(record: DocumentRecord, doc: Doc, report: ExportReport) -> Doc:
    name = record.store_id or record.title
    aligned = []
    for i, sp in enumerate(record.spans):
        span = doc.char_span(sp.start, sp.end, label=sp.label, kb_id=sp.actor or "", alignment_mode="strict")
        if span is None:
            report.warn(
                f"document {name!r}: {sp.label} span {sp.start}–{sp.end} "
                f"({record.text[sp.start:sp.end]!r}) does not align to spaCy tokens; "
                "left out of doc.spans/doc.ents (kept in user_data)"
            )
            continue
        aligned.append((i, span))
    doc.spans[SPANS_KEY] = [span for _, span in aligned]
    keep = set(largest_non_overlapping([(s.start_char, s.end_char, i) for i, s in aligned]))
    dropped = [s for i, s in aligned if i not in keep]
    doc.ents = [s for i, s in aligned if i in keep]
    if dropped:
        report.warn(
            f"document {name!r}: {len(dropped)} overlapping span(s) left out of doc.ents "
            f"(kept in doc.spans['{SPANS_KEY}']): "
            + ", ".join(f"{s.label_} {s.start_char}–{s.end_char}" for s in dropped[:5])
            + (" …" if len(dropped) > 5 else "")
        )
    doc.user_data[USER_KEY] = {
        "title": record.title,
        "source": record.source,
        "meta": record.meta,
        "status": record.status,
        "spans": [
            [s.start, s.end, s.label, s.attributes, s.status, s.suggester, s.suggester_version, s.score]
            for s in record.spans
        ],
        "relations": [[r.head, r.child, r.label, r.status] for r in record.relations],
    }
    if record.actors:
        doc.user_data[USER_KEY]["links"] = [[i, s.actor] for i, s in enumerate(record.spans) if s.actor]
        doc.user_data[USER_KEY]["actors"] = entry_list(record)
    return doc


def _rows(data: dict, key: str, size: int, path: Path, number: int) -> list[list]:
    """user_data[key] as a list of lists of `size` items, or an InputError naming the shape."""
    rows = data.get(key) or []
    where = f"user_data['{USER_KEY}'][{key!r}]"
    if not isinstance(rows, (list, tuple)):
        raise InputError(path, number, f"{where} must be a list, not {rows!r}"[:200])
    for k, row in enumerate(rows, start=1):
        if not isinstance(row, (list, tuple)) or len(row) != size:
            what = key[:-1]  # span, relation, link
            raise InputError(path, number, f"{where} {what} {k} must be a list of {size} values, not {row!r}"[:200])
    return [list(row) for row in rows]


def _glossator_record(doc: Doc, data: Any, path: Path, number: int) -> DocumentRecord:
    if not isinstance(data, dict):
        raise InputError(path, number, f"user_data['{USER_KEY}'] must be a dict, not {data!r}"[:200])
    spans = []
    for k, s in enumerate(_rows(data, "spans", 8, path, number), start=1):
        if s[3] is not None and not isinstance(s[3], dict):
            raise InputError(path, number, f"span {k}: field 'attributes' must be a dict, not {s[3]!r}"[:200])
        spans.append(SpanRecord(start=s[0], end=s[1], label=s[2], attributes=dict(s[3] or {}), status=s[4],
                                origin="suggestion" if s[5] else "import", suggester=s[5], suggester_version=s[6],
                                score=s[7]))
    relations = [RelationRecord(head=r[0], child=r[1], label=r[2], status=r[3])
                 for r in _rows(data, "relations", 4, path, number)]
    for k, (index, actor) in enumerate(_rows(data, "links", 2, path, number), start=1):
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(spans):
            raise InputError(path, number, f"user_data['{USER_KEY}']['links'] link {k}: span index {index!r} "
                                           f"is not one of the {len(spans)} spans"[:200])
        spans[index].actor = actor_id(actor, path, number, f"user_data['{USER_KEY}']['links'] link {k} actor")
    meta = data.get("meta")
    return checked(keep_used(DocumentRecord(
        text=doc.text, title=data.get("title") or "", source=data.get("source"),
        meta={} if meta is None else meta, status=data.get("status", "new"),
        spans=spans, relations=relations, path=str(path), line=number,
    ), read_entries(data.get("actors"), path, number, f"user_data['{USER_KEY}']['actors']")))


def doc_to_record(doc: Doc, path: Path, number: int) -> DocumentRecord:
    data = doc.user_data.get(USER_KEY)
    if data is not None and data != {}:
        return _glossator_record(doc, data, path, number)
    seen, spans = set(), []
    groups = [list(doc.ents)] + [list(g) for g in doc.spans.values()]
    for group in groups:
        for span in group:
            key = (span.start_char, span.end_char, span.label_)
            if key not in seen:
                seen.add(key)
                # a knowledge-base id on an ACTOR span is its actor (created from the mention if missing)
                actor = span.kb_id_ if span.kb_id_ and span.label_ == "ACTOR" else None
                spans.append(SpanRecord(start=key[0], end=key[1], label=key[2], actor=actor))
    spans.sort(key=lambda s: (s.start, s.end))
    title = doc.text.strip().split("\n", 1)[0][:120]
    return DocumentRecord(text=doc.text, title=title, source=path.name, spans=spans, path=str(path), line=number)


def split_docs(docs: list[Doc], split: float, seed: int) -> dict[str, list[Doc]]:
    """{"train.spacy": docs, "dev.spacy": docs} (dev only when split > 0), shuffled by seed."""
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    n_dev = round(len(docs) * split) if split > 0 else 0
    if split > 0 and len(docs) >= 2:
        n_dev = min(max(n_dev, 1), len(docs) - 1)
    parts = {"train.spacy": [docs[i] for i in sorted(order[n_dev:])]}
    if n_dev:
        parts["dev.spacy"] = [docs[i] for i in sorted(order[:n_dev])]
    return parts


class SpacyDocBin(FormatBase):
    name = "spacy"
    description = "spaCy DocBin (.spacy): doc.spans['sc'], doc.ents, lossless user_data"
    extensions = (".spacy",)

    def sniff(self, path: Path) -> bool:
        return path.suffix.lower() == ".spacy"

    def writes_folder(self, out: Path) -> bool:
        return out.suffix.lower() != ".spacy"

    def companions(self, out: Path, options: ExportOptions) -> list[Path]:
        return [] if self.writes_folder(out) or not options.extra.get("config") else [out.with_name(CONFIG_NAME)]

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        from spacy.tokens import DocBin

        vocab = blank(schema.language).vocab
        try:
            docbin = DocBin(store_user_data=True).from_disk(path)
            docs = list(docbin.get_docs(vocab))
        except Exception as exc:  # spaCy raises many kinds for a bad file
            raise InputError(path, None, f"not a spaCy DocBin file ({type(exc).__name__}: {exc})"[:300]) from None
        if not docs:
            raise InputError(path, None, "empty DocBin (no documents)")
        for number, doc in enumerate(docs, start=1):
            # "line" of a DocBin is the document's position in the file
            yield doc_to_record(doc, path, number)

    def write(self, records: Iterable[DocumentRecord], out: Path, options: ExportOptions) -> ExportReport:
        from spacy.tokens import DocBin

        kind = options.extra.get("config")
        check_kind(kind)
        report = ExportReport()
        nlp = blank(options.schema.language)
        records = list(records)
        docs = [record_to_doc(r, nlp.make_doc(r.text), report) for r in records]
        for r in records:
            report.documents += 1
            report.spans += len(r.spans)
            report.relations += len(r.relations)
        if not self.writes_folder(out):
            write_bytes_atomically(out, DocBin(docs=docs, store_user_data=True).to_bytes())
            report.files.append(out)
            if kind:
                config = out.with_name(CONFIG_NAME)
                write_atomically(config, [config_text(kind, out.resolve(), None, docs, options.schema.language,
                                                      report)])
                report.files.append(config)
            return report
        parts = split_docs(docs, options.split, options.seed)
        # train, dev and config are written together and swapped in together: never a new
        # train.spacy beside an old dev.spacy (documents in both or in neither)
        with FolderWriter(out, self.name, options.replace_folder) as folder:
            for name, part in parts.items():
                report.files.append(folder.write(name, DocBin(docs=part, store_user_data=True).to_bytes()))
            if kind:
                final = [p.resolve() for p in report.files]
                text = config_text(kind, final[0], final[1] if len(final) > 1 else None, docs,
                                   options.schema.language, report)
                report.files.append(folder.write(CONFIG_NAME, text))
        return report


DOCBIN = SpacyDocBin()
