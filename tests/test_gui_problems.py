"""The problems panel as a clerk uses it: a new report's short list of what to fill, the untouched
table that turns into its blank cells once a cell is typed, the order, the filters by page, kind
and severity, whole messages, and the panel collapsed to its one-line summary (remembered)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from models import project_file
from models.checks.findings import Kind, Severity, page_of
from models.format.format2021 import TABLE_3, TABLE_4
from models.report import Report
from tests.conftest import ANSWERS, SAMPLE, _window
from tests.test_gui_form import type_into, view_of
from tests.window_parts import cell_id_at
from ui.form.pages import SectionPage
from ui.form.problems import (
    KIND_COLUMN,
    MESSAGE_COLUMN,
    PLACE_COLUMN,
    SEVERITY_COLUMN,
    ProblemsPanel,
)
from ui.form.table_model import SEVERITY_ROLE, TO_FILL_ROLE
from ui.main_window import MainWindow
from ui.style import COLORS


def open_window(qtbot, report: Report, folder: Path) -> Iterator[MainWindow]:
    """The window with ``report`` opened from a file, at a laptop's 1280×720."""
    path = folder / "报告.gknb"
    project_file.save(report, path)
    for window in _window(qtbot, path):
        window.resize(1280, 720)
        QApplication.processEvents()
        yield window


@pytest.fixture
def new_window(qtbot, profile: Path) -> Iterator[MainWindow]:
    """A new, empty report, at 1280×720."""
    for window in _window(qtbot, None):
        window.resize(1280, 720)
        yield window


def half_filled() -> Report:
    """The sample with one wrong number in 表三, 表四 started and mostly blank, a hint."""
    report = project_file.load(SAMPLE)
    report.values["t3.new.natural"] = 7  # 表三 no longer balances
    for cell in TABLE_4.cells:
        report.values[cell.id] = None
    report.values["t4.cases.review_upheld"] = 1
    report.recompute_totals()
    report.phone = ""
    return report


@pytest.fixture
def half_window(qtbot, profile: Path, tmp_path: Path) -> Iterator[MainWindow]:
    yield from open_window(qtbot, half_filled(), tmp_path)


def texts(panel: ProblemsPanel, column: int) -> list[str]:
    model = panel.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def row_of(panel: ProblemsPanel, start: str) -> int:
    return next(i for i, m in enumerate(texts(panel, MESSAGE_COLUMN)) if m.startswith(start))


def double_click(qtbot, panel: ProblemsPanel, row: int) -> None:
    index = panel.model.index(row, MESSAGE_COLUMN)
    panel.view.scrollTo(index)
    centre = panel.view.visualRect(index).center()
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


# --- a new report: what to fill ------------------------------------------------------------------


def test_a_new_report_opens_with_a_short_list_of_what_to_fill(new_window: MainWindow) -> None:
    panel = new_window.problems
    messages = texts(panel, MESSAGE_COLUMN)
    assert len(messages) <= 15, messages
    for name in ("表二", "表三", "表四"):
        row = row_of(panel, f"{name}尚未填写")
        assert panel.model.index(row, PLACE_COLUMN).data() == name
        assert panel.model.index(row, KIND_COLUMN).data() == "空白"
        assert panel.model.index(row, SEVERITY_COLUMN).data() == "错误"
    assert not any("是空白" in m for m in messages)  # no blank-cell line per cell
    errors = sum(f.severity is Severity.ERROR for f in new_window.document.findings)
    assert f"错误 {errors}" in panel.counts.text() and errors <= 10


def test_the_untouched_table_turns_into_a_quiet_to_do_once_a_cell_is_typed(
    qtbot, new_window: MainWindow
) -> None:
    """The first number typed into a blank table leaves the rest as work to do: one quiet line
    (“表三还有 143 格未填”), counted apart from the errors, and a light mark on the cells — not
    a red flood of 143 errors (issue 22).  Exporting still counts each of them as an error."""
    panel = new_window.problems
    errors_before = sum(f.severity is Severity.ERROR for f in new_window.document.findings)
    double_click(qtbot, panel, row_of(panel, "表三尚未填写"))
    # The finding took the clerk to 表三's first cell.
    page = new_window.page(new_window.tabs.currentIndex())
    assert isinstance(page, SectionPage) and page.section.table is TABLE_3
    view = view_of(new_window, "表三")
    assert cell_id_at(view.grid_model, view.currentIndex()) == "t3.new.natural"
    type_into(qtbot, view, "t3.new.natural", "5")
    messages = texts(panel, MESSAGE_COLUMN)
    assert not any(m.startswith("表三尚未填写") for m in messages)
    entered = [c for c in TABLE_3.cells if not c.computed]
    left = len(entered) - 1
    row = row_of(panel, f"表三还有 {left} 格未填：")
    assert panel.model.index(row, SEVERITY_COLUMN).data() == "待填"
    assert panel.model.index(row, PLACE_COLUMN).data() == "表三"
    assert panel.model.index(row, SEVERITY_COLUMN).data(Qt.ItemDataRole.BackgroundRole) is None
    assert not any("是空白：没有发生的事项请填 0" in m for m in messages)  # no line per cell
    (to_do,) = [f for f in panel.model.rows if f.to_do]
    assert set(to_do.cells) == {c.id for c in entered} - {"t3.new.natural"}
    # The counts: the untouched table's error is gone, the blanks are no errors but 待填.
    counts = panel.counts.text()
    assert f"错误 {errors_before - 1}<" in counts and f"待填 {left} 格" in counts
    assert f"待填 {left} 格" in panel.summary_text()
    # The tab's badge counts errors: the cells to fill are not among them.
    tab = new_window.tabs.currentIndex()
    assert new_window.tabs.badge(tab) == sum(
        1
        for f in new_window.document.findings
        if f.severity is Severity.ERROR and not f.to_do and new_window.navigator.tab_of(f) == tab
    )
    assert new_window.tabs.badge(tab) < left
    # The cells: a pale fill, no error's red, a tooltip of their own.
    blank = view.grid_model.index_of("t3.new.business")
    assert blank.data(SEVERITY_ROLE) is None and blank.data(TO_FILL_ROLE) is True
    assert blank.data(Qt.ItemDataRole.BackgroundRole).color() == COLORS.to_fill
    assert blank.data(Qt.ItemDataRole.ToolTipRole).startswith("【待填】")
    assert view.grid_model.index_of("t3.new.natural").data(TO_FILL_ROLE) is None
    assert "t3.new.business" not in view.grid_model.marks  # the view frames none of them
    assert any(m.startswith("表四尚未填写") for m in messages)  # the others still one line
    # Checking counts every blank cell as an error, as the command line does.
    final = new_window.document.final_findings
    assert sum(f.rule.id == "value.blank" for f in final) == left
    # Undo: 表三 is untouched again, one line.
    new_window.undo_action.trigger()
    assert sum(m.startswith("表三尚未填写") for m in texts(panel, MESSAGE_COLUMN)) == 1
    assert not [f for f in panel.model.rows if f.rule.id == "value.blank"]
    assert "待填" not in panel.counts.text()
    assert blank.data(TO_FILL_ROLE) is None


def test_a_final_version_with_cells_to_fill_is_refused_counting_each(
    qtbot, profile: Path, tmp_path: Path, no_blocking_dialogs: list[tuple[str, str]]
) -> None:
    """导出 Word while cells are left to fill: refused, every blank cell counted as an error,
    the table listed as the panel lists it; the clerk declines the draft, nothing is written."""
    report = project_file.load(SAMPLE)
    column = [c for c in TABLE_3.cells if c.column.key == "research" and not c.computed]
    for cell in column:
        report.values[cell.id] = None
    report.recompute_totals()
    for window in open_window(qtbot, report, tmp_path):
        assert "错误 0<" in window.problems.counts.text()
        ANSWERS["question"] = QMessageBox.StandardButton.No
        window.export_word_action.trigger()  # refused before a file dialog opens
        kind, text = no_blocking_dialogs[-1]
        assert kind == "question" and f"还有 {len(column)} 个错误" in text
        assert f"• 表三还有 {len(column)} 格未填：「科研机构」列在全部" in text
    assert list(tmp_path.glob("*.docx")) == []


def test_an_untouched_table_refuses_the_final_version(new_window: MainWindow) -> None:
    """导出 decides with the panel's findings: the untouched tables are errors."""
    from models.checks.export_refusal import refusal

    refused = refusal(new_window.document.findings)
    assert refused is not None
    assert {f.rule.id for f in refused.errors} >= {"table.untouched"}


# --- the order -----------------------------------------------------------------------------------


def test_the_wrong_numbers_come_first(half_window: MainWindow) -> None:
    panel = half_window.problems
    kinds = texts(panel, KIND_COLUMN)
    severities = texts(panel, SEVERITY_COLUMN)
    assert kinds[:2] == ["勾稽", "勾稽"], kinds  # 表三's broken balance, not buried
    # 表四's blank cells, a to-do, come after the errors: what is wrong first.
    assert severities == sorted(severities, key=["错误", "待填", "警告", "提示"].index)
    assert severities.count("待填") == 1
    errors = severities.count("错误")
    assert errors == 2 and kinds[errors] == "空白"  # the two columns, then what is left to fill
    # The same findings, in the same order, as the command line prints (models.checks.tables), with
    # the blank cells of the table being filled on one line.
    from models.checks.tables import run_checks, while_filling

    report = half_window.document.report
    assert panel.model.rows == while_filling(report, run_checks(report))


# --- the filters ---------------------------------------------------------------------------------


def test_filters_by_page_kind_and_severity(qtbot, half_window: MainWindow) -> None:
    panel = half_window.problems
    report_format = half_window.document.report.format
    everything = list(panel.model.rows)
    # 页面: the page of 表四 (四、复议和诉讼), chosen from the keyboard.
    section = next(s for s in report_format.sections if s.table is TABLE_4)
    page_item = panel.page_filter.findData(section.key)
    assert panel.page_filter.itemText(page_item).startswith(section.tab_title + "（")
    panel.page_filter.setFocus()
    while panel.page_filter.currentIndex() != page_item:
        qtbot.keyClick(panel.page_filter, Qt.Key.Key_Down)
    rows = panel.model.rows
    assert rows and all(page_of(report_format, f) == section.key for f in rows)
    assert len(rows) == sum(page_of(report_format, f) == section.key for f in everything)
    assert panel.page_filter.itemText(page_item) == f"{section.tab_title}（{len(rows)}）"
    assert all(
        p.startswith(TABLE_4.name) or p == section.heading for p in texts(panel, PLACE_COLUMN)
    )
    # 类别 as well: 表四 has no 勾稽 error, so nothing is left.
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(Kind.ARITHMETIC))
    assert panel.model.rowCount() == 0
    # All pages, 勾稽 only: 表三's two columns.
    panel.page_filter.setCurrentIndex(0)
    assert texts(panel, KIND_COLUMN) == ["勾稽", "勾稽"]
    assert all(p.startswith(TABLE_3.name) for p in texts(panel, PLACE_COLUMN))
    item = panel.kind_filter.findData(Kind.ARITHMETIC)
    assert panel.kind_filter.itemText(item) == "勾稽（2）"
    # 级别 only hints, any kind: the phone left blank.
    panel.kind_filter.setCurrentIndex(0)
    panel.filter.setCurrentIndex(3)  # 只看提示
    assert set(texts(panel, SEVERITY_COLUMN)) == {"提示"}
    assert [f.severity for f in panel.model.rows] == [
        f.severity for f in everything if f.severity is Severity.INFO
    ]
    # The counts line always counts everything, whatever is shown.
    assert (
        "错误 " in panel.counts.text() and f"提示 {panel.model.rowCount()}" in panel.counts.text()
    )


def test_the_filters_follow_another_report(qtbot, half_window: MainWindow) -> None:
    panel = half_window.problems
    panel.page_filter.setCurrentIndex(1)  # 基本信息
    assert half_window.open_path(SAMPLE, ask=False)
    assert panel.page_filter.currentIndex() == 0  # all pages again, for the new report
    assert panel.model.rows == half_window.document.findings


def test_the_whole_message_is_readable(qtbot, half_window: MainWindow) -> None:
    """Long messages wrap in their row; nothing is cut off with "…"."""
    half_window.resize(1024, 768)
    panel = half_window.problems
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(Kind.TEXT_TABLE))
    QApplication.processEvents()
    assert panel.model.rowCount() >= 1
    view = panel.view
    assert view.wordWrap() and view.textElideMode() == Qt.TextElideMode.ElideNone
    index = panel.model.index(0, MESSAGE_COLUMN)
    assert index.data() == panel.model.rows[0].message  # the whole message, as the checks say
    line = view.fontMetrics().height()
    assert view.rowHeight(0) >= 2 * line  # wrapped over lines, not cut
    width = view.columnWidth(MESSAGE_COLUMN)
    assert view.fontMetrics().horizontalAdvance(index.data()) > width
    # Double-click still goes to the text the finding is about.
    double_click(qtbot, panel, 0)
    assert half_window.tabs.currentIndex() != 0


def test_the_findings_model_passes_the_model_tester(qtmodeltester, half_window: MainWindow) -> None:
    panel = half_window.problems
    panel.kind_filter.setCurrentIndex(panel.kind_filter.findData(Kind.BLANK))
    qtmodeltester.check(panel.model, force_py=True)
    panel.page_filter.setCurrentIndex(1)
    qtmodeltester.check(panel.model, force_py=True)


# --- collapsed -----------------------------------------------------------------------------------


def test_collapse_to_a_one_line_summary_and_open_again(qtbot, half_window: MainWindow) -> None:
    panel = half_window.problems
    dock = half_window.problems_dock
    view = view_of(half_window, "表三")
    table_height = view.height()
    central = half_window.centralWidget()
    assert central is not None
    page_height = central.height()
    dock_height = dock.height()
    # At 1280×720 the whole bar fits: filters and buttons inside the window.
    assert panel.acknowledge.geometry().right() <= panel.bar.width()
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert panel.collapsed and not panel.view.isVisible() and not panel.filters.isVisible()
    # One line: the summary with the counts, and the form takes the height.
    assert dock.height() <= panel.bar.sizeHint().height() + 4
    assert central.height() > page_height + 100
    assert view.height() >= table_height
    findings = half_window.document.findings
    n = {s: sum(f.severity is s and not f.to_do for f in findings) for s in Severity}
    left = sum(len(f.cells) for f in findings if f.to_do)  # 表四's cells still to fill
    assert panel.summary_text() == (
        f"错误 {n[Severity.ERROR]}　警告 {n[Severity.WARNING]}　提示 {n[Severity.INFO]}"
        f"　待填 {left} 格"
    )
    text = panel.counts.text()
    assert f"错误 {n[Severity.ERROR]}" in text and "点击展开" in text
    # The summary follows the edits while collapsed.
    type_into(qtbot, view, "t3.new.natural", "5")  # balances again
    assert f"错误 {n[Severity.ERROR] - 2}" in panel.counts.text()
    # A click on the summary opens the panel, as high as before.
    qtbot.mouseClick(panel.counts, Qt.MouseButton.LeftButton)
    assert not panel.collapsed and panel.view.isVisible()
    qtbot.waitUntil(lambda: abs(dock.height() - dock_height) <= 8, timeout=2000)
    assert "点击展开" not in panel.counts.text()
    # Clicking the counts of an open panel does not close it.
    qtbot.mouseClick(panel.counts, Qt.MouseButton.LeftButton)
    assert not panel.collapsed


def test_collapsed_is_remembered(qtbot, profile: Path, tmp_path: Path) -> None:
    windows = open_window(qtbot, half_filled(), tmp_path)
    window = next(windows)
    qtbot.mouseClick(window.problems.toggle, Qt.MouseButton.LeftButton)
    assert window.problems.collapsed
    next(windows, None)  # closed
    again = open_window(qtbot, half_filled(), tmp_path)
    window = next(again)
    assert window.problems.collapsed and not window.problems.view.isVisible()
    QApplication.processEvents()
    assert window.problems_dock.height() <= window.problems.bar.sizeHint().height() + 4
    qtbot.keyClick(window.problems.toggle, Qt.Key.Key_Space)  # from the keyboard
    assert not window.problems.collapsed
    next(again, None)
    third = open_window(qtbot, half_filled(), tmp_path)
    window = next(third)
    assert not window.problems.collapsed
    next(third, None)


# --- one finding, one fix: "—" for 0 -------------------------------------------------------------


def dashed() -> Report:
    """The sample as a published report writes it: "—" for every 0 of 表三 (read from Word)."""
    from models.values import BlankMark, MarkKind

    report = project_file.load(SAMPLE)
    for cell in TABLE_3.cells:
        if report.values[cell.id] == 0:
            report.values[cell.id] = None
            report.blank_marks[cell.id] = BlankMark(MarkKind.PLACEHOLDER, "—")
    return report


def test_dashes_are_one_finding_and_one_undoable_fix(qtbot, profile: Path, tmp_path: Path) -> None:
    report = dashed()
    zeros = [c.id for c in TABLE_3.cells if c.id in report.blank_marks]
    for window in open_window(qtbot, report, tmp_path):
        panel = window.problems
        document = window.document
        assert not [f for f in document.findings if f.rule.id == "value.blank"]
        row = row_of(panel, f"{TABLE_3.name}有 {len(zeros)} 个单元格填的是“—”")
        assert not panel.to_zero.isVisible()
        panel.view.selectRow(row)
        assert panel.to_zero.isVisible() and panel.to_zero.text() == "把这些单元格改为 0"
        qtbot.mouseClick(panel.to_zero, Qt.MouseButton.LeftButton)
        assert all(document.report.values[i] == 0 for i in zeros)
        assert not [f for f in document.findings if f.table == TABLE_3.name]
        assert document.undo_stack.undoText() == f"{TABLE_3.name}把这些单元格改为 0"
        document.undo_stack.undo()  # one step gives every "—" back
        assert all(document.report.values[i] is None for i in zeros)
        placeholder = [f for f in document.findings if f.rule.id == "value.placeholder"]
        assert len(placeholder) == 1 and len(placeholder[0].cells) == len(zeros)


# --- a file's blank cells: one line, every cell reachable -----------------------------------------


def test_a_files_blank_cells_are_one_line_whose_cells_a_double_click_walks_through(
    qtbot, profile: Path, tmp_path: Path
) -> None:
    """A published page leaving 表三's 科研机构 column blank is one finding in the list; each
    double-click on it selects the next of its cells, and the status bar says which."""
    from tests.report_pages import gov_page

    report = project_file.load(SAMPLE)
    column = [c for c in TABLE_3.cells if c.column.key == "research"]
    for cell in column:
        report.values[cell.id] = None
    page = tmp_path / "报告.html"
    page.write_bytes(gov_page(report))
    for window in _window(qtbot, page):
        panel = window.problems
        blanks = [f for f in panel.model.rows if f.rule.id == "value.blank"]
        assert len(blanks) == 1 and set(blanks[0].cells) == {c.id for c in column}
        row = panel.model.rows.index(blanks[0])
        view = view_of(window, "表三")
        reached = []
        for _ in column:
            double_click(qtbot, panel, row)
            reached.append(cell_id_at(view.grid_model, view.currentIndex()))
        assert reached == list(blanks[0].cells)
        assert f"共 {len(column)} 格" in window.statusBar().currentMessage()
        double_click(qtbot, panel, row)  # round again to the first
        assert cell_id_at(view.grid_model, view.currentIndex()) == blanks[0].cells[0]
