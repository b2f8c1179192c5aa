#!/bin/sh
# The checks a user would make with an unpacked bundle, in a clean environment (no venv,
# no PYTHONPATH, HOME in the work folder). Run by tests/bundle/test_bundle.py on the build
# machine and by scripts/bundle_chroot_check.sh inside a bare Debian root (POSIX sh only).
# Usage: smoke.sh BUNDLE_DIR SAMPLES_DIR WORK_DIR     (stops at the first failing step)
set -eu
B=$1 S=$2 W=$3
mkdir -p "$W/home"
step() {
    echo "== $*"
    env -i PATH=/usr/bin:/bin HOME="$W/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}
step "$B/glossator" --bundle-check "$W/check"
step "$B/glossator" --help > "$W/help.txt"
step "$B/glossator" --store "$W/store.sqlite" init
step "$B/glossator" --store "$W/store.sqlite" import "$S/articles/01-eu-indonesia-nickel-duties.txt" "$S/gold.jsonl"
step "$B/glossator" --store "$W/store.sqlite" suggest
step "$B/glossator" --store "$W/store.sqlite" export spacy "$W/corpus"
step "$B/glossator" --store "$W/store.sqlite" train --epochs 1 "$W/model"
step "$B/glossator" --store "$W/store.sqlite" models > "$W/models.txt"
step "$B/glossator-desktop" --store "$W/store.sqlite" --screenshot "$W/shot.png"
echo "== all steps passed"
