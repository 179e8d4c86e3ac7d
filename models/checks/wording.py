"""The published document's wording against the format's: labels of the tables, section
headings and the title that a report printed otherwise than the official format (a typo, words
missing or changed, a group printed as one row).

The readers find rows and headings by their place as well as by their words, so such a report is
read whole; what it printed is kept in ``Report.deviations`` and reported here, once each, quoting
the printed and the official wording.  A warning: the numbers are read, the wording is the
report's to put right next year.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from models.checks.findings import BASIC, Finding, Kind, Rule, Severity
from models.narrative.fields import FieldAddress
from models.report import Deviation, Report

LABEL = Rule("wording.label", Severity.WARNING, "表格标签与官方格式不同", Kind.WORDING)
HEADING = Rule("wording.heading", Severity.WARNING, "部分标题与官方格式不同", Kind.WORDING)
TITLE = Rule("wording.title", Severity.WARNING, "标题与官方格式不同", Kind.WORDING)
COLLAPSED = Rule("wording.collapsed", Severity.WARNING, "分项合并为一行", Kind.WORDING)

RULES = (LABEL, HEADING, TITLE, COLLAPSED)

_LABEL_WORDS = {"row": "行标签", "column": "列标题", "group": "标签"}


def check(report: Report) -> Iterator[Finding]:
    for deviation in report.deviations:
        yield _finding(report, deviation)


def _finding(report: Report, d: Deviation) -> Finding:
    printed = d.printed.replace("\n", "")
    if d.what == "heading":
        section = report.format.section_by_key[d.section]
        return Finding(
            HEADING,
            f"第{section.number}部分的标题印作“{printed}”，官方格式为“{d.official}”。",
            address=FieldAddress(d.section),
        )
    if d.what == "title":
        return Finding(
            TITLE,
            f"标题印作“{printed}”，按官方格式应为“{d.official}”。",
            address=FieldAddress(BASIC, name="agency"),
        )
    table = report.format.table_by_key[d.table]
    if d.what == "collapsed":
        written = "" if _words(printed) == _words(d.official) else f"（印作“{printed}”）"
        return Finding(
            COLLAPSED,
            f"{table.name}的“{d.official}”{written}只印了一行（2019 年版的写法），"
            f"2021 年版把它分为 {len(_items(report, d))} 项：这一行没有要分开的数字，"
            "已按它填写各项（0 即各项为 0），今后请按 2021 年版分项填写。",
            table=table.name,
            row=d.official,
            cells=d.cells,
        )
    kind = _LABEL_WORDS.get(d.what, "标签")
    return Finding(
        LABEL,
        f"{table.name}的{kind}印作“{printed}”，官方格式为“{d.official}”：已按它在表中的位置读取。",
        table=table.name,
        row=d.official if d.what == "row" else None,
        column=d.official if d.what == "column" else None,
        cells=d.cells,
    )


def _words(text: str) -> str:
    """Text as its words: full-width forms folded, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _items(report: Report, d: Deviation) -> set[str]:
    """The rows of a collapsed group (the row part of its cells' ids)."""
    return {report.format.cell_by_id[c].row.key for c in d.cells if c in report.format.cell_by_id}
