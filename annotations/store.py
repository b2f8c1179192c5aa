"""The annotation store: one SQLite file, its engine, sessions and migrations.

Owns connection settings (WAL, synchronous=FULL, foreign keys, busy timeout),
recognises foreign and newer files before touching them, upgrades older
stores after writing a backup copy, and turns SQLite's low-level failures
into one-line StoreErrors. It holds no domain rules: those are in services/.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.exc import OperationalError, DatabaseError
from sqlmodel import Session, select

from .errors import StoreBusyError, StoreError
from .models import LabelRow, StoreInfo
from .schema import AttributeDef, LabelDef, LabelSchema, RelationDef, default_schema

log = logging.getLogger(__name__)

APP_ID = "glossator"
HEAD_REVISION = "0004"
KNOWN_REVISIONS = ("0001", "0002", "0004")
BUSY_TIMEOUT_MS = 5000
ENV_STORE = "GLOSSATOR_STORE"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def default_store_path() -> Path:
    """`GLOSSATOR_STORE` if set, else `glossator.sqlite` in the user data dir."""
    env = os.environ.get(ENV_STORE)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("glossator", appauthor=False) / "glossator.sqlite"


def _on_connect(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed edit survives power loss, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def translate(exc: Exception, path: Path) -> StoreError:
    """Map an SQLite failure to a one-line StoreError naming the store."""
    text = str(getattr(exc, "orig", exc))
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreBusyError(f"{path}: store is busy (another process is writing); try again")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path}: store is read-only; nothing was written")
    if "full" in lowered:
        return StoreError(f"{path}: disk is full; the last change was not written")
    if "unable to open" in lowered or "disk i/o" in lowered:
        return StoreError(f"{path}: cannot write the store ({text}); the last change was not written")
    if "not a database" in lowered or "malformed" in lowered:
        return StoreError(f"{path}: not a readable Glossator store ({text})")
    return StoreError(f"{path}: {text}")


def inspect_file(path: Path) -> str | None:
    """Return the store's schema revision, or raise StoreError if it is no Glossator store.

    Reads the file read-only: a foreign file is never modified.
    """
    try:
        with open(path, "rb") as fh:
            magic = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror})") from None
    if magic != _SQLITE_MAGIC:
        raise StoreError(f"{path}: not a Glossator store (not an SQLite database)")
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "glossator_info" not in tables or "alembic_version" not in tables:
                raise StoreError(f"{path}: not a Glossator store (an SQLite file of another program)")
            app = con.execute("SELECT value FROM glossator_info WHERE key='app'").fetchone()
            if not app or app[0] != APP_ID:
                raise StoreError(f"{path}: not a Glossator store (an SQLite file of another program)")
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if "unable to open" in str(exc) and not os.access(path.parent, os.W_OK):
            # WAL needs its -shm/-wal files beside the store even to read it
            raise StoreError(f"{path}: store is read-only (its folder cannot be written); nothing was written") from None
        raise StoreError(f"{path}: not a readable Glossator store ({exc})") from None
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a readable Glossator store ({exc})") from None
    return row[0] if row else None


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("annotations") / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(path: Path, revision: str = "head") -> None:
    """Run Alembic migrations on the file up to `revision` (foreign keys off while tables are rebuilt)."""
    from alembic import command

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            command.upgrade(_alembic_config(conn), revision)
    finally:
        engine.dispose()


def backup(path: Path, revision: str) -> Path:
    """Copy the store (consistently, via SQLite's backup API) next to itself before an upgrade."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-r{revision}-{stamp}{path.suffix}")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.chmod(target, 0o600)
    return target


class Store:
    """An open annotation store. Use `Store.create` / `Store.open`, then `session()`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.engine = create_engine(
            f"sqlite:///{self.path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(self.engine, "connect", _on_connect)
        self._schema: LabelSchema | None = None
        self.backup_path: Path | None = None
        self._identity = self._file_identity()

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def check_file(self) -> None:
        """Refuse to go on when the store file was moved, deleted or replaced while open:
        SQLite would keep writing to the orphaned file and every later edit would be lost."""
        if self._identity is not None and self._file_identity() != self._identity:
            raise StoreError(f"{self.path}: the store file was moved, deleted or replaced while open; "
                             "nothing was written (reopen the store)")

    # ---- opening ---------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, schema: LabelSchema | None = None) -> "Store":
        path = Path(path).expanduser()
        if path.exists():
            raise StoreError(f"{path}: a file already exists there; open it or choose another path")
        schema = schema or default_schema()
        path.parent.mkdir(parents=True, exist_ok=True)
        old_umask = os.umask(0o077)  # the store and its -wal/-shm files: owner only
        try:
            sqlite3.connect(path).close()
            migrate(path)
        except Exception:
            path.unlink(missing_ok=True)
            raise
        finally:
            os.umask(old_umask)
        os.chmod(path, 0o600)
        store = cls(path)
        with store.session() as s:
            s.add(StoreInfo(key="app", value=APP_ID))
            s.add(StoreInfo(key="created_at", value=datetime.now().isoformat(timespec="seconds")))
            s.add(StoreInfo(key="schema_name", value=schema.name))
            s.add(StoreInfo(key="schema_version", value=str(schema.version)))
            s.add(StoreInfo(key="schema_source", value=schema.source_text))
            s.add(StoreInfo(key="language", value=schema.language))
            s.add(StoreInfo(key="guidelines", value=schema.guidelines))
            relations = [
                {"name": r.name, "head": list(r.head), "child": list(r.child), "description": r.description}
                for r in schema.relations
            ]
            s.add(StoreInfo(key="relations", value=json.dumps(relations)))
            for pos, lab in enumerate(schema.labels):
                s.add(
                    LabelRow(
                        name=lab.name,
                        position=pos,
                        color=lab.color,
                        hotkey=lab.hotkey,
                        description=lab.description,
                        attributes=[
                            {"name": a.name, "type": a.type, "values": list(a.values), "description": a.description}
                            for a in lab.attributes
                        ],
                    )
                )
        return store

    @classmethod
    def open(cls, path: str | Path, create: bool = False) -> "Store":
        """Open an existing store, upgrading an older one after backing it up.

        A foreign or newer file raises StoreError and is left untouched.
        """
        path = Path(path).expanduser()
        if not path.exists():
            if create:
                return cls.create(path)
            raise StoreError(f"{path}: no store there (create one with `glossator init`)")
        revision = inspect_file(path)
        if revision not in KNOWN_REVISIONS:
            raise StoreError(
                f"{path}: made by a newer Glossator (store revision {revision}, this version "
                f"knows up to {HEAD_REVISION}); upgrade Glossator to open it"
            )
        backup_path = None
        if revision != HEAD_REVISION:
            backup_path = backup(path, revision)
            log.info("upgrading %s from revision %s (backup at %s)", path, revision, backup_path)
            migrate(path)
        store = cls(path)
        store.backup_path = backup_path
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- units of work ---------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        self.check_file()
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except (OperationalError, DatabaseError) as exc:
            session.rollback()
            raise translate(exc, self.path) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def write_transaction(self) -> Iterator[sqlite3.Connection]:
        """A raw sqlite3 connection inside BEGIN IMMEDIATE, for bulk writes (imports).

        The write lock is taken up front, so ids read inside are stable; commits on
        success, rolls back on any error.
        """
        self.check_file()
        raw = self.engine.raw_connection()
        dbapi = raw.driver_connection
        try:
            dbapi.execute("BEGIN IMMEDIATE")
            yield dbapi
            dbapi.commit()
        except sqlite3.Error as exc:
            dbapi.rollback()
            raise translate(exc, self.path) from None
        except BaseException:
            dbapi.rollback()
            raise
        finally:
            raw.close()

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
            rows = s.exec(select(LabelRow).order_by(LabelRow.position)).all()
        labels = tuple(
            LabelDef(
                name=r.name,
                color=r.color,
                hotkey=r.hotkey,
                description=r.description,
                attributes=tuple(
                    AttributeDef(a["name"], a["type"], tuple(a.get("values", ())), a.get("description", ""))
                    for a in r.attributes
                ),
            )
            for r in rows
        )
        relations = tuple(
            RelationDef(r["name"], tuple(r["head"]), tuple(r["child"]), r.get("description", ""))
            for r in json.loads(info.get("relations", "[]"))
        )
        return LabelSchema(
            name=info.get("schema_name", "custom"),
            labels=labels,
            relations=relations,
            language=info.get("language", "en"),
            version=int(info.get("schema_version", "1")),
            guidelines=info.get("guidelines", ""),
            source_text=info.get("schema_source", ""),
        )

    def info(self, key: str) -> str | None:
        with self.session() as s:
            row = s.get(StoreInfo, key)
            return row.value if row else None

