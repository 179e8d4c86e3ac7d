"""Colours and fonts of the window, in one place."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFocusFrame, QWidget

from models.document.style import TEMPLATE_SHADING

# Chinese UI fonts, best first: Windows, then 信创 Linux desktops and common fallbacks.
UI_FONT_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "SimSun",
]


class Colors:
    # Errors and warnings must be impossible to miss: a dark frame around a tinted cell.
    error_fill = QColor("#F9C9C9")
    error_frame = QColor("#B00020")
    error_text = QColor("#7A0012")
    warning_fill = QColor("#FFE2A8")
    # A cell still to fill while the table is being filled: paler than a warning's fill, no
    # frame, so a blank table reads as work to do, not as errors.
    to_fill = QColor("#FFF8E6")
    warning_frame = QColor("#B35C00")
    info_text = QColor("#1F4E8C")
    computed_fill = QColor("#E3EAF3")
    computed_text = QColor("#1B2B44")
    label_fill = QColor("#F4F4F2")
    caption_fill = QColor(f"#{TEMPLATE_SHADING}")  # shaded as in the official template
    # Where the keyboard is: a saturated blue, unlike the red and amber of findings and the
    # pale blue of totals, dark enough on white and on the grey of labels.
    focus_frame = QColor("#1565D8")
    # Selected cells: a pale blue with the text as it is, so that the ring of the current cell
    # stands out on it (Qt's own selection blue is nearly the ring's colour).
    selection_fill = QColor("#CFE2FB")


COLORS = Colors()


def ui_font(point_size: float | None = None) -> QFont:
    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font


FOCUS_FRAME_WIDTH = 2


class FocusRing(QFocusFrame):
    """The focus frame: a ring drawn around the widget that has the keyboard, outside it, so the
    widget keeps its own look and size in every style.  (A style sheet border would replace the
    native drawing: flat buttons, spin boxes without arrows, boxes a pixel wider when focused;
    and Fusion and Windows styles mark a focused text box barely or not at all.)  QFocusFrame
    keeps it on the widget as the widget moves, scrolls or is resized."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(COLORS.focus_frame, FOCUS_FRAME_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = FOCUS_FRAME_WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 3, 3)
        painter.end()


_ring: FocusRing | None = None


def show_focus_frames() -> None:
    """From now on the widget with the keyboard, in every window of the program, is ringed."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and not getattr(app, "_focus_frames", False):
        app.focusChanged.connect(_follow_focus)
        app._focus_frames = True  # type: ignore[attr-defined]
        _follow_focus(None, app.focusWidget())


def _follow_focus(old: QWidget | None, new: QWidget | None) -> None:
    global _ring
    parent = new.parentWidget() if new is not None else None
    view = parent.parentWidget() if parent is not None else None
    if isinstance(view, QAbstractItemView) and parent is view.viewport():
        new = view  # a cell's editor: the table keeps the ring (it frames the cell itself)
    if new is not None and (new.isWindow() or new.window().windowType() == Qt.WindowType.Popup):
        new = None  # a window as a whole, a menu or a drop-down list: nothing around it
    # The ring lives in the focused widget's parent, and goes when that window is deleted.
    if _ring is None or not shiboken6.isValid(_ring):
        if new is None:
            return
        _ring = FocusRing()
    _ring.setWidget(new)  # type: ignore[arg-type]  # (None: no ring; the stubs omit it)
