#!/bin/sh
# Remove mdtdesk installed for the current user by install.sh: the program
# (~/.local/share/mdtdesk-app/), its menu entry, icon and the `mdtdesk` command. The user's data
# (~/.local/share/mdtdesk/: the database and its backups), settings and log are kept: delete
# them by hand only when nobody needs the records any more.
set -eu

data_home=${XDG_DATA_HOME:-$HOME/.local/share}
app_dir=$data_home/mdtdesk-app
bin_dir=$HOME/.local/bin

# The command only if it is ours (a link into the program's folder).
if [ -L "$bin_dir/mdtdesk" ] && [ "$(readlink "$bin_dir/mdtdesk")" = "$app_dir/mdtdesk" ]; then
    rm -f "$bin_dir/mdtdesk"
fi
rm -f "$data_home/applications/mdtdesk.desktop" "$data_home/icons/hicolor/scalable/apps/mdtdesk.svg"
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data_home/applications" 2>/dev/null || true
fi
rm -rf "$app_dir" "$app_dir.new" "$app_dir.old"
echo "Removed mdtdesk from $app_dir. The data in $data_home/mdtdesk/ is kept."
