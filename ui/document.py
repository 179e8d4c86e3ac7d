"""The open report as the window sees it: the model, its file, its undo history and its findings.

Every edit the widgets make goes through this object: ``Report.apply`` writes it and says what
changed, this object keeps that as an undoable command, runs the checks again and tells the
widgets what changed.  Widgets never change the report directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from models.agency import AgencyKind
from models.checks.blank_marks import TO_ZERO, placeholders_to_zero
from models.checks.tables import Finding, run_checks, while_filling
from models.document.style import DocumentStyle
from models.edit import Applied, Edit, apply
from models.format.spec import BASIC_LABELS, TableSpec
from models.narrative.fields import BASIC, FieldAddress, TextField
from models.report import Acknowledgement, Report, SectionText, TextPart
from models.values import CellValue
from ui.previous_year import read_linked
from ui.texts import FILL_BLANKS, RECOMPUTE, TYPE_IN


def field_place(report: Report, address: FieldAddress) -> str:
    """A text field as the undo menu names it: 机关名称, 前言, 三、…, 一、…（二）… 的小标题."""
    if address.section == BASIC:
        return BASIC_LABELS.get(address.name, address.name)
    spec = report.format.section_by_key[address.section]
    if address.part is None:
        return spec.heading
    parts = report.sections[address.section].parts
    part_heading = parts[address.part].heading if address.part < len(parts) else ""
    place = TextField(FieldAddress(spec.key, address.part), "", spec.heading, part_heading).place
    return f"{place}的小标题" if address.heading else place


class _EditCommand(QUndoCommand):
    """An edit already applied to the report (``Report.apply``): undo writes the values before,
    redo the values after.  Consecutive typing into one field merges into one step."""

    TEXT_ID = 1

    def __init__(
        self, document: ReportDocument, title: str, applied: Applied, merge_key: object = None
    ) -> None:
        super().__init__(title)
        self.document = document
        self.applied = applied
        self.merge_key = merge_key
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push redoes: the edit is applied already
            self._pushed = True
            return
        self.document.reapply(self.applied.done, self.applied.undone)
        self.document.revisited.emit(self.applied.done)

    def undo(self) -> None:
        self.document.reapply(self.applied.undone, self.applied.done)
        self.document.revisited.emit(self.applied.done)

    def id(self) -> int:
        return self.TEXT_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _EditCommand) or other.merge_key != self.merge_key:
            return False
        # Keep our values before (the text before typing began), take the other's after.
        self.applied = Applied(other.applied.done, self.applied.undone)
        return True


class ReportDocument(QObject):
    cellsChanged = Signal(list)
    """Ids of table cells whose values changed."""
    textChanged = Signal(FieldAddress)
    """The address of a text field changed by undo/redo or by the program."""
    partsChanged = Signal(str)
    """The sub-headed parts of a section were added, removed or reordered."""
    basicChanged = Signal(str)
    """A non-text basic field (year, report_date) changed."""
    findingsChanged = Signal()
    reportReplaced = Signal()
    revisited = Signal(Edit)
    """An undo or a redo wrote a step back: the Edit of the step (its new values), so the window
    can show where it was."""

    def __init__(self, report: Report, path: Path | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.report = report
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.needs_saving = False
        """The report is not its file as saved (recovered from an autosave, imported, merged):
        unsaved even before the first edit."""
        self.findings: list[Finding] = []
        """The findings as the window shows them while the clerk fills the report: a table's
        blank cells one quiet to-do (``models.checks.tables.while_filling``)."""
        self.final_findings: list[Finding] = []
        """The findings as the report is judged (``run_checks``: every blank cell an error),
        which 导出 and 打印 decide a final version on, as the command line does."""
        self.findings_by_cell: dict[str, list[Finding]] = {}
        self.previous: Report | None = None
        """Last year's report, linked in the project (ui/commands/years.py)."""
        self.previous_problem: str | None = None
        self._linked: dict[str, tuple[Report | None, str | None]] = {}
        """Last year's reports read, by ``Report.previous_file``: undoing a link or an unlink
        compares with the report read then, as the clerk saw it."""
        if report.previous_file:
            self.previous, self.previous_problem = read_linked(report, path)
            self._linked[report.previous_file] = (self.previous, self.previous_problem)
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
        self.final_findings = run_checks(
            self.report, self.previous, previous_problem=self.previous_problem
        )
        self.findings = while_filling(self.report, self.final_findings)
        by_cell: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            if finding.acknowledged:
                continue  # 已核实: no longer marks its cells
            for cell_id in finding.cells:
                by_cell[cell_id].append(finding)
        self.findings_by_cell = dict(by_cell)
        self.findingsChanged.emit()

    # --- the one path of every edit ------------------------------------------------------------

    def edit(self, title: str, edit: Edit, merge_key: object = None) -> bool:
        """Apply ``edit`` as one undoable step; False (and no step) if it changes nothing."""
        applied = apply(self.report, edit)
        if not applied.done:
            return False
        self._announce(applied.done, applied.undone)
        self.undo_stack.push(_EditCommand(self, title, applied, merge_key))
        return True

    def reapply(self, edit: Edit, before: Edit) -> None:
        """Undo or redo: write the exact values of ``edit`` (``before`` are those it replaces)."""
        apply(self.report, edit)
        self._announce(edit, before)

    def _announce(self, now: Edit, before: Edit) -> None:
        """Tell the widgets what changed, then run the checks again."""
        if now.values:
            self.cellsChanged.emit(list(now.values))
        for address in now.texts:
            self.textChanged.emit(address)
        for key, section in now.sections.items():
            if section.parts != before.sections[key].parts:
                self.partsChanged.emit(key)
            if section.intro != before.sections[key].intro:
                self.textChanged.emit(FieldAddress(key))
        if "previous_file" in now.settings:
            self.previous, self.previous_problem = self._linked.get(
                self.report.previous_file, (None, None)
            )
        for name in now.settings:
            self.basicChanged.emit(name)
        self.refresh_findings()

    # --- table cells ------------------------------------------------------------------------

    def set_cells(self, new_values: dict[str, CellValue | None], title: str = TYPE_IN) -> None:
        """Write entered cells; the totals that depend on them follow in the same step.  The undo
        step names the cell (输入 表三「…」行「…」列), or the table and how many cells."""
        self.edit(self._cells_title(title, list(new_values)), Edit(values=dict(new_values)))

    def _cells_title(self, title: str, ids: list[str]) -> str:
        cells = [
            self.report.format.cell_by_id[i] for i in ids if i in self.report.format.cell_by_id
        ]
        if not cells:
            return title
        if len(cells) == 1:
            return f"{title} {cells[0].place}"
        tables = "、".join(dict.fromkeys(cell.table.name for cell in cells))
        return f"{title} {tables} {len(cells)} 个单元格"

    def recompute_totals(self) -> bool:
        """按分项重算合计: replace every total by the sum of its parts.

        False if nothing changed."""
        totals = Edit(values=self.report.computed_totals(), totals_follow=False)
        return self.edit(RECOMPUTE, totals)

    def fill_blanks(self, table: TableSpec) -> int:
        """Write 0 in every blank entered cell of ``table``; returns how many cells were filled."""
        blanks = self.report.blank_entered_cells(table)
        if blanks:
            values: dict[str, CellValue | None] = {cell.id: 0 for cell in blanks}
            self.edit(f"{table.name}{FILL_BLANKS}", Edit(values=values))
        return len(blanks)

    def placeholders_to_zero(self, table: TableSpec) -> int:
        """把这些单元格改为 0: 0 in every cell of ``table`` still blank that held "—", "/" or "无"
        in the file it was read from, as one undoable step; returns how many cells changed."""
        values = placeholders_to_zero(self.report, [table])
        if values and self.edit(f"{table.name}{TO_ZERO}", Edit(values=values)):
            return len(values)
        return 0

    # --- text -------------------------------------------------------------------------------

    def set_text(self, address: FieldAddress, value: str) -> None:
        title = f"{TYPE_IN} {field_place(self.report, address)}"
        self.edit(title, Edit(texts={address: value}), merge_key=address)

    def replace_sections(self, sections: dict[str, SectionText], title: str) -> None:
        """Whole sections (intro and parts) replaced in one step (生成文字)."""
        self.edit(title, Edit(sections={k: s.copy() for k, s in sections.items()}))

    # --- settings ---------------------------------------------------------------------------

    def set_year(self, year: int | None) -> None:
        self._set_setting("year", year, "修改报告年度")

    def set_report_date(self, date: dt.date | None) -> None:
        self._set_setting("report_date", date, "修改落款日期")

    def set_style(self, style: DocumentStyle) -> None:
        """版式: the document style of the exported and printed report (undoable)."""
        self._set_setting("style", dataclasses.replace(style), "修改版式")

    def set_whole_government(self, whole: bool) -> None:
        """本级政府报告 or a department's: the deadline of the report date check.  The kind is
        the setting, so undo gives back 未能判断 where the name did not tell."""
        kind = AgencyKind.GOVERNMENT if whole else AgencyKind.DEPARTMENT
        self._set_setting("agency_kind", kind, "设为本级政府报告" if whole else "设为部门报告")

    def link_previous(self, previous_file: str, previous: Report | None, title: str) -> None:
        """Link last year's report (read from ``previous_file``), or unlink it (``""``, None)."""
        if previous_file:
            self._linked[previous_file] = (previous, None)
        if not self._set_setting("previous_file", previous_file, title):
            # The same file again: compare with it as it is now.
            self.previous, self.previous_problem = self._linked.get(previous_file, (None, None))
            self.refresh_findings()

    def _set_setting(self, name: str, value: object, title: str) -> bool:
        return self.edit(title, Edit(settings={name: value}))

    # --- 已核实 -------------------------------------------------------------------------------

    def set_acknowledged(self, finding: Finding, acknowledgement: Acknowledgement | None) -> None:
        """Mark ``finding`` 已核实, or withdraw the mark (None)."""
        title = "取消核实" if acknowledgement is None else "标记为已核实"
        self.edit(title, Edit(acknowledged={finding.key: acknowledgement}))

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
        return self.report.sections[section].copy().parts

    def _set_parts(self, section: str, parts: list[TextPart], title: str) -> None:
        text = SectionText(self.report.sections[section].intro, parts)
        self.edit(title, Edit(sections={section: text}))
