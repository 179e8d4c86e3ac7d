"""The window's web actions, driven as a clerk drives them: 文件 › 导出网页… (final, or a draft when
the report has errors) and 编辑 › 复制为网页 › 全文 / 表二 / 表三 / 表四 (HTML and plain text on the
clipboard; a draft offered while errors stand)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu, QMessageBox

from exporters import read_report
from exporters.html import fragment
from models.report import new_report
from tests.conftest import ANSWERS
from tests.test_gui_word import save_to
from ui.commands import web as web_actions
from ui.document import ReportDocument
from ui.main_window import MainWindow


@pytest.fixture
def window(sample_window: MainWindow) -> MainWindow:
    return sample_window


def _menu(window: MainWindow, title: str) -> QMenu:
    action = next(a for a in window.menuBar().actions() if a.text() == title)
    menu = action.menu()
    assert isinstance(menu, QMenu)
    return menu


def test_the_menus_have_the_web_actions(window: MainWindow) -> None:
    file_texts = [a.text() for a in _menu(window, "文件(&F)").actions()]
    assert file_texts.index("导出网页…") == file_texts.index("导出 Word(&W)…") + 1
    edit = _menu(window, "编辑(&E)")
    copy = next(a for a in edit.actions() if a.text() == web_actions.COPY_TITLE).menu()
    assert isinstance(copy, QMenu)
    assert [a.text() for a in copy.actions()] == [
        "全文",
        "表二\u3000主动公开",
        "表三\u3000依申请公开",
        "表四\u3000复议和诉讼",
    ]


def test_export_web_final(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    suggested = save_to(monkeypatch, tmp_path / "年报")
    window.export_web_action.trigger()
    saved = tmp_path / "年报.html"
    assert read_report(saved).report.values == window.document.report.values
    assert "草稿" not in saved.read_text(encoding="utf-8")
    assert suggested[0].endswith(f"{window.document.report.title}.html")
    assert "已导出 网页 正式版" in window.statusBar().currentMessage()


def test_a_name_ending_in_htm_is_kept(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """.htm is a web page too: the name chosen is written as it is, not 年报.htm.html."""
    save_to(monkeypatch, tmp_path / "年报.htm")
    window.export_web_action.trigger()
    assert sorted(p.name for p in tmp_path.glob("年报*")) == ["年报.htm"]
    assert read_report(tmp_path / "年报.htm").report.values == window.document.report.values


def test_copy_the_whole_report_and_one_table(window: MainWindow) -> None:
    copy = next(
        a for a in _menu(window, "编辑(&E)").actions() if a.text() == web_actions.COPY_TITLE
    ).menu()
    assert isinstance(copy, QMenu)
    copy.actions()[0].trigger()
    data = QGuiApplication.clipboard().mimeData()
    report = window.document.report
    assert data.hasHtml() and data.hasText()
    assert data.html() == fragment.whole_report(report, draft=False).html
    assert data.text().startswith(report.title)
    copy.actions()[2].trigger()  # 表三
    data = QGuiApplication.clipboard().mimeData()
    t3 = report.format.table_by_key["t3"]
    assert data.html() == fragment.one_table(report, t3, draft=False).html
    assert data.text().startswith("表三")
    assert "已把表三复制为网页" in window.statusBar().currentMessage()


def test_copy_with_errors_offers_a_draft(window: MainWindow, no_blocking_dialogs: Any) -> None:
    window.set_document(ReportDocument(new_report("某局", 2024)))
    QGuiApplication.clipboard().setText("之前的内容")
    ANSWERS["question"] = QMessageBox.StandardButton.No
    assert not web_actions.copy_as_web(window, None)
    kind, text = no_blocking_dialogs[-1]
    assert kind == "question" and "复制草稿" in text
    assert QGuiApplication.clipboard().text() == "之前的内容"
    ANSWERS["question"] = QMessageBox.StandardButton.Yes
    assert web_actions.copy_as_web(window, None)
    assert QGuiApplication.clipboard().text().startswith(fragment.DRAFT_NOTE)
    # A table alone is held to its own errors: 表二 with blank cells is a draft too.
    t2 = window.document.report.format.table_by_key["t2"]
    assert web_actions.copy_as_web(window, t2)
    assert QGuiApplication.clipboard().text().startswith("表二\u3000主动公开政府信息情况（草稿）")
