"""The checks of the dates: the statistics period, the report date's deadline, the title's year.

The statistics period stated in the preamble (or the overview) is the report year; the report is
dated in the following year, by 31 January (by 31 March for a whole government's report,
条例第四十九条); the year in the title is the report year.  A report whose kind cannot be told
(``AgencyKind.UNKNOWN``: read from a document of a town, a street, a 开发区 …) has no deadline
finding: its deadline is not known, and a wrong one would be worse than none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from models.agency import AgencyKind
from models.checks.findings import Finding, Kind, Rule, Severity
from models.dates import STATED_PERIOD, standard_period, whole_year_of
from models.format.spec import BASIC_LABELS, ReportFormat
from models.narrative.fields import FieldAddress
from models.report import Report, SectionText, format_date
from models.values import FULL_WIDTH_DIGITS

_AGENCY = BASIC_LABELS["agency"]
_YEAR = BASIC_LABELS["year"]
_REPORT_DATE = BASIC_LABELS["report_date"]

PERIOD = Rule("date.period", Severity.WARNING, "统计期限与报告年度不符", Kind.DATE)
REPORT_DATE = Rule("date.report_date", Severity.WARNING, _REPORT_DATE, Kind.DATE)
TITLE_YEAR = Rule("date.title_year", Severity.WARNING, "标题年份与报告年度不符", Kind.DATE)

RULES = (PERIOD, REPORT_DATE, TITLE_YEAR)

DEPARTMENT_DEADLINE = (1, 31)
"""Month and day, in the year after the report year: departments publish by 31 January."""
GOVERNMENT_DEADLINE = (3, 31)
"""A whole government's report (本级政府) is published by 31 March."""


def _day(month_day: tuple[int, int]) -> str:
    return f"{month_day[0]} 月 {month_day[1]} 日"


DEPARTMENT_DAY = _day(DEPARTMENT_DEADLINE)
"""The deadline as the messages, menus and help texts say it: 1 月 31 日 (of the next year)."""
GOVERNMENT_DAY = _day(GOVERNMENT_DEADLINE)
"""3 月 31 日 (of the next year), for a whole government's report."""

_PERIOD_YEAR = re.compile(
    r"(?:时间范围|统计期限|统计时限|统计时间|统计区间|统计范围|统计周期)[^。；\d]{0,6}(\d{4})\s*年"
)
_TITLE = re.compile(r"(\d{4})\s*年度?\s*政府信息公开(?:工作)?年度报告")
_YEAR_IN_NAME = re.compile(r"\d{4}\s*年")


def deadline(report: Report) -> dt.date | None:
    """The last day to publish: 31 January of the next year (31 March for a whole government);
    None without a year, or when whose report it is cannot be told."""
    if report.year is None or report.agency_kind is AgencyKind.UNKNOWN:
        return None
    month, day = GOVERNMENT_DEADLINE if report.whole_government else DEPARTMENT_DEADLINE
    return dt.date(report.year + 1, month, day)


def check(report: Report) -> Iterator[Finding]:
    """The date findings of ``report`` (none before its year is filled in)."""
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
        report.agency_kind,
    )


@lru_cache(maxsize=64)
def _date_findings(
    report_format: ReportFormat,
    year: int,
    agency: str,
    preamble: str,
    overview: str,
    date: dt.date | None,
    kind: AgencyKind,
) -> tuple[Finding, ...]:
    """The date findings, worked out once for each state of the few fields they read (the form
    checks after every keystroke)."""
    report = Report(format=report_format, agency=agency, year=year, preamble=preamble)
    report.sections[report_format.sections[0].key] = SectionText(overview)
    report.report_date = date
    report.agency_kind = kind
    return (
        *_check_period(report, year),
        *_check_report_date(report, year),
        *_check_title_year(report, year),
    )


def _period_texts(report: Report) -> Iterable[tuple[FieldAddress, str, str]]:
    """(address, place, text) where a report states its statistics period."""
    yield FieldAddress.basic("preamble"), BASIC_LABELS["preamble"], report.preamble
    overview = report.format.sections[0]
    yield FieldAddress(overview.key), overview.heading, report.sections[overview.key].intro


def _check_period(report: Report, year: int) -> Iterator[Finding]:
    for address, place, text in _period_texts(report):
        plain = text.translate(FULL_WIDTH_DIGITS)
        # A stated period (2024年1月1日至12月31日) first; else a year the text names as the
        # statistics period (统计时限为2024年度).
        found = STATED_PERIOD.search(plain)
        if found is not None:
            wrong = whole_year_of(found) != year
        else:
            found = _PERIOD_YEAR.search(plain)
            wrong = found is not None and int(found.group(1)) != year
        if found is not None and wrong:
            yield Finding(
                PERIOD,
                f"{place}写的统计期限是“{text[found.start() : found.end()]}”，而本报告是 "
                f"{year} 年度的：统计期限应为{standard_period(year)}。",
                address=address,
            )


def _check_report_date(report: Report, year: int) -> Iterator[Finding]:
    date = report.report_date
    if date is None:
        return
    shown = format_date(date)
    last = deadline(report)
    if date <= dt.date(year, 12, 31):
        # Whoever's report it is: dated before the year it reports on has ended.
        yield Finding(
            REPORT_DATE,
            f"{_REPORT_DATE} {shown} 在 {year} 年度结束之前：年度报告在统计年度结束后编制，"
            f"通常落款为 {year + 1} 年 1 月。",
            address=FieldAddress.basic("report_date"),
        )
    elif last is not None and date > last:
        # Name whose report it is taken for: it decides the deadline, and may be wrong.
        named = f"（{report.agency}）" if report.agency else ""
        kind = "本级政府" if report.whole_government else "政府部门"
        who = f"{kind}{named}的年度报告"
        hint = (
            ""
            if report.whole_government
            else f"（如果这是本级政府的报告，期限为 {GOVERNMENT_DAY}）"
        )
        yield Finding(
            REPORT_DATE,
            f"{_REPORT_DATE} {shown} 晚于 {format_date(last)}："
            f"按《政府信息公开条例》第四十九条，{who}应在这一天之前公布。请核对日期{hint}。",
            address=FieldAddress.basic("report_date"),
        )


def _check_title_year(report: Report, year: int) -> Iterator[Finding]:
    if _YEAR_IN_NAME.search(report.agency.translate(FULL_WIDTH_DIGITS)):
        yield Finding(
            TITLE_YEAR,
            f"{_AGENCY}“{report.agency}”中含有年份：标题由{_AGENCY}和{_YEAR}组成"
            f"（{report.format.title('…', year)}），请在{_AGENCY}中只写机关的名称。",
            address=FieldAddress.basic("agency"),
        )
    for address, place, text in _period_texts(report):
        for found in _TITLE.finditer(text.translate(FULL_WIDTH_DIGITS)):
            if int(found.group(1)) != year:
                yield Finding(
                    TITLE_YEAR,
                    f"{place}中写的“{text[found.start() : found.end()]}”与报告年度 {year} 年不符。",
                    address=address,
                )
