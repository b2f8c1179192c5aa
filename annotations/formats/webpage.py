"""Saved web pages (.html, .htm): the article's main text and metadata,
extracted with trafilatura (which uses htmldate for the publication date).

trafilatura was chosen because it is built for news pages: it drops menus,
cookie notices, ads and comment sections, reads the metadata pages carry
(Open Graph, JSON-LD, meta tags), runs offline and is deterministic. It is
imported only when a page is read, so other commands do not pay for it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..schema import LabelSchema
from ..types import DocumentRecord
from .base import ImportNotes
from .extracted import ImportOnly, document_record, paragraphs, read_original

MAX_PAGE_BYTES = 20 * 1024 * 1024


def extract_page(data: bytes, path: Path) -> tuple[str, dict]:
    """(text, meta) of one saved page; InputError when it holds no main text."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, deduplicate=False, output_format="python",
            favor_precision=True,  # a page of menus gives no text rather than its menu
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # the extractor's own parse failures: one line, not a traceback
        raise InputError(path, None, f"cannot read the page ({type(exc).__name__}: {exc})") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError(path, None, "no main text found in the page (is it an article?)")
    meta = {
        "title": doc.title, "author": doc.author, "published": doc.date,
        "site": doc.sitename or doc.hostname, "url": doc.url, "description": doc.description,
    }
    return paragraphs(text.split("\n")), meta


class WebPage(ImportOnly):
    name = "html"
    description = "saved web page (main text and metadata, boilerplate removed)"
    extensions = (".html", ".htm")

    def sniff(self, path: Path) -> bool:
        return path.suffix.lower() in self.extensions and not path.is_dir()

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        data = read_original(path, MAX_PAGE_BYTES)
        text, meta = extract_page(data, path)
        yield document_record(path, data, text, meta, extractor="trafilatura", distribution="trafilatura",
                              source=meta.get("site") or path.name)


WEBPAGE = WebPage()
