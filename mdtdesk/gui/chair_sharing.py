"""Chair mode's shared screen, opened and closed: a second window for a projector or a shared
call that follows the chair's current item (gui/shared_screen.py draws it)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mdtdesk.core.driver import sqlite


def toggle_shared_screen(chair, conn: sqlite.Connection) -> None:
    """Open ``chair``'s shared screen (on a second screen when there is one), or close it.

    ``chair`` is the ChairWindow: it keeps the open screen in ``shared_screen`` (None once
    closed) and tells it of every move and every change to the decision.
    """
    if chair.shared_screen is not None:
        chair.shared_screen.close()
        return
    # Imported when first asked for: most meetings never share a screen.
    from mdtdesk.gui.shared_screen import SharedScreen

    screen = SharedScreen(conn, chair)
    screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screen.destroyed.connect(lambda: setattr(chair, "shared_screen", None))
    chair.shared_screen = screen
    screen.show_item(chair._current_row(), len(chair.rows))
    chair._share_decision()  # what is on screen, which may be ahead of the database
    screen.show_on_best_screen()
