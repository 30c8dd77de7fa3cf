#!/usr/bin/env bash
# Checks the Windows installer script on Linux: compiles installer/windows/mdtdesk.nsi with
# makensis against a dummy one-folder build (a fake mdtdesk.exe and a few placeholder files), with
# the version from pyproject.toml, warnings treated as errors. Installs nothing: makensis must be
# on PATH (Debian: apt-get install nsis). Everything it writes goes to a temporary folder that is
# removed at the end; nothing is written to the repository.
#
#   installer/windows/check-nsis.sh          compile only (what `make` runs)
#   installer/windows/check-nsis.sh --wine   also run the installer under Wine in a throwaway
#                                            prefix: silent install, upgrade, refused folders,
#                                            mdtdesk running, silent uninstall keeping the data.
#                                            Needs Wine (Debian: apt-get install wine64); WINE=
#                                            names the binary if it is not wine64 or wine on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."

run_wine=0
case "${1:-}" in
  "") ;;
  --wine) run_wine=1 ;;
  *) echo "usage: $0 [--wine]" >&2; exit 2 ;;
esac

fail() { echo "check-nsis: FAIL: $*" >&2; exit 1; }

command -v makensis >/dev/null || fail "makensis is not on PATH (Debian: apt-get install nsis)"

# The version, as build.ps1 reads it: [project] version in pyproject.toml.
python_bin=$(command -v python3.11 || command -v python3 || true)
[ -n "$python_bin" ] || fail "python3 is needed to read pyproject.toml"
version=$("$python_bin" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])') \
  || fail "cannot read the version from pyproject.toml"
# The file version: the release numbers only (0.1.0rc1 -> 0.1.0.0), four of them.
release=$(printf '%s' "$version" | grep -oE '^[0-9]+(\.[0-9]+)*') || fail "version $version does not start with a number"
IFS=. read -r -a parts <<<"$release"
while [ ${#parts[@]} -lt 4 ]; do parts+=(0); done
version_quad="${parts[0]}.${parts[1]}.${parts[2]}.${parts[3]}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mdtdesk-nsis.XXXXXX")
wine_prefix_owner=""
cleanup() {
  if [ -n "$wine_prefix_owner" ]; then WINEPREFIX="$tmp/wineprefix" "$wine_prefix_owner" -k 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A dummy one-folder build laid out as PyInstaller 6 lays it out.
dist="$tmp/dist/mdtdesk"
mkdir -p "$dist/_internal/PySide6/plugins/platforms" "$dist/_internal/resources/icons"
printf 'MZ placeholder for mdtdesk.exe\n' >"$dist/mdtdesk.exe"
printf 'MZ placeholder for mdtdesk-cli.exe\n' >"$dist/mdtdesk-cli.exe"
printf 'placeholder\n' >"$dist/_internal/base_library.zip"
printf 'placeholder\n' >"$dist/_internal/python311.dll"
printf 'placeholder\n' >"$dist/_internal/PySide6/Qt6Core.dll"
printf 'placeholder\n' >"$dist/_internal/PySide6/plugins/platforms/qwindows.dll"
cp resources/icons/mdtdesk.svg "$dist/_internal/resources/icons/"

setup="$tmp/dist/mdtdesk-$version-setup.exe"
echo "check-nsis: $(makensis -VERSION), mdtdesk $version (file version $version_quad)"
# makensis reads the script's own relative paths (the icon) from the script's folder.
(cd installer/windows && makensis -WX -V2 "-DVERSION=$version" "-DVERSION_QUAD=$version_quad" \
  "-DDIST_DIR=$dist" "-DOUT_FILE=$setup" mdtdesk.nsi) 2>&1 | sed 's/^/  makensis: /'
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || fail "makensis exited $status"
[ -s "$setup" ] || fail "makensis wrote no $setup"
[ "$(head -c 2 "$setup")" = "MZ" ] || fail "$setup is not a Windows program"
echo "check-nsis: makensis exit 0, $(basename "$setup") $(wc -c <"$setup") bytes (in a temporary folder)"

[ "$run_wine" -eq 1 ] || exit 0

# ------------------------------------------------------------------------------------------------
# --wine: run the installer. Debian's NSIS can target amd64, so the installer is built once more as
# a 64-bit program for a Wine without 32-bit support; the script is the same.
wine=${WINE:-$(command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true)}
[ -n "$wine" ] || fail "--wine: no Wine found (Debian: apt-get install wine64, or set WINE=)"
wineserver_bin=$(command -v wineserver || { [ -x /usr/lib/wine/wineserver ] && echo /usr/lib/wine/wineserver; } || true)

# The fake mdtdesk.exe and mdtdesk-cli.exe become a real Windows program (Wine's cmd.exe), so
# "mdtdesk is running" can be tried.
cmd_exe=$(find /usr/lib/x86_64-linux-gnu/wine /usr/lib/wine /opt/wine* -path '*x86_64-windows/cmd.exe' 2>/dev/null | head -n 1 || true)
[ -n "$cmd_exe" ] || fail "--wine: cannot find Wine's 64-bit cmd.exe"
cp "$cmd_exe" "$dist/mdtdesk.exe"
cp "$cmd_exe" "$dist/mdtdesk-cli.exe"
setup64="$tmp/dist/mdtdesk-$version-setup-amd64.exe"
(cd installer/windows && makensis -WX -V2 "-DVERSION=$version" "-DVERSION_QUAD=$version_quad" \
  "-DDIST_DIR=$dist" "-DOUT_FILE=$setup64" -DTARGET=amd64-unicode mdtdesk.nsi) 2>&1 | sed 's/^/  makensis: /'
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "makensis (amd64, for Wine) failed"

# A throwaway prefix and home: Wine links Desktop and Documents into $HOME, and its menu builder
# writes to ~/.local; neither may reach the real home.
export WINEPREFIX="$tmp/wineprefix" HOME="$tmp/home" WINEDEBUG=-all
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
mkdir -p "$HOME"
wine_prefix_owner=$wineserver_bin
"$wine" wineboot -i >/dev/null 2>&1 || fail "--wine: wineboot failed"
[ -z "$wineserver_bin" ] || "$wineserver_bin" -w
# Seal the prefix: Wine maps drive Z: to / and links the user's folders (Desktop, Templates...) to
# $HOME, and an uninstaller's recursive delete follows such links. Take Z: away and make every
# link in drive C: a plain empty folder, so that nothing run here can reach a file outside.
rm -f "$WINEPREFIX/dosdevices/z:"
find "$WINEPREFIX/drive_c" -type l -print0 | while IFS= read -r -d '' link; do
  rm -f "$link" && mkdir -p "$link"
done
[ -z "$(find "$WINEPREFIX/drive_c" -type l)" ] || fail "--wine: links are left in the prefix"
w() { "$wine" "$@" 2>/dev/null; }
unixpath() { w winepath -u "$1" | tr -d '\r'; }
local_win=$(w cmd /c echo %LOCALAPPDATA% | tr -d '\r')
local_dir=$(unixpath "$local_win")
desktop_dir=$(unixpath "$(w cmd /c echo %USERPROFILE% | tr -d '\r')\\Desktop")
startmenu_dir=$(unixpath "$(w cmd /c echo %APPDATA% | tr -d '\r')\\Microsoft\\Windows\\Start Menu\\Programs")
program_dir="$local_dir/Programs/mdtdesk"
data_dir="$local_dir/mdtdesk"
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\mdtdesk'
ok() { echo "check-nsis: wine: ok: $*"; }

# The user's data, which nothing may touch.
mkdir -p "$data_dir/backups" "$data_dir/Logs"
printf 'database\n' >"$data_dir/mdtdesk.db"
printf 'key\n' >"$data_dir/mdtdesk.db.key"
printf 'backup\n' >"$data_dir/backups/mdtdesk-2026-11-23T091230Z.db"
printf 'log\n' >"$data_dir/Logs/mdtdesk.log"
data_sum() { (cd "$data_dir" && find . -type f -exec md5sum {} + | sort); }
data_before=$(data_sum)
data_intact() { [ "$(data_sum)" = "$data_before" ] || fail "the data folder changed: $1"; }

# The installer runs from inside the prefix (there is no Z: drive to reach it by).
cp "$setup64" "$WINEPREFIX/drive_c/mdtdesk-setup.exe"
installer_win='C:\mdtdesk-setup.exe'
if w cmd /c 'dir Z:\' >/dev/null; then fail "--wine: drive Z: is still there"; fi
set +e
w "$installer_win" /S; rc=$?
set -e
[ "$rc" -eq 0 ] || fail "silent install exited $rc"
[ -f "$program_dir/mdtdesk.exe" ] && [ -f "$program_dir/_internal/PySide6/Qt6Core.dll" ] \
  && [ -f "$program_dir/Uninstall.exe" ] || fail "silent install: program files missing in $program_dir"
[ -f "$startmenu_dir/mdtdesk.lnk" ] || fail "no Start menu shortcut"
[ -f "$desktop_dir/mdtdesk.lnk" ] || fail "no desktop shortcut"
reg=$(w reg query "$key" | tr -d '\r')
for value in DisplayName DisplayVersion Publisher DisplayIcon UninstallString QuietUninstallString \
  NoModify NoRepair EstimatedSize InstallLocation; do
  grep -q "^ *$value " <<<"$reg" || fail "uninstall key has no $value"
done
grep -q "DisplayVersion *REG_SZ *$version\$" <<<"$reg" || fail "DisplayVersion is not $version"
grep -q 'QuietUninstallString *REG_SZ *".*\\Uninstall.exe" /S$' <<<"$reg" || fail "QuietUninstallString is wrong"
data_intact "install"
ok "silent install into %LOCALAPPDATA%\\Programs\\mdtdesk, both shortcuts, uninstall key with every value"

# An upgrade clears the earlier version's files; /NODESKTOP leaves the desktop shortcut out.
printf 'stale\n' >"$program_dir/_internal/left-from-earlier.pyd"
set +e
w "$installer_win" /S /NODESKTOP; rc=$?
set -e
[ "$rc" -eq 0 ] || fail "silent upgrade exited $rc"
[ ! -e "$program_dir/_internal/left-from-earlier.pyd" ] || fail "upgrade left an earlier file behind"
[ -f "$program_dir/mdtdesk.exe" ] || fail "upgrade lost mdtdesk.exe"
[ ! -e "$desktop_dir/mdtdesk.lnk" ] || fail "/NODESKTOP kept a desktop shortcut"
[ -f "$startmenu_dir/mdtdesk.lnk" ] || fail "upgrade lost the Start menu shortcut"
data_intact "upgrade"
ok "upgrade in place removes the earlier files; /NODESKTOP"

# /D= must come last and unquoted, even with spaces: cmd passes the command line as it is
# (Wine, like PowerShell, would put quotes round an argument with a space).
install_to() { w cmd /c "$installer_win /S /D=$1"; }

# Folders a silent install refuses with exit code 2, writing nothing.
other_dir="$WINEPREFIX/drive_c/other"
mkdir -p "$other_dir" && printf 'x\n' >"$other_dir/someone-elses.txt"
for target in "$local_win\\mdtdesk" "$local_win\\mdtdesk\\Programs" "$local_win" 'C:\other'; do
  set +e
  install_to "$target"; rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "install into $target exited $rc, not 2"
done
[ ! -e "$data_dir/mdtdesk.exe" ] && [ ! -e "$data_dir/Programs" ] && [ ! -e "$local_dir/mdtdesk.exe" ] \
  && [ ! -e "$other_dir/mdtdesk.exe" ] || fail "a refused install wrote files"
data_intact "refused installs"
ok "refuses the data folder, a folder inside it, a folder holding it, a folder of other files (exit 2)"

# /D= with spaces, then its uninstaller.
custom_win='C:\Apps\MDT desk'
custom_dir=$(unixpath "$custom_win")
set +e
install_to "$custom_win"; rc=$?
set -e
[ "$rc" -eq 0 ] && [ -f "$custom_dir/mdtdesk.exe" ] || fail "/D=$custom_win: exit $rc, or no files"
reg=$(w reg query "$key" | tr -d '\r')
grep -qF "InstallLocation    REG_SZ    $custom_win" <<<"$reg" || fail "InstallLocation is not $custom_win"
ok "/D= with a space in the folder"

wait_gone() {  # the uninstaller returns at once and finishes from a copy of itself
  local i
  for i in $(seq 1 60); do [ -e "$1" ] || return 0; sleep 1; done
  return 1
}
set +e
w "$custom_win\\Uninstall.exe" /S; rc=$?
set -e
[ "$rc" -eq 0 ] || fail "uninstall of $custom_win exited $rc"
wait_gone "$custom_dir/Uninstall.exe" || fail "the uninstaller did not finish within 60 s"
[ ! -e "$custom_dir" ] || fail "uninstall left $custom_dir: $(ls -A "$custom_dir")"
data_intact "uninstall from /D="
ok "uninstall from the /D= folder removes it"

# Put the default install back, for the last two checks.
set +e
install_to "$local_win\\Programs\\mdtdesk"; rc=$?
set -e
[ "$rc" -eq 0 ] || fail "reinstall exited $rc"

# mdtdesk (or its command line) running: the uninstaller, run in place with _?= so that its exit
# code is its own, and the installer refuse, and remove nothing.
fifo="$tmp/hold"
mkfifo "$fifo"
for program in mdtdesk.exe mdtdesk-cli.exe; do
  w "$local_win\\Programs\\mdtdesk\\$program" /q /k <"$fifo" >/dev/null &
  exec 3>"$fifo"
  sleep 3
  set +e
  w "$local_win\\Programs\\mdtdesk\\Uninstall.exe" /S "_?=$local_win\\Programs\\mdtdesk"; rc=$?
  set -e
  set +e
  w "$installer_win" /S; rc_install=$?
  set -e
  exec 3>&-
  wait || true
  [ "$rc_install" -eq 2 ] || fail "install while $program runs exited $rc_install, not 2"
  [ "$rc" -eq 2 ] || fail "uninstall while $program runs exited $rc, not 2"
  [ -f "$program_dir/mdtdesk.exe" ] && [ -f "$startmenu_dir/mdtdesk.lnk" ] \
    || fail "uninstall while $program runs removed files"
done
ok "install and uninstall while mdtdesk.exe or mdtdesk-cli.exe runs stop with exit code 2, removing nothing"

# Uninstall: program files, shortcuts and key gone; the data, and anything like data, kept.
printf 'someone saved a database here\n' >"$program_dir/stray.db"
set +e
w "$local_win\\Programs\\mdtdesk\\Uninstall.exe" /S; rc=$?
set -e
[ "$rc" -eq 0 ] || fail "silent uninstall exited $rc"
wait_gone "$program_dir/Uninstall.exe" || fail "the uninstaller did not finish within 60 s"
[ ! -e "$program_dir/mdtdesk.exe" ] && [ ! -e "$program_dir/_internal" ] || fail "uninstall left program files"
[ -f "$program_dir/stray.db" ] || fail "uninstall deleted a .db file in the program folder"
[ ! -e "$startmenu_dir/mdtdesk.lnk" ] && [ ! -e "$desktop_dir/mdtdesk.lnk" ] || fail "uninstall left a shortcut"
if w reg query "$key" >/dev/null; then fail "uninstall left the registry key"; fi
data_intact "uninstall"
ok "silent uninstall removes the program, shortcuts and key; keeps %LOCALAPPDATA%\\mdtdesk and a stray .db"
# Last, as it wrecks the prefix: an uninstaller found in a folder that holds the data folder (here
# %LOCALAPPDATA% itself, which the installer never allows) still keeps the data folder.
rm -f "$program_dir/stray.db"  # so the folder is empty again, as a reinstall wants
set +e
install_to "$local_win\\Programs\\mdtdesk"; rc=$?
set -e
[ "$rc" -eq 0 ] || fail "reinstall exited $rc"
cp "$program_dir/Uninstall.exe" "$program_dir/mdtdesk.exe" "$local_dir/"
mkdir -p "$local_dir/not-data" && printf 'x\n' >"$local_dir/not-data/file"
set +e
w "$local_win\\Uninstall.exe" /S "_?=$local_win"; rc=$?
set -e
[ "$rc" -eq 0 ] || fail "uninstall from %LOCALAPPDATA% exited $rc"
[ ! -e "$local_dir/not-data" ] && [ ! -e "$local_dir/mdtdesk.exe" ] || fail "uninstall from %LOCALAPPDATA% did not run"
data_intact "uninstall from a folder holding the data folder"
ok "an uninstaller in a folder holding the data folder keeps the data folder"
echo "check-nsis: wine: all passed"
