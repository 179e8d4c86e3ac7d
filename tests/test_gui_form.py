"""The form as a clerk uses it: typing into cells and text boxes, keys, paste, undo, live checks."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from models import project_file
from models.checks.tables import Severity
from models.format.format2021 import TABLE_2, TABLE_3, TABLE_4
from models.narrative.fields import FieldAddress
from tests.conftest import SAMPLE, type_text
from tests.window_parts import as_basic, cell_id_at
from ui.form.pages import SectionPage
from ui.form.problems import FINDING_ROLE
from ui.form.table_model import SEVERITY_ROLE
from ui.form.table_view import GridTableView
from ui.main_window import MainWindow
from ui.style import COLORS


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def table_page(window: MainWindow, table_name: str) -> SectionPage:
    for index, page in enumerate(window.pages):
        if (
            isinstance(page, SectionPage)
            and page.section.table is not None
            and page.section.table.name == table_name
        ):
            window.tabs.setCurrentIndex(index)
            return page
    raise AssertionError(table_name)


def view_of(window: MainWindow, table_name: str) -> GridTableView:
    page = table_page(window, table_name)
    assert page.table_view is not None
    return page.table_view


def type_into(qtbot, view: GridTableView, cell_id: str, text: str) -> None:
    view.setCurrentIndex(view.grid_model.index_of(cell_id))
    view.setFocus()
    # The first key opens the editor, which takes the keyboard focus for the rest.
    type_text(view, text[0])
    editor = QApplication.focusWidget()
    type_text(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()  # the delegate commits the editor's text in a queued call


def key_to(qtbot, view: GridTableView, key: Qt.Key) -> str:
    """Press ``key`` in the table; the id of the cell the cursor is on then."""
    qtbot.keyClick(view, key)
    g = view.grid_model.grid_cell(view.currentIndex())
    assert g is not None and g.cell is not None
    return g.cell.id


def shown(view: GridTableView, cell_id: str) -> str:
    return cast(str, view.grid_model.index_of(cell_id).data(Qt.ItemDataRole.DisplayRole))


def test_typing_replaces_updates_total_and_flags_the_column(qtbot, window: MainWindow) -> None:
    view = view_of(window, "表三")
    assert shown(view, "t3.new.total") == "6"
    type_into(qtbot, view, "t3.new.natural", "7")
    report = window.document.report
    assert report.values["t3.new.natural"] == 7  # replaced, not appended to the old 5
    assert shown(view, "t3.new.natural") == "7"
    assert shown(view, "t3.new.total") == "8"  # the total follows at once
    # The column no longer balances: an error at the cell, coloured and explained.
    index = view.grid_model.index_of("t3.new.natural")
    assert index.data(SEVERITY_ROLE) is Severity.ERROR
    assert index.data(Qt.ItemDataRole.BackgroundRole).color() == COLORS.error_fill
    assert "本年新收 7" in index.data(Qt.ItemDataRole.ToolTipRole)
    messages = [f.message for f in window.document.findings]
    assert any("表三「自然人」列" in m and "本年新收 7 ＋ 上年结转 0 ＝ 7" in m for m in messages)
    # Enter moved the cursor one row down, to the next value cell.
    assert view.currentIndex() == view.grid_model.index_of("t3.carried_in.natural")
    # The tab of 三 shows its error count; the panel counts it.
    tab = window.pages.index(table_page(window, "表三"))
    # Two columns break the balance: 自然人, and 总计 which follows it.
    assert window.tabs.badge(tab) == 2
    assert window.tabs.tabToolTip(tab).endswith("2 个错误")
    assert "错误 2" in window.problems.counts.text()
    assert window.isWindowModified()


def test_bad_input_is_refused_with_a_reason_and_never_reaches_the_model(
    qtbot, window: MainWindow
) -> None:
    view = view_of(window, "表三")
    reasons: list[str] = []
    view.grid_model.inputRefused.connect(lambda _index, reason: reasons.append(reason))
    for text, words in (("abc", "不是数字"), ("-3", "负数"), ("2.5", "整数")):
        type_into(qtbot, view, "t3.new.business", text)
        assert window.document.report.values["t3.new.business"] == 1
        assert words in reasons[-1]
    assert not window.document.undo_stack.canUndo()
    # Said at the cell (ui.form.table_view's balloon), not in the status bar.
    assert view.balloon.isVisible() and "件数只能填整数" in view.balloon.text()
    assert "件数只能填整数" not in window.statusBar().currentMessage()
    # Full-width digits are fine.
    type_into(qtbot, view, "t3.new.business", "１２")
    assert window.document.report.values["t3.new.business"] == 12


def test_fee_cell_takes_amounts_to_the_fen_and_refuses_seven_places(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """平潭 prints 5949.088667 万元 (1 分 = 0.000001 万元): five and six places are taken and
    shown as typed, trailing zeros too, whole in the cell and in its editor, also in the
    narrowest window, and reopened as typed; seven are refused with the reason."""
    view = view_of(window, "表二")
    fee = "t2.fees.amount"
    reasons: list[str] = []
    view.grid_model.inputRefused.connect(lambda _index, reason: reasons.append(reason))
    for typed in ("12.5", "240.91991", "1.50", "5949.088667"):
        type_into(qtbot, view, fee, typed)
        assert str(window.document.report.values[fee]) == typed
        assert shown(view, fee) == typed
    type_into(qtbot, view, fee, "5949.0886671")
    assert str(window.document.report.values[fee]) == "5949.088667"
    assert "有 7 位小数" in reasons[-1] and "最多保留 6 位小数" in reasons[-1]
    assert view.balloon.isVisible() and "四舍五入到分" in view.balloon.text()
    QApplication.focusWidget().clearFocus()  # type: ignore[union-attr]
    QApplication.processEvents()
    window.resize(window.minimumSize().width(), window.height())
    qtbot.waitUntil(lambda: view.width() < 1000)
    index = view.grid_model.index_of(fee)
    bold = view.font()
    bold.setBold(True)
    needed = QFontMetrics(bold).horizontalAdvance("5949.088667")
    assert view.visualRect(index).width() > needed
    view.setCurrentIndex(index)
    view.edit(index)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "5949.088667"
    assert editor.width() > editor.fontMetrics().horizontalAdvance(editor.text())
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    target = tmp_path / "到分.gknb"
    assert window.save_to(target)
    assert window.open_path(target, ask=False)
    assert str(window.document.report.values[fee]) == "5949.088667"
    assert shown(view_of(window, "表二"), fee) == "5949.088667"


def test_computed_cells_cannot_be_typed_over(qtbot, window: MainWindow) -> None:
    view = view_of(window, "表三")
    index = view.grid_model.index_of("t3.new.total")
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    view.setCurrentIndex(index)
    qtbot.keyClicks(view, "99")
    assert window.document.report.values["t3.new.total"] == 6


def test_keys_move_between_value_cells_only(qtbot, window: MainWindow) -> None:
    view = view_of(window, "表二")
    model = view.grid_model
    view.setCurrentIndex(model.index_of("t2.normative.issued"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # skips the caption and header rows of （五）
    assert view.currentIndex() == model.index_of("t2.license.decisions")
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert cell_id_at(model, view.currentIndex()).startswith("t2.normative.")
    view.setCurrentIndex(model.index_of("t2.rules.in_force"))
    assert key_to(qtbot, view, Qt.Key.Key_Tab) == "t2.normative.issued"
    # The row label is not a stop.
    assert key_to(qtbot, view, Qt.Key.Key_Left) == "t2.normative.issued"
    view3 = view_of(window, "表三")
    view3.setCurrentIndex(view3.grid_model.index_of("t3.new.natural"))
    view3.setFocus()
    assert key_to(qtbot, view3, Qt.Key.Key_Right) == "t3.new.business"


def test_delete_blanks_and_blank_is_flagged_not_zero(qtbot, window: MainWindow) -> None:
    view = view_of(window, "表四")
    view.setCurrentIndex(view.grid_model.index_of("t4.cases.review_upheld"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    report = window.document.report
    assert report.values["t4.cases.review_upheld"] is None
    assert shown(view, "t4.cases.review_upheld") == ""
    blank = [f for f in window.document.findings if f.rule.id == "value.blank"]
    assert [f.cells for f in blank] == [("t4.cases.review_upheld",)]
    # The total of the group now sums the written parts only.
    assert report.values["t4.cases.review_total"] == 0
    # Fill blanks with 0 (the page's button) writes 0 there and nowhere else.
    table = table_page(window, "表四").section.table
    assert table is not None
    assert window.document.fill_blanks(table) == 1
    assert report.values["t4.cases.review_upheld"] == 0
    assert not [f for f in window.document.findings if f.rule.id == "value.blank"]


def test_paste_a_block_from_a_spreadsheet(qtbot, window: MainWindow) -> None:
    view = view_of(window, "表三")
    QGuiApplication.clipboard().setText("１，２３４\t2\t0\r\n3\t 4 \t5\r\n")
    view.setCurrentIndex(view.grid_model.index_of("t3.new.natural"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    values = window.document.report.values
    assert (values["t3.new.natural"], values["t3.new.business"], values["t3.new.research"]) == (
        1234,
        2,
        0,
    )
    assert (
        values["t3.carried_in.natural"],
        values["t3.carried_in.business"],
        values["t3.carried_in.research"],
    ) == (3, 4, 5)
    assert values["t3.new.total"] == 1236
    # One paste is one undo step.
    window.undo_action.trigger()
    assert values["t3.new.natural"] == 5 and values["t3.carried_in.research"] == 0
    # A block with one bad value changes nothing, and says which cell refused it.
    refused: list[str] = []
    view.grid_model.inputRefused.connect(lambda _index, reason: refused.append(reason))
    QGuiApplication.clipboard().setText("7\tx")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert values["t3.new.natural"] == 5
    business = window.document.report.format.cell_by_id["t3.new.business"]
    assert len(refused) == 1
    assert refused[0].startswith(f"{business.place}：")
    assert refused[0].endswith("没有粘贴任何内容。")


def test_copy_gives_tab_separated_values(qtbot, window: MainWindow) -> None:
    view = view_of(window, "表三")
    model = view.grid_model
    top_left = model.index_of("t3.new.natural")
    view.selectionModel().select(top_left, view.selectionModel().SelectionFlag.ClearAndSelect)
    view.selectionModel().select(
        model.index_of("t3.new.business"), view.selectionModel().SelectionFlag.Select
    )
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "5\t1"


def test_undo_and_redo_cells_and_typing(qtbot, window: MainWindow) -> None:
    view = view_of(window, "表三")
    type_into(qtbot, view, "t3.new.natural", "9")
    window.undo_action.trigger()
    assert window.document.report.values["t3.new.natural"] == 5
    assert window.document.report.values["t3.new.total"] == 6
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert window.document.report.values["t3.new.natural"] == 9
    assert window.document.report.values["t3.new.total"] == 10
    # Typing a word into a text box is one undo step, and undo shows in the box.
    window.tabs.setCurrentIndex(0)
    agency = as_basic(window.pages[0]).agency
    agency.setFocus()
    agency.end(False)
    type_text(agency, "办公室")
    assert window.document.report.agency == "硚口区行政审批局办公室"
    window.undo_action.trigger()
    assert window.document.report.agency == "硚口区行政审批局"
    assert agency.text() == "硚口区行政审批局"


def test_text_parts_add_move_remove(qtbot, window: MainWindow) -> None:
    page = next(
        p for p in window.pages if isinstance(p, SectionPage) and p.section.key == "problems"
    )
    window.tabs.setCurrentIndex(window.pages.index(page))
    parts = window.document.report.sections["problems"].parts
    first, second = parts[0].heading, parts[1].heading
    assert [editor.heading.text() for editor in page.part_editors] == [first, second]
    window.document.move_part("problems", 0, 1)
    parts = window.document.report.sections["problems"].parts
    assert [p.heading for p in parts] == [second, first]
    assert page.part_editors[0].heading.text() == second
    window.document.add_part("problems", 2, "新的小标题")
    assert len(page.part_editors) == 3
    # A heading without text is a warning that names the part.
    assert any(
        f.rule.id == "text.empty_part" and "（三）新的小标题" in f.message
        for f in window.document.findings
    )
    type_text(page.part_editors[2].text, "内容")
    assert window.document.report.sections["problems"].parts[2].text == "内容"
    window.document.remove_part("problems", 2)
    assert len(window.document.report.sections["problems"].parts) == 2
    window.undo_action.trigger()
    assert window.document.report.sections["problems"].parts[2].text == "内容"


def test_a_part_heading_and_its_text_are_two_fields(qtbot, window: MainWindow) -> None:
    """Typing into a part's heading box changes the heading only; undo shows in that box."""
    page = next(
        p for p in window.pages if isinstance(p, SectionPage) and p.section.key == "problems"
    )
    window.tabs.setCurrentIndex(window.pages.index(page))
    part = window.document.report.sections["problems"].parts[0]
    heading, text = part.heading, part.text
    editor = page.part_editors[0]
    assert editor.heading.address == FieldAddress.part_heading("problems", 0)
    assert editor.text.address == FieldAddress("problems", 0)
    editor.heading.setFocus()
    editor.heading.end(False)
    type_text(editor.heading, "补")
    part = window.document.report.sections["problems"].parts[0]
    assert (part.heading, part.text) == (heading + "补", text)
    window.undo_action.trigger()
    assert window.document.report.sections["problems"].parts[0].heading == heading
    assert editor.heading.text() == heading and editor.text.toPlainText() == text


def test_double_click_a_finding_selects_its_cell(qtbot, window: MainWindow) -> None:
    view = view_of(window, "表四")
    view.setCurrentIndex(view.grid_model.index_of("t4.cases.direct_pending"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    window.tabs.setCurrentIndex(0)
    view.setCurrentIndex(view.grid_model.index_of("t4.cases.review_upheld"))
    panel = window.problems
    row = next(
        r
        for r in range(panel.model.rowCount())
        if panel.model.index(r, 0).data(FINDING_ROLE).rule.id == "value.blank"
    )
    index = panel.model.index(row, 2)
    assert "未经复议直接起诉·尚未审结" in index.data()
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.page(window.tabs.currentIndex())
    assert isinstance(page, SectionPage) and page.section.table is TABLE_4
    selected = cell_id_at(view.grid_model, view.currentIndex())
    assert selected == "t4.cases.direct_pending"


def test_double_click_a_text_finding_focuses_the_field(qtbot, window: MainWindow) -> None:
    window.tabs.setCurrentIndex(0)
    agency = as_basic(window.pages[0]).agency
    agency.selectAll()
    agency.setFocus()
    qtbot.keyClick(agency, Qt.Key.Key_Delete)
    assert window.document.report.agency == ""
    window.tabs.setCurrentIndex(3)
    panel = window.problems
    row = next(
        r for r in range(panel.model.rowCount()) if "机关名称" in panel.model.index(r, 2).data()
    )
    panel.view.activated.emit(panel.model.index(row, 2))
    assert window.tabs.currentIndex() == 0
    assert QApplication.focusWidget() is agency


def test_filter_findings_by_severity(qtbot, window: MainWindow) -> None:
    window.document.set_text(FieldAddress.basic("phone"), "")  # 提示
    view = view_of(window, "表三")
    type_into(qtbot, view, "t3.new.natural", "7")  # 错误
    panel = window.problems
    # 2 errors, the hint, and 2 warnings: the sample's text still says 6 applications (narrative)
    assert panel.model.rowCount() == 5
    panel.filter.setCurrentIndex(1)  # 只看错误
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["错误"] * 2
    panel.filter.setCurrentIndex(3)  # 只看提示
    assert [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())] == ["提示"]


def test_inconsistent_file_keeps_its_numbers_until_recomputed(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    report = project_file.load(SAMPLE)
    report.values["t3.new.total"] = 60  # a total that disagrees with its parts
    path = tmp_path / "不一致.gknb"
    project_file.save(report, path)
    assert window.open_path(path, ask=False)
    view = view_of(window, "表三")
    assert shown(view, "t3.new.total") == "60"
    assert view.grid_model.index_of("t3.new.total").data(SEVERITY_ROLE) is Severity.ERROR
    # An unrelated edit elsewhere does not silently rewrite it.
    type_into(qtbot, view, "t3.carried_in.natural", "0")
    assert window.document.report.values["t3.new.total"] == 60
    window.recompute_action.trigger()
    assert window.document.report.values["t3.new.total"] == 6
    assert not [f for f in window.document.findings if f.severity is Severity.ERROR]


def test_every_table_model_passes_the_model_tester(qtmodeltester, window: MainWindow) -> None:
    for table in (TABLE_2, TABLE_3, TABLE_4):
        qtmodeltester.check(view_of(window, table.name).grid_model, force_py=True)
    qtmodeltester.check(window.problems.model, force_py=True)


def test_the_signer_is_typed_saved_and_shown_again(qtbot, window: MainWindow, tmp_path) -> None:
    """落款单位 in 基本信息: typed by the clerk, kept in the project file, shown on reopening."""
    from ui.form.pages import BasicPage

    window.tabs.setCurrentIndex(0)
    page = window.pages[0]
    assert isinstance(page, BasicPage)
    assert page.signer.text() == ""  # the sample is signed by its agency
    assert "机关名称" in page.signer.placeholderText()
    page.signer.setFocus()
    type_text(page.signer, "硚口区人民政府办公室")
    assert window.document.report.signer == "硚口区人民政府办公室"
    target = tmp_path / "签署.gknb"
    assert window.save_to(target)
    assert project_file.load(target).signer == "硚口区人民政府办公室"
    assert window.open_path(target, ask=False)
    reopened = window.pages[0]
    assert isinstance(reopened, BasicPage)
    assert reopened.signer.text() == "硚口区人民政府办公室"
    # Another report shows its own (empty) signer, not the one typed here.
    assert window.open_path(SAMPLE, ask=False)
    assert window.pages[0].signer.text() == ""  # type: ignore[attr-defined]
