"""Importing documents: validate every record against the store's schema first,
then write all of them in one transaction (a batch goes in whole or not at all).

Rows are written by bulk.py (Core inserts, ids from the database). A span
repeated within one record is stored once and reported in
`ImportResult.duplicate_spans`; a document already in the store is skipped
and reported in `duplicates`.
"""
from __future__ import annotations

import json
import stat
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from sqlmodel import Session, col, select

from ..errors import InputError, ValidationError
from ..tables import DocumentRow, EventRow, RelationRow, SpanRow, utcnow
from ..schema import LabelSchema
from ..store import Store
from ..text import sha256
from ..types import DOCUMENT_STATUSES, DocumentRecord, SpanRecord
from . import bulk
from .rows import current_annotator
from .spans import check_bounds, check_status

if TYPE_CHECKING:
    from ..formats import Format

MAX_TEXT_CHARS = 5_000_000  # a news article is far below; beyond this the editor cannot work
MAX_FILE_BYTES = 1 << 30  # one import file; checked before reading (as archive.MAX_TOTAL_BYTES for archives)


@dataclass
class ImportResult:
    document_ids: list[int] = field(default_factory=list)
    span_count: int = 0
    relation_count: int = 0
    duplicates: list[str] = field(default_factory=list)  # "file:line: title" of skipped documents
    duplicate_spans: list[str] = field(default_factory=list)  # "file:line: span i repeats span j" (stored once)
    actor_links: int = 0  # ACTOR spans linked to the registry (actors/transfer.py)
    actors_added: list[str] = field(default_factory=list)  # registry actors the file's links needed

    @property
    def count(self) -> int:
        return len(self.document_ids)


def _where(record: DocumentRecord) -> tuple[str, int | None]:
    return record.path or "<input>", record.line


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def check_encodable(record: DocumentRecord) -> None:
    """Refuse lone surrogates (JSON can carry "\\ud800"): SQLite and sha256 need real UTF-8."""
    parts = {"text": record.text, "title": record.title, "source": record.source, "meta": record.meta}
    parts.update((f"span {i + 1}", [sp.label, sp.attributes]) for i, sp in enumerate(record.spans))
    parts.update((f"relation {i + 1}", rel.label) for i, rel in enumerate(record.relations))
    try:  # one pass in C when all is well (str() stands in for values JSON cannot hold)
        json.dumps(list(parts.values()), ensure_ascii=False, default=str).encode("utf-8")
        return
    except UnicodeEncodeError:
        pass
    for where, value in parts.items():
        for text in _strings(value):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValidationError(
                    f"{where} contains a lone surrogate (U+{ord(text[exc.start]):04X}); not valid Unicode text"
                ) from None


def validate_record(schema: LabelSchema, record: DocumentRecord) -> None:
    """Raise InputError (file, line, reason) for anything the store would refuse."""
    path, line = _where(record)
    try:
        if not isinstance(record.text, str) or not record.text.strip():
            raise ValidationError("document text is empty (or only whitespace)")
        if len(record.text) > MAX_TEXT_CHARS:
            raise ValidationError(
                f"document text is {len(record.text):,} characters long; the limit is {MAX_TEXT_CHARS:,}"
            )
        check_encodable(record)
        if record.status not in DOCUMENT_STATUSES:
            raise ValidationError(f"unknown document status {record.status!r}")
        length = len(record.text)
        # a span repeated within a record is stored once and reported (bulk.py), not refused
        for span in record.spans:
            schema.label(span.label)
            check_bounds(span.start, span.end, length, span.label)
            if span.actor is not None and span.label != "ACTOR":
                raise ValidationError(f"{span.label} span {span.start}–{span.end} links to actor {span.actor!r}; "
                                      "only ACTOR spans link to actors")
            check_status(span.status)
            span.attributes = schema.check_attributes(span.label, span.attributes)
        for rel in record.relations:
            if not (0 <= rel.head < len(record.spans) and 0 <= rel.child < len(record.spans)):
                raise ValidationError(f"relation {rel.label} points to a span that is not in the document")
            if rel.head == rel.child:
                raise ValidationError(f"relation {rel.label} joins a span to itself")
            schema.check_relation(rel.label, record.spans[rel.head].label, record.spans[rel.child].label)
    except ValidationError as exc:
        raise InputError(path, line, str(exc)) from None


def import_records(
    store: Store, records: Iterable[DocumentRecord], *, annotator: str | None = None
) -> ImportResult:
    """Validate all records, then insert the new ones in one transaction.

    Documents whose text is already in the store (same sha256), or repeated in
    the batch, are skipped and listed in `duplicates`.
    """
    records = list(records)
    for record in records:
        validate_record(store.schema, record)
    return _store_records(store, records, annotator or current_annotator())


DOCUMENT_KEY = ("sha256",)


def _span_key(span: SpanRecord, annotator: str) -> tuple:
    """What tells the spans of one new document apart (spans equal in all of it are stored once),
    as the store's uniqueness rules see it: a pending suggestion is one per suggester, any
    other span one per annotator's layer."""
    owner = span.suggester if span.status == "pending" else (span.annotator or annotator)
    return span.start, span.end, span.label, span.status, owner


def _unique_spans(record: DocumentRecord, annotator: str, result: ImportResult) -> list[int]:
    """For each span of the record, the index of the span kept in its place
    (itself, or the first identical one); repeats are reported in `result`."""
    keys = [_span_key(span, annotator) for span in record.spans]
    if len(set(keys)) == len(keys):
        return list(range(len(keys)))
    first: dict[tuple, int] = {}
    kept = []
    for i, span in enumerate(record.spans):
        j = first.setdefault(keys[i], i)
        if j != i:
            path, line = _where(record)
            where = path if line is None else f"{path}:{line}"
            result.duplicate_spans.append(
                f"{where}: span {i + 1} ({span.label} {span.start}–{span.end}) repeats span {j + 1}; stored once")
        kept.append(j)
    return kept


def _store_records(store: Store, records: list[DocumentRecord], annotator: str) -> ImportResult:
    """Insert already validated records in one transaction, skipping duplicates."""
    result = ImportResult()
    now = utcnow()
    with store.session() as s, bulk.paused_gc():
        hashes = [sha256(r.text) for r in records]
        existing = _existing_hashes(s, set(hashes))
        new: list[DocumentRecord] = []
        docs = []
        for record, digest in zip(records, hashes):
            if digest in existing:
                path, line = _where(record)
                where = path if line is None else f"{path}:{line}"
                result.duplicates.append(f"{where}: {record.title or record.text[:40]!r}")
                continue
            existing.add(digest)
            new.append(record)
            docs.append({"sha256": digest, "title": record.title, "source": record.source, "meta": record.meta,
                         "text": record.text, "status": record.status, "created_at": now, "updated_at": now})
        doc_ids = bulk.insert_returning_ids(s, DocumentRow, docs, DOCUMENT_KEY)
        spans, linked = [], []
        for record, doc_id in zip(new, doc_ids):
            kept = _unique_spans(record, annotator, result)
            rows = [_span_row(doc_id, sp, annotator, now) for i, sp in enumerate(record.spans) if kept[i] == i]
            spans.extend(rows)
            result.span_count += len(rows)
            if record.relations or any(sp.actor is not None for sp in record.spans):
                linked.append((record, doc_id, kept, len(rows)))
        bulk.insert_rows(s, SpanRow, spans, SPAN_COLUMNS)
        span_ids = bulk.ids_by_parent(s, SpanRow, "document_id", [doc for _, doc, _, _ in linked])
        relations = []
        for record, doc_id, kept, count in linked:
            ids = span_ids[doc_id]
            if len(ids) != count:
                raise ValidationError(f"document {doc_id} got {len(ids)} spans, not {count}; nothing was stored")
            row_of = {i: n for n, i in enumerate(sorted(set(kept)))}  # span index -> position among stored spans
            seen = set()
            for rel in record.relations:
                head, child = ids[row_of[kept[rel.head]]], ids[row_of[kept[rel.child]]]
                if (head, child, rel.label) in seen:
                    continue
                seen.add((head, child, rel.label))
                relations.append({"document_id": doc_id, "head_id": head, "child_id": child, "label": rel.label,
                                  "origin": "import", "status": rel.status, "annotator": annotator,
                                  "created_at": now})
        bulk.insert_rows(s, RelationRow, relations)
        result.relation_count = len(relations)
        _store_links(s, linked, span_ids, annotator, result)
        bulk.insert_rows(s, EventRow, [
            {"at": now, "annotator": annotator, "action": "import_document", "document_id": doc_id,
             "target": f"document:{doc_id}",
             "after": {"source": record.source, "spans": len(record.spans), "relations": len(record.relations)}}
            for record, doc_id in zip(new, doc_ids)
        ])
        result.document_ids.extend(doc_ids)
    return result


def _store_links(s: Session, linked: list, span_ids: dict[int, list[int]], annotator: str,
                 result: ImportResult) -> None:
    """The records' actor links on their new spans (and the actors they need), in this transaction."""
    from ..actors.transfer import store_links  # actors imports services: not at the top

    items = []
    for record, doc_id, kept, _count in linked:
        row_of = {i: n for n, i in enumerate(sorted(set(kept)))}
        items += [(span_ids[doc_id][row_of[i]], sp, record) for i, sp in enumerate(record.spans)
                  if sp.actor is not None and kept[i] == i]
    stored = store_links(s, items, annotator)
    result.actor_links, result.actors_added = stored.links, stored.actors_added


SPAN_COLUMNS = ("document_id", "start", "end", "label", "attributes", "origin", "status", "suggester",
                "suggester_version", "score", "annotator", "created_at", "updated_at")


def _span_row(doc_id: int, sp: SpanRecord, annotator: str, now) -> tuple:
    """A span's values in SPAN_COLUMNS order (tuples: 40,000 dicts were a tenth of an import)."""
    return (doc_id, sp.start, sp.end, sp.label, sp.attributes, sp.origin, sp.status, sp.suggester,
            sp.suggester_version, sp.score, sp.annotator or annotator, now, now)


def _existing_hashes(s: Session, hashes: set[str]) -> set[str]:
    found: set[str] = set()
    items = list(hashes)
    for i in range(0, len(items), 500):
        chunk = items[i : i + 500]
        found.update(s.exec(select(DocumentRow.sha256).where(col(DocumentRow.sha256).in_(chunk))))
    return found


@dataclass
class FileImport:
    """The outcome of `import_files`: what was stored, and what readers noticed."""

    result: ImportResult
    files: list[str]
    notes: list[str]
    skipped: list[str] = field(default_factory=list)  # "file:line: reason" of bad files left out (--skip-bad)


class BadFilesError(InputError):
    """Bad input files among several: one line per file, and nothing was imported.

    Its path, line and reason are the first bad file's, so callers that handle
    one InputError still name a file and line."""

    def __init__(self, errors: list[InputError], good: int):
        first = errors[0]
        super().__init__(first.path, first.line, first.reason)
        self.errors = errors
        hint = f"; nothing was imported (--skip-bad imports the {good} good file(s))" if good else ""
        self.args = ("\n".join(str(e) for e in errors) + hint,)

    def __str__(self) -> str:
        return self.args[0]


def _check_regular(path: Path, mode: int, size: int) -> None:
    """Only regular files are read, and only up to MAX_FILE_BYTES (checked before reading)."""
    if not stat.S_ISREG(mode):
        raise InputError(path, None, "not a regular file (a device, pipe or socket); nothing was read")
    if size > MAX_FILE_BYTES:
        raise InputError(path, None, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")


def expand_paths(paths: Iterable[str | Path], format_name: str | None = None,
                 skipped: list[str] | None = None) -> list[tuple[Path, "Format"]]:
    """Files to read, each with its format. A folder is read as one unit when a
    format claims it (e.g. brat), else every regular file inside it, sorted;
    links, devices and pipes inside a folder are skipped and listed in `skipped`."""
    from ..formats import detect, get_format

    chosen = get_format(format_name) if format_name else None
    found: list[tuple[Path, Format]] = []
    skipped = [] if skipped is None else skipped
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(path, None, "no such file or folder")
        if path.is_dir() and not (chosen and chosen.sniff(path)):
            try:
                fmt = detect(path)
                found.append((path, fmt))
                continue
            except InputError:
                pass
            found.extend(_folder_files(path, chosen, skipped))
            continue
        if not path.is_dir():
            info = path.stat()  # a path the user named: its link is followed
            _check_regular(path, info.st_mode, info.st_size)
        found.append((path, chosen or detect(path)))
    if not found:
        raise InputError(Path(str(next(iter(paths), "."))), None, "no importable files found")
    return found


def _folder_files(folder: Path, chosen: "Format | None", skipped: list[str]) -> Iterator[tuple[Path, "Format"]]:
    """Regular files under a folder, sorted; a subfolder a format claims (brat) is one unit.
    Links are not followed (they may point out of the folder); devices and pipes are not read."""
    from ..formats import detect

    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue
        info = p.lstat()
        if stat.S_ISLNK(info.st_mode):
            skipped.append(f"{p}: skipped (a link; folders are imported without following links)")
            continue
        if not stat.S_ISDIR(info.st_mode):
            if not stat.S_ISREG(info.st_mode):
                skipped.append(f"{p}: skipped (not a regular file)")
                continue
            _check_regular(p, info.st_mode, info.st_size)
        fmt = chosen if chosen and chosen.sniff(p) else None
        if fmt is None and not chosen:
            try:
                fmt = detect(p)
            except InputError:
                pass
        if fmt is not None and (p.is_file() or p.is_dir()):
            yield p, fmt
        elif p.is_dir():
            yield from _folder_files(p, chosen, skipped)


def import_files(
    store: Store,
    paths: Iterable[str | Path],
    *,
    format_name: str | None = None,
    annotator: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    skip_bad: bool = False,
    offsets: str | None = None,
) -> FileImport:
    """Read every file, then store them in one transaction.

    All files must parse and validate; with `skip_bad`, the bad ones are left
    out and listed in `skipped`, and the rest is stored. `offsets` ("utf16" or
    "codepoints") says how doccano/Label Studio offsets count; None decides per file."""
    from ..formats import ImportNotes
    from ..formats.archive import ArchiveNames, is_archive, unpacked

    names = ArchiveNames()
    with ExitStack() as stack:
        try:
            plain = []
            for raw in paths:
                if is_archive(Path(raw)):
                    root = stack.enter_context(unpacked(Path(raw)))
                    names.add(root, Path(raw))
                    raw = root
                plain.append(raw)
            notes = ImportNotes(offsets=offsets)
            files = expand_paths(plain, format_name, notes.messages)
            records: list[DocumentRecord] = []
            bad: list[str] = []
            for i, (path, fmt) in enumerate(files, start=1):
                try:
                    records.extend(_read_file(path, fmt, store.schema, notes, names))
                except InputError as exc:
                    if len(files) == 1:
                        raise
                    bad.append(names.error(exc))
                if progress:
                    progress(i, len(files))
        except InputError as exc:
            raise names.error(exc) from None
    if bad and not skip_bad:
        raise BadFilesError(bad, len(files) - len(bad))
    result = _store_records(store, records, annotator or current_annotator())  # validated while reading
    shown = [names.show(str(p)) for p, _ in files]
    return FileImport(result=result, files=shown, notes=[names.show(m) for m in notes.messages],
                      skipped=[str(e) for e in bad])


def _read_file(path: Path, fmt: "Format", schema: LabelSchema, notes, names) -> list[DocumentRecord]:
    """Every record of one file, validated; the file's first problem raises InputError."""
    records = []
    for record in fmt.read(path, schema, notes):
        record.path = names.show(record.path) if record.path else record.path
        validate_record(schema, record)
        records.append(record)
    return records
