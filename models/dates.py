"""Dates as clerks type them and documents write them: the one date parser.

The form's 落款日期, the Word and Excel readers and the checks all read a date here, so a date
the form takes is one the readers take and the other way round.  Accepted: 2025-01-20, 2025.1.20,
2025/1/20, 2025年1月20日 (or 号), 20250120, 二〇二五年一月二十日; full-width digits and spaces
anywhere.  Blank is no date.  Anything else is refused with the reason in Chinese.

The statistics period (2024年1月1日至2024年12月31日) is written and found here too: the checks
read it, 从上年报告新建 moves it on a year.
"""

from __future__ import annotations

import datetime as dt
import re

from models.values import FULL_WIDTH_DIGITS

EXAMPLES = "2025-01-20、2025.1.20、2025/1/20、2025年1月20日 或 20250120"
"""The forms a clerk may type, for hints and messages."""

FIRST_YEAR, LAST_YEAR = 2000, 2099
"""The years a report's date can be in (the regulations date from 2008)."""

_PUNCTUATION = str.maketrans({"．": ".", "／": "/", "－": "-", "—": "-", "–": "-", "。": "."})
_SPACES = re.compile(r"\s+")
_NUMBERS = (
    re.compile(r"(\d{4})([-./])(\d{1,2})\2(\d{1,2})"),
    re.compile(r"(\d{4})()年(\d{1,2})月(\d{1,2})[日号]?"),
    re.compile(r"(\d{4})()(\d{2})(\d{2})"),
)
_CHINESE_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
}
_CHINESE_DATE = re.compile(
    r"([〇零○ＯO一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
    r"([一二三四五六七八九十]{1,3})[日号]"
)

STATED_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*(?:起)?\s*(?:至|到|—|–|－|-|～|~)+\s*"
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
)
"""A statistics period as a text states it (2024年1月1日至12月31日), in ASCII digits."""


def whole_year_of(found: re.Match[str]) -> int | None:
    """The year a ``STATED_PERIOD`` match covers from 1 January to 31 December, or None."""
    start_year, start_month, start_day, end_year, end_month, end_day = (
        int(g) if g else None for g in found.groups()
    )
    end = start_year if end_year is None else end_year
    if (start_month, start_day, end_month, end_day) == (1, 1, 12, 31) and end == start_year:
        return start_year
    return None


def period_year(text: str) -> int | None:
    """The year of the first whole-year statistics period ``text`` states, or None."""
    for found in STATED_PERIOD.finditer(text.translate(FULL_WIDTH_DIGITS)):
        year = whole_year_of(found)
        if year is not None:
            return year
    return None


class DateError(ValueError):
    """A text that is not a date; ``str()`` is the reason in Chinese, for the clerk."""


def standard_period(year: int) -> str:
    """The statistics period of a report year as reports write it."""
    return f"{year}年1月1日至{year}年12月31日"


def plain(text: str) -> str:
    """``text`` with ASCII digits and punctuation, and no spaces (what the patterns read)."""
    return _SPACES.sub("", text.translate(FULL_WIDTH_DIGITS).translate(_PUNCTUATION))


def parse_date(text: str) -> dt.date | None:
    """The date ``text`` writes, None when it is blank; DateError (with the reason) otherwise."""
    key = plain(text)
    if not key:
        return None
    parts = _numbers(key)
    if parts is None:
        raise DateError(f"“{text.strip()}”不是日期：请按 {EXAMPLES} 的样子填写。")
    year, month, day = parts
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError(
            f"“{text.strip()}”的年份 {year} 不对：年份应在 {FIRST_YEAR}—{LAST_YEAR} 年之间。"
        )
    if not 1 <= month <= 12:
        raise DateError(f"“{text.strip()}”的月份 {month} 不对：月份应为 1—12。")
    last = _days_in(year, month)
    if not 1 <= day <= last:
        raise DateError(f"“{text.strip()}”不是日期：{year}年{month}月只有 {last} 天。")
    return dt.date(year, month, day)


def _days_in(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def read_date(text: str) -> dt.date | None:
    """The date ``text`` writes, or None when it is blank or not a date (for readers that look
    for a date among other lines)."""
    try:
        return parse_date(text)
    except DateError:
        return None


def _numbers(key: str) -> tuple[int, int, int] | None:
    for pattern in _NUMBERS:
        match = pattern.fullmatch(key)
        if match:
            return int(match[1]), int(match[3]), int(match[4])
    match = _CHINESE_DATE.fullmatch(key)
    if match:
        year = int("".join(str(_CHINESE_DIGITS[ch]) for ch in match[1]))
        month, day = chinese_number(match[2]), chinese_number(match[3])
        if month is not None and day is not None:
            return year, month, day
    return None


def chinese_number(text: str) -> int | None:
    """一 … 三十一 as a number (a month or a day)."""
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")}
    if not text or any(ch not in digits and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return digits[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
