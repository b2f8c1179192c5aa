"""Word documents (.docx): paragraphs, headings and tables in document order,
read with python-docx, plus the title, author and date of its core properties.

The file is checked as a zip before python-docx sees it (not a zip, a member
that is not a file, or more uncompressed data than a document can hold, as a
zip bomb has), so a hostile file costs one line and no memory.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from ..schema import LabelSchema
from ..types import DocumentRecord
from .base import ImportNotes
from .extracted import ImportOnly, document_record, paragraphs, read_original

MAX_DOCX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per member: text compresses ~10x, bombs far more


def check_zip(data: bytes, path: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(path, None, "not a Word document (.docx files are zip archives; this one is not)") from None
    if "word/document.xml" not in {i.filename for i in infos}:
        raise InputError(path, None, "not a Word document (no word/document.xml inside)")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise InputError(path, None, f"unpacks to {total:,} bytes; refused as a zip bomb (limit {MAX_UNPACKED:,})")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(path, None, f"member {info.filename} expands {info.file_size // max(info.compress_size, 1)}x; "
                                         "refused as a zip bomb")


def docx_blocks(document) -> Iterable[str]:
    from docx.table import Table

    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:  # merged cells repeat: keep each text once per row
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                yield " | ".join(cells)
        else:
            yield item.text


class Word(ImportOnly):
    name = "docx"
    description = "Word document (paragraphs, headings and tables)"
    extensions = (".docx",)

    def sniff(self, path: Path) -> bool:
        return path.suffix.lower() in self.extensions and not path.is_dir()

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        import docx

        data = read_original(path, MAX_DOCX_BYTES)
        check_zip(data, path)
        try:
            document = docx.Document(io.BytesIO(data))
            text = paragraphs(docx_blocks(document))
            props = document.core_properties
            meta = {"title": props.title, "author": props.author,
                    "published": props.created.date().isoformat() if props.created else None}
        except InputError:
            raise
        except Exception as exc:  # python-docx's parse failures on damaged XML: one line
            raise InputError(path, None, f"not a readable Word document ({type(exc).__name__}: {exc})") from None
        if not text.strip():
            raise InputError(path, None, "the document holds no text")
        title = meta["title"] or text.split("\n", 1)[0][:120]
        yield document_record(path, data, text, meta, extractor="python-docx", distribution="python-docx", title=title)


WORD = Word()
