"""Reading what a person typed (or a file held) into a table value — one function for every path.

The form, pasting, the .docx reader and the .xlsx reader all call ``parse_value``, so the same
input is accepted or refused the same way everywhere, with the same Chinese reason.  The way back
is here too: ``format_value`` (a value as written), ``shown_value`` (as a message says it) and
``grid_text`` (what a cell of a table's grid shows).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from models.format import AMOUNT_PLACES, GridCell, NumberKind

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
_PLACEHOLDERS = {"/", "／", "-", "—", "——", "－", "无", "空", "\\"}


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
    if text.replace(" ", "") in _PLACEHOLDERS:
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


def _checked(number: Decimal, kind: NumberKind) -> CellValue:
    if number < 0:
        raise InputError(f"{_plain(number)} 是负数：件数和金额都不能小于 0。")
    if kind is NumberKind.COUNT:
        if number != number.to_integral_value():
            raise InputError(f"{_plain(number)} 不是整数：件数只能填整数。")
        return int(number)
    exponent = number.normalize().as_tuple().exponent
    places = -exponent if number and isinstance(exponent, int) else 0
    if places > AMOUNT_PLACES:
        raise InputError(
            f"{_plain(number)} 有 {places} 位小数："
            f"金额以万元为单位，最多保留 {AMOUNT_PLACES} 位小数。"
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


def format_value(value: CellValue | None) -> str:
    """How a value is written in the form and in documents: blank stays blank, 0 is "0"."""
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
