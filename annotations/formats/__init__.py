"""File formats for import and export, one module each, and their registry.

Adding a format: write a module with an object that follows `base.Format`,
then add it to `_FORMATS` below. Import-only formats (saved web pages, PDF,
Word, e-mail) take `extracted.ImportOnly` and set `writable = False`.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import GlossatorError, InputError
from .base import ExportOptions, ExportReport, Format, ImportNotes
from .brat import BRAT
from .conll import CONLL
from .doccano import DOCCANO
from .jsonl import JSONL
from .labelstudio import LABELSTUDIO
from .mail import MAIL
from .pdf import PDF
from .plaintext import PLAINTEXT
from .spacy_docbin import DOCBIN
from .webpage import WEBPAGE
from .word import WORD

# Order matters for detect(): doccano sniffs .jsonl content before Prodigy JSONL
# takes the rest; brat claims folders holding .ann files.
_FORMATS: dict[str, Format] = {
    f.name: f for f in (PLAINTEXT, DOCCANO, JSONL, DOCBIN, LABELSTUDIO, BRAT, CONLL, WEBPAGE, PDF, WORD, MAIL)
}

__all__ = [
    "ExportOptions", "ExportReport", "Format", "ImportNotes", "get_format", "format_names", "detect",
    "importable_patterns",
]


def format_names(*, writable: bool = False) -> list[str]:
    """Every format's name; with `writable`, only those that can be exported (not web pages, PDF, ...)."""
    return [name for name, f in _FORMATS.items() if not writable or getattr(f, "writable", True)]


def get_format(name: str) -> Format:
    try:
        return _FORMATS[name]
    except KeyError:
        raise GlossatorError(f"unknown format {name!r} (known: {', '.join(_FORMATS)})") from None


def detect(path: Path) -> Format:
    """The format that reads this file or folder, by suffix first, then by content."""
    for fmt in _FORMATS.values():
        if fmt.sniff(path):
            return fmt
    raise InputError(path, None, f"cannot tell the format (known: {', '.join(_FORMATS)}); use --format")


def importable_patterns() -> list[str]:
    """Glob patterns of the single files `import` reads (formats and archives), for file pickers.

    brat is left out: it is read as a folder of .txt/.ann pairs, not file by file."""
    from .archive import SUFFIXES

    suffixes = {ext for f in _FORMATS.values() if f is not BRAT for ext in f.extensions} | set(SUFFIXES)
    return sorted(f"*{s}" for s in suffixes)
