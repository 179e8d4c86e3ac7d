"""The three statistics tables as an Excel workbook (.xlsx), and such a workbook read back.

What a person sees: a sheet 基本信息 (agency, year, contact) and one sheet per table laid out as in
the official document — the grid of ``models.format.grid`` with its merges and labels, column
widths from the format's weights, A4 print set-up.  Totals are formulas; a check column and check
rows beside the grid (outside the print area) show ✓ or ✗ for every 勾稽 relation of the format
(``TableSpec.sums`` and ``TableSpec.balance``), so a recipient sees a broken table in Excel or WPS
without this program.  Labels and formulas are protected (without a password), value cells are not.

What this program reads: a very hidden sheet holding a marker, the format id and every cell id with
its address, and workbook-level defined names ``NB_<cell id>`` for the same cells.  Reading goes by
the names first (Excel, WPS and LibreOffice move them when rows or sheets are changed), then by the
hidden sheet — never by label text.  Every value goes through ``parse_value``, so numbers typed as
text, full-width digits and thousands separators are read as the form reads them.

A total someone typed over (a number, not a formula) is read as typed.  A total that is still a
formula is the sum of its parts as read: the value the workbook shows (cached by the program that
last saved it) when that agrees, and noted when it does not — a spreadsheet leaves numbers typed
as text out of its sums, parse_value does not.  A workbook written here and never opened in a
spreadsheet program has no cached values at all.  A blank cell stays blank, never 0.

A total whose stored value differs from the sum of its parts is written as that number, not as a
formula, so the round trip keeps it and the check beside it shows ✗.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from exporters import ReadResult
from models.app import APP_NAME
from models.checks import BASIC_HEADING
from models.files import FileProblem, atomic_write, read_bytes
from models.format import CellSpec, NumberKind, ReportFormat, SumSpec, TableSpec, grid
from models.report import FORMATS, Report, format_date
from models.values import FULL_WIDTH_DIGITS, CellValue, InputError, format_value, parse_value

# --- what marks a workbook as ours ---------------------------------------------------------------

META_SHEET = "年报助手数据"
MARKER = "年报助手表格"
FILE_VERSION = 1
NAME_PREFIX = "NB_"

BASIC_SHEET = BASIC_HEADING
BASIC_FIELDS: tuple[tuple[str, str], ...] = (
    ("agency", "机关名称"),
    ("year", "报告年度"),
    ("contact_office", "联系科室"),
    ("address", "地址"),
    ("phone", "电话"),
    ("report_date", "落款日期"),
)

# --- limits for reading --------------------------------------------------------------------------

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 1000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_A_WORKBOOK = "这不是 Excel 工作簿（.xlsx），或者文件已损坏。"

# --- layout --------------------------------------------------------------------------------------

TITLE_ROW = 1
UNIT_ROW = 2
GRID_TOP = 3
"""Worksheet row of the grid's first row (rows are 1-based in a worksheet, 0-based in the grid)."""
TABLE_WIDTH = 96.0
"""Width of a table in Excel column units (about A4 portrait's text block at 10.5 pt)."""
CHECK_WIDTH = 18.0
FONT_NAME = "宋体"
FONT_SIZE = 10.5
LINE_HEIGHT = 14.0
MIN_ROW_HEIGHT = 20.0
MM_PER_INCH = 25.4

OK_MARK = "✓"
BAD_MARK = "✗"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=FONT_NAME, size=FONT_SIZE)
_TITLE_FONT = Font(name="黑体", size=14)
_CHECK_FONT = Font(name=FONT_NAME, size=FONT_SIZE, color="375623")
_CAPTION_FILL = PatternFill("solid", fgColor="D9D9D9")
_CHECK_FILL = PatternFill("solid", fgColor="EDF3E6")
_BAD_FILL = PatternFill("solid", fgColor="F8D7DA")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


# =================================================================================================
# Writing


def write(report: Report, path: Path, *, draft: bool = False) -> None:
    """Write the tables of ``report`` to ``path`` atomically; FileProblem (Chinese) on failure."""
    atomic_write(Path(path), workbook_bytes(report, draft=draft))


def workbook_bytes(report: Report, *, draft: bool = False) -> bytes:
    workbook = build_workbook(report, draft=draft)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def name_of(key: str) -> str:
    """The defined name of a cell id or basic field (t3.new.natural → NB_t3__new__natural)."""
    return NAME_PREFIX + key.replace(".", "__")


def build_workbook(report: Report, *, draft: bool = False) -> Workbook:
    workbook = Workbook()
    basic = workbook.active
    assert basic is not None
    places: dict[str, tuple[str, str]] = {}
    _write_basic(basic, report, draft, places)
    for table in report.format.tables:
        sheet = workbook.create_sheet(table.name)
        _TableWriter(sheet, report, table, draft, places).write()
    meta = workbook.create_sheet(META_SHEET)
    _write_meta(meta, report.format, draft, places)
    for key, (sheet_title, coordinate) in places.items():
        name = name_of(key)
        reference = f"{quote_sheetname(sheet_title)}!{_absolute(coordinate)}"
        workbook.defined_names[name] = DefinedName(name, attr_text=reference)
    workbook.active = 0
    # Sheets cannot be deleted, renamed or unhidden by accident (no password: it can be lifted).
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.calculation.fullCalcOnLoad = True  # Excel and WPS work the formulas out on opening
    properties = workbook.properties
    properties.creator = APP_NAME
    properties.title = clean_text(report.title) if report.agency else ""
    properties.subject = MARKER
    properties.keywords = report.format.id
    return workbook


def _absolute(coordinate: str) -> str:
    match = re.fullmatch(r"([A-Z]+)(\d+)", coordinate)
    assert match is not None
    return f"${match[1]}${match[2]}"


def at(sheet: Worksheet, row: int, column: int) -> Cell:
    """The cell to write at (row, column): never one covered by a merge."""
    cell = sheet.cell(row, column)
    assert isinstance(cell, Cell), f"{cell.coordinate} is covered by a merged cell"
    return cell


def put_text(cell: Cell, text: str) -> None:
    """Write ``text`` as text: nothing starting with = + - @ may turn into a formula, not even
    when someone later edits the cell (the quote prefix keeps it text in Excel and WPS)."""
    text = clean_text(text)
    cell.value = text
    if text.startswith(_FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def clean_text(text: str) -> str:
    """``text`` without what a workbook cannot hold: control characters (a vertical tab pasted
    from Word) and lone surrogates (a damaged paste)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return "".join(ch for ch in text if not "\ud800" <= ch <= "\udfff")


def _excel_number(value: CellValue) -> int | float:
    # A workbook holds binary floats; an amount has at most four places and fits 15 digits.
    return value if isinstance(value, int) else float(value)


def _write_basic(
    sheet: Worksheet, report: Report, draft: bool, places: dict[str, tuple[str, str]]
) -> None:
    sheet.title = BASIC_SHEET
    sheet.sheet_view.showGridLines = False
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 56
    title = at(sheet, TITLE_ROW, 1)
    put_text(
        title,
        (report.title if report.agency else "政府信息公开工作年度报告")
        + ("（草稿）" if draft else ""),
    )
    title.font = _TITLE_FONT
    title.alignment = _LEFT
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=2)
    sheet.row_dimensions[TITLE_ROW].height = 28
    values: dict[str, object] = {
        "agency": report.agency,
        "year": report.year,
        "contact_office": report.contact_office,
        "address": report.address,
        "phone": report.phone,
        "report_date": report.report_date,
    }
    for index, (key, label) in enumerate(BASIC_FIELDS):
        row = GRID_TOP + index
        label_cell = at(sheet, row, 1)
        put_text(label_cell, label)
        value_cell = at(sheet, row, 2)
        value = values[key]
        if isinstance(value, str):
            put_text(value_cell, value)
            value_cell.number_format = "@"
        elif isinstance(value, dt.date):
            value_cell.value = value
            value_cell.number_format = 'yyyy"年"m"月"d"日"'
        elif isinstance(value, int):
            value_cell.value = value
            value_cell.number_format = "0"
        for cell in (label_cell, value_cell):
            cell.font = _FONT
            cell.border = _BORDER
        label_cell.alignment = _CENTER
        value_cell.alignment = _LEFT
        value_cell.protection = _UNLOCKED
        sheet.row_dimensions[row].height = MIN_ROW_HEIGHT
        places[key] = (sheet.title, value_cell.coordinate)
    note_row = GRID_TOP + len(BASIC_FIELDS) + 1
    note = at(sheet, note_row, 1)
    tables = "、".join(t.name for t in report.format.tables)
    put_text(
        note,
        f"本工作簿由{APP_NAME}导出，{tables}各在一张工作表中。"
        "请只在未锁定的单元格中填写，数字可直接填写；合计由公式自动计算，"
        "各表右侧和下方的“核对”显示勾稽关系是否成立"
        f"（{OK_MARK} 成立，{BAD_MARK} 不成立）。"
        f"填好后可在{APP_NAME}中用“导入 Excel”读回。",
    )
    note.font = Font(name=FONT_NAME, size=9, color="595959")
    note.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=2)
    sheet.row_dimensions[note_row].height = 60
    _protect(sheet)
    _page_setup(sheet, f"A1:B{GRID_TOP + len(BASIC_FIELDS) - 1}")


def _write_meta(
    sheet: Worksheet, report_format: ReportFormat, draft: bool, places: dict[str, tuple[str, str]]
) -> None:
    sheet.sheet_state = "veryHidden"
    rows: list[list[object]] = [
        ["kind", MARKER],
        ["version", FILE_VERSION],
        ["format", report_format.id],
        ["draft", 1 if draft else 0],
    ]
    for key, (sheet_title, coordinate) in places.items():
        kind = "cell" if key in report_format.cell_by_id else "field"
        rows.append([kind, key, sheet_title, coordinate])
    for row in rows:
        sheet.append(row)
    _protect(sheet)


def _protect(sheet: Worksheet) -> None:
    """Sheet protection without a password: labels and formulas stay, widths may change."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


def _page_setup(sheet: Worksheet, print_area: str) -> None:
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    properties = sheet.sheet_properties.pageSetUpPr
    assert properties is not None
    properties.fitToPage = True
    margins = sheet.page_margins
    # GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
    margins.top, margins.bottom = 37 / MM_PER_INCH, 35 / MM_PER_INCH
    margins.left, margins.right = 28 / MM_PER_INCH, 26 / MM_PER_INCH
    margins.header, margins.footer = 0.3, 0.3
    sheet.print_options.horizontalCentered = True
    sheet.print_area = print_area


@dataclass(frozen=True)
class _Check:
    """One check cell: where it goes (grid row, grid column) and its formula."""

    row: int
    column: int
    formula: str


class _TableWriter:
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
        self.cells = grid(table)
        self.position: dict[str, tuple[int, int]] = {
            g.cell.id: (g.row, g.column) for g in self.cells if g.cell is not None
        }
        self.grid_rows = max(g.row + g.row_span for g in self.cells)
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
            needed = _lines(g.text, self.span_width(g.column, g.column_span)) * LINE_HEIGHT + 6
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
        _protect(sheet)
        last = self.address(self.grid_rows - 1, self.width - 1)
        _page_setup(sheet, f"A{TITLE_ROW}:{last}")

    def span_width(self, column: int, span: int) -> float:
        return sum(self.column_widths[column : column + span])

    def write_title(self) -> None:
        sheet = self.sheet
        section = next(s for s in self.report.format.sections if s.table is self.table)
        title = at(sheet, TITLE_ROW, 1)
        put_text(title, section.heading + ("（草稿）" if self.draft else ""))
        title.font = _TITLE_FONT
        title.alignment = _LEFT
        sheet.merge_cells(
            start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=self.width
        )
        sheet.row_dimensions[TITLE_ROW].height = 26
        unit = at(sheet, UNIT_ROW, 1)
        agency = self.places["agency"]
        year = self.places["year"]
        basic = quote_sheetname(agency[0])
        unit.value = (
            f'="填报单位："&{basic}!{_absolute(agency[1])}'
            f'&"　　报告年度："&{basic}!{_absolute(year[1])}'
        )
        unit.font = _FONT
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
            cell.alignment = _LEFT if inner else _CENTER
            cell.protection = _LOCKED
        cell.font = _FONT
        if g.shaded:
            cell.fill = _CAPTION_FILL
        for r in range(row, row + g.row_span):
            for c in range(column, column + g.column_span):
                sheet.cell(r, c).border = _BORDER
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
        cell.number_format = "0" if spec.kind is NumberKind.COUNT else "0.0###"
        self.places[spec.id] = (self.sheet.title, cell.coordinate)
        if spec.computed and value == self.computed.get(spec.id):
            parts = self.refs(self.sum_of[spec.id].parts)
            cell.value = f'=IF(COUNT({parts})=0,"",SUM({parts}))'
            cell.protection = _LOCKED
            return
        # Entered cells, and a total that disagrees with its parts (kept as written; the check
        # beside it shows ✗).
        cell.value = None if value is None else _excel_number(value)
        cell.protection = _UNLOCKED
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
                    else "金额以万元为单位，应为大于或等于 0 的数，最多 4 位小数。"
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
                    dxf=DifferentialStyle(font=Font(color="C00000"), fill=_BAD_FILL),
                ),
            )

    def sum_formula(self, spec: SumSpec) -> str:
        total = self.ref(spec.total)
        parts = self.refs(spec.parts)
        count = 1 + len(spec.parts)
        difference = f"ROUND({total}-SUM({parts}),4)"
        return (
            f'=IF(COUNT({total},{parts})<{count},"{BAD_MARK} 有空白或非数字",'
            f'IF({difference}=0,"{OK_MARK}","{BAD_MARK} 相差 "&{difference}))'
        )

    def balance_formula(self, left: list[CellSpec], right: list[CellSpec]) -> str:
        left_refs, right_refs = self.refs(left), self.refs(right)
        count = len(left) + len(right)
        difference = f"ROUND(SUM({left_refs})-SUM({right_refs}),4)"
        return (
            f'=IF(COUNT({left_refs},{right_refs})<{count},"{BAD_MARK} 有空白或非数字",'
            f'IF({difference}=0,"{OK_MARK}","{BAD_MARK} 相差 "&{difference}))'
        )

    def write_check(self, check: _Check) -> None:
        cell = at(self.sheet, GRID_TOP + check.row, 1 + check.column)
        cell.value = check.formula
        cell.font = _CHECK_FONT
        cell.fill = _CHECK_FILL
        cell.alignment = _CENTER
        cell.border = _BORDER
        cell.protection = _LOCKED
        self.check_cells.append(cell.coordinate)

    def write_check_label(
        self, row: int, column: int, text: str, *, row_span: int = 1, column_span: int = 1
    ) -> None:
        sheet = self.sheet
        cell = at(sheet, GRID_TOP + row, 1 + column)
        put_text(cell, text)
        cell.font = _CHECK_FONT
        cell.fill = _CHECK_FILL
        cell.alignment = _CENTER
        for r in range(row, row + row_span):
            for c in range(column, column + column_span):
                sheet.cell(GRID_TOP + r, 1 + c).border = _BORDER
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
        cell.font = _CHECK_FONT
        cell.alignment = Alignment(horizontal="right", vertical="center")
        self.sheet.merge_cells(
            start_row=UNIT_ROW, start_column=column, end_row=UNIT_ROW, end_column=self.width
        )


def _next_to(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] == b[0] and b[1] == a[1] + 1) or (a[1] == b[1] and b[0] == a[0] + 1)


def _same_line(points: list[tuple[int, int]]) -> bool:
    return len({p[0] for p in points}) == 1 or len({p[1] for p in points}) == 1


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a cell ``width`` Excel units wide (a CJK character is
    about two units at 10.5 pt)."""
    if not text:
        return 1
    usable = max(width - 1.5, 2.0)
    total = 0
    for line in text.split("\n"):
        units = sum(1.0 if ord(ch) < 0x2E80 else 2.0 for ch in line)
        total += max(1, math.ceil(units / usable))
    return total


# =================================================================================================
# Reading


def read(path: Path) -> ReadResult:
    """The report in a workbook exported by this program (and perhaps edited in Excel or WPS).

    FileProblem, in Chinese, for a file that is not such a workbook or is damaged.
    """
    path = Path(path)
    data = read_bytes(path, limit=MAX_FILE_BYTES)
    _check_package(path, data)
    try:
        formulas = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
        cached = load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds of error for a damaged file
        raise FileProblem(
            f"无法读取“{path.name}”：工作簿已损坏，无法打开"
            f"（{type(error).__name__}）。请在 Excel 或 WPS 中打开并另存为 .xlsx "
            "后再试。"
        ) from None
    return _Reader(path, formulas, cached).read()


def _check_package(path: Path, data: bytes) -> None:
    """Refuse what openpyxl should never be given: not a zip, too many or too large members."""
    name = f"“{path.name}”"
    if not data:
        raise FileProblem(f"无法读取{name}：文件是空的。")
    if data.startswith(_OLE_MAGIC):
        raise FileProblem(
            f"无法读取{name}：这是旧版 Excel（.xls）工作簿或加了密码的工作簿。"
            "请在 Excel 或 WPS 中取消密码并另存为 .xlsx 格式后再导入。"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            if len(members) > MAX_MEMBERS:
                raise FileProblem(f"无法读取{name}：工作簿中的部件太多，不像是年报助手导出的表格。")
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise FileProblem(
                    f"无法读取{name}：工作簿解压后超过 "
                    f"{MAX_UNPACKED_BYTES // 1048576} MB，不像是年报助手导出的表格。"
                )
            names = {member.filename for member in members}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise FileProblem(f"无法读取{name}：{_NOT_A_WORKBOOK}") from None
    if "xl/workbook.xml" not in names:
        raise FileProblem(f"无法读取{name}：{_NOT_A_WORKBOOK}")


class _Reader:
    def __init__(self, path: Path, formulas: Workbook, cached: Workbook) -> None:
        self.path = path
        self.formulas = formulas
        self.cached = cached
        self.notes: list[str] = []

    def problem(self, reason: str) -> FileProblem:
        return FileProblem(f"无法读取“{self.path.name}”：{reason}")

    def read(self) -> ReadResult:
        meta = self.meta()
        report_format = self.format_of(meta)
        report = Report(format=report_format)
        places = self.places(meta, report_format)
        self.read_basic(report, places)
        derived: dict[str, object] = {}
        """Totals still holding a formula, with the value the workbook shows (None: none)."""
        for cell in report_format.cells:
            raw, is_formula = self.raw(places[cell.id])
            if is_formula and cell.computed:
                derived[cell.id] = raw
                continue
            if is_formula and raw is None:
                # A formula never worked out (the workbook was saved by a program that does not
                # calculate): an entered cell stays blank.
                self.notes.append(
                    f"{cell.place}是公式，但工作簿中没有它的计算结果，已留空。"
                    "请在 Excel 或 WPS 中打开并保存后再导入。"
                )
                continue
            try:
                report.values[cell.id] = parse_value(raw, cell.kind)
            except InputError as error:
                self.notes.append(f"{cell.place}：{error.reason}已留空。")
        if derived:
            self.derive_totals(report, derived)
        return ReadResult(report, self.notes)

    def derive_totals(self, report: Report, shown: dict[str, object]) -> None:
        """The totals that are still formulas: the sum of their parts as read.

        That is what the workbook shows, except where a part was typed as text (full-width
        digits, "1,234"): a spreadsheet leaves such a part out of its sum, parse_value does not.
        A shown value that differs is noted.  Without a shown value (a workbook saved by a
        program that does not calculate) the sum is simply taken.
        """
        values = report.values
        for table in report.format.tables:
            for spec in table.sums:
                if spec.total.id in shown:
                    written = [v for p in spec.parts if (v := values[p.id]) is not None]
                    total: CellValue | None = sum(written) if written else None
                    values[spec.total.id] = total
        for cell_id, raw in shown.items():
            if raw is None:
                continue
            cell = report.format.cell_by_id[cell_id]
            try:
                same = parse_value(raw, cell.kind) == values[cell_id]
            except InputError:
                same = False
            if not same:
                self.notes.append(
                    f"{cell.place}在工作簿中显示为 {_shown(raw)}，按各项相加却是 "
                    f"{format_value(values[cell_id]) or '空白'}"
                    "（以文本形式填写的数字，Excel 和 WPS 求和时不计入），已按相加的结果读入。"
                )

    # --- the marker and the map --------------------------------------------------------------

    def meta(self) -> list[tuple[Any, ...]]:
        if META_SHEET not in self.formulas.sheetnames:
            raise self.problem(
                "这不是年报助手导出的 Excel 表格（缺少年报助手的标记）。只能导入用年报助手"
                "“导出 Excel”生成、再在 Excel 或 WPS 中填写的工作簿。"
            )
        rows = list(self.formulas[META_SHEET].iter_rows(values_only=True))
        if not rows or len(rows[0]) < 2 or rows[0][0] != "kind" or rows[0][1] != MARKER:
            raise self.problem("这不是年报助手导出的 Excel 表格（年报助手的标记已损坏）。")
        return rows

    def format_of(self, meta: list[tuple[Any, ...]]) -> ReportFormat:
        settings = {row[0]: row[1] for row in meta if len(row) >= 2 and row[0] != "cell"}
        version = settings.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise self.problem("年报助手的标记已损坏（没有有效的版本号）。")
        if version > FILE_VERSION:
            raise self.problem(
                f"这个工作簿由更新版本的年报助手导出（第 {version} 版），请升级年报助手后再导入。"
            )
        format_id = str(settings.get("format"))
        if format_id not in FORMATS:
            raise self.problem(f"工作簿使用了本程序不认识的报告格式“{format_id}”。")
        return FORMATS[format_id]

    def places(
        self, meta: list[tuple[Any, ...]], report_format: ReportFormat
    ) -> dict[str, tuple[str, str]]:
        """Where every cell and basic field is: by defined name, else by the hidden sheet."""
        keys = [key for key, _ in BASIC_FIELDS] + [c.id for c in report_format.cells]
        by_name = {name_of(key): key for key in keys}
        places: dict[str, tuple[str, str]] = {}
        for row in meta:
            if len(row) >= 4 and row[0] in ("cell", "field") and row[1] in keys:
                places[str(row[1])] = (str(row[2]), str(row[3]))
        for name, defined in self.formulas.defined_names.items():
            key = by_name.get(name)
            if key is None:
                continue
            try:
                destinations = list(defined.destinations)
            except Exception:  # a name that no longer points anywhere (#REF!)
                continue
            if destinations:
                sheet, reference = destinations[0]
                places[key] = (sheet, reference.replace("$", "").split(":")[0])
        missing = [key for key in keys if key not in places]
        if missing:
            raise self.problem("年报助手的标记已损坏（缺少部分单元格的位置）。")
        sheets = set(self.formulas.sheetnames)
        for sheet, _ in places.values():
            if sheet not in sheets:
                raise self.problem(
                    f"工作簿缺少工作表“{sheet}”，它可能被删除或改了名。"
                    "请使用年报助手导出的原始工作簿。"
                )
        return places

    def raw(self, place: tuple[str, str]) -> tuple[object, bool]:
        """The value a cell shows (as cached by the last program that saved it) and whether
        the cell holds a formula."""
        sheet, coordinate = place
        try:
            formula_cell = self.formulas[sheet][coordinate]
            cached_cell = self.cached[sheet][coordinate]
        except (KeyError, ValueError):
            raise self.problem(f"工作表“{sheet}”中找不到单元格 {coordinate}。") from None
        content = formula_cell.value
        is_formula = formula_cell.data_type == "f" or isinstance(
            content, ArrayFormula | DataTableFormula
        )
        return (cached_cell.value if is_formula else content), is_formula

    # --- basic facts -------------------------------------------------------------------------

    def read_basic(self, report: Report, places: dict[str, tuple[str, str]]) -> None:
        labels = dict(BASIC_FIELDS)
        for key in ("agency", "contact_office", "address", "phone"):
            raw, _ = self.raw(places[key])
            setattr(report, key, _text(raw))
        raw, _ = self.raw(places["year"])
        report.year = self.year(raw, labels["year"])
        raw, _ = self.raw(places["report_date"])
        report.report_date = self.date(raw, labels["report_date"])

    def year(self, raw: object, label: str) -> int | None:
        try:
            value = parse_value(raw, NumberKind.COUNT)
        except InputError:
            value = -1
        if value is None:
            return None
        if isinstance(value, int) and 1900 <= value <= 2999:
            return value
        self.notes.append(f"{BASIC_SHEET}中的“{label}”不是年份（{_shown(raw)}），已留空。")
        return None

    def date(self, raw: object, label: str) -> dt.date | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        if isinstance(raw, str):
            text = raw.strip().translate(FULL_WIDTH_DIGITS)
            match = re.fullmatch(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?", text)
            if match:
                try:
                    return dt.date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    pass
        self.notes.append(f"{BASIC_SHEET}中的“{label}”不是日期（{_shown(raw)}），已留空。")
        return None


def _text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def _shown(raw: object) -> str:
    if isinstance(raw, dt.date):
        return format_date(raw)
    text = str(raw)
    return text if len(text) <= 20 else text[:20] + "…"
