"""Checks across years and dates, and a new report started from last year's.

Last year's report (linked in the project, or given on the command line) must hand over what it
carried forward: this year's 上年结转 is last year's 结转下年度继续办理, column by column (错误);
现行有效件数 follows from last year's plus 本年制发 minus 本年废止 (警告: revisions and clean-ups
break it legitimately); a figure that grows more than five-fold or falls below a fifth is worth a
second look (提示); and a paragraph published again word for word is 内容雷同 (警告).

The dates: the statistics period stated in the preamble is the report year; the report is dated in
the following year, by 31 January (by 31 March for a whole government's report, 条例第四十九条); the
year in the title is the report year.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from models.files import FileProblem
from models.findings import BASIC, Finding, Rule, Severity
from models.format import CellSpec, ReportFormat
from models.narrative import cell_name, paragraphs, text_fields
from models.report import Report, SectionText, new_report
from models.values import FULL_WIDTH_DIGITS, format_value

PREVIOUS_LINK = Rule("previous.link", Severity.INFO, "上年报告无法读取")
PREVIOUS_YEAR = Rule("previous.year", Severity.WARNING, "上年报告的年度不对")
CARRY_OVER = Rule("previous.carry_over", Severity.ERROR, "上年结转与上年报告不符")
IN_FORCE = Rule("previous.in_force", Severity.WARNING, "现行有效件数与上年不衔接")
JUMP = Rule("previous.jump", Severity.INFO, "数字与上年相差悬殊")
SAME_TEXT = Rule("previous.same_text", Severity.WARNING, "内容雷同")
PERIOD = Rule("date.period", Severity.WARNING, "统计期限与报告年度不符")
REPORT_DATE = Rule("date.report_date", Severity.WARNING, "落款日期")
TITLE_YEAR = Rule("date.title_year", Severity.WARNING, "标题年份与报告年度不符")

RULES = (
    PREVIOUS_LINK,
    PREVIOUS_YEAR,
    CARRY_OVER,
    IN_FORCE,
    JUMP,
    SAME_TEXT,
    PERIOD,
    REPORT_DATE,
    TITLE_YEAR,
)

DEPARTMENT_DEADLINE = (1, 31)
"""Month and day, in the year after the report year: departments publish by 31 January."""
GOVERNMENT_DEADLINE = (3, 31)
"""A whole government's report (本级政府) is published by 31 March."""

JUMP_FACTOR = 5
JUMP_FLOOR = 10
"""A jump is noticed only when the larger of the two figures reaches this (1 → 6 is noise)."""
JUMP_CELLS = (
    "t2.license.decisions",
    "t2.penalty.decisions",
    "t2.enforcement.decisions",
    "t2.fees.amount",
    "t3.new.total",
    "t4.cases.review_total",
    "t4.cases.direct_total",
    "t4.cases.after_review_total",
)
SAME_TEXT_MIN = 20
"""Paragraphs shorter than this (“无。”, “本年度未收取信息处理费。”) may well be the same every
year."""


def check(
    report: Report, previous: Report | None, previous_problem: str | None = None
) -> Iterator[Finding]:
    yield from _check_dates(report)
    if previous_problem:
        yield Finding(PREVIOUS_LINK, previous_problem, section=BASIC, field="previous_file")
    if previous is not None and not is_year_before(previous, report):
        yield Finding(
            PREVIOUS_YEAR,
            f"作为上年报告的是 {previous.year} 年度的报告，而本报告是 {report.year} 年度的："
            f"上年报告应当是 {_minus_one(report.year)} 年度的。没有与它比对，请重新选择上年报告。",
            section=BASIC,
            field="year",
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
    table = report.format.table_by_key["t3"]
    for column in table.blocks[0].column_leaves:
        cell = table.cell("carried_in", column.key)
        before = table.cell("carried_out", column.key)
        now, then = report.values.get(cell.id), previous.values.get(before.id)
        if now is None or then is None or now == then:
            continue
        yield Finding(
            CARRY_OVER,
            f"表三「{cell.row.label}」行「{cell.column_label}」列为 {format_value(now)}，"
            f"但{_year_of(previous)}报告「{before.row.label}」行「{before.column_label}」列为 "
            f"{format_value(then)}：本年的上年结转应当等于上年的结转下年度继续办理。",
            table=table.name,
            row=cell.row.label,
            column=cell.column_label,
            cells=(cell.id,),
        )


def _check_in_force(report: Report, previous: Report) -> Iterator[Finding]:
    table = report.format.table_by_key["t2"]
    for row in table.blocks[0].row_leaves:
        in_force = table.cell(row.key, "in_force")
        issued = table.cell(row.key, "issued")
        repealed = table.cell(row.key, "repealed")
        now = report.values.get(in_force.id)
        new = report.values.get(issued.id)
        gone = report.values.get(repealed.id)
        then = previous.values.get(in_force.id)
        if now is None or new is None or gone is None or then is None:
            continue
        expected = then + new - gone
        if now == expected:
            continue
        yield Finding(
            IN_FORCE,
            f"表二「{row.label}」现行有效件数为 {format_value(now)}，但上年现行有效 "
            f"{format_value(then)} ＋ 本年制发 {format_value(new)} － 本年废止 {format_value(gone)}"
            f" ＝ {format_value(expected)}。修订、清理也会改变现行有效件数：核对无误的，"
            "可以标记为已核实。",
            table=table.name,
            row=row.label,
            column=in_force.column_label,
            cells=(in_force.id, issued.id, repealed.id),
        )


def _check_jumps(report: Report, previous: Report) -> Iterator[Finding]:
    for cell_id in JUMP_CELLS:
        cell = report.format.cell_by_id.get(cell_id)
        if cell is None:
            continue
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
            f"{cell_name(cell)}本年为 {format_value(now)}，上年为 {format_value(then)}，"
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
            section=field_.section,
            field=field_.field,
        )


# --- dates ---------------------------------------------------------------------------------------

_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*(?:至|到|—|–|－|-|～|~)+\s*"
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
)
_PERIOD_YEAR = re.compile(
    r"(?:时间范围|统计期限|统计时限|统计时间|统计区间|统计范围|统计周期)[^。；\d]{0,6}(\d{4})\s*年"
)
_TITLE = re.compile(r"(\d{4})\s*年度?\s*政府信息公开(?:工作)?年度报告")
_YEAR_IN_NAME = re.compile(r"\d{4}\s*年")


def standard_period(year: int) -> str:
    return f"{year}年1月1日至{year}年12月31日"


def deadline(report: Report) -> dt.date | None:
    """The last day to publish: 31 January of the next year (31 March for a whole government)."""
    if report.year is None:
        return None
    month, day = GOVERNMENT_DEADLINE if report.whole_government else DEPARTMENT_DEADLINE
    return dt.date(report.year + 1, month, day)


def _check_dates(report: Report) -> Iterator[Finding]:
    if report.year is None:
        return
    overview = report.sections[report.format.sections[0].key].intro
    yield from _date_findings(
        report.format,
        report.year,
        report.agency,
        report.preamble,
        overview,
        report.report_date,
        report.whole_government,
    )


@lru_cache(maxsize=64)
def _date_findings(
    report_format: ReportFormat,
    year: int,
    agency: str,
    preamble: str,
    overview: str,
    date: dt.date | None,
    whole_government: bool,
) -> tuple[Finding, ...]:
    """The date findings, worked out once for each state of the few fields they read (the form
    checks after every keystroke)."""
    report = Report(format=report_format, agency=agency, year=year, preamble=preamble)
    report.sections[report_format.sections[0].key] = SectionText(overview)
    report.report_date = date
    report.whole_government = whole_government
    return (
        *_check_period(report, year),
        *_check_report_date(report, year),
        *_check_title_year(report, year),
    )


def _period_texts(report: Report) -> Iterable[tuple[str, str, str, str]]:
    """(section, field, place, text) where a report states its statistics period."""
    yield BASIC, "preamble", "前言", report.preamble
    overview = report.format.sections[0]
    yield overview.key, "intro", overview.heading, report.sections[overview.key].intro


def _check_period(report: Report, year: int) -> Iterator[Finding]:
    for section, field_, place, text in _period_texts(report):
        plain = text.translate(FULL_WIDTH_DIGITS)
        found = _PERIOD.search(plain)
        if found is not None:
            start_year, start_month, start_day, end_year, end_month, end_day = (
                int(g) if g else None for g in found.groups()
            )
            stated = (
                start_year,
                start_month,
                start_day,
                end_year if end_year is not None else start_year,
                end_month,
                end_day,
            )
            if stated != (year, 1, 1, year, 12, 31):
                yield Finding(
                    PERIOD,
                    f"{place}写的统计期限是“{text[found.start() : found.end()]}”，而本报告是 "
                    f"{year} 年度的：统计期限应为{standard_period(year)}。",
                    section=section,
                    field=field_,
                )
            continue
        said = _PERIOD_YEAR.search(plain)
        if said is not None and int(said.group(1)) != year:
            yield Finding(
                PERIOD,
                f"{place}写的统计期限是“{text[said.start() : said.end()]}”，而本报告是 {year} "
                f"年度的：统计期限应为{standard_period(year)}。",
                section=section,
                field=field_,
            )


def _check_report_date(report: Report, year: int) -> Iterator[Finding]:
    date = report.report_date
    last = deadline(report)
    if date is None or last is None:
        return
    shown = f"{date.year}年{date.month}月{date.day}日"
    if date <= dt.date(year, 12, 31):
        yield Finding(
            REPORT_DATE,
            f"落款日期 {shown} 在 {year} 年度结束之前：年度报告在统计年度结束后编制，"
            f"通常落款为 {year + 1} 年 1 月。",
            section=BASIC,
            field="report_date",
        )
    elif date > last:
        who = "本级政府的年度报告" if report.whole_government else "政府部门的年度报告"
        hint = (
            ""
            if report.whole_government
            else ("（本级政府的报告请在“年度”菜单中勾选“本级政府报告”，期限为 3 月 31 日）")
        )
        yield Finding(
            REPORT_DATE,
            f"落款日期 {shown} 晚于 {last.year}年{last.month}月{last.day}日：按《政府信息公开条例》"
            f"第四十九条，{who}应在这一天之前公布。请核对日期{hint}。",
            section=BASIC,
            field="report_date",
        )


def _check_title_year(report: Report, year: int) -> Iterator[Finding]:
    if _YEAR_IN_NAME.search(report.agency.translate(FULL_WIDTH_DIGITS)):
        yield Finding(
            TITLE_YEAR,
            f"机关名称“{report.agency}”中含有年份：标题由机关名称和报告年度组成"
            f"（{report.format.title('…', year)}），请在机关名称中只写机关的名称。",
            section=BASIC,
            field="agency",
        )
    for section, field_, place, text in _period_texts(report):
        for found in _TITLE.finditer(text.translate(FULL_WIDTH_DIGITS)):
            if int(found.group(1)) != year:
                yield Finding(
                    TITLE_YEAR,
                    f"{place}中写的“{text[found.start() : found.end()]}”与报告年度 {year} 年不符。",
                    section=section,
                    field=field_,
                )


# --- linking last year's report ------------------------------------------------------------------


def linked_path(report: Report, project_path: Path | None) -> Path | None:
    """Where the linked last year's report is: the stored path (relative paths from the project's
    folder), or else a file of that name next to the project (the folder was moved)."""
    if not report.previous_file:
        return None
    stored = Path(report.previous_file)
    folder = None if project_path is None else Path(project_path).parent
    first = stored if stored.is_absolute() or folder is None else folder / stored
    candidates = [first]
    if folder is not None:
        candidates.append(folder / stored.name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return first


def load_linked(
    report: Report, project_path: Path | None, read: Callable[[Path], Report]
) -> tuple[Report | None, str | None]:
    """Last year's report linked to ``report``, or why it could not be read (a Chinese sentence).
    ``read`` is the reader (``exporters.read_report(path).report``): models do not import it."""
    path = linked_path(report, project_path)
    if path is None:
        return None, None
    try:
        return read(path), None
    except FileProblem as problem:
        return None, (
            f"关联的上年报告“{report.previous_file}”无法读取，没有做与上年报告的比对：{problem}"
        )


# --- 从上年报告新建 ------------------------------------------------------------------------------


def next_year_preamble(preamble: str, year: int | None) -> str:
    """Last year's preamble with its statistics period moved on by a year."""
    if year is None:
        return preamble
    plain = preamble.translate(FULL_WIDTH_DIGITS)
    found = _PERIOD.search(plain)
    if found is None:
        return preamble
    return preamble[: found.start()] + standard_period(year + 1) + preamble[found.end() :]


def new_from_previous(previous: Report, path: Path | None = None) -> Report:
    """This year's report started from last year's (``path`` is linked for the checks).

    The agency, contact, style and settings are carried over; 上年结转 is last year's 结转下年度继续
    办理, every column; last year's text is kept as a draft whose paragraphs stay marked unchanged
    (内容雷同) until edited; the preamble's statistics period moves on a year.  The tables are
    otherwise blank and the report date unset.
    """
    year = None if previous.year is None else previous.year + 1
    report = new_report(previous.agency, year, previous.format)
    report.contact_office = previous.contact_office
    report.address = previous.address
    report.phone = previous.phone
    report.style = dataclasses.replace(previous.style)
    report.whole_government = previous.whole_government
    report.preamble = next_year_preamble(previous.preamble, previous.year)
    for key, section in previous.sections.items():
        report.sections[key] = section.copy()
    table = report.format.table_by_key["t3"]
    for column in table.blocks[0].column_leaves:
        report.values[table.cell("carried_in", column.key).id] = previous.values.get(
            table.cell("carried_out", column.key).id
        )
    if path is not None:
        report.previous_file = str(Path(path).resolve())
    seen: dict[str, None] = {}
    for text in section_texts(previous):
        for _, paragraph in paragraphs(text):
            seen.setdefault(paragraph.strip(), None)
    report.previous_paragraphs = list(seen)
    return report


def carried_cells(report: Report) -> list[CellSpec]:
    """The cells 从上年报告新建 fills: 表三's 上年结转 row."""
    table = report.format.table_by_key["t3"]
    return [table.cell("carried_in", c.key) for c in table.blocks[0].column_leaves]


def previous_for_check(
    report: Report,
    project_path: Path | None,
    given: Path | None,
    read: Callable[[Path], Report],
) -> tuple[Report | None, str | None]:
    """Last year's report for ``main.py check``: the file given (``--previous``; a FileProblem
    when it cannot be read), else the one linked in the project (or why it could not be read)."""
    if given is not None:
        return read(given), None
    return load_linked(report, project_path, read)
