"""What every part of chair mode shares: how it reads and writes, and how the window shows it
an agenda item."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from mdtdesk.core.driver import sqlite

if TYPE_CHECKING:
    from sqlite_utils import Database


class ChairPanel(QWidget):
    """A part of chair mode. Reads go through ``conn``; writes through ``writer()``, a core
    function and ``actor``. ``saved`` carries a few words for the status line, after the commit.
    """

    saved = Signal(str)

    def __init__(
        self,
        conn: sqlite.Connection,
        writer: Callable[[], Database],
        actor: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._conn, self._writer, self._actor = conn, writer, actor
        self._build()

    def _build(self) -> None:
        """Make the panel's widgets, once: showing an item only refills them."""
        raise NotImplementedError

    def show_item(
        self, meeting_id: int, item: dict | None, reason: str | None, read_only: bool
    ) -> None:
        """Show ``item`` (a row of ``agenda.items``, or None). ``reason`` is the amendment's
        while a closed meeting is amended; ``read_only`` is set when it is closed and not."""
        raise NotImplementedError
