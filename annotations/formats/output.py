"""Writing export files safely and counting what was written: every writer
goes through here so readers never see half a file and reports agree.

A file is written to a temporary sibling and renamed over the target. A
folder export is written whole into a temporary sibling folder (with the
marker file that lets the next export recognise it) and then swapped in for
the old one in one step (`renameat2(RENAME_EXCHANGE)`; two renames where the
file system cannot exchange), so an export interrupted at any point leaves
the old export whole. Temporary names carry the writer's process id: the next
export removes those left by a process that no longer runs (a kill), and puts
back an old export a kill left aside between the two renames.
"""
from __future__ import annotations

import ctypes
import errno
import json
import logging
import os
import re
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from ..types import DocumentRecord
from .base import ExportReport
from .targets import MARKER, marker_format

log = logging.getLogger(__name__)

TEMP_PREFIX = ".glossator-tmp-"
_TEMP = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[0-9a-f]+$")
FILE_MODE = 0o600  # exports hold document text: owner only


def temp_sibling(out: Path) -> Path:
    return out.parent / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def clean_stale(folder: Path) -> None:
    """Remove temporary files and folders that killed exports left in `folder`;
    an old export set aside by a kill between the two renames of a swap goes
    back to its name if nothing has taken that name since."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        match = _TEMP.match(entry.name)
        if not match or _running(int(match.group(1))):
            continue
        if entry.is_dir() and not entry.is_symlink():
            name = _marker_name(entry)
            home = folder / name if name else None
            if home is not None and not os.path.lexists(home):
                log.warning("putting back the export %s that an interrupted export left aside", home)
                os.rename(entry, home)
                continue
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _marker_name(folder: Path) -> str | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name and "/" not in name and name not in (".", "..") else None


def _open_private(path: Path, binary: bool):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    return os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")


@contextmanager
def _temp_file(out: Path, binary: bool):
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out.parent)
    tmp = temp_sibling(out)
    try:
        with _open_private(tmp, binary) as fh:
            yield fh
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomically(out: Path, lines: Iterable[str]) -> None:
    """Write to a temp file beside `out`, then rename: readers never see half a file."""
    with _temp_file(out, binary=False) as fh:
        for line in lines:
            fh.write(line)


def write_bytes_atomically(out: Path, data: bytes) -> None:
    """Binary counterpart of write_atomically (temp file beside `out`, then rename)."""
    with _temp_file(out, binary=True) as fh:
        fh.write(data)


def write_private(path: Path, data: str | bytes) -> None:
    """A new owner-only file inside a folder being built (see folder_export)."""
    with _open_private(path, isinstance(data, bytes)) as fh:
        fh.write(data)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _swap_in(new: Path, out: Path) -> None:
    if not os.path.lexists(out):
        os.rename(new, out)
        return
    if not any(out.iterdir()):
        os.rename(new, out)  # replaces an empty folder in one step
        return
    if not _exchange(new, out):
        aside = temp_sibling(out)
        os.rename(out, aside)
        os.rename(new, out)
        new = aside
    shutil.rmtree(new, ignore_errors=True)  # now the old export


@contextmanager
def folder_export(out: Path, format_name: str) -> Iterator[Path]:
    """Yields a fresh folder beside `out` to write the whole export into; on
    success it gets the marker and replaces `out` (an earlier export of the same
    format, an empty folder, or nothing), else it is removed and `out` stays."""
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(out.parent)
    if os.path.lexists(out) and out.is_dir() and any(out.iterdir()) and marker_format(out) != format_name:
        raise FileExistsError(errno.EEXIST, "holds files that are not an earlier export of this format", str(out))
    tmp = temp_sibling(out)
    tmp.mkdir(mode=0o700)
    try:
        yield tmp
        write_private(tmp / MARKER, json.dumps({"format": format_name, "name": out.name}) + "\n")
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


class FolderWriter:
    """Writes a folder export's files: into a temporary folder swapped in at the
    end (`whole`, what `export` does), or one by one in place (each file still
    written atomically). Paths it returns are the final ones."""

    def __init__(self, out: Path, format_name: str, whole: bool):
        self.out, self.format_name, self.whole = out, format_name, whole
        self._context = folder_export(out, format_name) if whole else None
        self.folder = out

    def __enter__(self) -> "FolderWriter":
        if self._context is not None:
            self.folder = self._context.__enter__()
        else:
            self.out.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc) -> bool | None:
        return self._context.__exit__(*exc) if self._context is not None else None

    def staged(self, name: str) -> Path:
        """Where `name` is being written now (inside the temporary folder when whole)."""
        return self.folder / name

    def write(self, name: str, content: str | bytes) -> Path:
        if self.whole:
            write_private(self.folder / name, content)
        elif isinstance(content, bytes):
            write_bytes_atomically(self.out / name, content)
        else:
            write_atomically(self.out / name, [content])
        return self.out / name


def write_folder(out: Path, format_name: str, files: Iterable[tuple[str, str | bytes]], whole: bool) -> list[Path]:
    """Write (name, content) pairs as the folder export `out`; returns the final paths."""
    with FolderWriter(out, format_name, whole) as writer:
        return [writer.write(name, content) for name, content in files]


def count(report: ExportReport, record: DocumentRecord, spans: int | None = None, relations: int | None = None) -> None:
    """Add one written document (and how many of its spans/relations went out) to the report."""
    report.documents += 1
    report.spans += len(record.spans) if spans is None else spans
    report.relations += len(record.relations) if relations is None else relations


def document_name(record: DocumentRecord) -> str:
    """How reports name a document: its store id, else its title."""
    return f"document {record.store_id}" if record.store_id is not None else f"document {record.title!r}"
