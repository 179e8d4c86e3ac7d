"""The checks across years: this year's report against last year's.

Last year's report (linked in the project, or given on the command line) must hand over what it
carried forward: this year's 上年结转 is last year's 结转下年度继续办理, column by column (错误);
现行有效件数 follows from last year's plus 本年制发 minus 本年废止 (警告: revisions and clean-ups
break it legitimately); a figure that grows more than five-fold or falls below a fifth is worth a
second look (提示); and a paragraph published again word for word is 内容雷同 (警告).

The dates are checked in ``date_checks``; linking and starting from last year's file is
``previous_year``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from models.checks.findings import Finding, Kind, Rule, Severity
from models.format.spec import Role
from models.narrative.fields import BASIC, FieldAddress, paragraphs, text_fields
from models.report import CURRENT_FORMAT, Report
from models.values import format_value

PREVIOUS_LINK = Rule("previous.link", Severity.INFO, "上年报告无法读取", Kind.CROSS_YEAR)
PREVIOUS_YEAR = Rule("previous.year", Severity.WARNING, "上年报告的年度不对", Kind.CROSS_YEAR)
CARRY_OVER = Rule(
    "previous.carry_over",
    Severity.ERROR,
    f"{CURRENT_FORMAT.node_with(Role.CARRIED_IN).brief}与上年报告不符",
    Kind.CROSS_YEAR,
)
IN_FORCE = Rule(
    "previous.in_force",
    Severity.WARNING,
    f"{CURRENT_FORMAT.node_with(Role.IN_FORCE).label}与上年不衔接",
    Kind.CROSS_YEAR,
)
JUMP = Rule("previous.jump", Severity.INFO, "数字与上年相差悬殊", Kind.CROSS_YEAR)
SAME_TEXT = Rule("previous.same_text", Severity.WARNING, "内容雷同", Kind.CROSS_YEAR)

RULES = (PREVIOUS_LINK, PREVIOUS_YEAR, CARRY_OVER, IN_FORCE, JUMP, SAME_TEXT)

JUMP_FACTOR = 5
JUMP_FLOOR = 10
"""A jump is noticed only when the larger of the two figures reaches this (1 → 6 is noise)."""
JUMP_CELLS: tuple[tuple[Role, ...], ...] = (
    (Role.LICENSE,),
    (Role.PENALTY,),
    (Role.ENFORCEMENT,),
    (Role.FEES,),
    (Role.NEW, Role.TOTAL),
    (Role.REVIEW, Role.TOTAL),
    (Role.DIRECT_SUIT, Role.TOTAL),
    (Role.SUIT_AFTER_REVIEW, Role.TOTAL),
)
"""The figures compared with last year's, by the roles naming their cells: 表二's decisions and
fees, 本年新收, and each 表四 group's 总计."""
SAME_TEXT_MIN = 20
"""Paragraphs shorter than this (“无。”, “本年度未收取信息处理费。”) may well be the same every
year."""


def check(
    report: Report, previous: Report | None, previous_problem: str | None = None
) -> Iterator[Finding]:
    """The findings against last year's report (``previous_problem``: why it could not be read)."""
    if previous_problem:
        yield Finding(PREVIOUS_LINK, previous_problem, address=FieldAddress.basic("previous_file"))
    if previous is not None and not is_year_before(previous, report):
        yield Finding(
            PREVIOUS_YEAR,
            f"作为上年报告的是 {previous.year} 年度的报告，而本报告是 {report.year} 年度的："
            f"上年报告应当是 {_minus_one(report.year)} 年度的。没有与它比对，请重新选择上年报告。",
            address=FieldAddress.basic("year"),
        )
        previous = None
    yield from _check_same_text(report, previous)
    if previous is None:
        return
    yield from _check_carry_over(report, previous)
    yield from _check_in_force(report, previous)
    yield from _check_jumps(report, previous)


def is_year_before(previous: Report, report: Report) -> bool:
    """Whether ``previous`` can be the report of the year before ``report`` (true when a year is
    not filled in: nothing says otherwise)."""
    return previous.year is None or report.year is None or previous.year == report.year - 1


def _minus_one(year: int | None) -> str:
    return "上一" if year is None else str(year - 1)


# --- last year's numbers -------------------------------------------------------------------------


def _year_of(report: Report) -> str:
    return "上年" if report.year is None else f"上年（{report.year} 年度）"


def _check_carry_over(report: Report, previous: Report) -> Iterator[Finding]:
    table = report.format.table_with(Role.CARRIED_IN)
    carried_out = table.node_with(Role.CARRIED_OUT)
    for cell in table.cells_with(Role.CARRIED_IN):
        before = table.cell_at(carried_out, cell.column)
        now, then = report.values.get(cell.id), previous.values.get(before.id)
        if now is None or then is None or now == then:
            continue
        yield Finding(
            CARRY_OVER,
            f"{cell.place}为 {format_value(now)}，"
            f"但{_year_of(previous)}报告「{before.row.label}」行「{before.column_label}」列为 "
            f"{format_value(then)}：本年的{cell.row.brief}应当等于上年的{before.row.bare}。",
            table=table.name,
            row=cell.row.label,
            column=cell.column_label,
            cells=(cell.id,),
        )


def _check_in_force(report: Report, previous: Report) -> Iterator[Finding]:
    table = report.format.table_with(Role.IN_FORCE)
    issued_column = table.node_with(Role.ISSUED)
    repealed_column = table.node_with(Role.REPEALED)
    for in_force in table.cells_with(Role.IN_FORCE):
        row = in_force.row
        issued = table.cell_at(row, issued_column)
        repealed = table.cell_at(row, repealed_column)
        now = report.values.get(in_force.id)
        new = report.values.get(issued.id)
        gone = report.values.get(repealed.id)
        then = previous.values.get(in_force.id)
        if now is None or new is None or gone is None or then is None:
            continue
        expected = then + new - gone
        if now == expected:
            continue
        label = in_force.column.label
        yield Finding(
            IN_FORCE,
            f"{table.name}「{row.label}」{label}为 {format_value(now)}，但上年"
            f"{in_force.column.brief} {format_value(then)} ＋ {issued.column.brief} "
            f"{format_value(new)} － {repealed.column.brief} {format_value(gone)}"
            f" ＝ {format_value(expected)}。修订、清理也会改变{label}：核对无误的，"
            "可以标记为已核实。",
            table=table.name,
            row=row.label,
            column=in_force.column_label,
            cells=(in_force.id, issued.id, repealed.id),
        )


def _check_jumps(report: Report, previous: Report) -> Iterator[Finding]:
    # A format without one of them compares what it has.
    for cell in (c for roles in JUMP_CELLS for c in report.format.cells_with(*roles)):
        cell_id = cell.id
        now, then = report.values.get(cell_id), previous.values.get(cell_id)
        if now is None or then is None or max(now, then) < JUMP_FLOOR:
            continue
        if now > then * JUMP_FACTOR:
            change = f"是上年的 {JUMP_FACTOR} 倍以上" if then else "从无到有"
        elif now * JUMP_FACTOR < then:
            change = "不到上年的五分之一"
        else:
            continue
        yield Finding(
            JUMP,
            f"{cell.place}本年为 {format_value(now)}，上年为 {format_value(then)}，"
            f"{change}。请核对数字（统计口径或职能变化的，可以标记为已核实）。",
            table=cell.table.name,
            row=cell.row_label,
            column=cell.column_label,
            cells=(cell_id,),
        )


# --- 内容雷同 ------------------------------------------------------------------------------------


def _normal(paragraph: str) -> str:
    return "".join(paragraph.split())


@lru_cache(maxsize=16)
def _paragraph_set(texts: tuple[str, ...]) -> frozenset[str]:
    found = set()
    for text in texts:
        for _, paragraph in paragraphs(text):
            normal = _normal(paragraph)
            if len(normal) >= SAME_TEXT_MIN:
                found.add(normal)
    return frozenset(found)


def section_texts(report: Report) -> list[str]:
    """The texts of the six sections (not the preamble, whose legal basis is the same every year,
    nor the sub-headings, which are standard)."""
    texts = []
    for section in report.sections.values():
        texts.append(section.intro)
        texts += (part.text for part in section.parts)
    return [text for text in texts if text.strip()]


def last_year_paragraphs(report: Report, previous: Report | None) -> frozenset[str]:
    """Last year's paragraphs this report must not repeat: those it was started from, and those
    of the linked last year's report."""
    texts = tuple(report.previous_paragraphs)
    if previous is not None:
        texts += tuple(section_texts(previous))
    return _paragraph_set(texts) if texts else frozenset()


def is_unchanged(paragraph: str, last_year: frozenset[str]) -> bool:
    """Whether ``paragraph`` is last year's, word for word (spaces aside)."""
    return bool(last_year) and _normal(paragraph) in last_year


@lru_cache(maxsize=256)
def unchanged_paragraphs(text: str, last_year: frozenset[str]) -> tuple[str, ...]:
    """The paragraphs of ``text`` that are last year's, word for word (spaces aside)."""
    return tuple(p for _, p in paragraphs(text) if _normal(p) in last_year)


def _check_same_text(report: Report, previous: Report | None) -> Iterator[Finding]:
    last_year = last_year_paragraphs(report, previous)
    if not last_year:
        return
    for field_ in text_fields(report):
        if field_.section == BASIC or not field_.text:
            continue
        same = unchanged_paragraphs(field_.text, last_year)
        if not same:
            continue
        first = same[0].strip()
        shown = first if len(first) <= 40 else first[:40] + "……"
        count = "这段文字" if len(same) == 1 else f"有 {len(same)} 段文字"
        yield Finding(
            SAME_TEXT,
            f"{field_.place}：{count}与上年报告完全相同（如“{shown}”）。请按本年度的情况改写；"
            "确实不需要改的，可以标记为已核实。",
            address=field_.address,
        )
