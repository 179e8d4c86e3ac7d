"""What every reader of a published report shares: a file is turned into a ``Document`` (its
lines of text in reading order and its tables as merged regions), and ``interpret`` turns that
into a report and notes the one way, whether it came from Word, a web page or a PDF."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from exporters.reading.cells import DocTable, clean
from exporters.reading.tables import TableReader
from exporters.reading.text import TextReader
from models.agency import parse_title
from models.files import FileProblem
from models.format.format2019 import titles_of
from models.format.spec import ReportFormat
from models.report import CURRENT_FORMAT, Report

FIRST_YEAR_OF_TABLES = 2019
"""The first report year with the official tables (the 2019 format, 国办公开办函〔2019〕60号)."""


@dataclass
class Document:
    """A published report as its reader found it."""

    paragraphs: list[str] = field(default_factory=list)
    """Lines of text in reading order, stripped, none empty (tables' text not among them)."""
    sub_headings: set[int] = field(default_factory=set)
    """Indices of lines known to be sub-headings whatever punctuation they hold."""
    tables: list[DocTable] = field(default_factory=list)

    def add_line(self, text: str, *, sub_heading: bool = False) -> None:
        """Add a line (a section heading run together with its first sentence becomes two)."""
        for piece in split_heading(CURRENT_FORMAT, clean(text)):
            if sub_heading:
                self.sub_headings.add(len(self.paragraphs))
            self.paragraphs.append(piece)


def split_heading(report_format: ReportFormat, line: str) -> list[str]:
    """A section heading run together with its first sentence (一、总体情况。2024年，…) as two
    lines; any other line as it is (nothing for an empty one)."""
    if not line:
        return []
    for section in report_format.sections:
        for written in titles_of(section):
            title = r"\s*".join(map(re.escape, written))
            match = re.fullmatch(
                rf"({section.number}\s*[、.,，．]\s*{title})\s*[。：:]\s*(.+)", line, re.DOTALL
            )
            if match:
                return [match[1], match[2]]
    return [line]


def interpret(document: Document, path: Path) -> tuple[Report, list[str], TextReader]:
    """The report in ``document`` (read from ``path``), the notes on what was read, and the text
    reader (its ``title`` lines, for a caller that reads its own 版式 back); FileProblem when the
    document has none of the format's tables, NotAReport when it is another kind of document (a
    comparison of two years' reports, a letter: ``exporters.reading.genre``)."""
    # genre imports this package's modules: imported on first use, once the package is set up.
    from exporters.reading import genre

    genre.refuse(document, path)
    report_format = CURRENT_FORMAT
    report = Report(format=report_format)
    notes: list[str] = []
    found = TableReader(report_format, report, notes, document.tables).read()
    if not found:
        tables = "、".join(t.name for t in report_format.tables)
        year = parse_title(document.paragraphs[:4], report_format).year
        if year is not None and year < FIRST_YEAR_OF_TABLES:
            # A report of the years before the tables were set (2013's had tables of its own).
            raise FileProblem(
                f"“{path.name}”是 {year} 年度的报告，早于统一的报告格式（{FIRST_YEAR_OF_TABLES} "
                f"年度起），没有官方格式的统计表（{tables}），不能按年度报告的格式检查。"
            )
        raise FileProblem(
            f"“{path.name}”中没有找到年度报告的统计表（{tables}），"
            "不像是按官方格式填写的政府信息公开工作年度报告。"
            "如果表格是以图片形式插入的，请改用表格后再导入。"
        )
    text = TextReader(report_format, report, notes, document.paragraphs, document.sub_headings)
    text.read()
    return report, notes, text
