"""Start-up: the main window with the case list painted, against a bare PySide6 table window.

Budget: within 1.5x the time a bare PySide6 window with a 2,000-row table takes to paint, both
started as fresh processes in this run (7 runs each, alternating, median).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from benchmarks.common import Result, demo_database

RUNS = 7
BUDGET = 1.5

# Each child prints the seconds from its first line to the window's first paint.
_PAINT_CLOCK = """
import time
_started = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class _FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(f"{time.perf_counter() - _started:.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
            obj.removeEventFilter(self)
        return False
"""

BARE = (
    _PAINT_CLOCK
    + """
from PySide6.QtWidgets import QMainWindow, QTableWidget, QTableWidgetItem
app = QApplication([])
window = QMainWindow()
table = QTableWidget(2000, 9)
for row in range(2000):
    for column in range(9):
        table.setItem(row, column, QTableWidgetItem(f"cell {row}:{column}"))
window.setCentralWidget(table)
window.resize(1366, 768)
clock = _FirstPaint()
table.viewport().installEventFilter(clock)
window.show()
app.exec()
"""
)

APP = (
    _PAINT_CLOCK
    + """
import sys
from pathlib import Path
from mdtdesk.gui.app import application, create_main_window
app = application()
window = create_main_window(Path(sys.argv[1]))
window.resize(1366, 768)
clock = _FirstPaint()
window.cases.table.viewport().installEventFilter(clock)
window.show()
app.exec()
"""
)


def _time_child(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def run() -> list[Result]:
    db = str(demo_database())
    _time_child(APP, db)  # warm the file cache and Python's bytecode cache
    bare, app = [], []
    for _ in range(RUNS):
        bare.append(_time_child(BARE))
        app.append(_time_child(APP, db))
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    return [
        Result(
            "case list painted vs bare 2,000-row table",
            app_s / bare_s,
            BUDGET,
            "x",
            f"mdtdesk {app_s * 1000:.0f} ms, bare table {bare_s * 1000:.0f} ms",
        )
    ]
