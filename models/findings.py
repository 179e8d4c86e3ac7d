"""What a check reports: the rule (stable id, severity, title) and the finding with its place.

These types are shared by every module of rules — ``checks`` (tables, basic facts, texts),
``text_checks`` (the text against the tables), ``year_checks`` and ``date_checks`` — and
``checks.run_checks`` runs them all.  They live here so that those modules need not import each
other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from models.format import ReportFormat
from models.text_fields import BASIC, FieldAddress

__all__ = [
    "BASIC",
    "BASIC_HEADING",
    "FieldAddress",
    "Finding",
    "Rule",
    "Severity",
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


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str


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

    @property
    def severity(self) -> Severity:
        return self.rule.severity

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
