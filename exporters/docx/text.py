"""Reading the text of a .docx: the title (agency and year, perhaps over two lines), the
preamble with its contact details (``models.document_text.read_contact``), the six sections
found by their headings, their （一） sub-headings, and the 落款 (the signer, kept when it is
not the title's agency, and the date, in Arabic or Chinese numerals)."""

from __future__ import annotations

import difflib
import re

from exporters.docx.contents import SPACE, label_key, some
from models.dates import period_year, read_date
from models.document_text import read_contact, without_built_sentence
from models.format import ReportFormat, SectionSpec
from models.report import Report, SectionText, TextPart
from models.values import FULL_WIDTH_DIGITS

_SUB_HEADING = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.*)$", re.DOTALL)


def _looks_like_name(text: str) -> bool:
    return 0 < len(text) <= 40 and not re.search(r"[。；;，,：:]", text)


_DOCUMENT_NUMBER = re.compile(r"[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]|\d+\s*号$|^附件")


def _is_name_line(text: str) -> bool:
    """A line above the title that is a part of the agency's name, not a 文号 or 附件 line."""
    return _looks_like_name(text) and _DOCUMENT_NUMBER.search(text) is None


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

    def read(self) -> None:
        """Read the title, preamble, sections and 落款."""
        lines = self.paragraphs
        sections = self.format.sections
        marks: list[tuple[int, int]] = []  # (line index, section index)
        current = -1
        for i, line in enumerate(lines):
            matched = self._heading(line, current)
            if matched is not None:
                marks.append((i, matched))
                current = matched
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
        if not report.agency:
            self.notes.append("没有找到机关名称（标题或落款中），请在“基本信息”中填写。")
        if report.year is None:
            self.notes.append("没有找到报告年度（标题中），请在“基本信息”中填写。")
        if report.report_date is None:
            self.notes.append("没有找到落款日期，请在“基本信息”中填写。")

    def _heading(self, line: str, after: int) -> int | None:
        """The index of the section whose heading ``line`` is (only sections after ``after``)."""
        key = label_key(line).rstrip("。.")
        for index in range(after + 1, len(self.format.sections)):
            section = self.format.sections[index]
            title = label_key(section.title)
            if len(key) > len(title) + 8:
                continue
            if key in (label_key(section.heading), title):
                return index
            match = re.match(rf"{section.number}[、.,，]?(.*)$", key)
            if match is None:
                continue
            rest = match[1]
            if rest == title or (difflib.SequenceMatcher(None, rest, title).ratio() >= 0.8):
                return index
        return None

    def _read_title(self, front: list[str]) -> int:
        """Agency and year from the title (which may be split over lines); how many lines the
        title took."""
        pattern = self.format.title_pattern
        before, _, rest = pattern.partition("{agency}")
        _, _, tail = rest.partition("{year}")
        tail_key = label_key(tail)
        best: tuple[tuple[bool, bool, float, int], int, int, re.Match[str]] | None = None
        for start in range(min(4, len(front))):
            for count in range(1, min(3, len(front) - start) + 1):
                text = SPACE.sub("", "".join(front[start : start + count]))
                text = text.translate(FULL_WIDTH_DIGITS)
                match = re.fullmatch(
                    rf"{re.escape(label_key(before))}(.*?)(\d{{4}})(年度?)(.*)", text
                )
                if match is None:
                    continue
                rest_key = label_key(match[3][:1] + match[4])
                ratio = difflib.SequenceMatcher(None, rest_key, tail_key).ratio()
                # A title with an agency (ours breaks after it: 硚口区行政审批局 / 2024年…) made
                # of lines that are parts of a name, then the best match; of names, the longest
                # (湖北省武汉市硚口区 / 人民政府…街道办事处 / 2024年…), else the shortest: a line
                # before the title (a document number …) is not part of the agency's name.
                clean = all(_is_name_line(line) for line in front[start : start + count - 1])
                length = len(match[1]) if clean else -len(match[1])
                score = (bool(match[1]), clean, ratio, length)
                if ratio >= 0.8 and (best is None or score > best[0]):
                    best = (score, start, count, match)
        if best is not None:
            _, start, count, match = best
            self.title = front[start : start + count]
            self.report.agency = match[1].removeprefix("关于")
            self.report.year = int(match[2])
            if start:
                self.notes.append(f"标题之前的文字没有导入：{some(front[:start], 3)}。")
            return start + count
        if front and len(front[0]) <= 60 and "。" not in front[0]:
            self.notes.append(f"标题“{front[0]}”中没有机关名称和年度。")
            return 1
        return 0

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
