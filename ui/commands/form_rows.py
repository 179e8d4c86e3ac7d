"""Small pieces the dialogs' forms share."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget


def side_by_side(wide: QWidget, narrow: QWidget) -> QWidget:
    """One form row holding two widgets: ``wide`` takes the room, ``narrow`` (a size box, a
    选择… button) keeps its own width."""
    widget = QWidget()
    row = QHBoxLayout(widget)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(wide, 1)
    row.addWidget(narrow)
    return widget
