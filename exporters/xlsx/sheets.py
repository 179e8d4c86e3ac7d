"""The look of the workbook's sheets (fonts, fills, borders, A4 page set-up, protection) and
the writing of a single cell, shared by the basic sheet and the table sheets."""

from __future__ import annotations

import math
import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

from models.format.spec import AMOUNT_PLACES
from models.values import CellValue, written_places

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

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name=FONT_NAME, size=FONT_SIZE)
TITLE_FONT = Font(name="黑体", size=14)
CHECK_FONT = Font(name=FONT_NAME, size=FONT_SIZE, color="375623")
CAPTION_FILL = PatternFill("solid", fgColor="D9D9D9")
CHECK_FILL = PatternFill("solid", fgColor="EDF3E6")
BAD_FILL = PatternFill("solid", fgColor="F8D7DA")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def absolute(coordinate: str) -> str:
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


def excel_number(value: CellValue) -> int | float:
    # A workbook holds binary floats, of 15 significant digits: an amount of six places (to the
    # fen) comes back exactly up to 999999999.999999 万元 (``parse_value`` reads 15 digits).
    return value if isinstance(value, int) else float(value)


COUNT_FORMAT = "0"
_AMOUNT_FORMAT = re.compile(r"0\.(0+)#*")


def amount_format(value: CellValue | None) -> str:
    """The number format of an amount cell: the places the amount was written with shown as
    written (1.50 as 1.50, 5949.088667 never rounded), and up to ``AMOUNT_PLACES`` whatever is
    typed there later.  One place is the least (an empty cell and a whole amount: 0.0#####)."""
    fixed = max(1, written_places(value)) if value is not None else 1
    return "0." + "0" * fixed + "#" * max(0, AMOUNT_PLACES - fixed)


def shown_places(number_format: str) -> int:
    """The places an amount cell's format always shows (0.00#### : 2); 0 for any other format.

    A workbook keeps a number as a binary float, which has no trailing zeros: the format written
    by ``amount_format`` is what still says that 1.50 was written with two places, also after
    Excel, WPS or LibreOffice saved the workbook again."""
    match = _AMOUNT_FORMAT.fullmatch(number_format)
    return len(match.group(1)) if match else 0


def protect(sheet: Worksheet) -> None:
    """Sheet protection without a password: labels and formulas stay, widths may change."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.selectLockedCells = False
    protection.selectUnlockedCells = False


GB_T_9704_MARGINS_MM = (37.0, 35.0, 28.0, 26.0)
"""Top, bottom, left and right margins of an official document (GB/T 9704)."""


def page_setup(
    sheet: Worksheet,
    print_area: str,
    *,
    landscape: bool = False,
    margins_mm: tuple[float, float, float, float] = GB_T_9704_MARGINS_MM,
) -> None:
    """A4, fitted to the page's width (as many pages down as needed), the given margins (top,
    bottom, left, right), ``print_area`` printed."""
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    properties = sheet.sheet_properties.pageSetUpPr
    assert properties is not None
    properties.fitToPage = True
    margins = sheet.page_margins
    top, bottom, left, right = (mm / MM_PER_INCH for mm in margins_mm)
    margins.top, margins.bottom, margins.left, margins.right = top, bottom, left, right
    margins.header, margins.footer = 0.3, 0.3
    sheet.print_options.horizontalCentered = True
    sheet.print_area = print_area


def text_lines(text: str, width: float) -> int:
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
