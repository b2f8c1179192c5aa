"""The annotation store: its engine, sessions, migrations and label schema.

Backend-neutral: a store is opened from a path or a URL through `Store.open` /
`Store.create` (or `open_store`), and everything specific to one database or
to files (pragmas, magic bytes, backups, journal files, permissions, error
texts) is in `annotations/backends/`. This module upgrades older stores (one
transaction, under the backend's upgrade lock, after its backup), checks the
event log's guards on open, turns every database failure inside a unit of work
into a one-line StoreError, and reads the schema recorded in the store. It
holds no domain rules: those are in services/.
"""
from __future__ import annotations

import json
import logging
import os
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from .backends import APP_ID, Backend, backend_for
from .errors import GlossatorError, StoreError
from .tables import LabelRow, StoreInfo
from .schema import AttributeDef, LabelDef, LabelSchema, RelationDef, default_schema

log = logging.getLogger(__name__)

__all__ = ["APP_ID", "HEAD_REVISION", "KNOWN_REVISIONS", "ENV_STORE", "EVENT_GUARDS", "Store",
           "default_store_path", "migrate", "open_store"]

HEAD_REVISION = "0009"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
ENV_STORE = "GLOSSATOR_STORE"
#: Triggers that keep the event log append-only on SQLite; a store without them is refused.
#: (Each backend names its own: `Backend.event_guards`.)
EVENT_GUARDS = ("event_no_update", "event_no_delete", "event_no_replace")


def default_store_path() -> Path:
    """`GLOSSATOR_STORE` if set, else `glossator.sqlite` in the user data dir."""
    env = os.environ.get(ENV_STORE)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("glossator", appauthor=False) / "glossator.sqlite"


def _alembic_config(connection: Connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("annotations") / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(target: str | os.PathLike[str] | Backend, revision: str = "head") -> None:
    """Upgrade the store at `target` (a path, URL or Backend) to `revision`, in one transaction."""
    from alembic import command

    backend = target if isinstance(target, Backend) else backend_for(target)
    try:
        with backend.migration_connection() as conn:
            command.upgrade(_alembic_config(conn), revision)
            backend.check_migrated(conn)
    except (DBAPIError, *backend.driver_errors) as exc:
        raise backend.translate(exc) from None


def _check_revision(backend: Backend, revision: str | None) -> None:
    if revision is None:
        raise StoreError(f"{backend.location}: the store records no schema revision (an interrupted set-up "
                         "or an edited file); nothing was changed; restore a backup of it")
    if revision not in KNOWN_REVISIONS:
        raise StoreError(
            f"{backend.location}: made by a newer Glossator (store revision {revision}, this version "
            f"knows up to {HEAD_REVISION}); upgrade Glossator to open it"
        )


def open_store(location: str | os.PathLike[str], create: bool = False) -> "Store":
    """Open the store at a path or URL (`sqlite:///PATH`); the one entry point for callers."""
    return Store.open(location, create=create)


class Store:
    """An open annotation store. Use `Store.create` / `Store.open`, then `session()`."""

    def __init__(self, location: str | os.PathLike[str] | None = None, *, backend: Backend | None = None):
        if backend is None:
            if location is None:
                raise TypeError("Store needs a location or a backend")
            backend = backend_for(location)
        self.backend = backend
        #: The store file (SQLite), else None.
        self.path: Path | None = backend.path
        #: What messages name and what reopens this store in another process or thread.
        self.location: str = backend.location
        self.engine = backend.create_engine()
        self._schema: LabelSchema | None = None
        self.backup_path: Path | None = None

    @property
    def dialect(self) -> str:
        """The database kind: "sqlite" (or "postgresql" once that backend exists)."""
        return self.backend.dialect

    def check_file(self) -> None:
        """Refuse to go on when the store was moved, deleted or replaced while open."""
        self.backend.check_identity()

    def owned_files(self) -> list[Path]:
        """The store's own files (journals, lock, backups): never a target for anything else."""
        return self.backend.owned_files()

    def translate(self, exc: BaseException) -> StoreError:
        """The one-line StoreError for a database failure on this store."""
        return self.backend.translate(exc)

    # ---- opening ---------------------------------------------------------

    @classmethod
    def create(cls, location: str | os.PathLike[str], schema: LabelSchema | None = None) -> "Store":
        """A new store holding `schema`; it appears whole or not at all."""
        backend = backend_for(location)
        schema = schema or default_schema()
        with backend.creating() as building:
            migrate(building)
            draft = cls(backend=building)
            try:
                with draft.session(write=True) as s:
                    for key, value in _info_rows(schema):
                        s.add(StoreInfo(key=key, value=value))
                    for pos, lab in enumerate(schema.labels):
                        s.add(LabelRow(name=lab.name, position=pos, color=lab.color, hotkey=lab.hotkey,
                                       description=lab.description, attributes=_attribute_dicts(lab)))
            finally:
                draft.close()
        backend.after_create()
        return cls(backend=backend)

    @classmethod
    def open(cls, location: str | os.PathLike[str], create: bool = False) -> "Store":
        """Open an existing store, upgrading an older one after backing it up.

        A foreign or newer store raises StoreError and is left untouched. The
        upgrade is one transaction under the backend's upgrade lock: a process
        killed meanwhile leaves the old store, upgraded on the next open; a
        second process opening the same old store waits for the first.
        """
        backend = backend_for(location)
        if not backend.exists():
            if create:
                return cls.create(location)
            raise StoreError(f"{backend.location}: no store there (create one with `glossator init`)")
        revision = backend.inspect()
        backup_path = None
        if revision != HEAD_REVISION:
            _check_revision(backend, revision)
            with backend.upgrade_lock():
                backend.cleanup_stale()
                revision = backend.inspect()  # another process may have upgraded it meanwhile
                if revision != HEAD_REVISION:
                    _check_revision(backend, revision)
                    backup_path = backend.backup(revision)
                    log.info("upgrading %s from revision %s (backup at %s)", backend.location, revision, backup_path)
                    migrate(backend)
                    backend.after_create()  # the team's grants cover the tables the upgrade added
        else:
            backend.tidy()
        store = cls(backend=backend)
        store.backup_path = backup_path
        try:
            store.check_guards()
            store.schema  # a damaged label schema is refused here, in one line, not at first use
        except BaseException:
            store.close()
            raise
        return store

    def check_guards(self) -> None:
        """Refuse a store whose event log lost its append-only triggers (never recreate them silently)."""
        try:
            with self.engine.connect() as conn:
                present = self.backend.trigger_names(conn)
        except (DBAPIError, *self.backend.driver_errors) as exc:
            raise self.translate(exc) from None
        missing = [name for name in self.backend.event_guards if name not in present]
        if missing:
            raise StoreError(
                f"{self.location}: the event log's protection is missing (trigger {', '.join(missing)}); "
                "the store was changed outside Glossator: restore a backup of it"
            )

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- units of work ---------------------------------------------------

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        `write=True` takes the store's write lock before the first read, so what
        is read inside stays true until the commit (check-then-insert is safe).
        Any database failure leaves as a one-line StoreError naming the store.
        """
        self.check_file()
        session = Session(self.engine, expire_on_commit=False)
        try:
            if write:
                self.backend.begin_write(session.connection())
            yield session
            session.commit()
        except (DBAPIError, *self.backend.driver_errors) as exc:
            _quiet_rollback(session)
            raise self.translate(exc) from None
        except BaseException:
            _quiet_rollback(session)
            raise
        finally:
            session.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A Core connection inside one write transaction (write lock taken up front),
        for bulk writes with `insert(table)`; commits on success, rolls back on error."""
        self.check_file()
        try:
            with self.engine.connect() as conn:
                with conn.begin():
                    self.backend.begin_write(conn)
                    yield conn
        except (DBAPIError, *self.backend.driver_errors) as exc:
            raise self.translate(exc) from None

    @contextmanager
    def write_transaction(self):
        """SQLite only, kept while services move to `transaction()`: the raw driver
        connection inside BEGIN IMMEDIATE; commits on success, rolls back on error."""
        self.check_file()
        with self.backend.raw_write_transaction(self.engine) as con:
            yield con

    def insert_ignoring_duplicates(self, table: Table | Any):
        """`INSERT` into `table` (a Table or an ORM class) that skips rows a unique index refuses."""
        return self.backend.insert_ignoring_duplicates(getattr(table, "__table__", table))

    # ---- schema ----------------------------------------------------------

    @property
    def schema(self) -> LabelSchema:
        if self._schema is None:
            self._schema = self._load_schema()
        return self._schema

    def invalidate_schema(self) -> None:
        self._schema = None

    def _load_schema(self) -> LabelSchema:
        with self.session() as s:
            info = {row.key: row.value for row in s.exec(select(StoreInfo))}
            # read the JSON as text: a damaged value is then named, not a traceback
            rows = s.execute(text("SELECT name, color, hotkey, description, attributes FROM label "
                                  "ORDER BY position")).all()
        labels = tuple(self._label(*row) for row in rows)
        relations = tuple(self._relation(r) for r in self._info_json(info, "relations"))
        try:
            version = int(info.get("schema_version", "1"))
        except ValueError:
            raise self._damaged("glossator_info 'schema_version'", "not an integer") from None
        return LabelSchema(
            name=info.get("schema_name", "custom"),
            labels=labels,
            relations=relations,
            language=info.get("language", "en"),
            version=version,
            guidelines=info.get("guidelines", ""),
            source_text=info.get("schema_source", ""),
        )

    def _damaged(self, where: str, why: str) -> StoreError:
        return StoreError(f"{self.location}: {where} {why}; the store was changed outside Glossator: "
                          "restore a backup of it")

    def _label(self, name, color, hotkey, description, attributes) -> LabelDef:
        where = f"label {name!r}: field 'attributes'"
        value = _json(attributes, lambda why: self._damaged(where, why))
        if not isinstance(value, list) or not all(
            isinstance(a, dict) and isinstance(a.get("name"), str) and isinstance(a.get("type"), str)
            and isinstance(a.get("values", []), list) for a in value
        ):
            raise self._damaged(where, "is not a list of {name, type, values} tables")
        try:
            return LabelDef(
                name=name, color=color, hotkey=hotkey, description=description or "",
                attributes=tuple(AttributeDef(a["name"], a["type"], tuple(a.get("values", ())),
                                              a.get("description", "")) for a in value),
            )
        except (ValueError, TypeError, KeyError, GlossatorError) as exc:
            raise self._damaged(where, f"is not valid ({exc})") from None

    def _info_json(self, info: dict[str, str], key: str) -> list:
        where = f"glossator_info {key!r}"
        value = _json(info.get(key, "[]"), lambda why: self._damaged(where, why))
        if not isinstance(value, list):
            raise self._damaged(where, "is not a list")
        return value

    def _relation(self, r: Any) -> RelationDef:
        if not (isinstance(r, dict) and isinstance(r.get("name"), str)
                and isinstance(r.get("head"), list) and isinstance(r.get("child"), list)):
            raise self._damaged("glossator_info 'relations'", "holds an entry that is not a {name, head, child} table")
        return RelationDef(r["name"], tuple(r["head"]), tuple(r["child"]), r.get("description", ""))

    def info(self, key: str) -> str | None:
        with self.session() as s:
            row = s.get(StoreInfo, key)
            return row.value if row else None


def _json(value: Any, damaged) -> Any:
    if not isinstance(value, (str, bytes)):
        return value  # a driver that parses JSON columns itself
    try:
        return json.loads(value)
    except ValueError as exc:
        raise damaged(f"is not valid JSON ({getattr(exc, 'msg', exc)})") from None
    except RecursionError:
        raise damaged("is nested too deeply") from None


def _quiet_rollback(session: Session) -> None:
    try:
        session.rollback()
    except Exception:  # the connection itself failed; the original error is what matters
        log.debug("rollback failed", exc_info=True)


def _info_rows(schema: LabelSchema) -> list[tuple[str, str]]:
    relations = [{"name": r.name, "head": list(r.head), "child": list(r.child), "description": r.description}
                 for r in schema.relations]
    return [
        ("app", APP_ID),
        ("created_at", datetime.now().isoformat(timespec="seconds")),
        ("schema_name", schema.name),
        ("schema_version", str(schema.version)),
        ("schema_source", schema.source_text),
        ("language", schema.language),
        ("guidelines", schema.guidelines),
        ("relations", json.dumps(relations)),
    ]


def _attribute_dicts(label: LabelDef) -> list[dict[str, Any]]:
    return [{"name": a.name, "type": a.type, "values": list(a.values), "description": a.description}
            for a in label.attributes]
