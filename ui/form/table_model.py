"""The model of a statistics table: the grid of the official document (TableSpec.grid_cells), its
labels and merges the format's own, with the report's values and the findings' marks.

A cell still to fill while the clerk fills the table (a to-do, ``Finding.to_do``) is marked only
lightly — a pale fill, no frame — and not by the error's red: the blanks are work to do, and the
red stays for numbers that are wrong (``models.checks.tables.while_filling``).

Which leading rows and columns are the table's frozen header and row labels is worked out here
too (frozen_extent): the view keeps them in place while the values scroll.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from models.checks.tables import Severity
from models.format.spec import GridCell, TableSpec
from models.values import InputError, grid_text, parse_value, shown_value
from ui.document import ReportDocument
from ui.style import COLORS

AnyIndex = QModelIndex | QPersistentModelIndex

SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The worst severity of the findings at a value cell (a Severity or None)."""
CELL_ROLE = Qt.ItemDataRole.UserRole + 2
"""The GridCell at an index."""
TO_FILL_ROLE = Qt.ItemDataRole.UserRole + 3
"""True at a value cell still to fill (a to-do of the window's list), else None."""

TO_FILL_TIP = "【待填】这一格还没有填：没有发生的事项填 0（空白不等于 0）。"


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
        self.value_cells = [g for g in self.cells if g.cell is not None]
        """The value cells in reading order (row by row), as Tab goes through them."""
        self._shown: dict[tuple[int, int], dict[int, Any]] = {}
        self.marks, self.to_fill = self._current_marks()
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
        to_fill = cell.id in self.to_fill
        roles[_DISPLAY] = roles[_EDIT] = text
        roles[_ALIGN] = _ALIGN_RIGHT
        roles[SEVERITY_ROLE] = severity
        roles[TO_FILL_ROLE] = True if to_fill else None
        said = "待填" if to_fill else shown_value(value)
        roles[_ACCESSIBLE] = f"{cell.row_label or ''} {cell.column_label} {said}"
        if severity is Severity.ERROR:
            roles[_BACKGROUND] = QBrush(COLORS.error_fill)
            roles[_FOREGROUND] = QBrush(COLORS.error_text)
        elif severity is Severity.WARNING:
            roles[_BACKGROUND] = QBrush(COLORS.warning_fill)
        elif to_fill:
            roles[_BACKGROUND] = QBrush(COLORS.to_fill)
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
        # A to-do's message is about the whole table; the cell says only its own part of it.
        lines = [TO_FILL_TIP if f.to_do else f"【{f.severity.label}】{f.message}" for f in findings]
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
        return sorted({g.row for g in self.value_cells})

    def is_computed(self, index: AnyIndex) -> bool:
        """Whether ``index`` is in a total the checks keep equal to its parts."""
        g = self.cover.get((index.row(), index.column()))
        return g is not None and g.cell is not None and g.cell.computed

    def _cells_changed(self, cell_ids: list[str]) -> None:
        for cell_id in cell_ids:
            if cell_id in self.position:
                self._shown.pop(self.position[cell_id], None)
                index = self.index_of(cell_id)
                self.dataChanged.emit(index, index)

    def _current_marks(self) -> tuple[dict[str, Severity], set[str]]:
        """The worst severity at each cell of this table that has a finding, and the cells
        still to fill (a to-do marks its cells lightly, never with a severity: the view frames
        every cell that has one)."""
        marks: dict[str, Severity] = {}
        to_fill: set[str] = set()
        for cell_id, findings in self.document.findings_by_cell.items():
            if cell_id not in self.position:
                continue
            severities = [f.severity for f in findings if not f.to_do]
            if severities:
                marks[cell_id] = min(severities, key=lambda s: s.rank)
            if len(severities) < len(findings):
                to_fill.add(cell_id)
        return marks, to_fill

    def _findings_changed(self) -> None:
        # Only the cells whose marking changed are repainted: a keystroke stays cheap.
        marks, to_fill = self._current_marks()
        changed = {k for k in marks.keys() | self.marks.keys() if marks.get(k) != self.marks.get(k)}
        changed |= to_fill ^ self.to_fill
        self.marks, self.to_fill = marks, to_fill
        roles = [
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.AccessibleTextRole,
            SEVERITY_ROLE,
            TO_FILL_ROLE,
        ]
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


def frozen_extent(table: TableSpec) -> tuple[int, int]:
    """How many leading rows are the table's column headers, and how many leading columns its
    row labels, as the view keeps them in place while the values scroll.

    Only a clean band is frozen: header rows holding nothing else (表二's first row is a caption,
    and its later parts have headers of their own), label columns holding only labels below the
    headers, and no merged cell reaching from the frozen band into the values.
    """
    cells = table.grid_cells
    rows = 0
    for r in range(1, table.grid_rows + 1):
        above = [g for g in cells if g.row < r]
        if any(g.role != "header" for g in above):
            break
        if all(g.row + g.row_span <= r for g in above):
            rows = r
    if rows == 0:
        return 0, 0
    columns = 0
    for c in range(1, table.grid_columns):
        left = [g for g in cells if g.column < c]
        if all(
            g.column + g.column_span <= c and (g.role == "label" if g.row >= rows else True)
            for g in left
        ):
            columns = c
    return rows, columns
