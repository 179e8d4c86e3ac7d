"""Going to a place of the report in the window: a finding double-clicked in the problems list,
a cell, a text box, and after undo or redo the place of the step (its tab, the cell selected or
the cursor in the text)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from models.checks.tables import Finding
from models.edit import Edit
from models.narrative.fields import BASIC, FieldAddress
from ui.form.pages import SectionPage

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class Navigator:
    """The window's tabs and pages, as places to go to."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._cycle: tuple[str, int] | None = None
        """The finding of many cells gone to last (its key) and which of its cells."""
        self.next_page_action = self._page_action("下一页", 1, ["Ctrl+Tab", "Ctrl+PgDown"])
        self.previous_page_action = self._page_action("上一页", -1, ["Ctrl+Shift+Tab", "Ctrl+PgUp"])

    def _page_action(self, text: str, step: int, keys: list[str]) -> QAction:
        """The window's own shortcut, not QTabWidget's key handling: that one is reached only when
        the focused widget lets the key pass, and text boxes and tables keep Ctrl+Tab and
        Ctrl+PgUp/PgDn for themselves."""
        action = QAction(text, self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setStatusTip(f"切换到{text}（{'、'.join(keys)}）")
        action.triggered.connect(lambda: self.switch_page(step))
        self.window.addAction(action)  # (also while the menu bar is hidden or the menu not shown)
        return action

    def switch_page(self, step: int) -> None:
        """The next (``step`` 1) or previous (-1) page, round the end as Ctrl+Tab goes round the
        tabs of any program; the keyboard goes to its first field to fill."""
        w = self.window
        if w.on_start_page() or not w.tabs.count():
            return
        w.tabs.setCurrentIndex((w.tabs.currentIndex() + step) % w.tabs.count())
        w.focus_page()

    def tab_of(self, finding: Finding) -> int:
        """The tab where a finding is: its table's, its section's, else 基本信息."""
        w = self.window
        for index, section in enumerate(w.sections):
            if section is None:
                continue
            if finding.table and section.table is not None and section.table.name == finding.table:
                return index
            if finding.section == section.key:
                return index
        return 0

    def go_to_finding(self, finding: Finding) -> None:
        """A finding double-clicked: its cell selected, or the cursor in its text.  A finding of
        many cells (a file's blank cells, one finding per table) goes to its next cell each time
        it is double-clicked again, so that every one of them can be reached from the list."""
        w = self.window
        index = self.tab_of(finding)
        cells = finding.cells
        which = 0
        if len(cells) > 1 and self._cycle is not None and self._cycle[0] == finding.key:
            which = (self._cycle[1] + 1) % len(cells)
        self._cycle = (finding.key, which) if len(cells) > 1 else None
        if cells and self.go_to_cell(cells[which]):
            if len(cells) > 1:
                w.statusBar().showMessage(
                    f"第 {which + 1} 格，共 {len(cells)} 格：再双击这条问题，到下一格。", 8000
                )
            return
        w.tabs.setCurrentIndex(index)
        if finding.address is None or not w.page(index).focus_field(finding.address):
            w.focus_page()  # (the list keeps no keystroke meant for the page)

    def go_to_cell(self, cell_id: str) -> bool:
        """Switch to the cell's table and select the cell; False if no page shows it."""
        w = self.window
        cell = w.document.report.format.cell_by_id.get(cell_id)
        index = next(
            (i for i, s in enumerate(w.sections) if s and cell and s.table is cell.table), None
        )
        if index is None:
            return False
        w.tabs.setCurrentIndex(index)
        page = w.page(index)
        if not isinstance(page, SectionPage) or page.table_view is None:
            return False
        view = page.table_view
        cell_index = page.table_model.index_of(cell_id)
        view.setCurrentIndex(cell_index)
        view.scrollTo(cell_index)
        page.ensureWidgetVisible(view)
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def go_to_field(self, address: FieldAddress) -> bool:
        """Switch to the tab of a text (or basic field) and put the cursor in it."""
        w = self.window
        index = next(
            (i for i, s in enumerate(w.sections) if s and s.key == address.section),
            0 if address.section == BASIC else None,
        )
        if index is None:
            return False
        w.tabs.setCurrentIndex(index)
        return w.page(index).focus_field(address)

    def show_edit(self, edit: Edit) -> None:
        """After undo or redo: show where the step was (its tab, the cell or the text box)."""
        w = self.window
        if edit.values:
            cells = w.document.report.format.cell_by_id
            entered = [i for i in edit.values if i in cells and not cells[i].computed]
            self.go_to_cell((entered or list(edit.values))[0])
        elif edit.texts:
            self.go_to_field(next(iter(edit.texts)))
        elif edit.sections:
            self.go_to_field(FieldAddress(next(iter(edit.sections))))
        elif edit.settings.keys() & {"year", "report_date"}:
            name = "year" if "year" in edit.settings else "report_date"
            self.go_to_field(FieldAddress.basic(name))
