"""Store backends: where a store lives and what that kind of place needs.

`backend_for(location)` turns what the user gave (a path, `sqlite:///...`, a
`postgresql://` URL) into a Backend. A backend owns everything specific to its
database: the engine's connection settings, recognising a foreign or newer
store before touching it, building a new store, the pre-upgrade backup, the
upgrade lock, write-lock transactions, and turning driver failures into
one-line StoreErrors. `annotations/store.py` only talks to this interface, so
a new database is one module here plus its tests.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import StoreError
from .base import APP_ID, Backend, redact, sibling_files

__all__ = ["APP_ID", "Backend", "backend_for", "redact", "sibling_files"]

_POSTGRES_SCHEMES = ("postgresql", "postgres")


def backend_for(location: str | os.PathLike[str]) -> Backend:
    """The backend for a path, `sqlite:///PATH`, or a database URL.

    Raises StoreError (one line) for URLs of databases this version cannot open.
    """
    text = os.fspath(location)
    scheme, sep, rest = text.partition("://")
    if not sep:
        from .sqlite import SQLiteBackend

        return SQLiteBackend(Path(text).expanduser())
    scheme = scheme.lower()
    base = scheme.split("+", 1)[0]
    if base == "sqlite":
        from .sqlite import SQLiteBackend

        if not rest.startswith("/") or rest in ("/", "/:memory:"):
            raise StoreError(f"{text}: an SQLite store URL names a file: sqlite:///relative/path or sqlite:////absolute/path")
        return SQLiteBackend(Path(rest[1:]).expanduser())
    if base in _POSTGRES_SCHEMES:
        from .postgres import PostgresBackend

        return PostgresBackend(text)
    raise StoreError(f"{redact(text)}: unknown kind of store ({scheme}://); give a file path or sqlite:///PATH")
