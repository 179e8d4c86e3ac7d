"""Blank cells a reader marked (``Report.blank_marks``), reported once per table, not per cell.

Published tables write "—", "/" or "无" for every 0, collapse （六）其他处理 into one row, are
the 2019 tables, leave whole columns blank, or cannot be read in places: read cell by cell, each
would be a blank-cell error, 100 and more of them, and the real findings would drown.  Here the
cells still blank that carry a mark of one kind make one finding for their table:

- a genuine blank of the file (``MarkKind.BLANK``): an error, its cells summed up by whole
  columns and rows (“「法人或其他组织」5 列在全部 25 行都是空白”);
- a cell the reader could not read (``MarkKind.UNREAD``): a warning naming the rows and why, never
  a “请填 0” — the report is not known to be wrong there, only unread;
- what is not a value (``MarkKind.INVALID``), a placeholder for 0, a collapsed group, a 2019 table.

``placeholders_to_zero`` is the one fix of the placeholders (the window's 把这些单元格改为 0, the
command line's ``import --dash-as-zero``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from models.checks.findings import Finding, Kind, Rule, Severity
from models.format.spec import CellSpec, Node, TableSpec, leaf_paths
from models.report import Report
from models.values import CellValue, InputError, MarkKind, parse_value

VALUE_BLANK = Rule("value.blank", Severity.ERROR, "单元格空白", Kind.BLANK)
"""A blank cell: one finding per cell when a report is checked, one per table for a file's blanks
and, while the clerk fills the report, for the cells still to fill (``checks.while_filling``)."""
VALUE_PLACEHOLDER = Rule("value.placeholder", Severity.ERROR, "单元格填的不是数字", Kind.BLANK)
VALUE_COLLAPSED = Rule("value.collapsed", Severity.ERROR, "分项合并为一行", Kind.BLANK)
VALUE_FORMAT_2019 = Rule("value.format2019", Severity.ERROR, "2019 年版表格", Kind.BLANK)
VALUE_INVALID = Rule("value.invalid", Severity.ERROR, "单元格的内容不是有效数值", Kind.VALUE)
VALUE_UNREAD = Rule("value.unread", Severity.WARNING, "没有从文件中读出", Kind.BLANK)

RULES = (VALUE_PLACEHOLDER, VALUE_COLLAPSED, VALUE_FORMAT_2019, VALUE_INVALID, VALUE_UNREAD)
"""The rules of marked cells (``VALUE_BLANK`` is listed with the checks' own rules)."""

TO_ZERO = "把这些单元格改为 0"
"""The one fix of a placeholder finding, as the window's button and its undo step name it."""
TO_ZERO_ON_COMMAND_LINE = "在命令行中，导入时加 --dash-as-zero 可一次改为 0。"
"""How the command line fixes the placeholders: ``check`` adds it to the finding, whose message
names the window's button only — the window has no command line."""

_RULE_OF = {
    MarkKind.PLACEHOLDER: VALUE_PLACEHOLDER,
    MarkKind.COLLAPSED: VALUE_COLLAPSED,
    MarkKind.FORMAT_2019: VALUE_FORMAT_2019,
    MarkKind.BLANK: VALUE_BLANK,
    MarkKind.INVALID: VALUE_INVALID,
    MarkKind.UNREAD: VALUE_UNREAD,
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
        f"点“{TO_ZERO}”一次改好。"
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


def _blank_message(report: Report, table: TableSpec, cells: list[CellSpec]) -> str:
    return (
        f"{table.name}有 {len(cells)} 个单元格是空白：{blank_places(table, cells)}。"
        "没有发生的事项应填 0（空白不等于 0）。"
    )


def blank_places(table: TableSpec, cells: list[CellSpec], blank: Collection[str] = ()) -> str:
    """The cells as a reader takes them in: whole columns and whole rows first (“「法人或其他组织」
    5 列（商业企业、…）在全部 25 行都是空白”), then the other cells one by one (the first few).
    ``blank``: other cells that are blank too (totals over blank parts, which no finding names),
    so that a column blank from top to bottom is said to be so."""
    chosen = {c.id for c in cells} | set(blank)
    parts: list[str] = []
    covered: set[str] = set()
    for block in table.blocks:
        rows = [p[-1] for p in leaf_paths(block.rows)]
        columns = list(leaf_paths(block.columns))
        if len(rows) > 1:
            full = [
                path
                for path in columns
                if all(table.cell(r.key, path[-1].key).id in chosen for r in rows)
            ]
            for name, group in _column_groups(full, columns):
                shown = "、".join(p[-1].label for p in group)
                whole = f"「{name}」{len(group)} 列（{shown}）" if name else f"「{shown}」列"
                if len(group) == 1:
                    whole = f"「{group[0][-1].label}」列"
                parts.append(f"{whole}在全部 {len(rows)} 行都是空白")
                covered |= {table.cell(r.key, p[-1].key).id for p in group for r in rows}
        if len(columns) > 1:
            for row in rows:
                ids = {table.cell(row.key, p[-1].key).id for p in columns}
                if ids <= chosen and not ids <= covered:
                    parts.append(f"「{row.label}」行整行空白")
                    covered |= ids
    rest = [c for c in cells if c.id not in covered]
    if rest:
        listed = "、".join(c.place.removeprefix(table.name) for c in rest[:_LISTED])
        more = f"等 {len(rest)} 格" if len(rest) > _LISTED else ""
        parts.append(f"{listed}{more}")
    return "；".join(parts)


def _column_groups(
    full: list[tuple[Node, ...]], columns: list[tuple[Node, ...]]
) -> list[tuple[str, list[tuple[Node, ...]]]]:
    """Whole blank columns gathered under the group header they fill entirely (法人或其他组织);
    the others one by one, without a name."""
    groups: list[tuple[str, list[tuple[Node, ...]]]] = []
    taken: set[int] = set()
    for index, path in enumerate(full):
        if index in taken:
            continue
        if len(path) > 1:
            parent = path[-2]
            members = [p for p in columns if len(p) > 1 and p[-2] is parent]
            if len(members) > 1 and all(m in full for m in members):
                groups.append((parent.label, members))
                taken |= {full.index(m) for m in members}
                continue
        groups.append(("", [path]))
        taken.add(index)
    return groups


def _invalid_message(report: Report, table: TableSpec, cells: list[CellSpec]) -> str:
    said = []
    for cell in cells[:_LISTED]:
        text = report.blank_marks[cell.id].text
        try:
            parse_value(text, cell.kind)
            reason = ""
        except InputError as error:
            reason = "：" + error.reason
        said.append(f"{cell.place.removeprefix(table.name)}填的是“{text}”{reason}")
    more = f"（共 {len(cells)} 格）" if len(cells) > _LISTED else ""
    return (
        f"{table.name}有 {len(cells)} 个单元格的内容不是有效数值，现为空白{more}："
        + "；".join(said).rstrip("。")
        + "。请按原意改填数字。"
    )


def _unread_message(report: Report, table: TableSpec, cells: list[CellSpec]) -> str:
    reasons: dict[str, list[str]] = {}
    for cell in cells:
        row = cell.row_label or cell.column_label
        names = reasons.setdefault(report.blank_marks[cell.id].text, [])
        if row not in names:
            names.append(row)
    said = "；".join(
        "、".join(f"「{n}」" for n in names[:_LISTED])
        + (f"等 {len(names)} 处" if len(names) > _LISTED else "")
        + f"：{reason}"
        for reason, names in reasons.items()
    )
    return (
        f"{table.name}有 {len(cells)} 个单元格没有从文件中读出（{said}），现为空白："
        "这不说明报告漏填，请对照原文件核对这些数字。"
    )


_MESSAGES = {
    MarkKind.PLACEHOLDER: _placeholder_message,
    MarkKind.COLLAPSED: _collapsed_message,
    MarkKind.FORMAT_2019: _format2019_message,
    MarkKind.BLANK: _blank_message,
    MarkKind.INVALID: _invalid_message,
    MarkKind.UNREAD: _unread_message,
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
