"""Whether a document is a 政府信息公开工作年度报告 at all, from what its reader found (pure: no
file, no Qt).

Some documents hold the format's labels and numbers without being a report: a comparison of two
years' reports (``比对报告_宿迁市_2023vs2024`` as comparison tools make it: a title naming the
comparison, both years' text side by side, the tables with a column per year and a 差异 or 增减值
column), a letter or notice about the year's 政务公开 work (“关于2014年政府信息公开工作要点落实
情况的函”), a news page.  Read as a report, a comparison gives a hundred errors that are not
errors, and a letter the same refusal as a damaged file; ``verdict`` says what such a document
is instead, so that the readers can set it aside with that reason (``NotAReport``).

A real report must never be set aside, so the rules ask for evidence no report has:

- a comparison: its title names one (比对/对比/比较/差异/对照/变化 beside 年报/报告/政府信息
  公开, or two different years joined: 2023年与2024年, 2023vs2024), a line of the kind only a
  comparison holds (“2023 vs 2024”, 年度（旧）and（新）, 比对报告), or a table of the format whose
  header has two years' columns.  Weaker signs — a 差异 column in a table of the format, two
  complete copies of one table, three or more sections' headings each written twice (a 目录 does
  that too) — count only when two of them meet;
- another kind of document by its title: one ending in 函、通知、请示、意见 … or naming 工作要点,
  when the title does not name a 年度报告 (“关于印发《…年度报告》的通知” is a report);
- nothing of a report at all: no table of the format, fewer than two of the six sections'
  headings, and a first line that is not a report's title.  A report whose tables are pictures
  keeps its title or its headings, and so is still a report (read, and refused for its tables).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from exporters.reading.cells import DocTable, label_key, table_keys
from exporters.reading.text import section_heading
from models.dates import read_date
from models.files import NotAReport
from models.format.spec import ReportFormat, TableSpec
from models.report import CURRENT_FORMAT

if TYPE_CHECKING:
    from exporters.reading import Document

FRONT_LINES = 8
"""How many lines from the start of a document a title is looked for in."""
TITLE_LENGTH = 80
SHORT_LINE = 60
"""A line this long or shorter, without a 。, may be a title or a heading."""

_YEAR = r"(?:19|20)\d\d"
_REPORT_TITLE = re.compile(r"年度?报告|年报|工作报告")
"""What a report's title calls it (…年度报告, …年报, …工作报告: all written by real agencies)."""
_COMPARE = re.compile(r"比对|对比|比较|差异|对照|变化|vs", re.IGNORECASE)
_ABOUT_REPORTS = re.compile(r"报告|年报|政府信息公开|政务公开")
_COMPARISON_LINE = re.compile(
    r"(?:比对|对比|比较|差异|对照)报告|年报(?:比对|对比|比较|差异)|(?:差异|对比)分析"
)
"""Words only a comparison's headings use, wherever they stand."""
_TWO_YEARS = re.compile(
    rf"({_YEAR})\s*(?:年度?)?\s*(?:与|和|同|及|至|到|对|vs\.?|v\.s\.|[-—–~～/、])\s*({_YEAR})",
    re.IGNORECASE,
)
_VERSUS = re.compile(
    rf"({_YEAR})\s*(?:年度?)?\s*(?:[(（]\s*[旧新]\s*[)）])?\s*(?:vs\.?|v\.s\.)\s*({_YEAR})",
    re.IGNORECASE,
)
_OLD_NEW = re.compile(rf"{_YEAR}\s*(?:年度?)?\s*(?:版本)?\s*[(（]\s*([旧新])\s*[)）]")
_YEAR_HEADER = re.compile(
    rf"({_YEAR})(?:年度?|年)(?:[(（][^)）]{{0,6}}[)）])?(?:数据|数值|数量|情况|版本)?"
)
"""A column header naming a year (2023年, 2024年度（新）): no table of the format has one."""
_BARE_YEAR = re.compile(rf"({_YEAR})")
_DIFFERENCE = re.compile(
    r"(?:差异|差值|差额|增减值|增减数|增减量|增减情况|增减变化|增减|变化|变化量|变化值|变动"
    r"|同比|同比增减|较上年增减|比上年增减|较上年|比上年)(?:[(（].{0,8}[)）])?"
)
"""A column of differences (差异, 增减值 …); the 2019 表二's 本年增/减 is not one."""
_DOCUMENT_LINE = re.compile(
    r"[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）].*号$|\d+\s*号$|^附件\s*\d*$|文件$"
)
"""A 文号, 附件 or 红头 (…人民政府办公室文件) line above a title."""
_NOT_IN_TITLE = re.compile(r"[。；;：:]")
_OTHER_KIND = re.compile(
    r"(?:复函|函|通知|请示|批复|通报|意见|决定|纪要|通告|公告|方案|计划|讲话|发言|工作要点)$"
)
_WORK_POINTS = "工作要点"
_KIND_NAMES = {"复函": "函", "工作要点": "工作要点"}

COMPLETE_TABLE = 0.6
"""A copy of a table of the format holding this share of its labels is a whole table (two
halves of one table split over pages each hold far less)."""
REPEATED_SECTIONS = 3


def refuse(document: Document, path: Path) -> None:
    """Raise ``NotAReport`` (``path``'s name and why, in Chinese) when ``document`` is not a
    政府信息公开工作年度报告; nothing when it is, or may be, one."""
    why = verdict(document)
    if why is not None:
        raise NotAReport.of(path.name, why)


def verdict(document: Document, report_format: ReportFormat = CURRENT_FORMAT) -> str | None:
    """Why ``document`` is not a 政府信息公开工作年度报告 (a Chinese phrase), or None."""
    lines = [_plain(line) for line in document.paragraphs]
    front = title_lines(lines, report_format)
    matched = _format_tables(document.tables, report_format)
    comparison = _comparison(front, lines, matched, report_format)
    if comparison is not None:
        return comparison
    # The same words as the refusal of a document without tables, where it has none.
    names = "、".join(t.name for t in report_format.tables)
    no_tables = f"没有找到年度报告的统计表（{names}）"
    title = main_title(front)
    if title and not _REPORT_TITLE.search(title):
        kind = _OTHER_KIND.search(title)
        if kind is not None or _WORK_POINTS in title:
            name = kind[0] if kind is not None else _WORK_POINTS
            what = f"标题是“{title}”，是一份{_KIND_NAMES.get(name, name)}，不是年度报告"
            return what if matched else f"{what}；其中也{no_tables}"
    if matched or not lines or any(_REPORT_TITLE.search(line) for line in front):
        return None
    if len(_headings(lines, report_format)) >= 2:
        return None
    first = lines[0] if len(lines[0]) <= SHORT_LINE else lines[0][:SHORT_LINE] + "……"
    return (
        f"开头是“{first}”，没有年度报告的标题；其中也{no_tables}，"
        f"没有“{report_format.sections[0].heading}”等部分"
    )


# --- the title ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    """``text`` as compared: NFKC (full-width letters and digits folded), no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def title_lines(lines: Sequence[str], report_format: ReportFormat = CURRENT_FORMAT) -> list[str]:
    """The lines before the text begins (the first section heading, or the first sentence):
    where a title, a 文号 and an addressee stand."""
    front: list[str] = []
    for line in lines[:FRONT_LINES]:
        if len(line) > TITLE_LENGTH or "。" in line:
            break
        if section_heading(report_format, line, -1) is not None:
            break
        front.append(line)
    return front


def main_title(front: Sequence[str]) -> str:
    """The title among the front lines: up to three lines run together, after any 文号 or 附件
    line, ending before a line that cannot be part of one — an addressee (省政府办公厅：), a
    page's 来源：… 时间：… — or a date."""
    parts: list[str] = []
    for line in front:
        if _DOCUMENT_LINE.search(line):
            if parts:
                break
            continue
        if _NOT_IN_TITLE.search(line) or (parts and read_date(line) is not None):
            break
        parts.append(line)
        if len(parts) == 3:
            break
    return "".join(parts)


# --- a comparison of two years' reports ---------------------------------------------------------


def _comparison(
    front: Sequence[str],
    lines: Sequence[str],
    matched: Sequence[tuple[TableSpec, DocTable, float]],
    report_format: ReportFormat,
) -> str | None:
    """Why the document is a comparison of two years' reports, or None.  Its body and tables
    are looked at only when no report's title heads it: a report may well hold a heading like
    （三）与上年对比分析 or a table of its own with two years' columns."""
    lead = "是两个年度报告的比对，不是报告本身"
    for line in front:
        if _COMPARE.search(line) and _ABOUT_REPORTS.search(line):
            return f"标题“{line}”说明它{lead}"
        years = _TWO_YEARS.search(line)
        if years is not None and years[1] != years[2]:
            return f"标题“{line}”写了 {years[1]} 年和 {years[2]} 年两个年度，它{lead}"
    if any(_REPORT_TITLE.search(line) for line in front):
        return None
    short = [line for line in lines if len(line) <= SHORT_LINE and "。" not in line]
    for line in short:
        versus = _VERSUS.search(line)
        if versus is not None and versus[1] != versus[2]:
            return f"其中有“{line}”，它{lead}"
        if _COMPARISON_LINE.search(line):
            return f"其中有标题“{line}”，它{lead}"
    marks = {mark for line in short for mark in _OLD_NEW.findall(line)}
    if marks == {"旧", "新"}:
        return f"其中分列了旧、新两个年度的内容，它{lead}"
    for spec, table, _ in matched:
        columns = _header_years(table)
        if len(columns) >= 2:
            shown = "、".join(f"{y} 年" for y in sorted(columns))
            return f"{spec.name}的表头分列了 {shown}的数字，它{lead}"
    weak: list[str] = []
    differences = [spec.name for spec, table, _ in matched if _difference_column(table)]
    if differences:
        weak.append(f"{differences[0]}有“差异”（增减）列")
    counts: dict[str, int] = {}
    for spec, _, score in matched:
        if score >= COMPLETE_TABLE:
            counts[spec.name] = counts.get(spec.name, 0) + 1
    twice = [name for name, count in counts.items() if count >= 2]
    if twice:
        weak.append(f"{twice[0]}有两份")
    headings = _headings(lines, report_format)
    repeated = [index for index, count in headings.items() if count >= 2]
    if len(repeated) >= REPEATED_SECTIONS:
        heading = report_format.sections[repeated[0]].heading
        weak.append(f"“{heading}”等 {len(repeated)} 个部分的标题各出现了两次以上")
    if len(weak) >= 2:
        return "；".join(weak) + f"，它{lead}"
    return None


def _header_years(table: DocTable) -> set[str]:
    """The years the table's cells name as column headers (2023年, 2024年度; a bare 2023 only in
    the first row, where no table of the format has numbers)."""
    years: set[str] = set()
    for region in table.regions:
        text = _plain(region.text)
        match = _YEAR_HEADER.fullmatch(text)
        if match is None and region.row == 0:
            match = _BARE_YEAR.fullmatch(text)
        if match is not None:
            years.add(match[1])
    return years


def _difference_column(table: DocTable) -> bool:
    return any(_DIFFERENCE.fullmatch(label_key(region.text)) for region in table.regions)


# --- what of a report the document has ------------------------------------------------------------


def _format_tables(
    tables: Sequence[DocTable], report_format: ReportFormat
) -> list[tuple[TableSpec, DocTable, float]]:
    """The tables that hold a table of the format, as the table reader tells them (three of its
    labels, and 15% of them), each with the table it holds and the share of its labels."""
    specs = [(spec, table_keys(spec)) for spec in report_format.tables]
    found: list[tuple[TableSpec, DocTable, float]] = []
    for table in tables:
        best: tuple[TableSpec, float] | None = None
        for spec, keys in specs:
            common = len(keys & table.keys)
            score = common / len(keys)
            if common >= 3 and score >= 0.15 and (best is None or score > best[1]):
                best = (spec, score)
        if best is not None:
            found.append((best[0], table, best[1]))
    return found


def _headings(lines: Sequence[str], report_format: ReportFormat) -> dict[int, int]:
    """How many times each section's heading stands in ``lines`` (by the section's index)."""
    counts: dict[int, int] = {}
    for line in lines:
        if len(line) > SHORT_LINE:
            continue
        index = section_heading(report_format, line, -1)
        if index is not None:
            counts[index] = counts.get(index, 0) + 1
    return counts
