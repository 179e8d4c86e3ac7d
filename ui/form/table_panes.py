"""What is drawn over a table view: the fixed panes that keep its header rows and row labels in
place while the values scroll (Qt's "frozen column" pattern, for rows, columns and their corner),
and the balloon that says at a cell why an entry was refused or a total cannot be typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPalette, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QTableView, QWidget

from models.format.spec import GridCell

if TYPE_CHECKING:
    from ui.form.table_view import GridTableView

BALLOON_MS = 12_000
"""How long a note stays at its cell when nothing else takes it away."""


class CellBalloon(QLabel):
    """A note at a cell (why an entry was refused, why a total cannot be typed): a small window
    of its own, so it never moves the page's layout, and is not cut off at the table's edge."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view, Qt.WindowType.ToolTip)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWordWrap(True)
        self.widest = view.fontMetrics().horizontalAdvance("中") * 24
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.Box)
        self.setMargin(6)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(BALLOON_MS)
        self.timer.timeout.connect(self.hide)

    def show_at(self, cell: QRect, text: str) -> None:
        """Show ``text`` just below ``cell`` (global coordinates), above it if the screen ends."""
        self.setText(text)
        self.setAccessibleName(text)
        # One line when it fits, else wrapped at the widest (QLabel alone wraps short notes too).
        extra = 2 * (self.margin() + self.frameWidth()) + 2
        self.setFixedWidth(min(self.fontMetrics().horizontalAdvance(text) + extra, self.widest))
        self.adjustSize()
        screen = QGuiApplication.screenAt(cell.center()) or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        x = max(room.left(), min(cell.left(), room.right() - self.width()))
        y = cell.bottom() + 3
        if y + self.height() > room.bottom():
            y = cell.top() - self.height() - 3
        self.move(QPoint(x, y))
        self.show()
        self.raise_()
        self.timer.start()


class FrozenPart(QTableView):
    """A fixed pane over the table view: its header rows, its row labels, or their corner.

    It shows the same model with the same sizes; only the rows before ``rows`` (None: all, scrolling
    with the view) and the columns before ``columns`` (likewise) are in it."""

    def __init__(self, view: GridTableView, rows: int | None, columns: int | None) -> None:
        super().__init__(view)
        self.view = view
        self.rows, self.columns = rows, columns
        self.setModel(view.grid_model)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWordWrap(True)
        model = view.grid_model
        for g in model.cells:
            if (g.row_span > 1 or g.column_span > 1) and self.holds(g):
                self.setSpan(g.row, g.column, g.row_span, g.column_span)
        if rows is not None:
            for r in range(rows, model.row_count):
                self.setRowHidden(r, True)
        if columns is not None:
            for c in range(columns, model.table.grid_columns):
                self.setColumnHidden(c, True)

    def holds(self, g: GridCell) -> bool:
        return (self.rows is None or g.row < self.rows) and (
            self.columns is None or g.column < self.columns
        )

    def follow(self) -> None:
        """Scroll along with the view in the direction this pane is not fixed in."""
        self.updateGeometries()  # its scroll ranges follow sizes changed a moment ago
        if self.columns is None:
            self.horizontalScrollBar().setValue(self.view.horizontalScrollBar().value())
        if self.rows is None:
            self.verticalScrollBar().setValue(self.view.verticalScrollBar().value())

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.view.wheelEvent(event)  # the wheel over the labels scrolls the values
