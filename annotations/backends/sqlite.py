"""The SQLite backend: a store is one file. Everything SQLite- and file-specific
lives here and nowhere else in `annotations/`: connection pragmas (WAL,
synchronous=FULL, foreign keys, busy timeout), the magic bytes and read-only
inspection of a file before touching it, building a new store under a temporary
name, the pre-upgrade backup (temporary name, 0600, fsync, rename), the upgrade
lock (flock on a sibling file), owner-only permissions of every file written,
the store's journal files, and SQLite's error texts.
"""
from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

from sqlalchemy import Table, create_engine, event
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from ..errors import DuplicateRowError, StoreBusyError, StoreError
from .base import APP_ID, Backend, _first_line, sibling_files

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
#: How long a process waits for another one that is upgrading the same store.
UPGRADE_WAIT_S = 120.0
MAGIC = b"SQLite format 3\x00"
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")
_STALE_PATTERNS = ("{name}.creating-*.tmp*", "{stem}.backup-r*{suffix}.partial*")
_BACKUP_PATTERN = "{stem}.backup-r*{suffix}"


def _on_connect(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    # FULL: a committed edit survives power loss, not only a killed process.
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _on_migration_connect(dbapi_conn, _record) -> None:
    # The driver's own transaction handling is off: the migration's BEGIN below
    # covers the DDL too (pysqlite would otherwise run each ALTER on its own, so
    # a kill mid-upgrade left half an upgrade). Foreign keys must be off outside
    # the transaction, or rebuilding a table would cascade-delete its children.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=OFF")
    cur.close()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _create_private(path: Path) -> None:
    """Create an empty owner-only file; fails if one exists (no umask can widen 0600)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class SQLiteBackend(Backend):
    dialect = "sqlite"
    driver_errors = (sqlite3.Error,)
    event_guards = ("event_no_update", "event_no_delete", "event_no_replace")

    def __init__(self, path: Path):
        self.path = Path(path)
        self.location = str(self.path)
        self._identity: tuple[int, int] | None = None

    # ---- engine ----------------------------------------------------------

    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def create_engine(self) -> Engine:
        engine = create_engine(
            self.url(), connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _on_connect)
        self._identity = self._file_identity()
        return engine

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return st.st_dev, st.st_ino

    def check_identity(self) -> None:
        """Refuse to go on when the store file was moved, deleted or replaced while open:
        SQLite would keep writing to the orphaned file and every later edit would be lost."""
        if self._identity is not None and self._file_identity() != self._identity:
            raise StoreError(f"{self.path}: the store file was moved, deleted or replaced while open; "
                             "nothing was written (reopen the store)")

    # ---- recognising a file ----------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def inspect(self) -> str | None:
        """Read-only: a foreign file is never modified."""
        path = self.path
        try:
            with open(path, "rb") as fh:
                magic = fh.read(16)
        except OSError as exc:
            raise StoreError(f"{path}: cannot read ({exc.strerror})") from None
        if magic != MAGIC:
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
            raise self.translate(exc) from None
        except sqlite3.DatabaseError as exc:
            raise self.translate(exc) from None
        return row[0] if row else None

    # ---- building, locking, backing up -----------------------------------

    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @contextmanager
    def upgrade_lock(self) -> Iterator[None]:
        """An exclusive flock on `<store>.lock`; waits up to UPGRADE_WAIT_S for another holder.

        The lock file is removed by its holder on release; a waiter that then
        holds the lock of a removed file starts over on the new one."""
        lock_path = self._lock_path()
        deadline = time.monotonic() + UPGRADE_WAIT_S
        while True:
            try:
                fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot upgrade or create the store here ({exc.strerror})") from None
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except OSError as exc:
                        if exc.errno not in (errno.EAGAIN, errno.EACCES):
                            raise
                        if time.monotonic() > deadline:
                            raise StoreBusyError(f"{self.path}: another process is upgrading the store; "
                                                 "try again when it has finished") from None
                        time.sleep(0.05)
                try:
                    same = os.fstat(fd).st_ino == os.stat(lock_path).st_ino
                except FileNotFoundError:
                    same = False
                if not same:  # the previous holder removed the file: lock the new one
                    continue
                try:
                    yield
                finally:
                    lock_path.unlink(missing_ok=True)
                return
            finally:
                os.close(fd)

    def cleanup_stale(self) -> None:
        """Remove temporary files a killed run left behind (call with the upgrade lock held)."""
        for stale in sibling_files(self.path, _STALE_PATTERNS):
            log.info("removing %s, left behind by an interrupted run", stale)
            stale.unlink(missing_ok=True)

    def tidy(self) -> None:
        lock_path = self._lock_path()
        if not lock_path.exists() and not sibling_files(self.path, _STALE_PATTERNS):
            return
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(fd).st_ino == os.stat(lock_path).st_ino:
                self.cleanup_stale()
                lock_path.unlink(missing_ok=True)  # a kill left it; its holder would have removed it
        except OSError:
            pass  # another process holds it, or the folder is read-only: leave things as they are
        finally:
            os.close(fd)

    @contextmanager
    def creating(self) -> Iterator["SQLiteBackend"]:
        path = self.path
        if path.exists():
            raise StoreError(f"{path}: a file already exists there; open it or choose another path")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
        with self.upgrade_lock():
            self.cleanup_stale()
            temp = SQLiteBackend(path.with_name(f"{path.name}.creating-{os.getpid()}.tmp"))
            old_umask = os.umask(0o077)  # the store and its -wal/-shm files: owner only
            try:
                _create_private(temp.path)
                yield temp
                temp.settle()
                _fsync_file(temp.path)
                try:
                    os.link(temp.path, path)  # never replaces a file that appeared meanwhile
                except FileExistsError:
                    raise StoreError(f"{path}: a file already exists there; open it or choose another path") from None
                _fsync_dir(path.parent)
            finally:
                os.umask(old_umask)
                for leftover in [temp.path, *temp.journal_files()]:
                    leftover.unlink(missing_ok=True)

    def journal_files(self) -> list[Path]:
        return [self.path.with_name(self.path.name + s) for s in JOURNAL_SUFFIXES]

    def settle(self) -> None:
        """Fold the WAL into the file so the file alone is the whole store."""
        con = sqlite3.connect(self.path)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()

    def backup(self, revision: str) -> Path:
        """Copy the store (consistently, via SQLite's backup API) next to itself.

        Written as `<backup>.partial` (0600 from the start), fsynced, then renamed:
        a file with the backup's name is always complete. An identical backup
        left by an earlier, interrupted upgrade is reused instead of copied again."""
        path = self.path
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        final = path.with_name(f"{path.stem}.backup-r{revision}-{stamp}{path.suffix}")
        n = 1
        while final.exists():
            n += 1
            final = path.with_name(f"{path.stem}.backup-r{revision}-{stamp}-{n}{path.suffix}")
        partial = final.with_name(final.name + ".partial")
        _create_private(partial)
        try:
            src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
            _fsync_file(partial)
            same = self._identical_backup(partial, revision)
            if same is not None:
                partial.unlink()
                log.info("an identical backup exists already: %s", same)
                return same
            os.rename(partial, final)
            _fsync_dir(path.parent)
        except sqlite3.Error as exc:
            raise self.translate(exc) from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot write the backup before upgrading ({exc.strerror}); "
                             "nothing was changed") from None
        finally:
            partial.unlink(missing_ok=True)
        return final

    def _identical_backup(self, candidate: Path, revision: str) -> Path | None:
        size = candidate.stat().st_size
        digest = None
        for other in sibling_files(self.path, (f"{{stem}}.backup-r{revision}-*{{suffix}}",)):
            if other.name.endswith(".partial") or other == candidate or other.stat().st_size != size:
                continue
            digest = digest or _sha256(candidate)
            if _sha256(other) == digest:
                return other
        return None

    def backups(self) -> list[Path]:
        return [p for p in sibling_files(self.path, (_BACKUP_PATTERN,)) if not p.name.endswith(".partial")]

    # ---- transactions ----------------------------------------------------

    @contextmanager
    def migration_connection(self) -> Iterator[Connection]:
        engine = create_engine(self.url(), connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_migration_connect)
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
        try:
            with engine.begin() as conn:
                yield conn
        finally:
            engine.dispose()

    def check_migrated(self, connection: Connection) -> None:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(f"{self.path}: the upgrade would leave {len(broken)} dangling reference(s) "
                             f"(first in table {broken[0][0]}); nothing was changed")

    def begin_write(self, connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    @contextmanager
    def raw_write_transaction(self, engine: Engine) -> Iterator[sqlite3.Connection]:
        raw = engine.raw_connection()
        dbapi = raw.driver_connection
        try:
            dbapi.execute("BEGIN IMMEDIATE")
            yield dbapi
            dbapi.commit()
        except sqlite3.Error as exc:
            dbapi.rollback()
            raise self.translate(exc) from None
        except BaseException:
            dbapi.rollback()
            raise
        finally:
            raw.close()

    def trigger_names(self, connection: Connection) -> set[str]:
        return {r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")}

    def insert_ignoring_duplicates(self, table: Table):
        return sqlite_insert(table).on_conflict_do_nothing()

    def owned_files(self) -> list[Path]:
        return [self.path, *self.journal_files(), self._lock_path(), *self.backups(),
                *sibling_files(self.path, _STALE_PATTERNS)]

    # ---- errors ----------------------------------------------------------

    def translate(self, exc: BaseException) -> StoreError:
        """Map an SQLite failure to a one-line StoreError naming the store."""
        path = self.path
        text = _first_line(exc)
        lowered = text.lower()
        if "locked" in lowered or "busy" in lowered:
            return StoreBusyError(f"{path}: store is busy (another process is writing); try again")
        if "readonly" in lowered or "read-only" in lowered:
            return StoreError(f"{path}: store is read-only; nothing was written")
        if "database or disk is full" in lowered or "disk is full" in lowered:
            return StoreError(f"{path}: disk is full; the last change was not written")
        if "unable to open" in lowered or "disk i/o" in lowered:
            return StoreError(f"{path}: cannot write the store ({text}); the last change was not written")
        if "malformed" in lowered or "corrupt" in lowered:
            return StoreError(f"{path}: the store is damaged ({text}); nothing was written; "
                              f"{self._restore_hint()}")
        if "not a database" in lowered or "file is not a database" in lowered:
            return StoreError(f"{path}: not a readable Glossator store ({text})")
        if "unique constraint failed" in lowered:
            return DuplicateRowError(f"{path}: the store already holds that row ({text}); nothing was written")
        return StoreError(f"{path}: {text}")

    def _restore_hint(self) -> str:
        backups = self.backups()
        if backups:
            return f"restore the backup {backups[-1]} or a copy of your own"
        return "restore a backup of it"
