"""Archives of import files (.zip, .tar, .tar.gz, .tgz): checked member by
member, then unpacked into a private temporary folder that the importer reads
like any other folder and that is removed afterwards.

An archive is refused whole, before anything is written, when a member has an
absolute path or `..` components, is a link or a device, appears twice, or when
the archive is corrupt or unpacks to more than MAX_TOTAL_BYTES or MAX_MEMBERS
(a zip bomb). Sizes are counted while copying, not taken from the headers,
which can lie. Errors name the archive and the member, never the temp folder.
"""
from __future__ import annotations

import logging
import shutil
import stat
import tarfile
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

from ..errors import InputError

log = logging.getLogger(__name__)

SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")
MAX_TOTAL_BYTES = 1 << 30  # 1 GiB unpacked: far above any news corpus, far below a bomb
MAX_MEMBERS = 100_000
_CHUNK = 1 << 20
# Errors that a damaged archive raises from the stdlib readers.
_CORRUPT = (zipfile.BadZipFile, tarfile.TarError, zlib.error, EOFError, OSError, ValueError, NotImplementedError)


def is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(SUFFIXES)


class _Budget:
    """Counts members and unpacked bytes across one archive."""

    def __init__(self, archive: Path, max_bytes: int, max_members: int):
        self.archive, self.max_bytes, self.max_members = archive, max_bytes, max_members
        self.bytes = 0
        self.members = 0

    def fail(self, member: str, reason: str) -> InputError:
        return InputError(self.archive, None, f"member {member!r} {reason}; nothing imported")

    def member(self, name: str) -> None:
        self.members += 1
        if self.members > self.max_members:
            raise self.fail(name, f"is past the limit of {self.max_members:,} members (zip bomb?)")

    def add(self, name: str, size: int) -> None:
        self.bytes += size
        if self.bytes > self.max_bytes:
            raise self.fail(name, f"takes the archive past {self.max_bytes:,} bytes unpacked (zip bomb?)")


def safe_parts(name: str) -> tuple[str, ...] | None:
    """The member's relative path parts, or None if it could land outside the folder."""
    if not name or "\x00" in name:
        return None
    unified = name.replace("\\", "/")
    if unified.startswith("/") or (len(unified) > 1 and unified[1] == ":"):
        return None
    parts = tuple(p for p in PurePosixPath(unified).parts if p not in ("", "."))
    if any(p == ".." for p in parts):
        return None
    return parts


def _copy(src: IO[bytes], dest: Path, name: str, budget: _Budget) -> None:
    with open(dest, "xb") as out:
        while chunk := src.read(_CHUNK):
            budget.add(name, len(chunk))
            out.write(chunk)


def _target(root: Path, name: str, budget: _Budget, seen: set[tuple[str, ...]]) -> Path:
    parts = safe_parts(name)
    if parts is None:
        raise budget.fail(name, "has an absolute path or '..' in it")
    if parts in seen:
        raise budget.fail(name, "appears twice")
    seen.add(parts)
    return root.joinpath(*parts) if parts else root


def _unzip(archive: Path, root: Path, budget: _Budget) -> None:
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
        seen: set[tuple[str, ...]] = set()
        targets = []
        for info in infos:  # check every member before writing any
            budget.member(info.filename)
            kind = stat.S_IFMT(info.external_attr >> 16)
            if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
                raise budget.fail(info.filename, "is a link or special file")
            targets.append((info, _target(root, info.filename, budget, seen)))
        if sum(i.file_size for i in infos) > budget.max_bytes:
            raise budget.fail(max(infos, key=lambda i: i.file_size).filename,
                              f"takes the archive past {budget.max_bytes:,} bytes unpacked (zip bomb?)")
        for info, dest in targets:
            if info.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(info) as src:
                _copy(src, dest, info.filename, budget)


def _untar(archive: Path, root: Path, budget: _Budget) -> None:
    with tarfile.open(archive, "r:*") as tf:
        seen: set[tuple[str, ...]] = set()
        targets, declared = [], 0
        for member in tf:  # iterating reads headers only, so the count is checked as we go
            budget.member(member.name)
            if not (member.isreg() or member.isdir()):
                raise budget.fail(member.name, "is a link or special file")
            targets.append((member, _target(root, member.name, budget, seen)))
            declared += member.size if member.isreg() else 0
            if declared > budget.max_bytes:
                raise budget.fail(member.name, f"takes the archive past {budget.max_bytes:,} bytes unpacked "
                                               "(zip bomb?)")
        for member, dest in targets:
            if member.isdir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            src = tf.extractfile(member)
            if src is not None:
                _copy(src, dest, member.name, budget)


@contextmanager
def unpacked(archive: Path, *, max_bytes: int | None = None, max_members: int | None = None) -> Iterator[Path]:
    """Yield a private folder holding the archive's files; removed on exit."""
    budget = _Budget(archive, MAX_TOTAL_BYTES if max_bytes is None else max_bytes,
                     MAX_MEMBERS if max_members is None else max_members)
    root = Path(tempfile.mkdtemp(prefix="glossator-archive-"))  # mode 0700: only the owner reads it
    try:
        unpack = _unzip if archive.name.lower().endswith(".zip") else _untar
        try:
            unpack(archive, root, budget)
        except InputError:
            raise
        except _CORRUPT as exc:
            reason = " ".join(str(exc).split())[:200]  # tarfile's message spans several lines
            raise InputError(archive, None, f"corrupt or unreadable archive ({reason}); nothing imported") from None
        log.debug("unpacked %s: %d members, %d bytes", archive, budget.members, budget.bytes)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


class ArchiveNames:
    """Shows paths inside unpacked archives as `archive/member`, never the temp folder."""

    def __init__(self) -> None:
        self.roots: dict[str, str] = {}

    def add(self, root: Path, archive: Path) -> None:
        self.roots[str(root)] = str(archive)

    def show(self, text: str) -> str:
        for root, archive in self.roots.items():
            text = text.replace(root, archive)
        return text

    def error(self, exc: InputError) -> InputError:
        return InputError(self.show(exc.path), exc.line, self.show(exc.reason))
