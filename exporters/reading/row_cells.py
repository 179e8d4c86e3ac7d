"""How the cells of one row of a document's table are read, once the row is found: which of its
value regions is under which column (one each when they are as many, else by the column labels'
extent), each value through ``models.values.read_cell`` (the one input parser, tolerant as a
reader must be), and what stays blank marked (``Report.blank_marks``) so the checks report it once
per table: a cell the file left blank (``BLANK``), "—", "/" or "无" for 0 (``PLACEHOLDER``), text
that is no value (``INVALID``), a cell that could not be read (``UNREAD``: never a "请填 0").  A
number with a note ("22（其中修订16件）") is read as the number and the note quoted.  What was
noticed becomes the reader's notes, one per kind and table (``table_notes``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from exporters.reading.cells import DocTable, Region, node_keys, some
from models.checks.blank_marks import blank_places
from models.format.spec import CellSpec, Node, ReportFormat, TableSpec
from models.report import Report
from models.values import BlankMark, CellValue, InputError, MarkKind, read_cell


@dataclass
class Cells:
    """What the reader noticed about one table's cells, for the notes."""

    blank: list[CellSpec] = field(default_factory=list)
    placeholder: list[tuple[CellSpec, str]] = field(default_factory=list)
    invalid: list[tuple[CellSpec, str, str]] = field(default_factory=list)
    noted: list[tuple[CellSpec, str, CellValue]] = field(default_factory=list)
    missing_rows: list[str] = field(default_factory=list)
    unreadable_rows: list[str] = field(default_factory=list)


NOT_IN_TABLE = "表格中没有找到这一行"
NOT_LINED_UP = "这一行的数字格与表头对不上"
NO_CELL = "这一格在表格中没有对应的数字格"
"""Why a cell was not read (the ``UNREAD`` mark's text, as the finding quotes it)."""


class CellReader:
    """Reads rows' cells into ``report`` and adds what it noticed to ``notes``."""

    def __init__(self, report_format: ReportFormat, report: Report, notes: list[str]) -> None:
        self.format = report_format
        self.report = report
        self.notes = notes

    def mark(self, cell: CellSpec, kind: MarkKind, text: str = "") -> None:
        self.report.blank_marks[cell.id] = BlankMark(kind, text)

    def unread(self, cell: CellSpec, reason: str) -> None:
        if self.report.values[cell.id] is None and cell.id not in self.report.blank_marks:
            self.mark(cell, MarkKind.UNREAD, reason)

    def column_ranges(
        self, table: DocTable, column_paths: list[tuple[Node, ...]], below: int
    ) -> dict[str, tuple[Region, tuple[int, int]]]:
        """Where each column leaf's label is, nearest above row ``below``, found through its
        path of group labels (表四's three 结果维持 are told apart by their groups)."""
        found: dict[str, tuple[Region, tuple[int, int]]] = {}
        for path in column_paths:
            leaf = path[-1]
            keys = node_keys(leaf)
            candidates = [g for g in table.regions if g.key in keys and g.row < below]
            fitting = [g for g in candidates if self._within_groups(table, g, path[:-1])]
            if fitting:
                best = max(fitting, key=lambda g: g.row)
                found[leaf.key] = (best, (best.column, best.end))
        return found

    def _within_groups(self, table: DocTable, region: Region, groups: tuple[Node, ...]) -> bool:
        for group in groups:
            keys = node_keys(group)
            if not any(
                g.key in keys
                and g.row < region.row
                and g.column <= region.column
                and region.end <= g.end
                for g in table.regions
            ):
                return False
        return True

    def assign(
        self,
        spec: TableSpec,
        row: Node,
        column_paths: list[tuple[Node, ...]],
        table: DocTable,
        row_index: int,
        values: list[Region],
        seen: Cells,
    ) -> dict[str, Region | None] | None:
        """Read a row's values into its cells; which region went to which column (None when
        they could not be lined up with the header: the row's cells are marked unread)."""
        leaves = [path[-1] for path in column_paths]
        chosen = self.columns(column_paths, table, row_index, values)
        if chosen is None:
            seen.unreadable_rows.append(row.label or spec.name)
            for leaf in leaves:
                self.unread(spec.cell(row.key, leaf.key), NOT_LINED_UP)
            return None
        for leaf in leaves:
            cell = spec.cell(row.key, leaf.key)
            region = chosen.get(leaf.key)
            if region is None:
                self.unread(cell, NO_CELL)
                continue
            self.value(cell, region.text, seen)
        return chosen

    def columns(
        self,
        column_paths: list[tuple[Node, ...]],
        table: DocTable,
        row_index: int,
        values: list[Region],
    ) -> dict[str, Region | None] | None:
        """Which of a row's value regions is under which column leaf: one each when they are as
        many, else by the column labels' extent; None when no region is under any column."""
        leaves = [path[-1] for path in column_paths]
        if len(values) == len(leaves):
            return {leaf.key: region for leaf, region in zip(leaves, values, strict=True)}
        chosen: dict[str, Region | None] = {}
        ranges = self.column_ranges(table, column_paths, row_index)
        for leaf in leaves:
            if leaf.key not in ranges:
                continue
            start, end = ranges[leaf.key][1]
            overlapping = [(min(end, v.end) - max(start, v.column), v) for v in values]
            overlapping = [(o, v) for o, v in overlapping if o > 0]
            chosen[leaf.key] = max(overlapping, key=lambda o: o[0])[1] if overlapping else None
        return chosen if any(chosen.values()) else None

    def value(self, cell: CellSpec, raw: str, seen: Cells) -> None:
        text = " ".join(raw.split())
        if self.report.values[cell.id] is not None:
            return  # read already (a table continued in a second one)
        try:
            read = read_cell(text, cell.kind)
        except InputError as error:
            if not re.search(r"[0-9０-９]", text):
                seen.placeholder.append((cell, text))
            else:
                seen.invalid.append((cell, text, error.reason))
            self.mark(cell, MarkKind.INVALID, text)
            return
        self.report.values[cell.id] = read.value
        if read.placeholder:
            seen.placeholder.append((cell, read.placeholder))
            self.mark(cell, MarkKind.PLACEHOLDER, read.placeholder)
        elif read.note and read.value is not None:
            seen.noted.append((cell, text, read.value))
        elif read.value is None:
            seen.blank.append(cell)
            self.mark(cell, MarkKind.BLANK)

    def table_notes(self, spec: TableSpec, seen: Cells) -> None:
        name = spec.name
        if seen.missing_rows:
            self.notes.append(
                f"{name}中没有找到这些行：{some(seen.missing_rows)}，它们的数字都是空白。"
            )
        if seen.unreadable_rows:
            self.notes.append(
                f"{name}中这些行的数字格与表头对不上，没有读取：{some(seen.unreadable_rows)}。"
            )
        if seen.blank:
            self.notes.append(
                f"{name}有 {len(seen.blank)} 个单元格是空白，已保留为空白（空白不等于 0，"
                f"没有发生的事项应填 0）：{blank_places(spec, seen.blank)}。"
            )
        if seen.placeholder:
            shown = "、".join(f"“{t}”" for t in dict.fromkeys(text for _, text in seen.placeholder))
            self.notes.append(
                f"{name}有 {len(seen.placeholder)} 个单元格填的是{shown}"
                "，不是数字，读作空白（没有发生的事项应填 0；如果都表示 0，可一次改为 0）："
                f"{some([c.place for c, _ in seen.placeholder], quoted=False)}。"
            )
        for cell, text, value in seen.noted:
            self.notes.append(
                f"{cell.place}填的是“{text}”：已读取数字 {value}，后面的说明没有导入"
                "（表格中只填数字，说明可写在正文中）。"
            )
        for cell, text, reason in seen.invalid:
            self.notes.append(f"{cell.place}填的“{text}”无法读取：{reason}已保留为空白。")
