"""A statistics table drawn like the official one: its header and row labels are cells of the grid,
merged as in the template, with the value cells beside them (the model: ui.form.table_model).

The columns fit the page's width (ui.form.table_sizes); when they cannot, or the rows do not fit its
height, the values scroll under the header rows and row labels, which stay in place: they are
drawn a second time by fixed panes over the view, on the same model (ui.form.table_panes).

Editing works like a spreadsheet: typing replaces, Enter/Tab/arrows move between the cells that
are filled in (totals are skipped), Delete blanks, Ctrl+C/Ctrl+V copy and paste tab-separated
blocks (from Excel or WPS).  What is refused is said at the cell, in a balloon, and a refused
entry stays in its editor, selected, to be corrected.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from models.checks.tables import Severity
from models.format.spec import GridCell
from models.values import format_value
from ui.form.table_model import GridTableModel, frozen_extent
from ui.form.table_panes import CellBalloon, FrozenPart
from ui.form.table_sizes import plan_columns, row_heights
from ui.style import COLORS, FOCUS_FRAME_WIDTH

AnyIndex = QModelIndex | QPersistentModelIndex
Action = QAbstractItemView.CursorAction

COMPUTED_NOTE = "合计由分项自动计算，请改填分项。"


class CellDelegate(QStyledItemDelegate):
    """Edits values in a plain line edit (painting stays Qt's own: the frames of marked cells
    are drawn by the view, once per paint, not once per cell).  Enter and Tab hand the entry to
    the view, which keeps the editor open when it is refused."""

    def __init__(self, view: GridTableView) -> None:
        super().__init__(view)
        self.view = view
        self.refused = False

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        # Over the cell, where the view rings the current cell: the ring goes on while typing.
        editor.setStyleSheet(
            f"QLineEdit {{ border: {FOCUS_FRAME_WIDTH + 1}px solid "
            f"{COLORS.focus_frame.name()}; padding: 0 1px; }}"
        )
        return editor

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            self.refused = not model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.view.submit(watched, Action.MovePrevious if shift else Action.MoveDown)
                return True
            if key == Qt.Key.Key_Tab:
                self.view.submit(watched, Action.MoveNext)
                return True
            if key == Qt.Key.Key_Backtab:
                self.view.submit(watched, Action.MovePrevious)
                return True
            # Up and down leave the cell as Enter does (left and right move in the text).
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
                self.view.submit(
                    watched, Action.MoveUp if key == Qt.Key.Key_Up else Action.MoveDown
                )
                return True
        return super().eventFilter(watched, event)


class GridTableView(QTableView):
    """The table view: merged cells, spreadsheet keys, and no Qt headers (labels are cells)."""

    def __init__(self, model: GridTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Set first: Qt calls the overrides below while the view is being set up.
        self.parts: list[FrozenPart] = []
        self.frozen_rows = self.frozen_columns = 0
        self.balloon = CellBalloon(self)
        self.setModel(model)
        self.grid_model = model
        self.delegate = CellDelegate(self)
        self.setItemDelegate(self.delegate)
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Highlight, COLORS.selection_fill)
            text = palette.color(group, QPalette.ColorRole.Text)
            palette.setColor(group, QPalette.ColorRole.HighlightedText, text)
        self.setPalette(palette)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setWordWrap(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for g in model.cells:
            if g.row_span > 1 or g.column_span > 1:
                self.setSpan(g.row, g.column, g.row_span, g.column_span)
        self.frozen_rows, self.frozen_columns = frozen_extent(model.table)
        self.header_part = self.label_part = self.corner_part = None
        if self.frozen_rows:
            self.header_part = FrozenPart(self, self.frozen_rows, None)
        if self.frozen_columns:
            self.label_part = FrozenPart(self, None, self.frozen_columns)
        if self.frozen_rows and self.frozen_columns:
            self.corner_part = FrozenPart(self, self.frozen_rows, self.frozen_columns)
        self.parts = [p for p in (self.header_part, self.label_part, self.corner_part) if p]
        for part in self.parts:
            part.raise_()
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self._follow)
        self._submitting = False
        self._pasting = False
        model.inputRefused.connect(self._input_refused)
        self.plan = plan_columns(model, self.font())
        self._fitted_width = -1
        self._set_widest()
        self.fit(self.plan.widest)
        self.inputs = [g for g in model.value_cells if g.cell is not None and not g.cell.computed]
        """The cells to fill, in reading order (row by row)."""
        first = self.inputs[0]
        self.setCurrentIndex(model.index(first.row, first.column))

    # --- fitting the page -------------------------------------------------------------------

    def fit(self, available: int) -> None:
        """Columns and rows for a viewport ``available`` pixels wide; as tall as the rows, at most.

        The viewport narrows when a scroll bar appears, and the layout is worked out again for
        that width: narrower columns only make rows taller, so it settles at once."""
        self._fitted_width = available
        model = self.grid_model
        widths = self.plan.widths(available)
        heights = row_heights(self, model, widths)
        for view in (self, *self.parts):
            for column, width in enumerate(widths):
                view.setColumnWidth(column, width)
            for row, height in enumerate(heights):
                view.setRowHeight(row, height)
        sideways = sum(widths) > available
        bar = self.horizontalScrollBar().sizeHint().height() if sideways else 0
        self.setMaximumHeight(sum(heights) + 2 * self.frameWidth() + bar)
        frozen = sum(heights[: self.frozen_rows]) + 3 * min(heights, default=0)
        self.setMinimumHeight(min(frozen, self.maximumHeight()))
        self.updateGeometries()
        if self.isVisible():
            self.scrollTo(self.currentIndex())  # rows grown taller may have pushed it away

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "plan"):
            self.plan = plan_columns(self.grid_model, self.font())
            self._set_widest()
            self.fit(self.viewport().width())

    def _set_widest(self) -> None:
        bar = self.verticalScrollBar().sizeHint().width()
        self.setMaximumWidth(self.plan.widest + 2 * self.frameWidth() + bar)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._fitted_width:
            self.fit(self.viewport().width())

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if not self.parts:
            return
        area = self.viewport().geometry()
        height = sum(self.rowHeight(r) for r in range(self.frozen_rows))
        width = sum(self.columnWidth(c) for c in range(self.frozen_columns))
        if self.header_part is not None:
            self.header_part.setGeometry(area.x(), area.y(), area.width(), height)
        if self.label_part is not None:
            self.label_part.setGeometry(area.x(), area.y(), width, area.height())
        if self.corner_part is not None:
            self.corner_part.setGeometry(area.x(), area.y(), width, height)
        self._follow()

    def _follow(self) -> None:
        for part in self.parts:
            part.follow()

    def frozen_size(self) -> tuple[int, int]:
        """How much of the viewport the fixed panes cover: their width and their height."""
        width = sum(self.columnWidth(c) for c in range(self.frozen_columns))
        return width, sum(self.rowHeight(r) for r in range(self.frozen_rows))

    def scrollTo(
        self,
        index: AnyIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        """Scroll so the cell is in view and not under the fixed header rows or row labels."""
        if not index.isValid():
            return
        rect = self.visualRect(index)
        if rect.isEmpty():
            return
        frozen_width, frozen_height = self.frozen_size()
        left = frozen_width if index.column() >= self.frozen_columns else 0
        top = frozen_height if index.row() >= self.frozen_rows else 0
        area = self.viewport().rect()
        for bar, start, end, low, high in (
            (self.horizontalScrollBar(), rect.left(), rect.right(), left, area.right()),
            (self.verticalScrollBar(), rect.top(), rect.bottom(), top, area.bottom()),
        ):
            if start < low:
                bar.setValue(bar.value() - (low - start))
            elif end > high:
                bar.setValue(bar.value() + min(end - high, start - low))

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        marks = self.grid_model.marks
        current = self.currentIndex()
        framed = self.hasFocus() and current.isValid()
        if not marks and not framed:
            return
        painter = QPainter(self.viewport())
        for cell_id, severity in marks.items():
            if severity is Severity.INFO:
                continue
            rect = self.visualRect(self.grid_model.index_of(cell_id))
            if not rect.intersects(event.rect()):
                continue
            color = COLORS.error_frame if severity is Severity.ERROR else COLORS.warning_frame
            painter.setPen(QPen(color, 2.5))
            painter.drawRect(QRect(rect).adjusted(1, 1, -2, -2))
        if framed:
            # The cell that takes the digits typed next, ringed as every focused field is (a
            # selected cell looks the same whether the table has the keyboard or not).
            painter.setPen(QPen(COLORS.focus_frame, FOCUS_FRAME_WIDTH + 1))
            painter.drawRect(QRect(self.visualRect(current)).adjusted(1, 1, -2, -2))
        painter.end()

    # --- moving between value cells ---------------------------------------------------------

    def moveCursor(self, action: Action, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        current = self.currentIndex()
        model = self.grid_model
        if not current.isValid():
            return super().moveCursor(action, modifiers)
        steps = {
            Action.MoveUp: (-1, 0),
            Action.MoveDown: (1, 0),
            Action.MoveLeft: (0, -1),
            Action.MoveRight: (0, 1),
        }
        here = model.cover[(current.row(), current.column())]
        if action in steps:
            dr, dc = steps[action]
            row = here.row + (here.row_span if dr > 0 else -1) if dr else current.row()
            column = here.column + (here.column_span if dc > 0 else -1) if dc else current.column()
            while 0 <= row < model.row_count and 0 <= column < model.table.grid_columns:
                g = model.value_cell_at(row, column)
                if g is not None and g.cell is not None and not g.cell.computed:
                    return model.index(g.row, g.column)
                row, column = row + dr, column + dc
            return current
        if action in (Action.MoveNext, Action.MovePrevious):
            values = model.value_cells
            step = 1 if action == Action.MoveNext else -1
            position = next((i for i, g in enumerate(values) if g is here), 0) + step
            while 0 <= position < len(values):
                cell = values[position].cell
                if cell is not None and not cell.computed:
                    return model.index(values[position].row, values[position].column)
                position += step
            return current
        if action in (Action.MoveHome, Action.MoveEnd):
            # The row's first or last cell to fill (Ctrl: the table's), never a row label under
            # the fixed pane nor a total: what is typed next goes into a cell.
            ctrl = modifiers & Qt.KeyboardModifier.ControlModifier
            ends = [g for g in self.inputs if ctrl or g.row == here.row]
            if not ends:
                return current
            g = ends[0] if action == Action.MoveHome else ends[-1]
            return model.index(g.row, g.column)
        if action in (Action.MovePageUp, Action.MovePageDown):
            target = super().moveCursor(action, modifiers)
            return self._page_to(here, target, current, action == Action.MovePageDown)
        return super().moveCursor(action, modifiers)

    def _page_to(
        self, here: GridCell, target: QModelIndex, current: QModelIndex, down: bool
    ) -> QModelIndex:
        """PgUp/PgDn: the cell to fill in the column nearest the row Qt pages to (a header or a
        label there would take the digits typed next), else the farthest one that way."""
        column = self.currentIndex().column()
        way = [
            g
            for g in self.inputs
            if g.column <= column < g.column + g.column_span
            and (g.row > here.row if down else g.row < here.row)
        ]
        if not way:
            return current
        if not down:
            way.reverse()
        row = target.row() if target.isValid() else here.row
        g = next((g for g in way if (g.row >= row if down else g.row <= row)), way[-1])
        return self.grid_model.index(g.row, g.column)

    def _move(self, action: Action) -> None:
        target = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if target.isValid():
            self.setCurrentIndex(target)

    def currentChanged(self, current: AnyIndex, previous: AnyIndex) -> None:
        self.balloon.hide()  # (an entry refused as the cursor leaves shows its note again)
        super().currentChanged(current, previous)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self._move(Action.MovePrevious if shift else Action.MoveDown)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection_values()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_clipboard()
                return
            if self._types(event) and self.grid_model.is_computed(self.currentIndex()):
                self.show_note(self.currentIndex(), COMPUTED_NOTE)
                return
        super().keyPressEvent(event)

    @staticmethod
    def _types(event: QKeyEvent) -> bool:
        """Whether the key would start typing into a cell (a character, or F2)."""
        if event.key() == Qt.Key.Key_F2:
            return True
        held = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        return bool(event.text().strip()) and not event.modifiers() & held

    def keyboardSearch(self, search: str) -> None:
        """Typing where nothing can be typed does not jump to a cell starting with that text."""

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if self.grid_model.is_computed(index):
            self.show_note(index, COMPUTED_NOTE)
            return
        super().mouseDoubleClickEvent(event)

    # --- entries and refusals ---------------------------------------------------------------

    def submit(self, editor: QLineEdit, then: Action) -> None:
        """Enter or Tab in an editor: write its text and move on, or keep it open, the refused
        text selected, with the reason at the cell."""
        self.delegate.refused = False
        self._submitting = True
        try:
            self.commitData(editor)
        finally:
            self._submitting = False
        if self.delegate.refused:
            editor.selectAll()
            return
        self.balloon.hide()
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        before = self.currentIndex()
        self._move(then)
        if then in (Action.MoveNext, Action.MovePrevious) and self.currentIndex() == before:
            # Tab from the last cell to fill (Shift+Tab from the first) leaves the table, as it
            # does from a cell not being edited: on to the next field of the page.
            QAbstractScrollArea.focusNextPrevChild(self, then == Action.MoveNext)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.balloon.hide()  # Esc: the entry is given up, and its note with it
        super().closeEditor(editor, hint)

    def _input_refused(self, index: QModelIndex, reason: str) -> None:
        if self._pasting:
            return
        if self._submitting:
            self.show_note(index, f"{reason}请改正后按回车，或按 Esc 放弃。")
        else:  # the editor closed as the cursor or the focus left: the entry is not kept
            self.show_note(index, f"没有填入：{reason}")

    def show_note(self, index: AnyIndex, text: str) -> None:
        """A balloon at the cell of ``index``."""
        rect = self.visualRect(self.grid_model.index(index.row(), index.column()))
        rect = rect.intersected(self.viewport().rect())
        top_left = self.viewport().mapToGlobal(rect.topLeft())
        self.balloon.show_at(QRect(top_left, rect.size()), text)

    # --- clipboard and deletion -------------------------------------------------------------

    def selected_value_cells(self) -> list[GridCell]:
        model = self.grid_model
        found = {}
        for index in self.selectedIndexes():
            g = model.value_cell_at(index.row(), index.column())
            if g is not None:
                found[(g.row, g.column)] = g
        current = model.grid_cell(self.currentIndex())
        if not found and current is not None and current.cell is not None:
            found[(current.row, current.column)] = current
        return [found[k] for k in sorted(found)]

    def clear_selection_values(self) -> None:
        selected = self.selected_value_cells()
        cells = [g.cell for g in selected if g.cell and not g.cell.computed]
        if cells:
            self.grid_model.document.set_cells({c.id: None for c in cells}, "清空单元格")
        elif selected:
            self.show_note(self.currentIndex(), COMPUTED_NOTE)

    def copy_selection(self) -> None:
        cells = self.selected_value_cells()
        if not cells:
            return
        rows: dict[int, list[str]] = {}
        values = self.grid_model.document.report.values
        for g in cells:
            assert g.cell is not None
            rows.setdefault(g.row, []).append(format_value(values[g.cell.id]))
        QGuiApplication.clipboard().setText("\n".join("\t".join(r) for r in rows.values()))

    def paste_clipboard(self) -> None:
        text = QGuiApplication.clipboard().text()
        current = self.currentIndex()
        if not text or not current.isValid():
            return
        g = self.grid_model.cover[(current.row(), current.column())]
        problem = self.grid_model.paste(g.row, g.column, text)
        if problem:
            self.show_note(current, problem)
            self._pasting = True  # (said just now, in full)
            try:
                self.grid_model.inputRefused.emit(current, problem)
            finally:
                self._pasting = False
        else:
            self.balloon.hide()

    def hideEvent(self, event: QHideEvent) -> None:
        self.balloon.hide()  # another tab, or the window minimised: the note belongs here
        super().hideEvent(event)
