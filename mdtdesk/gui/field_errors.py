"""Messages by a form's fields: a red line above each field, its red border, and the count."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from mdtdesk.gui.styling import set_style_property


def error_label(name: str) -> QLabel:
    """A hidden message line for the field ``name``, named ``<name>_error``.

    The stylesheet colours it by its ``role`` property; it wraps, as some messages are long.
    """
    error = QLabel()
    error.setProperty("role", "error")
    error.setObjectName(f"{name}_error")
    error.setWordWrap(True)
    error.hide()
    return error


def error_above(error: QLabel, field: QWidget) -> QVBoxLayout:
    """A layout for one row of a form: ``error`` just above ``field``."""
    box = QVBoxLayout()
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(error)
    box.addWidget(field)
    return box


class FieldErrors:
    """The message lines of one form's fields, and optionally a line that counts the problems.

    ``summary`` is that line, hidden while there are none; ``where`` finishes its sentence
    ("Each is shown in red by its field"), as forms word where their messages stand.
    """

    def __init__(self, summary: QLabel | None = None, where: str = "by"):
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        self._summary = summary
        self._where = where

    def add(self, name: str, field: QWidget, error: QLabel) -> None:
        """Give the field ``name`` its message line, hidden until it has a message.

        Fields are added in the order they are shown: the first one in error is found in it.
        """
        error.hide()
        self._fields[name] = (field, error)

    def show(self, name: str, message: str | None) -> None:
        """Show the message of the field ``name``, with the field's red border and its
        screen-reader text; None clears all three."""
        field, error = self._fields[name]
        error.setText(message or "")
        error.setVisible(bool(message))
        set_style_property(field, "invalid", bool(message))
        field.setAccessibleDescription(message or "")

    def show_all(self, problems: dict[str, str]) -> str | None:
        """Show each field's message from ``problems``, clear the others' and count them.

        Returns the first field in error, in the order shown, for the caller to focus; None
        when no field is.
        """
        for name in self._fields:
            self.show(name, problems.get(name))
        if self._summary is not None and problems:
            count = len(problems)
            self._summary.setText(
                f"There {'is a problem' if count == 1 else f'are {count} problems'} to fix before "
                f"saving. Each is shown in red {self._where} its field."
            )
            self._summary.show()
        elif self._summary is not None:
            self._summary.hide()
        return next((name for name in self._fields if name in problems), None)
