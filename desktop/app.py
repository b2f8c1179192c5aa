"""Entry point of `glossator-desktop` (placeholder until the desktop workspace lands)."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("The desktop workspace is not built yet; use the `glossator` CLI.", file=sys.stderr)
    return 1
