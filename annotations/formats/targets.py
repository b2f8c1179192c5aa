"""Where an export may write, checked before anything is read or written.

Refused, each with one line: the open store, its -wal/-shm/-journal files and
its backups (also through symlinks and hard links), a folder holding any of
them, anything under /proc, /sys or /dev, a name longer than the file system
allows, a path under a file, a folder where a file is written (and the other
way round), something that is neither a file nor a folder, and a non-empty
folder that is not Glossator's own earlier export of the same format (those
are recognised by their marker file and replaced whole, see output.py).
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Iterable

from ..errors import GlossatorError

MARKER = ".glossator-export"  # written into every folder export: {"format": name}
SYSTEM_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))
STORE_COMPANIONS = ("-wal", "-shm", "-journal")
NAME_MAX = 255  # bytes per path component on Linux file systems (temporary names are shorter)


class TargetError(GlossatorError):
    """An export target that must not or cannot be written."""


def store_files(store_path: Path) -> list[Path]:
    """The store and the files beside it that belong to it (existing or not)."""
    return [store_path] + [store_path.with_name(store_path.name + tail) for tail in STORE_COMPANIONS]


def _is_store_backup(path: Path, store_path: Path) -> bool:
    return path.parent == store_path.parent and path.name.startswith(f"{store_path.stem}.backup-")


def _same(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def marker_format(folder: Path) -> str | None:
    """The format of the Glossator export in `folder` (from its marker file), or None."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("format") if isinstance(data, dict) and isinstance(data.get("format"), str) else None


def _check_names(out: Path) -> None:
    for part in out.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            raise TargetError(f"{out}: the name {part[:40]!r}… is too long ({size} bytes; the limit is {NAME_MAX})")


def _check_parents(out: Path) -> None:
    for parent in out.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise TargetError(f"{out}: cannot write under {parent}: it is a file, not a folder")
            return


def _check_existing(out: Path, folder: bool, format_name: str) -> None:
    try:
        mode = out.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise TargetError(f"{out}: cannot use as an export target ({exc.strerror})") from None
    if folder:
        if stat.S_ISREG(mode):
            raise TargetError(f"{out} is a file; the {format_name} export writes a folder (give a folder name)")
        if not stat.S_ISDIR(mode):
            raise TargetError(f"{out} is neither a file nor a folder; choose another export target")
        if any(out.iterdir()):
            found = marker_format(out)
            if found is None:
                raise TargetError(f"{out} is a folder holding other files; export into a new or empty folder "
                                  "(Glossator replaces only its own earlier export)")
            if found != format_name:
                raise TargetError(f"{out} holds an earlier {found} export; export {format_name} "
                                  "into another folder")
        return
    if stat.S_ISDIR(mode):
        raise TargetError(f"{out} is a folder; the {format_name} export writes one file (give a file name)")
    if not stat.S_ISREG(mode):
        raise TargetError(f"{out} is neither a file nor a folder; choose another export target")


def check_target(out: Path, *, folder: bool, format_name: str, store_path: Path | None,
                 companions: Iterable[Path] = ()) -> Path:
    """Refuse a target an export must not write (see the module docstring);
    returns the target with symlinks resolved, which is what gets written."""
    out = Path(os.path.abspath(out))
    _check_names(out)
    resolved = out.resolve()
    for root in SYSTEM_ROOTS:
        if resolved == root or root in resolved.parents:
            raise TargetError(f"{out}: will not export into {root} (a system folder)")
    if store_path is not None:
        store_path = Path(os.path.abspath(store_path))
        protected = [p for f in store_files(store_path) for p in {f, f.resolve()}]
        for target in [out, resolved, *(Path(os.path.abspath(c)).resolve() for c in companions)]:
            if any(_same(target, p) for p in protected) or _is_store_backup(target, store_path.resolve()):
                raise TargetError(f"{out}: will not export onto the open store {store_path} "
                                  "(or its -wal/-shm/backup files)")
        if folder and any(resolved in p.parents for p in protected):
            raise TargetError(f"{out}: will not export into the folder holding the open store {store_path}")
    _check_parents(resolved)
    _check_existing(resolved, folder, format_name)
    return resolved
