"""Build-time tool of scripts/bundle.sh: trim the ELF files of a frozen folder.

1. Shared libraries at the top of _internal/ that nothing in the bundle needs any more are
   removed: PyInstaller collects the dependencies of Qt plugins that the spec then drops
   (the GTK theme's GTK, Pango, Cairo...). Roots are every other ELF file (executables,
   extension modules, Qt libraries and plugins, libpython, the fallback graphics libs);
   a top-level library stays if a root needs it, directly or through other libraries.
2. Symbols are stripped. PyInstaller's own `strip=True` breaks libraries that patchelf
   rewrote (numpy's OpenBLAS: "ELF load command address/offset not page-aligned"), so each
   file is stripped into a copy whose loadable segments are checked the way the loader
   checks them; the copy replaces the file only if they are still aligned.
Usage: python trim_elf.py FOLDER"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PAGE = 4096


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-dW", str(path)], capture_output=True, text=True).stdout
    return [line.rsplit("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def prune_unneeded(folder: Path) -> list[Path]:
    """Remove top-level _internal libraries no other ELF file needs; returns what was removed."""
    internal = folder / "_internal"
    elves = [p for p in folder.rglob("*") if is_elf(p)]
    top = {p.name: p for p in elves if p.parent == internal and ".so" in p.name and not p.name.startswith("libpython")}
    todo = [p for p in elves if p.name not in top or p.parent != internal]
    kept: set[str] = set()
    while todo:
        for name in needed(todo.pop()):
            if name in top and name not in kept:
                kept.add(name)
                todo.append(top[name])
    removed = [p for name, p in top.items() if name not in kept]
    for path in removed:
        path.unlink()
    return removed


def loadable_aligned(path: Path) -> bool:
    """True when every LOAD segment has (vaddr - offset) a multiple of the page size."""
    out = subprocess.run(["readelf", "-lW", str(path)], capture_output=True, text=True)
    loads = [line.split() for line in out.stdout.splitlines() if line.strip().startswith("LOAD")]
    return out.returncode == 0 and bool(loads) and all((int(f[2], 16) - int(f[1], 16)) % PAGE == 0 for f in loads)


def strip_all(folder: Path) -> tuple[int, int, list[str]]:
    saved, count, refused = 0, 0, []
    for path in sorted(p for p in folder.rglob("*") if is_elf(p)):
        tmp = path.with_name(path.name + ".strip-tmp")
        shutil.copy2(path, tmp)
        if subprocess.run(["strip", "--strip-unneeded", str(tmp)], capture_output=True).returncode != 0:
            tmp.unlink()
            continue
        if not loadable_aligned(tmp):
            refused.append(str(path.relative_to(folder)))
            tmp.unlink()
        elif tmp.stat().st_size < path.stat().st_size:
            saved += path.stat().st_size - tmp.stat().st_size
            count += 1
            os.replace(tmp, path)
        else:
            tmp.unlink()
    return saved, count, refused


if __name__ == "__main__":
    root = Path(sys.argv[1])
    removed = prune_unneeded(root)
    print(f"removed {len(removed)} libraries nothing needs: {' '.join(sorted(p.name for p in removed))}")
    saved, count, refused = strip_all(root)
    print(f"stripped {count} files ({saved / 1e6:.0f} MB); kept unstripped, as stripping would misalign "
          f"their segments: {' '.join(refused) or 'none'}")
