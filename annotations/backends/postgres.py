"""PostgreSQL stores: one shared database for a team (psycopg 3).

The user names the server with a URL (`postgresql://user@host:port/dbname`,
also `?host=/path/to/socket`); credentials come from the URL, libpq's
environment variables or `~/.pgpass`, and never appear in messages (the URL
is shown with its password masked). The store is the database's `public`
schema: an empty database becomes a store with `glossator init`; a database
holding other tables is refused and left untouched, as a foreign file is.

PostgreSQL runs DDL inside transactions, so creating and upgrading a store is
one transaction (all or nothing) under an advisory lock; there is no file to
back up before an upgrade (use `glossator backup` or pg_dump). The annotator
is the database role; the team's roles and what the database lets each write
are in pg_team.py and migration 0007. Writers take a
transaction-level advisory lock, so a use case's check-then-insert holds, as
SQLite's write lock gives on files.
"""
from __future__ import annotations

import logging
import select
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError

from ..errors import DuplicateRowError, StoreBusyError, StoreError
from .base import APP_ID, Backend, _first_line, redact

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10
LOCK_WAIT_MS = 60_000
_SETUP_LOCK = 0x676C6F73  # "glos": advisory lock key held while the store is built or upgraded
_WRITE_LOCK = 0x676C6F77  # "glow": transaction-level advisory lock key every writer takes


class PostgresBackend(Backend):
    dialect = "postgresql"
    event_guards = ("event_no_update", "event_no_delete", "event_no_truncate")

    def __init__(self, url: str):
        scheme, sep, rest = url.partition("://")
        self._url = f"postgresql+psycopg://{rest}"
        self.location = redact(f"postgresql://{rest}")
        self.path = None
        import psycopg

        self.driver_errors = (psycopg.Error,)

    def url(self) -> str:
        return self._url

    def server(self) -> str:
        """Host (or socket folder), port and database, for messages."""
        parts = urlsplit(self._url)
        query = parse_qs(parts.query)
        host = parts.hostname or (query.get("host") or ["local socket"])[0]
        port = f":{parts.port}" if parts.port else ""
        return f"{host}{port}/{parts.path.lstrip('/') or '(default database)'}"

    def create_engine(self) -> Engine:
        engine = create_engine(
            self._url,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "glossator",
                          "options": "-c timezone=UTC"},
        )
        event.listen(engine, "checkout", _refuse_dropped)
        return engine

    # ---- recognising a database ------------------------------------------

    def _tables(self, conn: Connection) -> set[str]:
        return set(conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )).scalars())

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        engine = self.create_engine()
        try:
            with engine.connect() as conn:
                yield conn
        except (DBAPIError, *self.driver_errors) as exc:
            raise self.translate(exc) from None
        finally:
            engine.dispose()

    def exists(self) -> bool:
        with self._connection() as conn:
            return bool(self._tables(conn))

    def inspect(self) -> str | None:
        """Read-only: a foreign database is never modified."""
        with self._connection() as conn:
            tables = self._tables(conn)
            if "glossator_info" not in tables or "alembic_version" not in tables:
                raise StoreError(f"{self.location}: not a Glossator store (the database holds other tables)")
            app = conn.execute(text("SELECT value FROM glossator_info WHERE key = 'app'")).scalar()
            if app != APP_ID:
                raise StoreError(f"{self.location}: not a Glossator store (the database holds other tables)")
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    # ---- building, locking -----------------------------------------------

    @contextmanager
    def creating(self) -> Iterator["PostgresBackend"]:
        with self.upgrade_lock():
            with self._connection() as conn:
                if self._tables(conn):
                    raise StoreError(f"{self.location}: the database is not empty; "
                                     "a new store needs an empty database")
            yield self

    @contextmanager
    def upgrade_lock(self) -> Iterator[None]:
        """A session advisory lock on its own connection, held while the store is built or upgraded."""
        with self._connection() as conn:
            conn.execute(text(f"SET lock_timeout = {LOCK_WAIT_MS}"))
            try:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _SETUP_LOCK})
            except DBAPIError as exc:
                raise StoreBusyError(f"{self.location}: another process is setting up or upgrading the store; "
                                     f"try again when it has finished ({_first_line(exc)})") from None
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _SETUP_LOCK})
                conn.commit()

    def backup(self, revision: str):
        log.info("%s: PostgreSQL stores are upgraded in one transaction; no file backup is written "
                 "(use `glossator backup` or pg_dump)", self.location)
        return None

    @contextmanager
    def migration_connection(self) -> Iterator[Connection]:
        engine = self.create_engine()
        try:
            with engine.begin() as conn:  # DDL is transactional: the whole upgrade or none of it
                yield conn
        finally:
            engine.dispose()

    def after_create(self) -> None:
        """Create the team's group roles and grant them this store (pg_team.py); a user who may not
        create roles gets a log line pointing at `glossator team add-annotator` / the README's SQL."""
        from .pg_team import ensure_team_roles

        engine = self.create_engine()
        try:
            with engine.begin() as conn:
                ensure_team_roles(conn)
        except DBAPIError as exc:
            log.warning("%s: the team roles were not set up (%s); a role with CREATEROLE can run "
                        "`glossator team add-annotator NAME`", self.location, _first_line(exc))
        finally:
            engine.dispose()

    def begin_write(self, connection: Connection) -> None:
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _WRITE_LOCK})

    def trigger_names(self, connection: Connection) -> set[str]:
        return set(connection.execute(text(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"
        )).scalars())

    def insert_ignoring_duplicates(self, table):
        return pg_insert(table).on_conflict_do_nothing()

    # ---- errors ----------------------------------------------------------

    def translate(self, exc: BaseException) -> StoreError:
        """One line naming the server (never the password); what the user can do about it."""
        text_ = redact(_first_line(exc))
        lowered = text_.lower()
        where = f"{self.location} (server {self.server()})"
        if "authentication" in lowered or "no password supplied" in lowered \
                or ("role" in lowered and "does not exist" in lowered):
            return StoreError(f"{where}: the server refused the login ({text_}); check the user name, "
                              "~/.pgpass or PGPASSWORD")
        if "database" in lowered and "does not exist" in lowered:
            return StoreError(f"{where}: no such database ({text_})")
        if "could not translate host name" in lowered or "connection refused" in lowered \
                or "no such file or directory" in lowered or "timeout expired" in lowered \
                or "connection failed" in lowered or "server closed the connection" in lowered \
                or "terminating connection" in lowered or "consuming input failed" in lowered:
            return StoreError(f"{where}: cannot reach the server ({text_}); nothing was written")
        if "lock timeout" in lowered or "deadlock" in lowered or "could not serialize" in lowered:
            return StoreBusyError(f"{where}: the store is busy ({text_}); try again")
        if "duplicate key value" in lowered or "unique constraint" in lowered:
            return DuplicateRowError(f"{where}: the store already holds that row; nothing was written")
        if "row-level security" in lowered or "may not change" in lowered or "permission denied" in lowered:
            return StoreError(f"{where}: refused by the server ({text_}); your role may write only your own "
                              "layer (annotator = your database role); nothing was written")
        if "append-only" in lowered:
            return StoreError(f"{where}: the event log is append-only; nothing was written")
        return StoreError(f"{where}: {text_}")


def _refuse_dropped(dbapi_connection, _record, _proxy) -> None:
    """A pooled connection the server has closed (restart, pg_terminate_backend) is replaced
    before a unit of work uses it. An idle connection has nothing to read unless the server
    said goodbye, so this is one local poll of its socket, not a round trip (pool_pre_ping's
    SELECT would cost one per use case)."""
    try:
        if dbapi_connection.closed or dbapi_connection.broken:
            raise DisconnectionError("connection closed")
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError) as exc:
        raise DisconnectionError(str(exc)) from None
    if readable:
        raise DisconnectionError("the server closed the connection")
