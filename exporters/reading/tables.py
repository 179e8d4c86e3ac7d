"""Reading the statistics tables of a .docx: each document table is matched to a table of the
format by the labels it shares with it, then every row and column is found by its label (through
its groups' labels), never by position alone, and every value is read through
``models.values.read_cell`` (the one input parser, tolerant as a reader must be).  Blank cells
stay blank and are noted; "—", "/" or "无" for 0 stay blank and are marked (``Report.blank_marks``:
the checks report them once per table); a number with a note ("22（其中修订16件）") is read as
the number and the note quoted; a （六）其他处理 written as one row is read as 0 for its items
when it is 0, and marked otherwise; a 2019-format 表二 gives what corresponds one to one
(``models.format2019_tables``) and marks the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from exporters.reading.cells import (
    DocTable,
    Region,
    label_key,
    node_keys,
    some,
    table_keys,
)
from models.format import CellSpec, Node, ReportFormat, SectionSpec, TableSpec, leaf_paths
from models.format2019_tables import TABLE_2_CARRIED, TABLE_2_DROPPED, TABLE_2_MARKERS
from models.report import Report
from models.values import BlankMark, CellValue, InputError, MarkKind, read_cell

_KEYS_2019 = {label_key(marker) for marker in TABLE_2_MARKERS}


@dataclass
class _Cells:
    """What the reader noticed about one table's cells, for the notes."""

    blank: list[CellSpec] = field(default_factory=list)
    placeholder: list[tuple[CellSpec, str]] = field(default_factory=list)
    invalid: list[tuple[CellSpec, str, str]] = field(default_factory=list)
    noted: list[tuple[CellSpec, str, CellValue]] = field(default_factory=list)
    missing_rows: list[str] = field(default_factory=list)
    unreadable_rows: list[str] = field(default_factory=list)


class TableReader:
    """Fills ``report``'s values from the document's tables and adds what it noticed to
    ``notes``."""

    def __init__(
        self, report_format: ReportFormat, report: Report, notes: list[str], tables: list[DocTable]
    ) -> None:
        self.format = report_format
        self.report = report
        self.notes = notes
        self.tables = tables
        self._groups: dict[str, bool] = {}
        """Collapsed groups already read (（六）其他处理 is found missing once per item)."""

    def read(self) -> int:
        """Read every table of the format found in the document; how many were found."""
        specs = self.format.tables
        spec_keys = {spec.key: table_keys(spec) for spec in specs}
        assigned: dict[str, list[DocTable]] = {spec.key: [] for spec in specs}
        for table in self.tables:
            best, best_score = None, 0.0
            for spec in specs:
                common = len(spec_keys[spec.key] & table.keys)
                score = common / len(spec_keys[spec.key])
                if common >= 3 and score > best_score:
                    best, best_score = spec, score
            if best is not None and best_score >= 0.15:
                assigned[best.key].append(table)
        found = 0
        for spec in specs:
            tables = assigned[spec.key]
            if not tables:
                self.notes.append(
                    f"没有找到{spec.name}（{self._section_of(spec).heading}）的表格，"
                    f"{spec.name}的数字都是空白。"
                )
                continue
            found += 1
            if spec.key == "t2" and any(t.keys & _KEYS_2019 for t in tables):
                self._read_2019_table_2(spec, tables)
                continue
            self._read_spec(spec, tables)
        return found

    def _section_of(self, spec: TableSpec) -> SectionSpec:
        return next(s for s in self.format.sections if s.table is spec)

    def _read_spec(self, spec: TableSpec, tables: list[DocTable]) -> None:
        seen = _Cells()
        for block in spec.blocks:
            column_paths = list(leaf_paths(block.columns))
            if block.label_columns == 0:
                for row in block.row_leaves:
                    self._read_unlabelled_row(spec, row, column_paths, tables, seen)
                continue
            for row_path in leaf_paths(block.rows):
                self._read_labelled_row(spec, row_path, column_paths, tables, seen)
        self._table_notes(spec, seen)

    def _read_labelled_row(
        self,
        spec: TableSpec,
        row_path: tuple[Node, ...],
        column_paths: list[tuple[Node, ...]],
        tables: list[DocTable],
        seen: _Cells,
    ) -> None:
        row = row_path[-1]
        keys = node_keys(row)
        candidates = [(t, g) for t in tables for g in t.regions if g.key in keys]
        if len(candidates) > 1:
            # The same label under another group: keep the one inside its groups' regions.
            inside = [(t, g) for t, g in candidates if self._under(t, g, row_path[:-1])]
            candidates = inside or candidates
        if not candidates:
            parent = row_path[-2] if len(row_path) > 1 else None
            if parent is not None and self._collapsed(spec, parent, tables, seen):
                return
            seen.missing_rows.append(row.label)
            return
        table, label = candidates[0]
        values = [g for g in table.in_row(label.row) if g.column >= label.end]
        self._assign(spec, row, column_paths, table, label.row, values, seen)

    def _under(self, table: DocTable, region: Region, groups: tuple[Node, ...]) -> bool:
        for group in groups:
            keys = node_keys(group)
            if not any(
                g.key in keys and g.covers_row(region.row) and g.column < region.column
                for g in table.regions
            ):
                return False
        return True

    def _collapsed(
        self, spec: TableSpec, group: Node, tables: list[DocTable], seen: _Cells
    ) -> bool:
        """A group (（六）其他处理) written as one row, as in the 2019 format and in many
        published reports: a 0 is a 0 for each of its items; "—" is marked as a placeholder in
        each; any other number cannot be split, so its items stay blank, marked with it."""
        if group.key in self._groups:
            return self._groups[group.key]
        self._groups[group.key] = False
        keys = node_keys(group)
        for table in tables:
            for g in table.regions:
                if g.key not in keys or g.row_span != 1:
                    continue
                values = [v for v in table.in_row(g.row) if v.column >= g.end]
                if values and not any(
                    label_key(child.label) in table.keys for child in group.leaves()
                ):
                    self._groups[group.key] = True
                    self._read_collapsed(spec, group, table, g.row, values, seen)
                    return True
        return False

    def _read_collapsed(
        self,
        spec: TableSpec,
        group: Node,
        table: DocTable,
        row_index: int,
        values: list[Region],
        seen: _Cells,
    ) -> None:
        block = next(b for b in spec.blocks if group in b.rows or _within(group, b.rows))
        column_paths = list(leaf_paths(block.columns))
        chosen = self._columns(column_paths, table, row_index, values)
        items = list(group.leaves())
        written: list[str] = []
        split = True
        for path in column_paths:
            column = path[-1]
            region = (chosen or {}).get(column.key)
            text = " ".join(region.text.split()) if region is not None else ""
            written.append(f"{column.label} {text or '空白'}")
            try:
                read = read_cell(text, spec.cell(items[0].key, column.key).kind)
            except InputError:
                read = None
            for item in items:
                cell = spec.cell(item.key, column.key)
                if self.report.values[cell.id] is not None:
                    continue
                if read is not None and read.value == 0:
                    self.report.values[cell.id] = 0
                elif read is not None and read.placeholder:
                    self._mark(cell, MarkKind.PLACEHOLDER, read.placeholder)
                    seen.placeholder.append((cell, read.placeholder))
                elif read is not None and read.value is None:
                    seen.blank.append(cell)
                else:
                    split = False
                    self._mark(cell, MarkKind.COLLAPSED, text)
        head = (
            f"{spec.name}的“{group.label}”只有一行（2019 年版的写法），2021 年版把它分为 "
            f"{len(items)} 项。这一行填的是{'、'.join(written)}"
        )
        if split:
            self.notes.append(f"{head}：已把这 {len(items)} 项都按这一行填写（0 即各项为 0）。")
        else:
            self.notes.append(f"{head}，没有导入，请按 2021 年版分项填写。")

    def _mark(self, cell: CellSpec, kind: MarkKind, text: str = "") -> None:
        self.report.blank_marks[cell.id] = BlankMark(kind, text)

    def _read_unlabelled_row(
        self,
        spec: TableSpec,
        row: Node,
        column_paths: list[tuple[Node, ...]],
        tables: list[DocTable],
        seen: _Cells,
    ) -> None:
        """表四's single row of numbers: the first row below the column labels."""
        for table in tables:
            ranges = self._column_ranges(table, column_paths, table.rows)
            header_bottom = max((g.row + g.row_span for g, _ in ranges.values()), default=0)
            if header_bottom >= table.rows:
                continue
            values = table.in_row(header_bottom)
            self._assign(spec, row, column_paths, table, header_bottom, values, seen)
            return
        seen.missing_rows.append(spec.name)

    def _column_ranges(
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

    def _assign(
        self,
        spec: TableSpec,
        row: Node,
        column_paths: list[tuple[Node, ...]],
        table: DocTable,
        row_index: int,
        values: list[Region],
        seen: _Cells,
    ) -> None:
        leaves = [path[-1] for path in column_paths]
        chosen = self._columns(column_paths, table, row_index, values)
        if chosen is None:
            seen.unreadable_rows.append(row.label or spec.name)
            return
        for leaf in leaves:
            cell = spec.cell(row.key, leaf.key)
            region = chosen.get(leaf.key)
            if region is None:
                seen.blank.append(cell)
                continue
            self._value(cell, region.text, seen)

    def _columns(
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
        ranges = self._column_ranges(table, column_paths, row_index)
        for leaf in leaves:
            if leaf.key not in ranges:
                continue
            start, end = ranges[leaf.key][1]
            overlapping = [(min(end, v.end) - max(start, v.column), v) for v in values]
            overlapping = [(o, v) for o, v in overlapping if o > 0]
            chosen[leaf.key] = max(overlapping, key=lambda o: o[0])[1] if overlapping else None
        return chosen if any(chosen.values()) else None

    def _value(self, cell: CellSpec, raw: str, seen: _Cells) -> None:
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
            return
        self.report.values[cell.id] = read.value
        if read.placeholder:
            seen.placeholder.append((cell, read.placeholder))
            self._mark(cell, MarkKind.PLACEHOLDER, read.placeholder)
        elif read.note and read.value is not None:
            seen.noted.append((cell, text, read.value))
        elif read.value is None:
            seen.blank.append(cell)

    def _table_notes(self, spec: TableSpec, seen: _Cells) -> None:
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
                f"没有发生的事项应填 0）：{some([c.place for c in seen.blank], quoted=False)}。"
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

    # --- the 2019 表二 --------------------------------------------------------------------------

    def _read_2019_table_2(self, spec: TableSpec, tables: list[DocTable]) -> None:
        """What of a 2019 表二 corresponds one to one with the 2021 one is read into it; its other
        columns and rows are named in a note; the 2021 cells without a 2019 counterpart are
        marked, so the checks name them once."""
        markers = [m for m in TABLE_2_MARKERS if any(label_key(m) in t.keys for t in tables)]
        seen = _Cells()
        carried: list[str] = []
        for item in TABLE_2_CARRIED:
            cell = self.format.cell_by_id[item.cell]
            # The 2019 labels, or the 2021 ones where a clerk retyped the table half-way.
            rows = dict.fromkeys(r for r in (item.row, cell.row.label) if r)
            columns = dict.fromkeys((item.column, cell.column.label))
            found = [
                (row, region)
                for row in rows
                for column in columns
                if (region := self._2019_value(tables, row, column)) is not None
            ]
            if not found:
                continue
            row, region = found[0]
            carried.append(f"「{row}」{item.column}→{cell.column_label}")
            self._value(cell, region.text, seen)
        for cell in spec.cells:
            if self.report.values[cell.id] is None and cell.id not in self.report.blank_marks:
                self._mark(cell, MarkKind.FORMAT_2019)
        dropped = [d for d in TABLE_2_DROPPED if any(label_key(d) in t.keys for t in tables)]
        self.notes.append(
            f"{spec.name}是 2019 年版格式（有{some(markers, 3)}等栏目），与 2021 年版"
            f"（{self.format.notice}）的{spec.name}不同。能一一对应的已导入："
            + ("、".join(carried) or "没有")
            + "；"
            + (f"2019 年版的{'、'.join(dropped)}在 2021 年版中没有，没有导入；" if dropped else "")
            + "其余项目请按 2021 年版填写。"
        )
        self._table_notes(spec, seen)

    def _2019_value(self, tables: list[DocTable], row: str, column: str) -> Region | None:
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
                        and (value.end > header.column)
                    ):
                        return value
        return None


def _within(node: Node, nodes: tuple[Node, ...]) -> bool:
    return any(node is n or _within(node, n.children) for n in nodes)
