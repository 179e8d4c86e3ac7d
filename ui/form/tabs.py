"""Tabs whose titles carry a red badge with their number of errors.

Each tab has a small badge widget of fixed size beside its title, so a count that changes with
each keystroke repaints the badge alone (changing a tab's text makes Qt lay out and repaint the
tab widget and the whole page under it).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

from ui.style import COLORS


class Badge(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = 0
        metrics = self.fontMetrics()
        self.setFixedSize(QSize(metrics.horizontalAdvance("99+") + 10, metrics.height() + 2))

    def set_count(self, count: int) -> None:
        if count != self.count:
            self.count = count
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.count:
            return
        text = str(self.count) if self.count < 100 else "99+"
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = min(self.fontMetrics().horizontalAdvance(text) + 10, self.width())
        box = QRectF(0, 0, width, self.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(COLORS.error_frame)
        painter.drawRoundedRect(box, self.height() / 2, self.height() / 2)
        painter.setPen(Qt.GlobalColor.white)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.end()


class BadgeTabWidget(QTabWidget):
    def badge(self, index: int) -> int:
        widget = self.tabBar().tabButton(index, QTabBar.ButtonPosition.RightSide)
        return widget.count if isinstance(widget, Badge) else 0

    def set_badge(self, index: int, count: int) -> None:
        bar = self.tabBar()
        widget = bar.tabButton(index, QTabBar.ButtonPosition.RightSide)
        if not isinstance(widget, Badge):
            widget = Badge()
            bar.setTabButton(index, QTabBar.ButtonPosition.RightSide, widget)
        widget.set_count(count)
