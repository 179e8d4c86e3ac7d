"""Small things a new clerk tripped over (issue 22): the 落款日期 example's year, file dialogs that
open where the last one was left, 表三's headers broken only between words at 1024×768, and
numbers of up to 8 digits shown whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from models import project_file
from models.format.format2021 import TABLE_3
from tests.conftest import SAMPLE, _window, type_text
from tests.test_gui_form import type_into, view_of
from ui.commands import file_dialogs
from ui.form.pages import BasicPage
from ui.form.table_view import GridTableView
from ui.main_window import MainWindow

# --- the 落款日期 example ------------------------------------------------------------------------


def test_the_date_example_is_in_the_year_after_the_report(qtbot, empty_window: MainWindow) -> None:
    """A 2025 report is dated in 2026: the empty field's example says so, and follows the year
    the clerk types beside it."""
    empty_window.tabs.setCurrentIndex(0)
    page = empty_window.page(0)
    assert isinstance(page, BasicPage)
    edit = page.report_date.edit
    for typed, example in (("2025", "如 2026年1月20日"), ("2024", "如 2025年1月20日")):
        page.year.setFocus()
        page.year.selectAll()
        type_text(page.year, typed)
        qtbot.keyClick(page.year, Qt.Key.Key_Tab)
        assert empty_window.document.report.year == int(typed)
        assert edit.text() == ""
        edit.repaint()  # as the field is drawn
        assert edit.placeholderText() == example


# --- file dialogs open where the last one was left ------------------------------------------------


def test_file_dialogs_open_in_the_folder_last_used(
    qtbot, empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An unsaved report's 导出 opens where the clerk last chose a file, not in the home folder;
    a saved report's exports go beside it; the folder is remembered across runs (settings)."""
    work = tmp_path / "年报"
    work.mkdir()
    starts: list[str] = []

    def save(parent, title, start, *args, **kwargs):
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    # A report not saved yet (the sample, imported say): nothing keeps a final version back.
    empty_window.open_unsaved(project_file.load(SAMPLE), "已导入")
    empty_window.export_word_action.trigger()  # no folder used yet: home
    assert Path(starts[-1]).parent == Path.home()
    file_dialogs.remember(work / "某报告.docx")  # a file chosen in a dialog
    assert file_dialogs.last_folder() == work  # kept in the settings file
    empty_window.export_word_action.trigger()
    assert Path(starts[-1]).parent == work
    # A report saved elsewhere exports beside itself.
    other = tmp_path / "另一处"
    other.mkdir()
    saved = other / "报告.gknb"
    project_file.save(empty_window.document.report, saved)
    assert empty_window.open_path(saved, ask=False)
    empty_window.export_word_action.trigger()
    assert Path(starts[-1]).parent == other
    # A folder that is gone is not offered.
    work.rmdir()
    assert file_dialogs.start_folder() == Path.home()


def test_a_folder_chosen_is_remembered(
    monkeypatch: pytest.MonkeyPatch, profile: Path, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path))
    )
    assert file_dialogs.folder(None, "选择文件夹") == tmp_path
    assert file_dialogs.start_folder() == tmp_path
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    assert file_dialogs.open_files(None, "选择", "") == []  # cancelled: nothing changes
    assert file_dialogs.start_folder() == tmp_path


# --- the tables at 1024×768 -----------------------------------------------------------------------


@pytest.fixture
def small_window(qtbot, profile: Path) -> Iterator[MainWindow]:
    """The sample at 1024×768."""
    for window in _window(qtbot, SAMPLE):
        window.resize(1024, 768)
        QApplication.processEvents()
        yield window


def text_width(view: GridTableView, row: int, column: int) -> tuple[int, QStyleOptionViewItem]:
    """The width the delegate draws a cell's text in, and the option it draws with."""
    index = view.grid_model.index(row, column)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    rect = view.visualRect(index)
    option.rect = rect
    delegate = view.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)
    delegate.initStyleOption(option, index)
    style = view.style()
    text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    return text.width(), option


def test_table_three_headers_break_only_between_words(small_window: MainWindow) -> None:
    """社会公益组织 and 法律服务机构 are each one line (never 社会公/益组织): a number column is
    as wide as its header's line."""
    view = view_of(small_window, TABLE_3.name)
    view.fit(view.viewport().width())
    model = view.grid_model
    assert sum(view.columnWidth(c) for c in range(model.columnCount())) <= view.viewport().width()
    headers = [g for g in model.cells if g.role == "header" and g.column_span == 1]
    numbered = [
        g for g in headers if any(c.cell is not None and c.column == g.column for c in model.cells)
    ]
    assert {"社会公益组织", "法律服务机构"} <= {g.text for g in numbered}
    for g in numbered:
        width, option = text_width(view, g.row, g.column)
        for line in g.text.split("\n"):  # the template's own breaks (商业/企业) are kept
            assert option.fontMetrics.horizontalAdvance(line) <= width, (g.text, width)


def test_an_eight_digit_total_is_shown_whole(qtbot, small_window: MainWindow) -> None:
    """A 汇总's numbers run long: up to 8 digits a cell shows whole, a bold total too, not
    “1000…”."""
    view = view_of(small_window, TABLE_3.name)
    type_into(qtbot, view, "t3.new.natural", "12345678")
    type_into(qtbot, view, "t3.new.business", "9999999")
    report = small_window.document.report
    assert len(str(report.values["t3.new.total"])) == 8
    model = view.grid_model
    for cell_id in ("t3.new.natural", "t3.new.business", "t3.new.total"):
        index = model.index_of(cell_id)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        assert text == str(report.values[cell_id])
        width, option = text_width(view, index.row(), index.column())
        elided = option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        assert elided == text, (cell_id, text, width)
