"""The report laid out on pages, on the .docx's grid: 22 lines of 28 characters (the line pitch
of the 版式, the character pitch that fits 28 characters of the body size into the text width),
the title's lines as models.document.text gives them, headings kept with what follows them, each
table's lead sentence kept with its first rows, and the 落款 by GB/T 9704 7.3.5.2."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exporters.printout.fonts import FontKey, Measurer, font_keys
from exporters.printout.lines import Line, break_lines
from exporters.printout.options import PREAMBLE, PrintOptions
from exporters.printout.pages import Page, Pager, Text, Unit
from exporters.printout.tables import TableLayout, lay_out_table
from models.checks.tables import Finding, run_checks
from models.document.layout import signature_layout, text_grid
from models.document.style import DocumentStyle
from models.document.text import preamble_paragraphs, signer, title_lines
from models.report import Report, format_date, part_number

PT_PER_MM = 72 / 25.4
FINDING_GAP = 3.0  # points above each item of the list of findings


def char_pitch(style: DocumentStyle) -> float:
    """The grid's character pitch in points (156 mm / 28 for the house style)."""
    return text_grid(style).char_pitch


@dataclass(frozen=True)
class TablePaging:
    """How a table's rows were paged: for each grid row, the page it is on (counted from 0)
    and whether the page may not break after it (the .docx keeps those rows with the next)."""

    pages: list[int]
    kept: list[bool]

    @property
    def breaks(self) -> list[int]:
        """The rows that begin a new page (the .docx splits its merged row labels there, so
        both outputs show them whole on every page)."""
        return [r for r in range(1, len(self.pages)) if self.pages[r] != self.pages[r - 1]]


@dataclass
class Laid:
    """The report on pages, and every piece of text drawn (for the text layer's repair)."""

    pages: list[Page]
    drawn: str
    tables: dict[str, TablePaging]
    """By table key, how its rows were paged (the .docx follows it)."""


class _Builder:
    def __init__(self, report: Report, script_gap: float) -> None:
        self.report = report
        self.style = report.style
        self.measurer = Measurer()
        self.fonts = font_keys(self.style)
        self.width = self.style.text_width * PT_PER_MM
        self.pitch = self.style.line_spacing
        self.spacing = text_grid(self.style).char_spacing
        self.script_gap = script_gap
        self.units: list[Unit] = []
        self.tables: list[TableLayout] = []

    def advance(self, font: FontKey, spacing: float) -> Callable[[str], float]:
        return lambda c: self.measurer.advance(font, c) + spacing

    def _line_unit(self, text: Text | None, height: float, *, keep: bool) -> Unit:
        metrics = self.measurer.metrics(text.font) if text is not None else None

        def draw(page: Page, top: float) -> None:
            if text is None or metrics is None:
                return
            # The text's em box centred in its line, as Word sets a line of exact spacing.
            baseline = top + (height - metrics.ascent - metrics.descent) / 2 + metrics.ascent
            page.texts.append(Text(text.x, baseline, text.text, text.font, text.spacing))

        return Unit(height, draw, keep_next=keep)

    def blank(self) -> None:
        self.units.append(self._line_unit(None, self.pitch, keep=False))

    def paragraph(
        self,
        text: str,
        font: FontKey,
        *,
        align: str = "justify",
        indent: float | None = None,
        right_indent: float = 0.0,
        spacing: float | None = None,
        keep: bool = False,
        height: float | None = None,
    ) -> None:
        """One paragraph on the grid; ``keep``: its lines stay together and with what follows
        (Word's keepLines and keepNext)."""
        spacing = self.spacing if spacing is None else spacing
        first = 2 * char_pitch(self.style) if indent is None else indent
        room = self.width - right_indent
        gap = self.script_gap * font.size
        lines = break_lines(text, self.advance(font, spacing), room, first, gap)
        for index, line in enumerate(lines):
            x = first if index == 0 else 0.0
            extra = 0.0
            if align == "justify" and not line.last:
                gaps = len(line.text) - 1 - (1 if line.hanging else 0)
                natural = line.width - line.hanging
                if gaps > 0:
                    extra = max(0.0, (room - x - natural) / gaps)
            elif align == "centre":
                x = (room - _visible(line, spacing)) / 2
            elif align == "right":
                x = room - _visible(line, spacing)
            self.units.append(
                self._line_unit(
                    Text(x, 0.0, line.text, font, spacing + extra),
                    self.pitch if height is None else height,
                    keep=keep,
                )
            )

    def title(self) -> None:
        font = self.fonts["title"]
        height = self.pitch  # exact spacing of the grid's pitch, as the .docx sets the title
        for line in title_lines(self.report):
            self.paragraph(line, font, align="centre", indent=0.0, spacing=0.0, height=height)
        self.blank()

    def body(self, text: str, *, keep: bool = False) -> None:
        kept = [line.strip() for line in text.split("\n") if line.strip()]
        for i, line in enumerate(kept):
            self.paragraph(line, self.fonts["body"], keep=keep and i == len(kept) - 1)

    def heading(self, text: str, font: FontKey) -> None:
        self.paragraph(text, font, keep=True)

    def table(self, table: TableLayout) -> None:
        self.tables.append(table)
        self.units += table.units()
        self.blank()

    def signature(self) -> None:
        """落款 without a seal (GB/T 9704 7.3.5.2): one blank line after the text, the signer
        右空二字, the date below starting two characters right of the signer's first character;
        a date longer than that puts the date 右空二字 and moves the signer left."""
        font = self.fonts["body"]
        one = char_pitch(self.style)
        name, date = signer(self.report), format_date(self.report.report_date)
        place = signature_layout(name, date)
        name_right, date_right = place.signer_right * one, place.date_right * one
        self.blank()
        for text, right in ((name, name_right), (date, date_right)):
            if text:
                self.paragraph(text, font, align="right", indent=0.0, right_indent=right)

    def findings(self, findings: list[Finding]) -> None:
        heading = self.fonts["heading1"]
        start = len(self.units)
        self.paragraph(f"问题清单（共 {len(findings)} 项）", heading, align="centre", indent=0.0)
        self.units[start].page_before = True
        if not findings:
            self.body("检查没有发现问题。")
        table = self.fonts["table"]
        small = table.resized(table.size + 1.5)
        line = self.measurer.metrics(small).line
        for number, finding in enumerate(findings, start=1):
            start = len(self.units)
            text = f"{number}．【{finding.severity.label}】{finding.message}"
            self.paragraph(text, small, align="left", indent=0.0, spacing=0.0, height=line)
            _space_above(self.units[start], FINDING_GAP)


def _visible(line: Line, spacing: float) -> float:
    """A line's width without the spacing after its last character."""
    return line.width - (spacing if line.text else 0.0)


def _space_above(unit: Unit, gap: float) -> None:
    draw = unit.draw

    def shifted(page: Page, top: float) -> None:
        draw(page, top + gap)

    unit.height += gap
    unit.draw = shifted


def lay_out(report: Report, options: PrintOptions, *, script_gap: float = 0.0) -> Laid:
    """The report (the parts ``options`` choose) on pages.  ``script_gap``: ems between Chinese
    and Latin characters (none in our pages, as Word sets the .docx; a test sets
    ``lines.LIBREOFFICE_SCRIPT_GAP`` to compare the pages with LibreOffice's)."""
    build = _Builder(report, script_gap)
    fonts = build.fonts
    build.title()
    if options.wants(PREAMBLE):
        for paragraph in preamble_paragraphs(report):
            build.body(paragraph)
    for section in report.format.sections:
        if not options.wants(section.key):
            continue
        text = report.sections[section.key]
        has_table = section.table is not None
        build.heading(section.heading, fonts["heading1"])
        build.body(text.intro, keep=has_table and not text.parts)
        for index, part in enumerate(text.parts):
            if part.heading.strip():
                build.heading(f"{part_number(index)}{part.heading.strip()}", fonts["heading2"])
            build.body(part.text, keep=has_table and index == len(text.parts) - 1)
        if section.table is not None:
            build.table(
                lay_out_table(
                    section.table,
                    report,
                    build.measurer,
                    fonts["table"],
                    build.width,
                    script_gap * fonts["table"].size,
                )
            )
    build.signature()
    if options.include_findings:
        found = options.findings if options.findings is not None else run_checks(report)
        build.findings(found)
    pages = Pager(report.style.text_height * PT_PER_MM).place(build.units)
    for table in build.tables:
        table.finish()
    drawn = "".join(t.text for page in pages for t in page.texts)
    number = {id(page): n for n, page in enumerate(pages)}
    paging = {
        t.spec.key: TablePaging([number[id(t.placed[r][0])] for r in sorted(t.placed)], t.kept())
        for t in build.tables
    }
    return Laid(pages, drawn, paging)
