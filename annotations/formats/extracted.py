"""What the import-only document formats (saved web pages, PDF, Word, e-mail)
share: reading the original bytes under a size cap, turning extracted blocks
into blank-line separated paragraphs, and building the DocumentRecord with the
metadata every extractor records (original file name, sha256 of the original
bytes, extractor name and version).

The extractors themselves live in one module each (webpage, pdf, word, mail);
this module must not know any of them.
"""
from __future__ import annotations

import hashlib
import re
import stat
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from ..errors import GlossatorError, InputError
from ..types import DocumentRecord

MAX_SOURCE_BYTES = 200 * 1024 * 1024  # a saved page, report or mailbox far below this
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def read_original(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The file's bytes: a regular file only, its size checked before reading."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(path, None, f"cannot read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, None, "not a regular file")
    if info.st_size > limit:
        raise InputError(path, None, f"file is {info.st_size:,} bytes; the limit is {limit:,}")
    try:
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise InputError(path, None, f"cannot read ({exc.strerror})") from None


def clean_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def paragraphs(blocks: Iterable[str]) -> str:
    """Blocks (paragraphs, headings, table rows) as text: one block per
    paragraph, blocks separated by one blank line, inner whitespace collapsed."""
    out = []
    for block in blocks:
        lines = [clean_line(line) for line in block.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        text = " ".join(line for line in lines if line)
        if text:
            out.append(text)
    return "\n\n".join(out) + ("\n" if out else "")


@lru_cache(maxsize=None)  # reading package metadata costs ~1 ms: once per process
def extractor_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def document_record(
    path: Path, data: bytes, text: str, meta: dict[str, Any], *, extractor: str, distribution: str,
    title: str = "", source: str | None = None, line: int | None = None,
) -> DocumentRecord:
    """A record for one extracted document; `meta` keeps only the fields that were found."""
    text = _BLANKS.sub("\n\n", text)
    if not text.strip():
        raise InputError(path, line, "no text found in the document")
    full = {k: v for k, v in meta.items() if v not in (None, "")}
    full.update({
        "file_name": path.name,
        "file_sha256": hashlib.sha256(data).hexdigest(),
        "extractor": extractor,
        "extractor_version": extractor_version(distribution),
    })
    return DocumentRecord(
        text=text, title=(title or full.get("title") or path.stem)[:300], source=source or path.name,
        meta=full, path=str(path), line=line,
    )


class ImportOnly:
    """Mixin for formats that are read, never written."""

    writable = False

    def write(self, records, out, options):  # noqa: D401 - protocol method
        raise GlossatorError(f"{self.name}: Glossator imports this format but does not export it")
