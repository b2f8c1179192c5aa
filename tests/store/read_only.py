"""Run a command that sees one file read-only, for root too (root ignores file
modes, and CI runs as root): as root the command runs in its own mount
namespace where the file is bind-mounted read-only, so every write to it fails
with EROFS exactly as a read-only file does for anyone else; as another user
the file is simply made 0400 for the command's run."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

_BIND_RO = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def run_with_read_only_file(path: Path, argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    kwargs.setdefault("timeout", 120)
    if os.geteuid() != 0:
        os.chmod(path, 0o400)
        try:
            return subprocess.run(argv, **kwargs)
        finally:
            os.chmod(path, 0o600)
    unshare = shutil.which("unshare")
    probe = subprocess.run([unshare or "unshare", "-m", "sh", "-c", _BIND_RO, str(path), "true"],
                           capture_output=True, text=True) if unshare else None
    if probe is None or probe.returncode != 0:
        reason = "root needs a mount namespace (unshare -m) to make a file read-only"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: {probe.stderr if probe else 'no unshare'}")
        pytest.skip(reason)
    return subprocess.run([unshare, "-m", "sh", "-c", _BIND_RO, str(path), *argv], **kwargs)
