"""Reading the statistics tables of a published report: each document table is matched to a table
of the format by the labels it shares with it; every row is found by its label (through its
groups' labels) and, where the printed label differs from the official one (a typo, words
missing), by its place between the rows found (``exporters.reading.places``) — read, and kept as a
deviation the checks report once; every column by its label or its place.

A row's cells are read as ``exporters.reading.row_cells`` reads them (what stays blank marked, a
row not in the table ``UNREAD``); a （六）其他处理 written as one row is read as 0 for its items
when it is 0, and marked otherwise; a 2019-format 表二 gives what corresponds one to one
(``exporters.reading.table2019``) and marks the rest."""

from __future__ import annotations

from dataclasses import dataclass

from exporters.reading.cells import DocTable, Region, all_nodes, label_key, node_keys, table_keys
from exporters.reading.cut_rows import join_cut_rows
from exporters.reading.labels import PrintedLabels
from exporters.reading.places import (
    LIKE,
    Line,
    bare_key,
    likeness,
    pair_by_place,
    unnumbered,
    value_lines,
)
from exporters.reading.row_cells import NOT_IN_TABLE, CellReader, Cells
from exporters.reading.table2019 import KEYS_2019, is_read_as_2019, read_2019_table_2
from models.format.spec import (
    Block,
    Node,
    ReportFormat,
    SectionSpec,
    TableSpec,
    leaf_paths,
)
from models.report import Deviation, Report
from models.values import InputError, MarkKind, read_cell


@dataclass(frozen=True)
class _Place:
    """Where a row of the format is in the document: its label and value cells, or (a group
    printed as one row) nothing more to read."""

    table: DocTable
    label: Region
    values: tuple[Region, ...] = ()
    done: bool = False


class TableReader(CellReader):
    """Fills ``report``'s values from the document's tables and adds what it noticed to
    ``notes`` (and the labels printed otherwise to ``report.deviations``)."""

    def __init__(
        self, report_format: ReportFormat, report: Report, notes: list[str], tables: list[DocTable]
    ) -> None:
        super().__init__(report_format, report, notes)
        self.tables = tables

    def read(self) -> int:
        """Read every table of the format found in the document; how many were found."""
        specs = self.format.tables
        spec_keys = {spec.key: table_keys(spec) for spec in specs}
        assigned: dict[str, list[DocTable]] = {spec.key: [] for spec in specs}
        labels = [
            node.label
            for spec in specs
            for block in spec.blocks
            for node in all_nodes(block.rows + block.columns)
            if node.label
        ]
        for table in (join_cut_rows(t, labels) if t.breaks else t for t in self.tables):
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
            if is_read_as_2019(spec) and any(t.keys & KEYS_2019 for t in tables):
                read_2019_table_2(self, spec, tables)
                continue
            self._read_spec(spec, tables)
        return found

    def _section_of(self, spec: TableSpec) -> SectionSpec:
        return next(s for s in self.format.sections if s.table is spec)

    def _read_spec(self, spec: TableSpec, tables: list[DocTable]) -> None:
        seen = Cells()
        rows = [
            (block, path)
            for block in spec.blocks
            if block.label_columns
            for path in leaf_paths(block.rows)
        ]
        places = self._place_rows(spec, rows, tables, seen)
        labels = PrintedLabels(spec)
        for (block, path), place in zip(rows, places, strict=True):
            column_paths = list(leaf_paths(block.columns))
            row = path[-1]
            if place is None:
                seen.missing_rows.append(row.label)
                for column in block.column_leaves:
                    self.unread(spec.cell(row.key, column.key), NOT_IN_TABLE)
                continue
            if place.done:
                continue
            labels.row(path, place.table, place.label)
            chosen = self.assign(
                spec, row, column_paths, place.table, place.label.row, list(place.values), seen
            )
            if chosen is not None:
                labels.columns(block, place.table, place.label.row, chosen)
        for block in spec.blocks:
            if block.label_columns == 0:
                column_paths = list(leaf_paths(block.columns))
                for row in block.row_leaves:
                    self._read_unlabelled_row(spec, block, row, column_paths, tables, labels, seen)
        self.report.deviations.extend(labels.deviations())
        self.table_notes(spec, seen)

    # --- finding the rows ----------------------------------------------------------------------

    def _place_rows(
        self,
        spec: TableSpec,
        rows: list[tuple[Block, tuple[Node, ...]]],
        tables: list[DocTable],
        seen: Cells,
    ) -> list[_Place | None]:
        """Each row of the format in the document: by its label, as a group printed as one row,
        then by its place between the rows found."""
        places: list[_Place | None] = [self._by_label(path, tables) for _, path in rows]
        groups = [
            (group, [i for i, (_, path) in enumerate(rows) if len(path) > 1 and path[-2] is group])
            for group in _item_groups(rows)
        ]
        for group, members in groups:
            if all(places[i] is None for i in members):
                collapsed = self._collapsed(spec, group, tables, seen)
                for i in members:
                    places[i] = collapsed
        order = {id(table): n for n, table in enumerate(tables)}

        def at(place: _Place) -> tuple[int, int]:
            return (order[id(place.table)], place.label.row)

        def bounds(first: int, end: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
            """The places of the rows found before row ``first`` and from row ``end`` on."""
            before = max((at(p) for p in places[:first] if p is not None), default=None)
            after = min((at(p) for p in places[end:] if p is not None), default=None)
            return before, after

        def inside(
            line: Line, before: tuple[int, int] | None, after: tuple[int, int] | None
        ) -> bool:
            return (before is None or line.place > before) and (after is None or line.place < after)

        taken = {at(p) for p in places if p is not None}
        free = [line for line in value_lines(tables) if line.place not in taken]
        # A group printed as one row under other words (（六）其它处理): the one line at its place
        # more like the group's label than like any of its items'.
        for group, members in groups:
            if any(places[i] is not None for i in members):
                continue
            before, after = bounds(members[0], members[-1] + 1)
            alike = [
                (likeness(line.label.text, group.label), line)
                for line in free
                if inside(line, before, after)
            ]
            if not alike:
                continue
            score, line = max(alike, key=lambda pair: pair[0])
            items = max(likeness(line.label.text, rows[i][1][-1].label) for i in members)
            if score >= LIKE and score > items:
                self._read_collapsed(spec, group, line.table, line.label, list(line.values), seen)
                free.remove(line)
                for i in members:
                    places[i] = _Place(line.table, line.label, done=True)
        start = 0
        while start < len(rows):
            if places[start] is not None:
                start += 1
                continue
            end = start
            while end < len(rows) and places[end] is None:
                end += 1
            before, after = bounds(start, end)
            between = [line for line in free if inside(line, before, after)]
            official = [rows[i][1][-1].label for i in range(start, end)]
            bounded = before is not None and after is not None
            for offset, line in pair_by_place(official, between, bounded=bounded):
                block, path = rows[start + offset]
                places[start + offset] = _Place(line.table, line.label, line.values)
                free.remove(line)
                if unnumbered(line.label.text) != unnumbered(path[-1].label):
                    self.report.deviations.append(
                        Deviation(
                            "row",
                            path[-1].label,
                            line.label.text,
                            table=spec.key,
                            cells=tuple(
                                spec.cell(path[-1].key, c.key).id for c in block.column_leaves
                            ),
                        )
                    )
            start = end
        return places

    def _by_label(self, row_path: tuple[Node, ...], tables: list[DocTable]) -> _Place | None:
        """The row whose label is the official one (its note in brackets may be left out)."""
        row = row_path[-1]
        keys = node_keys(row) | {bare_key(row.label)}
        candidates = [
            (t, g) for t in tables for g in t.regions if g.key in keys or bare_key(g.key) in keys
        ]
        if len(candidates) > 1:
            # The same label under another group: keep the one inside its groups' regions.
            inside = [(t, g) for t, g in candidates if self._under(t, g, row_path[:-1])]
            candidates = inside or candidates
        if not candidates:
            return None
        table, label = candidates[0]
        values = tuple(g for g in table.in_row(label.row) if g.column >= label.end)
        return _Place(table, label, values)

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
        self, spec: TableSpec, group: Node, tables: list[DocTable], seen: Cells
    ) -> _Place | None:
        """A group (（六）其他处理) written as one row, as in the 2019 format and in many
        published reports: a 0 is a 0 for each of its items; "—" is marked as a placeholder in
        each; any other number cannot be split, so its items stay blank, marked with it."""
        keys = node_keys(group)
        for table in tables:
            for g in table.regions:
                if g.key not in keys or g.row_span != 1:
                    continue
                values = [v for v in table.in_row(g.row) if v.column >= g.end]
                if values and not any(
                    label_key(child.label) in table.keys for child in group.leaves()
                ):
                    self._read_collapsed(spec, group, table, g, values, seen)
                    return _Place(table, g, done=True)
        return None

    def _read_collapsed(
        self,
        spec: TableSpec,
        group: Node,
        table: DocTable,
        label: Region,
        values: list[Region],
        seen: Cells,
    ) -> None:
        block = next(b for b in spec.blocks if group in b.rows or _within(group, b.rows))
        column_paths = list(leaf_paths(block.columns))
        chosen = self.columns(column_paths, table, label.row, values)
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
                    self.mark(cell, MarkKind.PLACEHOLDER, read.placeholder)
                    seen.placeholder.append((cell, read.placeholder))
                elif read is not None and read.value is None:
                    self.mark(cell, MarkKind.BLANK)
                    seen.blank.append(cell)
                else:
                    split = False
                    self.mark(cell, MarkKind.COLLAPSED, text)
        head = (
            f"{spec.name}的“{group.label}”只有一行（2019 年版的写法），2021 年版把它分为 "
            f"{len(items)} 项。这一行填的是{'、'.join(written)}"
        )
        if split:
            self.notes.append(f"{head}：已把这 {len(items)} 项都按这一行填写（0 即各项为 0）。")
            # The numbers are read; that the group was printed as one row is still the report's
            # to put right (the case with numbers is the error ``value.collapsed`` already).
            self.report.deviations.append(
                Deviation(
                    "collapsed",
                    group.label,
                    label.text,
                    table=spec.key,
                    cells=tuple(
                        spec.cell(item.key, c.key).id for item in items for c in block.column_leaves
                    ),
                )
            )
        else:
            self.notes.append(f"{head}，没有导入，请按 2021 年版分项填写。")

    def _read_unlabelled_row(
        self,
        spec: TableSpec,
        block: Block,
        row: Node,
        column_paths: list[tuple[Node, ...]],
        tables: list[DocTable],
        labels: PrintedLabels,
        seen: Cells,
    ) -> None:
        """表四's single row of numbers: the first row below the column labels."""
        for table in tables:
            ranges = self.column_ranges(table, column_paths, table.rows)
            header_bottom = max((g.row + g.row_span for g, _ in ranges.values()), default=0)
            if header_bottom >= table.rows:
                continue
            values = table.in_row(header_bottom)
            chosen = self.assign(spec, row, column_paths, table, header_bottom, values, seen)
            if chosen is not None:
                labels.columns(block, table, header_bottom, chosen)
            return
        seen.missing_rows.append(spec.name)
        for column in block.column_leaves:
            self.unread(spec.cell(row.key, column.key), NOT_IN_TABLE)


def _item_groups(rows: list[tuple[Block, tuple[Node, ...]]]) -> list[Node]:
    """The groups whose children are rows of values (（三）不予公开 … （六）其他处理), in order."""
    groups: dict[int, Node] = {}
    for _, path in rows:
        if len(path) > 1 and all(child.is_leaf for child in path[-2].children):
            groups.setdefault(id(path[-2]), path[-2])
    return list(groups.values())


def _within(node: Node, nodes: tuple[Node, ...]) -> bool:
    return any(node is n or _within(node, n.children) for n in nodes)
