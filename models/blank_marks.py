"""Blank cells a reader marked (``Report.blank_marks``), reported once per table, not per cell.

Published tables write "—", "/" or "无" for every 0, collapse （六）其他处理 into one row, or are
the 2019 tables: read cell by cell, each would be a blank-cell error, 100 and more of them, and
the real findings would drown.  Here the cells still blank that carry a mark of one kind make one
finding for their table, and ``placeholders_to_zero`` is the one fix of the placeholders (the
window's 把这些单元格改为 0, the command line's ``import --dash-as-zero``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from models.findings import Finding, Kind, Rule, Severity
from models.format import CellSpec, TableSpec
from models.report import Report
from models.values import CellValue, MarkKind

VALUE_PLACEHOLDER = Rule("value.placeholder", Severity.ERROR, "单元格填的不是数字", Kind.BLANK)
VALUE_COLLAPSED = Rule("value.collapsed", Severity.ERROR, "分项合并为一行", Kind.BLANK)
VALUE_FORMAT_2019 = Rule("value.format2019", Severity.ERROR, "2019 年版表格", Kind.BLANK)

RULES = (VALUE_PLACEHOLDER, VALUE_COLLAPSED, VALUE_FORMAT_2019)

TO_ZERO = "把这些单元格改为 0"
"""The one fix of a placeholder finding, as the window's button and its undo step name it."""

_RULE_OF = {
    MarkKind.PLACEHOLDER: VALUE_PLACEHOLDER,
    MarkKind.COLLAPSED: VALUE_COLLAPSED,
    MarkKind.FORMAT_2019: VALUE_FORMAT_2019,
}
_LISTED = 5


def marked_blanks(report: Report, table: TableSpec, kind: MarkKind) -> list[CellSpec]:
    """The cells of ``table`` still blank that a reader marked with ``kind``, in the table's
    order."""
    marks = report.blank_marks
    return [
        c
        for c in table.cells
        if report.values[c.id] is None and (m := marks.get(c.id)) is not None and m.kind is kind
    ]


def check(report: Report, table: TableSpec) -> tuple[list[Finding], set[str]]:
    """One finding per kind of mark of ``table``'s blank cells, and the ids of the cells they
    cover (the blank-cell rule leaves those alone)."""
    findings: list[Finding] = []
    covered: set[str] = set()
    if not report.blank_marks:
        return findings, covered
    for kind, rule in _RULE_OF.items():
        cells = marked_blanks(report, table, kind)
        if not cells:
            continue
        covered.update(c.id for c in cells)
        findings.append(
            Finding(
                rule,
                _MESSAGES[kind](report, table, cells),
                table=table.name,
                cells=tuple(c.id for c in cells),
            )
        )
    return findings, covered


def _places(cells: list[CellSpec]) -> str:
    shown = "、".join(c.place.removeprefix(c.table.name) for c in cells[:_LISTED])
    return shown + ("等" if len(cells) > _LISTED else "")


def _placeholder_message(report: Report, table: TableSpec, cells: list[CellSpec]) -> str:
    texts = "或".join(f"“{t}”" for t in dict.fromkeys(report.blank_marks[c.id].text for c in cells))
    return (
        f"{table.name}有 {len(cells)} 个单元格填的是{texts}（{_places(cells)}），不是数字，"
        "现为空白：没有发生的事项应填 0。如果这些都表示 0，可在问题清单中选中本条，"
        f"点“{TO_ZERO}”一次改好（命令行导入时可加 --dash-as-zero）。"
    )


def _collapsed_message(report: Report, table: TableSpec, cells: list[CellSpec]) -> str:
    groups = list(dict.fromkeys(c.row_path[-2] for c in cells if len(c.row_path) > 1))
    parts = []
    for group in groups:
        numbers = {
            c.column_label: report.blank_marks[c.id].text for c in cells if c.row_path[-2] is group
        }
        shown = "、".join(f"{column} {text}" for column, text in numbers.items())
        items = len(list(group.leaves()))
        parts.append(
            f"{table.name}的“{group.label}”只有一行（2019 年版的写法），填的是{shown}；"
            f"2021 年版把它分为 {items} 项，请按实际情况把这些数字分别填到这 {items} 项中"
        )
    return "；".join(parts) + "。"


def _format2019_message(report: Report, table: TableSpec, cells: list[CellSpec]) -> str:
    listed = "、".join(c.place.removeprefix(table.name) for c in cells)
    return (
        f"{table.name}是 2019 年版表格，以下项目无法对应：{listed}。"
        f"请按 2021 年版的{table.name}填写这些单元格。"
    )


_MESSAGES = {
    MarkKind.PLACEHOLDER: _placeholder_message,
    MarkKind.COLLAPSED: _collapsed_message,
    MarkKind.FORMAT_2019: _format2019_message,
}


def placeholders_to_zero(
    report: Report, tables: Iterable[TableSpec] | None = None
) -> dict[str, CellValue | None]:
    """0 for every entered cell still blank that held a placeholder ("—", "/", "无"), in
    ``tables`` (all of the report's by default): the values of the one edit that fixes them (the
    totals follow from their parts)."""
    chosen = report.format.tables if tables is None else tuple(tables)
    marked = [c for t in chosen for c in marked_blanks(report, t, MarkKind.PLACEHOLDER)]
    values: dict[str, CellValue | None] = {c.id: 0 for c in marked if not c.computed}
    # A total that held "—" becomes the sum of its parts (0 when they were all "—" too), even
    # when none of its parts changed.
    after = report.copy()
    after.values.update(values)
    totals = after.computed_totals()
    for cell in marked:
        if cell.computed and totals[cell.id] is not None:
            values[cell.id] = totals[cell.id]
    return values


def placeholder_tables(report: Report) -> Iterator[TableSpec]:
    """The tables that have cells still blank which held a placeholder."""
    for table in report.format.tables:
        if marked_blanks(report, table, MarkKind.PLACEHOLDER):
            yield table
