"""A 2019-format 表二 (国办公开办函〔2019〕60号) in a report of 2021 or later: what corresponds one
to one with the 2021 表二 (``models.format.format2019_tables``) is read into it, its other columns
and rows are named in a note, and the 2021 cells without a 2019 counterpart are marked, so the
checks name them once."""

from __future__ import annotations

from exporters.reading.cells import DocTable, Region, label_key, some
from exporters.reading.row_cells import CellReader, Cells
from models.format.format2019_tables import (
    TABLE_2_CARRIED,
    TABLE_2_DROPPED,
    TABLE_2_MARKERS,
    TABLE_2_ROLE,
)
from models.format.spec import TableSpec
from models.values import MarkKind

KEYS_2019 = {label_key(marker) for marker in TABLE_2_MARKERS}
"""Labels only a 2019 表二 has: a document table holding one is read here."""


def is_read_as_2019(spec: TableSpec) -> bool:
    """Whether a 2019 表二 is read into ``spec`` (the table of what was published on the
    agency's own initiative)."""
    return spec.role is TABLE_2_ROLE


def read_2019_table_2(reader: CellReader, spec: TableSpec, tables: list[DocTable]) -> None:
    markers = [m for m in TABLE_2_MARKERS if any(label_key(m) in t.keys for t in tables)]
    seen = Cells()
    carried: list[str] = []
    report_format = reader.format
    for item in TABLE_2_CARRIED:
        cell = report_format.cell_with(*item.cell)
        # The 2019 labels, or the 2021 ones where a clerk retyped the table half-way.
        rows = dict.fromkeys(r for r in (item.row, cell.row.label) if r)
        columns = dict.fromkeys((item.column, cell.column.label))
        found = [
            (row, region)
            for row in rows
            for column in columns
            if (region := _value_region(tables, row, column)) is not None
        ]
        if not found:
            continue
        row, region = found[0]
        carried.append(f"「{row}」{item.column}→{cell.column_label}")
        reader.value(cell, region.text, seen)
    report = reader.report
    for cell in spec.cells:
        if report.values[cell.id] is None and cell.id not in report.blank_marks:
            reader.mark(cell, MarkKind.FORMAT_2019)
    dropped = [d for d in TABLE_2_DROPPED if any(label_key(d) in t.keys for t in tables)]
    reader.notes.append(
        f"{spec.name}是 2019 年版格式（有{some(markers, 3)}等栏目），与 2021 年版"
        f"（{report_format.notice}）的{spec.name}不同。能一一对应的已导入："
        + ("、".join(carried) or "没有")
        + "；"
        + (f"2019 年版的{'、'.join(dropped)}在 2021 年版中没有，没有导入；" if dropped else "")
        + "其余项目请按 2021 年版填写。"
    )
    reader.table_notes(spec, seen)


def _value_region(tables: list[DocTable], row: str, column: str) -> Region | None:
    """The value region of a 2019 表二 under the column label nearest above the row label."""
    row_key, column_key = label_key(row), label_key(column)
    for table in tables:
        for label in (g for g in table.regions if g.key == row_key):
            headers = [g for g in table.regions if g.key == column_key and g.row < label.row]
            if not headers:
                continue
            header = max(headers, key=lambda g: g.row)
            for value in table.in_row(label.row):
                if (
                    value.column >= label.end
                    and value.column < header.end
                    and value.end > header.column
                ):
                    return value
    return None
