#!/bin/sh
# Put Boundary into the current user's application menu (Linux and other XDG desktops).
#
#   install-desktop-files.sh [BUNDLE_DIR]     install; BUNDLE_DIR defaults to the folder
#                                             holding this script (inside a built bundle)
#                                             or else dist/boundary-app beside packaging/
#   install-desktop-files.sh --uninstall      remove what it installed
#
# Copies the bundle's share/ tree (desktop entry, AppStream metainfo, hicolor icons) into
# ${XDG_DATA_HOME:-~/.local/share}, with the entry's Exec= pointing at the bundle's own
# boundary-app, and links ~/.local/bin/boundary-app to it for the command line. Needs
# no root. The bundle stays where it is: move it first if it lives in a build folder.
set -eu

APP_ID=org.boundaryapp.Boundary
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
BIN_HOME=$HOME/.local/bin
SIZES="16 22 24 32 48 64 128 256 512"

refresh() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA_HOME/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && [ -f "$DATA_HOME/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$DATA_HOME/applications/$APP_ID.desktop" "$DATA_HOME/metainfo/$APP_ID.metainfo.xml"
    for size in $SIZES; do
        rm -f "$DATA_HOME/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    rm -f "$DATA_HOME/icons/hicolor/scalable/apps/$APP_ID.svg"
    if [ -L "$BIN_HOME/boundary-app" ]; then
        rm -f "$BIN_HOME/boundary-app"
    fi
    refresh
    echo "Removed Boundary's menu entry, icons and command link."
    exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ge 1 ]; then
    bundle=$(cd "$1" && pwd)
elif [ -d "$here/share" ]; then
    bundle=$here
else
    bundle=$(cd "$here/../dist/boundary-app" 2>/dev/null && pwd) || {
        echo "No bundle found: build one with packaging/build.py, or name its folder." >&2
        exit 2
    }
fi
executable=$bundle/boundary-app
if [ ! -x "$executable" ] || [ ! -d "$bundle/share" ]; then
    echo "$bundle is not a Boundary bundle (no boundary-app and share/ in it)." >&2
    exit 2
fi

mkdir -p "$DATA_HOME/applications" "$DATA_HOME/metainfo" "$BIN_HOME"
# Exec= gets the absolute path, quoted as the Desktop Entry spec says (a backslash before
# " ` $ \ inside the quotes, "%" doubled), then string-escaped (each backslash doubled).
exec_value=$(printf '%s' "$executable" | sed -e 's/[\\"`$]/\\\\&/g' -e 's/%/%%/g')
try_exec=$(printf '%s' "$executable" | sed 's/\\/\\\\/g')
EXEC_VALUE="\"$exec_value\"" TRY_EXEC=$try_exec awk '
    /^Exec=/ { print "Exec=" ENVIRON["EXEC_VALUE"]; next }
    /^TryExec=/ { print "TryExec=" ENVIRON["TRY_EXEC"]; next }
    { print }
' "$bundle/share/applications/$APP_ID.desktop" >"$DATA_HOME/applications/$APP_ID.desktop"
cp "$bundle/share/metainfo/$APP_ID.metainfo.xml" "$DATA_HOME/metainfo/"
for size in $SIZES; do
    folder=$DATA_HOME/icons/hicolor/${size}x${size}/apps
    mkdir -p "$folder"
    cp "$bundle/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png" "$folder/"
done
mkdir -p "$DATA_HOME/icons/hicolor/scalable/apps"
cp "$bundle/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$DATA_HOME/icons/hicolor/scalable/apps/"
ln -sf "$executable" "$BIN_HOME/boundary-app"
refresh
echo "Installed Boundary's menu entry and icons into $DATA_HOME"
echo "and linked $BIN_HOME/boundary-app to $executable."
