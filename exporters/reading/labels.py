"""The group labels and column headers a document's table printed, compared with the format's.

Rows are found by their labels or their places (``exporters.reading.tables``); once a row is
found, the merged label cells to its left are its groups' (（三）不予公开, 三、本年度办理结果), and
once its values are lined up with the columns, the header cells above each value are its
column's and its column groups' (商业企业, 法人或其他组织, 申请人情况).  What they print is
gathered here and, where it is not the format's wording, kept as a ``Deviation``.

Headers are retyped more freely than row labels (法人或者其他组织, a unit in other brackets), and
the numbers are read by place anyway: a group label or header counts as printed otherwise only
when it is not nearly the official one (``ALIKE``).  A label cell left empty says nothing (a
label drawn on another page, a header the file does not repeat).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exporters.reading.cells import DocTable, Region
from exporters.reading.places import bare_key, likeness, value_like
from models.format.spec import Block, Node, TableSpec, leaf_paths
from models.report import Deviation

ALIKE = 0.85
"""A group label or header at least this like the official one (difflib's ratio of the bare
keys) is the official one retyped, not a different wording."""


@dataclass
class _Seen:
    node: Node
    what: str
    cells: tuple[str, ...]
    printed: list[str] = field(default_factory=list)


class PrintedLabels:
    """What one table of the document printed for its groups and headers."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self._seen: dict[int, _Seen] = {}
        self._blocks: set[int] = set()
        self._rows: list[tuple[tuple[Node, ...], DocTable, Region]] = []

    def row(self, path: tuple[Node, ...], table: DocTable, label: Region) -> None:
        """A row found at ``label``: the merged cells to its left are its groups' labels (which
        group's each is, ``deviations`` tells once every row is known)."""
        self._rows.append((path, table, label))

    def columns(
        self, block: Block, table: DocTable, row: int, chosen: dict[str, Region | None]
    ) -> None:
        """The headers above the values of a block's first row read: each column's, then its
        groups' above it."""
        if id(block) in self._blocks:
            return
        self._blocks.add(id(block))
        for path in leaf_paths(block.columns):
            region = chosen.get(path[-1].key)
            if region is None:
                continue
            start, end, above = region.column, region.end, row
            for node in reversed(path):
                header = _header_above(table, start, end, above)
                if header is None:
                    break
                self._record(node, "column", header.text)
                start, end, above = header.column, header.end, header.row

    def _groups(self) -> None:
        """Each merged label cell left of the rows found, given to its group: of the groups all
        the rows it covers share, the one whose label it prints, else the innermost (the part of
        三、本年度办理结果 a page holds beside （五）'s rows alone is still 三's)."""
        at = {(id(table), label.row): path for path, table, label in self._rows}
        done: set[int] = set()
        for path, table, label in self._rows:
            for region in table.regions:
                if id(region) in done or region.row_span < 2 or region.end > label.column:
                    continue
                if not region.covers_row(label.row):
                    continue
                done.add(id(region))
                paths = [
                    p
                    for r in range(region.row, region.row + region.row_span)
                    if (p := at.get((id(table), r))) is not None
                ]
                common = [g for g in path[:-1] if all(any(n is g for n in p[:-1]) for p in paths)]
                if not common:
                    continue
                group = next((g for g in common if _official(region.text, g)), common[-1])
                self._record(group, "group", region.text)

    def deviations(self) -> list[Deviation]:
        self._groups()
        found: list[Deviation] = []
        for seen in self._seen.values():
            node = seen.node
            printed = [p for p in seen.printed if bare_key(p)]
            if not printed or any(_official(p, node) for p in printed):
                continue
            found.append(
                Deviation(seen.what, node.label, printed[0], table=self.spec.key, cells=seen.cells)
            )
        return found

    def _record(self, node: Node, what: str, text: str) -> None:
        seen = self._seen.get(id(node))
        if seen is None:
            seen = self._seen[id(node)] = _Seen(node, what, self._cells_of(node, what))
        seen.printed.append(text)

    def _cells_of(self, node: Node, what: str) -> tuple[str, ...]:
        leaves = {leaf.key for leaf in node.leaves()}
        return tuple(
            cell.id
            for cell in self.spec.cells
            if (cell.row.key if what == "group" else cell.column.key) in leaves
        )


def _official(printed: str, node: Node) -> bool:
    key = bare_key(printed)
    written = {bare_key(node.label), bare_key(node.display)} - {""}
    return key in written or max(likeness(printed, w) for w in (node.label, node.shown)) >= ALIKE


def _header_above(table: DocTable, start: int, end: int, above: int) -> Region | None:
    """The label cell nearest above row ``above`` that spans the columns ``start``–``end``."""
    headers = [
        g
        for g in table.regions
        if g.row + g.row_span <= above
        and g.column <= start
        and end <= g.end
        and not value_like(g.text)
    ]
    return max(headers, key=lambda g: (g.row + g.row_span, g.row), default=None)
