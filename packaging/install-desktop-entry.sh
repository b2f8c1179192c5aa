#!/usr/bin/env sh
# Add Glossator to this user's application menu (no root needed): writes
# ~/.local/share/applications/glossator.desktop pointing at this folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed -e "s|^Exec=.*|Exec=\"$here/glossator-desktop\"|" -e "s|^Icon=.*|Icon=$here/glossator.svg|" \
    "$here/glossator.desktop" > "$apps/glossator.desktop.tmp"
mv "$apps/glossator.desktop.tmp" "$apps/glossator.desktop"
echo "added Glossator to the menu: $apps/glossator.desktop"
