"""Changing a widget's look through the stylesheet's dynamic properties (``role``,
``invalid``): the stylesheet reads a property only when the widget is polished again."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_style_property(widget: QWidget, name: str, value) -> None:
    """Set ``name`` to ``value`` and restyle the widget, only when it changes (a polish costs a
    style-sheet lookup, and a timer calls this every second)."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
