"""The key figures a supervising office compares across its units (批量审核's 统计): each a cell of
the official tables or a sum of cells, named by the format's own labels, and the 信息处理费 the
text of 六 reports.

The list is data, in one place (``FIGURES``): the workbook's 统计 sheet, its charts and the
meeting PDF all take their columns from it.  Each figure says which cells it adds up, by the
format's keys; its name is made from the labels of those cells' rows and columns
(表三's 本年新收, 予以公开 …, 表四's 行政复议·总计), so no label is typed here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from models.format import NumberKind, TableSpec
from models.format2021 import TABLE_3, TABLE_4
from models.report import Report
from models.values import CellValue, parse_value


@dataclass(frozen=True)
class Figure:
    """A key figure: ``cells`` (ids) added up; blank when all of them are blank."""

    key: str
    name: str
    cells: tuple[str, ...]
    kind: NumberKind = NumberKind.COUNT

    def of(self, values: Mapping[str, CellValue | None]) -> CellValue | None:
        written = [v for cell in self.cells if (v := values.get(cell)) is not None]
        return sum(written) if written else None


def _row_total(table: TableSpec, row: str) -> str:
    return table.cell(row, "total").id


def _t3_row(key: str, *, by: str = "brief") -> Figure:
    node = TABLE_3.row_by_key[key]
    return Figure(key, node.brief if by == "brief" else node.bare, (_row_total(TABLE_3, key),))


def _t3_group(leaf: str) -> Figure:
    """A 表三 group of rows (（三）不予公开) as the sum of its items' 总计."""
    cell = TABLE_3.cell(leaf, "total")
    group = cell.row_path[-2]
    leaves = tuple(_row_total(TABLE_3, node.key) for node in group.leaves())
    return Figure(leaf.split("_")[0], group.bare, leaves)


def _t4(outcome: str, *groups: str) -> Figure:
    """表四's ``outcome`` column of the groups named by their key prefixes (review; direct and
    after_review together as 行政诉讼), named 组·结果 as the format's labels have it."""
    cells = tuple(TABLE_4.cell("cases", f"{group}_{outcome}") for group in groups)
    paths = [cell.column_path for cell in cells]
    # The outermost label the groups share (行政诉讼), or the group's own (行政复议).
    shared = paths[0][0] if all(p[0] is paths[0][0] for p in paths) else None
    group_label = shared.label if shared is not None else paths[0][-2].label
    name = f"{group_label}·{paths[0][-1].label}"
    key = f"{'litigation' if len(groups) > 1 else groups[0]}_{outcome}"
    return Figure(key, name, tuple(cell.id for cell in cells))


FIGURES: tuple[Figure, ...] = (
    _t3_row("new"),
    _t3_row("result_total"),
    _t3_row("disclosed", by="bare"),
    _t3_row("partly", by="bare"),
    _t3_group("refused_secret"),
    _t3_row("carried_out"),
    _t4("total", "review"),
    _t4("corrected", "review"),
    _t4("total", "direct", "after_review"),
    _t4("corrected", "direct", "after_review"),
)
"""The figures of the tables, in the order the lists show them."""

NEW = FIGURES[0]
"""本年新收: the figure the charts compare across units and years."""

FEE_KEY = "fee"
FEE_NAME = "信息处理费（元）"
"""The fee for answering applications (《政府信息公开信息处理费管理办法》), which the format has
no cell for: 六's text reports it (the section's usual part 政府信息处理费收取情况)."""
FEE_SECTION = "other"

Figures = dict[str, CellValue | None]
"""A report's figures by key (``FIGURES``' keys and ``FEE_KEY``); None where blank."""


def key_figures(report: Report) -> Figures:
    """The report's key figures, the 信息处理费 read from its text."""
    found: Figures = {figure.key: figure.of(report.values) for figure in FIGURES}
    found[FEE_KEY] = fee_charged(report)
    return found


# --- the 信息处理费 as 六 reports it --------------------------------------------------------

_CLAUSE = r"[^，,。；;！？!?\n]"
_NONE = re.compile(
    rf"(?:未|没有|不|无|免){_CLAUSE}{{0,12}}(?:收取|收缴|产生|发生|收){_CLAUSE}{{0,8}}处理费"
    rf"|处理费{_CLAUSE}{{0,8}}?(?<![0-9０-９.．])(?:0|零|０)(?![0-9０-９.．])\s*(?:万元|元)"
    rf"|处理费{_CLAUSE}{{0,4}}(?:为|是)?\s*(?:无|零)"
)
_AMOUNT = re.compile(rf"处理费{_CLAUSE}{{0,16}}?([0-9０-９][0-9０-９,，.．]*)\s*(万元|元)")


def fee_charged(report: Report) -> CellValue | None:
    """The 信息处理费 charged in the year, in 元, as section 六 says it: 0 where it says none was
    charged (本年度未收取信息处理费), the amount where it names one (收取信息处理费 300 元, 0.03
    万元), None where it says neither (or the amount cannot be read)."""
    text = report.sections.get(FEE_SECTION)
    if text is None:
        return None
    whole = "\n".join([text.intro, *(f"{p.heading}\n{p.text}" for p in text.parts)])
    amount = _AMOUNT.search(whole)
    denial = _NONE.search(whole)
    if denial is not None and (amount is None or denial.start() <= amount.start()):
        return 0
    if amount is None:
        return None
    try:
        value = parse_value(amount.group(1).replace("，", ","), NumberKind.AMOUNT)
    except ValueError:
        return None
    if value is None:
        return None
    yuan = Decimal(value) * (10000 if amount.group(2) == "万元" else 1)
    return int(yuan) if yuan == yuan.to_integral_value() else yuan.normalize()
