"""Reading what a person typed (or a file held) into a table value — one function for every path.

The form, pasting, the .docx reader and the .xlsx reader all call ``parse_value``, so the same
input is accepted or refused the same way everywhere, with the same Chinese reason.  The way back
is here too: ``format_value`` (a value as written), ``shown_value`` (as a message says it) and
``grid_text`` (what a cell of a table's grid shows).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from models.format.spec import AMOUNT_PLACES, GridCell, NumberKind

CellValue = int | Decimal
"""A table value: a count is an int, an amount (万元) a Decimal.  Blank is None, never 0."""


class InputError(ValueError):
    """Input that cannot be a value of its cell; ``reason`` says why, in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Full-width digits and signs as Word, WPS and Chinese input methods produce them.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
"""Full-width digits to ASCII, for every reader that looks for numbers in text."""
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋　", "0123456789.,-+ ")
_SPACES = re.compile(r"[\s\u00a0\u2002-\u200b\u202f\u3000]+")
# ASCII only: \d alone would also take Arabic-Indic, Devanagari … digits, which Decimal reads.
_NUMBER = re.compile(r"[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d*)?|[+-]?\.\d+", re.ASCII)
_GROUPED = re.compile(r"[+-]?[\d,]+(\.\d*)?", re.ASCII)
_SPACE_BETWEEN_DIGITS = re.compile(r"(?<=\d) (?=\d)", re.ASCII)
_UNITS = {NumberKind.COUNT: ("件",), NumberKind.AMOUNT: ("万元",)}
# What published tables write for "nothing happened" instead of 0: a run of dashes or slashes, or
# a word for none.  Only these are placeholders; other text without digits is simply not a number.
_PLACEHOLDER_MARKS = re.compile(r"[-‐‑‒–—―─━－/／\\＼_＿~～]+")
_PLACEHOLDER_WORDS = {"无", "空", "空白", "暂无", "没有", "无数据", "未发生"}


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is what published tables write instead of 0 ("—", "/", "－", "无" …)."""
    folded = _SPACES.sub("", text)
    return bool(_PLACEHOLDER_MARKS.fullmatch(folded)) or folded in _PLACEHOLDER_WORDS


def parse_value(raw: object, kind: NumberKind) -> CellValue | None:
    """The value of ``raw`` for a cell of ``kind``; None for blank input.

    ``raw`` is text (typed, pasted, read from a document) or a number read from a workbook.
    Raises InputError with a Chinese reason for anything that is not a valid value.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise InputError("这里应填数字，不能填是/否。")
    if isinstance(raw, int):
        return _checked(Decimal(raw), kind)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise InputError("这里应填数字。")
        # A workbook holds 15 significant digits and shows the number rounded to them: a sum
        # worked out in Excel or WPS (120.1 + 120.8199 = 240.91990000000001) reads as 240.9199.
        return _checked(Decimal(format(raw, ".15g")), kind)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise InputError("这里应填数字。")
        return _checked(raw, kind)
    if not isinstance(raw, str):
        raise InputError("这里应填数字。")
    text = _SPACES.sub(" ", raw.translate(_FULL_WIDTH)).strip()
    if not text:
        return None
    if is_placeholder(text):
        raise InputError(f"“{raw.strip()}”不是数字：没有发生的事项请填 0，不要填“/”或留空。")
    for unit in _UNITS[kind]:
        if text.endswith(unit):
            text = text.removesuffix(unit).rstrip()
    # A space between digits separates thousands (1 234) or two numbers pasted together (3 5);
    # either way it must group like a comma, never be dropped (3 5 is not 35).
    text = _SPACE_BETWEEN_DIGITS.sub(",", text).replace(" ", "")
    if not _NUMBER.fullmatch(text):
        if _GROUPED.fullmatch(text):
            raise InputError(f"“{raw.strip()}”的千位分隔符位置不对，请直接填写数字，如 1234。")
        unit = "件数" if kind is NumberKind.COUNT else "金额（万元）"
        raise InputError(f"“{raw.strip()}”不是数字，这里应填{unit}。")
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid numbers
        raise InputError(f"“{raw.strip()}”不是数字。") from None
    return _checked(number, kind)


# A number followed by a note, as published tables write them: 22（其中修订16件）, 55（含自然失效
# 29件）, 12件（含上年结转2件）, 7，其中依申请3件.  Full-width digits are folded before matching.
_WITH_NOTE = re.compile(
    r"(?P<number>[+-]?[\d,]+(?:\.\d+)?)\s*(?:件|万元)?\s*"
    r"(?P<note>[(（\[【〔](?P<inside>.+)[)）\]】〕]|[,，;；:：]\s*(?P<after>(?:其中|含|包括).+))",
    re.ASCII,
)


@dataclass(frozen=True)
class ReadCell:
    """What a reader found in a cell of a document's table: the value (None for blank), and what
    else the cell held: a placeholder for 0 ("—", kept as written) or a note after the number."""

    value: CellValue | None
    placeholder: str = ""
    note: str = ""


def read_cell(raw: str, kind: NumberKind) -> ReadCell:
    """A cell of a file's table read tolerantly: what ``parse_value`` accepts, or a placeholder
    for 0 (kept blank, remembered as written), or a number with a note (the number taken, the
    note given back).  The form stays strict: ``parse_value`` refuses both, with its reason.
    Raises InputError (``parse_value``'s reason) for anything else."""
    text = _SPACES.sub(" ", raw).strip()
    try:
        return ReadCell(parse_value(text, kind))
    except InputError as error:
        refused = error
    if is_placeholder(text):
        return ReadCell(None, placeholder=text)
    match = _WITH_NOTE.fullmatch(_SPACES.sub("", text.translate(_FULL_WIDTH)))
    if match is None:
        raise refused
    note = match["inside"] or match["after"] or ""
    return ReadCell(parse_value(match["number"], kind), note=note.strip())


class MarkKind(Enum):
    """Why a reader kept a cell blank; the value is how the project file writes it."""

    PLACEHOLDER = "placeholder"
    """The file wrote a placeholder for 0 ("—", "/", "无"); ``text`` is it, as written."""
    COLLAPSED = "collapsed"
    """The group (（六）其他处理) was one row with a number other than 0 in this column, which
    cannot be split over the 2021 items; ``text`` is that number, as written."""
    FORMAT_2019 = "format2019"
    """A 2019-format table has nothing that corresponds to this 2021 cell."""
    BLANK = "blank"
    """The file left the cell blank: a genuine blank of the report, told once per table."""
    INVALID = "invalid"
    """The file wrote something that is not a valid value (text, 7 decimals …); ``text`` is it,
    as written (the reason is ``parse_value``'s, worked out again when it is reported)."""
    UNREAD = "unread"
    """The reader could not read the cell (its row is not in the file's table, or the row's
    cells do not line up with the header): not the report's fault, never a "请填 0"; ``text`` is
    the reason, in Chinese."""


@dataclass(frozen=True)
class BlankMark:
    """How a reader found a cell it kept blank (``Report.blank_marks``): the checks report such
    cells once per table instead of once per cell, and 把这些单元格改为 0 knows the placeholders."""

    kind: MarkKind
    text: str = ""


AMOUNT_RULE = (
    f"金额以万元为单位，最多保留 {AMOUNT_PLACES} 位小数"
    f"（到分：1 分 = {Decimal(1).scaleb(-AMOUNT_PLACES):f} 万元）"
)
"""The rule of an amount's places, as every refusal and the workbook's input message say it."""


def _checked(number: Decimal, kind: NumberKind) -> CellValue:
    if number < 0:
        raise InputError(f"{_plain(number)} 是负数：件数和金额都不能小于 0。")
    if kind is NumberKind.COUNT:
        if number != number.to_integral_value():
            raise InputError(f"{_plain(number)} 不是整数：件数只能填整数。")
        return int(number)
    # Trailing zeros are no precision beyond the fen: 5949.0886670 has six places that count.
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if number and isinstance(exponent, int) else 0
    if places > AMOUNT_PLACES:
        raise InputError(
            f"{_plain(number)} 有 {places} 位小数：{AMOUNT_RULE}，请四舍五入到分后再填写。"
        )
    return number


def problem(value: CellValue, kind: NumberKind) -> str | None:
    """Why ``value`` cannot stand in a cell of ``kind`` (a value read from a file), or None."""
    try:
        _checked(Decimal(value), kind)
    except InputError as error:
        return error.reason
    return None


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def written_places(value: CellValue) -> int:
    """How many decimal places ``value`` is written with, trailing zeros included (1.50: 2; a
    count, 12 or 1E+2: 0): what the workbook's number format and the form's width show."""
    if isinstance(value, int):
        return 0
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_value(value: CellValue | None) -> str:
    """How a value is written in the form and in documents: blank stays blank, 0 is "0", an
    amount with the places it was written with (1.50 stays 1.50, 5949.088667 is never rounded)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def shown_value(value: CellValue | None) -> str:
    """How a value reads in a message: as written, or 空白 for a blank (never 0)."""
    return "空白" if value is None else format_value(value)


def grid_text(g: GridCell, values: Mapping[str, CellValue | None]) -> str:
    """What a cell of a table's grid shows in the form and in documents: a label's (or header's)
    own text, or the value of a value cell as written (blank stays blank)."""
    return g.text if g.cell is None else format_value(values[g.cell.id])
