"""PDF reports (.pdf): the text layer, read with pdfminer.six.

pdfminer.six was chosen over pypdf because its layout analysis returns text
boxes with their positions: paragraphs come out as paragraphs, and boxes are
put in reading order here, column by column, so two-column reports read
left column then right column. A PDF with no text layer (a scan) and an
encrypted PDF are refused with one line; no OCR is attempted.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from ..schema import LabelSchema
from ..types import DocumentRecord
from .base import ImportNotes
from .extracted import ImportOnly, document_record, paragraphs, read_original

MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PAGES = 2000


def reading_order(boxes: list, page_width: float) -> list:
    """Boxes top to bottom in bands; within a band of two columns, the left
    column before the right. A box wider than half the page closes a band."""
    mid = page_width / 2
    ordered, left, right = [], [], []
    for box in sorted(boxes, key=lambda b: (-b.y1, b.x0)):
        if box.x1 <= mid + 2:
            left.append(box)
        elif box.x0 >= mid - 2:
            right.append(box)
        else:  # spans both columns: a heading or a full-width paragraph
            ordered += left + right + [box]
            left, right = [], []
    return ordered + left + right


def _box_text(box) -> str:
    lines = [line.get_text().rstrip("\n") for line in box]
    out = ""
    for line in lines:
        if out.endswith("-") and line[:1].islower():  # a word hyphenated across lines
            out = out[:-1] + line.lstrip()
        else:
            out = f"{out}\n{line}" if out else line
    return out


def pdf_blocks(data: bytes, path: Path) -> Iterable[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        for i, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), start=1):
            if i > MAX_PAGES:
                raise InputError(path, None, f"more than {MAX_PAGES} pages")
            boxes = [el for el in page if isinstance(el, LTTextContainer)]
            for box in reading_order(boxes, page.width):
                yield _box_text(box)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError(path, None, "encrypted PDF: save an unprotected copy first") from None
    except PDFSyntaxError as exc:
        raise InputError(path, None, f"not a readable PDF ({exc})") from None
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on damaged files: one line each
        raise InputError(path, None, f"not a readable PDF ({type(exc).__name__}: {exc})") from None


def pdf_info(data: bytes) -> dict:
    """Title, author and creation date from the document information dictionary, when present."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.utils import decode_text

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        info = doc.info[0] if doc.info else {}
    except Exception:  # metadata is optional; the text was already read
        return {}

    def text(key):
        value = info.get(key)
        value = value.resolve() if hasattr(value, "resolve") else value
        if isinstance(value, bytes):
            value = decode_text(value)  # PDFDocEncoding, or UTF-16 with a byte-order mark
        return value.strip() or None if isinstance(value, str) else None

    created = text("CreationDate") or ""
    date = f"{created[2:6]}-{created[6:8]}-{created[8:10]}" if created.startswith("D:") and len(created) >= 10 else None
    return {"title": text("Title"), "author": text("Author"), "published": date}


class Pdf(ImportOnly):
    name = "pdf"
    description = "PDF report (its text layer; scans need OCR first)"
    extensions = (".pdf",)

    def sniff(self, path: Path) -> bool:
        return path.suffix.lower() in self.extensions and not path.is_dir()

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        data = read_original(path, MAX_PDF_BYTES)
        if not data.startswith(b"%PDF-"):
            raise InputError(path, None, "not a PDF file (no %PDF- header)")
        text = paragraphs(pdf_blocks(data, path))
        if not text.strip():
            raise InputError(path, None, "no text layer: OCR it first")
        meta = pdf_info(data)
        title = meta.get("title") or text.split("\n", 1)[0][:120]
        yield document_record(path, data, text, meta, extractor="pdfminer.six", distribution="pdfminer.six",
                              title=title)


PDF = Pdf()
