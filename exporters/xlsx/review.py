"""The 批量审核 workbook (问题清单.xlsx): a sheet 汇总 with one row per report, a sheet 问题 with
every finding and every note of the readers, one a row, to filter, sort and print (A4
landscape, fit to width, the header row on every page, page numbers in the footer), and a sheet
统计 with each report's key figures and charts of them (``review_figures``).

What the rows hold is ``models.batch.review``'s; this module only lays them out.  The workbook (and
the PDF list) carries its title and this program's name in its document properties, by which a
later run knows it for a 问题清单 of its own, not a unit's report (``is_review_list``)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exporters.xlsx import review_figures
from exporters.xlsx.sheets import (
    BORDER,
    FONT,
    FONT_NAME,
    LINE_HEIGHT,
    TITLE_FONT,
    at,
    page_setup,
    put_text,
    text_lines,
)
from models.app import APP_NAME
from models.batch.review import NOT_A_REPORT, NOTE, UNREADABLE, FileReview, ReviewRun
from models.checks.tables import Severity
from models.files import atomic_write
from models.format.spec import BASIC_LABELS

SUMMARY_SHEET = "汇总"
LIST_SHEET = "问题"
TITLE = "年度报告批量审核问题清单"

SUMMARY_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("文件", 28),
    (BASIC_LABELS["agency"], 24),
    (BASIC_LABELS["year"], 8),
    ("类别", 9),
    ("格式", 12),
    ("错误", 6),
    ("警告", 6),
    ("提示", 6),
    ("读取说明", 8),
    ("跨年度比对", 24),
    ("主要问题", 70),
)
LIST_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("文件", 24),
    (BASIC_LABELS["agency"], 20),
    ("位置", 26),
    ("严重程度", 12),
    ("问题类型", 10),
    ("规则", 16),
    ("说明", 70),
    ("核实说明", 16),
)
NUMBER_COLUMNS = {"序号", "错误", "警告", "提示", "读取说明", BASIC_LABELS["year"]}

HEADER_FONT = Font(name=FONT_NAME, size=10.5, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
NOTE_FONT = Font(name=FONT_NAME, size=10.5, italic=True, color="595959")
NOTE_FILL = PatternFill("solid", fgColor="F2F2F2")
FILLS = {
    Severity.ERROR.label: PatternFill("solid", fgColor="F8D7DA"),
    UNREADABLE: PatternFill("solid", fgColor="F8D7DA"),
    Severity.WARNING.label: PatternFill("solid", fgColor="FFF3CD"),
    # Grey, not red: a file set aside is no unit's failure, only not a report.
    NOT_A_REPORT: PatternFill("solid", fgColor="E7E6E6"),
}
WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
FOOTER = "第 &P 页，共 &N 页"
MARGIN_MM = 15


def write(run: ReviewRun, path: Path, *, made: dt.datetime | None = None) -> None:
    """The workbook of ``run`` written to ``path`` atomically; FileProblem (Chinese) on failure."""
    atomic_write(Path(path), workbook_bytes(run, made=made))


def workbook_bytes(run: ReviewRun, *, made: dt.datetime | None = None) -> bytes:
    buffer = io.BytesIO()
    build_workbook(run, made=made).save(buffer)
    return buffer.getvalue()


def build_workbook(run: ReviewRun, *, made: dt.datetime | None = None) -> Workbook:
    made = made or dt.datetime.now()
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    _write_summary(summary, run, made)
    _write_list(workbook.create_sheet(LIST_SHEET), run.reviews)
    figures = workbook.create_sheet(review_figures.STATS_SHEET)
    review_figures.write_sheet(figures, run)
    _page_numbers(figures)
    workbook.properties.creator = APP_NAME
    workbook.properties.title = TITLE
    return workbook


def summary_row(number: int, review: FileReview) -> list[str | int | None]:
    """One report's row of the 汇总 sheet."""
    if not review.readable:
        return [
            number,
            review.shown,
            "",
            None,
            "",
            "",
            None,
            None,
            None,
            None,
            "",
            review.first_problems(),
        ]
    # The file of the year before, with its agency when that is written otherwise (2023.pdf（洪泽区
    # 人民政府）): models.batch.review composes it.
    paired = review.paired or "没有找到上一年度的报告"
    if review.duplicates:
        paired += f"；同一机关同一年度还有：{'、'.join(review.duplicates)}"
    return [
        number,
        review.shown,
        review.agency,
        review.year,
        review.kind,
        review.format,
        review.errors,
        review.warnings,
        review.hints,
        len(review.notes),
        paired,
        review.first_problems(),
    ]


def _write_summary(sheet: Worksheet, run: ReviewRun, made: dt.datetime) -> None:
    width = len(SUMMARY_COLUMNS)
    title = at(sheet, 1, 1)
    put_text(title, TITLE)
    title.font = TITLE_FONT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    lines = [f"生成时间：{made:%Y-%m-%d %H:%M}（{APP_NAME}）", *run.summary()]
    for offset, line in enumerate(lines, start=2):
        cell = at(sheet, offset, 1)
        put_text(cell, line)
        cell.font = Font(name=FONT_NAME, size=10.5, bold=run.cancelled and offset == 3)
        sheet.merge_cells(start_row=offset, start_column=1, end_row=offset, end_column=width)
    header = len(lines) + 2
    rows = [summary_row(n, review) for n, review in enumerate(run.reviews, start=1)]
    _table(sheet, header, SUMMARY_COLUMNS, rows)
    for offset, review in enumerate(run.reviews, start=1):
        if not review.readable or review.errors:
            fill = FILLS[review.status or Severity.ERROR.label]
            for column in (2, width):
                at(sheet, header + offset, column).fill = fill


def list_rows(reviews: Sequence[FileReview]) -> list[list[str | int | None]]:
    """The 问题 sheet's rows: every finding and note of every report, report by report."""
    rows: list[list[str | int | None]] = []
    for review in reviews:
        for line in review.all_lines():
            rows.append(
                [
                    len(rows) + 1,
                    review.shown,
                    review.agency,
                    line.place,
                    line.severity,
                    line.kind,
                    line.title,  # the rule as a reader knows it, not its id
                    line.message,
                    line.acknowledged,
                ]
            )
    return rows


def _write_list(sheet: Worksheet, reviews: Sequence[FileReview]) -> None:
    rows = list_rows(reviews)
    _table(sheet, 1, LIST_COLUMNS, rows)
    severity = [name for name, _ in LIST_COLUMNS].index("严重程度")
    for offset, row in enumerate(rows, start=2):
        kind = row[severity]
        if kind == NOTE:
            for column in range(1, len(LIST_COLUMNS) + 1):
                cell = at(sheet, offset, column)
                cell.font, cell.fill = NOTE_FONT, NOTE_FILL
        elif isinstance(kind, str) and kind in FILLS:
            at(sheet, offset, severity + 1).fill = FILLS[kind]


def _table(
    sheet: Worksheet,
    header: int,
    columns: Sequence[tuple[str, float]],
    rows: Sequence[Sequence[str | int | None]],
) -> None:
    """A header row at ``header`` and ``rows`` below it: frozen header, autofilter, wrapped
    text, widths, A4 landscape fitted to the width with the header on every page."""
    names = [name for name, _ in columns]
    widths = [width for _, width in columns]
    for column, (name, width) in enumerate(columns, start=1):
        cell = at(sheet, header, column)
        put_text(cell, name)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTRE, BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_number, row in enumerate(rows, start=header + 1):
        for column, value in enumerate(row, start=1):
            cell = at(sheet, row_number, column)
            if isinstance(value, str):
                put_text(cell, value)
            else:
                cell.value = value
            cell.font, cell.border = FONT, BORDER
            cell.alignment = CENTRE if names[column - 1] in NUMBER_COLUMNS else WRAP
        # Row heights are set, not left to the program that opens the file: LibreOffice and WPS
        # keep a generated row one line high, and a printed list would cut every long message.
        lines = max(text_lines(str(v or ""), w) for v, w in zip(row, widths, strict=True))
        sheet.row_dimensions[row_number].height = lines * LINE_HEIGHT + 4
    last = get_column_letter(len(columns))
    end = header + max(len(rows), 1)
    sheet.freeze_panes = f"A{header + 1}"
    sheet.auto_filter.ref = f"A{header}:{last}{end}"
    sheet.print_title_rows = f"{header}:{header}"
    page_setup(sheet, f"A1:{last}{end}", landscape=True, margins_mm=(MARGIN_MM,) * 4)
    _page_numbers(sheet)


def _page_numbers(sheet: Worksheet) -> None:
    for footer in (sheet.oddFooter, sheet.evenFooter):
        assert footer is not None
        footer.center.text = FOOTER


_CORE = "docProps/core.xml"
_CORE_BYTES = 64 * 1024
"""More than a document's properties ever take: a larger part is no workbook of ours."""
_DC = "{http://purl.org/dc/elements/1.1/}"


def is_review_list(path: Path) -> bool:
    """Whether ``path`` is a 问题清单 this program wrote — the workbook, or the PDF list — told by
    its content (the title and the program's name in its properties), whatever its name."""
    try:
        with open(path, "rb") as file:
            head = file.read(5)
    except OSError:
        return False
    if head.startswith(b"%PDF"):
        from exporters.pdf.review_list import is_review_pdf

        return is_review_pdf(path)
    if not head.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(_CORE)
            if info.file_size > _CORE_BYTES:
                return False
            core = ElementTree.fromstring(package.read(info))
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError, RuntimeError):
        return False
    return core.findtext(f"{_DC}title") == TITLE and core.findtext(f"{_DC}creator") == APP_NAME
