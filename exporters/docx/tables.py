"""Reading the statistics tables of a .docx: each document table is matched to a table of the
format by the labels it shares with it, then every row and column is found by its label (through
its groups' labels), never by position alone, and every value is read through
``models.values.parse_value``.  Blank cells and "/" stay blank and are noted; a 2019-format table
is recognised and noted, not mis-read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from exporters.docx.contents import (
    DocTable,
    Region,
    clean,
    label_key,
    node_keys,
    some,
    table_keys,
)
from models.format import CellSpec, Node, ReportFormat, SectionSpec, TableSpec, leaf_paths
from models.report import Report
from models.values import InputError, parse_value

# Column and row labels that exist only in the 2019 format's 表二 (国办公开办函〔2019〕60号).
FORMAT_2019_TABLE_2 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "政府集中采购",
)


_KEYS_2019 = {label_key(marker) for marker in FORMAT_2019_TABLE_2}


@dataclass
class _Cells:
    """What the reader noticed about one table's cells, for the notes."""

    blank: list[CellSpec] = field(default_factory=list)
    placeholder: list[tuple[CellSpec, str]] = field(default_factory=list)
    invalid: list[tuple[CellSpec, str, str]] = field(default_factory=list)
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
            if any(t.keys & _KEYS_2019 for t in tables):
                markers = sorted(
                    {m for t in tables for m in FORMAT_2019_TABLE_2 if label_key(m) in t.keys},
                    key=FORMAT_2019_TABLE_2.index,
                )
                self.notes.append(
                    f"{spec.name}是 2019 年版格式（有{some(markers, 3)}等栏目），与 2021 年版"
                    f"（{self.format.notice}）的{spec.name}不同，其中的数字没有导入，"
                    f"请按 2021 年版重新填写{spec.name}。"
                )
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
        """A group (（六）其他处理) written as one row with numbers, as in the 2019 format."""
        keys = node_keys(group)
        for table in tables:
            for g in table.regions:
                if g.key not in keys or g.row_span != 1:
                    continue
                values = [v for v in table.in_row(g.row) if v.column >= g.end]
                if values and not any(
                    label_key(child.label) in table.keys for child in group.leaves()
                ):
                    note = (
                        f"{spec.name}的“{group.label}”只有一行，这是 2019 年版格式；2021 年版把它"
                        f"分为 {len(list(group.leaves()))} 项。这一行的数字（"
                        + "、".join(clean(v.text) or "空白" for v in values)
                        + "）没有导入，请按 2021 年版分项填写。"
                    )
                    if note not in self.notes:
                        self.notes.append(note)
                    return True
        return False

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
        chosen: dict[str, Region | None] = {}
        if len(values) == len(leaves):
            chosen = {leaf.key: region for leaf, region in zip(leaves, values, strict=True)}
        else:
            ranges = self._column_ranges(table, column_paths, row_index)
            for leaf in leaves:
                if leaf.key not in ranges:
                    continue
                start, end = ranges[leaf.key][1]
                overlapping = [(min(end, v.end) - max(start, v.column), v) for v in values]
                overlapping = [(o, v) for o, v in overlapping if o > 0]
                chosen[leaf.key] = max(overlapping, key=lambda o: o[0])[1] if overlapping else None
            if not any(chosen.values()):
                seen.unreadable_rows.append(row.label or spec.name)
                return
        for leaf in leaves:
            cell = spec.cell(row.key, leaf.key)
            region = chosen.get(leaf.key)
            if region is None:
                seen.blank.append(cell)
                continue
            self._value(cell, region.text, seen)

    def _value(self, cell: CellSpec, raw: str, seen: _Cells) -> None:
        text = " ".join(raw.split())
        try:
            value = parse_value(text, cell.kind)
        except InputError as error:
            if not re.search(r"[0-9０-９]", text):
                seen.placeholder.append((cell, text))
            else:
                seen.invalid.append((cell, text, error.reason))
            value = None
        else:
            if value is None:
                seen.blank.append(cell)
        if self.report.values[cell.id] is None:
            self.report.values[cell.id] = value

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
            shown = "、".join(f"“{t}”" for t in sorted({text for _, text in seen.placeholder}))
            self.notes.append(
                f"{name}有 {len(seen.placeholder)} 个单元格填的是{shown}"
                "，不是数字，已保留为空白（没有发生的事项应填 0）："
                f"{some([c.place for c, _ in seen.placeholder], quoted=False)}。"
            )
        for cell, text, reason in seen.invalid:
            self.notes.append(f"{cell.place}填的“{text}”无法读取：{reason}已保留为空白。")
