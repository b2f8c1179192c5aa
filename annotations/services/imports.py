"""Importing documents: validate every record against the store's schema first,
then write all of them in one transaction (a batch goes in whole or not at all).

Bulk rows go through the raw sqlite3 connection with executemany: the ORM is
~50x slower for this (see ENV-NOTES) and buys nothing here.
"""
from __future__ import annotations

import json
import stat
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..errors import InputError, ValidationError
from ..models import utcnow
from ..schema import LabelSchema
from ..store import Store
from ..text import sha256
from ..types import DOCUMENT_STATUSES, DocumentRecord
from .rows import current_annotator
from .spans import check_bounds, check_status

if TYPE_CHECKING:
    from ..formats import Format

MAX_TEXT_CHARS = 5_000_000  # a news article is far below; beyond this the editor cannot work
MAX_FILE_BYTES = 1 << 30  # one import file; checked before reading (as archive.MAX_TOTAL_BYTES for archives)
_TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy's DateTime stores values in SQLite


@dataclass
class ImportResult:
    document_ids: list[int] = field(default_factory=list)
    span_count: int = 0
    relation_count: int = 0
    duplicates: list[str] = field(default_factory=list)  # "file:line: title" of skipped documents

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
    try:
        "".join(_strings(list(parts.values()))).encode("utf-8")  # one pass when all is well
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
        for span in record.spans:
            schema.label(span.label)
            check_bounds(span.start, span.end, length, span.label)
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


def _store_records(store: Store, records: list[DocumentRecord], annotator: str) -> ImportResult:
    """Insert already validated records in one transaction, skipping duplicates."""
    result = ImportResult()
    now = utcnow().strftime(_TS_FORMAT)
    with store.write_transaction() as con:
        hashes = [sha256(r.text) for r in records]
        existing = _existing_hashes(con, set(hashes))
        doc_id = _next_id(con, "document")
        span_id = _next_id(con, "span")
        rel_id = _next_id(con, "relation")
        docs, spans, relations, log = [], [], [], []
        for record, digest in zip(records, hashes):
            if digest in existing:
                path, line = _where(record)
                where = path if line is None else f"{path}:{line}"
                result.duplicates.append(f"{where}: {record.title or record.text[:40]!r}")
                continue
            existing.add(digest)
            docs.append((doc_id, digest, record.title, record.source, json.dumps(record.meta, ensure_ascii=False),
                         record.text, record.status, now, now))
            first_span = span_id
            for sp in record.spans:
                spans.append((span_id, doc_id, sp.start, sp.end, sp.label, json.dumps(sp.attributes, ensure_ascii=False),
                              sp.origin, sp.status, sp.suggester, sp.suggester_version, sp.score,
                              sp.annotator or annotator, now, now))
                span_id += 1
            for rel in record.relations:
                relations.append((rel_id, doc_id, first_span + rel.head, first_span + rel.child, rel.label,
                                  "import", rel.status, annotator, now))
                rel_id += 1
            log.append((now, annotator, "import_document", doc_id, f"document:{doc_id}",
                        json.dumps({"source": record.source, "spans": len(record.spans),
                                    "relations": len(record.relations)})))
            result.document_ids.append(doc_id)
            result.span_count += len(record.spans)
            result.relation_count += len(record.relations)
            doc_id += 1
        con.executemany(
            "INSERT INTO document (id, sha256, title, source, meta, text, status, created_at, updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?)", docs)
        con.executemany(
            'INSERT INTO span (id, document_id, start, "end", label, attributes, origin, status, suggester, '
            "suggester_version, score, annotator, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            spans)
        con.executemany(
            "INSERT INTO relation (id, document_id, head_id, child_id, label, origin, status, annotator, created_at) "
            "VALUES (?,?,?,?,?,?,?,?,?)", relations)
        con.executemany(
            "INSERT INTO event (at, annotator, action, document_id, target, after) VALUES (?,?,?,?,?,?)", log)
    return result


def _existing_hashes(con, hashes: set[str]) -> set[str]:
    found: set[str] = set()
    items = list(hashes)
    for i in range(0, len(items), 500):
        chunk = items[i : i + 500]
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in con.execute(f"SELECT sha256 FROM document WHERE sha256 IN ({marks})", chunk))
    return found


def _next_id(con, table: str) -> int:
    return int(con.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])


@dataclass
class FileImport:
    """The outcome of `import_files`: what was stored, and what readers noticed."""

    result: ImportResult
    files: list[str]
    notes: list[str]


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
    offsets: str | None = None,
) -> FileImport:
    """Read every file (all must parse and validate), then store them in one transaction.

    `offsets` ("utf16" or "codepoints") says how doccano/Label Studio offsets count; None decides per file."""
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
            for i, (path, fmt) in enumerate(files, start=1):
                for record in fmt.read(path, store.schema, notes):
                    record.path = names.show(record.path) if record.path else record.path
                    validate_record(store.schema, record)
                    records.append(record)
                if progress:
                    progress(i, len(files))
        except InputError as exc:
            raise names.error(exc) from None
    result = _store_records(store, records, annotator or current_annotator())  # validated while reading
    return FileImport(result=result, files=[names.show(str(p)) for p, _ in files],
                      notes=[names.show(m) for m in notes.messages])
