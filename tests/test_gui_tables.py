"""The table pages on a clerk's screen: 表三 and 表四 fit a 1280×720 laptop, their header rows and
row labels stay put while the values scroll, the active cell stays in view, totals are not stops,
and a refused entry is explained at the cell."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from tests.conftest import type_text
from tests.test_gui_form import key_to, shown, table_page, type_into, view_of
from tests.window_parts import cell_id_at
from ui.form.table_view import COMPUTED_NOTE, GridTableView
from ui.main_window import MainWindow


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def at_size(qtbot, window: MainWindow, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    QApplication.processEvents()


def showing(window: MainWindow, name: str) -> GridTableView:
    view = view_of(window, name)
    QApplication.processEvents()
    return view


def global_rect(widget, rect: QRect) -> QRect:
    return QRect(widget.mapToGlobal(rect.topLeft()), rect.size())


def in_view(view: GridTableView, cell_id: str) -> bool:
    """Whether the cell is wholly in the viewport and not under the frozen header or labels."""
    rect = view.visualRect(view.grid_model.index_of(cell_id))
    width, height = view.frozen_size()
    area = view.viewport().rect().adjusted(width, height, 0, 0)
    return area.contains(rect)


def header_of_last_column(view: GridTableView) -> QRect:
    """Where the header over the last column is drawn, in global coordinates."""
    model = view.grid_model
    last = model.table.grid_columns - 1
    header = max(
        (g for g in model.cells if g.role == "header" and g.column + g.column_span - 1 == last),
        key=lambda g: g.row,
    )
    part = view.header_part
    assert part is not None
    return global_rect(part.viewport(), part.visualRect(model.index(header.row, header.column)))


@pytest.mark.parametrize("name", ["表三", "表四"])
def test_every_column_fits_at_1280x720(qtbot, window: MainWindow, name: str) -> None:
    at_size(qtbot, window, 1280, 720)
    view = showing(window, name)
    model = view.grid_model
    assert view.horizontalScrollBar().maximum() == 0
    viewport = global_rect(view.viewport(), view.viewport().rect())
    last = [g for g in model.value_cells if g.column + g.column_span == model.table.grid_columns]
    for g in last:
        rect = view.visualRect(model.index(g.row, g.column))
        assert rect.right() <= view.viewport().width(), g.cell
    assert viewport.contains(header_of_last_column(view))
    # Five digits fit in every number column without being cut off.
    metrics = view.fontMetrics()
    for g in model.value_cells:
        assert view.columnWidth(g.column) > metrics.horizontalAdvance("88888") + 6


def test_1024x768_table_three_scrolls_under_its_frozen_header_and_labels(
    qtbot, window: MainWindow
) -> None:
    at_size(qtbot, window, 1024, 768)
    view = showing(window, "表三")
    model = view.grid_model
    assert view.header_part is not None and view.label_part is not None
    assert view.verticalScrollBar().maximum() > 0  # the table is taller than the page
    header_before = header_of_last_column(view)
    view.setCurrentIndex(model.index_of("t3.new.natural"))
    view.setFocus()
    # Down the 自然人 column with Enter: the cell is always in view, never under the header.
    while True:
        before = view.currentIndex()
        qtbot.keyClick(view, Qt.Key.Key_Return)
        if view.currentIndex() == before:
            break
        cell = model.grid_cell(view.currentIndex())
        assert cell is not None and cell.cell is not None
        assert in_view(view, cell.cell.id), cell.cell.id
    assert cell_id_at(model, view.currentIndex()) == "t3.carried_out.natural"
    assert view.verticalScrollBar().value() > 0
    # The header did not move, and the row's label is beside its cell.
    assert header_of_last_column(view) == header_before
    label = model.index(27, 0)  # 四、结转下年度继续办理
    label_rect = global_rect(view.label_part.viewport(), view.label_part.visualRect(label))
    cell_rect = global_rect(view.viewport(), view.visualRect(view.currentIndex()))
    assert label_rect.top() == cell_rect.top()
    assert label_rect.right() < cell_rect.left()


def test_a_narrow_window_scrolls_sideways_with_the_labels_in_place(
    qtbot, window: MainWindow
) -> None:
    # Large type (a clerk's display scaled up) on a small screen: the numbers no longer fit.
    at_size(qtbot, window, 1024, 768)
    view = showing(window, "表三")
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 1.8)
    view.setFont(font)
    QApplication.processEvents()
    model = view.grid_model
    assert view.horizontalScrollBar().maximum() > 0
    part = view.label_part
    assert part is not None
    label = model.index(3, 0)  # 一、本年新收政府信息公开申请数量
    label_before = global_rect(part.viewport(), part.visualRect(label))
    view.setCurrentIndex(model.index_of("t3.new.natural"))
    view.setFocus()
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert cell_id_at(model, view.currentIndex()) == "t3.new.other_org"
    assert in_view(view, "t3.new.other_org")
    assert view.horizontalScrollBar().value() > 0
    assert global_rect(part.viewport(), part.visualRect(label)) == label_before
    # The header's columns moved with the values.
    header = view.header_part
    assert header is not None
    assert header.horizontalScrollBar().value() == view.horizontalScrollBar().value()


def test_the_table_is_the_pages_one_scroll_area(qtbot, window: MainWindow) -> None:
    at_size(qtbot, window, 1280, 720)
    page = table_page(window, "表三")
    QApplication.processEvents()
    inner = page.widget()
    assert inner is not None and inner.height() <= page.viewport().height()
    assert page.verticalScrollBar().maximum() == 0


def test_enter_and_tab_skip_totals(qtbot, window: MainWindow) -> None:
    view = showing(window, "表三")
    model = view.grid_model
    type_into(qtbot, view, "t3.other_other.natural", "2")
    # Enter went down past （七）总计 to the next row that is filled in.
    assert view.currentIndex() == model.index_of("t3.carried_out.natural")
    # Tab from the last cell of a row that is filled in goes to the next row, not to 总计.
    view.setCurrentIndex(model.index_of("t3.new.other_org"))
    editor_keys = "4"
    type_text(view, editor_keys)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert window.document.report.values["t3.new.other_org"] == 4
    assert view.currentIndex() == model.index_of("t3.carried_in.natural")
    # Up in an editor takes the entry and goes up, as Enter goes down.
    type_text(view, "5")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert window.document.report.values["t3.carried_in.natural"] == 5
    assert view.currentIndex() == model.index_of("t3.new.natural")
    view.setCurrentIndex(model.index_of("t3.carried_in.natural"))
    assert key_to(qtbot, view, Qt.Key.Key_Backtab) == "t3.new.other_org"
    assert key_to(qtbot, view, Qt.Key.Key_Right) == "t3.new.other_org"  # 总计 is not a stop
    assert key_to(qtbot, view, Qt.Key.Key_Down) == "t3.carried_in.other_org"
    view.setCurrentIndex(model.index_of("t3.other_other.business"))
    assert key_to(qtbot, view, Qt.Key.Key_Down) == "t3.carried_out.business"  # past （七）总计
    view4 = showing(window, "表四")
    view4.setCurrentIndex(view4.grid_model.index_of("t4.cases.review_pending"))
    view4.setFocus()
    assert key_to(qtbot, view4, Qt.Key.Key_Right) == "t4.cases.direct_upheld"  # past 总计


def test_typing_into_a_total_changes_nothing_and_says_why(qtbot, window: MainWindow) -> None:
    view = showing(window, "表三")
    model = view.grid_model
    report = window.document.report
    before = dict(report.values)
    for cell_id in ("t3.new.total", "t3.result_total.natural"):
        view.setCurrentIndex(model.index_of(cell_id))
        view.setFocus()
        view.balloon.hide()
        qtbot.keyClicks(view, "99")
        assert view.state() != QAbstractItemView.State.EditingState
        assert view.balloon.isVisible()
        assert "合计由分项自动计算" in view.balloon.text()
        assert view.currentIndex() == model.index_of(cell_id)  # the cursor stays
        view.balloon.hide()
        qtbot.keyClick(view, Qt.Key.Key_Delete)
        assert view.balloon.text() == COMPUTED_NOTE and view.balloon.isVisible()
    assert dict(report.values) == before
    assert not window.document.undo_stack.canUndo()
    assert shown(view, "t3.new.total") == "6"


def test_a_refused_entry_stays_in_its_editor_with_the_reason(qtbot, window: MainWindow) -> None:
    view = showing(window, "表三")
    model = view.grid_model
    tabs_before = window.tabs.geometry()
    index = model.index_of("t3.new.business")
    view.setCurrentIndex(index)
    view.setFocus()
    type_text(view, "2")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    type_text(editor, ".5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.document.report.values["t3.new.business"] == 1
    assert view.state() == QAbstractItemView.State.EditingState
    assert QApplication.focusWidget() is editor
    assert editor.selectedText() == "2.5"
    assert view.currentIndex() == index  # the cursor did not move on
    assert view.balloon.isVisible()
    assert "整数" in view.balloon.text()
    # The balloon is at the cell, just below or above it.
    cell = global_rect(view.viewport(), view.visualRect(index))
    balloon = view.balloon.geometry()
    assert abs(balloon.top() - cell.bottom()) < 8 or abs(balloon.bottom() - cell.top()) < 8
    # Nothing else in the window moved to make room for the message.
    assert window.tabs.geometry() == tabs_before
    # Tab with the refused text does not leave either.
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert view.state() == QAbstractItemView.State.EditingState and view.currentIndex() == index
    # The corrected entry is taken, the note goes, the cursor moves down.
    type_text(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.document.report.values["t3.new.business"] == 3
    assert not view.balloon.isVisible()
    assert view.state() != QAbstractItemView.State.EditingState
    assert view.currentIndex() == model.index_of("t3.carried_in.business")


def test_escape_gives_up_a_refused_entry(qtbot, window: MainWindow) -> None:
    view = showing(window, "表四")
    model = view.grid_model
    view.setCurrentIndex(model.index_of("t4.cases.review_upheld"))
    view.setFocus()
    type_text(view, "x")
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.balloon.isVisible() and "不是数字" in view.balloon.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not view.balloon.isVisible()
    assert view.state() != QAbstractItemView.State.EditingState
    assert window.document.report.values["t4.cases.review_upheld"] == 0


def test_a_refused_paste_is_explained_at_the_cell(qtbot, window: MainWindow) -> None:
    from PySide6.QtGui import QGuiApplication

    view = showing(window, "表三")
    QGuiApplication.clipboard().setText("7\tx")
    view.setCurrentIndex(view.grid_model.index_of("t3.new.natural"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert view.balloon.isVisible()
    assert view.balloon.text().endswith("没有粘贴任何内容。")
    assert window.document.report.values["t3.new.natural"] == 5


def test_a_refusal_in_a_new_report_moves_nothing_in_the_window(qtbot, empty_window) -> None:
    window = empty_window
    view = showing(window, "表三")
    QApplication.processEvents()
    tabs_before = window.tabs.geometry()
    view_before = global_rect(view, view.rect())
    type_into(qtbot, view, "t3.new.natural", "-1")
    assert view.balloon.isVisible() and "负数" in view.balloon.text()
    QApplication.processEvents()
    assert window.tabs.geometry() == tabs_before
    assert global_rect(view, view.rect()) == view_before
    assert window.document.report.values["t3.new.natural"] is None
