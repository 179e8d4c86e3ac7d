"""The checks: named rules with a stable id and a severity, run over a whole report at once.

Each finding names its place the way a clerk reads the official form — the table, the row label
and the column label, or the section — and shows both sides of a broken equation with their
numbers.  Arithmetic rules come from the format description (its total rows and columns, the
table's 勾稽 note, and the ids and titles of the rules checking them: ``TableSpec.sum_rule``,
``balance_rule``), so a new format revision brings its rules with it.

Checking and filling see blank cells differently, and the line between them is drawn here once:

- **checking** (``run_checks``): the report as it stands is judged — the ``check`` command, every
  export and print, 批量审核, 汇总, and the decision whether a final version may be made
  (``models.checks.export_refusal``).  Each blank cell of a table that has been begun is an error of
  its own (``VALUE_BLANK``), named by its row and column: a final version with one blank cell is
  refused, and the refusal counts every blank;
- **filling** (``while_filling``): the window's list while the clerk types.  A table's blank
  cells are work still to do, not mistakes: they are gathered into one finding per table
  (“表三还有 145 格未填”, ``Finding.to_do``) that the window shows quietly — a count and a light
  mark on the cells — so the first number typed into a blank table does not turn every other
  cell red.  The finding keeps the blank-cell rule, so the window's tab badges and
  ``models.checks.export_refusal`` still count it as an error.

Blank cells a file left blank are one finding per table in both (``models.checks.blank_marks``):
they are the report as it was published, not the clerk's work in progress."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from models.checks import blank_marks
from models.checks import dates as date_checks
from models.checks import text as text_checks
from models.checks import wording as wording_checks
from models.checks import years as year_checks
from models.checks.findings import (
    BASIC,
    BASIC_HEADING,
    FieldAddress,
    Finding,
    Kind,
    Rule,
    Severity,
    order,
    section_heading,
)
from models.format.spec import (
    BASIC_FIELDS,
    BASIC_LABELS,
    CellSpec,
    NumberKind,
    SumSpec,
    TableRule,
    TableSpec,
)
from models.report import CURRENT_FORMAT, Report, part_number
from models.values import CellValue, format_value, problem, shown_value

# --- the rules ---------------------------------------------------------------------------------

VALUE_KIND = Rule("value.kind", Severity.ERROR, "数值不合规", Kind.VALUE)
VALUE_BLANK = blank_marks.VALUE_BLANK
TABLE_UNTOUCHED = Rule("table.untouched", Severity.ERROR, "表格尚未填写", Kind.BLANK)


@cache
def arithmetic_rule(table: TableSpec, rule: TableRule) -> Rule:
    """The rule of ``table``'s arithmetic its description names (表三勾稽关系, 表四各组总计 …):
    always an error.  Cached, so that each is one object, as the other rules are."""
    return Rule(rule.id, Severity.ERROR, f"{table.name}{rule.title}", Kind.ARITHMETIC)


def arithmetic_rules(table: TableSpec) -> tuple[Rule, ...]:
    """``table``'s arithmetic rules: its balance, its total columns', its total rows'."""
    named = (table.balance_rule, table.row_total_rule, table.column_total_rule)
    return tuple(arithmetic_rule(table, rule) for rule in named if rule is not None)


INFO_REQUIRED = Rule("info.required", Severity.ERROR, f"{BASIC_HEADING}未填", Kind.BASIC)
INFO_YEAR = Rule("info.year", Severity.WARNING, BASIC_LABELS["year"], Kind.BASIC)
INFO_CONTACT = Rule("info.contact", Severity.INFO, "联系方式未填", Kind.BASIC)
INFO_UNDATED = Rule("info.undated", Severity.INFO, "没有落款日期", Kind.BASIC)
"""A published document without a 落款 date (``Report.published``): the official format has no
落款 and a web page carries its date in the page, so only a hint; a final document made from it
is still refused (``models.checks.export_refusal``)."""
TEXT_REQUIRED = Rule("text.required", Severity.ERROR, "正文未填", Kind.BLANK)
TEXT_EMPTY_PART = Rule("text.empty_part", Severity.WARNING, "小标题下没有内容", Kind.BLANK)
TEXT_PREAMBLE = Rule("text.preamble", Severity.INFO, f"缺少{BASIC_LABELS['preamble']}", Kind.BASIC)

TABLE_AND_TEXT_RULES = (
    VALUE_KIND,
    VALUE_BLANK,
    TABLE_UNTOUCHED,
    *(rule for table in CURRENT_FORMAT.tables for rule in arithmetic_rules(table)),
    INFO_REQUIRED,
    INFO_YEAR,
    INFO_CONTACT,
    INFO_UNDATED,
    TEXT_REQUIRED,
    TEXT_EMPTY_PART,
    TEXT_PREAMBLE,
)

RULES: dict[str, Rule] = {
    r.id: r
    # The rules of this module, then the text against the tables (models.checks.text), then last
    # year's report (models.checks.years) and the dates (models.checks.dates).
    for r in (
        *TABLE_AND_TEXT_RULES,
        *blank_marks.RULES,
        *wording_checks.RULES,
        *text_checks.RULES,
        *year_checks.RULES,
        *date_checks.RULES,
    )
}

FIRST_YEAR_OF_FORMAT = 2021


def run_checks(
    report: Report, previous: Report | None = None, *, previous_problem: str | None = None
) -> list[Finding]:
    """Every finding for ``report``, in the order they are listed (``models.checks.findings.order``:
    errors first, wrong numbers first among them, then by the form's pages).

    ``previous`` is last year's report, for the checks across years; ``previous_problem`` says
    why a linked last year's report could not be read (a hint).  Warnings and hints the clerk
    has acknowledged (已核实) carry the clerk's note.
    """
    findings: list[Finding] = []
    findings += _check_basic(report)
    findings += _check_texts(report)
    for table in report.format.tables:
        findings += _check_table(report, table)
    findings += wording_checks.check(report)
    findings += text_checks.check(report)
    findings += date_checks.check(report)
    findings += year_checks.check(report, previous, previous_problem)
    if report.acknowledged:
        findings = [_acknowledged(f, report) for f in findings]
    return order(report.format, findings)


def while_filling(report: Report, findings: list[Finding]) -> list[Finding]:
    """``findings`` (as ``run_checks`` gave them) as the window lists them while the clerk fills
    the report: each table's blank cells — one error per cell when checking — gathered into one
    finding for the table, a to-do (``Finding.to_do``) that names how many cells are left and
    where (whole columns and rows first, as a file's blank cells are said).  Every other finding
    is left as it is, a file's blank cells too (see the module)."""
    typed: dict[str | None, set[str]] = {}
    rest: list[Finding] = []
    for finding in findings:
        if _typed_blank(report, finding):
            typed.setdefault(finding.table, set()).update(finding.cells)
        else:
            rest.append(finding)
    if not typed:
        return findings
    for table in report.format.tables:
        ids = typed.get(table.name)
        if ids:
            rest.append(_to_fill(report, table, [c for c in table.cells if c.id in ids]))
    return order(report.format, rest)


def _typed_blank(report: Report, finding: Finding) -> bool:
    """A blank cell's own finding (one cell a reader did not mark: the clerk has not filled it)."""
    return (
        finding.rule is VALUE_BLANK
        and len(finding.cells) == 1
        and finding.cells[0] not in report.blank_marks
    )


TO_FILL = "格未填"
"""How the window counts a table's cells still to fill: 表三还有 145 格未填."""


def _to_fill(report: Report, table: TableSpec, cells: list[CellSpec]) -> Finding:
    # A column left blank is said as a whole: its totals are blank too, though not to be filled.
    blank = [c.id for c in table.cells if report.values[c.id] is None]
    places = blank_marks.blank_places(table, cells, blank)
    return Finding(
        VALUE_BLANK,
        f"{table.name}还有 {len(cells)} {TO_FILL}：{places}。"
        "没有发生的事项填 0（空白不等于 0）；导出或打印正式版前要全部填好。",
        table=table.name,
        cells=tuple(c.id for c in cells),
        to_do=True,
    )


def _acknowledged(finding: Finding, report: Report) -> Finding:
    if finding.severity is Severity.ERROR:
        return finding
    ack = report.acknowledged.get(finding.key)
    return finding if ack is None else dataclasses.replace(finding, note=ack.note)


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for finding in findings:
        result[finding.severity] += 1
    return result


def summary(findings: Iterable[Finding]) -> str:
    """共 2 个错误、1 个警告、0 个提示"""
    n = counts(findings)
    return "、".join(f"{n[s]} 个{s.label}" for s in Severity)


# --- basic facts and texts -----------------------------------------------------------------------


_CONTACT_FIELDS = ("contact_office", "address", "phone")


def _check_basic(report: Report) -> Iterator[Finding]:
    def basic(rule: Rule, message: str, field: str) -> Finding:
        return Finding(rule, message, address=FieldAddress.basic(field))

    label = BASIC_LABELS
    fill_in = f"请在“{BASIC_HEADING}”中填写"
    if not report.agency.strip():
        yield basic(
            INFO_REQUIRED,
            f"没有填写{label['agency']}：报告标题和落款都要用到，{fill_in}。",
            "agency",
        )
    if report.year is None:
        yield basic(INFO_REQUIRED, f"没有填写{label['year']}：{fill_in}统计年度，如 2024。", "year")
    elif report.year < FIRST_YEAR_OF_FORMAT:
        yield basic(
            INFO_YEAR,
            f"{label['year']}为 {report.year} 年，而 {FIRST_YEAR_OF_FORMAT} 年版格式适用于 "
            f"{FIRST_YEAR_OF_FORMAT} 年度及以后的报告，请核对年度。",
            "year",
        )
    if report.report_date is None and report.published:
        # Judged on what the format requires: six of seven published reports have no 落款.
        yield basic(
            INFO_UNDATED,
            f"没有{label['report_date']}：官方格式不要求落款，网页和附件常以发布页面上的日期为准，"
            f"所以没有核对公布期限。以这份报告为底稿导出正式版时，{fill_in}成文日期。",
            "report_date",
        )
    elif report.report_date is None:
        # The clerk's own report: a final document is signed and dated (GB/T 9704).
        yield basic(
            INFO_REQUIRED,
            f"没有填写{label['report_date']}：{fill_in}报告的成文日期。",
            "report_date",
        )
    # The first contact field left blank is the one the form selects.
    missing = [
        key
        for key, _ in BASIC_FIELDS
        if key in _CONTACT_FIELDS and not getattr(report, key).strip()
    ]
    if missing:
        yield basic(
            INFO_CONTACT,
            f"没有填写{'、'.join(label[key] for key in missing)}："
            f"{label['preamble']}通常写明咨询联系方式。",
            missing[0],
        )
    if not report.preamble.strip():
        yield basic(
            TEXT_PREAMBLE,
            f"没有{label['preamble']}：通常写明编制依据、报告组成、统计期限和联系方式。",
            "preamble",
        )


def _check_texts(report: Report) -> Iterator[Finding]:
    for section in report.format.sections:
        text = report.sections[section.key]
        if section.text_required and text.is_empty():
            yield Finding(
                TEXT_REQUIRED,
                f"“{section.heading}”还没有内容，请填写。",
                address=FieldAddress(section.key),
            )
            continue
        for index, part in enumerate(text.parts):
            if part.heading.strip() and not part.text.strip():
                yield Finding(
                    TEXT_EMPTY_PART,
                    f"“{section.heading}”中的小标题“{part_number(index)}{part.heading.strip()}”"
                    "下面没有内容：请填写，或删除这个小标题。",
                    address=FieldAddress(section.key, index),
                )


# --- tables --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TableChecks:
    """What checking one table needs, worked out once per table from the format description."""

    entered: tuple[CellSpec, ...]
    computed: tuple[CellSpec, ...]
    sums: tuple[tuple[SumSpec, Rule], ...]
    balances: tuple[tuple[CellSpec, tuple[CellSpec, ...], tuple[CellSpec, ...]], ...]
    balance_rule: Rule | None


@cache
def _plan(table: TableSpec) -> _TableChecks:
    sums = tuple((s, arithmetic_rule(table, table.sum_rule(s.along))) for s in table.sums)
    balances = []
    balance_rule = None
    if table.balance is not None:
        if table.balance_rule is None:
            raise LookupError(f"{table.name} has a balance but no rule for it")
        balance_rule = arithmetic_rule(table, table.balance_rule)
        left_keys, right_keys = table.balance
        for block in table.blocks:
            for column in block.column_leaves:
                balances.append(
                    (
                        table.cell(left_keys[0], column.key),
                        tuple(table.cell(k, column.key) for k in left_keys),
                        tuple(table.cell(k, column.key) for k in right_keys),
                    )
                )
    return _TableChecks(
        entered=tuple(c for c in table.cells if not c.computed),
        computed=tuple(c for c in table.cells if c.computed),
        sums=sums,
        balances=tuple(balances),
        balance_rule=balance_rule,
    )


def _check_table(report: Report, table: TableSpec) -> Iterator[Finding]:
    plan = _plan(table)
    values = report.values
    marked, covered = blank_marks.check(report, table)
    # A table a file left wholly blank is a table nobody filled, as one the clerk has not begun.
    only_blank = all(f.rule is VALUE_BLANK for f in marked)
    if only_blank and all(values[cell.id] is None for cell in table.cells):
        # Nobody has started the table: one finding, not one per blank cell (a new report would
        # open with 166 of them).  It is an error, so a final version is still refused.
        yield Finding(
            TABLE_UNTOUCHED,
            f"{table.name}尚未填写：请逐格填写本年度的数字，没有发生的事项填 0（空白不等于 0）。",
            table=table.name,
            cells=(plan.entered[0].id,),  # where double-clicking the finding takes the clerk
        )
        return
    # Cells a reader marked ("—" for 0, a collapsed row, a 2019 table): once per table.
    yield from marked
    bad: set[str] = set()
    for cell in table.cells:
        value = values[cell.id]
        if value is None:
            continue
        if cell.kind is NumberKind.COUNT and type(value) is int and value >= 0:
            continue
        reason = problem(value, cell.kind)
        if reason is not None:
            bad.add(cell.id)
            yield _cell_finding(VALUE_KIND, cell, f"{cell.place}：{reason}")
    for cell in plan.entered:
        if values[cell.id] is None and cell.id not in covered:
            yield _cell_finding(
                VALUE_BLANK, cell, f"{cell.place}是空白：没有发生的事项请填 0（空白不等于 0）。"
            )
    computed_values = None
    for cell in plan.computed:
        if values[cell.id] is None and cell.id not in covered:
            if computed_values is None:
                computed_values = report.computed_totals()
            if computed_values[cell.id] is not None:
                yield _cell_finding(
                    VALUE_BLANK,
                    cell,
                    f"{cell.place}是空白：合计应为 {format_value(computed_values[cell.id])}。",
                )
    for spec, rule in plan.sums:
        total = values[spec.total.id]
        parts = [values[p.id] for p in spec.parts]
        if total is None or any(v is None for v in parts) or spec.total.id in bad:
            continue
        actual: CellValue = sum(parts)  # type: ignore[arg-type]
        if actual != total:
            yield _sum_finding(rule, spec, total, parts, actual)
    for anchor, left, right in plan.balances:
        left_values = [values[c.id] for c in left]
        right_values = [values[c.id] for c in right]
        if any(v is None for v in left_values) or any(v is None for v in right_values):
            continue
        left_sum: CellValue = sum(left_values)  # type: ignore[arg-type]
        right_sum: CellValue = sum(right_values)  # type: ignore[arg-type]
        if left_sum != right_sum and plan.balance_rule is not None:
            yield _balance_finding(
                plan.balance_rule,
                anchor,
                left,
                left_values,
                left_sum,
                right,
                right_values,
                right_sum,
            )


def _cell_finding(rule: Rule, cell: CellSpec, message: str) -> Finding:
    return Finding(
        rule,
        message,
        table=cell.table.name,
        row=cell.row_label,
        column=cell.column_label,
        cells=(cell.id,),
    )


_LIST_ALL_UP_TO = 8


def _sum_finding(
    rule: Rule, spec: SumSpec, total: CellValue, parts: list[CellValue | None], actual: CellValue
) -> Finding:
    cell = spec.total
    table = cell.table.name
    if spec.along == "row":
        if cell.row_label is None:
            group = "·".join(n.label for n in cell.column_path[:-1])
            place = f"{table}「{group}」"
        else:
            place = f"{table}「{cell.row_label}」行"
        total_name = cell.column.brief
        names = [p.column.brief for p in spec.parts]
        row, column = cell.row_label, cell.column_label
    else:
        place = f"{table}「{cell.column_label}」列"
        total_name = cell.row.brief
        names = [p.row.brief for p in spec.parts]
        row, column = cell.row.label, cell.column_label
    if len(parts) <= _LIST_ALL_UP_TO:
        terms = " ＋ ".join(
            f"{name} {shown_value(v)}" for name, v in zip(names, parts, strict=True)
        )
        detail = f"{terms} ＝ {shown_value(actual)}"
    else:
        nonzero = [f"{name} {shown_value(v)}" for name, v in zip(names, parts, strict=True) if v]
        listed = f"（其中{'，'.join(nonzero)}）" if nonzero else ""
        detail = f"{len(parts)} 项分项之和 ＝ {shown_value(actual)}{listed}"
    message = f"{place}：「{total_name}」为 {shown_value(total)}，但 {detail}，两者应相等。"
    return Finding(
        rule,
        message,
        table=table,
        row=row,
        column=column,
        cells=(cell.id, *(p.id for p in spec.parts)),
    )


def _balance_finding(
    rule: Rule,
    anchor: CellSpec,
    left: tuple[CellSpec, ...],
    left_values: list[CellValue | None],
    left_sum: CellValue,
    right: tuple[CellSpec, ...],
    right_values: list[CellValue | None],
    right_sum: CellValue,
) -> Finding:
    def side(cells: tuple[CellSpec, ...], values: list[CellValue | None], total: CellValue) -> str:
        terms = " ＋ ".join(
            f"{c.row.brief} {shown_value(v)}" for c, v in zip(cells, values, strict=True)
        )
        return f"{terms} ＝ {shown_value(total)}"

    message = (
        f"{anchor.table.name}「{anchor.column_label}」列："
        f"{side(left, left_values, left_sum)}，"
        f"{side(right, right_values, right_sum)}，两者应相等。"
    )
    return Finding(
        rule,
        message,
        table=anchor.table.name,
        row=None,
        column=anchor.column_label,
        cells=tuple(c.id for c in (*left, *right)),
    )


# Re-exported for callers that only need the types.
__all__ = [
    "BASIC",
    "BASIC_HEADING",
    "RULES",
    "Finding",
    "Kind",
    "Rule",
    "Severity",
    "counts",
    "run_checks",
    "section_heading",
    "summary",
    "while_filling",
]
