"""The exceptions the core raises. Each renders as one line a user can act on."""
from __future__ import annotations

from pathlib import Path


class GlossatorError(Exception):
    """Base class: any error whose message is meant for the user as is."""


class InputError(GlossatorError):
    """A bad input file: names the file, the line (when there is one) and the reason."""

    def __init__(self, path: str | Path, line: int | None, reason: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {reason}")


class SchemaError(GlossatorError):
    """A label schema file that is not valid (names the file and the problem)."""


class ValidationError(GlossatorError):
    """A span, attribute or relation that the store's schema refuses."""


class StoreError(GlossatorError):
    """A store that cannot be opened or written (foreign, newer, read-only, ...)."""


class StoreBusyError(StoreError):
    """Another process holds the store's write lock for longer than the busy timeout."""


class DuplicateRowError(StoreError):
    """A write the store's unique indexes refuse (e.g. a second accepted span with the
    same document, offsets, label and layer). Nothing was written."""


class NotFoundError(GlossatorError):
    """A document, span or relation id that is not in the store."""


class EditConflictError(GlossatorError):
    """An edit (or its undo/redo) that no longer fits the store: the row it expects
    was changed or removed by someone else meanwhile. Nothing was written; the
    caller keeps its undo stack where it was."""
