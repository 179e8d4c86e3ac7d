"""The 统计 sheet of the 批量审核 workbook: each report's key figures in a row, their totals, and
native Excel charts of them (what they are: ``models.batch.review_figures``).

The charts are Excel's own (openpyxl.chart: DrawingML bar charts, xl/charts/chartN.xml), which
Excel, WPS and LibreOffice all draw and which follow the cells if a reviewer corrects a figure.
The figures are written as numbers, the totals too (no formulas): a workbook written here holds
no computed values, and a viewer that does not calculate (a phone's, a mail preview's) would show
a formula's cell empty."""

from __future__ import annotations

import math
from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from exporters.xlsx.sheets import (
    BORDER,
    FONT,
    FONT_NAME,
    LINE_HEIGHT,
    TITLE_FONT,
    at,
    excel_number,
    page_setup,
    put_text,
    text_lines,
)
from models.batch import review_figures as stats
from models.batch.key_figures import NEW
from models.batch.review import ReviewRun
from models.format.spec import BASIC_LABELS
from models.values import CellValue

STATS_SHEET = "统计"
MARGINS = (15.0, 15.0, 15.0, 15.0)
"""Millimetres, as the workbook's other sheets."""
NAME_WIDTH = 26.0
FIGURE_WIDTH = 9.0
WIDTHS = {"序号": 6.0, BASIC_LABELS["agency"]: NAME_WIDTH, BASIC_LABELS["year"]: 8.0}
SMALL_WIDTH = 6.0
"""The findings' columns: a count of a few digits."""
CHART_WIDTH_CM = 24
MAX_CHART_CM = 17.0
"""A chart's height at most: one landscape A4 page (many units make thinner bars)."""
ROW_POINTS = 15.0
ROW_CM = ROW_POINTS * 2.54 / 72
"""The rows under the charts are set to this height, so the charts' rows are known."""

HEADER_FONT = Font(name=FONT_NAME, size=10.5, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)


def width_of(name: str) -> float:
    if name in WIDTHS:
        return WIDTHS[name]
    return SMALL_WIDTH if name in stats.SEVERITY_NAMES else FIGURE_WIDTH


def write_sheet(sheet: Worksheet, run: ReviewRun) -> None:
    width = len(stats.HEADER)
    title = at(sheet, 1, 1)
    put_text(title, stats.TITLE)
    title.font = TITLE_FONT
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    note = at(sheet, 2, 1)
    put_text(note, stats.NOTE)
    note.font, note.alignment = Font(name=FONT_NAME, size=10.5), WRAP
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    header = 4
    reviews = stats.counted(run)
    _header(sheet, header, stats.HEADER)
    # The names the charts take their bars' names from: an agency that stands twice (two of
    # its years reviewed together) with its year, so that its two bars can be told apart.
    names = stats.unit_names(reviews)
    for offset, (review, name) in enumerate(zip(reviews, names, strict=True), start=1):
        _row(sheet, header + offset, [offset, name, review.year, *stats.values(review)])
    last = header + len(reviews)
    total_row = last + 1
    _row(sheet, total_row, [None, stats.TOTAL, None, *stats.totals(reviews)])
    for column in range(1, width + 1):
        at(sheet, total_row, column).fill = TOTAL_FILL
        at(sheet, total_row, column).font = HEADER_FONT
    for column, name in enumerate(stats.HEADER, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width_of(name)
    sheet.freeze_panes = f"C{header + 1}"
    next_row = total_row + 2
    pairs = stats.paired(run)
    pair_header = 0
    if pairs:
        caption = at(sheet, next_row, 2)
        put_text(caption, stats.YEARS_CHART)
        caption.font = HEADER_FONT
        pair_header = next_row + 1
        _header(
            sheet, pair_header, (BASIC_LABELS["agency"], stats.PREVIOUS_YEAR, stats.THIS_YEAR), 2
        )
        for offset, review in enumerate(pairs, start=1):
            row = [review.agency, stats.new_last_year(review), stats.new_this_year(review)]
            _row(sheet, pair_header + offset, row, 2)
        next_row = pair_header + len(pairs) + 2
    end = next_row
    if reviews:
        end = _charts(sheet, header, last, pair_header, len(pairs), next_row)
    page_setup(sheet, f"A1:{get_column_letter(width)}{end}", landscape=True, margins_mm=MARGINS)


def _header(sheet: Worksheet, row: int, names: Sequence[str], first: int = 1) -> None:
    for column, name in enumerate(names, start=first):
        cell = at(sheet, row, column)
        put_text(cell, name)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTRE, BORDER
    lines = max(text_lines(name, width_of(name)) for name in names)
    sheet.row_dimensions[row].height = lines * LINE_HEIGHT + 4


def _row(
    sheet: Worksheet, row: int, values: Sequence[str | CellValue | None], first: int = 1
) -> None:
    for column, value in enumerate(values, start=first):
        cell = at(sheet, row, column)
        if isinstance(value, str):
            put_text(cell, value)
            cell.alignment = WRAP
        else:
            cell.value = None if value is None else excel_number(value)
            cell.alignment = CENTRE
        cell.font, cell.border = FONT, BORDER
    name = next((v for v in values if isinstance(v, str)), "")
    sheet.row_dimensions[row].height = text_lines(name, NAME_WIDTH) * LINE_HEIGHT + 4


def _bar_chart(title: str, units: int) -> BarChart:
    """A horizontal bar chart, one bar (or stack) per unit, the first unit at the top."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.style = 10
    chart.width = CHART_WIDTH_CM
    chart.height = min(MAX_CHART_CM, max(7.0, 0.6 * units + 3.0))
    # openpyxl leaves the axes' "delete" unset, which LibreOffice and newer Excel take for
    # deleted axes: say they are shown.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the units top down, as the table lists them
    chart.y_axis.scaling.min = 0  # bars from 0: LibreOffice would start 127 and 131 at 125
    chart.legend.position = "b"
    return chart


def _fill(chart: BarChart, names: Sequence[str]) -> None:
    for series, name in zip(chart.series, names, strict=True):
        series.graphicalProperties.solidFill = stats.COLOURS[name]
        series.graphicalProperties.line.solidFill = stats.COLOURS[name]


def _labelled(chart: BarChart) -> None:
    """The number at each bar, and nothing else (LibreOffice adds the series' and the unit's
    names to a label that does not say it leaves them out)."""
    chart.dataLabels = DataLabelList(
        showVal=True,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showPercent=False,
        showBubbleSize=False,
    )


def _charts(
    sheet: Worksheet,
    header: int,
    last: int,
    pair_header: int,
    pairs: int,
    top: int,
) -> int:
    """The charts below the tables, one under the other; the row after the last they cover."""
    units = last - header
    categories = Reference(sheet, min_col=2, min_row=header + 1, max_row=last)
    findings = _bar_chart(stats.FINDINGS_CHART, units)
    findings.grouping = "stacked"
    findings.overlap = 100
    first = stats.HEADER.index(stats.SEVERITY_NAMES[0]) + 1
    last_column = first + len(stats.SEVERITY_NAMES) - 1
    findings.add_data(
        Reference(sheet, min_col=first, max_col=last_column, min_row=header, max_row=last),
        titles_from_data=True,
    )
    findings.set_categories(categories)
    _fill(findings, stats.SEVERITY_NAMES)
    column = stats.HEADER.index(NEW.name) + 1
    new = _bar_chart(stats.NEW_CHART, units)
    new.add_data(
        Reference(sheet, min_col=column, min_row=header, max_row=last), titles_from_data=True
    )
    new.set_categories(categories)
    _fill(new, (NEW.name,))
    _labelled(new)
    new.legend = None
    charts = [findings, new]
    if pairs:
        years = _bar_chart(stats.YEARS_CHART, pairs)
        end = pair_header + pairs
        years.add_data(
            Reference(sheet, min_col=3, max_col=4, min_row=pair_header, max_row=end),
            titles_from_data=True,
        )
        years.set_categories(Reference(sheet, min_col=2, min_row=pair_header + 1, max_row=end))
        _fill(years, (stats.PREVIOUS_YEAR, stats.THIS_YEAR))
        _labelled(years)
        charts.append(years)
    row = top
    for chart in charts:
        # Each chart starts a printed page (a page break through a chart cuts it in two), a
        # row below the break: anchored right on it, LibreOffice draws the frame's top edge at
        # the foot of the page before too.
        sheet.row_breaks.append(Break(id=row - 1))
        sheet.add_chart(chart, f"B{row + 1}")
        rows = math.ceil(chart.height / ROW_CM) + 3
        for covered in range(row, row + rows):
            sheet.row_dimensions[covered].height = ROW_POINTS
        row += rows
    return row
