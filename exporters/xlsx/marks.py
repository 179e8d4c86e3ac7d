"""What marks a workbook as written here, shared by the writer and the reader: the very hidden
sheet with its marker and file version, the defined names ``NB_<cell id>``, and the basic sheet's
fields."""

from __future__ import annotations

from models.checks.tables import BASIC_HEADING
from models.format.spec import (
    BASIC_FIELDS as BASIC_FIELDS,  # the basic sheet's rows: the form's labels
)

META_SHEET = "年报助手数据"
MARKER = "年报助手表格"
FILE_VERSION = 1
NAME_PREFIX = "NB_"

BASIC_SHEET = BASIC_HEADING


def name_of(key: str) -> str:
    """The defined name of a cell id or basic field (t3.new.natural → NB_t3__new__natural)."""
    return NAME_PREFIX + key.replace(".", "__")
