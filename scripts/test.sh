#!/usr/bin/env bash
# Run the whole Glossator test suite (sets everything up first).
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k store -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports --config pyproject.toml
exec .venv/bin/python -m pytest "$@"
