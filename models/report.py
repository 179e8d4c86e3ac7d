"""The report a clerk fills in: the basic facts, the text of every section and the table values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from models.agency import AgencyKind
from models.document.style import DocumentStyle
from models.format.format2021 import FORMAT_2021
from models.format.spec import CellSpec, ReportFormat, TableSpec
from models.values import BlankMark, CellValue

FORMATS: dict[str, ReportFormat] = {FORMAT_2021.id: FORMAT_2021}
CURRENT_FORMAT = FORMAT_2021


@dataclass
class TextPart:
    """A sub-headed part of a section.  The heading is kept without its （一） numbering, which
    follows from the part's place, so parts can be reordered freely."""

    heading: str = ""
    text: str = ""


@dataclass
class SectionText:
    """A section's text: ``intro`` comes right after the heading (for 二, 三 and 四 the lead
    sentence before the table), then the sub-headed parts."""

    intro: str = ""
    parts: list[TextPart] = field(default_factory=list)

    def is_empty(self) -> bool:
        """No text written: sub-headings alone do not count."""
        return not self.intro.strip() and all(not p.text.strip() for p in self.parts)

    def copy(self) -> SectionText:
        """An independent copy: editing it leaves this text as it is."""
        return SectionText(self.intro, [TextPart(p.heading, p.text) for p in self.parts])


@dataclass(frozen=True)
class Acknowledgement:
    """已核实: the clerk looked at a warning or a hint and decided the report stands as it is.

    Kept in the project file under the finding's key (``Finding.key``: rule id and place), so it
    survives reloads and edits elsewhere.  ``message`` is what the finding said when it was
    acknowledged, for the record."""

    note: str
    message: str = ""


@dataclass(frozen=True)
class Deviation:
    """A label, heading or title that a published document printed otherwise than the format
    (a typo, missing words, a group printed as one row), noticed by the reader that matched it
    by its place: the checks report each once (``models.checks.wording``).  What a file printed,
    not what the clerk can edit: it is not kept in the project file."""

    what: str
    """"row", "column" or "group" (a table's label), "heading", "title" or "collapsed"."""
    official: str
    printed: str
    table: str = ""
    """The key of the table (t3) of a label or a collapsed group."""
    section: str = ""
    """The key of the section of a heading."""
    cells: tuple[str, ...] = ()
    """The cells of the row or column, for the window to go to."""


@dataclass
class Report:
    """One agency's report for one year.  A blank cell is None and stays None until someone
    writes a number in it."""

    format: ReportFormat = CURRENT_FORMAT
    agency: str = ""
    year: int | None = None
    signer: str = ""
    """Who signs the 落款 when it is not the agency of the title (a whole government's report is
    signed by its office); empty: the agency (``models.document.text.signer``)."""
    contact_office: str = ""
    address: str = ""
    phone: str = ""
    report_date: dt.date | None = None
    preamble: str = ""
    sections: dict[str, SectionText] = field(default_factory=dict)
    values: dict[str, CellValue | None] = field(default_factory=dict)
    style: DocumentStyle = field(default_factory=DocumentStyle)
    """How the finished document looks (版式); kept in the project file."""
    agency_kind: AgencyKind = AgencyKind.DEPARTMENT
    """Whose report it is, which sets its deadline (条例第四十九条): a whole government's (本级政府,
    by 31 March) or a department's (by 31 January) — or 未能判断 (``AgencyKind.UNKNOWN``), only
    for a report read from a published document whose agency does not tell (a town, a street, a
    开发区, no name; ``models.agency``), which then has no deadline finding rather than a wrong
    one.  A clerk's own report is a government's or a department's as the clerk chooses
    (``whole_government``); the project file keeps that choice and nothing else."""
    published: bool = field(default=False, compare=False)
    """Read from a published document — a .docx, .pdf, web page or workbook read by
    ``exporters.read_report`` — rather than the clerk's own report: it is judged only on what
    the official format requires, which has no 落款, so a missing 落款 date is a hint, not an
    error (``models.checks.tables``).  Transient: never saved, so a report imported and saved as a
    project is the clerk's own again, whose final document must be dated (GB/T 9704)."""
    previous_file: str = ""
    """Last year's report linked for the checks across years (a path); empty when none."""
    previous_paragraphs: list[str] = field(default_factory=list)
    """Last year's paragraphs this report was started from (从上年报告新建): a paragraph still
    equal to one of them is unchanged last-year text (内容雷同)."""
    acknowledged: dict[str, Acknowledgement] = field(default_factory=dict)
    """已核实 warnings and hints, by ``Finding.key``."""
    blank_marks: dict[str, BlankMark] = field(default_factory=dict)
    """Cells a reader kept blank, by id, with what the file held there ("—" for 0, a collapsed
    （六）其他处理's number, a 2019 table's missing item).  Only a cell still blank counts: a value
    written over a mark makes it moot (the project file keeps only the marks of blank cells)."""
    deviations: list[Deviation] = field(default_factory=list)
    """Labels, headings and the title as a file read printed them where they differ from the
    format (only for a report read from a published document; never saved)."""

    def __post_init__(self) -> None:
        for section in self.format.sections:
            self.sections.setdefault(section.key, SectionText())
        for cell in self.format.cells:
            self.values.setdefault(cell.id, None)

    @property
    def whole_government(self) -> bool:
        """The report of a whole government (本级政府), published by 31 March instead of 31
        January.  Setting it — the clerk's choice (the 年度 menu), the project file, ``check
        --government`` / ``--department`` — makes the kind known: a government's or a
        department's."""
        return self.agency_kind is AgencyKind.GOVERNMENT

    @whole_government.setter
    def whole_government(self, whole: bool) -> None:
        self.agency_kind = AgencyKind.GOVERNMENT if whole else AgencyKind.DEPARTMENT

    @property
    def title(self) -> str:
        return self.format.title(self.agency, self.year)

    def copy(self) -> Report:
        # The format is shared, immutable data: copy only what the clerk can change.
        return dataclasses.replace(
            self,
            sections={k: s.copy() for k, s in self.sections.items()},
            values=dict(self.values),
            style=dataclasses.replace(self.style),
            previous_paragraphs=list(self.previous_paragraphs),
            acknowledged=dict(self.acknowledged),
            blank_marks=dict(self.blank_marks),
            deviations=list(self.deviations),
        )

    # --- table values -------------------------------------------------------------------------

    def value(self, cell: CellSpec | str) -> CellValue | None:
        return self.values[cell if isinstance(cell, str) else cell.id]

    def computed_totals(self) -> dict[str, CellValue | None]:
        """What every computed cell should hold given the entered cells.

        A total is blank while all its parts are blank, otherwise the sum of the parts written.
        """
        return self.totals_following(set(self.values))

    def recompute_totals(self) -> list[str]:
        """Write every computed cell from its parts; returns the ids of the cells that changed."""
        changed = []
        for cell_id, value in self.computed_totals().items():
            if self.values[cell_id] != value:
                self.values[cell_id] = value
                changed.append(cell_id)
        return changed

    def totals_following(self, changed: set[str]) -> dict[str, CellValue | None]:
        """New values of the totals that depend on the ``changed`` cells (directly or through
        another total), after those cells changed.  Other totals keep what they hold, so a file
        whose totals disagree with their parts is not silently rewritten by an unrelated edit."""
        values = dict(self.values)
        dirty = set(changed)
        result: dict[str, CellValue | None] = {}
        for table in self.format.tables:
            for spec in table.sums:
                if not any(part.id in dirty for part in spec.parts):
                    continue
                written = [v for p in spec.parts if (v := values[p.id]) is not None]
                value: CellValue | None = sum(written) if written else None
                values[spec.total.id] = value
                result[spec.total.id] = value
                dirty.add(spec.total.id)
        return result

    def blank_entered_cells(self, table: TableSpec) -> list[CellSpec]:
        return [c for c in table.cells if not c.computed and self.values[c.id] is None]


def new_report(
    agency: str = "", year: int | None = None, report_format: ReportFormat = CURRENT_FORMAT
) -> Report:
    """An empty report whose sections offer the format's usual sub-headings."""
    report = Report(format=report_format, agency=agency, year=year)
    for section in report_format.sections:
        report.sections[section.key] = SectionText(
            parts=[TextPart(heading) for heading in section.usual_parts]
        )
    return report


def format_date(date: dt.date | None) -> str:
    """A date as official documents write it: 2025年1月7日 (no padding)."""
    return "" if date is None else f"{date.year}年{date.month}月{date.day}日"


CHINESE_ORDINALS = "一二三四五六七八九十"


def part_number(index: int) -> str:
    """The numbering of the index-th sub-heading: （一）, （二）, … （十一）…"""
    n = index + 1
    if n <= 10:
        word = CHINESE_ORDINALS[n - 1]
    elif n < 20:
        word = "十" + CHINESE_ORDINALS[n - 11]
    else:
        tens, ones = divmod(n, 10)
        word = CHINESE_ORDINALS[tens - 1] + "十" + (CHINESE_ORDINALS[ones - 1] if ones else "")
    return f"（{word}）"
