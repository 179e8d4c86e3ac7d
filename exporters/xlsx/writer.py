"""The three statistics tables as an Excel workbook (.xlsx): a sheet 基本信息 (agency, year,
contact), one sheet per table (``table_sheet``), and the very hidden sheet and defined names that
let the reader find every cell again (``marks``)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from exporters.xlsx.marks import (
    BASIC_FIELDS,
    BASIC_SHEET,
    FILE_VERSION,
    MARKER,
    META_SHEET,
    name_of,
)
from exporters.xlsx.sheets import (
    BAD_MARK,
    BORDER,
    CENTER,
    FONT,
    FONT_NAME,
    GRID_TOP,
    LEFT,
    MIN_ROW_HEIGHT,
    OK_MARK,
    TITLE_FONT,
    TITLE_ROW,
    UNLOCKED,
    absolute,
    at,
    clean_text,
    page_setup,
    protect,
    put_text,
)
from exporters.xlsx.table_sheet import TableWriter
from models.app import APP_NAME
from models.files import atomic_write
from models.format.spec import ReportFormat
from models.report import Report


def write(report: Report, path: Path, *, draft: bool = False) -> None:
    """Write the tables of ``report`` to ``path`` atomically; FileProblem (Chinese) on failure."""
    atomic_write(Path(path), workbook_bytes(report, draft=draft))


def workbook_bytes(report: Report, *, draft: bool = False) -> bytes:
    workbook = build_workbook(report, draft=draft)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_workbook(report: Report, *, draft: bool = False) -> Workbook:
    workbook = Workbook()
    basic = workbook.active
    assert basic is not None
    places: dict[str, tuple[str, str]] = {}
    _write_basic(basic, report, draft, places)
    for table in report.format.tables:
        sheet = workbook.create_sheet(table.name)
        TableWriter(sheet, report, table, draft, places).write()
    meta = workbook.create_sheet(META_SHEET)
    _write_meta(meta, report.format, draft, places)
    for key, (sheet_title, coordinate) in places.items():
        name = name_of(key)
        reference = f"{quote_sheetname(sheet_title)}!{absolute(coordinate)}"
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
        report.format.document_title(report.agency, report.year) + ("（草稿）" if draft else ""),
    )
    title.font = TITLE_FONT
    title.alignment = LEFT
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=2)
    sheet.row_dimensions[TITLE_ROW].height = 28
    values: dict[str, object] = {
        "agency": report.agency,
        "year": report.year,
        "contact_office": report.contact_office,
        "address": report.address,
        "phone": report.phone,
        "signer": report.signer,
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
            cell.font = FONT
            cell.border = BORDER
        label_cell.alignment = CENTER
        value_cell.alignment = LEFT
        value_cell.protection = UNLOCKED
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
    protect(sheet)
    page_setup(sheet, f"A1:B{GRID_TOP + len(BASIC_FIELDS) - 1}")


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
    protect(sheet)
