"""Build mdtdesk's installer for the platform this runs on, and smoke-test the frozen build.

    .venv/bin/python installer/build.py          # make installer
    .venv/bin/python installer/build.py --test   # make installer-test: build, then test it

The build runs PyInstaller on installer/mdtdesk.spec, giving the one-folder bundle dist/mdtdesk/.
On Linux it then packs dist/mdtdesk-VERSION-linux-x86_64.tar.gz: the bundle, the desktop entry,
the icon, install.sh and uninstall.sh (installer/linux/). On Windows the installer is made from
dist/mdtdesk/ by installer/windows/ (see its README); the version comes from pyproject.toml.

--test (Linux) unpacks that tarball as IT would, installs it for a scratch user with install.sh,
and runs the installed program with no Python on PATH and nothing of this environment (as
`env -i PATH=<empty folder> HOME=<scratch>`): it makes a demo database, exports a meeting's
minutes to PDF and DOCX (checked with pdftotext, and as a zip holding word/document.xml), opens
the window offscreen until its first paint (MDTDESK_SMOKE_TEST=1, see mdtdesk/gui/app.py), and
under Xvfb when there is one; then uninstall.sh, which must keep the user's data. It fails when any
of these fails, or when a budget is missed: the bundle at most 150 MB on disk (du, MiB), and its
start to a painted window at most 1.2x that of the same hook run from the venv (median of 5 each,
turn about). It also lists the system libraries the bundle takes from the machine (ldd).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = ROOT / "installer" / "mdtdesk.spec"
LINUX = ROOT / "installer" / "linux"

SIZE_BUDGET_MIB = 150
START_BUDGET = 1.2
RUNS = 5
TIMEOUT_S = 120


def version() -> str:
    """The version in pyproject.toml."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def say(message: str) -> None:
    print(f"[installer] {message}", flush=True)


def build_bundle() -> Path:
    """Run PyInstaller on the spec: dist/mdtdesk/."""
    say(f"PyInstaller {SPEC.relative_to(ROOT)} -> dist/mdtdesk/")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
        + ["--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)],
        check=True,
        cwd=ROOT,
    )
    return DIST / "mdtdesk"


def pack_linux(bundle: Path) -> Path:
    """dist/mdtdesk-VERSION-linux-ARCH.tar.gz: the bundle, desktop entry, icon and scripts."""
    name = f"mdtdesk-{version()}-linux-{platform.machine()}"
    tarball = DIST / f"{name}.tar.gz"

    def owned_by_nobody(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    say(f"packing {tarball.relative_to(ROOT)}")
    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"{name}/mdtdesk", filter=owned_by_nobody)
        for source, target in (
            (LINUX / "install.sh", "install.sh"),
            (LINUX / "uninstall.sh", "uninstall.sh"),
            (ROOT / "installer" / "mdtdesk.desktop", "mdtdesk.desktop"),
            (ROOT / "resources" / "icons" / "mdtdesk.svg", "mdtdesk.svg"),
        ):
            tar.add(source, arcname=f"{name}/{target}", filter=owned_by_nobody)
    say(f"wrote {tarball.relative_to(ROOT)} ({tarball.stat().st_size / 2**20:.0f} MiB)")
    return tarball


def build() -> Path:
    """The bundle, and on Linux the tarball; returns what IT gets."""
    bundle = build_bundle()
    if sys.platform.startswith("linux"):
        return pack_linux(bundle)
    say(f"built {bundle}; the installer for this platform is made from it (installer/windows/)")
    return bundle


# -- the smoke test ------------------------------------------------------------------------------


class Failed(Exception):
    """A check of the frozen build failed."""


def run(command: list[str], env: dict[str, str], what: str, **kwargs) -> str:
    """Run ``command`` in ``env``; its stdout, or Failed with what it printed."""
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, **kwargs
    )
    if result.returncode != 0:
        raise Failed(
            f"{what} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}".strip()
        )
    return result.stdout


def clean_env(home: Path, empty_bin: Path, **extra: str) -> dict[str, str]:
    """Nothing of this environment: no venv, no PYTHONPATH, and a PATH with no Python on it."""
    env = {"PATH": str(empty_bin), "HOME": str(home), **extra}
    for python in ("python", "python3", "python3.11"):
        if shutil.which(python, path=env["PATH"]):
            raise Failed(f"{python} is on the test's PATH {env['PATH']}")
    return env


def smoke_line(stdout: str) -> tuple[float, str, bool]:
    """The hook's line: milliseconds to first paint, the executable, and whether frozen."""
    match = re.search(r"first paint: (\d+) ms .*; executable (.*); frozen (True|False)", stdout)
    if match is None:
        raise Failed(f"the window did not report its first paint:\n{stdout}")
    return float(match[1]), match[2], match[3] == "True"


def check_pdf(path: Path, expected: str) -> None:
    if not path.read_bytes().startswith(b"%PDF-"):
        raise Failed(f"{path.name} is not a PDF")
    if shutil.which("pdftotext") is None:
        raise Failed("pdftotext is needed to check the PDF: sudo apt install poppler-utils")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    if expected not in " ".join(text.split()):
        raise Failed(f"{path.name} does not read '{expected}':\n{text[:500]}")


def check_docx(path: Path, expected: str) -> None:
    try:
        with zipfile.ZipFile(path) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError) as error:
        raise Failed(f"{path.name} is not a Word document: {error}") from error
    text = html.unescape(re.sub(r"<[^>]+>", "", body))  # runs of a paragraph join up
    if expected not in text:
        raise Failed(f"{path.name} does not read '{expected}'")


def disk_usage_mib(folder: Path) -> tuple[float, float]:
    """(space on disk as du counts it, sum of the file sizes), in MiB."""
    on_disk = size = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            on_disk += stat.st_blocks * 512
            size += stat.st_size
    return on_disk / 2**20, size / 2**20


# Plugins used only on one kind of desktop, which has their libraries: the GTK theme on GNOME,
# Wayland on a Wayland session (elsewhere Qt uses X11 and its own look).
DESKTOP_ONLY = ("platformthemes/libqgtk3", "platforms/libqwayland", "wayland-", "WaylandClient")


def system_libraries(app_dir: Path) -> tuple[dict[str, set[str]], dict[str, set[str]], set[str]]:
    """What the bundle's ELF files ask of the system directly (not what those libraries ask in
    turn): ({soname: files} for everything, {soname: files} for desktop-only plugins, sonames
    not found here), read with readelf and looked up with ldd, the bundle's folder first."""
    internal = app_dir / "_internal"
    bundled = {path.name for path in internal.rglob("*.so*")}
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    core: dict[str, set[str]] = {}
    optional: dict[str, set[str]] = {}
    missing: set[str] = set()
    for path in sorted(internal.rglob("*.so*")):
        if not path.is_file() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True)
        needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic.stdout))
        user = str(path.relative_to(internal))
        which = optional if any(part in user for part in DESKTOP_ONLY) else core
        for soname in needed - bundled:
            which.setdefault(soname, set()).add(user)
        resolved = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        if which is core:
            missing |= set(re.findall(r"^\s*(\S+) => not found", resolved.stdout, re.M)) & needed
    return core, optional, missing


def newest_glibc(app_dir: Path) -> tuple[tuple[int, int], str]:
    """The newest C library version any ELF file of the bundle asks for, and which file: the
    oldest Linux it runs on. It is the build machine's, for the libraries taken from it."""
    newest, which = (2, 0), ""
    for path in [app_dir / "mdtdesk", *sorted((app_dir / "_internal").rglob("*.so*"))]:
        data = path.read_bytes() if path.is_file() else b""
        if data[:4] != b"\x7fELF":
            continue
        for major, minor in re.findall(rb"GLIBC_(\d+)\.(\d+)", data):
            if (int(major), int(minor)) > newest:
                newest, which = (int(major), int(minor)), path.name
    return newest, which


def debian_packages(sonames: list[str]) -> list[str]:
    """The Debian packages that hold ``sonames`` (empty where dpkg is not available)."""
    if not shutil.which("dpkg") or not sonames:
        return []
    patterns = [f"*/{soname}" for soname in sonames]
    out = subprocess.run(["dpkg", "-S", *patterns], capture_output=True, text=True).stdout
    return sorted({line.split(":")[0] for line in out.splitlines() if ":" in line})


def start_times(command: list[str], env: dict[str, str], db: Path) -> float:
    """The hook's milliseconds to first paint, once."""
    ms, _, _ = smoke_line(
        run([*command, "--db", str(db)], dict(env, **GUI), "the window (offscreen)")
    )
    return ms


GUI = {"QT_QPA_PLATFORM": "offscreen", "MDTDESK_SMOKE_TEST": "1"}


def test(tarball: Path) -> None:
    """The checks described at the top of this file, on ``tarball``."""
    if not sys.platform.startswith("linux"):
        raise Failed("the smoke test runs on Linux; Windows has installer/windows/")
    with tempfile.TemporaryDirectory(prefix="mdtdesk-installer-test-") as scratch:
        _test(tarball, Path(scratch))


def _test(tarball: Path, scratch: Path) -> None:
    home, empty_bin, unpacked = scratch / "home", scratch / "empty-bin", scratch / "unpacked"
    for folder in (home, empty_bin, unpacked):
        folder.mkdir()
    with tarfile.open(tarball) as tar:
        # Python before 3.11.4 (Debian 12's 3.11.2) has no extraction filters; the tarball is ours.
        tar.extractall(unpacked, **({"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}))
    (package,) = unpacked.iterdir()

    # Installed as IT does, for a user whose home is the scratch folder.
    say("install.sh")
    shell_env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    print(run(["sh", str(package / "install.sh")], shell_env, "install.sh").strip())
    app_dir = home / ".local/share/mdtdesk-app"
    launcher = home / ".local/bin/mdtdesk"
    entry = home / ".local/share/applications/mdtdesk.desktop"
    if not launcher.is_symlink() or launcher.resolve() != (app_dir / "mdtdesk").resolve():
        raise Failed(f"install.sh did not link {launcher} to {app_dir / 'mdtdesk'}")
    if f'Exec="{app_dir}/mdtdesk"' not in entry.read_text():
        raise Failed(f"{entry} does not start {app_dir / 'mdtdesk'}")

    env = clean_env(home, empty_bin)
    exe = [str(launcher)]
    db = scratch / "demo.db"

    say("(a) demo database")
    print(run([*exe, "demo", "--db", str(db)], env, "mdtdesk demo").strip())
    meetings = json.loads(run([*exe, "meetings", "--db", str(db), "--json"], env, "meetings"))
    meeting = next(m for m in meetings if m["status"] == "closed" and m["items"])

    say(f"(b) minutes of meeting {meeting['id']} to PDF and DOCX")
    expected = f"Minutes of the {meeting['neighbourhood']}"
    for kind, check in (("pdf", check_pdf), ("docx", check_docx)):
        out = scratch / f"minutes.{kind}"
        run(
            [*exe, "export", "minutes", "--db", str(db), "--meeting", str(meeting["id"])]
            + ["--format", kind, "--out", str(out)],
            env,
            f"export minutes --format {kind}",
        )
        check(out, expected)
        print(f"{out.name}: {out.stat().st_size:,} bytes, reads '{expected}'")

    say("(c) the window, offscreen, to its first paint")
    out = run([*exe, "--db", str(db)], dict(env, **GUI), "the window (offscreen)")
    ms, executable, frozen = smoke_line(out)
    if not frozen or Path(executable).resolve() != (app_dir / "mdtdesk").resolve():
        raise Failed(f"the window ran in {executable} (frozen: {frozen}), not the bundle")
    print(f"first paint after {ms:.0f} ms, in {executable} (frozen)")
    _on_x11(exe, env, db)

    say("system libraries the bundle takes from the machine (readelf, ldd)")
    if shutil.which("readelf") is None:
        print("skipped: no readelf (sudo apt install binutils)")
    else:
        core, optional, missing = system_libraries(app_dir)
        base = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1"}
        print(f"always: {' '.join(sorted(set(core) - base))}")
        print(f"  Debian packages: {' '.join(debian_packages(sorted(set(core) - base)))}")
        print(f"on GNOME or Wayland only: {' '.join(sorted(set(optional) - set(core) - base))}")
        print(f"missing here: {' '.join(sorted(missing)) or 'none'}")
    (major, minor), which = newest_glibc(app_dir)
    print(f"needs glibc {major}.{minor} or newer (for {which}): build on the oldest target")

    say(f"start time: bundle against the venv, median of {RUNS} each, turn about")
    venv = [str(Path(sys.executable).parent / "mdtdesk")]
    for warm_up in (exe, venv):  # the file cache
        start_times(warm_up, env, db)
    bundle_ms, venv_ms = [], []
    for _ in range(RUNS):
        bundle_ms.append(start_times(exe, env, db))
        venv_ms.append(start_times(venv, env, db))
    bundle_start, venv_start = statistics.median(bundle_ms), statistics.median(venv_ms)
    ratio = bundle_start / venv_start
    on_disk, files = disk_usage_mib(app_dir)
    print(f"bundle {bundle_start:.0f} ms ({' '.join(f'{t:.0f}' for t in bundle_ms)})")
    print(f"venv   {venv_start:.0f} ms ({' '.join(f'{t:.0f}' for t in venv_ms)})")
    print(f"ratio  {ratio:.2f}x (budget {START_BUDGET}x)")
    print(
        f"size   {on_disk:.1f} MiB on disk, {files:.1f} MiB of files "
        f"({files * 2**20 / 1e6:.1f} MB) (budget {SIZE_BUDGET_MIB} MiB); "
        f"tarball {tarball.stat().st_size / 2**20:.1f} MiB"
    )

    say("uninstall.sh")
    data = home / ".local/share/mdtdesk"
    data.mkdir(parents=True, exist_ok=True)
    (data / "keep.db").write_bytes(b"the user's data")
    print(run(["sh", str(app_dir / "uninstall.sh")], shell_env, "uninstall.sh").strip())
    left = [p for p in (app_dir, launcher, entry) if p.exists() or p.is_symlink()]
    if left or not (data / "keep.db").exists():
        raise Failed(f"uninstall.sh left {left} or removed the user's data")

    problems = []
    if ratio > START_BUDGET:
        problems.append(f"the bundle starts in {ratio:.2f}x the venv's time (budget 1.2x)")
    if on_disk > SIZE_BUDGET_MIB:
        problems.append(f"the bundle takes {on_disk:.0f} MiB (budget {SIZE_BUDGET_MIB})")
    if problems:
        raise Failed("; ".join(problems))


def _on_x11(exe: list[str], env: dict[str, str], db: Path) -> None:
    """The window on a real X server (Xvfb), when there is one: the xcb platform and the
    system's X libraries, as on a desktop."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        say("(c) on X11: skipped, no Xvfb (sudo apt install xvfb)")
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as display_pipe:
            display = display_pipe.readline().strip()
        if not display:
            raise Failed("Xvfb did not start")
        x11 = dict(env, DISPLAY=f":{display}", MDTDESK_SMOKE_TEST="1")
        ms, _, frozen = smoke_line(run([*exe, "--db", str(db)], x11, "the window (X11)"))
        if not frozen:
            raise Failed("the window on X11 did not run the bundle")
        say(f"(c) on X11 (Xvfb :{display}): first paint after {ms:.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", action="store_true", help="build, then smoke-test the build")
    parser.add_argument(
        "--no-build", action="store_true", help="with --test: test the tarball already in dist/"
    )
    args = parser.parse_args()
    if args.no_build:
        tarball = DIST / f"mdtdesk-{version()}-linux-{platform.machine()}.tar.gz"
    else:
        tarball = build()
    if not args.test:
        return 0
    try:
        test(tarball)
    except (Failed, subprocess.TimeoutExpired) as error:
        say(f"FAILED: {error}")
        return 1
    say("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
