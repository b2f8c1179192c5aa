#!/usr/bin/env bash
# Prove the bundle needs nothing else installed: make a minimal Debian root with debootstrap
# (minbase: no Python, no Qt, X or GL libraries), unpack the bundle into it and run the
# user's checks (tests/bundle/smoke.sh) there with chroot; then check the screenshot.
# Needs root; installs debootstrap with apt if missing. The root (build/chroot-<suite>) is
# kept for the next run. Usage: bash scripts/bundle_chroot_check.sh [BUNDLE.tar.gz] [SUITE]
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=${1:-$(ls -t dist/glossator-*-linux-"$(uname -m)".tar.gz 2>/dev/null | head -1)}
suite=${2:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
[ -f "$tarball" ] || { echo "no bundle: run bash scripts/bundle.sh first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "bundle_chroot_check.sh needs root (debootstrap, mount, chroot)" >&2; exit 2; }
start=$(date +%s)

if ! command -v debootstrap >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi
# The Debian mirror this machine's apt already uses.
mirror=$(grep -rhoE '^(URIs:|deb) *(\[[^]]*\] *)?https?://[^ ]+/debian/?( |$)' \
    /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | grep -oE 'https?://[^ ]+' | head -1 || true)
[ -n "$mirror" ] || { echo "no Debian mirror in /etc/apt/sources.list*" >&2; exit 2; }

mkdir -p build  # a fresh clone whose bundle came from the cache has no build/ yet
root=$PWD/build/chroot-$suite
if [ ! -f "$root/.glossator-root-ok" ]; then
    rm -rf "$root"
    echo "debootstrap --variant=minbase $suite (a few minutes)..."
    debootstrap --variant=minbase "$suite" "$root" "$mirror" > build/chroot-$suite.log 2>&1 \
        || { tail -20 build/chroot-$suite.log >&2; exit 1; }
    touch "$root/.glossator-root-ok"
fi

# The root really is bare: no Python, no Qt/X/GL/font libraries.
if chroot "$root" sh -c 'command -v python3 || command -v python' >/dev/null; then
    echo "FAIL: the Debian root has a Python" >&2; exit 1
fi
present=$(cd "$root" && ls usr/lib/*-linux-gnu/ 2>/dev/null \
    | grep -E '^lib(Qt|xcb|X11|GL|EGL|OpenGL|fontconfig|freetype|glib-2|xkbcommon|dbus-1|python3)' || true)
[ -z "$present" ] || { echo "FAIL: the Debian root has: $present" >&2; exit 1; }
echo "Debian $suite root $(du -sh "$root" | cut -f1): no Python, Qt, X, GL or font libraries"

rm -rf "$root/opt/glossator" "$root/opt/check" "$root/tmp/glossator-check"
mkdir -p "$root/opt/glossator" "$root/opt/check"
tar -C "$root/opt/glossator" --strip-components=1 -xzf "$tarball"
cp -r resources/samples "$root/opt/check/samples"
cp tests/bundle/smoke.sh "$root/opt/check/"

# Qt's X11 plugin finds every library it links in the bundle (no X server here to start it).
libs=/opt/glossator/_internal
missing=$(chroot "$root" env LD_LIBRARY_PATH=$libs:$libs/fallback-libs:$libs/PySide6/Qt/lib \
    ldd $libs/PySide6/Qt/plugins/platforms/libqxcb.so | grep "not found" || true)
[ -z "$missing" ] || { echo "FAIL: the xcb platform plugin lacks: $missing" >&2; exit 1; }
echo "xcb platform plugin: every library it links is in the bundle"

mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
trap 'umount "$root/dev" "$root/proc"' EXIT
chroot "$root" /bin/sh /opt/check/smoke.sh /opt/glossator /opt/check/samples /tmp/glossator-check
python3 tests/bundle/png_check.py "$root/tmp/glossator-check/shot.png" 10000 8
echo "chroot check passed in $(( $(date +%s) - start )) s ($(basename "$tarball") in bare Debian $suite)"
