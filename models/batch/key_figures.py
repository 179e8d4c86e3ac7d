"""The key figures a supervising office compares across its units (批量审核's 统计): each a cell of
the official tables or a sum of cells, named by the format's own labels, and the 信息处理费 the
text of 六 reports.

The list is data, in one place (``FIGURES``): the workbook's 统计 sheet, its charts and the
meeting PDF all take their columns from it.  Each figure says which cells it adds up, by the
roles of the format's rows and columns (``models.format.spec.Role``), and is keyed by them (new,
review_total …); its name is made from the labels of those cells' rows and columns
(表三's 本年新收, 予以公开 …, 表四's 行政复议·总计), so no label is typed here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from models.format.spec import NumberKind, ReportFormat, Role
from models.report import CURRENT_FORMAT, Report
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


def _total(report_format: ReportFormat, row: Role, *, by: str = "brief") -> Figure:
    """表三's row (or group of rows: （三）不予公开) with role ``row``: its items' 总计 added up,
    named by the row's short name (本年新收) or its bare label (予以公开)."""
    node = report_format.node_with(row)
    table = report_format.table_with(row)
    total = table.node_with(Role.TOTAL)
    cells = tuple(table.cell_at(leaf, total).id for leaf in node.leaves())
    return Figure(row.value, node.brief if by == "brief" else node.bare, cells)


def _appeals(report_format: ReportFormat, group: Role, outcome: Role) -> Figure:
    """表四's ``outcome`` column of ``group`` (行政复议; 行政诉讼, both 诉讼 groups), named
    组·结果 as the format's labels have it."""
    cells = report_format.cells_with(group, outcome)
    name = f"{report_format.node_with(group).label}·{cells[0].column.label}"
    return Figure(f"{group.value}_{outcome.value}", name, tuple(cell.id for cell in cells))


@cache
def figures(report_format: ReportFormat = CURRENT_FORMAT) -> tuple[Figure, ...]:
    """The figures of ``report_format``'s tables, in the order the lists show them."""
    f = report_format
    return (
        _total(f, Role.NEW),
        _total(f, Role.RESULTS_TOTAL),
        _total(f, Role.DISCLOSED, by="bare"),
        _total(f, Role.PARTLY_DISCLOSED, by="bare"),
        _total(f, Role.REFUSED, by="bare"),
        _total(f, Role.CARRIED_OUT),
        _appeals(f, Role.REVIEW, Role.TOTAL),
        _appeals(f, Role.REVIEW, Role.CORRECTED),
        _appeals(f, Role.LITIGATION, Role.TOTAL),
        _appeals(f, Role.LITIGATION, Role.CORRECTED),
    )


FIGURES = figures(CURRENT_FORMAT)
"""The figures of the current format's tables, in the order the lists show them."""

NEW = FIGURES[0]
"""本年新收: the figure the charts compare across units and years."""

FEE_KEY = "fee"
FEE_NAME = "信息处理费（元）"
"""The fee for answering applications (《政府信息公开信息处理费管理办法》), which the format has
no cell for: 六's text reports it (the section's usual part 政府信息处理费收取情况)."""
FEE_SECTION = CURRENT_FORMAT.section_with(Role.OTHER_MATTERS).key
"""The key of the section (六) whose text reports the fee."""

Figures = dict[str, CellValue | None]
"""A report's figures by key (``FIGURES``' keys and ``FEE_KEY``); None where blank."""


def key_figures(report: Report) -> Figures:
    """The report's key figures, the 信息处理费 read from its text."""
    found: Figures = {figure.key: figure.of(report.values) for figure in figures(report.format)}
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
    found = report.format.sections_with(Role.OTHER_MATTERS)
    text = report.sections.get(found[0].key) if len(found) == 1 else None
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
