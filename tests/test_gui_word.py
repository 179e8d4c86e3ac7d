"""The window's Word actions, driven as a clerk drives them: 导出 Word (final, or a draft when the
report has errors), 导入报告 (a Word document here), and the 版式 dialog."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from exporters import read_report
from models import project_file
from models.document.style import DocumentStyle
from models.report import new_report
from tests.conftest import ANSWERS, REPO, SAMPLE
from tests.docx_tools import TEMPLATE, V, needs_template, open_docx
from tests.window_parts import menu_actions
from ui.commands import word as word_actions
from ui.commands.word import StyleDialog
from ui.document import ReportDocument
from ui.main_window import MainWindow


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def save_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    """Answer the save dialog with ``target``; returns the suggested names it was shown."""
    suggested: list[str] = []

    def answer(parent: Any, title: str, name: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
        suggested.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return suggested


def open_from(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def has_watermark(path: Path) -> bool:
    section = open_docx(path).sections[0]
    return not section.header.is_linked_to_previous and any(
        t.get("string") == "草稿" for t in section.header._element.iter(f"{V}textpath")
    )


def test_the_file_menu_has_the_word_actions(window: MainWindow) -> None:
    # The action held while its menu is used: PySide6 6.9 frees the menu's wrapper with it.
    action = next(a for a in window.menuBar().actions() if a.text() == "文件(&F)")
    texts = [a.text() for a in menu_actions(action)]
    for action in (window.export_word_action, window.import_report_action, window.style_action):
        assert action.text() in texts
    assert {"导出 Word(&W)…", "导入报告（Word、PDF、网页）…", "版式…"} <= set(texts)


def test_export_word_final(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    suggested = save_to(monkeypatch, tmp_path / "年报")
    window.export_word_action.trigger()
    saved = tmp_path / "年报.docx"
    assert read_report(saved).report == window.document.report
    assert not has_watermark(saved)
    assert suggested[0].endswith(f"{window.document.report.title}.docx")
    assert "正式版" in window.statusBar().currentMessage()


def test_export_word_with_errors_explains_and_offers_a_draft(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs: Any
) -> None:
    window.set_document(ReportDocument(new_report("某局", 2024)))
    target = tmp_path / "报告.docx"
    suggested = save_to(monkeypatch, target)
    ANSWERS["question"] = QMessageBox.StandardButton.No
    assert not word_actions.export_word(window)
    assert not target.exists() and suggested == []  # refused before asking where
    kind, text = no_blocking_dialogs[-1]
    assert kind == "question"
    assert "不能导出正式版" in text and "导出草稿" in text
    errors = [f for f in window.document.findings if f.severity.value == "error"]
    assert f"{len(errors)} 个错误" in text and errors[0].message in text
    ANSWERS["question"] = QMessageBox.StandardButton.Yes
    window.export_word_action.trigger()
    assert target.exists() and has_watermark(target)
    assert "（草稿）" in suggested[0]
    assert "草稿" in window.statusBar().currentMessage()


def test_a_published_report_without_a_date_is_exported_final_only_once_dated(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs: Any
) -> None:
    """平潭's web page has no 落款: imported, the final Word document is refused with the reason
    and a draft offered (a final document is signed and dated); dated, it is made."""
    open_from(monkeypatch, REPO / "tests" / "data" / "real" / "pingtan-2023.html")
    window.import_report_action.trigger()
    assert window.document.report.report_date is None
    target = tmp_path / "平潭.docx"
    save_to(monkeypatch, target)
    ANSWERS["question"] = QMessageBox.StandardButton.No
    assert not word_actions.export_word(window)
    kind, text = no_blocking_dialogs[-1]
    assert kind == "question" and "不能导出正式版" in text and "没有落款日期" in text
    ANSWERS["question"] = QMessageBox.StandardButton.Yes
    assert word_actions.export_word(window) and has_watermark(target)
    window.document.set_report_date(dt.date(2024, 3, 20))
    assert word_actions.export_word(window) and not has_watermark(target)


def test_export_failure_is_shown(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs: Any
) -> None:
    save_to(monkeypatch, tmp_path / "没有这个文件夹" / "报告.docx")
    assert not word_actions.export_word(window)
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "文件夹不存在" in text


def test_cancelled_export_writes_nothing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert not word_actions.export_word(window)
    assert list(tmp_path.glob("*.docx")) == []
    assert "导出" not in window.statusBar().currentMessage()


def test_import_report_from_word(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs: Any
) -> None:
    sample = project_file.load(SAMPLE)
    path = tmp_path / "去年的报告.docx"
    from exporters import export_report

    export_report(sample, path)
    window.set_document(ReportDocument(new_report("别的单位", 2025)))
    open_from(monkeypatch, path)
    window.import_report_action.trigger()
    assert window.document.report == sample
    assert window.document.path is None and window.isWindowModified()
    assert no_blocking_dialogs == []  # nothing to remark on
    assert "去年的报告.docx" in window.statusBar().currentMessage()


def test_a_published_report_dropped_or_named_is_imported_not_refused(
    window: MainWindow, tmp_path: Path, no_blocking_dialogs: Any
) -> None:
    """A .docx given where a project file is expected (dropped on the window, named on the
    command line, even renamed .gknb) is imported as an unsaved report; the file is untouched."""
    sample = project_file.load(SAMPLE)
    path = tmp_path / "别的单位的报告.docx"
    from exporters import export_report

    export_report(sample, path)
    renamed = tmp_path / "改了名字.gknb"
    renamed.write_bytes(path.read_bytes())
    for source in (path, renamed):
        before = source.read_bytes()
        window.set_document(ReportDocument(new_report("别的单位", 2025)))
        assert window.open_path(source)
        assert window.document.report == sample
        assert window.document.path is None and window.isWindowModified()
        assert source.read_bytes() == before
    assert no_blocking_dialogs == []


def test_a_damaged_project_file_still_says_what_is_wrong(
    window: MainWindow, tmp_path: Path, no_blocking_dialogs: Any
) -> None:
    path = tmp_path / "坏的.gknb"
    path.write_bytes(b"\x00garbage")
    before = window.document
    assert not window.open_path(path)
    assert window.document is before
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "坏的.gknb" in text


@needs_template
def test_import_the_template_shows_what_was_noticed(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, no_blocking_dialogs: Any
) -> None:
    open_from(monkeypatch, TEMPLATE)
    window.import_report_action.trigger()
    assert all(v is None for v in window.document.report.values.values())
    kind, text = no_blocking_dialogs[-1]
    assert kind == "information" and "空白" in text and "占位文字" in text


def test_import_a_broken_file_keeps_the_report(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_blocking_dialogs: Any
) -> None:
    path = tmp_path / "坏的.docx"
    path.write_bytes(b"not a word file")
    before = window.document
    open_from(monkeypatch, path)
    window.import_report_action.trigger()
    assert window.document is before
    kind, text = no_blocking_dialogs[-1]
    assert kind == "critical" and "不是 Word 文档" in text


def test_import_asks_to_save_changes_first(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, no_blocking_dialogs: Any
) -> None:
    window.document.set_year(2023)
    before = window.document
    ANSWERS["warning"] = QMessageBox.StandardButton.Cancel
    window.import_report_action.trigger()  # the open dialog would fail the test if shown
    assert window.document is before
    assert no_blocking_dialogs[-1][0] == "warning"


# --- 版式 ---------------------------------------------------------------------------------------


def test_style_dialog_shows_and_returns_the_style(qtbot: Any) -> None:
    style = dataclasses.replace(
        DocumentStyle(), margin_top=30, body_font="宋体", body_size=15, table_size=9.5
    )
    dialog = StyleDialog(None, style)
    qtbot.addWidget(dialog)
    assert dialog.chosen_style() == style
    assert dialog.body_size.currentText() == "小三（15 磅）"
    assert dialog.table_size.currentText() == "9.5 磅"
    dialog.reset_button.click()
    assert dialog.chosen_style() == DocumentStyle()
    dialog.body_font.set_value("  ")
    assert dialog.chosen_style().body_font == style.body_font  # blank keeps the old font


def test_style_edit_is_one_undoable_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def edit(dialog: StyleDialog) -> int:
        dialog.margin_top.setValue(30)
        dialog.margin_left.setValue(25)
        dialog.body_font.set_value("宋体")
        dialog.body_size.set_value(15)
        dialog.line_spacing.setValue(28)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(StyleDialog, "exec", edit)
    assert not window.isWindowModified()
    window.style_action.trigger()
    style = window.document.report.style
    assert (
        style.margin_top,
        style.margin_left,
        style.body_font,
        style.body_size,
        style.line_spacing,
    ) == (30, 25, "宋体", 15, 28)
    assert window.isWindowModified()
    save_to(monkeypatch, tmp_path / "版式.docx")
    assert word_actions.export_word(window)
    assert read_report(tmp_path / "版式.docx").report.style == style
    window.undo_action.trigger()
    assert window.document.report.style == DocumentStyle()
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert window.document.report.style == style


def test_style_dialog_cancel_or_no_change_is_no_edit(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(StyleDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    assert not word_actions.edit_style(window)
    monkeypatch.setattr(StyleDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    assert not word_actions.edit_style(window)
    assert not window.document.undo_stack.canUndo()


def test_style_dialog_offers_the_title_break(qtbot: Any, window: MainWindow) -> None:
    """标题断行: the default after the agency, one line, or the clerk's own, with a preview."""
    report = window.document.report
    dialog = StyleDialog(None, report.style, report)
    qtbot.addWidget(dialog)
    assert dialog.title_preview.text() == "硚口区行政审批局\n2024年政府信息公开工作年度报告"
    assert not dialog.title_lines_edit.isEnabled()
    dialog.title_break.setCurrentIndex(dialog.title_break.findData("none"))
    assert dialog.chosen_style().title_break == "none"
    assert dialog.title_preview.text() == report.title
    dialog.title_break.setCurrentIndex(dialog.title_break.count() - 1)  # 自定义
    assert dialog.title_lines_edit.isEnabled()
    assert dialog.title_lines_edit.text() == "硚口区行政审批局/2024年政府信息公开工作年度报告"
    dialog.title_lines_edit.setText("硚口区行政审批局2024年 / 政府信息公开工作年度报告")
    assert dialog.chosen_style().title_break == "硚口区行政审批局2024年/政府信息公开工作年度报告"
    assert dialog.title_preview.text() == "硚口区行政审批局2024年\n政府信息公开工作年度报告"
    dialog.title_lines_edit.setText("硚口区行政审批局2024年政府信息公开工作年度报告")
    assert dialog.chosen_style().title_break == "none"  # no break typed: one line
    dialog.reset_button.click()
    assert dialog.chosen_style() == DocumentStyle()
    reopened = StyleDialog(None, dataclasses.replace(DocumentStyle(), title_break="甲/乙"))
    qtbot.addWidget(reopened)
    assert reopened.title_lines_edit.text() == "甲/乙"
    assert reopened.chosen_style().title_break == "甲/乙"
