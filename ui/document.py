"""The open report as the window sees it: the model, its file, its undo history and its findings.

Every edit the widgets make goes through this object as an undoable command; after each one the
checks run again and the widgets are told what changed.  Widgets never change the report directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from models.checks import BASIC, Finding, run_checks
from models.format import TableSpec
from models.report import Report, TextPart
from models.style import DocumentStyle
from models.values import CellValue
from ui.previous_year import read_linked

# Addresses of the text fields: (section key or "basic", field).  Fields of a section are
# "intro", "part:<n>:heading" and "part:<n>:text"; basic fields are the Report attribute names.
TextAddress = tuple[str, str]
BASIC_TEXT_FIELDS = ("agency", "contact_office", "address", "phone", "preamble")


def read_text(report: Report, address: TextAddress) -> str:
    section, field = address
    if section == BASIC:
        value = getattr(report, field)
        return value if isinstance(value, str) else ""
    text = report.sections[section]
    if field == "intro":
        return text.intro
    _, index, which = field.split(":")
    part = text.parts[int(index)]
    return part.heading if which == "heading" else part.text


def write_text(report: Report, address: TextAddress, value: str) -> None:
    section, field = address
    if section == BASIC:
        setattr(report, field, value)
        return
    text = report.sections[section]
    if field == "intro":
        text.intro = value
        return
    _, index, which = field.split(":")
    part = text.parts[int(index)]
    if which == "heading":
        part.heading = value
    else:
        part.text = value


class _Command(QUndoCommand):
    """An edit described by two functions; consecutive typing into one field merges."""

    TEXT_ID = 1

    def __init__(
        self,
        title: str,
        redo: Callable[[], None],
        undo: Callable[[], None],
        merge_key: object = None,
    ) -> None:
        super().__init__(title)
        self._redo, self._undo = redo, undo
        self.merge_key = merge_key

    def redo(self) -> None:
        self._redo()

    def undo(self) -> None:
        self._undo()

    def id(self) -> int:
        return self.TEXT_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Command) or other.merge_key != self.merge_key:
            return False
        self._redo = other._redo  # keep our undo (the text before typing began)
        return True


class ReportDocument(QObject):
    cellsChanged = Signal(list)
    """Ids of table cells whose values changed."""
    textChanged = Signal(str, str)
    """(section, field) of a text field changed by undo/redo or by the program."""
    partsChanged = Signal(str)
    """The sub-headed parts of a section were added, removed or reordered."""
    basicChanged = Signal(str)
    """A non-text basic field (year, report_date) changed."""
    findingsChanged = Signal()
    reportReplaced = Signal()

    def __init__(self, report: Report, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.report = report
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.needs_saving = False
        """The report is not its file as saved (recovered from an autosave, imported, merged):
        unsaved even before the first edit."""
        self.findings: list[Finding] = []
        self.findings_by_cell: dict[str, list[Finding]] = {}
        self.previous: Report | None = None
        """Last year's report, linked in the project (ui/year_actions.py)."""
        self.previous_problem: str | None = None
        if report.previous_file:
            self.previous, self.previous_problem = read_linked(report, path)
        self.refresh_findings()

    # --- state ------------------------------------------------------------------------------

    @property
    def modified(self) -> bool:
        return self.needs_saving or not self.undo_stack.isClean()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.needs_saving = False
        self.undo_stack.setClean()

    def refresh_findings(self) -> None:
        self.findings = run_checks(
            self.report, self.previous, previous_problem=self.previous_problem
        )
        by_cell: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            if finding.acknowledged:
                continue  # 已核实: no longer marks its cells
            for cell_id in finding.cells:
                by_cell[cell_id].append(finding)
        self.findings_by_cell = dict(by_cell)
        self.findingsChanged.emit()

    def _push(self, command: _Command) -> None:
        self.undo_stack.push(command)

    def push_change(self, title: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        """An undoable edit made elsewhere (ui/year_actions.py): ``redo`` and ``undo`` change the
        report and emit the signals of what they changed; the checks run after each."""

        def then_check(change: Callable[[], None]) -> Callable[[], None]:
            def run() -> None:
                change()
                self.refresh_findings()

            return run

        self._push(_Command(title, then_check(redo), then_check(undo)))

    # --- table cells ------------------------------------------------------------------------

    def set_cells(self, new_values: dict[str, CellValue | None], title: str = "编辑单元格") -> None:
        """Write entered cells; the totals that depend on them follow in the same step."""
        report = self.report
        changes = {k: v for k, v in new_values.items() if report.values[k] != v}
        if not changes:
            return
        trial = report.copy()
        trial.values.update(changes)
        changes.update(trial.totals_following(set(changes)))
        self._set_values(changes, title)

    def _set_values(self, changes: dict[str, CellValue | None], title: str) -> None:
        old = {k: self.report.values[k] for k in changes}

        def apply(values: dict[str, CellValue | None]) -> Callable[[], None]:
            def run() -> None:
                self.report.values.update(values)
                self.cellsChanged.emit(list(values))
                self.refresh_findings()

            return run

        self._push(_Command(title, apply(changes), apply(old)))

    def recompute_totals(self) -> bool:
        """按分项重算合计: replace every total by the sum of its parts.

        False if nothing changed."""
        changes = {
            k: v for k, v in self.report.computed_totals().items() if self.report.values[k] != v
        }
        if not changes:
            return False
        self._set_values(changes, "按分项重算合计")
        return True

    def fill_blanks(self, table: TableSpec) -> int:
        """Write 0 in every blank entered cell of ``table``; returns how many cells were filled."""
        blanks = self.report.blank_entered_cells(table)
        if blanks:
            self.set_cells({cell.id: 0 for cell in blanks}, f"{table.name}空白单元格填 0")
        return len(blanks)

    # --- text -------------------------------------------------------------------------------

    def set_text(self, address: TextAddress, value: str) -> None:
        old = read_text(self.report, address)
        if old == value:
            return

        def apply(text: str) -> Callable[[], None]:
            def run() -> None:
                write_text(self.report, address, text)
                self.textChanged.emit(*address)
                self.refresh_findings()

            return run

        self._push(_Command("编辑文字", apply(value), apply(old), merge_key=address))

    def set_year(self, year: int | None) -> None:
        self._set_basic("year", year, "修改报告年度")

    def set_report_date(self, date: dt.date | None) -> None:
        self._set_basic("report_date", date, "修改落款日期")

    def set_style(self, style: DocumentStyle) -> None:
        """版式: the document style of the exported and printed report (undoable)."""
        self._set_basic("style", dataclasses.replace(style), "修改版式")

    def _set_basic(self, name: str, value: object, title: str) -> None:
        old = getattr(self.report, name)
        if old == value:
            return

        def apply(v: object) -> Callable[[], None]:
            def run() -> None:
                setattr(self.report, name, v)
                self.basicChanged.emit(name)
                self.refresh_findings()

            return run

        self._push(_Command(title, apply(value), apply(old)))

    # --- sub-headed parts -------------------------------------------------------------------

    def add_part(self, section: str, index: int, heading: str = "") -> None:
        parts = self._parts_copy(section)
        parts.insert(index, TextPart(heading, ""))
        self._set_parts(section, parts, "添加小标题")

    def remove_part(self, section: str, index: int) -> None:
        parts = self._parts_copy(section)
        del parts[index]
        self._set_parts(section, parts, "删除小标题")

    def move_part(self, section: str, index: int, offset: int) -> None:
        parts = self._parts_copy(section)
        target = index + offset
        if not 0 <= target < len(parts):
            return
        parts.insert(target, parts.pop(index))
        self._set_parts(section, parts, "移动小标题")

    def _parts_copy(self, section: str) -> list[TextPart]:
        return [TextPart(p.heading, p.text) for p in self.report.sections[section].parts]

    def _set_parts(self, section: str, parts: list[TextPart], title: str) -> None:
        old = self._parts_copy(section)

        def apply(value: list[TextPart]) -> Callable[[], None]:
            def run() -> None:
                self.report.sections[section].parts = [TextPart(p.heading, p.text) for p in value]
                self.partsChanged.emit(section)
                self.refresh_findings()

            return run

        self._push(_Command(title, apply(parts), apply(old)))
