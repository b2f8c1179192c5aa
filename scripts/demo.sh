#!/usr/bin/env bash
# Open Glossator on a demo store: sample articles imported and suggested.
# Builds demo-store/demo.sqlite the first time (delete it to start over).
# Without a display, starts a virtual one (Xvfb) and saves a screenshot instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --gui
store=demo-store/demo.sqlite
.venv/bin/glossator --store "$store" demo
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec .venv/bin/glossator-desktop --store "$store" "$@"
fi
echo "No display: rendering the window offscreen to demo-store/screenshot.png"
QT_QPA_PLATFORM=offscreen .venv/bin/glossator-desktop --store "$store" --screenshot demo-store/screenshot.png "$@"
