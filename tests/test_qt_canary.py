"""The PySide6 6.12.0 crash on CPython 3.10-3.11 (DESIGN.md section 5), kept from coming back.

Each call that returns nothing dropped a reference to None; after a few thousand the interpreter
aborted with "Fatal Python error: none_dealloc". Run in a child process so a crash fails this test
with its message instead of killing the suite.
"""

import os
import subprocess
import sys

CALLS = 20_000

CHILD = f"""
import sys
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
thing = QObject()
for i in range({CALLS}):
    label.setText("x")          # returns None
    thing.setObjectName("y")    # returns None
    label.setToolTip("z")       # returns None
print("done", {CALLS})
"""


def test_twenty_thousand_qt_calls_that_return_nothing_do_not_crash():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, (
        f"Qt calls returning None crashed the interpreter (exit {result.returncode}). "
        f"Is PySide6 6.12.0 on Python 3.11? stderr:\n{result.stderr[-2000:]}"
    )
    assert f"done {CALLS}" in result.stdout
