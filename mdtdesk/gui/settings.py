"""Typed access to the app's settings. Never stores anything about a patient."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

# Long enough for a discussion read without touching the keys; short for an empty room.
IDLE_LOCK_MINUTES = 10


class Settings:
    """Preferences and window state, kept apart, over one QSettings store."""

    def __init__(self, store: QSettings | None = None):
        self._store = store or QSettings("mdtdesk", "mdtdesk")

    @property
    def window_geometry(self) -> QByteArray | None:
        """Where the main window was last, to restore it."""
        value = self._store.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def import_folder(self) -> str:
        """The folder the last case list was imported from (a location, not a file name)."""
        value = self._store.value("preferences/import_folder", "")
        return value if isinstance(value, str) and Path(value).is_dir() else str(Path.home())

    @import_folder.setter
    def import_folder(self, value: str) -> None:
        self._store.setValue("preferences/import_folder", value)

    @property
    def export_folder(self) -> str:
        """The folder documents were last exported to (a location, not a file name); at first
        the user's Documents folder."""
        value = self._store.value("preferences/export_folder", "")
        if isinstance(value, str) and value and Path(value).is_dir():
            return value
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        return documents if documents and Path(documents).is_dir() else str(Path.home())

    @export_folder.setter
    def export_folder(self, value: str) -> None:
        self._store.setValue("preferences/export_folder", value)

    @property
    def last_member_id(self) -> int | None:
        """The member last chosen in "Who are you?", to offer first next time (an id only)."""
        value = self._store.value("preferences/last_member_id")
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):  # a hand-edited settings file
            return None

    @last_member_id.setter
    def last_member_id(self, value: int | None) -> None:
        if value is None:
            self._store.remove("preferences/last_member_id")
        else:
            self._store.setValue("preferences/last_member_id", int(value))

    @property
    def idle_lock_minutes(self) -> int:
        """Minutes without a key or the mouse before mdtdesk hides everything behind its lock
        screen (gui/idle_lock.py): 10 unless set, kept between 1 and 240."""
        value = self._store.value("preferences/idle_lock_minutes", IDLE_LOCK_MINUTES)
        try:
            minutes = int(value)
        except (TypeError, ValueError):  # a hand-edited settings file
            return IDLE_LOCK_MINUTES
        return min(max(minutes, 1), 240)

    @idle_lock_minutes.setter
    def idle_lock_minutes(self, value: int) -> None:
        self._store.setValue("preferences/idle_lock_minutes", int(value))
