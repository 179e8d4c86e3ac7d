"""The window as a clerk uses it for last year's report, 生成文字 and 已核实: the 年度 menu,
文件 › 从上年报告新建…, the problems panel's 标记为已核实… — dialogs answered explicitly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from models import project_file
from models.checks.findings import Finding, Severity
from models.narrative import generated as generated_text
from models.narrative.fields import FieldAddress
from tests.conftest import ANSWERS, SAMPLE, type_text
from tests.test_years import last_year
from tests.window_parts import as_basic, menu_actions
from ui.form.acknowledge import AcknowledgeDialog
from ui.form.pages import SectionPage
from ui.main_window import MainWindow

DATA = Path(__file__).parent / "data"
REPORT_FILTER = "年度报告 (*.gknb *.docx *.xlsx *.pdf *.html *.htm *.mht *.mhtml)"


@pytest.fixture
def window(empty_window: MainWindow) -> MainWindow:
    return empty_window


def section_page(window: MainWindow, key: str) -> SectionPage:
    for index, section in enumerate(window.sections):
        if section is not None and section.key == key:
            window.tabs.setCurrentIndex(index)
            page = window.page(index)
            assert isinstance(page, SectionPage)
            return page
    raise AssertionError(key)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The next 打开 file dialog picks ``path``; returns the titles of the dialogs shown."""
    titles: list[str] = []

    def pick(parent, title, folder, filters, *args, **kwargs):
        titles.append(title)
        assert filters.startswith(REPORT_FILTER)
        return str(path), REPORT_FILTER

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    return titles


def when_dialog_opens(action: Callable[[QWidget], None]) -> None:
    """Act on the next modal dialog as the clerk would; it is closed whatever happens."""

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "no dialog opened"
        try:
            action(dialog)
        finally:
            if dialog.isVisible():
                dialog.close()

    QTimer.singleShot(0, handle)


def findings_of(window: MainWindow, rule_id: str) -> list[Finding]:
    return [f for f in window.document.findings if f.rule.id == rule_id]


def select_row(window: MainWindow, rule_id: str) -> int:
    panel = window.problems
    rows = panel.model.rows
    row = next(i for i, f in enumerate(rows) if f.rule.id == rule_id)
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    return row


def type_at_end(qtbot, widget, text: str) -> None:
    widget.setFocus()
    cursor = widget.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    widget.setTextCursor(cursor)
    type_text(widget, text)


# --- 已核实 --------------------------------------------------------------------------------------


def test_acknowledge_a_warning_in_the_problems_panel(qtbot, window: MainWindow, tmp_path: Path):
    assert window.open_path(SAMPLE, ask=False)
    page = section_page(window, "requests")
    type_at_end(qtbot, page.intro, "全年共受理政府信息公开申请9件。")
    (finding,) = findings_of(window, "narrative.number")
    assert (
        "申请 9" in finding.message
        and "表三「一、本年新收政府信息公开申请数量」行「总计」列为 6" in finding.message
    )
    panel = window.problems
    buttons = panel.acknowledge
    row = select_row(window, "narrative.number")
    assert buttons.mark.isEnabled() and not buttons.unmark.isEnabled()

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, AcknowledgeDialog)
        assert not dialog.ok.isEnabled()  # a note is required
        type_text(dialog.note, "另含转办件，已与业务科室核对")
        assert dialog.ok.isEnabled()
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    when_dialog_opens(fill)
    qtbot.mouseClick(buttons.mark, Qt.MouseButton.LeftButton)
    (marked,) = findings_of(window, "narrative.number")
    assert marked.note == "另含转办件，已与业务科室核对"
    assert window.document.report.acknowledged[marked.key].note == marked.note
    row = next(i for i, f in enumerate(panel.model.rows) if f.key == marked.key)
    assert panel.model.index(row, 0).data() == "警告·已核实"
    assert panel.model.index(row, 2).data().startswith("【已核实：另含转办件，已与业务科室核对】")
    assert panel.model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None  # greyed
    assert "其中已核实 1" in panel.counts.text()
    assert window.isWindowModified()
    # One undoable step.
    window.undo_action.trigger()
    assert findings_of(window, "narrative.number")[0].note is None
    window.redo_action.trigger()
    assert findings_of(window, "narrative.number")[0].note == marked.note
    # Saved and opened again: still 已核实.
    path = tmp_path / "核实过.gknb"
    assert window.save_to(path)
    assert window.open_path(path, ask=False)
    assert findings_of(window, "narrative.number")[0].note == marked.note
    # 取消核实.
    select_row(window, "narrative.number")
    assert buttons.unmark.isEnabled()
    qtbot.mouseClick(buttons.unmark, Qt.MouseButton.LeftButton)
    assert findings_of(window, "narrative.number")[0].note is None
    assert "已核实" not in panel.counts.text()


def test_errors_cannot_be_acknowledged(qtbot, window: MainWindow):
    assert window.open_path(SAMPLE, ask=False)
    window.document.set_cells({"t3.new.natural": None})
    row = select_row(window, "value.blank")
    assert window.problems.model.rows[row].severity is Severity.ERROR
    assert not window.problems.acknowledge.mark.isEnabled()
    assert "不能" in window.problems.acknowledge.mark.toolTip()
    # Clicking anyway (it is disabled) does nothing, and no dialog opens.
    assert not window.problems.acknowledge.acknowledge_selected()
    assert window.document.report.acknowledged == {}


def test_cancelled_dialog_changes_nothing(qtbot, window: MainWindow):
    assert window.open_path(SAMPLE, ask=False)
    window.document.set_report_date(dt.date(2025, 2, 10))  # late: a warning
    select_row(window, "date.report_date")
    index = window.document.undo_stack.index()
    when_dialog_opens(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    assert not window.problems.acknowledge.acknowledge_selected()
    assert window.document.undo_stack.index() == index
    assert findings_of(window, "date.report_date")[0].note is None


# --- 生成文字 ------------------------------------------------------------------------------------


def test_generate_texts_from_the_tables(
    qtbot, window: MainWindow, no_blocking_dialogs: list[tuple[str, str]]
):
    assert window.open_path(SAMPLE, ask=False)
    old = window.document.report.sections["requests"].intro
    # The clerk corrects a number in 表三: the text no longer agrees.
    window.document.set_cells({"t3.disclosed.natural": 2, "t3.new.natural": 6})
    assert len(findings_of(window, "narrative.number")) == 3  # 新收 twice, 予以公开
    ANSWERS["question"] = QMessageBox.StandardButton.Yes
    window.years.generate_action.trigger()
    kind, text = no_blocking_dialogs[-1]
    assert kind == "question" and "原有的文字会被替换" in text
    assert "三、收到和处理政府信息公开申请情况" in text and "“政府信息依申请公开情况”" in text
    page = section_page(window, "requests")
    expected = generated_text.requests_sentence(window.document.report)
    assert expected is not None and "新收到政府信息公开申请7件" in expected
    assert page.intro.toPlainText() == expected
    overview = section_page(window, "overview")
    assert (
        overview.part_editors[1]
        .text.toPlainText()
        .startswith("2024年，我局新收到政府信息公开申请7件，上年结转0件，办结6件")
    )
    assert findings_of(window, "narrative.number") == []
    assert "已按表格生成文字：一（二）、二、三、四" in window.statusBar().currentMessage()
    # One undoable step brings the old texts back.
    window.undo_action.trigger()
    assert section_page(window, "requests").intro.toPlainText() == old
    assert len(findings_of(window, "narrative.number")) == 3  # 新收 twice, 予以公开


def test_generate_asks_before_replacing_and_can_be_declined(
    window: MainWindow, no_blocking_dialogs: list[tuple[str, str]]
):
    assert window.open_path(SAMPLE, ask=False)
    ANSWERS["question"] = QMessageBox.StandardButton.No
    before = window.document.report.copy()
    window.years.generate_action.trigger()
    assert no_blocking_dialogs[-1][0] == "question"
    assert window.document.report == before and not window.isWindowModified()


def test_generate_on_blank_tables_says_why(
    window: MainWindow, no_blocking_dialogs: list[tuple[str, str]]
):
    window.years.generate_action.trigger()
    kind, text = no_blocking_dialogs[-1]
    assert kind == "information" and "表格还没有填完" in text and "表三还有空白单元格" in text
    assert not window.isWindowModified()


# --- 从上年报告新建 ------------------------------------------------------------------------------


def test_new_report_from_last_years(qtbot, window: MainWindow, monkeypatch, tmp_path: Path):
    last = tmp_path / "硚口区行政审批局2024年报告.gknb"
    project_file.save(project_file.load(SAMPLE), last)
    titles = choose_file(monkeypatch, last)
    assert window.years.from_previous_action in menu_actions(window.menuBar().actions()[0])
    window.years.from_previous_action.trigger()
    assert titles == ["选择上年的报告"]
    report = window.document.report
    assert (report.agency, report.year, report.phone) == ("硚口区行政审批局", 2025, "027-83616771")
    assert report.values["t3.carried_in.natural"] == 1 and report.values["t3.new.natural"] is None
    assert window.document.previous is not None  # linked, for the checks across years
    assert findings_of(window, "previous.carry_over") == []
    assert len(findings_of(window, "previous.same_text")) == 14
    assert window.isWindowModified()  # a new report, not saved yet
    assert "已从“硚口区行政审批局2024年报告.gknb”新建2025年度报告" in (
        window.statusBar().currentMessage()
    )
    # Last year's paragraphs are tinted until rewritten.
    overview = section_page(window, "overview")
    box = overview.part_editors[2].text  # （三）政府信息管理情况: one paragraph
    qtbot.waitUntil(lambda: bool(box.document().firstBlock().layout().formats()))  # tinted
    type_at_end(qtbot, box, "2025年，继续加强管理。")
    qtbot.waitUntil(lambda: not box.document().firstBlock().layout().formats())
    assert len(findings_of(window, "previous.same_text")) == 13
    places = {f.address for f in findings_of(window, "previous.same_text")}
    assert FieldAddress("overview", 2) not in places
    # The 年度 menu shows the link.
    window.years.menu.aboutToShow.emit()
    assert window.years.unlink_previous_action.isEnabled()
    assert "硚口区行政审批局2024年报告.gknb" in window.years.link_previous_action.text()


@pytest.mark.parametrize("published", [".pdf", ".html"])
def test_new_report_from_last_years_published_report(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path, published: str
):
    """Last year's report as the agency published it (the PDF attachment, the saved web page):
    the new report starts from it and stays linked to it for the checks across years."""
    last = tmp_path / f"去年的报告{published}"
    if published == ".pdf":
        from exporters.pdf import writer as pdf

        pdf.write(project_file.load(SAMPLE), last, draft=False)
    else:
        last.write_bytes((DATA / "html" / "qiaokou-2024-libreoffice.html").read_bytes())
    choose_file(monkeypatch, last)
    window.years.from_previous_action.trigger()
    report = window.document.report
    assert (report.agency, report.year) == ("硚口区行政审批局", 2025)
    assert report.values["t3.carried_in.natural"] == 1 and report.values["t3.new.natural"] is None
    assert window.document.previous is not None
    assert findings_of(window, "previous.carry_over") == []
    assert len(findings_of(window, "previous.same_text")) == 14
    window.years.menu.aboutToShow.emit()
    assert f"去年的报告{published}" in window.years.link_previous_action.text()


def test_new_report_moves_the_years_on_shows_them_and_undoes_them_at_once(
    qtbot, window: MainWindow, monkeypatch, tmp_path: Path
):
    last = tmp_path / "硚口区行政审批局2024年报告.gknb"
    project_file.save(project_file.load(SAMPLE), last)
    choose_file(monkeypatch, last)
    window.years.from_previous_action.trigger()
    document = window.document
    report = document.report
    # Shown: the status bar says how many, the note lists each move (not blocking the window).
    assert "13 处年份已顺延一年" in window.statusBar().currentMessage()
    note = window.findChild(QMessageBox, "carriedFromLastYear")
    assert note is not None and note.isVisible()
    assert note.windowModality() == Qt.WindowModality.WindowModal  # Enter closes it
    text = note.text()
    assert "前言：“2024年1月1日至2024年12月31日”→“2025年1月1日至2025年12月31日”" in text
    assert "五（一）上年度存在的问题及改进情况：已填入上年报告" in text
    assert "“撤销”可恢复上年的年份" in text
    note.accept()
    # The form shows the moved years, the preamble tinted as copied.
    page = as_basic(window.page(0))
    assert "2025年1月1日至2025年12月31日" in page.preamble.toPlainText()
    qtbot.waitUntil(lambda: bool(page.preamble.document().firstBlock().layout().formats()))
    problems = section_page(window, "problems")
    assert problems.part_editors[0].text.toPlainText().startswith("2024年存在问题：")
    assert problems.part_editors[1].text.toPlainText().startswith("2025年存在问题：")
    # One undo gives last year's years back, everywhere; redo moves them again.
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "年份顺延一年"
    document.undo_stack.undo()
    assert "2024年1月1日至2024年12月31日" in report.preamble
    assert report.sections["overview"].intro.startswith("2024年，")
    assert problems.part_editors[1].text.toPlainText().startswith("2024年存在问题：")
    qtbot.waitUntil(lambda: bool(page.preamble.document().firstBlock().layout().formats()))
    document.undo_stack.redo()
    assert report.sections["overview"].intro.startswith("2025年，")
    # Editing the preamble's paragraph takes its tint away.
    type_at_end(qtbot, page.preamble, "本年度起按新要求编制。")
    qtbot.waitUntil(lambda: not page.preamble.document().firstBlock().layout().formats())


def test_new_report_from_an_unreadable_file(
    window: MainWindow, monkeypatch, tmp_path: Path, no_blocking_dialogs: list[tuple[str, str]]
):
    broken = tmp_path / "坏的.gknb"
    broken.write_bytes(b"{")
    choose_file(monkeypatch, broken)
    window.years.from_previous_action.trigger()
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "坏的.gknb" in text
    assert window.document.report.agency == ""


# --- the linked last year's report and the setting -----------------------------------------------


def test_link_and_unlink_last_years_report(
    qtbot,
    window: MainWindow,
    monkeypatch,
    tmp_path: Path,
    no_blocking_dialogs: list[tuple[str, str]],
):
    assert window.open_path(SAMPLE, ask=False)
    previous = last_year()
    previous.values["t3.carried_out.natural"] = 2
    previous.recompute_totals()
    path = tmp_path / "2023.gknb"
    project_file.save(previous, path)
    choose_file(monkeypatch, path)
    window.years.link_previous_action.trigger()
    errors = findings_of(window, "previous.carry_over")
    assert [f.column for f in errors] == ["自然人", "总计"]
    assert window.document.report.previous_file == str(path.resolve())
    assert "错误" in window.problems.counts.text()
    window.years.unlink_previous_action.trigger()
    assert findings_of(window, "previous.carry_over") == []
    window.undo_action.trigger()  # linked again
    assert len(findings_of(window, "previous.carry_over")) == 2
    # Saved with the link, opened again: the link is followed.
    saved = tmp_path / "2024.gknb"
    assert window.save_to(saved)
    assert window.open_path(saved, ask=False)
    assert len(findings_of(window, "previous.carry_over")) == 2
    # A report of the wrong year is linked only if the clerk insists.
    choose_file(monkeypatch, SAMPLE)
    ANSWERS["question"] = QMessageBox.StandardButton.No
    window.years.link_previous_action.trigger()
    kind, text = no_blocking_dialogs[-1]
    assert kind == "question" and "2024 年度的报告" in text and "2023 年度" in text
    assert window.document.report.previous_file == str(path.resolve())


def test_the_year_menu_of_a_report_whose_kind_cannot_be_told(
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    no_blocking_dialogs: list[tuple[str, str]],
) -> None:
    """A town's published report, dated in March, imported: whose report it is cannot be told,
    so no deadline finding, the menu unticked and saying why; ticking it is the clerk's choice."""
    from exporters import export_report
    from models.agency import AgencyKind
    from ui.commands.years import GOVERNMENT_TIP, UNKNOWN_TIP

    town = project_file.load(SAMPLE)
    town.agency, town.signer, town.report_date = "××镇人民政府", "", dt.date(2025, 3, 20)
    path = tmp_path / "镇.docx"
    export_report(town, path, draft=True)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(path), ""))
    )
    window.import_report_action.trigger()
    assert window.document.report.agency == "××镇人民政府"
    assert any("不能判断是本级政府还是政府部门" in text for _, text in no_blocking_dialogs)
    assert window.document.report.agency_kind is AgencyKind.UNKNOWN
    assert findings_of(window, "date.report_date") == []
    action = window.years.whole_government_action
    window.years.menu.aboutToShow.emit()
    assert not action.isChecked() and action.toolTip() == UNKNOWN_TIP
    action.trigger()
    assert action.isChecked() and window.document.report.whole_government
    assert findings_of(window, "date.report_date") == [] and action.toolTip() == GOVERNMENT_TIP
    action.trigger()
    assert not action.isChecked()
    report = window.document.report  # read anew: the action changed what it says
    assert report.agency_kind is AgencyKind.DEPARTMENT
    (late,) = findings_of(window, "date.report_date")
    assert "晚于 2025年1月31日" in late.message
    # Undone twice, the report is again one whose kind its name does not tell.
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.document.report.agency_kind is AgencyKind.UNKNOWN
    assert findings_of(window, "date.report_date") == []


def test_whole_government_setting(window: MainWindow):
    assert window.open_path(SAMPLE, ask=False)
    window.document.set_report_date(dt.date(2025, 3, 20))
    (late,) = findings_of(window, "date.report_date")
    assert "晚于 2025年1月31日" in late.message
    window.years.menu.aboutToShow.emit()
    assert not window.years.whole_government_action.isChecked()
    window.years.whole_government_action.trigger()
    assert window.years.whole_government_action.isChecked()
    assert window.document.report.whole_government
    assert findings_of(window, "date.report_date") == []
    window.undo_action.trigger()
    assert not window.years.whole_government_action.isChecked()
    assert len(findings_of(window, "date.report_date")) == 1
