"""Start the window: fonts, stylesheet, the database, and a safety net for unexpected errors."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from mdtdesk.core.audit import default_actor
from mdtdesk.core.db import connect, default_database_path
from mdtdesk.gui import prompts
from mdtdesk.gui.main_window import MainWindow
from mdtdesk.gui.settings import Settings
from mdtdesk.resources import font_files, resources_dir

log = logging.getLogger(__name__)

TEXT = QColor("#212b32")  # NHS text colour: 14.7:1 on white


def application() -> QApplication:
    """The QApplication, created once with mdtdesk's fonts, look and icon."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("mdtdesk")
        app.setOrganizationName("mdtdesk")
        app.setApplicationDisplayName("mdtdesk")
        for path in font_files():
            QFontDatabase.addApplicationFont(str(path))
        font = app.font()
        font.setFamily("Liberation Sans")
        font.setPointSize(11)
        app.setFont(font)
        palette = app.palette()
        for role in (
            QPalette.ColorRole.WindowText,
            QPalette.ColorRole.Text,
            QPalette.ColorRole.ButtonText,
        ):
            palette.setColor(role, TEXT)
        app.setPalette(palette)
        app.setStyleSheet((resources_dir() / "mdtdesk.qss").read_text(encoding="utf-8"))
        app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "mdtdesk.svg")))
    return app


def create_main_window(
    db_path: Path, settings: Settings | None = None, create: bool = False, actor: str | None = None
) -> MainWindow:
    """Open the database and build the main window on it (not yet shown), without the opening
    sequence's questions (``Session`` asks them): for tests and screenshots.

    Creates the file only when ``create``: a mistyped ``--db`` must not start an empty register.
    Raises MdtError with a message for the user when the database cannot be opened.
    """
    application()
    return MainWindow(connect(db_path, create=create), db_path, actor or default_actor(), settings)


def show_on_screen(window: MainWindow) -> None:
    """Show the window where it was last, or filling the screen."""
    if window.settings.window_geometry is None or not window.restoreGeometry(
        window.settings.window_geometry
    ):
        # Set the geometry as well as maximising: without a window manager there is no maximise.
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.availableGeometry())
        window.showMaximized()
        return
    window.show()


def _excepthook(kind, value, traceback) -> None:
    log.critical("unexpected error", exc_info=(kind, value, traceback))
    try:
        prompts.current.error(
            None,
            "Something went wrong",
            "mdtdesk met an unexpected problem. Everything shown as saved is safe. "
            "If it happens again, tell your IT support; the details are in the log file.",
        )
    except Exception:
        log.exception("cannot show the error message")


def run(db_path: Path | None) -> int:
    """Open the window on ``db_path`` (default: the user's database) and run until it closes.

    The default database is made on first run, encrypted with a passphrase chosen then; a path
    given must exist (a mistyped ``--db`` must not start an empty register)."""
    from mdtdesk.gui.session import Session

    if os.environ.get(SMOKE_TEST_VARIABLE) == "1":
        return _smoke_test(db_path)
    app = application()
    sys.excepthook = _excepthook
    path = Path(db_path) if db_path is not None else default_database_path()
    if db_path is None:
        path.parent.mkdir(parents=True, exist_ok=True)
    session = Session(path, create=db_path is None)
    try:
        if not session.open():
            return 1
        return app.exec()
    finally:
        session.close()


# -- a test hook for developers (make installer-test), never for users --------------------------

SMOKE_TEST_VARIABLE = "MDTDESK_SMOKE_TEST"


def _smoke_test(db_path: Path | None) -> int:
    """``MDTDESK_SMOKE_TEST=1 mdtdesk --db PATH``: open the main window on PATH with no questions
    (no lock, passphrase or "Who are you?"), wait for the case list's first paint, print the
    milliseconds since the process started and exit 0. Proves that a build starts and paints;
    ``installer/build.py`` runs it on the frozen bundle and the venv to compare start times."""
    if db_path is None:
        print("MDTDESK_SMOKE_TEST needs --db PATH", file=sys.stderr)
        return 1
    from PySide6.QtCore import QEvent, QObject, QTimer

    app = application()
    window = create_main_window(Path(db_path))

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                age = _process_age_ms()
                print(
                    f"first paint: {'unknown' if age is None else f'{age:.0f}'} ms after the "
                    f"process started; executable {sys.executable}; "
                    f"frozen {bool(getattr(sys, 'frozen', False))}",
                    flush=True,
                )
                QTimer.singleShot(0, app.quit)
            return False

    clock = FirstPaint()
    window.cases.table.viewport().installEventFilter(clock)
    window.resize(1366, 768)
    window.show()
    app.exec()
    window.release_database()
    return 0


def _process_age_ms() -> float | None:
    """Milliseconds since this process started (Linux and Windows; None elsewhere)."""
    if sys.platform.startswith("linux"):
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            started = int(stat.read().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
            return (float(uptime.read().split()[0]) - started) * 1000
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        times = [wintypes.FILETIME() for _ in range(4)]
        kernel32 = ctypes.windll.kernel32
        kernel32.GetProcessTimes(kernel32.GetCurrentProcess(), *map(ctypes.byref, times))
        created = (times[0].dwHighDateTime << 32 | times[0].dwLowDateTime) / 1e7 - 11644473600
        return (time.time() - created) * 1000
    return None
