"""Plain text (.txt, .md): one document per file, stored exactly as decoded.
The title is the first line when it is short, else the file name."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from ..schema import LabelSchema
from ..text import read_text
from ..types import DocumentRecord
from .base import ExportOptions, ExportReport, FormatBase, ImportNotes
from .output import FolderWriter

MAX_TITLE = 120


def title_of(text: str, path: Path) -> str:
    first = text.lstrip().split("\n", 1)[0].strip().lstrip("#").strip()
    return first if 0 < len(first) <= MAX_TITLE else path.stem


class PlainText(FormatBase):
    name = "text"
    description = "plain text or Markdown, one document per file"
    extensions = (".txt", ".md")
    folder = True

    def sniff(self, path: Path) -> bool:
        return path.suffix.lower() in self.extensions

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        text = read_text(path)
        if not text.strip():
            raise InputError(path, None, "empty file (no text to annotate)")
        yield DocumentRecord(text=text, title=title_of(text, path), source=path.name, path=str(path), line=None)

    def write(self, records: Iterable[DocumentRecord], out: Path, options: ExportOptions) -> ExportReport:
        report = ExportReport()
        with FolderWriter(out, self.name, options.replace_folder) as folder:
            for record in records:
                name = f"{record.store_id or report.documents + 1:05d}.txt"
                report.files.append(folder.write(name, record.text))
                report.documents += 1
                if record.spans:
                    report.warn(f"{name}: plain text holds no annotations ({len(record.spans)} spans not written)")
        return report


PLAINTEXT = PlainText()
