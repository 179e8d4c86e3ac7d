"""The text against the tables: each number the text states, compared with the table's.

A text that states a figure the table does not hold is a warning (the text may count otherwise,
and the clerk can mark it 已核实); so is a text that says something did not happen while the table
counts it, a sentence about another year, and a section 六 silent on the 信息处理费.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from models.checks.findings import Finding, Kind, Rule, Severity
from models.format.spec import CellSpec, Node, ReportFormat, Role, SectionSpec
from models.narrative.fields import FieldAddress, TextField, text_fields
from models.narrative.numbers import Denial, Statement, read_text
from models.narrative.phrases import Target, sum_of
from models.report import Report
from models.values import CellValue, format_value, shown_value

# The rule ids keep their first module's name: project files keep 已核实 marks under them.
NUMBER = Rule("narrative.number", Severity.WARNING, "文字与表格数字不符", Kind.TEXT_TABLE)
NONE = Rule("narrative.none", Severity.WARNING, "文字说没有，表格不是 0", Kind.TEXT_TABLE)
YEAR = Rule("narrative.year", Severity.WARNING, "文字所述年份与报告年度不符", Kind.DATE)
FEE = Rule("narrative.fee", Severity.WARNING, "未说明信息处理费收取情况", Kind.OTHER)

RULES = (NUMBER, NONE, YEAR, FEE)

REVIEW_SECTION = Role.APPEALS
"""The section of 表四: its text speaks of 行政复议 and 行政诉讼 without saying 信息公开."""
FEE_SECTION = Role.OTHER_MATTERS
"""The section (六) that must say whether a 信息处理费 was charged."""


def check(report: Report) -> Iterator[Finding]:
    review = _section(report.format, REVIEW_SECTION)
    review_section = None if review is None else review.key
    for field_ in text_fields(report):
        if not field_.text:
            continue
        in_review = field_.section == review_section
        reading = read_text(field_.text, in_review, report.format)
        said: list[tuple[Statement | Denial, Finding | None]] = [
            *((s, _compare(field_, s, report)) for s in reading.statements),
            *((d, _compare_denial(field_, d, report)) for d in reading.denials),
        ]
        yield from (finding for _, finding in said if finding is not None)
        wrong_year = next((s for s, _ in said if s.year not in (None, report.year)), None)
        if wrong_year is not None and report.year is not None:
            yield Finding(
                YEAR,
                f"{field_.place}：“{wrong_year.sentence}”说的是 {wrong_year.year} 年的情况，"
                f"而本报告是 {report.year} 年度的。是否沿用了往年的文字？",
                address=field_.address,
            )
    yield from _check_fee_statement(report)


def _section(report_format: ReportFormat, role: Role) -> SectionSpec | None:
    """The section with ``role``; None in a format without one (nothing to check there)."""
    found = report_format.sections_with(role)
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=4)
def _entered_parts(report_format: ReportFormat) -> dict[str, tuple[str, ...]]:
    """Each computed cell with the entered cells it adds up, through the totals between."""
    parts: dict[str, tuple[str, ...]] = {}
    for table in report_format.tables:
        for spec in table.sums:  # ordered so that a total's computed parts come first
            if spec.total.id in parts:
                continue
            parts[spec.total.id] = tuple(
                entered for part in spec.parts for entered in parts.get(part.id, (part.id,))
            )
    return parts


def _agrees(report: Report, target: Target, value: CellValue) -> bool | None:
    """Whether the table says ``value`` for ``target``: the sum of the cells as written or, where
    a total is involved, the sum of the entered cells under it (a wrong total is the table rules'
    finding, not the text's).  None while a cell involved is blank: blank is not 0, and the blank
    is a finding of its own."""
    values = report.values
    written = sum_of(values, target)
    if written is None:
        return None
    if written == value:
        return True
    parts = _entered_parts(report.format)
    if not any(cell in parts for cell in target):
        return False
    entered = sum_of(values, tuple(e for cell in target for e in parts.get(cell, (cell,))))
    if entered is None:
        return None
    return entered == value


def _compare(field_: TextField, statement: Statement, report: Report) -> Finding | None:
    known = []
    for target in statement.targets:
        agrees = _agrees(report, target, statement.value)
        if agrees:
            return None
        if agrees is not None:
            known.append(target)
    if not known:
        return None
    shown = format_value(statement.value)
    table = "；".join(describe(target, report.values, report.format) for target in known)
    message = (
        f"{field_.place}：“{statement.sentence}”中写{statement.name} {shown}，"
        f"但{table}。请核对文字和表格。"
    )
    return Finding(NUMBER, message, address=field_.address, cells=known[0])


def _compare_denial(field_: TextField, denial: Denial, report: Report) -> Finding | None:
    if _agrees(report, denial.cells, 0) is not False:
        return None
    if denial.claim:  # 均获维持 …: the cells that are not 0 say what contradicts it
        counted = tuple(c for c in denial.cells if report.values.get(c)) or denial.cells
        table = "，".join(describe((cell,), report.values, report.format) for cell in counted)
        message = (
            f"{field_.place}：“{denial.sentence}”说{denial.claim}，但{table}。请核对文字和表格。"
        )
    else:
        message = (
            f"{field_.place}：“{denial.sentence}”说没有{denial.name}，"
            f"但{describe(denial.cells, report.values, report.format)}。请核对文字和表格。"
        )
    return Finding(NONE, message, address=field_.address, cells=denial.cells)


def describe(
    target: Target, values: dict[str, CellValue | None], report_format: ReportFormat
) -> str:
    """How a target reads in a message, with its value:
    表三「一、本年新收政府信息公开申请数量」行「总计」列为 6."""
    cells = [report_format.cell_by_id[c] for c in target]
    numbers = [values.get(c.id) for c in cells]
    total = sum_of(values, target)
    shown = shown_value(total)
    if len(cells) == 1:
        return f"{cells[0].place}为 {shown}"
    parent = _common_parent(cells)
    if parent is not None and len(cells) > 3:
        return f"{cells[0].table.name}「{parent.label}」各项合计为 {shown}"
    terms = " ＋ ".join(f"{c.place} {shown_value(v)}" for c, v in zip(cells, numbers, strict=True))
    return f"{terms} ＝ {shown}"


def _common_parent(cells: list[CellSpec]) -> Node | None:
    parents = {c.row_path[-2] if len(c.row_path) > 1 else None for c in cells}
    if len(parents) == 1:
        return parents.pop()
    return None


# --- section 六: 信息处理费 ----------------------------------------------------------------------

_FEE_SAID = re.compile(r"处理费|收取[^，。；]{0,8}费|收费|费用")


def _check_fee_statement(report: Report) -> Iterator[Finding]:
    spec = _section(report.format, FEE_SECTION)
    text = None if spec is None else report.sections.get(spec.key)
    if spec is None or text is None or text.is_empty():
        return  # an empty section 六 is reported as such (text.required)
    if _FEE_SAID.search(text.intro) or any(_FEE_SAID.search(p.text) for p in text.parts):
        return
    yield Finding(
        FEE,
        f"“{spec.heading}”没有说明是否收取信息处理费：按《政府信息公开信息处理费管理办法》，"
        "年度报告应当写明本年度信息处理费的收取情况（如“本年度未收取信息处理费”）。",
        address=FieldAddress(spec.key),
    )
