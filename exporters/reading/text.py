"""Reading the text of a .docx: the title (agency and year, perhaps over two lines), the
preamble with its contact details (``models.document.text.read_contact``), the six sections
found by their headings, their （一） sub-headings, and the 落款 (the signer, kept when it is
not the title's agency, and the date, in Arabic or Chinese numerals)."""

from __future__ import annotations

import difflib
import itertools
import re

from exporters.reading.cells import label_key, some
from models.agency import parse_title
from models.dates import period_year, read_date
from models.document.text import read_contact, without_built_sentence
from models.format.format2019 import titles_of
from models.format.spec import ReportFormat, SectionSpec
from models.report import Deviation, Report, SectionText, TextPart

_SUB_HEADING = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.*)$", re.DOTALL)


def _looks_like_name(text: str) -> bool:
    return 0 < len(text) <= 40 and not re.search(r"[。；;，,：:]", text)


LIKE_TITLE = 0.8
"""Words this close to a section's title after its number are its heading wherever it is."""
LIKE_HEADING = 0.45
"""How alike the words after a section's number must be to its title (difflib's ratio) for a
short line to be that section's heading printed otherwise ("五、存在的主要问题及整改措施")."""


def section_heading(
    report_format: ReportFormat, line: str, after: int, *, before: int | None = None
) -> int | None:
    """The index of the section whose heading ``line`` is (only sections after ``after``, and
    before ``before`` if given); the one test of a heading for every reader (the web-page reader
    crops the page with it).  A line with the section's number and words close to its title is
    its heading printed otherwise (``heading_as_printed`` tells)."""
    key = label_key(line).rstrip("。.")
    last = len(report_format.sections) if before is None else before
    for index in range(after + 1, last):
        section = report_format.sections[index]
        # A 2019-format document's heading puts its text in the 2021 section.
        for written in titles_of(section):
            title = label_key(written)
            if len(key) > len(title) + 8:
                continue
            if key in (label_key(f"{section.number}、{written}"), title):
                return index
            match = re.match(rf"{section.number}[、.,，]?(.*)$", key)
            if match is None or not match[1] or re.search(r"[。；;]", match[1]):
                continue
            ratio = difflib.SequenceMatcher(None, match[1], title).ratio()
            # Words further from the title only for the next section or the one after (its
            # heading missing): a numbered line further on is more likely a list's.
            if ratio >= LIKE_TITLE or (ratio >= LIKE_HEADING and index <= after + 2):
                return index
    return None


def title_likeness(section: SectionSpec, line: str) -> float:
    """How close the words of ``line`` after the section's number (if it has it) are to the
    section's title (2021, or 2019 for a document of that format), 0 to 1: 1 when they are it."""
    rest = re.sub(rf"^{section.number}[、.,，]?", "", label_key(line).rstrip("。."))
    return max(
        difflib.SequenceMatcher(None, rest, label_key(written)).ratio()
        for written in titles_of(section)
    )


def heading_as_printed(report_format: ReportFormat, line: str, index: int) -> bool:
    """Whether ``line``, the heading of section ``index``, is worded as the format has it:
    False for a typo or other words."""
    return title_likeness(report_format.sections[index], line) == 1.0


class TextReader:
    """Fills ``report``'s text and basic facts from the document's paragraphs and adds what it
    noticed to ``notes``."""

    def __init__(
        self,
        report_format: ReportFormat,
        report: Report,
        notes: list[str],
        paragraphs: list[str],
        sub_headings: set[int],
    ) -> None:
        self.format = report_format
        self.report = report
        self.notes = notes
        self.paragraphs = paragraphs
        self.sub_headings = sub_headings
        """Lines in our own sub-heading style: all heading, whatever punctuation they hold."""
        self.title: list[str] = []
        """The title's lines as the document has them (none when it has no title)."""
        self.title_problem = False
        """Whether a note already said what the title lacks (said once, not again below)."""

    def read(self) -> None:
        """Read the title, preamble, sections and 落款."""
        lines = self.paragraphs
        sections = self.format.sections
        marks = self._headings()
        for i, matched in marks:
            if not heading_as_printed(self.format, lines[i], matched):
                section = sections[matched]
                self.report.deviations.append(
                    Deviation("heading", section.heading, lines[i], section=section.key)
                )
        first = marks[0][0] if marks else len(lines)
        front = lines[:first]
        consumed = self._read_title(front)
        preamble = front[consumed:]
        segments: list[tuple[SectionSpec, int, int]] = []  # section, first line, end
        for n, (i, s) in enumerate(marks):
            end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
            segments.append((sections[s], i + 1, end))
        if segments:
            spec, start, end = segments[-1]
            segments[-1] = (spec, start, start + len(self._read_signature(lines[start:end])))
        else:
            preamble = self._read_signature(preamble)
        report = self.report
        contact = read_contact("\n".join(preamble))
        report.contact_office, report.address, report.phone = (
            contact.office,
            contact.address,
            contact.phone,
        )
        # The sentence our export adds from these fields is theirs, not the preamble's.
        report.preamble = without_built_sentence("\n".join(preamble), report)
        if report.year is None:
            period = period_year(report.preamble)
            if period is not None:
                report.year = period
                self.notes.append(f"标题中没有年度，按前言中的统计期限取为 {report.year} 年。")
        found = {spec.key for spec, _, _ in segments}
        for spec, start, end in segments:
            report.sections[spec.key] = self._section_text(spec, start, end)
        missing = [s.heading for s in sections if s.key not in found]
        if missing:
            self.notes.append(f"没有找到这些部分的标题：{some(missing, 6)}，它们的文字是空的。")
        if not report.agency and not self.title_problem:
            self.notes.append("没有找到机关名称（标题或落款中），请在“基本信息”中填写。")
        if report.year is None and not self.title_problem:
            self.notes.append("没有找到报告年度（标题中），请在“基本信息”中填写。")
        if report.report_date is None:
            self.notes.append(
                "没有找到落款日期（官方格式不要求落款，发布的报告常以页面上的日期为准）；"
                "以它为底稿导出正式版前，请在“基本信息”中填写成文日期。"
            )

    def _headings(self) -> list[tuple[int, int]]:
        """(line, section) of each section's heading, in order: first the lines close to a
        title, then, between them, a line with a missing section's number and words less close
        to its title ("五、存在的主要问题及整改措施") — so that a numbered list's line inside a
        section is never taken for a later section's heading."""
        lines = self.paragraphs
        count = len(self.format.sections)
        close = [
            (i, index, ratio)
            for i, line in enumerate(lines)
            if (heading := self._close_heading(line)) is not None
            for index, ratio in (heading,)
        ]
        # Each section's closest line, in order (the first of equals: a 目录 before the text
        # is no matter), and before any later section's: a list's line near 二's title inside
        # 一 does not take 二's place from its own heading further down.
        marks: list[tuple[int, int]] = []
        previous = -1
        for k in range(count):
            limit = min((i for i, index, _ in close if index > k and i > previous), default=None)
            options = [
                (ratio, -i)
                for i, index, ratio in close
                if index == k and i > previous and (limit is None or i < limit)
            ]
            if options:
                previous = -max(options)[1]
                marks.append((previous, k))
        found = [(-1, -1), *marks, (len(lines), count)]
        loose: list[tuple[int, int]] = []
        for (start, after), (end, before) in itertools.pairwise(found):
            current = after
            for i in range(start + 1, end):
                matched = section_heading(self.format, lines[i], current, before=before)
                if matched is not None:
                    loose.append((i, matched))
                    current = matched
        return sorted(marks + loose)

    def _close_heading(self, line: str) -> tuple[int, float] | None:
        """The section whose heading ``line`` is by words close to its title, and how close."""
        index = section_heading(self.format, line, -1)
        if index is None:
            return None
        ratio = title_likeness(self.format.sections[index], line)
        return (index, ratio) if ratio >= LIKE_TITLE else None

    def _read_title(self, front: list[str]) -> int:
        """Agency and year from the title (``models.agency.parse_title``: agency or year first,
        over lines, under a 文号, in a 关于…的 form); how many lines the title took."""
        reading = parse_title(front, self.format)
        if not reading.count:
            return 0
        self.title = front[reading.start : reading.start + reading.count]
        self.report.agency = reading.agency
        self.report.year = reading.year
        if reading.problem:
            self.title_problem = True
            self.notes.append(reading.problem)
        if reading.start:
            self.notes.append(f"标题之前的文字没有导入：{some(front[: reading.start], 3)}。")
        self._title_words()
        return reading.start + reading.count

    def _title_words(self) -> None:
        """A title whose fixed words are not the format's (…政府信息公开年度报告, without 工作)
        is kept as a deviation.  The agency and the year may come in either order, and 2023年度
        for 2023年 is usual; a 关于…的通知 form wraps the title in other words and is let be."""
        report = self.report
        printed = "".join(self.title)
        plain = label_key(printed)
        if not report.agency or report.year is None or plain.startswith("关于"):
            return
        # A note after the title (（全文）, （图解版）) and 《》 around it are no words of it.
        plain = re.sub(r"^《(.*)》$", r"\1", re.sub(r"\([^()]*\)$", "", plain))
        rest = plain.replace(label_key(report.agency), "", 1)
        rest = re.sub(rf"{report.year}年度?", "", rest, count=1)
        fixed = label_key(self.format.title("", None))
        if rest != fixed.removeprefix("年"):
            official = self.format.title(report.agency, report.year)
            report.deviations.append(Deviation("title", official, printed))

    def _read_signature(self, lines: list[str]) -> list[str]:
        """The 落款 at the end: the signer and the date.  Returns the lines before it."""
        for j in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
            line = lines[j]
            date = read_date(line)
            agency = ""
            start = j
            if date is not None:
                if (
                    j > 0
                    and _looks_like_name(lines[j - 1])
                    and _SUB_HEADING.match(lines[j - 1]) is None
                ):
                    agency, start = lines[j - 1], j - 1
            else:
                match = re.fullmatch(r"(.+?)\s+(\S+日)", line)
                if match and _looks_like_name(match[1]):
                    date = read_date(match[2])
                    agency = match[1]
            if date is None:
                continue
            self.report.report_date = date
            if agency:
                if not self.report.agency:
                    self.report.agency = agency
                elif label_key(agency) != label_key(self.report.agency):
                    # A whole government's report is signed by its office: keep both.
                    self.report.signer = agency.strip()
                    self.notes.append(
                        f"落款“{self.report.signer}”与标题中的机关名称“{self.report.agency}”"
                        "不同，已作为落款单位保留。"
                    )
            after = lines[j + 1 :]
            if after:
                self.notes.append(f"落款之后的文字没有导入：{some(after, 3)}。")
            return lines[:start]
        return lines

    def _section_text(self, spec: SectionSpec, start: int, end: int) -> SectionText:
        placeholder = label_key(spec.placeholder) if spec.placeholder else None
        intro: list[str] = []
        parts: list[tuple[str, list[str]]] = []
        for index in range(start, end):
            line = self.paragraphs[index]
            if placeholder and label_key(line) == placeholder:
                self.notes.append(f"“{spec.heading}”中仍是模板的占位文字“{line}”，没有导入。")
                continue
            match = _SUB_HEADING.match(line) if spec.has_parts else None
            if match is not None and index in self.sub_headings:
                parts.append((match[2].strip(), []))
            elif match is not None:
                rest = match[2]
                split = re.search(r"[。：:]", rest)
                if split and rest[split.end() :].strip():
                    parts.append((rest[: split.start()].strip(), [rest[split.end() :].strip()]))
                else:
                    parts.append((rest.rstrip("。：: ").strip(), []))
            elif parts:
                parts[-1][1].append(line)
            else:
                intro.append(line)
        return SectionText(
            "\n".join(intro), [TextPart(heading, "\n".join(text)) for heading, text in parts]
        )
