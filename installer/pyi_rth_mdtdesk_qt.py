"""PyInstaller runtime hook (installer/mdtdesk.spec): where the bundle's Qt plugins are.

It stands in for PyInstaller's own PySide6 hook, which imports QtCore when the program starts, so
that every command paid for loading Qt (a quarter of a second before `mdtdesk --version` printed)
although the command line never uses it. All the bundle needs from that hook is the plugin folder
(platforms, image formats, printing); Qt reads this variable when the window starts.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6", *([] if sys.platform == "win32" else ["Qt"]))
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
del _qt
