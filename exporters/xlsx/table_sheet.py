"""One table's sheet: the title, the official grid of ``TableSpec.grid_cells`` with its merges and
labels, formulas for the totals, and the check column and rows (✓ or ✗ for every 勾稽 relation of
``TableSpec.sums`` and ``TableSpec.balance``) beside the grid, outside the print area."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Font
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from exporters.xlsx.sheets import (
    BAD_FILL,
    BAD_MARK,
    BORDER,
    CAPTION_FILL,
    CENTER,
    CHECK_FILL,
    CHECK_FONT,
    CHECK_WIDTH,
    COUNT_FORMAT,
    FONT,
    GRID_TOP,
    LEFT,
    LINE_HEIGHT,
    LOCKED,
    MIN_ROW_HEIGHT,
    OK_MARK,
    TABLE_WIDTH,
    TITLE_FONT,
    TITLE_ROW,
    UNIT_ROW,
    UNLOCKED,
    absolute,
    amount_format,
    at,
    excel_number,
    page_setup,
    protect,
    put_text,
    text_lines,
)
from models.format.spec import AMOUNT_PLACES, CellSpec, NumberKind, SumSpec, TableSpec
from models.report import Report
from models.values import AMOUNT_RULE


@dataclass(frozen=True)
class _Check:
    """One check cell: where it goes (grid row, grid column) and its formula."""

    row: int
    column: int
    formula: str


class TableWriter:
    """One table's sheet: title, the official grid, formulas for the totals, the checks."""

    def __init__(
        self,
        sheet: Worksheet,
        report: Report,
        table: TableSpec,
        draft: bool,
        places: dict[str, tuple[str, str]],
    ) -> None:
        self.sheet = sheet
        self.report = report
        self.table = table
        self.draft = draft
        self.places = places
        self.cells = table.grid_cells
        self.position = table.grid_place
        self.grid_rows = table.grid_rows
        self.width = table.grid_columns
        weights = table.column_weights
        self.column_widths = [TABLE_WIDTH * w / sum(weights) for w in weights]
        # The total's formula: the last sum of a cell wins, as in Report.computed_totals.
        self.sum_of: dict[str, SumSpec] = {}
        for spec in table.sums:
            self.sum_of[spec.total.id] = spec
        self.computed = report.computed_totals()
        self.check_cells: list[str] = []

    # --- addresses ---------------------------------------------------------------------------

    @staticmethod
    def address(row: int, column: int) -> str:
        """The worksheet address of grid cell (row, column)."""
        return f"{get_column_letter(column + 1)}{GRID_TOP + row}"

    def ref(self, cell: CellSpec) -> str:
        return self.address(*self.position[cell.id])

    def refs(self, cells: Iterable[CellSpec]) -> str:
        """The cells as few references as possible: runs along a row or a column become ranges."""
        points = [self.position[c.id] for c in cells]
        out: list[str] = []
        index = 0
        while index < len(points):
            end = index
            while end + 1 < len(points) and _next_to(points[end], points[end + 1]):
                end += 1
            if end > index and _same_line(points[index : end + 1]):
                out.append(f"{self.address(*points[index])}:{self.address(*points[end])}")
            else:
                out.extend(self.address(*p) for p in points[index : end + 1])
            index = end + 1
        return ",".join(out)

    # --- the sheet ---------------------------------------------------------------------------

    def write(self) -> None:
        sheet = self.sheet
        sheet.sheet_view.showGridLines = False
        for index, width in enumerate(self.column_widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = round(width, 2)
        self.write_title()
        heights = [MIN_ROW_HEIGHT] * self.grid_rows
        for g in self.cells:
            self.write_grid_cell(g)
            needed = text_lines(g.text, self.span_width(g.column, g.column_span)) * LINE_HEIGHT + 6
            per_row = needed / g.row_span
            for row in range(g.row, g.row + g.row_span):
                heights[row] = max(heights[row], per_row)
        for row, height in enumerate(heights):
            sheet.row_dimensions[GRID_TOP + row].height = round(height, 1)
        self.write_checks()
        self.write_summary()
        first_block = self.table.blocks[0]
        if not first_block.caption and first_block.label_columns:
            sheet.freeze_panes = self.address(first_block.header_rows, first_block.label_columns)
        protect(sheet)
        last = self.address(self.grid_rows - 1, self.width - 1)
        page_setup(sheet, f"A{TITLE_ROW}:{last}")

    def span_width(self, column: int, span: int) -> float:
        return sum(self.column_widths[column : column + span])

    def write_title(self) -> None:
        sheet = self.sheet
        section = next(s for s in self.report.format.sections if s.table is self.table)
        title = at(sheet, TITLE_ROW, 1)
        put_text(title, section.heading + ("（草稿）" if self.draft else ""))
        title.font = TITLE_FONT
        title.alignment = LEFT
        sheet.merge_cells(
            start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=self.width
        )
        sheet.row_dimensions[TITLE_ROW].height = 26
        unit = at(sheet, UNIT_ROW, 1)
        agency = self.places["agency"]
        year = self.places["year"]
        basic = quote_sheetname(agency[0])
        unit.value = (
            f'="填报单位："&{basic}!{absolute(agency[1])}'
            f'&"　　报告年度："&{basic}!{absolute(year[1])}'
        )
        unit.font = FONT
        unit.alignment = Alignment(horizontal="left", vertical="center")
        half = max(1, self.width // 2)
        sheet.merge_cells(start_row=UNIT_ROW, start_column=1, end_row=UNIT_ROW, end_column=half)
        sheet.row_dimensions[UNIT_ROW].height = MIN_ROW_HEIGHT

    def write_grid_cell(self, g: Any) -> None:
        sheet = self.sheet
        row, column = GRID_TOP + g.row, 1 + g.column
        cell = at(sheet, row, column)
        if g.role == "value":
            self.write_value(cell, g.cell)
        else:
            put_text(cell, g.text)
            # The innermost row labels (表三's numbered items) read from the left, as in the
            # official template; headers and the labels of groups are centred.
            inner = g.role == "label" and g.column > 0 and g.column_span == g.row_span == 1
            cell.alignment = LEFT if inner else CENTER
            cell.protection = LOCKED
        cell.font = FONT
        if g.shaded:
            cell.fill = CAPTION_FILL
        for r in range(row, row + g.row_span):
            for c in range(column, column + g.column_span):
                sheet.cell(r, c).border = BORDER
        if g.row_span > 1 or g.column_span > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + g.row_span - 1,
                end_column=column + g.column_span - 1,
            )

    def write_value(self, cell: Cell, spec: CellSpec) -> None:
        value = self.report.values[spec.id]
        cell.alignment = Alignment(horizontal="center", vertical="center")
        count = spec.kind is NumberKind.COUNT
        cell.number_format = COUNT_FORMAT if count else amount_format(value)
        self.places[spec.id] = (self.sheet.title, cell.coordinate)
        if spec.computed and value == self.computed.get(spec.id):
            parts = self.refs(self.sum_of[spec.id].parts)
            cell.value = f'=IF(COUNT({parts})=0,"",SUM({parts}))'
            cell.protection = LOCKED
            return
        # Entered cells, and a total that disagrees with its parts (kept as written; the check
        # beside it shows ✗).
        cell.value = None if value is None else excel_number(value)
        cell.protection = UNLOCKED
        validation = self.validation(spec.kind)
        validation.add(cell.coordinate)

    def validation(self, kind: NumberKind) -> DataValidation:
        """A gentle warning (not a refusal) when something other than a valid number is typed."""
        cache = self.__dict__.setdefault("_validations", {})
        if kind not in cache:
            count = kind is NumberKind.COUNT
            validation = DataValidation(
                type="whole" if count else "decimal",
                operator="greaterThanOrEqual",
                formula1="0",
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                errorTitle="请核对",
                error=(
                    "件数应为大于或等于 0 的整数。"
                    if count
                    else f"金额应为大于或等于 0 的数；{AMOUNT_RULE}。"
                ),
            )
            self.sheet.add_data_validation(validation)
            cache[kind] = validation
        result: DataValidation = cache[kind]
        return result

    # --- checks ------------------------------------------------------------------------------

    def write_checks(self) -> None:
        table = self.table
        row_sums = [s for s in table.sums if s.along == "row"]
        column_sums = [s for s in table.sums if s.along == "column"]
        per_row = Counter(self.position[s.total.id][0] for s in row_sums)
        next_row = self.grid_rows
        check_column = self.width
        if row_sums and max(per_row.values()) == 1:
            # One total column: a check column to the right of the table.
            header_rows = table.blocks[0].header_rows
            total = row_sums[0].total.column
            self.write_check_label(
                0, check_column, f"核对：{total.brief}＝各列之和", row_span=header_rows
            )
            for spec in row_sums:
                self.write_check(
                    _Check(self.position[spec.total.id][0], check_column, self.sum_formula(spec))
                )
        elif row_sums:
            # Several totals in a row (表四's groups): a check row under them.
            for row in sorted(per_row):
                specs = [s for s in row_sums if self.position[s.total.id][0] == row]
                for spec in specs:
                    self.write_check(
                        _Check(next_row, self.position[spec.total.id][1], self.sum_formula(spec))
                    )
                first = specs[0]
                names = "＋".join(p.column.brief for p in first.parts)
                self.write_row_label(next_row, f"核对：各组{first.total.column.brief}＝{names}")
                next_row += 1
        if column_sums:
            total_row = column_sums[0].total.row
            self.write_row_label(
                next_row, f"核对：{total_row.brief}＝上方{len(column_sums[0].parts)}项之和"
            )
            for spec in column_sums:
                self.write_check(
                    _Check(next_row, self.position[spec.total.id][1], self.sum_formula(spec))
                )
            next_row += 1
        if table.balance is not None:
            left_keys, right_keys = table.balance
            first_column = table.blocks[0].column_leaves[0]
            left_names = "＋".join(table.cell(k, first_column.key).row.brief for k in left_keys)
            right_names = "＋".join(table.cell(k, first_column.key).row.brief for k in right_keys)
            self.write_row_label(next_row, f"核对：{left_names}＝{right_names}")
            for block in table.blocks:
                for column in block.column_leaves:
                    left = [table.cell(k, column.key) for k in left_keys]
                    right = [table.cell(k, column.key) for k in right_keys]
                    self.write_check(
                        _Check(
                            next_row,
                            self.position[left[0].id][1],
                            self.balance_formula(left, right),
                        )
                    )
            next_row += 1
        for row in range(self.grid_rows, next_row):
            self.sheet.row_dimensions[GRID_TOP + row].height = 30
        if check_column == self.width and self.check_cells:
            self.sheet.column_dimensions[get_column_letter(check_column + 1)].width = CHECK_WIDTH
        if self.check_cells:
            # One rule over the table and its checks: only check cells ever start with ✗.
            self.sheet.conditional_formatting.add(
                f"A{GRID_TOP}:{get_column_letter(self.width + 1)}{GRID_TOP + next_row}",
                Rule(
                    type="expression",
                    formula=[f'LEFT(A{GRID_TOP},1)="{BAD_MARK}"'],
                    dxf=DifferentialStyle(font=Font(color="C00000"), fill=BAD_FILL),
                ),
            )

    def sum_formula(self, spec: SumSpec) -> str:
        total = self.ref(spec.total)
        parts = self.refs(spec.parts)
        count = 1 + len(spec.parts)
        difference = f"ROUND({total}-SUM({parts}),{AMOUNT_PLACES})"
        return (
            f'=IF(COUNT({total},{parts})<{count},"{BAD_MARK} 有空白或非数字",'
            f'IF({difference}=0,"{OK_MARK}","{BAD_MARK} 相差 "&{difference}))'
        )

    def balance_formula(self, left: list[CellSpec], right: list[CellSpec]) -> str:
        left_refs, right_refs = self.refs(left), self.refs(right)
        count = len(left) + len(right)
        difference = f"ROUND(SUM({left_refs})-SUM({right_refs}),{AMOUNT_PLACES})"
        return (
            f'=IF(COUNT({left_refs},{right_refs})<{count},"{BAD_MARK} 有空白或非数字",'
            f'IF({difference}=0,"{OK_MARK}","{BAD_MARK} 相差 "&{difference}))'
        )

    def write_check(self, check: _Check) -> None:
        cell = at(self.sheet, GRID_TOP + check.row, 1 + check.column)
        cell.value = check.formula
        cell.font = CHECK_FONT
        cell.fill = CHECK_FILL
        cell.alignment = CENTER
        cell.border = BORDER
        cell.protection = LOCKED
        self.check_cells.append(cell.coordinate)

    def write_check_label(
        self, row: int, column: int, text: str, *, row_span: int = 1, column_span: int = 1
    ) -> None:
        sheet = self.sheet
        cell = at(sheet, GRID_TOP + row, 1 + column)
        put_text(cell, text)
        cell.font = CHECK_FONT
        cell.fill = CHECK_FILL
        cell.alignment = CENTER
        for r in range(row, row + row_span):
            for c in range(column, column + column_span):
                sheet.cell(GRID_TOP + r, 1 + c).border = BORDER
        if row_span > 1 or column_span > 1:
            sheet.merge_cells(
                start_row=GRID_TOP + row,
                start_column=1 + column,
                end_row=GRID_TOP + row + row_span - 1,
                end_column=column + column_span,
            )

    def write_row_label(self, row: int, text: str) -> None:
        """The label of a check row: in the label columns, or right of the grid when the table
        has no row labels (表四)."""
        label_columns = self.table.blocks[-1].label_columns
        if label_columns:
            self.write_check_label(row, 0, text, column_span=label_columns)
        else:
            self.write_check_label(row, self.width, text)
            self.sheet.column_dimensions[get_column_letter(self.width + 1)].width = 40

    def write_summary(self) -> None:
        """At the top right: whether every relation holds."""
        if not self.check_cells:
            return
        n = len(self.check_cells)
        counted = "+".join(f'COUNTIF({c},"{OK_MARK}")' for c in self.check_cells)
        failing = f"({n}-({counted}))"
        column = max(1, self.width // 2) + 1
        cell = at(self.sheet, UNIT_ROW, column)
        cell.value = (
            f'=IF({failing}=0,"{OK_MARK} 勾稽关系全部成立",'
            f'"{BAD_MARK} 有 "&{failing}&" 处勾稽关系不成立或有空白")'
        )
        cell.font = CHECK_FONT
        cell.alignment = Alignment(horizontal="right", vertical="center")
        self.sheet.merge_cells(
            start_row=UNIT_ROW, start_column=column, end_row=UNIT_ROW, end_column=self.width
        )


def _next_to(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] == b[0] and b[1] == a[1] + 1) or (a[1] == b[1] and b[0] == a[0] + 1)


def _same_line(points: list[tuple[int, int]]) -> bool:
    return len({p[0] for p in points}) == 1 or len({p[1] for p in points}) == 1
