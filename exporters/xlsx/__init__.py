"""The three statistics tables as an Excel workbook (.xlsx), and such a workbook read back.

What a person sees: a sheet 基本信息 (agency, year, contact) and one sheet per table laid out as in
the official document — the grid of ``TableSpec.grid_cells`` with its merges and labels, column
widths from the format's weights, A4 print set-up.  Totals are formulas; a check column and check
rows beside the grid (outside the print area) show ✓ or ✗ for every 勾稽 relation of the format
(``TableSpec.sums`` and ``TableSpec.balance``), so a recipient sees a broken table in Excel or WPS
without this program.  Labels and formulas are protected (without a password), value cells are not.

What this program reads: a very hidden sheet holding a marker, the format id and every cell id with
its address, and workbook-level defined names ``NB_<cell id>`` for the same cells (``marks``).

A total whose stored value differs from the sum of its parts is written as that number, not as a
formula, so the round trip keeps it and the check beside it shows ✗.

The writer is ``writer`` (with ``table_sheet`` and ``sheets``), the reader ``reader``.
"""

from __future__ import annotations

from exporters.xlsx.marks import (
    BASIC_FIELDS,
    BASIC_SHEET,
    FILE_VERSION,
    MARKER,
    META_SHEET,
    NAME_PREFIX,
    name_of,
)
from exporters.xlsx.reader import MAX_FILE_BYTES, MAX_UNPACKED_BYTES, read
from exporters.xlsx.sheets import GRID_TOP
from exporters.xlsx.writer import build_workbook, workbook_bytes, write

__all__ = [
    "BASIC_FIELDS",
    "BASIC_SHEET",
    "FILE_VERSION",
    "GRID_TOP",
    "MARKER",
    "MAX_FILE_BYTES",
    "MAX_UNPACKED_BYTES",
    "META_SHEET",
    "NAME_PREFIX",
    "build_workbook",
    "name_of",
    "read",
    "workbook_bytes",
    "write",
]
