"""Frozen entry point of the bundle (PyInstaller script): one executable, two commands.

Started as `glossator-desktop` (a symlink on Linux/macOS, a second .exe on Windows) it
opens the desktop; otherwise it is the `glossator` command line, which also answers
`glossator --bundle-check` (loads every bundled library; see bundle_check.py)."""
import multiprocessing
import os
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    if os.path.basename(sys.argv[0]).lower().startswith("glossator-desktop"):
        from desktop.app import main
    elif sys.argv[1:2] == ["--bundle-check"]:
        from bundle_check import main as check

        sys.exit(check(sys.argv[2:]))
    else:
        from annotations.cli import main
    sys.exit(main())
