"""A statistics table drawn like the official one: its header and row labels are cells of the grid,
merged as in the template, with the value cells beside them.

The grid comes from the format (TableSpec.grid_cells), so the labels, nesting and merges are the
format's own.
Editing works like a spreadsheet: typing replaces, Enter/Tab/arrows move between value cells,
Delete blanks, Ctrl+C/Ctrl+V copy and paste tab-separated blocks (from Excel or WPS).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from models.checks import Severity
from models.format import GridCell, TableSpec
from models.values import InputError, format_value, grid_text, parse_value, shown_value
from ui.document import ReportDocument
from ui.style import COLORS

AnyIndex = QModelIndex | QPersistentModelIndex

SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The worst severity of the findings at a value cell (a Severity or None)."""
CELL_ROLE = Qt.ItemDataRole.UserRole + 2
"""The GridCell at an index."""


_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_FONT = Qt.ItemDataRole.FontRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_BOLD = QFont()
_BOLD.setBold(True)


def _flags_of(g: GridCell) -> Qt.ItemFlag:
    if g.cell is None:
        return Qt.ItemFlag.ItemIsEnabled
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if not g.cell.computed:
        flags |= Qt.ItemFlag.ItemIsEditable
    return flags


class GridTableModel(QAbstractTableModel):
    """One table of the report as the grid of the official document."""

    inputRefused = Signal(QModelIndex, str)
    """A value typed or pasted was refused; the reason is Chinese."""

    def __init__(self, document: ReportDocument, table: TableSpec, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.table = table
        self.cells = table.grid_cells
        self.row_count = table.grid_rows
        self.cover = table.grid_cover
        self.position = table.grid_place
        self.top_left = table.grid_at
        self._flags = {position: _flags_of(g) for position, g in self.top_left.items()}
        self._shown: dict[tuple[int, int], dict[int, Any]] = {}
        self.marks = self._current_marks()
        document.cellsChanged.connect(self._cells_changed)
        document.findingsChanged.connect(self._findings_changed)

    # --- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_count

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.table.grid_columns

    def grid_cell(self, index: AnyIndex) -> GridCell | None:
        """The grid cell whose top-left corner is at ``index`` (None inside a merged region)."""
        if not index.isValid():
            return None
        return self.top_left.get((index.row(), index.column()))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for about ten roles of every visible cell, so what a cell shows is
        # worked out once and kept until its value or its marking changes.
        position = (index.row(), index.column())
        roles = self._shown.get(position)
        if roles is None:
            g = self.top_left.get(position)
            if g is None or not index.isValid():
                return None
            roles = self._shown[position] = self._roles(g)
        if role == _TOOLTIP:
            return self._tooltip(position)
        return roles.get(role)

    def _roles(self, g: GridCell) -> dict[int, Any]:
        roles: dict[int, Any] = {CELL_ROLE: g}
        text = grid_text(g, self.document.report.values)
        if g.cell is None:
            roles[_DISPLAY] = text
            left = g.role == "label" and g.row_span == 1
            roles[_ALIGN] = _ALIGN_LEFT if left else _ALIGN_CENTRE
            roles[_BACKGROUND] = QBrush(COLORS.caption_fill if g.shaded else COLORS.label_fill)
            return roles
        cell = g.cell
        value = self.document.report.values[cell.id]
        severity = self.marks.get(cell.id)
        roles[_DISPLAY] = roles[_EDIT] = text
        roles[_ALIGN] = _ALIGN_RIGHT
        roles[SEVERITY_ROLE] = severity
        roles[_ACCESSIBLE] = f"{cell.row_label or ''} {cell.column_label} {shown_value(value)}"
        if severity is Severity.ERROR:
            roles[_BACKGROUND] = QBrush(COLORS.error_fill)
            roles[_FOREGROUND] = QBrush(COLORS.error_text)
        elif severity is Severity.WARNING:
            roles[_BACKGROUND] = QBrush(COLORS.warning_fill)
        elif cell.computed:
            roles[_BACKGROUND] = QBrush(COLORS.computed_fill)
        if cell.computed:
            roles.setdefault(_FOREGROUND, QBrush(COLORS.computed_text))
            roles[_FONT] = _BOLD
        return roles

    def _tooltip(self, position: tuple[int, int]) -> str | None:
        g = self.top_left.get(position)
        if g is None:
            return None
        if g.cell is None:
            return g.text.replace("\n", "") if len(g.text) > 12 else None
        findings = self.document.findings_by_cell.get(g.cell.id, [])
        lines = [f"【{f.severity.label}】{f.message}" for f in findings]
        if g.cell.computed:
            lines.append("合计单元格：随分项自动计算，不能直接填写。")
        return "\n".join(lines) or None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return self._flags.get((index.row(), index.column()), Qt.ItemFlag.NoItemFlags)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        g = self.grid_cell(index)
        if role != Qt.ItemDataRole.EditRole or g is None or g.cell is None or g.cell.computed:
            return False
        try:
            parsed = parse_value(value, g.cell.kind)
        except InputError as error:
            self.inputRefused.emit(self.index(index.row(), index.column()), error.reason)
            return False
        self.document.set_cells({g.cell.id: parsed})
        return True

    # --- helpers ----------------------------------------------------------------------------

    def index_of(self, cell_id: str) -> QModelIndex:
        row, column = self.position[cell_id]
        return self.index(row, column)

    def value_cell_at(self, row: int, column: int) -> GridCell | None:
        g = self.cover.get((row, column))
        return g if g is not None and g.cell is not None else None

    def value_rows(self) -> list[int]:
        return sorted({g.row for g in self.cells if g.cell is not None})

    def _cells_changed(self, cell_ids: list[str]) -> None:
        for cell_id in cell_ids:
            if cell_id in self.position:
                self._shown.pop(self.position[cell_id], None)
                index = self.index_of(cell_id)
                self.dataChanged.emit(index, index)

    def _current_marks(self) -> dict[str, Severity]:
        """The worst severity at each cell of this table that has a finding."""
        marks: dict[str, Severity] = {}
        for cell_id, findings in self.document.findings_by_cell.items():
            if cell_id in self.position:
                marks[cell_id] = min((f.severity for f in findings), key=lambda s: s.rank)
        return marks

    def _findings_changed(self) -> None:
        # Only the cells whose marking changed are repainted: a keystroke stays cheap.
        marks = self._current_marks()
        changed = {k for k in marks.keys() | self.marks.keys() if marks.get(k) != self.marks.get(k)}
        self.marks = marks
        roles = [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, SEVERITY_ROLE]
        for cell_id in changed:
            self._shown.pop(self.position[cell_id], None)
            index = self.index_of(cell_id)
            self.dataChanged.emit(index, index, roles)

    def paste(self, top: int, left: int, text: str) -> str | None:
        """Paste a tab-separated block with its top-left at (top, left); None, or why not.

        Rows go to the successive rows that hold values (skipping captions and headers);
        columns to the successive value cells of each row.  Computed cells take a column of the
        block but are not written.  Nothing changes unless every value is valid.
        """
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        rows = [r for r in self.value_rows() if r >= top]
        if len(lines) > len(rows):
            return f"粘贴的内容有 {len(lines)} 行，但从所选单元格往下只有 {len(rows)} 行可填。"
        changes: dict[str, Any] = {}
        for line, row in zip(lines, rows, strict=False):
            targets = []
            column = left
            while column < self.table.grid_columns:
                g = self.value_cell_at(row, column)
                if g is not None and g.column + g.column_span > column and g.column <= column:
                    targets.append(g)
                    column = g.column + g.column_span
                else:
                    column += 1
            fields = line.split("\t")
            if len(fields) > len(targets):
                return (
                    f"粘贴的内容每行有 {len(fields)} 列，但从所选单元格往右只有 "
                    f"{len(targets)} 列可填。"
                )
            for field, g in zip(fields, targets, strict=False):
                assert g.cell is not None
                if g.cell.computed:
                    continue
                try:
                    changes[g.cell.id] = parse_value(field, g.cell.kind)
                except InputError as error:
                    return f"{g.cell.place}：{error.reason}没有粘贴任何内容。"
        if changes:
            self.document.set_cells(changes, "粘贴")
        return None


class CellDelegate(QStyledItemDelegate):
    """Edits values in a plain line edit (painting stays Qt's own: the frames of marked cells
    are drawn by the view, once per paint, not once per cell)."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setFrame(False)
        return editor

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class GridTableView(QTableView):
    """The table view: merged cells, spreadsheet keys, and no Qt headers (labels are cells)."""

    def __init__(self, model: GridTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.grid_model = model
        self.setItemDelegate(CellDelegate(self))
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
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
        self._size_columns()
        first = next(g for g in model.cells if g.cell is not None)
        self.setCurrentIndex(model.index(first.row, first.column))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        marks = self.grid_model.marks
        if not marks:
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
        painter.end()

    def _size_columns(self) -> None:
        table = self.grid_model.table
        weights = table.column_weights
        metrics = self.fontMetrics()
        digit = metrics.horizontalAdvance("0")
        # A value column is as wide as its widest single-column header line, and fits 7 digits.
        header_lines = [
            line
            for g in self.grid_model.cells
            if g.role == "header" and g.column_span == 1 and g.row_span < 3
            for line in g.text.split("\n")
        ]
        value_width = max(
            [digit * 9] + [metrics.horizontalAdvance(line) + digit for line in header_lines]
        )
        # A row-label column fits its longest label that stands in it alone (within reason).
        label_width: dict[int, int] = {}
        for g in self.grid_model.cells:
            if g.role == "label" and g.column_span == 1:
                width = metrics.horizontalAdvance(g.text) + 2 * digit
                label_width[g.column] = max(label_width.get(g.column, 0), min(width, digit * 40))
        unit = min(weights)
        header = self.horizontalHeader()
        for column, weight in enumerate(weights):
            width = int(value_width * weight / unit) if unit else value_width
            width = max(min(width, digit * 60), label_width.get(column, 0))
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.resizeRowsToContents()
        total = sum(header.sectionSize(c) for c in range(len(weights)))
        self.setMaximumWidth(
            total + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        )

    # --- moving between value cells ---------------------------------------------------------

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        current = self.currentIndex()
        model = self.grid_model
        if not current.isValid():
            return super().moveCursor(action, modifiers)
        A = QAbstractItemView.CursorAction
        steps = {A.MoveUp: (-1, 0), A.MoveDown: (1, 0), A.MoveLeft: (0, -1), A.MoveRight: (0, 1)}
        here = model.cover[(current.row(), current.column())]
        if action in steps:
            dr, dc = steps[action]
            row = here.row + (here.row_span if dr > 0 else -1) if dr else current.row()
            column = here.column + (here.column_span if dc > 0 else -1) if dc else current.column()
            while 0 <= row < model.row_count and 0 <= column < model.table.grid_columns:
                g = model.value_cell_at(row, column)
                if g is not None:
                    return model.index(g.row, g.column)
                row, column = row + dr, column + dc
            return current
        if action in (A.MoveNext, A.MovePrevious):
            values = [g for g in model.cells if g.cell is not None]
            position = next((i for i, g in enumerate(values) if g is here), 0)
            position += 1 if action == A.MoveNext else -1
            if 0 <= position < len(values):
                return model.index(values[position].row, values[position].column)
            return current
        return super().moveCursor(action, modifiers)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._move(QAbstractItemView.CursorAction.MoveDown)

    def _move(self, action: QAbstractItemView.CursorAction) -> None:
        target = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if target.isValid():
            self.setCurrentIndex(target)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._move(
                    QAbstractItemView.CursorAction.MovePrevious
                    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                    else QAbstractItemView.CursorAction.MoveDown
                )
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
        super().keyPressEvent(event)

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
        cells = [g.cell for g in self.selected_value_cells() if g.cell and not g.cell.computed]
        if cells:
            self.grid_model.document.set_cells({c.id: None for c in cells}, "清空单元格")

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
            self.grid_model.inputRefused.emit(current, problem)

    def show_refusal(self, index: QModelIndex, reason: str) -> None:
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), reason, self)
