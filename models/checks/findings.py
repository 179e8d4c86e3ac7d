"""What a check reports: the rule (stable id, severity, title) and the finding with its place.

These types are shared by every module of rules — ``checks`` (tables, basic facts, texts),
``text_checks`` (the text against the tables), ``year_checks`` and ``date_checks`` — and
``checks.run_checks`` runs them all.  They live here so that those modules need not import each
other.

Every rule names its kind (勾稽, 空白, …), so the problems panel can filter by it, and the order the
findings are listed in is decided here once (``order``), for the window and the command line alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from models.format.spec import ReportFormat
from models.narrative.fields import BASIC, FieldAddress

__all__ = [
    "BASIC",
    "BASIC_HEADING",
    "FieldAddress",
    "Finding",
    "Kind",
    "Rule",
    "Severity",
    "order",
    "page_of",
    "section_heading",
]


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]

    @property
    def rank(self) -> int:
        return _SEVERITY_RANKS[self]


_SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_SEVERITY_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Kind(Enum):
    """What a finding is about, as the clerk sorts problems; the value is the label shown."""

    ARITHMETIC = "勾稽"
    """A total or a balance of the tables does not add up."""
    VALUE = "数值"
    """A value a cell cannot hold (a negative count, a fraction of a case)."""
    BLANK = "空白"
    """Something not filled in yet: a table, a cell, a section's text."""
    TEXT_TABLE = "文字与表格"
    """The text states a number the tables do not hold."""
    CROSS_YEAR = "跨年度"
    """This year's report against last year's."""
    DATE = "日期"
    """The statistics period, the report date, a year in the text or the title."""
    BASIC = "基本信息"
    """The facts of the 基本信息 page: agency, year, date, contact, preamble."""
    WORDING = "格式用语"
    """A label, heading or title printed otherwise than the official format has it."""
    OTHER = "其他"

    @property
    def label(self) -> str:
        return self.value


FIRST_KINDS = (Kind.ARITHMETIC, Kind.VALUE)
"""Within each severity these come first: numbers that are wrong, not merely missing."""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    kind: Kind


@dataclass(frozen=True)
class Finding:
    """One problem found in a report, with its place: cells of a table, or a field or section."""

    rule: Rule
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    cells: tuple[str, ...] = ()
    address: FieldAddress | None = None
    """The text field (or basic fact) a finding is about, for the form to select."""
    note: str | None = None
    """已核实: the clerk's note when the finding has been acknowledged (never for an error)."""
    to_do: bool = False
    """A table's blank cells while the clerk fills the report (``checks.while_filling``): one
    finding for the table, which the window shows quietly — a count, a light mark on the cells —
    apart from the errors.  Its rule is still the blank-cell error, so a final version is refused
    and it cannot be marked 已核实: a blank is filled, not accepted."""

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def kind(self) -> Kind:
        return self.rule.kind

    @property
    def section(self) -> str | None:
        """The key of the section (or ``BASIC`` for the basic facts) a text finding is about."""
        return self.address.section if self.address is not None else None

    @property
    def acknowledged(self) -> bool:
        return self.note is not None

    @property
    def key(self) -> str:
        """The finding's stable address — rule id and place — under which 已核实 is kept.

        ``narrative.number@requests/intro/t3.new.total``: it does not change when the numbers in
        the message change, so an acknowledgement survives edits elsewhere and reloads.
        """
        where = self.address
        place = f"{where.section}/{where.stored}" if where is not None else "/"
        return f"{self.rule.id}@{place}/{'+'.join(self.cells)}"

    def to_json(self, report_format: ReportFormat) -> dict[str, str | None]:
        data = {
            "severity": self.severity.value,
            "rule": self.rule.id,
            "kind": self.kind.label,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "section": section_heading(report_format, self.section),
            "message": self.message,
        }
        if self.note is not None:
            data["acknowledged"] = self.note
        return data


BASIC_HEADING = "基本信息"


def section_heading(report_format: ReportFormat, key: str | None) -> str | None:
    if key is None:
        return None
    if key == BASIC:
        return BASIC_HEADING
    return report_format.section_by_key[key].heading


def page_of(report_format: ReportFormat, finding: Finding) -> str:
    """The key of the form's page a finding is shown on: the section of its table or its text, or
    ``BASIC`` for the basic facts and for findings about the report as a whole."""
    if finding.table is not None:
        for section in report_format.sections:
            if section.table is not None and section.table.name == finding.table:
                return section.key
    if finding.section is not None:
        return finding.section
    return BASIC


def order(report_format: ReportFormat, findings: list[Finding]) -> list[Finding]:
    """The findings in the order they are listed, in the window and on the command line:

    1. by severity: errors, then warnings, then hints — a to-do (``Finding.to_do``, the cells a
       table still has to fill) after the errors: what is wrong is put right first;
    2. within a severity, wrong numbers first (``FIRST_KINDS``: 勾稽, 数值), then the rest;
    3. then by the form's pages, in order: 基本信息, then the sections 一 to 六;
    4. then as the rules found them (``run_checks``: the basic facts, the texts, each table's cells
       in the format's order, the text against the tables, the dates, last year's report).
    """
    pages = {BASIC: 0} | {s.key: i for i, s in enumerate(report_format.sections, start=1)}

    def key(finding: Finding) -> tuple[int, int, int, int]:
        first = 0 if finding.kind in FIRST_KINDS else 1
        page = pages.get(page_of(report_format, finding), 0)
        return finding.severity.rank, int(finding.to_do), first, page

    return sorted(findings, key=key)  # stable: ties keep the rules' own order
