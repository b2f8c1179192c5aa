"""Writing export files safely and counting what was written: every writer
goes through here so readers never see half a file and reports agree."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable

from ..types import DocumentRecord
from .base import ExportReport


def write_atomically(out: Path, lines: Iterable[str]) -> None:
    """Write to a temp file beside `out`, then rename: readers never see half a file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for line in lines:
                fh.write(line)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomically(out: Path, data: bytes) -> None:
    """Binary counterpart of write_atomically (temp file beside `out`, then rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_folder(out: Path, files: Iterable[tuple[str, str]]) -> list[Path]:
    """Write (name, text) pairs into a fresh temp folder beside `out`, then move
    each into `out`: a failure half-way leaves `out` as it was."""
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        names = []
        for name, text in files:
            (tmp / name).write_text(text, encoding="utf-8", newline="")
            names.append(name)
        targets = []
        for name in names:
            os.replace(tmp / name, out / name)
            targets.append(out / name)
        return targets
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def count(report: ExportReport, record: DocumentRecord, spans: int | None = None, relations: int | None = None) -> None:
    """Add one written document (and how many of its spans/relations went out) to the report."""
    report.documents += 1
    report.spans += len(record.spans) if spans is None else spans
    report.relations += len(record.relations) if relations is None else relations


def document_name(record: DocumentRecord) -> str:
    """How reports name a document: its store id, else its title."""
    return f"document {record.store_id}" if record.store_id is not None else f"document {record.title!r}"
