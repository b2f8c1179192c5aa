"""What every store backend shares: the Backend interface, the app id, and small
helpers for messages (first line of an error, URLs without passwords) and files.
The backend modules import this; the package's `backend_for` imports them.
"""
from __future__ import annotations

import re
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Engine

from ..errors import StoreError

#: What `glossator_info.app` holds in every Glossator store.
APP_ID = "glossator"


class Backend:
    """The interface every backend implements (SQLite today; PostgreSQL next)."""

    #: SQLAlchemy dialect name ("sqlite", "postgresql").
    dialect: str = ""
    #: What a message names: the file path, or the URL without its password.
    location: str = ""
    #: The store file, for backends that keep the store in one (else None).
    path: Path | None = None
    #: Exceptions of the database driver that may escape SQLAlchemy (raw cursors).
    driver_errors: tuple[type[BaseException], ...] = ()
    #: Triggers that keep the event log append-only; a store missing one is refused.
    event_guards: tuple[str, ...] = ("event_no_update", "event_no_delete")

    def url(self) -> str:
        raise NotImplementedError

    def create_engine(self) -> Engine:
        """The engine every session of an open store uses."""
        raise NotImplementedError

    def exists(self) -> bool:
        raise NotImplementedError

    def inspect(self) -> str | None:
        """The store's schema revision (None when its revision record is empty).

        Raises StoreError for anything that is not a Glossator store, without
        changing it."""
        raise NotImplementedError

    def creating(self) -> AbstractContextManager["Backend"]:
        """Build a new store: yields a backend for the place to build it in; on
        success the new store appears at `location` whole, on failure nothing does."""
        raise NotImplementedError

    def upgrade_lock(self) -> AbstractContextManager[None]:
        """Held while a store is upgraded, so two processes never upgrade it at once."""
        raise NotImplementedError

    def cleanup_stale(self) -> None:
        """Remove temporary files an interrupted run left behind (upgrade lock held)."""

    def tidy(self) -> None:
        """Remove what an interrupted run left behind if no other process is working on
        the store right now; never fails (a store on read-only media still opens)."""

    def backup(self, revision: str) -> Path | None:
        """A complete copy of the store before it is upgraded (None if the backend has none)."""
        raise NotImplementedError

    def migration_connection(self) -> AbstractContextManager[Connection]:
        """One connection inside one transaction for the whole upgrade: all of it or nothing."""
        raise NotImplementedError

    def check_migrated(self, connection: Connection) -> None:
        """Last checks inside the upgrade transaction (e.g. foreign keys); raise StoreError to roll back."""

    def after_create(self) -> None:
        """Set-up beyond the migrations once a new store exists (PostgreSQL: the team roles)."""

    def begin_write(self, connection: Connection) -> None:
        """Take the store's write lock at the start of a transaction (before its first read)."""

    def trigger_names(self, connection: Connection) -> set[str]:
        raise NotImplementedError

    def insert_ignoring_duplicates(self, table: Table) -> Any:
        """An INSERT of `table` whose rows that would break a unique index are skipped."""
        raise NotImplementedError

    def check_identity(self) -> None:
        """Raise StoreError if the store was moved or replaced under the open store."""

    def owned_files(self) -> list[Path]:
        """Files that belong to the store (itself, journals, lock, backups): never an export target."""
        return []

    def translate(self, exc: BaseException) -> StoreError:
        """A one-line StoreError for a database failure, naming the store."""
        return StoreError(f"{self.location}: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def redact(url: str) -> str:
    """The URL without its password (in the user part or a `password=` parameter), for messages."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    creds, at, host = rest.rpartition("@")
    if at and ":" in creds:
        creds = creds.split(":", 1)[0] + ":***"
    host = re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", host)
    return f"{scheme}://{creds}{at}{host}"


def sibling_files(path: Path, patterns: Iterable[str]) -> list[Path]:
    """Existing files next to `path` matching the glob patterns (formatted with the name)."""
    found: list[Path] = []
    for pattern in patterns:
        found.extend(sorted(path.parent.glob(pattern.format(name=_glob_escape(path.name),
                                                            stem=_glob_escape(path.stem),
                                                            suffix=_glob_escape(path.suffix)))))
    return found


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
