"""What every file format provides: a reader yielding DocumentRecords, a
writer taking them, and an ExportReport that lists whatever the format could
not hold, so nothing is dropped silently."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

from ..schema import LabelSchema
from ..types import DocumentRecord


@dataclass
class ExportOptions:
    schema: LabelSchema
    split: float = 0.0  # share of documents written to a dev set (formats that support it)
    seed: int = 0
    include_suggestions: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # format-specific options (e.g. spaCy --config)
    # Folder formats: build the folder whole beside the target and swap it in for an earlier export
    # (what `export` does); False writes each file into the folder in place (training's working folder).
    replace_folder: bool = False


@dataclass
class ExportReport:
    documents: int = 0
    spans: int = 0
    relations: int = 0
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what the format could not hold, one line each

    def warn(self, message: str) -> None:
        self.warnings.append(message)


@dataclass
class ImportNotes:
    """What a reader noticed but did not refuse (e.g. UTF-16 offsets converted),
    and how the user said offsets are counted (`--offsets`), if they did."""

    messages: list[str] = field(default_factory=list)
    offsets: str | None = None  # "codepoints" or "utf16"; None: decide per file from the spans


class Format(Protocol):
    name: str
    description: str
    extensions: tuple[str, ...]

    def sniff(self, path: Path) -> bool:
        """True if this format reads the file (by suffix, then by content)."""

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        """Yield records; raise InputError (file, line, reason) on bad input."""

    def write(self, records: Iterable[DocumentRecord], out: Path, options: ExportOptions) -> ExportReport:
        """Write records to `out` (a file or a folder, per format)."""

    def writes_folder(self, out: Path) -> bool:
        """True if an export to `out` is a folder (else one file)."""

    def companions(self, out: Path, options: ExportOptions) -> list[Path]:
        """Files a one-file export also writes beside `out` (e.g. a config)."""


class FormatBase:
    """Defaults for the export-target questions: one file, nothing beside it."""

    folder = False

    def writes_folder(self, out: Path) -> bool:
        return self.folder

    def companions(self, out: Path, options: ExportOptions) -> list[Path]:
        return []
