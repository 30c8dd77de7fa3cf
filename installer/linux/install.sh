#!/bin/sh
# Install mdtdesk for the current user, from the unpacked mdtdesk-VERSION-linux-x86_64 folder:
#     ./install.sh
# It puts the program in ~/.local/share/mdtdesk-app/, the menu entry in
# ~/.local/share/applications/, the icon in ~/.local/share/icons/, and the command `mdtdesk` in
# ~/.local/bin/. No root, no Python needed. Running it again replaces the program (an upgrade);
# the user's data (~/.local/share/mdtdesk/: the database and its backups) is never touched.
# ~/.local/share/mdtdesk-app/uninstall.sh removes the program again.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir=$data_home/mdtdesk-app
bin_dir=$HOME/.local/bin
apps_dir=$data_home/applications
icon_dir=$data_home/icons/hicolor/scalable/apps

if [ ! -x "$here/mdtdesk/mdtdesk" ]; then
    echo "install.sh: run it from the unpacked mdtdesk folder (no $here/mdtdesk/mdtdesk)." >&2
    exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
    echo "install.sh: this installs mdtdesk for root only. Run it as the user who will use it." >&2
fi

# The program: copied beside the old one, then swapped in, so a failed copy leaves the old one.
mkdir -p "$data_home" "$bin_dir" "$apps_dir" "$icon_dir"
rm -rf "$app_dir.new"
cp -R "$here/mdtdesk" "$app_dir.new"
cp "$here/uninstall.sh" "$app_dir.new/uninstall.sh"
chmod 755 "$app_dir.new/uninstall.sh"
rm -rf "$app_dir.old"
if [ -e "$app_dir" ]; then mv "$app_dir" "$app_dir.old"; fi
mv "$app_dir.new" "$app_dir"
rm -rf "$app_dir.old"

# The command, the icon and the menu entry.
ln -sfn "$app_dir/mdtdesk" "$bin_dir/mdtdesk"
cp "$here/mdtdesk.svg" "$icon_dir/mdtdesk.svg"
sed -e "s|^Exec=.*|Exec=\"$app_dir/mdtdesk\"|" \
    -e "s|^Icon=.*|Icon=$icon_dir/mdtdesk.svg|" \
    "$here/mdtdesk.desktop" >"$apps_dir/mdtdesk.desktop"
chmod 644 "$apps_dir/mdtdesk.desktop"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$apps_dir" 2>/dev/null || true
fi

version=$("$app_dir/mdtdesk" --version 2>/dev/null) || {
    echo "install.sh: the installed program does not start: $app_dir/mdtdesk --version failed." >&2
    exit 1
}
echo "Installed $version in $app_dir (menu: mdtdesk; command: $bin_dir/mdtdesk)."

# The window needs the desktop's own libraries (Qt's X11 and Wayland support, fonts, printing).
missing=$(ldd "$app_dir/_internal/PySide6/Qt/plugins/platforms/libqxcb.so" \
    "$app_dir/_internal/PySide6/Qt/plugins/printsupport/libcupsprintersupport.so" 2>/dev/null |
    sed -n 's/^[[:space:]]*\([^[:space:]]*\) => not found.*/\1/p' | sort -u | tr '\n' ' ')
if [ -n "$missing" ]; then
    echo "The window needs system libraries missing here: $missing"
    echo "On Debian or Ubuntu: sudo apt install libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0" \
        "libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" \
        "libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libcups2"
fi
case ":$PATH:" in
*":$bin_dir:"*) ;;
*) echo "Note: $bin_dir is not on PATH; the menu entry works, or type $bin_dir/mdtdesk." ;;
esac
