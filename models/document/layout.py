"""The layout rules the .docx and the PDF/printout share, so both place the same things in the
same places: the line and character grid of the text block, the 落款 (GB/T 9704-2012 7.3.5.2),
the page number's position, the table column widths and which table rows stay together.

Pure functions of the 版式 (``models.document.style.DocumentStyle``) and the format; lengths in
points unless a name says otherwise."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from models.document.style import SIZE_NAMES, DocumentStyle
from models.document.text import text_width
from models.format.spec import Block, GridCell, TableSpec
from models.values import CellValue, grid_text

POINTS_PER_MM = 72 / 25.4

LATIN_FONT = "Times New Roman"
"""Digits and Latin letters of the body, headings, 落款 and tables, as official documents set
them (the template's document default); the title and the page number keep their own font."""


def points(mm: float) -> float:
    return mm * POINTS_PER_MM


# --- the text grid --------------------------------------------------------------------------


@dataclass(frozen=True)
class TextGrid:
    """The text block as a grid: ``lines`` lines of ``chars`` characters, ``line_pitch`` and
    ``char_pitch`` points apart.  A body character advances ``advance`` points: the type size
    plus ``char_spacing`` (a hair of condensing, in whole twentieths of a point as Word counts
    character spacing), never more than the pitch, so that ``chars`` fit every line."""

    lines: int
    chars: int
    line_pitch: float
    char_pitch: float
    size: float
    char_spacing: float

    @property
    def advance(self) -> float:
        return self.size + self.char_spacing


def text_grid(style: DocumentStyle) -> TextGrid:
    """The grid of the 版式: as many body characters as fit the text width at about the body
    size (28 of 三号 in 156 mm: 15.79 pt apart, so each 16 pt character is condensed by 0.25 pt),
    and as many lines of the fixed line spacing as fit the text height (22 of 28.95 pt in
    225 mm)."""
    width, height = points(style.text_width), points(style.text_height)
    chars = max(1, round(width / style.body_size))
    # A hair under width / chars (Word counts in 1/4096 pt, the page in twips), so that rounding
    # never leaves room for one character less.
    char_pitch = math.floor((width - 0.05) / chars * 4096) / 4096
    spacing = math.floor((char_pitch - style.body_size) * 20) / 20
    lines = max(1, math.floor(height / style.line_spacing + 1e-6))
    return TextGrid(
        lines=lines,
        chars=chars,
        line_pitch=style.line_spacing,
        char_pitch=char_pitch,
        size=style.body_size,
        char_spacing=spacing,
    )


# --- the 落款 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    """How far the 落款's two lines end from the right edge of the text block, in characters
    (grid pitches)."""

    signer_right: float
    date_right: float


def signature_layout(signer: str, date: str) -> Signature:
    """GB/T 9704-2012 7.3.5.2 (a 落款 without a seal): the signer 右空二字; the date on the next
    line, its first character two characters right of the signer's first; when the date is
    longer than the signer, the date 右空二字 and the signer moves left to keep the two
    characters.  Widths as ``models.document.text.text_width`` (digits half a character)."""
    signer_width, date_width = text_width(signer), text_width(date)
    if not signer:
        return Signature(signer_right=2.0, date_right=2.0)
    if date_width > signer_width:
        return Signature(signer_right=4.0 + date_width - signer_width, date_right=2.0)
    return Signature(signer_right=2.0, date_right=signer_width - date_width)


# --- the page number ---------------------------------------------------------------------------

PAGE_NUMBER_GAP_MM = 7.0
"""GB/T 9704-2012 7.5: the page number's 一字线 lies 7 mm below the text block."""
PAGE_NUMBER_LINE = 1.25
"""The page number's line height in its type size (the footer paragraph's exact spacing)."""


def footer_distance_mm(style: DocumentStyle) -> float:
    """Distance from the page's bottom edge to the bottom of the page number's line (Word's
    w:footer), so that the middle of that line, where the 一字线 is drawn, lies
    ``PAGE_NUMBER_GAP_MM`` below the text block."""
    line_mm = style.page_number_size * PAGE_NUMBER_LINE / POINTS_PER_MM
    return max(0.0, style.margin_bottom - PAGE_NUMBER_GAP_MM - line_mm / 2)


# --- tables -------------------------------------------------------------------------------------

DIGIT_WIDTH_EM = 0.65
"""Room for one digit of a five-digit number column, in the table's type size: Times New
Roman's digits are 0.5 em; the fonts a PC without it falls back to are wider (DejaVu Serif
0.64 em)."""
NUMBER_DIGITS = 5
"""Number columns hold five digits on one line (a 汇总 report's 表三 reaches them)."""
WIDE_DIGIT_EM = 0.52
"""Room for one digit of a longer number: Times New Roman's 0.5 em (and its metric twins'),
with a hair for rounding.  A report with such numbers is set for Word, WPS and our PDF, which
all have it; a column that fit five digits of a wider font still does."""
NUMBER_CELL_MARGIN = 0.7
"""The left and right margin inside a number cell, in points (label cells keep 1 mm): centred
digits need no more, and five of them then fit a column as wide as the template's (714 twips)."""
LABEL_FLOOR_CHARS = 4
"""A label column never narrows below this many characters to make room for the numbers."""
LABEL_KEPT_CHARS = 8
"""…and not below this many for numbers longer than five characters, while setting them a
size smaller can spare it: 表三's labels would otherwise wrap into a table pages long."""
SMALLEST_NUMBER = 6.0
"""Points: the smallest size a number is set in to stay on one line (表四's fifteen columns
leave no label to take room from)."""


TABLE_LINE = 1.45
"""A table line's exact height in its type size (15.25 pt for 五号).  The template's cells are
single-spaced, which follows the font: 1.44 em for the Noto CJK fonts a PC without 仿宋_GB2312
falls back to, other heights for others — rows, and so page breaks, would differ between
Word, LibreOffice and the PDF.  Exact spacing gives the same rows everywhere."""


def table_line(size: float) -> float:
    """The exact line height of table text of ``size`` points, in whole twips as Word keeps it."""
    return round(size * TABLE_LINE * 20) / 20


def value_columns(table: TableSpec) -> set[int]:
    """The grid columns that hold one value each (the number columns)."""
    return {g.column for g in table.grid_cells if g.role == "value" and g.column_span == 1}


def number_room(longest: int, size: float, number_size: float | None = None) -> float:
    """The width a number column needs, margins included: five digits of a wide font in the
    table's type ``size``, or ``longest`` characters of Times New Roman in ``number_size``."""
    five = NUMBER_DIGITS * DIGIT_WIDTH_EM * size
    wide = longest * WIDE_DIGIT_EM * (size if number_size is None else number_size)
    return max(five, wide) + 2 * NUMBER_CELL_MARGIN


def column_widths(
    table: TableSpec,
    total: float,
    font_size: float,
    label_margin: float,
    *,
    longest: int = 0,
    number_size: float | None = None,
    label_floor: int = LABEL_FLOOR_CHARS,
) -> list[float]:
    """The grid column widths in points, for a table ``total`` points wide in ``font_size``
    type whose label cells have ``label_margin`` points of margin left and right: the format's
    proportions, except that every number column is wide enough for ``number_room`` (five
    digits, or ``longest`` characters in ``number_size``); the room is taken from the label
    columns wider than ``label_floor`` characters, in proportion to what they have above that,
    as far as they have it."""
    weights = table.column_weights
    widths = [total * w / sum(weights) for w in weights]
    numbers = value_columns(table)
    need = number_room(longest, font_size, number_size)
    short = {c: need - widths[c] for c in numbers if widths[c] < need}
    floor = label_floor * font_size + 2 * label_margin
    spare = {
        c: widths[c] - floor for c in range(len(widths)) if c not in numbers and widths[c] > floor
    }
    missing, available = sum(short.values()), sum(spare.values())
    if not missing or not available:
        return widths
    taken = min(missing, available)
    for c, lack in short.items():
        widths[c] += lack * taken / missing
    for c, room in spare.items():
        widths[c] -= room * taken / available
    return widths


@dataclass(frozen=True)
class TableFit:
    """How a table's numbers fit on one line: the column widths (points) and the type size of
    the numbers."""

    widths: list[float]
    number_size: float


def longest_number(table: TableSpec, values: Mapping[str, CellValue | None]) -> int:
    """How many characters the longest number of ``table`` is written with."""
    return max(
        (len(grid_text(g, values)) for g in table.grid_cells if g.role == "value"), default=0
    )


def fit_table(
    table: TableSpec,
    values: Mapping[str, CellValue | None],
    total: float,
    font_size: float,
    label_margin: float,
) -> TableFit:
    """Column widths and number size that hold the table's longest number on one line, the
    same in the .docx and the PDF: the number columns widen, taking room from the labels; when
    the labels have no more to give (``LABEL_KEPT_CHARS``), the numbers step down one type
    size (五号 → 小五) and widen again; only where that is not enough (表四's fifteen columns)
    further, half a point at a time, the labels then giving down to ``LABEL_FLOOR_CHARS``."""
    longest = longest_number(table, values)
    numbers = value_columns(table)
    smaller = _smaller(font_size)
    tries = [(font_size, LABEL_KEPT_CHARS), (smaller, LABEL_KEPT_CHARS)]
    size = smaller
    while size > SMALLEST_NUMBER:
        size = max(SMALLEST_NUMBER, size - 0.5)
        tries.append((size, LABEL_FLOOR_CHARS))
    for size, floor in tries:
        widths = column_widths(
            table,
            total,
            font_size,
            label_margin,
            longest=longest,
            number_size=size,
            label_floor=floor if longest > NUMBER_DIGITS else LABEL_FLOOR_CHARS,
        )
        # Five digits of a wide font is the room wished for; Times New Roman's is what a
        # number needs (表四's columns have never had the first).
        need = longest * WIDE_DIGIT_EM * size + 2 * NUMBER_CELL_MARGIN
        if all(widths[c] >= need - 1e-9 for c in numbers):
            return TableFit(widths, size)
    return TableFit(widths, size)


def _smaller(size: float) -> float:
    """The next named type size below ``size`` (五号 10.5 → 小五 9)."""
    return max((s for s in SIZE_NAMES.values() if s < size), default=size - 0.5)


def _block_height(block: Block) -> int:
    return (1 if block.caption else 0) + block.header_rows + len(block.row_leaves)


def label_columns_by_row(table: TableSpec) -> list[int]:
    """For each grid row, how many grid columns its block's row labels take."""
    return [block.label_columns for block in table.blocks for _ in range(_block_height(block))]


def align_left(cell: GridCell, label_columns: int) -> bool:
    """Whether a table cell's text is left-aligned, as in the template: the shaded 第二十条
    captions, and the row labels (and the header cells above them) of a block whose row labels
    take several columns (表三's nested labels), all alike; everything else is centred.
    ``label_columns``: the cell's grid row's entry of ``label_columns_by_row``."""
    if cell.role == "caption":
        return True
    return (
        cell.role in ("label", "header")
        and cell.cell is None
        and label_columns > 1
        and cell.column < label_columns
    )


def rows_kept_with_next(table: TableSpec, *, whole_up_to: int = 20) -> list[bool]:
    """For each grid row, whether the page may not break after it.

    A block (表二's 第二十条 parts, 表三, 表四) of at most ``whole_up_to`` rows stays on one page,
    its caption with it; a longer block (表三) keeps its caption, header rows and first row of
    values together and may break between any later rows.  Between 表二's blocks a page may
    break, so a caption row never ends a page.  The last row is never kept (the paragraph after
    the table decides)."""
    kept: list[bool] = []
    for block in table.blocks:
        caption = 1 if block.caption else 0
        height = _block_height(block)
        together = height if height <= whole_up_to else caption + block.header_rows + 1
        kept += [r < together - 1 for r in range(height)]
    return kept


def repeated_header_rows(table: TableSpec) -> int:
    """How many top rows repeat at the top of each page the table runs onto: the header rows
    of a table made of one block without a caption (表三, 表四); 0 for 表二, whose blocks each
    have their own caption and header."""
    if len(table.blocks) == 1 and not table.blocks[0].caption:
        return table.blocks[0].header_rows
    return 0
