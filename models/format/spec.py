"""The vocabulary for describing an official report format as data.

A format (see ``format2021``) is a tree of plain frozen dataclasses: sections with their headings,
and tables made of blocks whose rows and columns are label trees.  Everything else in the program
— the form, the checks, the .docx, the .xlsx, the printout — reads labels and structure from such
a description, so no official label is typed anywhere else.  ``grid`` turns a table into the cell
grid of the official document (with its merges), which every renderer shares.

The rules find what they work on by ``Role`` (``report_format.cell_with(Role.NEW, Role.TOTAL)``),
never by a key or an id: a revision's description gives its sections, tables, rows and columns
their roles, and its tables the ids of the rules that check their arithmetic (``TableRule``), so a
new revision of the format is new data only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TypeVar

_T = TypeVar("_T")


class Role(Enum):
    """What a section, a table, or a row or column of a table is for, as the rules ask for it.

    A role is given to a node of a table (a group or a leaf), to a table or to a section; a cell
    has the roles of its table and of every row and column label naming it, so
    ``cell_with(Role.REVIEW, Role.TOTAL)`` is 表四's 行政复议·总计 and ``cells_with(Role.LITIGATION,
    Role.UPHELD)`` the 结果维持 of both 诉讼 groups.  The values are the keys of 批量审核's key
    figures (``models.batch.key_figures``: new, review_total …); nothing else stores them.
    """

    # Sections (a section also has the roles of its table).
    PROBLEMS = "problems"
    """五: last year's problems and how they were dealt with, this year's and next year's plans."""
    OTHER_MATTERS = "other_matters"
    """六: other matters, where the 信息处理费 charged is reported."""

    # Tables.
    PROACTIVE = "proactive"
    """表二: what was published on the agency's own initiative."""
    APPLICATIONS = "applications"
    """表三: the applications received and how they were handled."""
    APPEALS = "appeals"
    """表四: 行政复议 and 行政诉讼 over the agency's disclosure."""

    # 表二: its items (rows) and its columns.
    REGULATIONS = "regulations"
    NORMATIVE = "normative"
    LICENSE = "license"
    PENALTY = "penalty"
    ENFORCEMENT = "enforcement"
    FEES = "fees"
    """行政事业性收费 (an amount): the agency's administrative fees, never the 信息处理费."""
    ISSUED = "issued"
    REPEALED = "repealed"
    IN_FORCE = "in_force"
    """Documents in force at the year's end: last year's, plus those issued, less those repealed."""

    # 表三: its rows and its total column.
    NEW = "new"
    CARRIED_IN = "carried_in"
    RESULTS = "results"
    """The group of the results (三、本年度办理结果), its total among them."""
    DISCLOSED = "disclosed"
    PARTLY_DISCLOSED = "partly"
    REFUSED = "refused"
    """The group of the reasons to refuse (（三）不予公开)."""
    NOT_HELD = "not_held"
    """The agency does not hold the information (a reason it could not be provided)."""
    RESULTS_TOTAL = "result_total"
    CARRIED_OUT = "carried_out"
    TOTAL = "total"
    """A total column: 表三's 总计 of all applicants, each 表四 group's 总计."""

    # 表四: its groups of columns and the outcome columns of each.
    REVIEW = "review"
    LITIGATION = "litigation"
    """Both 诉讼 groups together (行政诉讼)."""
    DIRECT_SUIT = "direct_suit"
    SUIT_AFTER_REVIEW = "suit_after_review"
    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER_OUTCOME = "other_outcome"
    PENDING = "pending"


class NumberKind(Enum):
    """What may be written in a value cell."""

    COUNT = "count"
    """A whole number ≥ 0 (件数)."""
    AMOUNT = "amount"
    """An amount of money in 万元: a decimal ≥ 0 with at most ``AMOUNT_PLACES`` places."""


AMOUNT_PLACES = 6
"""Decimal places an amount in 万元 may have: to the fen (1 分 = 0.000001 万元), as real reports
print 行政事业性收费 (平潭综合实验区 2023: 5949.088667 万元)."""


@dataclass(frozen=True)
class Node:
    """One label of a row or column header tree.

    A leaf is a row or column of values and has a stable ``key``.  ``total`` marks a leaf whose
    values are the sum of the leaves of its sibling nodes (the official 总计 rows and columns).
    ``label`` is the official text; ``display`` is the text drawn in a narrow header cell where the
    official document breaks the label across lines (e.g. 商业\\n企业); it never changes the label.
    """

    label: str
    key: str = ""
    children: tuple[Node, ...] = ()
    total: bool = False
    display: str = ""
    short: str = ""
    """A short name for messages (本年新收), where the label is a long sentence."""
    role: Role | None = None
    """What the row or column is for, as the rules find it (``Role``)."""

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def shown(self) -> str:
        return self.display or self.label

    @property
    def brief(self) -> str:
        return self.short or self.label

    @property
    def bare(self) -> str:
        """The label without its numbering and its closing note, as a sentence says it:
        四、结转下年度继续办理 → 结转下年度继续办理; （二）部分公开（区分处理的，…） → 部分公开;
        1.属于国家秘密 → 属于国家秘密."""
        return _NOTE.sub("", _NUMBERING.sub("", self.label))

    def leaves(self) -> Iterator[Node]:
        if self.is_leaf:
            yield self
        else:
            for child in self.children:
                yield from child.leaves()

    def depth(self) -> int:
        return 1 + max((child.depth() for child in self.children), default=0)


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
_NOTE = re.compile(r"（.*）$")


def _leaves(nodes: tuple[Node, ...]) -> list[Node]:
    return [leaf for node in nodes for leaf in node.leaves()]


def _depth(nodes: tuple[Node, ...]) -> int:
    return max((node.depth() for node in nodes), default=0)


@dataclass(frozen=True)
class Block:
    """A rectangular part of a table: a header of column labels above rows of values.

    ``caption`` is a full-width row above the block (表二's 第二十条第（一）项, shaded);
    ``corner`` fills the top-left area above the row labels (表二's 信息内容, 表三's note).
    A block with a single value column whose table is wider spans that column across the rest
    of the table's grid (表二's 本年处理决定数量).
    """

    columns: tuple[Node, ...]
    rows: tuple[Node, ...]
    caption: str = ""
    corner: str = ""
    shaded_caption: bool = True

    @cached_property
    def column_leaves(self) -> list[Node]:
        return _leaves(self.columns)

    @cached_property
    def row_leaves(self) -> list[Node]:
        return _leaves(self.rows)

    @property
    def label_columns(self) -> int:
        """How many grid columns the row labels take (0 when the rows have no labels)."""
        if all(not row.label for row in self.rows):
            return 0
        return _depth(self.rows)

    @property
    def header_rows(self) -> int:
        return _depth(self.columns)


@dataclass(frozen=True, eq=False)
class CellSpec:
    """One value cell of a table, with the path of labels that names it."""

    id: str
    table: TableSpec
    block: Block
    row: Node
    column: Node
    row_path: tuple[Node, ...]
    column_path: tuple[Node, ...]
    kind: NumberKind

    @property
    def computed(self) -> bool:
        return self.row.total or self.column.total

    @property
    def row_label(self) -> str | None:
        """The official label of the cell's row (None for a table whose rows have no label)."""
        return self.row.label or None

    @cached_property
    def column_label(self) -> str:
        # Cached: working the name out walks the block's column tree, and the checks ask for it
        # once per finding (an empty report has 166 findings).
        return self.table.column_name(self)

    @property
    def place(self) -> str:
        """The cell as every message names it for people: 表三「…」行「…」列, or 表二「…」 for a
        table whose rows have no label."""
        if self.row_label is None:
            return f"{self.table.name}「{self.column_label}」"
        return f"{self.table.name}「{self.row_label}」行「{self.column_label}」列"

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The roles of the cell's table and of every row and column label naming it."""
        nodes = (*self.row_path, *self.column_path)
        return frozenset(
            role for role in (self.table.role, *(n.role for n in nodes)) if role is not None
        )

    def __repr__(self) -> str:  # the default repr would recurse through the table
        return f"CellSpec({self.id!r})"


@dataclass(frozen=True)
class TableRule:
    """A rule of a table's arithmetic as the format description names it.

    The id is data, not made from the table's key: project files keep 已核实 marks under rule
    ids and ``check --json`` prints them, so a revision keeps the ids it was released with.
    """

    id: str
    title: str
    """The rule's title after the table's name (表三 + 勾稽关系)."""


def _with(cells: list[CellSpec], roles: tuple[Role, ...]) -> tuple[CellSpec, ...]:
    wanted = frozenset(roles)
    return tuple(cell for cell in cells if wanted <= cell.roles)


def _one(found: Sequence[_T], what: str) -> _T:
    """The one thing found; a LookupError (the description lacks a role or repeats it) else."""
    if len(found) != 1:
        raise LookupError(f"{len(found)} {what} in the format, not 1")
    return found[0]


@dataclass(frozen=True, eq=False)
class TableSpec:
    """A statistics table: its name (表二), the blocks stacked to make it, and its grid."""

    key: str
    name: str
    blocks: tuple[Block, ...]
    column_weights: tuple[float, ...]
    kinds: dict[str, NumberKind] = field(default_factory=dict)
    """Number kind by row key; rows not listed hold counts."""
    balance: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    """Per value column: the sum of the first rows equals the sum of the second (表三's note)."""
    role: Role | None = None
    row_total_rule: TableRule | None = None
    """The rule that checks the total columns (each sums along its row: 表三's 总计)."""
    column_total_rule: TableRule | None = None
    """The rule that checks the total rows (each sums down its column: 表三's （七）总计)."""
    balance_rule: TableRule | None = None
    """The rule that checks ``balance``."""

    @property
    def grid_columns(self) -> int:
        return len(self.column_weights)

    @cached_property
    def cells(self) -> list[CellSpec]:
        cells: list[CellSpec] = []
        for block in self.blocks:
            for row_path in leaf_paths(block.rows):
                for column_path in leaf_paths(block.columns):
                    row, column = row_path[-1], column_path[-1]
                    cells.append(
                        CellSpec(
                            id=f"{self.key}.{row.key}.{column.key}",
                            table=self,
                            block=block,
                            row=row,
                            column=column,
                            row_path=row_path,
                            column_path=column_path,
                            kind=self.kinds.get(row.key, NumberKind.COUNT),
                        )
                    )
        return cells

    @cached_property
    def cell_by_id(self) -> dict[str, CellSpec]:
        return {cell.id: cell for cell in self.cells}

    @cached_property
    def row_by_key(self) -> dict[str, Node]:
        """The row leaves of every block by key (表二's 规章, 表三's carried_out …)."""
        return {row.key: row for block in self.blocks for row in block.row_leaves}

    @cached_property
    def column_by_key(self) -> dict[str, Node]:
        """The column leaves of every block by key (表二's in_force, 表三's total …)."""
        return {column.key: column for block in self.blocks for column in block.column_leaves}

    # The grid of the official document, worked out once per table: the form, the .docx, the
    # .xlsx and the printout all lay the table out from it (shared, so read-only Mappings).

    @cached_property
    def grid_cells(self) -> tuple[GridCell, ...]:
        """The cells as laid out in the official template, top to bottom, left to right: a
        merged region is one GridCell with spans, and the cells it covers are not listed."""
        return tuple(_grid(self))

    @cached_property
    def grid_rows(self) -> int:
        """How many rows the grid has."""
        return max(g.row + g.row_span for g in self.grid_cells)

    @cached_property
    def grid_at(self) -> Mapping[tuple[int, int], GridCell]:
        """(row, column) of a grid cell's top-left corner → the grid cell."""
        return {(g.row, g.column): g for g in self.grid_cells}

    @cached_property
    def grid_cover(self) -> Mapping[tuple[int, int], GridCell]:
        """Every (row, column) of the grid → the grid cell covering it (merges included)."""
        cover: dict[tuple[int, int], GridCell] = {}
        for g in self.grid_cells:
            for r in range(g.row, g.row + g.row_span):
                for c in range(g.column, g.column + g.column_span):
                    cover[(r, c)] = g
        return cover

    @cached_property
    def grid_place(self) -> Mapping[str, tuple[int, int]]:
        """A value cell's id → the (row, column) of its grid cell."""
        return {g.cell.id: (g.row, g.column) for g in self.grid_cells if g.cell is not None}

    @cached_property
    def sums(self) -> list[SumSpec]:
        """Every total cell with the cells it adds up, in an order that lets each be computed from
        cells computed before it (a total row's own total comes last)."""
        found: list[SumSpec] = []
        for block in self.blocks:
            for total, parts in _total_leaves(block.rows):
                for column in block.column_leaves:
                    found.append(
                        SumSpec(
                            self.cell(total.key, column.key),
                            tuple(self.cell(p.key, column.key) for p in parts),
                            along="column",
                        )
                    )
            for total, parts in _total_leaves(block.columns):
                for row in block.row_leaves:
                    found.append(
                        SumSpec(
                            self.cell(row.key, total.key),
                            tuple(self.cell(row.key, p.key) for p in parts),
                            along="row",
                        )
                    )
        found.sort(key=lambda s: any(part.computed for part in s.parts))
        return found

    def cell(self, row_key: str, column_key: str) -> CellSpec:
        return self.cell_by_id[f"{self.key}.{row_key}.{column_key}"]

    def cell_at(self, row: Node, column: Node) -> CellSpec:
        """The cell of leaf ``row`` in leaf ``column``."""
        return self.cell(row.key, column.key)

    def sum_rule(self, along: str) -> TableRule:
        """The rule checking the sums that run ``along`` a row or a column (``SumSpec.along``)."""
        rule = self.row_total_rule if along == "row" else self.column_total_rule
        if rule is None:
            raise LookupError(f"{self.name} has totals along a {along} but no rule for them")
        return rule

    # Finding by role (``Role``): what the rules ask for.

    @cached_property
    def nodes(self) -> tuple[Node, ...]:
        """Every row and column label of the table, groups and leaves, each once (表二's blocks
        share their 本年处理决定数量 column)."""
        found: dict[int, Node] = {}
        for block in self.blocks:
            stack = [*block.rows, *block.columns]
            while stack:
                node = stack.pop(0)
                found.setdefault(id(node), node)
                stack[:0] = node.children
        return tuple(found.values())

    def nodes_with(self, role: Role) -> tuple[Node, ...]:
        """The rows and columns (groups or leaves) with ``role``, in the table's order."""
        return tuple(node for node in self.nodes if node.role is role)

    def node_with(self, role: Role) -> Node:
        """The one row or column with ``role``."""
        return _one(self.nodes_with(role), f"{self.name} nodes with {role}")

    def cells_with(self, *roles: Role) -> tuple[CellSpec, ...]:
        """The cells that have all ``roles`` (their own or their table's), in the table's order."""
        return _with(self.cells, roles)

    def cell_with(self, *roles: Role) -> CellSpec:
        return _one(self.cells_with(*roles), f"{self.name} cells with {roles}")

    def holds(self, role: Role) -> bool:
        """Whether the table or one of its rows or columns has ``role``."""
        return self.role is role or any(node.role is role for node in self.nodes)

    def column_name(self, cell: CellSpec) -> str:
        """The shortest tail of the column's label path that names it uniquely in its block.

        表三's columns read 自然人 or 商业企业; 表四's need their group: 行政复议·结果维持,
        未经复议直接起诉·结果维持.
        """
        paths = [p for p in leaf_paths(cell.block.columns)]
        for length in range(1, len(cell.column_path) + 1):
            tail = [n.label for n in cell.column_path[-length:]]
            if sum(1 for p in paths if [n.label for n in p[-length:]] == tail) == 1:
                return "·".join(tail)
        return "·".join(n.label for n in cell.column_path)


@dataclass(frozen=True, eq=False)
class SumSpec:
    """A computed cell and the cells whose sum it is.

    ``along`` is "row" for a total column (the sum runs along the cell's row) and "column" for a
    total row (the sum runs down the cell's column).
    """

    total: CellSpec
    parts: tuple[CellSpec, ...]
    along: str


def _total_leaves(nodes: tuple[Node, ...]) -> Iterator[tuple[Node, list[Node]]]:
    """Each total leaf in a label tree with the leaves of its sibling nodes, which it sums."""
    for node in nodes:
        if node.total:
            yield (
                node,
                [leaf for sibling in nodes if sibling is not node for leaf in sibling.leaves()],
            )
        yield from _total_leaves(node.children)


def leaf_paths(
    nodes: tuple[Node, ...], prefix: tuple[Node, ...] = ()
) -> Iterator[tuple[Node, ...]]:
    """The label path (group, …, leaf) of every leaf under ``nodes``, in order: the path that
    names a row or column (表四's 行政复议 → 结果维持), as the cells and the .docx reader use it."""
    for node in nodes:
        path = (*prefix, node)
        if node.is_leaf:
            yield path
        else:
            yield from leaf_paths(node.children, path)


@dataclass(frozen=True)
class SectionSpec:
    """One of the report's numbered sections."""

    key: str
    number: str
    title: str
    table: TableSpec | None = None
    usual_parts: tuple[str, ...] = ()
    """The usual sub-headings, without their （一） numbering, offered to a new report."""
    has_parts: bool = False
    """Whether the section's text is organised as sub-headed parts （一）（二）…."""
    text_required: bool = True
    """Whether the section must have some text (the lead sentences of 二, 三, 四 are optional)."""
    placeholder: str = ""
    short: str = ""
    """A short name for a tab or a menu, where the official title is long (not official)."""
    role: Role | None = None

    def holds(self, role: Role) -> bool:
        """Whether the section, its table or one of the table's rows or columns has ``role``."""
        return self.role is role or (self.table is not None and self.table.holds(role))

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"

    @property
    def tab_title(self) -> str:
        return f"{self.number}、{self.short}" if self.short else self.heading


@dataclass(frozen=True, eq=False)
class ReportFormat:
    """A whole format revision: its id, title pattern, sections and tables."""

    id: str
    name: str
    title_pattern: str
    sections: tuple[SectionSpec, ...]
    notice: str = ""
    """The 文号 of the notice that set the format (国办公开办函〔2021〕30号), for messages."""

    @cached_property
    def tables(self) -> list[TableSpec]:
        return [s.table for s in self.sections if s.table is not None]

    @cached_property
    def cells(self) -> list[CellSpec]:
        return [cell for table in self.tables for cell in table.cells]

    @cached_property
    def cell_by_id(self) -> dict[str, CellSpec]:
        return {cell.id: cell for cell in self.cells}

    @cached_property
    def section_by_key(self) -> dict[str, SectionSpec]:
        return {s.key: s for s in self.sections}

    @cached_property
    def table_by_key(self) -> dict[str, TableSpec]:
        return {t.key: t for t in self.tables}

    # Finding by role (``Role``): what the rules ask for.

    def section_with(self, role: Role) -> SectionSpec:
        """The one section that has ``role`` or whose table holds it."""
        return _one(self.sections_with(role), f"sections with {role}")

    def sections_with(self, role: Role) -> tuple[SectionSpec, ...]:
        return tuple(section for section in self.sections if section.holds(role))

    def table_with(self, role: Role) -> TableSpec:
        """The one table that has ``role`` or holds a row or column with it."""
        return _one([t for t in self.tables if t.holds(role)], f"tables with {role}")

    def nodes_with(self, role: Role) -> tuple[Node, ...]:
        """The rows and columns with ``role`` of every table, in the format's order."""
        return tuple(node for table in self.tables for node in table.nodes_with(role))

    def node_with(self, role: Role) -> Node:
        """The one row or column (group or leaf) with ``role``."""
        return _one(self.nodes_with(role), f"nodes with {role}")

    def cells_with(self, *roles: Role) -> tuple[CellSpec, ...]:
        """The cells that have all ``roles``, in the format's order.  Kept once asked: the
        checks ask for the same few after every edit."""
        found = self._found.get(roles)
        if found is None:
            found = self._found[roles] = _with(self.cells, roles)
        return found

    def cell_with(self, *roles: Role) -> CellSpec:
        """The one cell that has all ``roles``: ``cell_with(Role.NEW, Role.TOTAL)``."""
        return _one(self.cells_with(*roles), f"cells with {roles}")

    @cached_property
    def _found(self) -> dict[tuple[Role, ...], tuple[CellSpec, ...]]:
        return {}

    def title(self, agency: str, year: int | None) -> str:
        return self.title_pattern.format(agency=agency, year="" if year is None else year)

    def document_title(self, agency: str, year: int | None) -> str:
        """The title a printout or workbook shows: ``title``, or for a report without an agency
        yet the pattern's words alone (政府信息公开工作年度报告), not a title with a hole."""
        if not agency:
            return self.title_pattern.replace("{agency}", "").replace("{year}年", "")
        return self.title(agency, year)


# ---------------------------------------------------------------------------------------------
# The grid of the official document


@dataclass(frozen=True)
class GridCell:
    """One (possibly merged) cell of a table as drawn in the official document."""

    row: int
    column: int
    text: str
    role: str
    """'caption' (shaded full-width row), 'header' (column labels and corner), 'label' (row labels)
    or 'value'."""
    row_span: int = 1
    column_span: int = 1
    cell: CellSpec | None = None
    shaded: bool = False


def _grid(table: TableSpec) -> list[GridCell]:
    cells: list[GridCell] = []
    width = table.grid_columns
    top = 0
    for block in table.blocks:
        if block.caption:
            cells.append(
                GridCell(
                    top, 0, block.caption, "caption", column_span=width, shaded=block.shaded_caption
                )
            )
            top += 1
        label_columns = block.label_columns
        header_rows = block.header_rows
        value_span = 1
        if len(block.column_leaves) == 1:
            value_span = width - label_columns
        if label_columns:
            cells.append(
                GridCell(
                    top, 0, block.corner, "header", row_span=header_rows, column_span=label_columns
                )
            )
        _place_columns(block.columns, top, label_columns, header_rows, value_span, cells)
        top += header_rows
        row_top = top
        _place_rows(block.rows, row_top, 0, label_columns, cells)
        for r, row in enumerate(block.row_leaves):
            for c, column in enumerate(block.column_leaves):
                spec = table.cell(row.key, column.key)
                cells.append(
                    GridCell(
                        row_top + r,
                        label_columns + c * value_span,
                        "",
                        "value",
                        column_span=value_span,
                        cell=spec,
                    )
                )
        top += len(block.row_leaves)
    cells.sort(key=lambda g: (g.row, g.column))
    return cells


def _place_columns(
    nodes: tuple[Node, ...], top: int, left: int, rows: int, span: int, out: list[GridCell]
) -> int:
    for node in nodes:
        width = sum(1 for _ in node.leaves()) * span
        row_span = 1 if node.children else rows
        out.append(GridCell(top, left, node.shown, "header", row_span=row_span, column_span=width))
        if node.children:
            _place_columns(node.children, top + 1, left, rows - 1, span, out)
        left += width
    return left


def _place_rows(
    nodes: tuple[Node, ...], top: int, left: int, columns: int, out: list[GridCell]
) -> int:
    if columns == 0:
        return top + sum(1 for n in nodes for _ in n.leaves())
    for node in nodes:
        height = sum(1 for _ in node.leaves())
        column_span = 1 if node.children else columns
        out.append(
            GridCell(top, left, node.shown, "label", row_span=height, column_span=column_span)
        )
        if node.children:
            _place_rows(node.children, top, left + 1, columns - 1, out)
        top += height
    return top


# ---------------------------------------------------------------------------------------------
# The basic facts (基本信息), the same in every format revision

BASIC_FIELDS: tuple[tuple[str, str], ...] = (
    ("agency", "机关名称"),
    ("year", "报告年度"),
    ("contact_office", "联系科室"),
    ("address", "地址"),
    ("phone", "电话"),
    ("signer", "落款单位"),
    ("report_date", "落款日期"),
)
"""(key, label) of each basic fact, in the form's order: the key is the ``Report`` attribute and
the ``Finding.field`` of a finding about it; the label is what the form, the messages and the
Excel sheet 基本信息 call it.  The preamble is not one of them (it is text, not a fact)."""

BASIC_LABELS: dict[str, str] = {**dict(BASIC_FIELDS), "preamble": "前言"}
"""The label of each field of 基本信息 by key, the preamble (前言) included."""
