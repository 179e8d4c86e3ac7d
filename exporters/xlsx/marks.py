"""What marks a workbook as written here, shared by the writer and the reader: the very hidden
sheet with its marker and file version, the defined names ``NB_<cell id>``, and the basic sheet's
fields."""

from __future__ import annotations

from models.checks import BASIC_HEADING

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


def name_of(key: str) -> str:
    """The defined name of a cell id or basic field (t3.new.natural → NB_t3__new__natural)."""
    return NAME_PREFIX + key.replace(".", "__")
